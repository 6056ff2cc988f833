"""Score the library's coder on the real-text coding set (``data/devsets/coding/``).

Usage: ``.venv/bin/python benchmarks/bench_coding_devset.py [--split dev|heldout|all] [--per-code]``

The sentence texts are third-party and not committed: they are read from
``data/devsets/coding/sentences.csv`` when present; each text is checked against the committed
``locators.csv`` (sha1 of the text). Without them the script prints "texts absent" and stops.

Printed per split and framework (the project's scoring rule for coding agreement): pooled binary
Cohen's kappa (``sklearn.metrics.cohen_kappa_score``) over sentence x code, every code but
``none`` (1 if the code is given, 0 if not), for the coder against coder A, the coder against
coder B, and coder A against coder B (inter-coder), with Krippendorff's alpha (nominal, the
``krippendorff`` package) for the two human coders over the same binary sentence x code units.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from pbanalysis.coding import code_sentences, frameworks, load_codebook

HERE = Path(__file__).resolve().parents[1] / "data" / "devsets" / "coding"


def load_texts(here: Path = HERE) -> pd.DataFrame | None:
    """The sentences (doc, sent_no, text), checked against ``locators.csv``; None if absent."""
    for path in (here / "sentences.csv",):
        if path.exists():
            texts = pd.read_csv(path, dtype={"doc": str, "text": str}, keep_default_na=False)
            break
    else:
        return None
    locators = pd.read_csv(here / "locators.csv", dtype=str, keep_default_na=False)
    texts["sha1"] = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts["text"]]
    merged = locators.merge(texts.astype({"sent_no": str}), on=["doc", "sent_no"], how="left")
    absent = merged["sha1_y"].isna()
    if absent.any():  # an article whose text could not be restored locally
        missing = sorted(set(merged.loc[absent, "doc"]))
        print(f"texts absent for {len(missing)} article(s): {', '.join(missing)}; scored without")
        merged = merged[~absent]
    bad = merged[merged["sha1_x"] != merged["sha1_y"]]
    if len(bad):
        sys.exit(f"{len(bad)} sentence(s) differ from locators.csv (first: {bad.iloc[0]['doc']})")
    return merged[["doc", "sent_no", "text"]].astype({"sent_no": int})


def code_sets(frame: pd.DataFrame, framework: str) -> list[set[str]]:
    """Sets of codes (``none`` dropped) per row of a coder file."""
    return [{c for c in str(v).split("|") if c and c != "none"} for v in frame[framework]]


def binary(sets: list[set[str]], codes: list[str]) -> np.ndarray:
    return np.array([[int(code in s) for code in codes] for s in sets]).ravel()


def kappa(a: np.ndarray, b: np.ndarray) -> float:
    if a.max(initial=0) == 0 and b.max(initial=0) == 0:
        return float("nan")
    return float(cohen_kappa_score(a, b))


def alpha(a: np.ndarray, b: np.ndarray) -> float:
    import krippendorff

    data = np.vstack([a, b])
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def coder_sets(texts: pd.DataFrame) -> dict[str, list[set[str]]]:
    sentences = pd.DataFrame(
        {"doc_id": texts["doc"], "sentence_id": texts["sent_no"], "text": texts["text"]}
    )
    coded = code_sentences(sentences)
    out = {}
    for framework in frameworks():
        part = coded[coded["framework"] == framework]
        grouped = part.groupby(["doc_id", "sentence_id"], sort=False)["code"].agg(set).to_dict()
        pairs = zip(texts["doc"], texts["sent_no"], strict=True)
        out[framework] = [grouped.get(pair, set()) - {"none"} for pair in pairs]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "heldout", "all", "both"])
    parser.add_argument("--per-code", action="store_true", help="also print per-code kappa")
    parser.add_argument("--devset", type=Path, default=HERE, help="the set's folder")
    args = parser.parse_args()
    here = args.devset

    texts = load_texts(here)
    if texts is None:
        print("texts absent")
        return
    sources = pd.read_csv(here / "sources.csv", dtype=str)
    a = pd.read_csv(here / "coder_a.csv", dtype={"doc": str}, keep_default_na=False)
    b_path = here / "coder_b.csv"
    b = pd.read_csv(b_path, dtype={"doc": str}, keep_default_na=False) if b_path.exists() else None
    keys = ["doc", "sent_no"]
    frame = texts.merge(sources[["doc", "split"]], on="doc").merge(a, on=keys)
    if b is not None:
        frame = frame.merge(b, on=keys, suffixes=("_a", "_b"))
    else:
        frame = frame.rename(columns={f: f"{f}_a" for f in frameworks()})
    splits = {"both": ["dev", "heldout"], "all": ["all"]}.get(args.split, [args.split])
    for split in splits:
        part = frame if split == "all" else frame[frame["split"] == split]
        part = part.reset_index(drop=True)
        mine = coder_sets(part)
        print(f"== {split}: {part['doc'].nunique()} articles, {len(part)} sentences")
        print("framework  coder~A  coder~B  A~B(kappa)  A~B(alpha)")
        for framework in frameworks():
            codes = [c for c in load_codebook(framework)["code"] if c != "none"]
            sa = code_sets(part.rename(columns={f"{framework}_a": framework}), framework)
            vc = binary(mine[framework], codes)
            va = binary(sa, codes)
            row = f"{framework:<10} {kappa(va, vc):7.3f}"
            if b is not None:
                sb = code_sets(part.rename(columns={f"{framework}_b": framework}), framework)
                vb = binary(sb, codes)
                row += f"  {kappa(vb, vc):7.3f}  {kappa(va, vb):10.3f}  {alpha(va, vb):10.3f}"
            print(row)
            if args.per_code:
                for code in codes:
                    ca = np.array([int(code in s) for s in sa])
                    cc = np.array([int(code in s) for s in mine[framework]])
                    print(
                        f"    {code:<14} A={ca.sum():3d} coder={cc.sum():3d} "
                        f"both={(ca & cc).sum():3d} kappa={kappa(ca, cc):6.3f}"
                    )


if __name__ == "__main__":
    main()
