"""Agreement between the dictionary coder and the manual coding of the same sentences.

Every code is a binary decision per sentence (present / absent). Agreement is reported per
framework and code as raw agreement and Cohen's kappa (``sklearn.metrics.cohen_kappa_score``),
plus two overall rows per framework: ``ALL`` pools every (sentence, code) decision of the
framework's substantive codes, ``MEAN`` averages the per-code values. Kappa is undefined when
both raters give one constant answer (e.g. neither ever assigns a code): it is then NaN and only
the raw agreement is informative.

The manual coding lives in ``data/annotations/manual_coding.csv``: one row per sentence and
framework with columns ``doc_id, sentence_id, framework, codes, text``; ``codes`` is
``|``-separated and ``none`` when no code applies.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence

import numpy as np
import pandas as pd

from pbanalysis.coding.codebook import NONE_CODE, check_framework, frameworks, load_codebook
from pbanalysis.errors import InputError
from pbanalysis.io import paths

__all__ = [
    "MANUAL_COLUMNS",
    "AGREEMENT_COLUMNS",
    "NOTHING",
    "load_manual",
    "in_corpus",
    "coverage_text",
    "sample_agreement",
    "cohen_kappa",
    "agreement",
    "confusion",
    "disagreements",
    "summary_text",
]


MANUAL_COLUMNS = ("doc_id", "sentence_id", "framework", "codes", "text")
AGREEMENT_COLUMNS = (
    "framework",
    "code",
    "n",
    "raw_agreement",
    "kappa",
    "positives_manual",
    "positives_coder",
    "tp",
    "fp",
    "fn",
    "tn",
    "precision",
    "recall",
)
NOTHING = "(nothing)"
_KEY = ["doc_id", "sentence_id"]


def load_manual(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read and check the manual coding file.

    Parameters
    ----------
    path : path-like, optional
        Default ``data/annotations/manual_coding.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per sentence and framework: ``doc_id``, ``sentence_id`` (int), ``framework``,
        ``codes`` (``|``-separated codes, ``none`` when no code applies) and ``text``.

    Raises
    ------
    InputError
        If the file or a column is missing, a (sentence, framework) pair is repeated, a
        framework is unknown, a code is not in the framework's codebook, or ``none`` is combined
        with other codes.

    Examples
    --------
    >>> manual = load_manual()
    >>> sorted(manual["framework"].unique())
    ['bready', 'levers', 'pillars']
    """
    file = paths.data_file("annotations", "manual_coding.csv") if path is None else path
    try:
        manual = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{file}: manual coding file not found") from None
    missing = [column for column in MANUAL_COLUMNS if column not in manual.columns]
    if missing:
        raise InputError(f"{file}: manual coding lacks column(s) {', '.join(missing)}")
    return _checked(manual, str(file))


def _checked(manual: pd.DataFrame, file: str) -> pd.DataFrame:
    """The manual coding in :data:`MANUAL_COLUMNS`, with every code checked against its codebook."""
    manual = manual[list(MANUAL_COLUMNS)].copy()
    manual["sentence_id"] = manual["sentence_id"].astype(int)
    manual["codes"] = manual["codes"].str.strip().replace("", NONE_CODE)
    repeated = manual.duplicated([*_KEY, "framework"])
    if repeated.any():
        first = manual[repeated].iloc[0]
        raise InputError(
            f"{file}: sentence {first.doc_id}/{first.sentence_id} is coded twice "
            f"for {first.framework}"
        )
    for framework, rows in manual.groupby("framework", sort=False):
        if framework not in frameworks():
            raise InputError(f"{file}: unknown framework {framework!r}")
        known = set(load_codebook(framework)["code"])
        for row in rows.itertuples():
            codes = row.codes.split("|")
            unknown = sorted(set(codes) - known)
            if unknown:
                raise InputError(
                    f"{file}: {row.doc_id}/{row.sentence_id}: unknown {framework} code(s) "
                    f"{', '.join(unknown)}"
                )
            if NONE_CODE in codes and len(codes) > 1:
                raise InputError(
                    f"{file}: {row.doc_id}/{row.sentence_id}: 'none' combined with other codes"
                )
    return manual.reset_index(drop=True)


def in_corpus(manual: pd.DataFrame, coded: pd.DataFrame) -> pd.DataFrame:
    """The manual coding of the articles present in ``coded`` (a corpus may hold none of the
    hand-coded articles, or only some of them).

    Examples
    --------
    >>> hand = pd.DataFrame({"doc_id": ["a", "b"], "sentence_id": [1, 1]})
    >>> in_corpus(hand, pd.DataFrame({"doc_id": ["b"]}))["doc_id"].tolist()
    ['b']
    """
    return manual[manual["doc_id"].isin(set(coded["doc_id"]))].reset_index(drop=True)


def coverage_text(manual: pd.DataFrame, used: pd.DataFrame, lang: str = "en") -> str:
    """How much of the manual coding (``load_manual()``) this corpus holds (``used``, from
    :func:`in_corpus`), as a sentence in ``lang``.

    Examples
    --------
    >>> hand = pd.DataFrame({"doc_id": ["a", "a", "b"], "sentence_id": [1, 2, 1]})
    >>> coverage_text(hand, hand.iloc[:2])
    '2 of the 3 hand-coded sentences (1 of 2 articles) are in this corpus and are compared below.'
    >>> coverage_text(hand, hand.iloc[:0])[:60]
    'None of the 3 hand-coded sentences (2 articles) is in this c'
    """
    from pbanalysis.report.words import phrase

    keys = ["doc_id", "sentence_id"]
    counts = {
        "n_all": len(manual[keys].drop_duplicates()),
        "n_used": len(used[keys].drop_duplicates()),
        "docs_all": manual["doc_id"].nunique(),
        "docs_used": used["doc_id"].nunique(),
    }
    key = "reliability.coverage" if counts["n_used"] else "reliability.coverage_none"
    return phrase(key, lang, **counts)


def sample_agreement(sample: pd.DataFrame, *, doc_id: str = "sample") -> pd.DataFrame:
    """Code a hand-coded sample of sentences and compare the two, in one call.

    For checking the coder on new text: write sentences and their codes in a table, one column
    per framework, and get the agreement table of :func:`agreement` back.

    Parameters
    ----------
    sample : DataFrame
        ``text`` and one column per framework (``levers``, ``pillars``, ``bready``; any subset)
        holding ``|``-separated codes, ``none`` when no code applies.
    doc_id : str
        Identifier given to the sample's sentences (numbered from 1 in table order).

    Returns
    -------
    pandas.DataFrame
        As :func:`agreement`.

    Raises
    ------
    InputError
        For an unknown code, or ``none`` combined with other codes.

    Examples
    --------
    >>> sample = pd.DataFrame({"text": ["设立党员先锋岗。", "召开座谈会。"],
    ...                        "pillars": ["none", "none"]})
    >>> sample_agreement(sample).query("code == 'ALL'")["raw_agreement"].tolist()
    [1.0]
    """
    from pbanalysis.coding.coder import code_sentences

    names = [f for f in frameworks() if f in sample.columns]
    sentences = pd.DataFrame(
        {"doc_id": doc_id, "sentence_id": range(1, len(sample) + 1), "text": sample["text"]}
    )
    manual = pd.DataFrame(
        [
            (doc_id, number, framework, row[framework], row["text"])
            for number, row in enumerate(sample.to_dict("records"), 1)
            for framework in names
        ],
        columns=list(MANUAL_COLUMNS),
    )
    manual = _checked(manual, f"sample {doc_id!r}")
    return agreement(code_sentences(sentences, framework=names), manual, names)


def cohen_kappa(manual: Sequence[int] | np.ndarray, coder: Sequence[int] | np.ndarray) -> float:
    """Cohen's kappa of two binary ratings; NaN when undefined.

    Kappa = (p_o - p_e) / (1 - p_e) is undefined when p_e = 1, i.e. when both raters give the
    same constant answer; sklearn would warn and return NaN, here NaN is returned silently.

    Examples
    --------
    >>> round(cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0]), 3)
    0.5
    >>> cohen_kappa([0, 0, 0], [0, 0, 0])
    nan
    """
    from sklearn.metrics import cohen_kappa_score

    manual_codes = np.asarray(manual, dtype=int)
    coder_codes = np.asarray(coder, dtype=int)
    if len(manual_codes) == 0:
        return math.nan
    values = set(manual_codes.tolist())
    if len(values) == 1 and values == set(coder_codes.tolist()):
        return math.nan
    return float(cohen_kappa_score(manual_codes, coder_codes, labels=[0, 1]))


def _code_sets(coded: pd.DataFrame, manual: pd.DataFrame, framework: str) -> pd.DataFrame:
    """Manual and coder code sets per manually coded sentence of one framework."""
    hand = manual[manual["framework"] == framework]
    if hand.empty:
        raise InputError(f"the manual coding holds no {framework!r} rows")
    machine = coded[coded["framework"] == framework]
    if machine.empty:
        raise InputError(f"the coded sentences hold no {framework!r} rows")
    coder_sets = machine.groupby(_KEY, sort=False).agg(
        coder=("code", lambda codes: frozenset(codes)),
        coder_text=("text", "first"),
        evidence=("evidence", lambda values: list(values)),
        coder_codes_list=("code", lambda codes: list(codes)),
    )
    sets = hand.set_index(_KEY).join(coder_sets, how="left")
    absent = sets["coder"].isna()
    if absent.any():
        doc_id, sentence_id = sets.index[absent][0]
        raise InputError(
            f"sentence {doc_id}/{sentence_id} of the manual coding is not in the coded "
            f"sentences ({int(absent.sum())} missing): code the same corpus"
        )
    changed = sets["coder_text"] != sets["text"]
    if changed.any():
        doc_id, sentence_id = sets.index[changed][0]
        raise InputError(
            f"sentence {doc_id}/{sentence_id} has a different text in the manual coding than "
            f"in the corpus ({int(changed.sum())} differ): the manual coding is out of date"
        )
    sets["manual"] = sets["codes"].map(lambda codes: frozenset(codes.split("|")))
    return sets.reset_index()


def _code_list(framework: str, sets: pd.DataFrame) -> list[str]:
    codes = list(load_codebook(framework)["code"])
    seen = set().union(*sets["manual"], *sets["coder"])
    return codes + sorted(seen - set(codes))


def _frameworks(framework: str | Sequence[str] | None, manual: pd.DataFrame) -> list[str]:
    if framework is None:
        return [name for name in frameworks() if name in set(manual["framework"])]
    names = [framework] if isinstance(framework, str) else list(framework)
    return [check_framework(name) for name in names]


def _scores(framework: str, code: str, manual: np.ndarray, coder: np.ndarray) -> dict:
    tp = int(np.sum((manual == 1) & (coder == 1)))
    fp = int(np.sum((manual == 0) & (coder == 1)))
    fn = int(np.sum((manual == 1) & (coder == 0)))
    tn = int(np.sum((manual == 0) & (coder == 0)))
    return {
        "framework": framework,
        "code": code,
        "n": len(manual),
        "raw_agreement": (tp + tn) / len(manual) if len(manual) else math.nan,
        "kappa": cohen_kappa(manual, coder),
        "positives_manual": tp + fn,
        "positives_coder": tp + fp,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": tp / (tp + fp) if tp + fp else math.nan,
        "recall": tp / (tp + fn) if tp + fn else math.nan,
    }


def agreement(
    coded: pd.DataFrame,
    manual: pd.DataFrame,
    framework: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Agreement between coder and manual coding, per framework and code.

    Parameters
    ----------
    coded : pandas.DataFrame
        Output of :func:`pbanalysis.coding.coder.code_sentences` for (at least) the manually coded
        sentences.
    manual : pandas.DataFrame
        Output of :func:`load_manual` (or a frame with the same columns).
    framework : str or sequence of str, optional
        Default: every framework present in ``manual``.

    Returns
    -------
    pandas.DataFrame
        Per framework, one row per code of the codebook (``none`` included: agreement on leaving
        a sentence uncoded), then ``ALL`` (kappa and raw agreement pooled over every sentence ×
        substantive-code decision) and ``MEAN`` (mean of the substantive codes' values, kappa
        over the codes where it is defined; counts are sums). Columns: ``framework``, ``code``,
        ``n`` (decisions: sentences, or sentences × codes for ``ALL``), ``raw_agreement``,
        ``kappa`` (Cohen's kappa; NaN when undefined), ``positives_manual``,
        ``positives_coder``, ``tp``, ``fp``, ``fn``, ``tn``, ``precision`` and ``recall`` of
        the coder against the manual coding (NaN when undefined).

    Raises
    ------
    InputError
        If a manually coded sentence is missing from ``coded`` or has a different text there.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["d", "d"], "sentence_id": [1, 2],
    ...                   "text": ["开展融资对接。", "加强信用监管。"]})
    >>> from pbanalysis.coding.coder import code_sentences
    >>> hand = pd.DataFrame({"doc_id": ["d", "d"], "sentence_id": [1, 2],
    ...                      "framework": ["pillars", "pillars"],
    ...                      "codes": ["market", "market"], "text": s["text"]})
    >>> table = agreement(code_sentences(s, "pillars"), hand)
    >>> row = table.set_index("code").loc["market"]
    >>> int(row["tp"]), int(row["fn"]), float(row["raw_agreement"])
    (1, 1, 0.5)
    """
    parts = []
    if manual.empty:
        return pd.DataFrame(columns=list(AGREEMENT_COLUMNS))
    for name in _frameworks(framework, manual):
        sets = _code_sets(coded, manual, name)
        rows, pooled_manual, pooled_coder = [], [], []
        for code in _code_list(name, sets):
            hand = np.array([code in codes for codes in sets["manual"]], dtype=int)
            machine = np.array([code in codes for codes in sets["coder"]], dtype=int)
            rows.append(_scores(name, code, hand, machine))
            if code != NONE_CODE:
                pooled_manual.append(hand)
                pooled_coder.append(machine)
        rows.append(
            _scores(name, "ALL", np.concatenate(pooled_manual), np.concatenate(pooled_coder))
        )
        substantive = pd.DataFrame([row for row in rows[:-1] if row["code"] != NONE_CODE])
        mean = {column: substantive[column].sum() for column in AGREEMENT_COLUMNS[2:]}
        for column in ("raw_agreement", "kappa", "precision", "recall"):
            mean[column] = substantive[column].mean()
        rows.append({"framework": name, "code": "MEAN", **mean})
        parts.append(pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS)))
    return pd.concat(parts, ignore_index=True)


def confusion(
    coded: pd.DataFrame, manual: pd.DataFrame, framework: str, *, wide: bool = False
) -> pd.DataFrame:
    """Which codes the coder assigns where the manual coding has others.

    For each sentence, codes in both sets count on the diagonal (``manual_code == coder_code``);
    every code only the manual coding has (a miss) is paired with every code only the coder has
    (an intrusion). A miss with no intrusion in the same sentence is paired with ``(nothing)``
    as coder code, an intrusion with no miss with ``(nothing)`` as manual code. ``none`` takes
    part like any code, so "manual: none, coder: service" shows a false alarm.

    Parameters
    ----------
    coded, manual : pandas.DataFrame
        As for :func:`agreement`.
    framework : str
        One framework.
    wide : bool
        Return the matrix (manual codes as rows, coder codes as columns) instead of the tidy
        table.

    Returns
    -------
    pandas.DataFrame
        Tidy: ``framework``, ``manual_code``, ``coder_code``, ``n`` (sentences), every pair of
        codes (and ``(nothing)``) included, zeros too. Wide: index ``manual_code``, one column
        per coder code.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["d"], "sentence_id": [1], "text": ["开展融资对接。"]})
    >>> from pbanalysis.coding.coder import code_sentences
    >>> hand = pd.DataFrame({"doc_id": ["d"], "sentence_id": [1], "framework": ["pillars"],
    ...                      "codes": ["services"], "text": s["text"]})
    >>> table = confusion(code_sentences(s, "pillars"), hand, "pillars")
    >>> table.loc[table["n"] > 0, ["manual_code", "coder_code", "n"]].to_dict("records")
    [{'manual_code': 'services', 'coder_code': 'market', 'n': 1}]
    """
    name = _frameworks(framework, manual)[0]
    if manual.empty:  # a corpus without hand-coded sentences: nothing to cross
        empty = pd.DataFrame(columns=["framework", "manual_code", "coder_code", "n"])
        return empty.pivot(index="manual_code", columns="coder_code", values="n") if wide else empty
    sets = _code_sets(coded, manual, name)
    codes = _code_list(name, sets)
    counts: dict[tuple[str, str], int] = {}
    for hand, machine in zip(sets["manual"], sets["coder"], strict=True):
        pairs = [(code, code) for code in hand & machine]
        missed, extra = sorted(hand - machine), sorted(machine - hand)
        pairs += [(m, e) for m in missed for e in extra]
        if not extra:
            pairs += [(m, NOTHING) for m in missed]
        if not missed:
            pairs += [(NOTHING, e) for e in extra]
        for pair in pairs:
            counts[pair] = counts.get(pair, 0) + 1
    axis = [*codes, NOTHING]
    table = pd.DataFrame(
        [(name, m, c, counts.get((m, c), 0)) for m in axis for c in axis],
        columns=["framework", "manual_code", "coder_code", "n"],
    )
    if wide:
        matrix = table.pivot(index="manual_code", columns="coder_code", values="n")
        return matrix.loc[axis, axis]
    return table


def disagreements(
    coded: pd.DataFrame,
    manual: pd.DataFrame,
    framework: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """The sentences where the coder and the manual coding differ, for inspection.

    Returns
    -------
    pandas.DataFrame
        One row per sentence and framework with different code sets: ``framework``,
        ``doc_id``, ``sentence_id``, ``text``, ``manual_codes`` and ``coder_codes``
        (``|``-joined), ``missed`` (manual only), ``extra`` (coder only) and ``evidence`` (the
        keywords behind each extra code, ``code: kw|kw; …``). Ordered by framework, then
        document and sentence as in the manual coding.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["d"], "sentence_id": [1], "text": ["开展融资对接。"]})
    >>> from pbanalysis.coding.coder import code_sentences
    >>> hand = pd.DataFrame({"doc_id": ["d"], "sentence_id": [1], "framework": ["pillars"],
    ...                      "codes": ["none"], "text": s["text"]})
    >>> disagreements(code_sentences(s, "pillars"), hand)[["missed", "extra", "evidence"]]
    ... # doctest: +NORMALIZE_WHITESPACE
      missed   extra        evidence
    0   none  market  market: 融资
    """
    rows = []
    for name in _frameworks(framework, manual):
        sets = _code_sets(coded, manual, name)
        order = _code_list(name, sets)
        for row in sets.itertuples():
            if row.manual == row.coder:
                continue
            evidence = dict(zip(row.coder_codes_list, row.evidence, strict=True))
            extra = [code for code in order if code in row.coder - row.manual]
            rows.append(
                {
                    "framework": name,
                    "doc_id": row.doc_id,
                    "sentence_id": row.sentence_id,
                    "text": row.text,
                    "manual_codes": "|".join(c for c in order if c in row.manual),
                    "coder_codes": "|".join(c for c in order if c in row.coder),
                    "missed": "|".join(c for c in order if c in row.manual - row.coder),
                    "extra": "|".join(extra),
                    "evidence": "; ".join(f"{code}: {evidence[code]}" for code in extra),
                }
            )
    columns = ["framework", "doc_id", "sentence_id", "text", "manual_codes", "coder_codes"]
    return pd.DataFrame(rows, columns=[*columns, "missed", "extra", "evidence"])


def summary_text(table: pd.DataFrame, lang: str = "en") -> str:
    """One line per framework in ``lang`` stating pooled and mean kappa, phrased from an
    agreement table (template ``reliability.line`` of ``data/words/phrases.csv``).

    Examples
    --------
    >>> table = pd.DataFrame({"framework": ["levers", "levers"], "code": ["ALL", "MEAN"],
    ...                       "n": [70, 7], "raw_agreement": [0.9, 0.9],
    ...                       "kappa": [0.81, 0.75]})
    >>> print(summary_text(table))  # doctest: +ELLIPSIS
    Lever: pooled kappa 0.810 (raw agreement 90.0% ...), mean per-code kappa 0.750 — meets ...
    >>> print(summary_text(table, "zh"))  # doctest: +ELLIPSIS
    杠杆：合并 kappa 0.810（70 个“句子 × 编码”判断中原始一致率 90.0%）...——达到 0.8 的目标。
    """
    from pbanalysis.report.words import header, phrase

    if table.empty:
        return phrase("agreement.none", lang)
    lines = []
    for framework, rows in table.groupby("framework", sort=False):
        pooled = rows[rows["code"] == "ALL"].iloc[0]
        mean = rows[rows["code"] == "MEAN"].iloc[0]
        verdict = phrase(
            "reliability.meets" if pooled["kappa"] >= 0.8 else "reliability.falls_short", lang
        )
        lines.append(
            phrase(
                "reliability.line",
                lang,
                framework=header(str(framework), lang),
                kappa=pooled["kappa"],
                agreement=pooled["raw_agreement"],
                n=int(pooled["n"]),
                mean=mean["kappa"],
                verdict=verdict,
            )
        )
    return "\n".join(lines)
