"""Region detection on the real articles of the indicator dev set (texts kept locally only).

Reads ``data/devsets/indicators/sources.csv`` and the git-ignored ``texts/<doc>.txt`` next to it
(``--devset DIR`` to point elsewhere), loads each text as a researcher's file would be loaded
(:func:`pbanalysis.corpus.load_corpus`, no manifest row) and compares the detected ``region``
with the expected one, per split (``dev`` / ``heldout``). Side by side: the gazetteer-only peer,
which takes the most frequent lowest-level unit of ``data/gazetteer/units.csv`` named in full in
the text. Prints ``texts absent`` when the texts are not there.

    PYTHONPATH=src python benchmarks/bench_regions.py [--devset DIR] [--split dev] [--verbose]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from pbanalysis.corpus import load_corpus
from pbanalysis.io import paths
from pbanalysis.io.datafiles import read_table

_RANK = {"省级": 0, "地级市": 1, "地区": 1, "自治州": 1, "盟": 1}


def peer(text: str) -> str:
    """The most frequent lowest-level gazetteer unit named in full (ties: first named)."""
    units = read_table(paths.data_file("gazetteer", "units.csv"), ["name", "level"])
    names = {row.name: _RANK.get(row.level, 2) for row in units.itertuples()}
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    found = [m.group() for m in pattern.finditer(text)]
    if not found:
        return ""
    low = max(names[n] for n in found)
    counts = Counter(n for n in found if names[n] == low)
    return max(counts, key=lambda n: (counts[n], -found.index(n)))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    default = paths.project_root() / "data" / "devsets" / "indicators"
    parser.add_argument("--devset", type=Path, default=default)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--split", default="", help="only this split (dev or heldout)")
    args = parser.parse_args(argv)
    sources = args.devset / "sources.csv"
    texts = args.devset / "texts"
    if not sources.is_file() or not texts.is_dir():
        print("texts absent")
        return 0
    rows = list(csv.DictReader(sources.open(encoding="utf-8-sig")))
    tally: dict[str, Counter] = {}
    with tempfile.TemporaryDirectory() as tmp:
        empty_manifest = Path(tmp) / "corpus.csv"
        empty_manifest.write_text("doc_id,file,article\n", encoding="utf-8")
        for row in rows:
            path = texts / f"{row['doc']}.txt"
            if not path.is_file() or (args.split and row["split"] != args.split):
                continue
            corpus = load_corpus([path], manifest=empty_manifest)
            found = str(corpus.documents["region"].iloc[0])
            baseline = peer(path.read_text(encoding="utf-8"))
            counts = tally.setdefault(row["split"], Counter())
            counts["total"] += 1
            counts["ours"] += found == row["region"]
            counts["peer"] += baseline == row["region"]
            counts["province"] += str(corpus.documents["province"].iloc[0]) == row["province"]
            if args.verbose:
                mark = "ok " if found == row["region"] else "-- "
                print(
                    f"{mark}{row['split']:8}{row['doc']:18} expected {row['region']:10} "
                    f"got {found:10} peer {baseline}"
                )
    if not tally:
        print("texts absent")
        return 0
    for split in sorted(tally):
        c = tally[split]
        print(
            f"{split}: region {c['ours']}/{c['total']}   peer (most frequent lowest-level "
            f"unit) {c['peer']}/{c['total']}   province {c['province']}/{c['total']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
