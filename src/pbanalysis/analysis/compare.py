"""Comparing regions from coded sentences and indicators.

Everything here is pandas over the tidy outputs of :mod:`pbanalysis.coding.coder`
(``code_sentences``,
``code_counts``, ``crosstab``) and :mod:`pbanalysis.indicators.extract` (``extract_indicators``):

* the regions of a frame: :func:`regions_of` (checking region parameters is
  :mod:`pbanalysis.params`' job);
* lever × pillar matrices per region: :func:`matrix` pivots ``coding.crosstab(by_region=True)``;
* share differences between regions per code: :func:`share_differences` (percentage points and
  Fisher's exact test with a Holm correction);
* B-READY coverage with the topics no region touches kept: :func:`coverage`, :func:`untouched`;
* indicators joined to codes by ``(doc_id, sentence_id)``: :func:`join_indicators`,
  :func:`indicators_by_code`;
* the computed summary of the main contrasts in Chinese or English: :func:`summary_text`;
* tables ready to show: :func:`present` (labels and headers in Chinese or English).

One region's profile (its units, telling quotes and summary) is :mod:`pbanalysis.analysis.profile`.

A *share* is always "sentences of the region carrying the code / sentences of the region"; a
sentence can carry several codes, so shares of one framework can add up to more than 1.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from pbanalysis.coding.codebook import NONE_CODE
from pbanalysis.errors import InputError
from pbanalysis.params import LANGUAGES
from pbanalysis.report.words import (
    header,
    label_column,
    p_text,
    percent,
    phrase,
    templates,
    translate,
    value_label,
)

__all__ = [
    "NONE_CODE",
    "SENTENCE_KEY",
    "regions_of",
    "matrix",
    "holm",
    "share_differences",
    "coverage",
    "untouched",
    "join_indicators",
    "indicators_by_code",
    "summary_text",
    "present",
]


SENTENCE_KEY = ["doc_id", "sentence_id"]


def regions_of(frame: pd.DataFrame) -> list[str]:
    """The non-empty regions of a frame in order of first appearance.

    Examples
    --------
    >>> regions_of(pd.DataFrame({"region": ["眉山市", "", "眉山市", "加格达奇区"]}))
    ['眉山市', '加格达奇区']
    """
    return [str(value) for value in dict.fromkeys(frame["region"]) if str(value).strip()]


def matrix(
    table: pd.DataFrame, region: str | None = None, *, value: str = "n", lang: str = "zh"
) -> pd.DataFrame:
    """Pivot a tidy ``coding.crosstab`` frame into a row-code × column-code matrix for one region.

    Rows and columns keep codebook order and are labelled in ``lang`` (``label_zh`` or
    ``label_en``); every code pair is present, zeros included.

    Returns
    -------
    pandas.DataFrame
        Index: row labels (e.g. levers); columns: column labels (e.g. pillars); values: ``value``
        (``n`` sentences or ``share`` of the region's sentences).

    Examples
    --------
    >>> t = pd.DataFrame({"region": ["R"] * 2, "row_code": ["a", "a"], "row_label_zh": ["甲"] * 2,
    ...     "row_label_en": ["A"] * 2, "col_code": ["x", "y"], "col_label_zh": ["X", "Y"],
    ...     "col_label_en": ["X", "Y"], "n": [2, 0], "share": [0.5, 0.0]})
    >>> matrix(t, "R", lang="en").to_dict("index")
    {'A': {'X': 2, 'Y': 0}}
    """
    label = label_column(lang)
    rows = table if region is None else table[table["region"] == region]
    if rows.empty:
        raise InputError(f"no lever × pillar rows for region {region!r}")
    row_order = list(dict.fromkeys(rows[f"row_{label}"]))
    col_order = list(dict.fromkeys(rows[f"col_{label}"]))
    wide = rows.pivot_table(
        index=f"row_{label}", columns=f"col_{label}", values=value, aggfunc="sum", sort=False
    )
    wide = wide.reindex(index=row_order, columns=col_order)
    wide.index.name = None
    wide.columns.name = None
    return wide


def _fisher_p(n_a: int, total_a: int, n_b: int, total_b: int) -> float:
    from scipy.stats import fisher_exact

    if total_a <= 0 or total_b <= 0:
        return float("nan")
    return float(fisher_exact([[n_a, total_a - n_a], [n_b, total_b - n_b]])[1])


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm–Bonferroni adjusted p-values (step-down, monotone, capped at 1; NaN stays NaN).

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03])
    [0.03, 0.06, 0.06]
    """
    indexed = [(p, i) for i, p in enumerate(p_values) if p == p]
    indexed.sort()
    m = len(indexed)
    adjusted = [float("nan")] * len(p_values)
    running = 0.0
    for rank, (p, i) in enumerate(indexed):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[i] = round(running, 12)
    return adjusted


def share_differences(
    counts: pd.DataFrame, framework: str, regions: Sequence[str] | None = None
) -> pd.DataFrame:
    """Per code, the difference in sentence shares between every pair of regions.

    Parameters
    ----------
    counts : pandas.DataFrame
        ``coding.code_counts(coded, by="region")``: ``region, framework, code, label_zh,
        label_en, n_sentences, n, share`` with every code of the codebook (zeros included).
    framework : str
        The framework compared (``levers``, ``pillars`` or ``bready``).
    regions : sequence of str, optional
        Regions in the order to compare (pairs ``(regions[i], regions[j])``, ``i < j``);
        default every region of ``counts`` in order of appearance. At least two are needed.

    Returns
    -------
    pandas.DataFrame
        One row per region pair and code: ``framework``, ``code``, ``label_zh``, ``label_en``,
        ``region_a``, ``n_a``, ``total_a``, ``share_a``, ``region_b``, ``n_b``, ``total_b``,
        ``share_b``, ``diff_pp`` (100 × (share_a − share_b), percentage points), ``p_value``
        (two-sided Fisher's exact test on the 2 × 2 table of sentences with / without the code)
        and ``p_holm`` (Holm-adjusted over the codes of the pair). Within a pair rows are sorted
        by ``|diff_pp|``, largest first (codebook order on ties).

    Examples
    --------
    >>> c = pd.DataFrame({"region": ["A", "A", "B", "B"], "framework": ["levers"] * 4,
    ...     "code": ["org", "none"] * 2, "label_zh": ["组织", "无"] * 2,
    ...     "label_en": ["org", "none"] * 2, "n_sentences": [10, 10, 20, 20],
    ...     "n": [4, 6, 2, 18], "share": [0.4, 0.6, 0.1, 0.9]})
    >>> d = share_differences(c, "levers")
    >>> d[["code", "share_a", "share_b", "diff_pp"]].to_dict("records")[0]
    {'code': 'org', 'share_a': 0.4, 'share_b': 0.1, 'diff_pp': 30.0}
    """
    rows = counts[counts["framework"] == framework]
    if rows.empty:
        raise InputError(f"no code counts for framework {framework!r}")
    order = list(regions) if regions is not None else regions_of(rows)
    missing = [region for region in order if region not in set(rows["region"])]
    if missing:
        raise InputError(f"no code counts for region(s) {', '.join(missing)}")
    if len(order) < 2:
        raise InputError("comparing shares needs at least two regions")
    codes = rows.drop_duplicates("code")[["framework", "code", "label_zh", "label_en"]]
    parts = []
    for i, region_a in enumerate(order):
        for region_b in order[i + 1 :]:
            pair = codes.copy()
            for suffix, region in (("a", region_a), ("b", region_b)):
                side = rows.loc[rows["region"] == region, ["code", "n", "n_sentences"]]
                side = side.rename(columns={"n": f"n_{suffix}", "n_sentences": f"total_{suffix}"})
                pair = pair.merge(side, on="code", how="left")
                pair[f"n_{suffix}"] = pair[f"n_{suffix}"].fillna(0).astype(int)
                total = int(rows.loc[rows["region"] == region, "n_sentences"].max())
                pair[f"total_{suffix}"] = total
                pair[f"share_{suffix}"] = pair[f"n_{suffix}"] / total if total else float("nan")
                pair.insert(len(pair.columns) - 3, f"region_{suffix}", region)
            pair["diff_pp"] = ((pair["share_a"] - pair["share_b"]) * 100).round(10)
            pair["p_value"] = [
                _fisher_p(a, ta, b, tb)
                for a, ta, b, tb in zip(
                    pair["n_a"], pair["total_a"], pair["n_b"], pair["total_b"], strict=True
                )
            ]
            pair["p_holm"] = holm(pair["p_value"].tolist())
            pair["_rank"] = range(len(pair))
            pair = pair.assign(_size=pair["diff_pp"].abs()).sort_values(
                ["_size", "_rank"], ascending=[False, True], kind="stable"
            )
            parts.append(pair.drop(columns=["_rank", "_size"]))
    return pd.concat(parts, ignore_index=True)


def coverage(counts: pd.DataFrame, regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Coverage of a framework's codes by region, with codes that no region touches kept.

    Parameters
    ----------
    counts : pandas.DataFrame
        ``coding.code_counts(coded, by="region", framework="bready")`` (or any framework).
    regions : sequence of str, optional
        Regions to keep, in this order; default all.

    Returns
    -------
    pandas.DataFrame
        One row per code and region (codebook order, then region order): ``framework``,
        ``code``, ``label_zh``, ``label_en``, ``region``, ``n`` (sentences with the code),
        ``n_sentences``, ``share``, ``regions_touching`` (how many of the selected regions have
        at least one sentence with the code; 0 = no region touches it).

    Examples
    --------
    >>> c = pd.DataFrame({"region": ["A", "A", "B", "B"], "framework": ["bready"] * 4,
    ...     "code": ["labor", "tax"] * 2, "label_zh": ["劳动", "税收"] * 2,
    ...     "label_en": ["Labor", "Taxation"] * 2, "n_sentences": [5, 5, 4, 4],
    ...     "n": [1, 0, 0, 0], "share": [0.2, 0.0, 0.0, 0.0]})
    >>> coverage(c).drop_duplicates("code")[["code", "regions_touching"]].to_dict("records")
    [{'code': 'labor', 'regions_touching': 1}, {'code': 'tax', 'regions_touching': 0}]
    """
    order = list(regions) if regions is not None else regions_of(counts)
    rows = counts[counts["region"].isin(order)].copy()
    code_rank = {code: i for i, code in enumerate(dict.fromkeys(counts["code"]))}
    region_rank = {region: i for i, region in enumerate(order)}
    touching = rows[rows["n"] > 0].groupby("code")["region"].nunique()
    rows["regions_touching"] = rows["code"].map(touching).fillna(0).astype(int)
    rows = rows.sort_values(
        ["code", "region"],
        key=lambda column: column.map(code_rank if column.name == "code" else region_rank),
        kind="stable",
    )
    columns = ["framework", "code", "label_zh", "label_en", "region", "n", "n_sentences", "share"]
    return rows[[*columns, "regions_touching"]].reset_index(drop=True)


def untouched(coverage_table: pd.DataFrame) -> pd.DataFrame:
    """The codes (``none`` excepted) that none of the regions in a :func:`coverage` table touches.

    Returns
    -------
    pandas.DataFrame
        ``framework``, ``code``, ``label_zh``, ``label_en``, one row per untouched code.

    Examples
    --------
    >>> t = pd.DataFrame({"framework": ["bready"] * 2, "code": ["labor", "tax"],
    ...     "label_zh": ["劳动", "税收"], "label_en": ["Labor", "Taxation"],
    ...     "regions_touching": [1, 0]})
    >>> untouched(t)["code"].tolist()
    ['tax']
    """
    rows = coverage_table[
        (coverage_table["regions_touching"] == 0) & (coverage_table["code"] != NONE_CODE)
    ]
    return rows.drop_duplicates("code")[["framework", "code", "label_zh", "label_en"]].reset_index(
        drop=True
    )


def join_indicators(
    indicators: pd.DataFrame, coded: pd.DataFrame, framework: str | None = None
) -> pd.DataFrame:
    """Attach to each indicator the codes of its sentence, matched on ``(doc_id, sentence_id)``.

    An indicator whose sentence carries several codes appears once per code; one whose sentence
    has no code row at all is kept with code ``none``.

    Returns
    -------
    pandas.DataFrame
        The indicator columns, then ``framework``, ``code``, ``label_zh``, ``label_en``.

    Examples
    --------
    >>> ind = pd.DataFrame({"doc_id": ["d", "d"], "sentence_id": [1, 2], "region": ["A", "A"],
    ...                     "surface": ["250家", "6场"]})
    >>> cod = pd.DataFrame({"doc_id": ["d", "d"], "sentence_id": [1, 1],
    ...     "framework": ["levers"] * 2, "code": ["org", "service"],
    ...     "label_zh": ["组织", "服务"], "label_en": ["org", "service"]})
    >>> joined = join_indicators(ind, cod, "levers")
    >>> list(zip(joined["surface"], joined["code"]))
    [('250家', 'org'), ('250家', 'service'), ('6场', 'none')]
    """
    codes = coded if framework is None else coded[coded["framework"] == framework]
    codes = codes[[*SENTENCE_KEY, "framework", "code", "label_zh", "label_en"]].drop_duplicates()
    joined = indicators.merge(codes, on=SENTENCE_KEY, how="left", sort=False)
    if framework is not None:
        joined["framework"] = joined["framework"].fillna(framework)
    joined["code"] = joined["code"].fillna(NONE_CODE)
    joined["label_zh"] = joined["label_zh"].fillna("")
    joined["label_en"] = joined["label_en"].fillna("")
    return joined.reset_index(drop=True)


def indicators_by_code(
    joined: pd.DataFrame,
    regions: Sequence[str] | None = None,
    *,
    codebook: pd.DataFrame | None = None,
    examples: int = 3,
) -> pd.DataFrame:
    """Count indicators per region and code (from :func:`join_indicators`), zeros included.

    Parameters
    ----------
    joined : pandas.DataFrame
        Output of :func:`join_indicators` for one framework.
    regions : sequence of str, optional
        Regions to report, in order; default every region of ``joined``.
    codebook : pandas.DataFrame, optional
        ``code, label_zh, label_en`` of every code to list (``coding.load_codebook``); default
        the codes present in ``joined``.
    examples : int
        How many indicator surfaces to quote per cell.

    Returns
    -------
    pandas.DataFrame
        One row per region and code: ``region``, ``code``, ``label_zh``, ``label_en``,
        ``n_indicators``, ``n_indicator_sentences`` (sentences holding them) and ``examples``
        (the first ``examples`` surfaces, ``; ``-joined, in text order).

    Examples
    --------
    >>> j = pd.DataFrame({"doc_id": ["d"] * 3, "sentence_id": [1, 1, 2], "region": ["A"] * 3,
    ...     "surface": ["250家", "6场", "45个"], "code": ["org", "org", "none"],
    ...     "label_zh": ["组织", "组织", ""], "label_en": ["org", "org", ""]})
    >>> table = indicators_by_code(j)
    >>> table[["code", "n_indicators", "n_indicator_sentences"]].to_dict("records")[0]
    {'code': 'org', 'n_indicators': 2, 'n_indicator_sentences': 1}
    """
    order = list(regions) if regions is not None else regions_of(joined)
    if codebook is not None:
        codes = codebook[["code", "label_zh", "label_en"]].drop_duplicates("code")
    else:
        codes = joined[["code", "label_zh", "label_en"]].drop_duplicates("code")
    rows = joined[joined["region"].isin(order)]
    grouped = rows.groupby(["region", "code"], sort=False)
    stats = pd.DataFrame(
        {
            "n_indicators": grouped.size(),
            "n_indicator_sentences": grouped.apply(
                lambda part: len(part.drop_duplicates(SENTENCE_KEY)), include_groups=False
            )
            if len(rows)
            else pd.Series(dtype=int),
            "examples": grouped["surface"].agg(lambda s: "; ".join(list(s)[:examples])),
        }
    ).reset_index()
    grid = pd.DataFrame({"region": order}).merge(codes, how="cross")
    grid = grid.merge(stats, on=["region", "code"], how="left")
    grid["n_indicators"] = grid["n_indicators"].fillna(0).astype(int)
    grid["n_indicator_sentences"] = grid["n_indicator_sentences"].fillna(0).astype(int)
    grid["examples"] = grid["examples"].fillna("").astype(str)
    return grid


def summary_text(
    differences: pd.DataFrame,
    coverage_table: pd.DataFrame | None = None,
    lever_pillar: pd.DataFrame | None = None,
    *,
    lang: str = "zh",
    top: int = 3,
    alpha: float = 0.05,
) -> str:
    """Phrase the main contrasts between regions from computed tables, in Chinese or English.

    For each region pair, the ``top`` codes (``none`` excluded) with the largest absolute share
    difference are stated with both shares, the difference in percentage points and the
    Holm-adjusted p-value, saying whether the difference holds at ``alpha``. Codes neither region
    uses are skipped. With ``coverage_table`` the codes no region touches and each region's share
    of sentences without any code are added; with ``lever_pillar`` (``coding.crosstab`` by region)
    each region's most frequent lever × pillar pair.

    Returns
    -------
    str
        One finding per line.

    Examples
    --------
    >>> d = pd.DataFrame({"framework": ["levers"], "code": ["org"], "label_zh": ["组织覆盖"],
    ...     "label_en": ["organisational coverage"], "region_a": ["眉山市"], "n_a": [8],
    ...     "total_a": [20], "share_a": [0.4], "region_b": ["加格达奇区"], "n_b": [2],
    ...     "total_b": [20], "share_b": [0.1], "diff_pp": [30.0], "p_value": [0.06],
    ...     "p_holm": [0.06]})
    >>> print(summary_text(d, lang="en"))  # doctest: +NORMALIZE_WHITESPACE
    Meishan leans more than Jiagedaqi on organisational coverage: 40.0% of its sentences
    vs 10.0% (+30.0 pp; Holm-adjusted Fisher p = 0.060, not significant at 0.05).
    """
    # Long on purpose: one block per kind of finding, each a few lines of template filling.
    label = label_column(lang)
    text = templates("compare", lang)
    lines = []
    for (region_a, region_b), pair in differences.groupby(["region_a", "region_b"], sort=False):
        shown = pair[(pair["code"] != NONE_CODE) & ((pair["n_a"] + pair["n_b"]) > 0)].head(top)
        for row in shown.itertuples(index=False):
            lead, other = (region_a, region_b) if row.diff_pp >= 0 else (region_b, region_a)
            share_lead, share_other = (
                (row.share_a, row.share_b) if row.diff_pp >= 0 else (row.share_b, row.share_a)
            )
            significant = row.p_holm == row.p_holm and row.p_holm < alpha
            lines.append(
                text["contrast"].format(
                    lead=translate(lead, lang),
                    other=translate(other, lang),
                    name=getattr(row, label),
                    share_lead=percent(share_lead),
                    share_other=percent(share_other),
                    diff=abs(row.diff_pp),
                    p=p_text(row.p_holm),
                    alpha=alpha,
                    verdict=text["significant" if significant else "not_significant"],
                )
            )
    if coverage_table is not None and not coverage_table.empty:
        missing = untouched(coverage_table)
        names = [str(value) for value in missing[label]]
        none_rows = coverage_table[coverage_table["code"] == NONE_CODE]
        kind = str(coverage_table["framework"].iloc[0])
        title = header(kind, lang)
        listed = text["sep"].join(names) if names else phrase("none_word", lang)
        lines.append(text["untouched"].format(title=title, listed=listed))
        if not none_rows.empty:
            parts = text["clause_sep"].join(
                text["region_share"].format(
                    region=translate(r.region, lang), share=percent(r.share)
                )
                for r in none_rows.itertuples(index=False)
            )
            lines.append(text["uncoded_share"].format(title=title, parts=parts))
    if lever_pillar is not None and not lever_pillar.empty:
        coded_pairs = lever_pillar[
            (lever_pillar["row_code"] != NONE_CODE) & (lever_pillar["col_code"] != NONE_CODE)
        ]
        known = list(dict.fromkeys([*differences["region_a"], *differences["region_b"]]))
        present_regions = regions_of(coded_pairs)
        ordered = [r for r in known if r in present_regions]
        ordered += [r for r in present_regions if r not in ordered]
        for region in ordered:
            part = coded_pairs[coded_pairs["region"] == region]
            best = part.loc[part["n"].idxmax()]
            if best["n"] == 0:
                continue
            lines.append(
                text["top_pair"].format(
                    region=translate(region, lang),
                    row=best[f"row_{label}"],
                    col=best[f"col_{label}"],
                    n=best["n"],
                    share=percent(best["share"]),
                )
            )
    return "\n".join(lines)


_REGION_COLUMNS = (
    "region",
    "region_a",
    "region_b",
    "unit",
    "other",
    "province",
    "prefecture",
    "level",
)
_FRAMEWORK_COLUMNS = ("framework",)
_CLASS_COLUMNS = ("class", "type")
_VALUE_COLUMNS = ("qualifier", "status")


def present(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table for people in ``lang``: one label column, names, values and headers translated.

    ``label_zh``/``label_en`` become a single ``label`` column in ``lang`` (any ``X_zh``/``X_en``
    pair a single ``X``: ``meaning_zh``/``meaning_en`` -> ``meaning``); region and unit
    columns are translated with the glossary, framework names with their headers, quote classes
    and mechanism types with ``data/terms/class_labels.csv``, qualifiers and statuses with
    ``data/words/values.csv``, true/false with the words of
    ``data/words/phrases.csv``; column names are replaced by the headers of
    ``data/words/headers.csv``. Other columns (codes, numbers, text quoted from the articles)
    are kept.

    Returns
    -------
    pandas.DataFrame
        A new frame with the same rows.

    Examples
    --------
    >>> f = pd.DataFrame({"region": ["眉山市"], "code": ["org"], "label_zh": ["组织覆盖"],
    ...                   "label_en": ["organisational coverage"], "share": [0.4]})
    >>> present(f, "en").columns.tolist()
    ['Region', 'Code', 'Label', 'Share']
    >>> present(f, "zh").columns.tolist()
    ['地区', '编码', '标签', '占比']
    """
    from pbanalysis.analysis.tokens import class_label

    table = frame.copy()
    for base in dict.fromkeys(c[:-3] for c in table.columns if str(c)[-3:] in ("_zh", "_en")):
        table = table.drop(
            columns=[f"{base}_{other}" for other in LANGUAGES if other != lang], errors="ignore"
        )
        table = table.rename(columns={f"{base}_{lang}": base})
    for column in _REGION_COLUMNS:
        if column in table.columns:
            table[column] = [translate(str(value), lang) for value in table[column]]
    for column in _FRAMEWORK_COLUMNS:
        if column in table.columns:
            table[column] = [header(str(value), lang) for value in table[column]]
    for column in _CLASS_COLUMNS:
        if column in table.columns:
            table[column] = [class_label(str(value), lang) for value in table[column]]
    for column in _VALUE_COLUMNS:
        if column in table.columns:
            table[column] = [value_label(column, value, lang) for value in table[column]]
    yes, no = phrase("yes_word", lang), phrase("no_word", lang)
    for column in table.columns:
        if table[column].dtype == bool:
            table[column] = [yes if value else no for value in table[column]]
    return table.rename(columns=lambda column: header(column, lang)).reset_index(drop=True)
