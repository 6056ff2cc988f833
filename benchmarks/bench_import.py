"""How long `import pbanalysis` (and each of its modules) takes in a fresh interpreter.

Goal: under 0.3 s for `import pbanalysis`; heavy libraries are imported inside the functions that
use them. Each measurement is the best of several fresh subprocesses. Exits 1 if the package
import is over the goal.

    .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

GOAL_SECONDS = 0.3
REPEATS = 5
SOURCE = Path(__file__).resolve().parents[1] / "src" / "pbanalysis"


def import_seconds(module: str) -> float:
    """Best wall time of `import module` over REPEATS fresh interpreters."""
    code = (
        "import time; start = time.perf_counter(); "
        f"import {module}; print(time.perf_counter() - start)"
    )
    times = []
    for _ in range(REPEATS):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return min(times)


def main() -> int:
    package = import_seconds("pbanalysis")
    print(f"import pbanalysis: {package:.3f} s (goal < {GOAL_SECONDS} s)")
    for info in sorted(pkgutil.iter_modules([str(SOURCE)]), key=lambda m: m.name):
        print(f"  import pbanalysis.{info.name}: {import_seconds(f'pbanalysis.{info.name}'):.3f} s")
    return 0 if package < GOAL_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
