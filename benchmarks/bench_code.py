"""Time ``pbanalysis code`` work against jieba segmentation on a ~10 MB corpus built from the seed.

Usage: ``.venv/bin/python benchmarks/bench_code.py [--mb 10]``

The corpus is built as in ``bench_extract.py`` (copies of the seed in ~100 KB files), loaded once
(timed separately), then ``code_sentences(corpus.sentences)`` (all three frameworks, with
evidence) and ``jieba.lcut`` (default mode) run on the same cleaned text in the same process.
Prints both times and their ratio. Goal (issue 12): coding <= 0.5 x jieba's time.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

from bench_extract import build_corpus

from pbanalysis.coding import code_sentences
from pbanalysis.corpus import load_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    args = parser.parse_args()

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = build_corpus(folder, args.mb)
        started = time.perf_counter()
        corpus = load_corpus([folder])
        load_time = time.perf_counter() - started
        print(
            f"corpus: {size / 1e6:.1f} MB, {len(corpus.texts)} articles, "
            f"{len(corpus.sentences):,} sentences; load_corpus {load_time:.2f} s"
        )
        started = time.perf_counter()
        coded = code_sentences(corpus.sentences)
        code_time = time.perf_counter() - started
        started = time.perf_counter()
        for text in corpus.texts.values():
            jieba.lcut(text)
        jieba_time = time.perf_counter() - started
    print(f"code_sentences: {code_time:.2f} s ({len(coded):,} rows)")
    print(f"jieba.lcut:     {jieba_time:.2f} s")
    print(f"ratio code/jieba: {code_time / jieba_time:.2f} (goal <= 0.5)")


if __name__ == "__main__":
    main()
