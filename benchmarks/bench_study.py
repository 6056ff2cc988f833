"""Wall time of the default study with --jobs 1 and --jobs 2, and a determinism check.

Runs the whole study twice into temporary folders (nothing is written under reports/), prints
both wall times and their ratio (goal: jobs 2 / jobs 1 <= 0.65 on 2 cores), then compares the two
outputs: every CSV table must be byte-identical and every executed notebook must have the same
cell outputs. Exits 1 if any run failed or the outputs differ.

    .venv/bin/python benchmarks/bench_study.py [--config studies/default.toml] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from pbanalysis.study import compare_outputs, run_study

GOAL_RATIO = 0.65


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="study TOML (default: studies/default.toml)")
    parser.add_argument("--keep", action="store_true", help="keep the two output folders")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-study-"))
    try:
        seconds, codes = {}, {}
        for jobs in (1, 2):
            start = time.perf_counter()
            codes[jobs] = run_study(args.config, output=scratch / f"jobs{jobs}", jobs=jobs)
            seconds[jobs] = time.perf_counter() - start
        ratio = seconds[2] / seconds[1]
        print(f"--jobs 1: {seconds[1]:.1f} s")
        print(f"--jobs 2: {seconds[2]:.1f} s")
        print(f"ratio jobs2/jobs1: {ratio:.2f} (goal <= {GOAL_RATIO})")
        comparison = compare_outputs(scratch / "jobs1", scratch / "jobs2")
        different = comparison[~comparison["identical"]]
        counts = comparison.groupby("kind")["identical"].agg(["sum", "count"])
        for kind, row in counts.iterrows():
            print(f"identical {kind} files: {row['sum']}/{row['count']}")
        for name in different["file"]:
            print(f"  differs: {name}")
        if args.keep:
            print(f"outputs kept in {scratch}")
        return 0 if set(codes.values()) == {0} and different.empty else 1
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
