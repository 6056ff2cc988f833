"""Dictionary coding of sentences against the codebooks in ``data/codebook/``.

Three frameworks are coded, each a CSV file that a researcher edits without touching code
(``data/codebook/README.md`` holds the coding rules):

* ``levers`` — the party-building lever a sentence describes (the "how" axis);
* ``pillars`` — the pillar of the 《优化营商环境条例》 the sentence serves;
* ``bready`` — the World Bank B-READY topic (plus the digital-adoption theme) it maps to.

Coding is sentence-level and multi-label: a sentence receives every code one of whose keyword
patterns matches its text (and is not overlapped by one of the code's ``exclude`` patterns). A
sentence that receives no code in a framework gets that framework's ``none`` row, so uncoded
sentences stay visible in every table instead of silently dropping out.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from pbanalysis.coding.codebook import (
    NONE_CODE,
    check_framework,
    frameworks,
    load_codebook,
    split_patterns,
)
from pbanalysis.coding.matching import Match, matcher
from pbanalysis.errors import InputError

__all__ = [
    "CODED_COLUMNS",
    "match_code",
    "code_sentences",
    "code_counts",
    "crosstab",
]


CODED_COLUMNS = (
    "doc_id",
    "region",
    "section_id",
    "section",
    "measure_id",
    "measure",
    "sentence_id",
    "text",
    "start",
    "end",
    "framework",
    "code",
    "label_zh",
    "label_en",
    "evidence",
    "evidence_spans",
)
_SENTENCE_DEFAULTS = {
    "region": "",
    "section_id": 0,
    "section": "",
    "measure_id": 0,
    "measure": "",
}
_LEVEL_KEYS = {
    "region": ["region"],
    "doc_id": ["doc_id", "region"],
    "document": ["doc_id", "region"],
    "section": ["doc_id", "region", "section_id", "section"],
    "measure": ["doc_id", "region", "measure_id", "measure"],
}


def _frameworks(framework: str | Sequence[str]) -> list[str]:
    if isinstance(framework, str):
        if framework == "all":
            return list(frameworks())
        return [check_framework(framework)]
    return [check_framework(name) for name in framework]


def match_code(text: str, keywords: str, exclude: str = "") -> list[tuple[int, int, str]]:
    """Find the keyword matches of one code in one text.

    A match of a ``keywords`` pattern counts unless it overlaps a match of an ``exclude``
    pattern, so an exclusion removes only the reading it names (``监督电话`` can veto the
    ``监督`` inside it without vetoing another ``监督`` elsewhere in the sentence).

    Returns
    -------
    list of (start, end, matched text)
        Sorted by position; offsets are relative to ``text``; empty matches are ignored.

    Examples
    --------
    >>> match_code("开展专项整治，设立监督电话。", "整治|监督", exclude="监督电话")
    [(4, 6, '整治')]
    """
    return matcher(((keywords, exclude),)).matches(text)[0]


def _prepare_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("doc_id", "sentence_id", "text") if c not in sentences.columns]
    if missing:
        raise InputError(f"sentences lack column(s) {', '.join(missing)}")
    frame = sentences.copy()
    for column, default in _SENTENCE_DEFAULTS.items():
        if column not in frame.columns:
            frame[column] = default
    frame["text"] = frame["text"].fillna("").astype(str)
    if "start" not in frame.columns:
        frame["start"] = 0
    if "end" not in frame.columns:
        frame["end"] = frame["start"] + frame["text"].str.len()
    return frame


def code_sentences(
    sentences: pd.DataFrame,
    framework: str | Sequence[str] = "all",
    *,
    codebook_dir: str | os.PathLike[str] | None = None,
    use_model: bool = True,
) -> pd.DataFrame:
    """Code each sentence against one or all codebooks (multi-label, dictionary-based, with the
    supervised layer of :mod:`pbanalysis.coding.model` when the codebook folder holds one).

    Parameters
    ----------
    sentences : pandas.DataFrame
        ``Corpus.sentences`` or any frame with at least ``doc_id``, ``sentence_id`` and
        ``text``; missing provenance columns are filled (``region``/``section``/``measure`` "",
        ids 0, ``start`` 0, ``end`` = length of the text).
    framework : str or sequence of str
        ``"all"`` (default), one of :func:`~pbanalysis.coding.codebook.frameworks`, or several
        of them.
    codebook_dir : path-like, optional
        Folder holding ``<framework>.csv``; default ``data/codebook/``.
    use_model : bool
        Use the folder's ``model.json`` (written by ``pbanalysis train``) when it exists: for
        each code it has, the model decides, and its evidence reads ``model p=0.87: …`` with
        the n-grams that weighed most. ``False``: the dictionary alone.

    Returns
    -------
    pandas.DataFrame
        One row per (sentence, framework, code) with columns ``doc_id``, ``region``,
        ``section_id``, ``section``, ``measure_id``, ``measure``, ``sentence_id``, ``text``,
        ``start``, ``end`` (provenance of the sentence), ``framework``, ``code``, ``label_zh``,
        ``label_en``, ``evidence`` (the matched keyword strings, ``|``-joined, in text order) and
        ``evidence_spans`` (their ``start-end`` offsets in the cleaned document text,
        ``|``-joined). A sentence with no code in a framework has one row with code ``none`` and
        empty evidence. Rows follow the input sentence order, then framework order, then
        codebook order.

    Raises
    ------
    InputError
        For an unknown framework or a frame without the required columns.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["d"], "sentence_id": [1],
    ...                   "text": ["在企业中建立党支部，开展融资对接。"]})
    >>> code_sentences(s, "pillars")[["code", "evidence"]].to_dict("records")
    [{'code': 'market', 'evidence': '融资'}]
    >>> code_sentences(s, "bready")["code"].tolist()
    ['finance']
    """
    names = _frameworks(framework)
    frame = _prepare_sentences(sentences)
    # rows as plain tuples once: iterating a DataFrame per sentence dominated the run time;
    # every code of every framework in one matcher: one scan of a text finds all plain words
    codes: list[Any] = []
    books: list[tuple[Any, range]] = []
    for name in names:
        rows = list(load_codebook(name, codebook_dir).itertuples(index=False))
        none_row = next(row for row in rows if row.code == NONE_CODE)
        first = len(codes)
        codes += [row for row in rows if row.code != NONE_CODE and split_patterns(row.keywords)]
        books.append((none_row, range(first, len(codes))))
    match = matcher(tuple((row.keywords, row.exclude) for row in codes)).matches
    # the codes of a text are the same wherever it stands: each distinct text is coded once
    # (reports repeat boilerplate sentences), its offsets shifted to each sentence
    coded_texts: dict[str, list[tuple[Any, str, list[Match]]]] = {}
    for text in frame["text"]:
        if text not in coded_texts:
            coded_texts[text] = _hits(match(text), codes, books)
    if use_model:
        from pbanalysis.coding.model import load_model

        model = load_model(codebook_dir)
        if model is not None:
            _apply_model(model, names, coded_texts, codebook_dir)
    records = []
    for sentence in frame.itertuples(index=False):
        provenance = [getattr(sentence, column) for column in CODED_COLUMNS[:10]]
        for code, evidence, matches in coded_texts[sentence.text]:
            spans = "|".join(
                f"{sentence.start + start}-{sentence.start + end}" for start, end, _ in matches
            )
            records.append(
                [*provenance, code.framework, code.code, code.label_zh, code.label_en]
                + [evidence, spans]
            )
    return pd.DataFrame(records, columns=list(CODED_COLUMNS))


def _apply_model(
    model: dict,
    names: list[str],
    coded_texts: dict[str, list[tuple[Any, str, list[Match]]]],
    codebook_dir: str | os.PathLike[str] | None,
) -> None:
    """Replace, in place, the dictionary's decision by the model's for every code it has."""
    import numpy as np

    from pbanalysis.coding.model import predict

    texts = list(coded_texts)
    for name in names:
        part = model["frameworks"].get(name)
        if part is None:
            continue
        rows = {row.code: row for row in load_codebook(name, codebook_dir).itertuples(index=False)}
        order = list(part["codes"])
        index = {code: n for n, code in enumerate(order)}
        dictionary = np.zeros((len(texts), len(order)))
        for n, text in enumerate(texts):
            for code, _, _ in coded_texts[text]:
                if code.framework == name and code.code in index:
                    dictionary[n, index[code.code]] = 1.0
        decided = predict(model, name, texts, dictionary)
        for n, text in enumerate(texts):
            hits = coded_texts[text]
            own = {c.code: (c, e, m) for c, e, m in hits if c.framework == name}
            kept = []
            for code in order:
                if code in decided:
                    probability, grams = decided[code][n]
                    if probability >= model["threshold"]:
                        _, words, matches = own.get(code, (None, "", []))
                        evidence = f"model p={probability:.2f}: {grams}"
                        kept.append(
                            (rows[code], f"{words}|{evidence}" if words else evidence, matches)
                        )
                elif code in own:
                    kept.append(own[code])
            if not kept:
                kept = [(rows[NONE_CODE], "", [])]
            first = next(i for i, (c, _, _) in enumerate(hits) if c.framework == name)
            rest = [h for h in hits if h[0].framework != name]
            coded_texts[text] = rest[:first] + kept + rest[first:]


def _hits(
    matches: list[list[Match]], codes: list[Any], books: list[tuple[Any, range]]
) -> list[tuple[Any, str, list[Match]]]:
    """The codes a text carries, framework by framework in codebook order, each with its
    evidence (the matched strings, ``|``-joined, each once) and matches; a framework's ``none``
    row when no code of it applies."""
    hits = []
    for none_row, indexes in books:
        found = [(codes[i], matches[i]) for i in indexes if matches[i]]
        hits += [
            (code, "|".join(dict.fromkeys(text for _, _, text in spans)), spans)
            for code, spans in found or [(none_row, [])]
        ]
    return hits


def _group_keys(by: str | Iterable[str], coded: pd.DataFrame) -> list[str]:
    keys = _LEVEL_KEYS.get(by, [by]) if isinstance(by, str) else list(by)
    missing = [key for key in keys if key not in coded.columns]
    if missing:
        raise InputError(f"cannot group coded sentences by {', '.join(missing)}: no such column")
    return keys


def _code_order(framework: str, coded: pd.DataFrame) -> pd.DataFrame:
    """Labels of the framework's codes: codebook order first, then any other code in ``coded``."""
    labels = load_codebook(framework)[["code", "label_zh", "label_en"]]
    seen = coded.loc[coded["framework"] == framework, ["code", "label_zh", "label_en"]]
    extra = seen.drop_duplicates("code")
    extra = extra[~extra["code"].isin(labels["code"])]
    return pd.concat([labels, extra], ignore_index=True)


def code_counts(
    coded: pd.DataFrame,
    by: str | Iterable[str] = "region",
    framework: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Count the sentences carrying each code, per group.

    Parameters
    ----------
    coded : pandas.DataFrame
        Output of :func:`code_sentences`.
    by : str or list of str
        ``"region"`` (default), ``"doc_id"``, ``"section"`` (doc, region, section id and
        title), ``"measure"`` (doc, region, measure id and lead), or any list of columns of
        ``coded``; an empty list counts over the whole corpus.
    framework : str or sequence of str, optional
        Restrict to these frameworks; default every framework present in ``coded``.

    Returns
    -------
    pandas.DataFrame
        One row per group, framework and code (every code of the codebook, zeros included) with
        the group columns, then ``framework``, ``code``, ``label_zh``, ``label_en``,
        ``n_sentences`` (sentences of the group), ``n`` (sentences of the group carrying the
        code) and ``share`` (= n / n_sentences; ``none`` is the share left uncoded).

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a", "a"], "sentence_id": [1, 2], "region": ["R", "R"],
    ...                   "text": ["开展融资对接。", "天气很好。"]})
    >>> counts = code_counts(code_sentences(s, "pillars"), framework="pillars")
    >>> counts.set_index("code").loc[["market", "none"], ["n", "share"]].to_dict("index")
    {'market': {'n': 1, 'share': 0.5}, 'none': {'n': 1, 'share': 0.5}}
    """
    keys = _group_keys(by, coded)
    names = (
        [f for f in frameworks() if f in set(coded["framework"])]
        if framework is None
        else _frameworks(framework)
    )
    parts = []
    for name in names:
        rows = coded[coded["framework"] == name]
        sentences = rows.drop_duplicates(["doc_id", "sentence_id"])
        if keys:
            totals = sentences.groupby(keys, sort=False, dropna=False).size()
            totals = totals.rename("n_sentences").reset_index()
        else:
            totals = pd.DataFrame({"n_sentences": [len(sentences)]})
        grid = totals.merge(_code_order(name, coded), how="cross")
        hits = rows.drop_duplicates(["doc_id", "sentence_id", "code"])
        hits = hits.groupby([*keys, "code"], sort=False, dropna=False).size().rename("n")
        grid = grid.merge(hits.reset_index(), on=[*keys, "code"], how="left")
        grid["n"] = grid["n"].fillna(0).astype(int)
        grid.insert(len(keys), "framework", name)
        parts.append(grid)
    columns = [*keys, "framework", "code", "label_zh", "label_en", "n_sentences", "n"]
    if not parts:
        return pd.DataFrame(columns=[*columns, "share"])
    result = pd.concat(parts, ignore_index=True)[columns]
    result["share"] = result["n"] / result["n_sentences"]
    return result


def crosstab(
    coded: pd.DataFrame,
    row_framework: str = "levers",
    col_framework: str = "pillars",
    by_region: bool = False,
) -> pd.DataFrame:
    """Co-occurrence of two frameworks' codes: sentences coded with both codes.

    ``none`` is kept on both sides, so levers that serve no pillar (and pillars reached without
    a lever) remain visible.

    Parameters
    ----------
    coded : pandas.DataFrame
        Output of :func:`code_sentences` holding both frameworks.
    row_framework, col_framework : str
        Frameworks on the two axes (default levers × pillars).
    by_region : bool
        One table per region (a leading ``region`` column) instead of the whole corpus.

    Returns
    -------
    pandas.DataFrame
        Tidy, one row per (region,) row code and column code, every code pair included:
        ``region`` (only when ``by_region``), ``row_framework``, ``row_code``, ``row_label_zh``,
        ``row_label_en``, ``col_framework``, ``col_code``, ``col_label_zh``, ``col_label_en``,
        ``n`` (sentences carrying both codes), ``n_sentences`` (sentences of the region or
        corpus) and ``share`` (= n / n_sentences). Pivot ``n`` on ``row_code`` × ``col_code``
        for the matrix.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a"], "sentence_id": [1],
    ...                   "text": ["党员干部帮助企业融资。"]})
    >>> table = crosstab(code_sentences(s))
    >>> hits = table[table["n"] > 0]
    >>> list(zip(hits["row_code"], hits["col_code"], hits["n"]))
    [('cadres', 'market', 1), ('service', 'market', 1)]
    """
    for name in (row_framework, col_framework):
        check_framework(name)
        if name not in set(coded["framework"]):
            raise InputError(f"coded sentences hold no {name!r} codes")
    keys = ["region"] if by_region else []
    sentence = ["doc_id", "sentence_id"]
    columns = [*keys, *sentence, "code"]

    def side(name: str, prefix: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        rows = coded.loc[coded["framework"] == name, columns].drop_duplicates()
        rows = rows.rename(columns={"code": f"{prefix}_code"})
        labels = _code_order(name, coded).rename(
            columns=lambda c: f"{prefix}_{c}" if c != "code" else f"{prefix}_code"
        )
        labels.insert(0, f"{prefix}_framework", name)
        return rows, labels

    rows, row_labels = side(row_framework, "row")
    cols, col_labels = side(col_framework, "col")
    pairs = rows.merge(cols, on=[*keys, *sentence])
    counts = pairs.groupby([*keys, "row_code", "col_code"], sort=False).size().rename("n")
    sentences = coded.drop_duplicates(sentence)
    if keys:
        totals = sentences.groupby(keys, sort=True).size().rename("n_sentences").reset_index()
    else:
        totals = pd.DataFrame({"n_sentences": [len(sentences)]})
    grid = totals.merge(row_labels, how="cross").merge(col_labels, how="cross")
    grid = grid.merge(counts.reset_index(), on=[*keys, "row_code", "col_code"], how="left")
    grid["n"] = grid["n"].fillna(0).astype(int)
    grid["share"] = grid["n"] / grid["n_sentences"]
    ordered = [*keys, *row_labels.columns, *col_labels.columns, "n", "n_sentences", "share"]
    return grid[ordered].reset_index(drop=True)
