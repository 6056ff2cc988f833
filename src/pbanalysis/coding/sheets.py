"""Coding sheets: a stratified sample of a researcher's sentences to code by hand, and its scoring.

``sample_sheet`` draws sentences (stratified by article, reproducible), ``write_sheet`` writes
them as an XLSX sheet with a drop-down list of each framework's codes (several codes are written
``|``-separated, so the list only suggests) or as CSV; ``read_sheet`` reads a filled sheet back and
``validate_sheets`` scores one or more filled sheets against the coder (per-code and pooled
kappa, raw agreement: :func:`~pbanalysis.coding.reliability.agreement`) and, when two or more
people coded, between them (pooled binary Cohen's kappa and Krippendorff's alpha per framework).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from pbanalysis.coding.codebook import NONE_CODE, frameworks, load_codebook
from pbanalysis.errors import InputError

__all__ = [
    "SHEET_COLUMNS",
    "sample_sheet",
    "write_sheet",
    "read_sheet",
    "validate_sheets",
    "sheet_disagreements",
]

SHEET_COLUMNS = ("doc_id", "sentence_id", "text", "levers", "pillars", "bready")


def sample_sheet(
    sentences: pd.DataFrame, n: int = 100, *, by: str = "doc_id", seed: int = 0
) -> pd.DataFrame:
    """A stratified random sample of sentences with empty code columns, one per framework.

    Each group of ``by`` gets a share of ``n`` proportional to its sentences (at least one);
    the draw is reproducible for a given ``seed``; rows keep the corpus order.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"] * 2, "sentence_id": [1, 2, 3, 4, 1, 2],
    ...                   "text": list("uvwxyz")})
    >>> sheet = sample_sheet(s, 3)
    >>> sheet["doc_id"].tolist(), list(sheet.columns[3:])
    (['a', 'a', 'b'], ['levers', 'pillars', 'bready'])
    """
    if by not in sentences.columns or "text" not in sentences.columns:
        raise InputError(f"sentences need columns {by!r} and 'text'")
    if n < 1:
        raise InputError("the sample needs at least one sentence")
    rng = np.random.default_rng(seed)
    total = len(sentences)
    picked: list[int] = []
    for _, group in sentences.groupby(by, sort=True):
        share = max(1, round(n * len(group) / total)) if total else 0
        picked.extend(rng.choice(group.index.to_numpy(), min(share, len(group)), replace=False))
    sheet = sentences.loc[sorted(picked), ["doc_id", "sentence_id", "text"]].copy()
    for name in frameworks():
        sheet[name] = ""
    return sheet.reset_index(drop=True)


def write_sheet(sheet: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a coding sheet as ``.xlsx`` (drop-down lists of the codes) or ``.csv``.

    The file is written to a temporary name beside ``path`` and renamed (atomic).
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.tmp")
    if target.suffix.lower() == ".csv":
        sheet.to_csv(temporary, index=False, encoding="utf-8", lineterminator="\n")
    elif target.suffix.lower() == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.worksheet.datavalidation import DataValidation

        book = Workbook()
        ws = book.active
        ws.title = "coding"
        ws.append(list(sheet.columns))
        for row in sheet.itertuples(index=False):
            ws.append(list(row))
        codes = book.create_sheet("codes")
        for column, name in enumerate(frameworks(), 1):
            values = load_codebook(name)["code"].tolist()
            codes.cell(row=1, column=column, value=name)
            for offset, code in enumerate(values, 2):
                codes.cell(row=offset, column=column, value=code)
            letter = codes.cell(row=1, column=column).column_letter
            rule = DataValidation(
                type="list",
                formula1=f"=codes!${letter}$2:${letter}${len(values) + 1}",
                showErrorMessage=False,
                promptTitle=name,
                prompt="one code, or several joined by |",
            )
            target_col = ws.cell(row=1, column=sheet.columns.get_loc(name) + 1).column_letter
            rule.add(f"{target_col}2:{target_col}{len(sheet) + 1}")
            ws.add_data_validation(rule)
        book.save(temporary)
    else:
        raise InputError(f"{target}: a coding sheet is .xlsx or .csv")
    os.replace(temporary, target)
    return target


def read_sheet(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a filled coding sheet; every framework column present must be filled."""
    source = Path(path)
    if not source.exists():
        raise InputError(f"{source}: no such coding sheet")
    if source.suffix.lower() == ".xlsx":
        sheet = pd.read_excel(source, sheet_name=0, dtype=str, keep_default_na=False)
    else:
        sheet = pd.read_csv(source, dtype=str, keep_default_na=False)
    missing = [c for c in ("doc_id", "sentence_id", "text") if c not in sheet.columns]
    names = [f for f in frameworks() if f in sheet.columns]
    if missing or not names:
        raise InputError(f"{source}: not a coding sheet (needs doc_id, sentence_id, text, codes)")
    for name in names:
        if sheet[name].str.strip().eq("").any():
            raise InputError(f"{source}: column {name} has uncoded rows (write none)")
    sheet["sentence_id"] = sheet["sentence_id"].astype(int)
    return sheet


def _manual(sheet: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    from pbanalysis.coding.reliability import MANUAL_COLUMNS

    names = [f for f in frameworks() if f in sheet.columns]
    manual = pd.DataFrame(
        [
            (row["doc_id"], row["sentence_id"], name, row[name], row["text"])
            for row in sheet.to_dict("records")
            for name in names
        ],
        columns=list(MANUAL_COLUMNS),
    )
    return manual, names


def sheet_disagreements(paths: list[str | os.PathLike[str]]) -> pd.DataFrame:
    """The sentences where each filled sheet and the coder differ (column ``sheet`` first).

    As :func:`~pbanalysis.coding.reliability.disagreements`, with the coder's evidence.
    """
    from pbanalysis.coding.coder import code_sentences
    from pbanalysis.coding.reliability import disagreements

    parts = []
    for path in paths:
        sheet = read_sheet(path)
        manual, names = _manual(sheet)
        coded = code_sentences(sheet[["doc_id", "sentence_id", "text"]], names)
        table = disagreements(coded, manual, names)
        table.insert(0, "sheet", Path(path).name)
        parts.append(table)
    return pd.concat(parts, ignore_index=True)


def _binary(sheet: pd.DataFrame, name: str) -> np.ndarray:
    codes = [c for c in load_codebook(name)["code"] if c != NONE_CODE]
    sets = [set(str(v).split("|")) for v in sheet[name]]
    return np.array([[int(code in s) for code in codes] for s in sets]).ravel()


def validate_sheets(paths: list[str | os.PathLike[str]]) -> pd.DataFrame:
    """Score filled coding sheets against the coder and, with two or more, against each other.

    Returns
    -------
    pandas.DataFrame
        The agreement table of :func:`~pbanalysis.coding.reliability.agreement` per sheet
        (column ``sheet``, ``compared`` = ``coder``), then per framework one row ``ALL`` per pair
        of sheets (``compared`` = the other sheet) with the pooled binary kappa, raw agreement
        and ``alpha`` (Krippendorff's, nominal) over sentence × code.
    """
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    from pbanalysis.coding.coder import code_sentences
    from pbanalysis.coding.reliability import agreement

    sheets = {Path(p).name: read_sheet(p) for p in paths}
    parts = []
    for label, sheet in sheets.items():
        manual, names = _manual(sheet)
        coded = code_sentences(sheet[["doc_id", "sentence_id", "text"]], names)
        table = agreement(coded, manual, names)
        table.insert(0, "compared", "coder")
        table.insert(0, "sheet", label)
        parts.append(table)
    labels = list(sheets)
    for i, first in enumerate(labels):
        for second in labels[i + 1 :]:
            a, b = sheets[first], sheets[second]
            keys = ["doc_id", "sentence_id"]
            both = a.merge(b, on=keys, suffixes=("_1", "_2"))
            for name in frameworks():
                if f"{name}_1" not in both or f"{name}_2" not in both:
                    continue
                x = _binary(both.rename(columns={f"{name}_1": name}), name)
                y = _binary(both.rename(columns={f"{name}_2": name}), name)
                data = np.vstack([x, y])
                parts.append(
                    pd.DataFrame(
                        [
                            {
                                "sheet": first,
                                "compared": second,
                                "framework": name,
                                "code": "ALL",
                                "n": len(x),
                                "raw_agreement": float((x == y).mean()),
                                "kappa": float(cohen_kappa_score(x, y)),
                                "alpha": float(
                                    krippendorff.alpha(
                                        reliability_data=data, level_of_measurement="nominal"
                                    )
                                ),
                            }
                        ]
                    )
                )
    return pd.concat(parts, ignore_index=True)
