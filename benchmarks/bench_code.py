"""Time ``pbanalysis code`` work against jieba segmentation on a ~10 MB corpus built from the seed.

Usage: ``.venv/bin/python benchmarks/bench_code.py [--mb 10]``

The corpus is built as in ``bench_extract.py`` (copies of the seed in ~100 KB files), loaded once
(timed separately), then ``code_sentences(corpus.sentences)`` (all three frameworks, with
evidence) and ``jieba.lcut`` (default mode) run on the same cleaned text in the same process.
Prints both times and their ratio. Goal (issue 12): coding <= 0.5 x jieba's time.

The coder codes each distinct sentence text once (real reports repeat boilerplate, and the
generated corpus repeats the seed), so the benchmark also times it with every sentence made
distinct: two private-use characters (U+E000–U+F8FF), which no codebook pattern matches, are put
before each text.
"""

from __future__ import annotations

import argparse
import time

from bench_extract import generated_corpus, jieba_seconds

from pbanalysis.coding import code_sentences


def _tag(number: int) -> str:
    """Two private-use characters, different for every ``number`` below 6400²."""
    return chr(0xE000 + number % 6400) + chr(0xE000 + number // 6400)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    args = parser.parse_args()

    with generated_corpus(args.mb) as (_, corpus):
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
    print(f"code_sentences: {code_time:.2f} s ({len(coded):,} rows)")
    print(f"jieba.lcut:     {jieba_time:.2f} s")
    print(f"ratio code/jieba: {code_time / jieba_time:.2f} (goal <= 0.5)")
    print(
        f"every sentence distinct ({texts.nunique():,} distinct texts before): "
        f"{distinct_time:.2f} s, ratio {distinct_time / jieba_time:.2f}"
    )


if __name__ == "__main__":
    main()
