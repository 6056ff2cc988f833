"""Comparisons that read with 2, 6 or 300 regions: shares per unit, each unit against the rest of
the corpus, groups of regions, and pairwise contrasts only for a chosen few.

A *unit* is what is compared: a region, or a group of regions given by a column of the
documents table (``province``, ``level``, or a researcher's own ``group`` column of
``data/corpus.csv``). A *share* is "sentences of the unit carrying the code / sentences of the
unit".

* :func:`unit_shares` counts sentences per unit and code (zeros included, codebook order, units in
  corpus order);
* :func:`contrasts` tests each unit against the rest of the corpus (or every pair of an explicitly
  chosen small set): difference in percentage points with a Newcombe 95 % confidence interval,
  Fisher's exact test, and one correction (Holm or Benjamini–Hochberg) over every test the table
  reports; units with fewer sentences than ``min_sentences`` are flagged and not tested;
* :func:`order_units` orders the units by corpus order or by clustering of their share profiles;
* :func:`findings` phrases the largest significant contrasts, or says once that none is
  significant.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from pbanalysis.coding.codebook import NONE_CODE, load_codebook
from pbanalysis.errors import InputError
from pbanalysis.io import paths
from pbanalysis.io.datafiles import read_table
from pbanalysis.report.words import label_column, percent, templates, translate

__all__ = [
    "CORRECTIONS",
    "MAX_PAIR_UNITS",
    "unit_of_sentences",
    "unit_shares",
    "wilson_interval",
    "newcombe_interval",
    "adjust",
    "contrasts",
    "order_units",
    "findings",
]

CORRECTIONS = {"holm": "Holm", "fdr_bh": "Benjamini–Hochberg"}
"""Multiple-testing corrections: parameter value -> name written in the tables."""
MAX_PAIR_UNITS = 8
"""Pairwise contrasts are for a chosen few: at most this many units (28 pairs)."""
_Z95 = 1.959963984540054


def unit_of_sentences(
    sentences: pd.DataFrame, documents: pd.DataFrame, by: str = "region"
) -> pd.Series:
    """The unit of each sentence: its ``region`` or the value of a documents column ``by``.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a", "b"], "region": ["甲县", "乙县"]})
    >>> d = pd.DataFrame({"doc_id": ["a", "b"], "province": ["A省", "B省"]})
    >>> unit_of_sentences(s, d, "province").tolist()
    ['A省', 'B省']
    """
    if by == "region" and "region" in sentences.columns:
        return sentences["region"].fillna("").astype(str)
    if by not in documents.columns:
        documents = _with_manifest_columns(documents)
    if by not in documents.columns:
        raise InputError(
            f"group_by={by!r}: not a column of the documents or of the manifest "
            f"(choose one of {', '.join(documents.columns)})"
        )
    mapping = dict(zip(documents["doc_id"], documents[by].fillna("").astype(str), strict=True))
    return sentences["doc_id"].map(mapping).fillna("").astype(str)


def _with_manifest_columns(documents: pd.DataFrame) -> pd.DataFrame:
    """``documents`` with the researcher's own columns of ``data/corpus.csv`` (e.g. ``group``)."""
    path = paths.manifest_path()
    if not path.is_file():
        return documents
    manifest = read_table(path, ["doc_id"])
    extra = [c for c in manifest.columns if c not in documents.columns]
    return documents.merge(manifest[["doc_id", *extra]], on="doc_id", how="left")


def unit_shares(
    coded: pd.DataFrame,
    framework: str,
    units: pd.Series,
    *,
    order: Sequence[str] | None = None,
    codebook: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Sentences per unit and code of one framework, zeros included.

    Parameters
    ----------
    coded : pandas.DataFrame
        ``coding.code_sentences`` output.
    framework : str
        The framework to count.
    units : pandas.Series
        The unit of each row of ``coded`` (same index), e.g. from :func:`unit_of_sentences`
        applied to ``coded``; rows with an empty unit are left out.
    order : sequence of str, optional
        Units in this order; default first-appearance (corpus) order.
    codebook : pandas.DataFrame, optional
        ``code, label_zh, label_en`` of the codes to list; default the framework's codebook
        (every code, so codes no unit uses are kept with zeros).

    Returns
    -------
    pandas.DataFrame
        ``unit, framework, code, label_zh, label_en, n`` (sentences with the code),
        ``n_sentences`` (sentences of the unit), ``share``; codes in codebook order within each
        unit, ``none`` included.

    Examples
    --------
    >>> c = pd.DataFrame({"doc_id": ["d"] * 3, "sentence_id": [1, 1, 2],
    ...     "framework": ["levers"] * 3, "code": ["org", "cadres", "none"],
    ...     "label_zh": ["组织", "队伍", "无"], "label_en": ["org", "cadres", "none"]})
    >>> book = c[["code", "label_zh", "label_en"]].drop_duplicates()
    >>> t = unit_shares(c, "levers", pd.Series(["A"] * 3), codebook=book)
    >>> t[["code", "n", "n_sentences", "share"]].values.tolist()
    [['org', 1, 2, 0.5], ['cadres', 1, 2, 0.5], ['none', 1, 2, 0.5]]
    """
    rows = coded.assign(unit=units.values)
    rows = rows[(rows["framework"] == framework) & (rows["unit"] != "")]
    if rows.empty:
        raise InputError(f"no coded sentences for framework {framework!r}")
    known = list(dict.fromkeys(rows["unit"]))
    chosen = [u for u in order if u in known] if order is not None else known
    if codebook is None:
        codebook = load_codebook(framework)
    codes = codebook[["code", "label_zh", "label_en"]].drop_duplicates("code")
    totals = rows.drop_duplicates(["unit", "doc_id", "sentence_id"]).groupby("unit").size()
    hits = rows.drop_duplicates(["unit", "doc_id", "sentence_id", "code"])
    counts = hits.groupby(["unit", "code"]).size().rename("n").reset_index()
    grid = pd.DataFrame({"unit": chosen}).merge(codes, how="cross")
    grid = grid.merge(counts, on=["unit", "code"], how="left")
    grid["n"] = grid["n"].fillna(0).astype(int)
    grid["n_sentences"] = grid["unit"].map(totals).astype(int)
    grid["share"] = grid["n"] / grid["n_sentences"]
    grid.insert(1, "framework", framework)
    return grid[["unit", "framework", "code", "label_zh", "label_en", "n", "n_sentences", "share"]]


def wilson_interval(k: int, n: int, z: float = _Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion ``k / n`` (``(nan, nan)`` when ``n`` is 0).

    Examples
    --------
    >>> [round(x, 4) for x in wilson_interval(4, 10)]
    [0.1682, 0.6873]
    """
    if n <= 0:
        return (math.nan, math.nan)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def newcombe_interval(k1: int, n1: int, k2: int, n2: int, z: float = _Z95) -> tuple[float, float]:
    """Newcombe's hybrid score interval (his method 10) of the difference ``k1/n1 - k2/n2``.

    Examples
    --------
    >>> [round(x, 4) for x in newcombe_interval(56, 70, 48, 80)]
    [0.0524, 0.3339]
    """
    if n1 <= 0 or n2 <= 0:
        return (math.nan, math.nan)
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1, z)
    l2, u2 = wilson_interval(k2, n2, z)
    low = p1 - p2 - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = p1 - p2 + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return (low, high)


def adjust(p_values: Sequence[float], method: str = "holm") -> list[float]:
    """Adjust a family of p-values (``holm`` or ``fdr_bh``); missing values stay missing and are
    not counted in the family.

    Examples
    --------
    >>> adjust([0.01, 0.04, 0.03], "holm")
    [0.03, 0.06, 0.06]
    >>> [round(p, 3) for p in adjust([0.01, 0.04, 0.03], "fdr_bh")]
    [0.03, 0.04, 0.04]
    """
    if method not in CORRECTIONS:
        raise InputError(f"correction={method!r}: expected one of {', '.join(CORRECTIONS)}")
    present = [(p, i) for i, p in enumerate(p_values) if p == p]
    m = len(present)
    adjusted = [math.nan] * len(p_values)
    ranked = sorted(present)
    if method == "holm":
        running = 0.0
        for rank, (p, i) in enumerate(ranked):
            running = max(running, min(1.0, (m - rank) * p))
            adjusted[i] = running
    else:
        running = 1.0
        for rank in range(m - 1, -1, -1):
            p, i = ranked[rank]
            running = min(running, p * m / (rank + 1))
            adjusted[i] = min(1.0, running)
    return adjusted


def _fisher(k1: int, n1: int, k2: int, n2: int) -> float:
    from scipy.stats import fisher_exact

    return float(fisher_exact([[k1, n1 - k1], [k2, n2 - k2]])[1])


def _sides(shares: pd.DataFrame, versus: str, units: Sequence[str] | None) -> list[tuple]:
    """``(unit, other label, rows of unit, rows of the other side)`` for each comparison."""
    known = list(dict.fromkeys(shares["unit"]))
    if versus == "rest" and len(known) == 2:
        # with two units "the rest" is the other unit: one comparison, not two mirrored ones
        return [
            (
                known[0],
                known[1],
                shares[shares["unit"] == known[0]],
                shares[shares["unit"] == known[1]],
            )
        ]
    if versus == "rest":
        return [
            (unit, "", shares[shares["unit"] == unit], shares[shares["unit"] != unit])
            for unit in known
        ]
    if versus != "pairs":
        raise InputError(f"versus={versus!r}: expected 'rest' or 'pairs'")
    chosen = list(units or [])
    if not 2 <= len(chosen) <= MAX_PAIR_UNITS:
        raise InputError(
            f"pairwise contrasts need 2 to {MAX_PAIR_UNITS} chosen units, got {len(chosen)}"
        )
    missing = [unit for unit in chosen if unit not in known]
    if missing:
        raise InputError(f"no sentences for unit(s) {', '.join(missing)}")
    return [
        (a, b, shares[shares["unit"] == a], shares[shares["unit"] == b])
        for i, a in enumerate(chosen)
        for b in chosen[i + 1 :]
    ]


def contrasts(
    shares: pd.DataFrame,
    *,
    versus: str = "rest",
    units: Sequence[str] | None = None,
    min_sentences: int = 20,
    correction: str = "holm",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Each unit against the rest of the corpus (``versus="rest"``), or every pair of a chosen
    small set of units (``versus="pairs"``), for every code of one framework but ``none``. With
    only two units, "the rest" is the other one and each code is tested once.

    Every test in the returned table belongs to one family, corrected together by ``correction``
    (its name is in the ``correction`` column). A unit (or the other side) with fewer than
    ``min_sentences`` sentences is kept in the table with ``too_few`` true and no test; codes
    that neither side uses are not tested either.

    Returns
    -------
    pandas.DataFrame
        ``framework, code, label_zh, label_en, unit, other`` ("" = the rest of the corpus),
        ``n, total, share`` (the unit), ``n_other, total_other, share_other``, ``diff_pp``
        (percentage points, unit minus other), ``ci_low_pp``, ``ci_high_pp`` (Newcombe 95 %),
        ``p_value`` (Fisher's exact test), ``p_adjusted``, ``correction``, ``significant``
        (``p_adjusted < alpha``), ``too_few``; ordered by ``|diff_pp|``, largest first, among the
        tested rows, then the untested ones.

    Examples
    --------
    >>> s = pd.DataFrame({"unit": ["A", "B", "C"], "framework": ["levers"] * 3,
    ...     "code": ["org"] * 3, "label_zh": ["组织"] * 3, "label_en": ["org"] * 3,
    ...     "n": [30, 5, 2], "n_sentences": [40, 40, 5], "share": [0.75, 0.125, 0.4]})
    >>> t = contrasts(s, min_sentences=10)
    >>> t[["unit", "too_few", "significant"]].values.tolist()
    [['A', False, True], ['B', False, True], ['C', True, False]]
    """
    rows = []
    for unit, other, mine, theirs in _sides(shares, versus, units):
        total = int(mine["n_sentences"].iloc[0])
        other_totals = theirs.drop_duplicates("unit")["n_sentences"]
        total_other = int(other_totals.sum())
        too_few = total < min_sentences or (versus == "pairs" and total_other < min_sentences)
        theirs_by_code = theirs.groupby("code", sort=False)["n"].sum()
        for row in mine.itertuples(index=False):
            if row.code == NONE_CODE:
                continue
            n, n_other = int(row.n), int(theirs_by_code.get(row.code, 0))
            tested = not too_few and total_other > 0 and (n + n_other) > 0
            share = n / total if total else math.nan
            share_other = n_other / total_other if total_other else math.nan
            low, high = (
                newcombe_interval(n, total, n_other, total_other)
                if tested
                else (
                    math.nan,
                    math.nan,
                )
            )
            rows.append(
                {
                    "framework": row.framework,
                    "code": row.code,
                    "label_zh": row.label_zh,
                    "label_en": row.label_en,
                    "unit": unit,
                    "other": other,
                    "n": n,
                    "total": total,
                    "share": share,
                    "n_other": n_other,
                    "total_other": total_other,
                    "share_other": share_other,
                    "diff_pp": round((share - share_other) * 100, 10),
                    "ci_low_pp": round(low * 100, 10),
                    "ci_high_pp": round(high * 100, 10),
                    "p_value": _fisher(n, total, n_other, total_other) if tested else math.nan,
                    "too_few": too_few,
                }
            )
    table = pd.DataFrame(rows)
    if table.empty:
        raise InputError("no codes to compare")
    table["p_adjusted"] = adjust(table["p_value"].tolist(), correction)
    table["correction"] = CORRECTIONS[correction]
    table["significant"] = table["p_adjusted"].lt(alpha)
    tested = table["p_value"].notna()
    table = table.assign(_tested=~tested, _size=-table["diff_pp"].abs().fillna(0))
    table = table.sort_values(["_tested", "_size"], kind="stable").drop(
        columns=["_tested", "_size"]
    )
    columns = [
        "framework", "code", "label_zh", "label_en", "unit", "other", "n", "total", "share",
        "n_other", "total_other", "share_other", "diff_pp", "ci_low_pp", "ci_high_pp",
        "p_value", "p_adjusted", "correction", "significant", "too_few",
    ]  # fmt: skip
    return table[columns].reset_index(drop=True)


def order_units(shares: pd.DataFrame, order: str = "corpus") -> list[str]:
    """The units of a :func:`unit_shares` table in ``corpus`` order (first appearance, i.e.
    manifest order) or ``cluster`` order (average-linkage clustering of the units' share
    profiles, Euclidean distance, with optimal leaf ordering: similar units end up together).

    Examples
    --------
    >>> s = pd.DataFrame({"unit": list("ABCC")[:3] * 2, "code": ["x"] * 3 + ["y"] * 3,
    ...                   "share": [0.9, 0.1, 0.8, 0.1, 0.9, 0.2]})
    >>> order_units(s, "corpus"), order_units(s, "cluster")
    (['A', 'B', 'C'], ['B', 'C', 'A'])
    """
    units = list(dict.fromkeys(shares["unit"]))
    if order == "corpus" or len(units) < 3:
        if order not in ("corpus", "cluster"):
            raise InputError(f"order={order!r}: expected 'corpus' or 'cluster'")
        return units
    if order != "cluster":
        raise InputError(f"order={order!r}: expected 'corpus' or 'cluster'")
    from scipy.cluster.hierarchy import leaves_list, linkage, optimal_leaf_ordering

    profile = shares.pivot_table(index="unit", columns="code", values="share", sort=False)
    profile = profile.reindex(units).fillna(0.0)
    tree = linkage(profile.to_numpy(), method="average", metric="euclidean")
    tree = optimal_leaf_ordering(tree, profile.to_numpy())
    return [units[i] for i in leaves_list(tree)]


def findings(table: pd.DataFrame, *, lang: str = "zh", top: int = 5, alpha: float = 0.05) -> str:
    """The largest significant contrasts of a :func:`contrasts` table, phrased in ``lang``:
    at most ``top`` of them, largest first; when none is significant, one sentence says so and
    names the largest difference; units left out for too few sentences are named once.

    Examples
    --------
    >>> t = pd.DataFrame({"framework": ["levers"], "code": ["org"], "label_zh": ["组织覆盖"],
    ...     "label_en": ["organisational coverage"], "unit": ["眉山市"], "other": [""], "n": [30],
    ...     "total": [40], "share": [0.75], "n_other": [5], "total_other": [40],
    ...     "share_other": [0.125], "diff_pp": [62.5], "ci_low_pp": [44.0], "ci_high_pp": [74.0],
    ...     "p_value": [1e-8], "p_adjusted": [1e-8], "correction": ["Holm"],
    ...     "significant": [True], "too_few": [False]})
    >>> print(findings(t, lang="en"))  # doctest: +NORMALIZE_WHITESPACE
    Meishan, organisational coverage: 75.0% of its sentences vs 12.5% in the rest of the corpus
    (+62.5 pp, 95% CI 44.0 to 74.0; Holm-adjusted p < 0.001 over 1 test(s)).
    """
    text = templates("contrasts", lang)
    label = label_column(lang)
    tested = table[table["p_value"].notna()]
    significant = tested[tested["significant"]].head(top)
    method = str(table["correction"].iloc[0]) if len(table) else ""
    lines = []
    for row in significant.itertuples(index=False):
        other = translate(row.other, lang) if row.other else text["rest"]
        p = row.p_adjusted
        lines.append(
            text["finding"].format(
                unit=translate(row.unit, lang),
                code=getattr(row, label),
                share=percent(row.share),
                share_other=percent(row.share_other),
                other=other,
                diff=row.diff_pp,
                low=row.ci_low_pp,
                high=row.ci_high_pp,
                method=method,
                p="< 0.001" if p < 0.001 else f"= {p:.3f}",
                m=len(tested),
            )
        )
    if significant.empty:
        largest = tested.head(1)
        biggest = ""
        if len(largest):
            row = largest.iloc[0]
            biggest = text["largest"].format(
                unit=translate(row["unit"], lang),
                code=row[label],
                diff=row["diff_pp"],
                p=row["p_adjusted"],
            )
        lines.append(
            text["none_significant"].format(m=len(tested), method=method, alpha=alpha) + biggest
        )
    flagged = list(dict.fromkeys(table.loc[table["too_few"], "unit"]))
    if flagged:
        names = text["sep"].join(translate(unit, lang) for unit in flagged)
        lines.append(text["too_few"].format(n=len(flagged), units=names))
    return "\n".join(lines)
