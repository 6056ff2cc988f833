"""Time of one comparative run (notebook 04) at 2, 20 and 100 regions, measured side by side.

Each corpus is the seed relabelled (``benchmarks/make_regions_corpus.py``). For each size the
notebook is executed once with papermill (kernel start included) and its widest figure is
checked against the page width. Prints seconds per size and the ratio to the 2-region run.

    .venv/bin/python benchmarks/bench_compare.py [--sizes 2 20 100]
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

from pbanalysis.io import paths
from pbanalysis.report.plotting import PAGE_WIDTH


def run(size: int, scratch: Path) -> tuple[float, float]:
    data = make_corpus(scratch / f"data{size}", size)
    out = scratch / f"out{size}"
    notebook = paths.project_root() / "notebooks" / "04_comparative_study.ipynb"
    command = [
        sys.executable, "-m", "papermill", str(notebook), str(scratch / f"nb{size}.ipynb"),
        "--kernel", "python3", "--no-progress-bar", "--cwd", str(notebook.parent),
        "-p", "output_dir", str(out),
    ]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(
        command, env={**os.environ, "PBANALYSIS_DATA": str(data)}, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{size} regions: the notebook failed\n{done.stderr[-2000:]}")
    executed = json.loads((scratch / f"nb{size}.ipynb").read_text(encoding="utf-8"))
    widths = [
        float(text.split("size ")[1].split("x")[0]) / 100
        for cell in executed["cells"]
        for output in cell.get("outputs", [])
        for text in ["".join(output.get("data", {}).get("text/plain", ""))]
        if text.startswith("<Figure size ")
    ]
    return seconds, max(widths, default=0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 20, 100])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-compare-") as folder:
        results = {size: run(size, Path(folder)) for size in args.sizes}
    base = results[args.sizes[0]][0]
    for size, (seconds, width) in results.items():
        print(
            f"{size:4d} regions: {seconds:6.1f} s ({seconds / base:4.2f}x the "
            f"{args.sizes[0]}-region run); widest figure {width:.2f} in (page {PAGE_WIDTH} in)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
