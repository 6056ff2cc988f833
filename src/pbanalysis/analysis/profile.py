"""One region's profile: its units (measures or sections), telling quotes and a summary.

Pandas over the outputs of :func:`pbanalysis.coding.coder.code_sentences`,
:func:`pbanalysis.coding.coder.code_counts` and
:func:`pbanalysis.indicators.extract.extract_indicators`; headers and sentences come from
:mod:`pbanalysis.report.words`.
"""

from __future__ import annotations

import pandas as pd

from pbanalysis.analysis.compare import SENTENCE_KEY
from pbanalysis.coding.codebook import NONE_CODE
from pbanalysis.errors import InputError
from pbanalysis.report.words import header, label_column, percent, templates, translate

__all__ = [
    "anchors",
    "overview",
    "region_units",
    "telling_quotes",
    "profile_summary",
]


def anchors(regions: list[str]) -> dict[str, str]:
    """An ASCII anchor for each region's section of a profile report, by position
    (``region-001`` …): stable for a given list, valid in any HTML id.

    Examples
    --------
    >>> anchors(["眉山市", "加格达奇区"])
    {'眉山市': 'region-001', '加格达奇区': 'region-002'}
    """
    return {region: f"region-{number:03d}" for number, region in enumerate(regions, 1)}


def overview(
    counts: pd.DataFrame, indicators: pd.DataFrame, regions: list[str], *, lang: str = "zh"
) -> pd.DataFrame:
    """One row per region, in the order given: the contents of a report profiling many regions.

    Parameters
    ----------
    counts : DataFrame
        ``coding.code_counts(coded, by="region")``.
    indicators : DataFrame
        ``extract_indicators`` output (``region`` column).
    regions : list of str
        The regions profiled, in report order.

    Returns
    -------
    pandas.DataFrame
        ``region``, ``n_sentences``, ``n_indicators`` and, per framework in ``counts``, its most
        frequent code with its share of the region's sentences (``label (share)``, ``""`` when
        the region has no code of it).

    Examples
    --------
    >>> c = pd.DataFrame({"region": ["A", "A"], "framework": ["levers"] * 2,
    ...     "code": ["org", "none"], "label_zh": ["组织覆盖", "未编码"],
    ...     "label_en": ["organisational coverage", "uncoded"], "n_sentences": [10, 10],
    ...     "n": [4, 6], "share": [0.4, 0.6]})
    >>> list(overview(c, pd.DataFrame({"region": ["A"]}), ["A"], lang="en").iloc[0].astype(str))
    ['A', '10', '1', 'organisational coverage (40.0%)']
    """
    label = label_column(lang)
    found = indicators["region"].value_counts()
    frameworks = list(dict.fromkeys(counts["framework"]))
    rows = []
    for region in regions:
        mine = counts[counts["region"] == region]
        row: dict[str, object] = {
            "region": region,
            "n_sentences": int(mine["n_sentences"].max()) if len(mine) else 0,
            "n_indicators": int(found.get(region, 0)),
        }
        for framework in frameworks:
            coded = mine[(mine["framework"] == framework) & (mine["code"] != NONE_CODE)]
            coded = coded[coded["n"] > 0].sort_values("n", ascending=False, kind="stable")
            row[framework] = (
                f"{coded.iloc[0][label]} ({percent(float(coded.iloc[0]['share']))})"
                if len(coded)
                else ""
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=["region", "n_sentences", "n_indicators", *frameworks])


def _code_list(rows: pd.DataFrame, label: str) -> str:
    """``label (n)`` for each code of ``rows`` (``none`` excluded), most sentences first."""
    rows = rows[rows["code"] != NONE_CODE].drop_duplicates([*SENTENCE_KEY, "code"])
    if rows.empty:
        return ""
    counts = rows.groupby(["code", label], sort=False).size().rename("n").reset_index()
    counts = counts.sort_values("n", ascending=False, kind="stable")
    return "；".join(f"{name} ({n})" for name, n in zip(counts[label], counts["n"], strict=True))


def region_units(coded: pd.DataFrame, region: str, *, lang: str = "zh") -> pd.DataFrame:
    """The measures of a region with their codes, or its sections when its reports have no measures.

    A unit is a measure (Meishan-style lead sentence) when any sentence of the region belongs to
    one; sentences outside measures (leads, section intros) are then left out. Otherwise each
    section (``section_id`` 0 = the lead) is a unit.

    Returns
    -------
    pandas.DataFrame
        One row per unit in text order: ``doc_id``, ``section_id``, ``section``, ``measure_id``,
        ``measure``, ``n_sentences``, then one column per framework present in ``coded``
        (``levers``, ``pillars``, ``bready``) listing ``label (sentences)`` of its codes.

    Examples
    --------
    >>> c = pd.DataFrame({"doc_id": ["d"] * 3, "region": ["A"] * 3, "section_id": [1] * 3,
    ...     "section": ["抓覆盖"] * 3, "measure_id": [1, 1, 0],
    ...     "measure": ["着力组织扩面", "着力组织扩面", ""],
    ...     "sentence_id": [2, 3, 1], "framework": ["levers"] * 3, "code": ["org", "org", "org"],
    ...     "label_zh": ["组织"] * 3, "label_en": ["org"] * 3})
    >>> region_units(c, "A")[["measure", "n_sentences", "levers"]].to_dict("records")
    [{'measure': '着力组织扩面', 'n_sentences': 2, 'levers': '组织 (2)'}]
    """
    label = label_column(lang)
    rows = coded[coded["region"] == region]
    if rows.empty:
        raise InputError(f"no coded sentences for region {region!r}")
    by_measure = bool((rows["measure_id"] > 0).any())
    if by_measure:
        rows = rows[rows["measure_id"] > 0]
    unit = ["doc_id", "measure_id"] if by_measure else ["doc_id", "section_id"]
    records = []
    for _, part in rows.groupby(unit, sort=False):
        first = part.iloc[0]
        record = {
            "doc_id": first["doc_id"],
            "section_id": int(first["section_id"]),
            "section": first["section"],
            "measure_id": int(first["measure_id"]),
            "measure": first["measure"],
            "n_sentences": len(part.drop_duplicates(SENTENCE_KEY)),
        }
        for framework in dict.fromkeys(rows["framework"]):
            record[framework] = _code_list(part[part["framework"] == framework], label)
        records.append(record)
    return pd.DataFrame(records)


def telling_quotes(
    coded: pd.DataFrame,
    indicators: pd.DataFrame | None,
    region: str,
    *,
    n: int = 5,
    lang: str = "zh",
) -> pd.DataFrame:
    """The region's most telling sentences, by a stated rule.

    Rule: a sentence's ``score`` is the number of distinct codes it carries across all frameworks
    (``none`` excluded) plus the number of quantitative indicators in it, i.e. how much coded
    substance and measurable evidence it packs. Sentences are ranked by score, then codes, then
    text order; to cover the whole report, the best sentence of each section is taken first (in
    rank order), then the next best of each section, until ``n`` are chosen. Sentences with score
    0 are never quoted.

    Returns
    -------
    pandas.DataFrame
        Up to ``n`` rows in rank order: ``doc_id``, ``region``, ``section_id``, ``section``,
        ``measure``, ``sentence_id``, ``text``, ``n_codes``, ``n_indicators``, ``score``,
        ``codes`` (labels in ``lang``, ``；``-joined, framework order).

    Examples
    --------
    >>> c = pd.DataFrame({"doc_id": ["d"] * 3, "region": ["A"] * 3, "section_id": [1, 1, 2],
    ...     "section": ["一", "一", "二"], "measure": [""] * 3, "sentence_id": [1, 1, 2],
    ...     "text": ["甲", "甲", "乙"], "framework": ["levers", "pillars", "levers"],
    ...     "code": ["org", "market", "none"], "label_zh": ["组织", "市场", "无"],
    ...     "label_en": ["org", "market", "none"]})
    >>> ind = pd.DataFrame({"doc_id": ["d"], "sentence_id": [2]})
    >>> quotes = telling_quotes(c, ind, "A")
    >>> quotes[["sentence_id", "n_codes", "n_indicators", "score"]].to_numpy().tolist()
    [[1, 2, 0, 2], [2, 0, 1, 1]]
    """
    label = label_column(lang)
    rows = coded[coded["region"] == region]
    if rows.empty:
        raise InputError(f"no coded sentences for region {region!r}")
    columns = ["doc_id", "region", "section_id", "section", "measure", "sentence_id", "text"]
    sentences = rows.drop_duplicates(SENTENCE_KEY)[columns].reset_index(drop=True)
    hits = rows[rows["code"] != NONE_CODE].drop_duplicates([*SENTENCE_KEY, "framework", "code"])
    n_codes = hits.groupby(SENTENCE_KEY).size().rename("n_codes")
    labels = hits.groupby(SENTENCE_KEY, sort=False)[label].agg("；".join).rename("codes")
    if indicators is not None and len(indicators):
        n_indicators = indicators.groupby(SENTENCE_KEY).size().rename("n_indicators")
    else:
        n_indicators = pd.Series(dtype=int, name="n_indicators")
    for series in (n_codes, n_indicators, labels):
        sentences = sentences.merge(series.reset_index(), on=SENTENCE_KEY, how="left")
    sentences["n_codes"] = sentences["n_codes"].fillna(0).astype(int)
    sentences["n_indicators"] = sentences["n_indicators"].fillna(0).astype(int)
    sentences["codes"] = sentences["codes"].fillna("").astype(str)
    sentences["score"] = sentences["n_codes"] + sentences["n_indicators"]
    sentences["_order"] = range(len(sentences))
    ranked = sentences[sentences["score"] > 0].sort_values(
        ["score", "n_codes", "_order"], ascending=[False, False, True], kind="stable"
    )
    ranked["_turn"] = ranked.groupby(["doc_id", "section_id"], sort=False).cumcount()
    ranked["_rank"] = range(len(ranked))
    chosen = ranked.sort_values(["_turn", "_rank"], kind="stable").head(n)
    chosen = chosen.sort_values("_rank", kind="stable")
    result = [*columns, "n_codes", "n_indicators", "score", "codes"]
    return chosen[result].reset_index(drop=True)


# Display headers of the columns this module produces; their English comes from the glossary.


def profile_summary(
    counts: pd.DataFrame, indicators: pd.DataFrame | None, region: str, *, lang: str = "zh"
) -> str:
    """Phrase a region's profile from ``coding.code_counts(coded, by="region")``.

    States the number of sentences, the most frequent code of each framework (``none``
    excluded) with its share, the share of sentences with no code per framework, and the number
    of quantitative indicators.

    Returns
    -------
    str
        One finding per line.

    Examples
    --------
    >>> c = pd.DataFrame({"region": ["A"] * 2, "framework": ["levers"] * 2,
    ...     "code": ["org", "none"], "label_zh": ["组织覆盖", "未编码"],
    ...     "label_en": ["organisational coverage", "uncoded"], "n_sentences": [10, 10],
    ...     "n": [4, 6], "share": [0.4, 0.6]})
    >>> print(profile_summary(c, None, "A", lang="en"))
    A: 10 sentences, 0 quantitative indicators.
    Lever: most frequent organisational coverage (4 sentences, 40.0%); uncoded 60.0%.
    """
    label = label_column(lang)
    rows = counts[counts["region"] == region]
    if rows.empty:
        raise InputError(f"no code counts for region {region!r}")
    total = int(rows["n_sentences"].max())
    found = 0 if indicators is None else int((indicators["region"] == region).sum())
    name = translate(region, lang)
    text = templates("profile", lang)
    lines = [text["head"].format(name=name, total=total, found=found)]
    for framework, part in rows.groupby("framework", sort=False):
        coded = part[part["code"] != NONE_CODE]
        uncoded = part.loc[part["code"] == NONE_CODE, "share"]
        rest = percent(float(uncoded.iloc[0])) if len(uncoded) else "n/a"
        top = coded.loc[coded["n"].idxmax()] if len(coded) and coded["n"].max() > 0 else None
        lead = (
            text["top"].format(label=top[label], n=top["n"], share=percent(top["share"]))
            if top is not None
            else text["no_code_found"]
        )
        title = header(str(framework), lang)
        lines.append(text["framework"].format(title=title, lead=lead, rest=rest))
    return "\n".join(lines)
