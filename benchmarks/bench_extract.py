"""Time indicator extraction against jieba segmentation on a ~10 MB corpus built from the seed.

Usage: ``.venv/bin/python benchmarks/bench_extract.py [--mb 10] [--cli]``

The seed file is copied many times into files of ~100 KB in a temporary folder; the corpus is
loaded once (timed separately), then ``extract_indicators(corpus.sentences)`` (values, units,
qualifiers, subjects, periods and provenance) and ``jieba.lcut`` (default mode) run on the same
cleaned text in the same process. Goal: extraction <= 0.25 x jieba's time. ``--cli`` also times
``pbanalysis extract FOLDER`` end to end (loading + extraction + CSV output), in one process and
with ``--jobs 2`` (the files read and their indicators found on two workers), and checks that
both write the same file.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pbanalysis import indicators
from pbanalysis.corpus import Corpus, load_corpus
from pbanalysis.io import paths


def build_corpus(folder: Path, megabytes: float) -> int:
    """Write copies of the seed into ``folder`` (~100 KB per file); return the bytes written."""
    seed = (paths.raw_dir() / "meishan-jiagedaqi.txt").read_text(encoding="utf-8").strip()
    per_file = "\n\n".join([seed] * 9) + "\n"
    size = len(per_file.encode("utf-8"))
    count = max(1, round(megabytes * 1_000_000 / size))
    for number in range(count):
        (folder / f"copy{number:04d}.txt").write_text(per_file, encoding="utf-8")
    return count * size


@contextmanager
def generated_corpus(megabytes: float) -> Iterator[tuple[Path, Corpus]]:
    """jieba initialised and the generated corpus of ``megabytes`` loaded (its size and load
    time printed): the setup every speed benchmark against jieba shares."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = build_corpus(folder, megabytes)
        started = time.perf_counter()
        corpus = load_corpus([folder])
        load_time = time.perf_counter() - started
        chars = sum(len(t) for t in corpus.texts.values())
        print(
            f"corpus: {size / 1e6:.1f} MB, {len(corpus.texts)} articles, {chars:,} characters, "
            f"{len(corpus.sentences):,} sentences; load_corpus {load_time:.2f} s"
        )
        yield folder, corpus


def cli_seconds(command: str, folder: Path, *extra: str) -> float:
    """Seconds of ``pbanalysis COMMAND FOLDER`` end to end (start-up, reading, the table
    written to a file in ``folder``)."""
    program = str(Path(sys.executable).with_name("pbanalysis"))
    started = time.perf_counter()
    subprocess.run(
        [program, command, str(folder), "--output", str(folder / "out.csv"), *extra], check=True
    )
    return time.perf_counter() - started


def jieba_seconds(corpus: Corpus) -> tuple[float, int]:
    """Seconds jieba's default mode takes to segment every text, and the tokens it gives."""
    import jieba

    started = time.perf_counter()
    tokens = sum(len(jieba.lcut(text)) for text in corpus.texts.values())
    return time.perf_counter() - started, tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    parser.add_argument("--cli", action="store_true", help="also time `pbanalysis extract`")
    args = parser.parse_args()

    with generated_corpus(args.mb) as (folder, corpus):
        started = time.perf_counter()
        found = indicators.extract_indicators(corpus.sentences)
        extract_time = time.perf_counter() - started
        print(f"extract_indicators: {extract_time:.2f} s, {len(found):,} indicators")

        jieba_time, tokens = jieba_seconds(corpus)
        print(f"jieba.lcut (default mode): {jieba_time:.2f} s, {tokens:,} tokens")
        print(f"ratio extraction / jieba: {extract_time / jieba_time:.3f} (goal <= 0.25)")

        if args.cli:
            cli_time = cli_seconds("extract", folder)
            one = (folder / "out.csv").read_bytes()
            print(
                f"pbanalysis extract (CLI, incl. loading and writing): {cli_time:.2f} s; "
                f"ratio to jieba {cli_time / jieba_time:.3f}"
            )
            jobs_time = cli_seconds("extract", folder, "--jobs", "2")
            same = (folder / "out.csv").read_bytes() == one
            print(
                f"pbanalysis extract --jobs 2: {jobs_time:.2f} s; ratio to jieba "
                f"{jobs_time / jieba_time:.3f}; same file as one process: {same}"
            )


if __name__ == "__main__":
    main()
