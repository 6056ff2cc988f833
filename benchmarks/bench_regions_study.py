"""The default study on generated corpora of 2 and 100 regions, side by side.

Each corpus is the seed relabelled as N regions (``benchmarks/make_regions_corpus.py``), in its
own data folder (``PBANALYSIS_DATA``). For each size the whole default study runs with
``pbanalysis study --jobs 2`` (processing the store included) into a temporary folder; printed:
wall seconds, runs ok / all, and the ratio to the 2-region study. Goal: 100 regions in <= 240 s
on 2 cores with every run ok. Exits 1 if a run failed.

    .venv/bin/python benchmarks/bench_regions_study.py [--sizes 2 100] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_regions_corpus import make_corpus


def run(size: int, scratch: Path, jobs: int) -> tuple[float, int, int]:
    data = make_corpus(scratch / f"data{size}", size)
    out = scratch / f"study{size}"
    env = {**os.environ, "PBANALYSIS_DATA": str(data)}
    command = [
        sys.executable,
        "-m",
        "pbanalysis",
        "study",
        "--output",
        str(out),
        "--jobs",
        str(jobs),
    ]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=False, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    runs = json.loads((out / "summary.json").read_text(encoding="utf-8"))["runs"]
    return seconds, sum(r["status"] == "ok" for r in runs), len(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 100])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        results = {size: run(size, Path(tmp), args.jobs) for size in args.sizes}
    first = results[args.sizes[0]][0]
    print(f"regions  seconds  runs ok  ratio to {args.sizes[0]} regions")
    for size, (seconds, ok, total) in results.items():
        print(f"{size:>7}  {seconds:7.1f}  {ok:>3}/{total:<3}  {seconds / first:5.2f}")
        failed = failed or ok < total
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
