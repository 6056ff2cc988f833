"""Checks on extracted indicators: stated rates recomputed, and derived ratios.

* :func:`consistency_checks` recomputes each stated percentage from counts in the same sentence
  and says whether the text's rate agrees (or why it cannot be checked);
* :func:`derived_ratios` computes the researcher-defined ratios of
  ``data/indicators/ratios.csv`` (:func:`load_ratio_definitions`) from the indicators of each
  document.

Both take the output of :func:`pbanalysis.indicators.extract.extract_indicators`.
"""

from __future__ import annotations

import re

import pandas as pd

from pbanalysis.errors import InputError
from pbanalysis.indicators import numbers
from pbanalysis.io import paths

__all__ = [
    "CHECK_COLUMNS",
    "consistency_checks",
    "RATIO_COLUMNS",
    "load_ratio_definitions",
    "derived_ratios",
]


CHECK_COLUMNS = [
    "doc_id",
    "region",
    "sentence_id",
    "rate_surface",
    "rate_subject",
    "stated",
    "numerator",
    "numerator_surface",
    "numerator_subject",
    "denominator",
    "denominator_surface",
    "denominator_subject",
    "recomputed",
    "difference",
    "consistent",
    "status",
]


def _bigrams(word: str) -> set[str]:
    return {word[i : i + 2] for i in range(len(word) - 1)}


def _matches_stated(recomputed: float, stated: float, places: int) -> bool:
    """True when ``stated`` is ``recomputed`` rounded half-up or truncated to ``places``."""
    import math
    from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

    exact = Decimal(repr(recomputed))
    step = Decimal(1).scaleb(-places)
    candidates = {exact.quantize(step, rounding=r) for r in (ROUND_HALF_UP, ROUND_DOWN)}
    return any(math.isclose(float(c), stated, abs_tol=1e-9) for c in candidates)


def consistency_checks(indicators: pd.DataFrame) -> pd.DataFrame:
    """Recompute each stated percentage from counts in the same sentence, where the text allows it.

    A rate is checkable when a count before it in the same sentence names what the rate measures
    (its subject shares a two-character word with the rate's name, e.g. 整改5个 for 整改完成率)
    — that count is the numerator — and an earlier count with the same measure word and a value
    at least as large exists — the denominator (问题6个). The stated rate is consistent when it
    equals the recomputed one rounded or truncated to the stated decimals. Every other rate is
    reported with the reason it cannot be checked; none is left out.

    Returns
    -------
    DataFrame
        One row per percentage mention: ``doc_id, region, sentence_id``; ``rate_surface``,
        ``rate_subject``, ``stated`` (the percent number); ``numerator``,
        ``numerator_surface``, ``numerator_subject``, ``denominator``, ``denominator_surface``,
        ``denominator_subject`` (empty/NaN when not found); ``recomputed`` (100 × numerator /
        denominator), ``difference`` (stated − recomputed); ``consistent`` (boolean, NA when
        not checkable); ``status`` (``consistent``, ``mismatch`` or ``not checkable: …``).

    Examples
    --------
    >>> from pbanalysis.indicators.extract import extract_from_text
    >>> found = extract_from_text("排查问题6个，已完成整改5个，整改完成率达83%。")
    >>> consistency_checks(found)[["stated", "numerator", "denominator", "status"]]
       stated  numerator  denominator      status
    0    83.0        5.0          6.0  consistent
    """
    rows = []
    rates = indicators[indicators["unit"].isin(numbers.units_of_kind("percent"))]
    counts = indicators[~indicators["unit"].isin(numbers.rate_units())]
    for rate in rates.itertuples(index=False):
        same = counts[
            (counts["doc_id"] == rate.doc_id)
            & (counts["sentence_id"] == rate.sentence_id)
            & (counts["start"] < rate.start)
        ].sort_values("start")
        words = _bigrams(str(rate.subject).removesuffix("率"))
        numerator = denominator = None
        for candidate in reversed(list(same.itertuples(index=False))):
            if words & _bigrams(str(candidate.subject)):
                numerator = candidate
                break
        if numerator is not None:
            base = same[
                (same["start"] < numerator.start)
                & (same["unit"] == numerator.unit)
                & (same["value"] >= numerator.value)
            ]
            if len(base):
                denominator = next(base.iloc[::-1].itertuples(index=False))
        row = {
            "doc_id": rate.doc_id,
            "region": rate.region,
            "sentence_id": rate.sentence_id,
            "rate_surface": rate.surface,
            "rate_subject": rate.subject,
            "stated": rate.value,
            "numerator": numerator.value if numerator is not None else float("nan"),
            "numerator_surface": numerator.surface if numerator is not None else "",
            "numerator_subject": numerator.subject if numerator is not None else "",
            "denominator": denominator.value if denominator is not None else float("nan"),
            "denominator_surface": denominator.surface if denominator is not None else "",
            "denominator_subject": denominator.subject if denominator is not None else "",
            "recomputed": float("nan"),
            "difference": float("nan"),
            "consistent": pd.NA,
        }
        if not len(same):
            row["status"] = "not checkable: no counts before the rate in its sentence"
        elif numerator is None:
            row["status"] = "not checkable: no count in the sentence names what the rate measures"
        elif denominator is None or denominator.value == 0:
            row["status"] = "not checkable: no base count with the same measure word"
        else:
            recomputed = 100 * numerator.value / denominator.value
            digits = re.search(r"\d+(?:\.\d+)?", rate.surface)
            places = numbers.decimals(digits.group()) if digits else 0
            row["recomputed"] = round(recomputed, 4)
            row["difference"] = round(rate.value - recomputed, 4)
            row["consistent"] = _matches_stated(recomputed, rate.value, places)
            row["status"] = "consistent" if row["consistent"] else "mismatch"
        rows.append(row)
    frame = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    frame["consistent"] = frame["consistent"].astype("boolean")
    return frame


RATIO_COLUMNS = [
    "name",
    "doc_id",
    "region",
    "numerator_subject",
    "numerator",
    "numerator_surface",
    "numerator_sentence_id",
    "denominator_subject",
    "denominator",
    "denominator_surface",
    "denominator_sentence_id",
    "ratio",
    "n_numerator_candidates",
    "n_denominator_candidates",
    "status",
    "meaning_zh",
    "meaning_en",
]
_DEFINITION_COLUMNS = [
    "name",
    "numerator_subject",
    "denominator_subject",
    "meaning_zh",
    "meaning_en",
]
_PICKS = ("largest", "smallest", "first", "sum")


def load_ratio_definitions(path: str | None = None) -> pd.DataFrame:
    """Read the derived-ratio definitions (default ``data/indicators/ratios.csv``).

    Returns
    -------
    DataFrame
        ``name, numerator_subject, denominator_subject, numerator_pick, denominator_pick,
        region, meaning_zh, meaning_en`` (picks default to ``largest``, region to "").

    Examples
    --------
    >>> "party_org_coverage" in load_ratio_definitions()["name"].tolist()
    True
    """
    path = path or str(paths.data_file("indicators", "ratios.csv"))
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise InputError(f"{path}: ratio definitions not found") from None
    return _checked_definitions(frame, str(path))


def _checked_definitions(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    missing = [c for c in _DEFINITION_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"{source}: ratio definitions lack column(s) {', '.join(missing)}")
    frame = frame.copy()
    for column in ("numerator_pick", "denominator_pick"):
        if column not in frame.columns:
            frame[column] = "largest"
        frame[column] = frame[column].replace("", "largest")
        bad = sorted(set(frame[column]) - set(_PICKS))
        if bad:
            raise InputError(f"{source}: {column} must be one of {', '.join(_PICKS)}, not {bad}")
    if "region" not in frame.columns:
        frame["region"] = ""
    return frame


def _pick(rows: pd.DataFrame, how: str) -> tuple[float, str, int]:
    if how == "sum":
        return (
            float(rows["value"].sum()),
            ";".join(rows["surface"]),
            int(rows["sentence_id"].iloc[0]),
        )
    if how == "first":
        chosen = rows.sort_values("start").iloc[0]
    else:
        order = rows.sort_values(["value", "start"], ascending=[how == "smallest", True])
        chosen = order.iloc[0]
    return float(chosen["value"]), str(chosen["surface"]), int(chosen["sentence_id"])


def derived_ratios(
    indicators: pd.DataFrame, definitions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Compute researcher-defined ratios between extracted counts, per document.

    Parameters
    ----------
    indicators : DataFrame
        Output of :func:`extract_indicators`.
    definitions : DataFrame, optional
        Rows like ``data/indicators/ratios.csv`` (default: that file). A subject must equal an
        extracted ``subject``; when it has several mentions in a document the ``*_pick`` column
        chooses one (``largest``, ``smallest``, ``first``) or adds them up (``sum``).

    Returns
    -------
    DataFrame
        One row per definition and document where either count occurs (or per document of the
        definition's ``region``): ``name, doc_id, region``; ``numerator_subject, numerator,
        numerator_surface, numerator_sentence_id`` and the same for the denominator;
        ``ratio`` (numerator / denominator, NaN when a count is missing);
        ``n_numerator_candidates``, ``n_denominator_candidates`` (mentions with that subject);
        ``status`` (``computed`` or what is missing); ``meaning_zh``, ``meaning_en``.

    Examples
    --------
    >>> from pbanalysis.indicators.extract import extract_from_text
    >>> found = extract_from_text("将5752份政府合同纳入监管，累计处理履约预警信息546条。")
    >>> r = derived_ratios(found).iloc[0]
    >>> r["name"], round(float(r["ratio"]), 4)
    ('contract_warning_rate', 0.0949)
    """
    if definitions is None:
        definitions = load_ratio_definitions()
    definitions = _checked_definitions(definitions, "ratio definitions")
    counts = indicators[~indicators["unit"].isin(numbers.rate_units())]
    rows = []
    for spec in definitions.itertuples(index=False):
        docs = indicators[["doc_id", "region"]].drop_duplicates()
        if spec.region:
            docs = docs[docs["region"] == spec.region]
        for doc in docs.itertuples(index=False):
            in_doc = counts[counts["doc_id"] == doc.doc_id]
            top = in_doc[in_doc["subject"] == spec.numerator_subject]
            bottom = in_doc[in_doc["subject"] == spec.denominator_subject]
            if not spec.region and top.empty and bottom.empty:
                continue
            row = {
                "name": spec.name,
                "doc_id": doc.doc_id,
                "region": doc.region,
                "numerator_subject": spec.numerator_subject,
                "denominator_subject": spec.denominator_subject,
                "n_numerator_candidates": len(top),
                "n_denominator_candidates": len(bottom),
                "meaning_zh": spec.meaning_zh,
                "meaning_en": spec.meaning_en,
            }
            for prefix, found, how in (
                ("numerator", top, spec.numerator_pick),
                ("denominator", bottom, spec.denominator_pick),
            ):
                value, surface, sentence = _pick(found, how) if len(found) else (None, "", None)
                row[prefix] = value
                row[f"{prefix}_surface"] = surface
                row[f"{prefix}_sentence_id"] = sentence
            if top.empty or bottom.empty:
                missing = [p for p, f in (("numerator", top), ("denominator", bottom)) if f.empty]
                row["status"] = " and ".join(missing) + " not found"
                row["ratio"] = float("nan")
            elif row["denominator"] == 0:
                row["status"], row["ratio"] = "denominator is zero", float("nan")
            else:
                row["status"] = "computed"
                row["ratio"] = row["numerator"] / row["denominator"]
            rows.append(row)
    frame = pd.DataFrame(rows, columns=RATIO_COLUMNS)
    for column in ("numerator", "denominator", "ratio"):
        frame[column] = frame[column].astype("float64")
    for column in ("numerator_sentence_id", "denominator_sentence_id"):
        frame[column] = frame[column].astype("Int64")
    return frame
