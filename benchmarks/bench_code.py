"""Time ``pbanalysis code`` work against jieba segmentation on a ~10 MB corpus built from the seed.

Usage: ``.venv/bin/python benchmarks/bench_code.py [--mb 10] [--cli]``

The corpus is built as in ``bench_extract.py`` (copies of the seed in ~100 KB files), loaded once
(timed separately), then ``code_sentences(corpus.sentences)`` (all three frameworks, with
evidence) and ``jieba.lcut`` (default mode) run on the same cleaned text in the same process.
Prints both times and their ratio. Goal (issue 12): coding <= 0.5 x jieba's time. ``--cli`` also
times the whole ``pbanalysis code FOLDER`` command (reading the files and writing the table
included), in one process and with ``--jobs 2``, and checks that both write the same file.

The coder codes each distinct sentence text once (real reports repeat boilerplate, and the
generated corpus repeats the seed), so the benchmark also times it with every sentence made
distinct: two private-use characters (U+E000–U+F8FF), which no codebook pattern matches, are put
before each text.
"""

from __future__ import annotations

import argparse
import time

from bench_extract import cli_seconds, generated_corpus, jieba_seconds

from pbanalysis.coding import code_sentences


def _tag(number: int) -> str:
    """Two private-use characters, different for every ``number`` below 6400²."""
    return chr(0xE000 + number % 6400) + chr(0xE000 + number // 6400)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    parser.add_argument("--cli", action="store_true", help="also time `pbanalysis code`")
    args = parser.parse_args()

    with generated_corpus(args.mb) as (folder, corpus):
        started = time.perf_counter()
        coded = code_sentences(corpus.sentences)
        code_time = time.perf_counter() - started
        jieba_time, _ = jieba_seconds(corpus)
        texts = corpus.sentences["text"]
        distinct = corpus.sentences.assign(
            text=[_tag(number) + text for number, text in enumerate(texts)]
        )
        started = time.perf_counter()
        code_sentences(distinct)
        distinct_time = time.perf_counter() - started
        if args.cli:
            cli_time = cli_seconds("code", folder)
            one = (folder / "out.csv").read_bytes()
            jobs_time = cli_seconds("code", folder, "--jobs", "2")
            same = (folder / "out.csv").read_bytes() == one
    print(f"code_sentences: {code_time:.2f} s ({len(coded):,} rows)")
    print(f"jieba.lcut:     {jieba_time:.2f} s")
    print(f"ratio code/jieba: {code_time / jieba_time:.2f} (goal <= 0.5)")
    print(
        f"every sentence distinct ({texts.nunique():,} distinct texts before): "
        f"{distinct_time:.2f} s, ratio {distinct_time / jieba_time:.2f}"
    )
    if args.cli:
        print(
            f"pbanalysis code (CLI, incl. loading and writing): {cli_time:.2f} s, ratio "
            f"{cli_time / jieba_time:.2f}; --jobs 2: {jobs_time:.2f} s, ratio "
            f"{jobs_time / jieba_time:.2f}; same file: {same}"
        )


if __name__ == "__main__":
    main()
