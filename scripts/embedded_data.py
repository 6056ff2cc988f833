"""Write a data folder holding the embedded corpus only: what the committed notebooks show.

The notebooks are committed executed on the embedded corpus (``data/raw/meishan-jiagedaqi.txt``
and its rows of ``data/corpus.csv``). A researcher's own articles in ``data/raw/`` must not change
what ``make nbval``, ``make slow`` and ``make notebooks`` run them on, so those targets point
``PBANALYSIS_DATA`` at a folder made by this script: a copy of ``data/`` (codebooks, dictionaries,
gazetteer, words … as they are now) whose ``raw/`` holds the embedded file and whose
``corpus.csv`` lists its rows only. Its processed store is its own.

    .venv/bin/python scripts/embedded_data.py build/embedded-data
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
from pathlib import Path

from pbanalysis.io import paths

EMBEDDED = ("meishan-jiagedaqi.txt",)
"""The files of ``data/raw/`` that make the embedded corpus."""

_NOT_COPIED = {"raw", "processed", "devsets", "corpus.csv"}


def write_embedded(dest: Path) -> Path:
    """(Re)create ``dest`` as a data folder of the embedded corpus; return it."""
    source = paths.data_dir()
    dest.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir()):
        if entry.name in _NOT_COPIED:
            continue
        target = dest / entry.name
        if target.is_dir():
            shutil.rmtree(target)
        if entry.is_dir():
            shutil.copytree(entry, target)
        else:
            shutil.copy2(entry, target)
    raw = dest / "raw"
    if raw.exists():
        shutil.rmtree(raw)
    raw.mkdir()
    for name in EMBEDDED:
        shutil.copy2(source / "raw" / name, raw / name)
    manifest = source / "corpus.csv"
    text = manifest.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(
        out,
        fieldnames=list(rows[0]) if rows else ["doc_id", "file", "article"],
        lineterminator="\n",
    )
    writer.writeheader()
    writer.writerows(row for row in rows if row["file"] in EMBEDDED)
    (dest / "corpus.csv").write_text(out.getvalue(), encoding="utf-8")
    return dest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="folder to write (created or refreshed)")
    args = parser.parse_args()
    print(write_embedded(args.dest.resolve()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
