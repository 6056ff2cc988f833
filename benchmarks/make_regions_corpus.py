"""Write a data folder whose corpus is the seed relabelled as N regions (for scale benchmarks).

The two seed reports are copied N/2 times each; every copy is an article of its own region
(``测试县001`` …, province ``测试省A`` or ``测试省B``, ``group`` ``早期`` or ``后期``), listed
in the folder's ``corpus.csv``. Everything else (codebooks, dictionaries, glossary) is copied from
the project's ``data/``. Use it with ``PBANALYSIS_DATA=FOLDER``.

    .venv/bin/python benchmarks/make_regions_corpus.py FOLDER --regions 100
"""

from __future__ import annotations

import argparse
import csv
import shutil
from pathlib import Path

from pbanalysis.corpus import load_corpus
from pbanalysis.io import paths

SEED = "meishan-jiagedaqi.txt"


def make_corpus(folder: Path, regions: int) -> Path:
    """Create ``folder`` (a data folder) holding ``regions`` relabelled seed articles."""
    source = paths.data_dir()
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("raw", "devsets", "corpus.csv"))
    raw = folder / "raw"
    raw.mkdir()
    seed = load_corpus([source / "raw" / SEED])
    articles = [seed.texts[doc_id] for doc_id in seed.documents["doc_id"]]
    levels = list(seed.documents["level"])
    rows = []
    for index in range(regions):
        kind = index % len(articles)
        name = f"测试县{index + 1:03d}"
        file = f"region{index + 1:03d}.txt"
        title, _, body = articles[kind].partition("\n")
        (raw / file).write_text(f"{title.split('：')[-1].strip()}\n{body}", encoding="utf-8")
        rows.append(
            {
                "doc_id": f"r{index + 1:03d}",
                "file": file,
                "article": 1,
                "title": title.split("：")[-1].strip(),
                "region": name,
                "province": "测试省A" if index < regions / 2 else "测试省B",
                "prefecture": "",
                "level": levels[kind],
                "reporters": "",
                "outlet": "",
                "date": "",
                "group": "早期" if index % 3 == 0 else "后期",
            }
        )
    with (folder / "corpus.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--regions", type=int, default=100)
    args = parser.parse_args()
    make_corpus(args.folder, args.regions)
    print(f"{args.regions} regions written to {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
