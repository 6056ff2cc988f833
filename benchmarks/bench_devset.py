"""Score indicator extraction on the real-text development set (dev and heldout apart).

Usage: ``PYTHONPATH=src .venv/bin/python benchmarks/bench_devset.py [--devset DIR]
[--split dev|heldout|all] [--texts FOLDER] [--details]``

For every article of ``data/devsets/indicators/sources.csv`` whose text is present (in
``--texts``, else ``data/devsets/indicators/texts/``, else the main checkout's copy), the text is
run through the same path as ``pbanalysis extract FILE`` (:func:`load_corpus` on the file, then
:func:`extract_indicators`) and scored against ``gold.csv`` by the rules of the shared scorer
(the project's scoring rules for indicators, copied below so the figures stay comparable): a
mention matches on (value, unit) with equivalent forms scored alike (800万元 == 8000000元,
八成 == 80%); qualifier accuracy counts matching qualifiers among matched mentions, over gold;
subject accuracy counts gold mentions with a ``subject_key`` for which a prediction of the
same value and unit has a subject containing one of the key's alternatives. Period accuracy (not
in the shared scorer) counts gold mentions with a period for which a matched prediction's
period contains the gold period or is contained in it (``今年以来`` vs ``今年以来``); mentions
whose gold period is empty are right when the prediction's period is empty too.

The texts are third-party and never committed; when none is found the script prints
``texts absent`` and exits 0.
"""

from __future__ import annotations

import argparse
import collections
import csv
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "data" / "devsets" / "indicators"

# The shared scorer folds a few traditional measure words (個 項 場 條 筆 萬); here every unit is
# folded with the extractor's own traditional -> simplified table (億元, 個百分點, 戶 …: the
# extractor gives units in simplified characters, and without it a traditional 億元 in gold never
# scales): the departure from the shared rules, with the square-metre forms below.
# Equivalent representations of one quantity are scored alike (as in the shared scorer).
SCALED = {
    "万元": (1e4, "元"),
    "亿元": (1e8, "元"),
    "万人": (1e4, "人"),
    "万人次": (1e4, "人次"),
    "成": (10, "%"),
    "工作日": (1, "个工作日"),
    "百分点": (1, "个百分点"),
    "百分比": (1, "%"),
    "平米": (1, "平方米"),
    "㎡": (1, "平方米"),
}
OPTIONAL_UNITS = ("大",)


def load(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _norm_unit(unit: str | None) -> str:
    from pbanalysis.indicators.numbers import fold

    return fold((unit or "").strip())


def key(value, unit) -> tuple[float, str] | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    norm = _norm_unit(unit)
    if norm in SCALED:
        factor, norm = SCALED[norm]
        number *= factor
    return (round(number, 4), norm)


def _period_ok(gold: str, pred: str) -> bool:
    gold, pred = (gold or "").strip(), (pred or "").strip()
    if not gold:
        return not pred
    return bool(pred) and (gold in pred or pred in gold)


def score(gold_rows: list[dict], pred_rows: list[dict]) -> dict:
    """The shared scorer's counts (tp, n_gold, n_pred, q_ok, s_ok, s_n) plus p_ok / p_n."""
    gold: collections.Counter = collections.Counter()
    optional: collections.Counter = collections.Counter()
    gold_q = collections.defaultdict(list)
    for row in gold_rows:
        k = key(row["value"], row["unit"])
        if row["unit"] in OPTIONAL_UNITS:
            optional[k] += 1
        else:
            gold[k] += 1
            gold_q[k].append(row["qualifier"])
    pred: collections.Counter = collections.Counter()
    pred_q = collections.defaultdict(list)
    for row in pred_rows:
        k = key(row.get("value"), row.get("unit"))
        if k is None:
            continue
        pred[k] += 1
        pred_q[k].append((row.get("qualifier") or "").strip())
    tp = sum(min(gold[k], pred[k]) for k in gold)
    opt_hits = sum(min(optional[k], pred[k]) for k in optional)
    n_pred = sum(pred.values()) - opt_hits
    q_ok = 0
    for k in gold:
        g, p = sorted(gold_q[k]), sorted(pred_q.get(k, []))
        q_ok += sum(min(g.count(q), p.count(q)) for q in set(g))
    used: set[int] = set()
    s_ok = s_n = 0
    s_miss = []
    for row in gold_rows:
        keys = [k for k in (row.get("subject_key") or "").split("|") if k]
        if not keys or row["unit"] in OPTIONAL_UNITS:
            continue
        s_n += 1
        k = key(row["value"], row["unit"])
        for index, p in enumerate(pred_rows):
            if index in used or key(p.get("value"), p.get("unit")) != k:
                continue
            if any(x in (p.get("subject") or "") for x in keys):
                used.add(index)
                s_ok += 1
                break
        else:
            s_miss.append((row.get("surface"), keys[0]))
    # period: each gold mention against the unused prediction of the same value and unit that
    # stands nearest in order (greedy, in text order)
    used_p: set[int] = set()
    p_ok = p_n = 0
    p_miss = []
    for row in gold_rows:
        if row["unit"] in OPTIONAL_UNITS:
            continue
        k = key(row["value"], row["unit"])
        match = next(
            (
                i
                for i, p in enumerate(pred_rows)
                if i not in used_p and key(p.get("value"), p.get("unit")) == k
            ),
            None,
        )
        if match is None:
            continue
        used_p.add(match)
        p_n += 1
        if _period_ok(row.get("period", ""), pred_rows[match].get("period", "")):
            p_ok += 1
        else:
            p_miss.append((row.get("surface"), row.get("period"), pred_rows[match].get("period")))
    missed = [(k, gold[k] - pred[k]) for k in gold if gold[k] > pred[k]]
    extra = [
        (k, pred[k] - gold[k] - optional.get(k, 0))
        for k in pred
        if pred[k] > gold[k] + optional.get(k, 0)
    ]
    return dict(
        tp=tp,
        n_gold=sum(gold.values()),
        n_pred=n_pred,
        q_ok=q_ok,
        s_ok=s_ok,
        s_n=s_n,
        p_ok=p_ok,
        p_n=p_n,
        missed=missed,
        extra=extra,
        s_miss=s_miss,
        p_miss=p_miss,
    )


def texts_folder(given: str | None, devset: Path = DEVSET) -> Path | None:
    for folder in [Path(given)] if given else [devset / "texts"]:
        if folder.is_dir() and any(folder.glob("*.txt")):
            return folder
    return None


def predict(path: Path) -> list[dict]:
    """What ``pbanalysis extract FILE --format csv`` prints, as rows of strings."""
    from pbanalysis.corpus.model import load_corpus
    from pbanalysis.indicators.extract import extract_indicators

    frame = extract_indicators(load_corpus([str(path)]).sentences)
    return frame.astype(str).to_dict("records")


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f} ({a}/{b})" if b else "—"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="dev")
    parser.add_argument(
        "--devset",
        type=Path,
        default=DEVSET,
        help="a set folder with sources.csv and gold.csv (default data/devsets/indicators)",
    )
    parser.add_argument("--texts", help="folder with <doc>.txt files")
    parser.add_argument("--details", action="store_true", help="print misses per article")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    folder = texts_folder(args.texts, args.devset)
    if folder is None:
        print(f"texts absent: no {args.devset}/texts/*.txt (third-party, not committed)")
        return 0
    sources = load(args.devset / "sources.csv")
    gold = collections.defaultdict(list)
    for row in load(args.devset / "gold.csv"):
        gold[row["doc"]].append(row)
    splits = ["dev", "heldout"] if args.split == "all" else [args.split]
    print(f"texts: {folder}")
    for split in splits:
        totals: collections.Counter = collections.Counter()
        docs = [s["doc"] for s in sources if s["split"] == split]
        present = [d for d in docs if (folder / f"{d}.txt").exists()]
        for doc in present:
            result = score(gold[doc], predict(folder / f"{doc}.txt"))
            for name in ("tp", "n_gold", "n_pred", "q_ok", "s_ok", "s_n", "p_ok", "p_n"):
                totals[name] += result[name]
            if args.details:
                print(f"--- {doc}: tp {result['tp']}/{result['n_gold']} pred {result['n_pred']}")
                for label in ("missed", "extra", "s_miss", "p_miss"):
                    if result[label]:
                        print(f"  {label}: {result[label]}")
        print(
            f"{split}: {len(present)} of {len(docs)} articles, {totals['n_gold']} mentions | "
            f"recall {_ratio(totals['tp'], totals['n_gold'])} | "
            f"precision {_ratio(totals['tp'], totals['n_pred'])} | "
            f"qualifier {_ratio(totals['q_ok'], totals['n_gold'])} | "
            f"subject {_ratio(totals['s_ok'], totals['s_n'])} | "
            f"period {_ratio(totals['p_ok'], totals['p_n'])}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
