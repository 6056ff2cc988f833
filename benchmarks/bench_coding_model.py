"""The supervised coding layer: trained on one hand-coded real-text set, scored on another.

Usage: ``PYTHONPATH=src python benchmarks/bench_coding_model.py [--train DIR ...] [--test DIR]
[--labels a|ab]``

``--train`` (default ``data/devsets/coding``; several sets are trained on together, each
article named by its set and its id) and ``--test`` (default ``data/devsets/coding2``) are
hand-coded sets: ``sentences.csv`` (``doc,sent_no,text``, local only: third-party text) and
``coder_a.csv`` / ``coder_b.csv`` (``doc,sent_no,levers,pillars,bready``). The training set is
written as a coding sheet (coder A's codes, or both coders' with ``--labels ab``) and
``pbanalysis train`` is run on it into a temporary copy of ``data/codebook/``; printed: the
cross-validated kappa stored in the model (folds by article), then on the test set the pooled
kappa over sentence x code of the dictionary alone and of the dictionary with the model,
against coder A and coder B, and A against B. Prints ``texts absent`` when a set's sentences
are not there.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
from bench_coding_devset import binary, code_sets, kappa

from pbanalysis.coding import code_sentences, frameworks, load_codebook
from pbanalysis.io import paths

ROOT = paths.project_root()


def coded_set(folder: Path) -> pd.DataFrame | None:
    """Sentences with coder A's (``_a``) and, when present, coder B's (``_b``) codes."""
    sentences = folder / "sentences.csv"
    if not sentences.exists() or not (folder / "coder_a.csv").exists():
        return None
    frame = pd.read_csv(sentences, dtype={"doc": str, "text": str}, keep_default_na=False)
    for coder in ("a", "b"):
        path = folder / f"coder_{coder}.csv"
        if path.exists():
            codes = pd.read_csv(path, dtype={"doc": str}, keep_default_na=False)
            codes = codes.rename(columns={f: f"{f}_{coder}" for f in frameworks()})
            frame = frame.merge(codes, on=["doc", "sent_no"], how="inner")
    return frame


def sheet(frame: pd.DataFrame, coder: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": frame["doc"],
            "sentence_id": frame["sent_no"],
            "text": frame["text"],
            **{f: frame[f"{f}_{coder}"] for f in frameworks()},
        }
    )


def sets_of(frame: pd.DataFrame, book: Path | None, use_model: bool) -> dict[str, list[set]]:
    sentences = pd.DataFrame(
        {"doc_id": frame["doc"], "sentence_id": frame["sent_no"], "text": frame["text"]}
    )
    coded = code_sentences(sentences, codebook_dir=book, use_model=use_model)
    out = {}
    for framework in frameworks():
        part = coded[coded["framework"] == framework]
        grouped = part.groupby(["doc_id", "sentence_id"], sort=False)["code"].agg(set).to_dict()
        pairs = zip(frame["doc"], frame["sent_no"], strict=True)
        out[framework] = [grouped.get(pair, set()) - {"none"} for pair in pairs]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--train", type=Path, nargs="+", default=[ROOT / "data" / "devsets" / "coding"]
    )
    parser.add_argument("--test", type=Path, default=ROOT / "data" / "devsets" / "coding2")
    parser.add_argument("--labels", choices=["a", "ab"], default="a")
    args = parser.parse_args()
    parts = []
    for folder in args.train:
        part = coded_set(folder)
        if part is None:
            print(f"texts absent: {folder}")
            return 0
        parts.append(part.assign(doc=folder.name + "/" + part["doc"]))
    train = pd.concat(parts, ignore_index=True)
    names = ", ".join(folder.name for folder in args.train)
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "codebook"
        shutil.copytree(paths.data_file("codebook"), book)
        (book / "model.json").unlink(missing_ok=True)
        sheets = []
        for coder in args.labels:
            path = Path(tmp) / f"sheet_{coder}.csv"
            sheet(train, coder).to_csv(path, index=False)
            sheets.append(str(path))
        program = str(Path(sys.executable).with_name("pbanalysis"))
        subprocess.run(
            [program, "train", *sheets, "--output", str(book / "model.json")], check=True
        )
        model = json.loads((book / "model.json").read_text(encoding="utf-8"))
        print(f"trained on {names}: {len(train)} sentences, labels {args.labels}")
        print("framework  cv kappa dictionary  cv kappa with model")
        for name, figures in model["cv"].items():
            print(
                f"{name:<10} {figures['kappa_dictionary']:19.3f}  "
                f"{figures['kappa_with_model']:19.3f}"
            )
        test = coded_set(args.test)
        if test is None:
            print(f"texts absent: {args.test}")
            return 0
        has_b = any(c.endswith("_b") for c in test.columns)
        alone = sets_of(test, book, use_model=False)
        both = sets_of(test, book, use_model=True)
        print(f"test {args.test.name}: {test['doc'].nunique()} articles, {len(test)} sentences")
        print("framework  dict~A  dict+model~A  dict~B  dict+model~B  A~B")
        for framework in frameworks():
            codes = [c for c in load_codebook(framework)["code"] if c != "none"]
            va = binary(
                code_sets(test.rename(columns={f"{framework}_a": framework}), framework), codes
            )
            row = (
                f"{framework:<10} {kappa(va, binary(alone[framework], codes)):6.3f}  "
                f"{kappa(va, binary(both[framework], codes)):12.3f}"
            )
            if has_b:
                renamed = test.rename(columns={f"{framework}_b": framework})
                vb = binary(code_sets(renamed, framework), codes)
                row += (
                    f"  {kappa(vb, binary(alone[framework], codes)):6.3f}"
                    f"  {kappa(vb, binary(both[framework], codes)):12.3f}  {kappa(va, vb):5.3f}"
                )
            print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
