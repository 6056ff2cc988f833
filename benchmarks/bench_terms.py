"""Distinctive terms: ``pbanalysis terms`` on the 10 MB file against jieba, and the scaling of
the log-odds computation with the number of groups.

Usage: ``.venv/bin/python benchmarks/bench_terms.py [--mb 10] [--groups 2 20 100 300]``

Printed side by side in one run: ``pbanalysis terms FOLDER`` end to end (reading, cutting,
counting, CSV written), in one process and with ``--jobs 2`` (the articles processed on two
worker processes through a temporary store), and jieba's default-mode segmentation of the same
text (goal: at most 1.5x); then ``distinctive_terms`` on the same tokens (cut once) with the
sentences split into 2, 20, 100 and 300 groups, seconds per group (flat when the computation is
linear in the number of groups).
"""

from __future__ import annotations

import argparse
import time

from bench_extract import cli_seconds, generated_corpus, jieba_seconds

from pbanalysis.analysis.terms import distinctive_terms
from pbanalysis.analysis.tokens import tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    parser.add_argument("--groups", type=int, nargs="+", default=[2, 20, 100, 300])
    args = parser.parse_args()
    with generated_corpus(args.mb) as (folder, corpus):
        jieba_time, _ = jieba_seconds(corpus)
        print(f"jieba.lcut (default mode): {jieba_time:.2f} s")
        for extra in ([], ["--jobs", "2"]):
            cli_time = cli_seconds("terms", folder, *extra)
            print(
                f"pbanalysis terms {' '.join(extra) or '(one process)'} (CLI, incl. reading and "
                f"writing): {cli_time:.2f} s; ratio to jieba {cli_time / jieba_time:.2f} "
                "(goal <= 1.5)"
            )
        sentences = corpus.sentences
        cut = tokens(sentences)
        document = sentences["doc_id"].astype("category").cat.codes
        print("groups  seconds  per group")
        for groups in args.groups:
            split = sentences.assign(unit=[f"g{n % groups:03d}" for n in document])
            started = time.perf_counter()
            distinctive_terms(split, by="unit", tokens_table=cut, exclude_place_names=False)
            seconds = time.perf_counter() - started
            print(f"{groups:>6}  {seconds:7.2f}  {seconds / groups:9.4f}")


if __name__ == "__main__":
    main()
