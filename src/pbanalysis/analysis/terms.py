"""Comparative text analysis: tokens, stop words, the user dictionary and distinctive terms.

* :func:`tokenize` / :func:`tokens` cut sentences with a private ``jieba.Tokenizer`` that knows the
  domain terms in ``data/terms/userdict.txt`` and drops numbers, punctuation, single characters and
  the stop words in ``data/terms/stopwords.txt``.
* :func:`distinctive_terms` ranks the terms of each group of documents (by default each region)
  against all other groups by the weighted log-odds ratio with an informative Dirichlet prior
  (Monroe, Colaresi & Quinn 2008, "Fightin' Words").
* :func:`summary_text` phrases the main contrasts from these tables (and, when given, the tables
  of :mod:`pbanalysis.analysis.expressions`); :func:`plot_distinctive` draws them.

Quoted expressions, ``X+Y`` compounds and mechanisms are in :mod:`pbanalysis.analysis.expressions`.
Every row keeps ``doc_id``, ``sentence_id`` and ``start``/``end`` offsets into the cleaned text of
its document (``Corpus.texts[doc_id]``). jieba and matplotlib are imported inside the functions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pbanalysis.analysis.tokens import (  # is_term … tokens re-exported from 0.1's home
    check_sentences,
    class_label,
    is_term,
    stopwords,
    term_counts,
    terms_file,
    tokenize,
    tokens,
)
from pbanalysis.corpus.regions import place_stems
from pbanalysis.errors import InputError
from pbanalysis.params import check_lang, check_top_n
from pbanalysis.report.words import templates, translate_all

__all__ = [
    "top_terms",
    "class_label",
    "is_term",
    "stopwords",
    "terms_file",
    "tokenize",
    "tokens",
    "RATE_PER",
    "log_odds",
    "distinctive_terms",
    "summary_text",
    "plot_distinctive",
]


if TYPE_CHECKING:
    from matplotlib.figure import Figure

RATE_PER = 10_000
"""Rates are given per this many characters of sentence text."""


# ---------------------------------------------------------------------------------------------
# Distinctive terms


def log_odds(
    count: float, total: float, count_other: float, total_other: float, alpha: float, alpha0: float
) -> tuple[float, float]:
    """Weighted log-odds ratio with an informative Dirichlet prior and its z-score.

    ``delta = log((y_i + a) / (n_i + a0 - y_i - a)) - log((y_j + a) / (n_j + a0 - y_j - a))``,
    ``var = 1 / (y_i + a) + 1 / (y_j + a)``, ``z = delta / sqrt(var)`` (Monroe et al. 2008, eq. 16
    and 18-20).

    Returns
    -------
    tuple of float
        ``(delta, z)``.

    Examples
    --------
    >>> delta, z = log_odds(5, 10, 1, 10, 1.0, 4.0)
    >>> round(delta, 4), round(z, 4)
    (1.5041, 1.8421)
    """
    delta = math.log((count + alpha) / (total + alpha0 - count - alpha)) - math.log(
        (count_other + alpha) / (total_other + alpha0 - count_other - alpha)
    )
    return delta, delta / math.sqrt(1 / (count + alpha) + 1 / (count_other + alpha))


def distinctive_terms(
    sentences: pd.DataFrame,
    by: str = "region",
    prior_strength: float | None = None,
    groups: Sequence[str] | None = None,
    *,
    exclude_place_names: bool = True,
    tokens_table: pd.DataFrame | None = None,
    jobs: int = 1,
) -> pd.DataFrame:
    """Terms that distinguish each group of sentences from all the other groups.

    Each group (a value of column ``by``: a region by default) is compared with all other selected
    groups taken together by the weighted log-odds ratio with an informative Dirichlet prior
    (Monroe, Colaresi & Quinn 2008; ``docs``: frameworks §4). The prior is the whole frame's
    vocabulary: ``alpha_w = prior_strength * (count of w / number of tokens)`` over every sentence
    passed, so ``alpha_0 = prior_strength``. With two groups the two comparisons mirror each other.

    Parameters
    ----------
    sentences : DataFrame
        ``Corpus.sentences`` (``doc_id``, ``sentence_id``, ``text``, ``start``, the ``by`` column).
    by : str
        Column whose values form the groups.
    prior_strength : float, optional
        ``alpha_0``, the prior's weight in tokens. ``None`` = the number of tokens in the frame
        (the prior then counts each word as often as the corpus does). Smaller values let rare
        words rank higher.
    groups : sequence of str, optional
        Groups to compare (at least two). ``None`` = every non-empty value of ``by``.
    exclude_place_names : bool
        Leave out the region names and their stems (``眉山市``, ``眉山``), which are distinctive
        for the trivial reason that each report names its own place.
    tokens_table : DataFrame, optional
        The tokens of these sentences already cut (:func:`~pbanalysis.analysis.tokens.tokens`,
        or the processed store's ``tokens`` table): ``doc_id``, ``sentence_id``, ``token``.
        Tokens of sentences not in ``sentences`` are ignored. ``None`` = cut them here.
    jobs : int
        Worker processes that cut the tokens when they are cut here (the result is the same).

    Returns
    -------
    pandas.DataFrame
        One row per term used by a group: ``term``; a column named after ``by`` and ``group``
        (both the group value); ``count`` and ``count_other`` (occurrences in the group / in the
        other groups); ``n_tokens``, ``n_tokens_other``; ``rate``, ``rate_other`` (per 10,000
        characters of sentence text); ``prior`` (alpha_w); ``delta`` (log-odds ratio, > 0 = more
        typical of the group); ``se`` (its standard error); ``z``. Sorted by ``z`` descending,
        then ``term``, then ``group``.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a", "b"], "region": ["甲市", "乙区"], "sentence_id": [1, 1],
    ...                   "text": ["党建引领，党建引领营商环境。", "营商环境，数字政府。"],
    ...                   "start": [0, 0]})
    >>> t = distinctive_terms(s)
    >>> t[["term", "region", "count", "count_other"]].head(2).values.tolist()
    [['党建引领', '甲市', 2, 0], ['数字政府', '乙区', 1, 0]]
    """
    # Long on purpose: the counts, the prior and the per-group z-scores are one computation over
    # the same count table; splitting it would pass that table through several helpers.
    frame = check_sentences(sentences, (by,))
    values = frame[by].fillna("").astype(str)
    available = [value for value in dict.fromkeys(values) if value]  # corpus order
    if groups is None:
        chosen = available
    else:
        chosen = [str(group) for group in groups]
        unknown = [group for group in chosen if group not in available]
        if unknown:
            raise InputError(
                f"unknown {by} value(s) {', '.join(unknown)}; valid: {', '.join(available)}"
            )
        chosen = list(dict.fromkeys(chosen))
    if len(chosen) < 2:
        found = ", ".join(available) or "none"
        raise InputError(f"distinctive terms need at least two {by} values; found: {found}")
    names = place_stems(frame["region"].drop_duplicates()) if exclude_place_names else set()
    if tokens_table is None:
        # counted while cut: no row per occurrence is needed for the counts
        counted = term_counts(frame["text"].tolist(), values.tolist(), jobs=jobs)
        for counter in counted.values():
            for name in names & counter.keys():
                del counter[name]
        total: Counter = Counter()
        for counter in counted.values():
            total.update(counter)
        background = pd.Series(total, dtype="int64")
        used = sorted(set().union(*(counted.get(group, Counter()) for group in chosen)))
        counts = pd.DataFrame(
            {group: [counted.get(group, Counter())[t] for t in used] for group in chosen},
            index=pd.Index(used, name="token"),
            dtype="int64",
        )
    else:
        groups_of = frame.assign(group=values)[["doc_id", "sentence_id", "group"]]
        table = tokens_table[["doc_id", "sentence_id", "token"]].merge(
            groups_of, on=["doc_id", "sentence_id"], how="inner", sort=False
        )
        table = table[~table["token"].isin(names)]
        background = table["token"].value_counts()
        selected = table[table["group"].isin(chosen)]
        counts = pd.crosstab(selected["token"], selected["group"]).reindex(
            columns=chosen, fill_value=0
        )
    n_background = int(background.sum())
    alpha0 = float(n_background if prior_strength is None else prior_strength)
    if alpha0 <= 0:
        raise InputError(f"prior_strength must be positive, got {prior_strength}")
    prior = background / n_background * alpha0
    chars = frame.assign(group=values, n=frame["text"].str.len()).groupby("group")["n"].sum()
    # each group against the others taken together, one vector operation per group: the time
    # grows with the number of groups times the vocabulary, not with its square
    matrix = counts.to_numpy(dtype=float)
    alpha = prior.reindex(counts.index).to_numpy(dtype=float)
    per_term, per_group = matrix.sum(axis=1), matrix.sum(axis=0)
    n_all = float(per_group.sum())
    chars_all = float(sum(chars.get(group, 0) for group in chosen))
    terms_index = counts.index.to_numpy()
    pieces = []
    for number, group in enumerate(chosen):
        y_i = matrix[:, number]
        keep = y_i > 0
        y_i, a = y_i[keep], alpha[keep]
        y_j = (per_term - matrix[:, number])[keep]
        n_i = float(per_group[number])
        n_j = n_all - n_i
        chars_i = float(chars.get(group, 0))
        chars_j = chars_all - chars_i
        delta = np.log((y_i + a) / (n_i + alpha0 - y_i - a)) - np.log(
            (y_j + a) / (n_j + alpha0 - y_j - a)
        )
        spread = np.sqrt(1 / (y_i + a) + 1 / (y_j + a))
        z = delta / spread
        with np.errstate(divide="ignore", invalid="ignore"):
            se = np.where(z != 0, np.abs(delta / z), spread)
        pieces.append(
            pd.DataFrame(
                {
                    "term": terms_index[keep],
                    "group": group,
                    "count": y_i.astype("int64"),
                    "count_other": y_j.astype("int64"),
                    "n_tokens": int(n_i),
                    "n_tokens_other": int(n_j),
                    "rate": y_i / chars_i * RATE_PER if chars_i else math.nan,
                    "rate_other": y_j / chars_j * RATE_PER if chars_j else math.nan,
                    "prior": a,
                    "delta": delta,
                    "se": se,
                    "z": z,
                }
            )
        )
    columns = [
        "term",
        "group",
        "count",
        "count_other",
        "n_tokens",
        "n_tokens_other",
        "rate",
        "rate_other",
        "prior",
        "delta",
        "se",
        "z",
    ]
    filled = [piece for piece in pieces if len(piece)]
    result = (
        pd.concat(filled, ignore_index=True)[columns] if filled else pd.DataFrame(columns=columns)
    )
    result = result.sort_values(
        ["z", "term", "group"], ascending=[False, True, True], kind="stable"
    )
    result.insert(1, by, result["group"])
    return result.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Summary and figure


def _label(text: str, lang: str) -> str:
    """``text`` in ``lang``; for English, Chinese with its glossary translation in brackets."""
    if lang == "zh":
        return str(text)
    from pbanalysis.report.plotting import translate

    english = translate(str(text), "en")
    return str(text) if english == str(text) else f"{text} ({english})"


def top_terms(
    distinctive: pd.DataFrame, *, top_n: int = 15, order: Sequence[str] | None = None
) -> pd.DataFrame:
    """The ``top_n`` most distinctive terms (z > 0) of each group, groups in ``order`` (by
    default code-point order), terms by z, largest first.

    Returns
    -------
    pandas.DataFrame
        The rows of ``distinctive`` kept, in that order, with a fresh index.

    Examples
    --------
    >>> d = pd.DataFrame({"term": ["甲", "乙", "丙"], "group": ["B", "A", "B"],
    ...                   "z": [2.0, 1.0, 3.0]})
    >>> top_terms(d, top_n=1, order=["B", "A"])["term"].tolist()
    ['丙', '乙']
    """
    check_top_n(top_n)
    parts = [
        distinctive[(distinctive["group"] == group) & (distinctive["z"] > 0)]
        .sort_values(["z", "term"], ascending=[False, True], kind="stable")
        .head(top_n)
        for group in _group_order(distinctive, order)
    ]
    return pd.concat(parts, ignore_index=True) if parts else distinctive.head(0)


def _group_order(distinctive: pd.DataFrame, order: Sequence[str] | None) -> list[str]:
    present = set(distinctive["group"])
    if order is None:
        return sorted(present)
    return [g for g in order if g in present] + sorted(present - set(order))


def summary_text(
    distinctive: pd.DataFrame,
    *,
    quotes: pd.DataFrame | None = None,
    compound_table: pd.DataFrame | None = None,
    mechanism_table: pd.DataFrame | None = None,
    lang: str = "zh",
    top_n: int = 5,
    threshold: float = 1.96,
    order: Sequence[str] | None = None,
) -> str:
    """Findings phrased from computed tables, one line per group and table, in ``zh`` or ``en``.

    Groups come in ``order`` (the notebooks pass the corpus order of the regions); by default
    in code-point order.

    Parameters
    ----------
    distinctive : DataFrame
        Output of :func:`distinctive_terms`.
    quotes, compound_table, mechanism_table : DataFrame, optional
        Outputs of :func:`pbanalysis.analysis.expressions.quoted_expressions`, ``compounds``,
        ``mechanisms``.
    lang : {"zh", "en"}
        Language of the text; group names are translated via ``data/glossary.csv``.
    top_n : int
        Terms listed per group.
    threshold : float
        The z-score counted as a clear contrast (1.96 ~ two-sided 5 %).

    Returns
    -------
    str
        Lines of text.

    Examples
    --------
    >>> d = pd.DataFrame({"term": ["甲词", "乙词"], "group": ["A", "B"], "count": [3, 2],
    ...                   "count_other": [0, 0], "n_tokens": [10, 8], "n_tokens_other": [8, 10],
    ...                   "z": [1.2, 0.9]})
    >>> print(summary_text(d, lang="en", top_n=1).splitlines()[0])
    A: most distinctive terms (z; count in group vs in the others): 甲词 (1.20; 3 vs 0).
    """
    # Long on purpose: one block per kind of finding, each a few lines of template filling.
    check_lang(lang)
    check_top_n(top_n)
    text = templates("terms", lang)
    lines = []
    groups = _group_order(distinctive, order)
    for group in groups:
        name = translate_all([group], lang)[0]
        rows = distinctive[(distinctive["group"] == group) & (distinctive["z"] > 0)]
        rows = rows.sort_values(["z", "term"], ascending=[False, True]).head(top_n)
        if rows.empty:
            lines.append(text["none"].format(group=name))
        else:
            items = text["sep"].join(
                text["item"].format(term=_label(term, lang), z=z, count=count, other=other)
                for term, z, count, other in zip(
                    rows["term"], rows["z"], rows["count"], rows["count_other"], strict=True
                )
            )
            lines.append(text["head"].format(group=name, items=items))
        part = distinctive[distinctive["group"] == group]
        lines.append(
            text["significant"].format(
                group=name,
                n=int((part["z"] >= threshold).sum()),
                threshold=threshold,
                n_tokens=int(part["n_tokens"].iloc[0]) if len(part) else 0,
                n_other=int(part["n_tokens_other"].iloc[0]) if len(part) else 0,
            )
        )
    for group in groups:
        name = translate_all([group], lang)[0]
        if quotes is not None:
            part = quotes[quotes["region"] == group]
            counts = part["class"].value_counts().sort_index()
            classes = text["sep"].join(
                text["pair"].format(key=class_label(key, lang), value=value)
                for key, value in counts.items()
            )
            lines.append(text["quotes"].format(group=name, n=len(part), classes=classes or "-"))
        if compound_table is not None:
            part = compound_table[compound_table["region"] == group]
            examples = text["sep"].join(dict.fromkeys(part["compound"]))
            lines.append(
                text["compounds"].format(group=name, n=len(part), examples=examples or "-")
            )
        if mechanism_table is not None:
            part = mechanism_table[mechanism_table["region"] == group]
            if part.empty:
                continue
            counts = part["type"].value_counts().sort_index()
            types = text["sep"].join(
                text["pair"].format(key=class_label(key, lang), value=value)
                for key, value in counts.items()
            )
            top = part.sort_values(["mentions", "start"], ascending=[False, True]).iloc[0]
            key = "mechanisms" if int(top["mentions"]) > 1 else "mechanisms_once"
            lines.append(
                text[key].format(
                    group=name,
                    n=len(part),
                    types=types,
                    top=top["mechanism"],
                    mentions=int(top["mentions"]),
                )
            )
    return "\n".join(lines)


def plot_distinctive(
    distinctive: pd.DataFrame,
    *,
    top_n: int = 15,
    lang: str = "zh",
    title: str = "",
    order: Sequence[str] | None = None,
) -> Figure:
    """Bar charts of the ``top_n`` most distinctive terms (z > 0) of each group, side by side
    (groups in ``order``, by default code-point order).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per group, bars = z-scores, labels translated via ``pbanalysis.report.plotting``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> d = pd.DataFrame({"term": ["甲词", "乙词"], "group": ["A", "B"], "z": [1.2, 0.9]})
    >>> len(plot_distinctive(d, top_n=5).axes)
    2
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt

    from pbanalysis.report import plotting

    check_lang(lang)
    check_top_n(top_n)
    plotting.use_cjk_font()
    groups = _group_order(distinctive, order)
    tops = [
        distinctive[(distinctive["group"] == group) & (distinctive["z"] > 0)]
        .sort_values(["z", "term"], ascending=[False, True])
        .head(top_n)
        for group in groups
    ]
    # two panels to a row at page width, so the figure reads with any number of groups
    columns = min(2, max(len(groups), 1))
    rows = -(-max(len(groups), 1) // columns)
    height = 1.2 + 0.3 * max([1, *(len(top) for top in tops)])
    fig, axes = plt.subplots(
        rows,
        columns,
        figsize=(plotting.PAGE_WIDTH, height * rows),
        layout="constrained",
        squeeze=False,
        sharex=True,
    )
    xlabel = "z（加权对数优势比）" if lang == "zh" else "z (weighted log-odds)"
    for ax, group, top in zip(axes.flat, groups, tops, strict=False):
        plotting.bar_diverging(top, category="term", value="z", title=group, lang=lang, ax=ax)
        ax.set_xlabel(xlabel)
    for ax in list(axes.flat)[len(groups) :]:
        ax.set_visible(False)
    if title:
        fig.suptitle(title)
    return fig
