"""Comparative text analysis: tokens, stop words, the user dictionary and distinctive terms.

* :func:`tokenize` / :func:`tokens` cut sentences with a private ``jieba.Tokenizer`` that knows the
  domain terms in ``data/terms/userdict.txt`` and drops numbers, punctuation, single characters and
  the stop words in ``data/terms/stopwords.txt``.
* :func:`distinctive_terms` ranks the terms of each group of documents (by default each region)
  against all other groups by the weighted log-odds ratio with an informative Dirichlet prior
  (Monroe, Colaresi & Quinn 2008, "Fightin' Words").
* :func:`summary_text` phrases the main contrasts from these tables (and, when given, the tables
  of :mod:`pbanalysis.expressions`); :func:`plot_distinctive` draws them.

Quoted expressions, ``X+Y`` compounds and mechanisms are in :mod:`pbanalysis.expressions`.
Every row keeps ``doc_id``, ``sentence_id`` and ``start``/``end`` offsets into the cleaned text of
its document (``Corpus.texts[doc_id]``). jieba and matplotlib are imported inside the functions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pbanalysis import paths
from pbanalysis.errors import InputError
from pbanalysis.params import check_lang, check_top_n

if TYPE_CHECKING:
    from matplotlib.figure import Figure

RATE_PER = 10_000
"""Rates are given per this many characters of sentence text."""

_SENTENCE_COLUMNS = ("doc_id", "sentence_id", "text", "start")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_CHAR = re.compile(rf"[{_CJK}A-Za-z]")
_DIGIT = re.compile(r"\d")
_CHINESE_NUMBER = re.compile(
    r"^[零〇一二两三四五六七八九十百千万亿余多几]+"
    r"[个件条家名人次项份张批场起所座户元位年月日天倍]*$"
)


# ---------------------------------------------------------------------------------------------
# Researcher-editable lists under data/terms/


def terms_file(name: str) -> Path:
    """A file under ``data/terms/``, e.g. ``terms_file("stopwords.txt")``.

    Examples
    --------
    >>> terms_file("userdict.txt").name
    'userdict.txt'
    """
    return paths.data_file("terms", name)


def class_label(code: str, lang: str) -> str:
    """The ``lang`` label of a quote class or mechanism type (``data/terms/class_labels.csv``);
    the code itself when the file has no row for it.

    Examples
    --------
    >>> class_label("slogan", "zh"), class_label("slogan", "en"), class_label("new", "zh")
    ('口号', 'slogan', 'new')
    """
    path = terms_file("class_labels.csv")
    return _class_labels(str(path), _stamp(path))[check_lang(lang)].get(code, code)


@lru_cache(maxsize=2)
def _class_labels(path: str, stamp: int) -> dict[str, dict[str, str]]:
    labels = _read_csv(Path(path), ["code", "label_zh", "label_en"])
    return {
        lang: dict(zip(labels["code"], labels[f"label_{lang}"], strict=True))
        for lang in ("zh", "en")
    }


def _read_lines(path: Path) -> list[str]:
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _read_csv(path: Path, required: Sequence[str]) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    return frame.apply(lambda column: column.str.strip())


def _stamp(path: Path) -> int:
    return path.stat().st_mtime_ns if path.is_file() else -1


def stopwords() -> frozenset[str]:
    """The stop words of ``data/terms/stopwords.txt`` (one per line, ``#`` starts a comment).

    Examples
    --------
    >>> "以及" in stopwords()
    True
    """
    path = terms_file("stopwords.txt")
    return _stopwords(str(path), _stamp(path))


@lru_cache(maxsize=4)
def _stopwords(path: str, stamp: int) -> frozenset[str]:
    return frozenset(_read_lines(Path(path)))


# ---------------------------------------------------------------------------------------------
# Tokens


def _tokenizer():
    path = terms_file("userdict.txt")
    return _build_tokenizer(str(path), _stamp(path))


@lru_cache(maxsize=2)
def _build_tokenizer(path: str, stamp: int):
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for line in _read_lines(Path(path)):
        word, *rest = line.split()
        freq = int(rest[0]) if rest and rest[0].isdigit() else None
        tag = rest[-1] if rest and not rest[-1].isdigit() else None
        tokenizer.add_word(word, freq, tag)
    return tokenizer


def _segments(text: str) -> list[tuple[str, int, int]]:
    """All jieba segments of ``text`` (punctuation included) with their offsets."""
    return list(_tokenizer().tokenize(str(text)))


def is_term(token: str) -> bool:
    """Whether a jieba token counts as a term: two or more characters, at least one Chinese or
    Latin letter, no digit, not a Chinese numeral with a measure word, not a stop word.

    Examples
    --------
    >>> [is_term(t) for t in ["营商环境", "2411", "万余件", "，", "的", "以及", "AI"]]
    [True, False, False, False, False, False, True]
    """
    token = token.strip()
    return (
        len(token) >= 2
        and _WORD_CHAR.search(token) is not None
        and _DIGIT.search(token) is None
        and _CHINESE_NUMBER.match(token) is None
        and token not in stopwords()
    )


def tokenize(text: str) -> list[str]:
    """The terms of ``text`` in order: jieba with the domain user dictionary, filtered by
    :func:`is_term` (no numbers, punctuation, single characters or stop words).

    Examples
    --------
    >>> tokenize("优化营商环境，组建12个工作专班。")
    ['优化', '营商环境', '组建', '工作专班']
    """
    return [word for word, _, _ in _segments(text) if is_term(word)]


def _check_sentences(sentences: pd.DataFrame, extra: Iterable[str] = ()) -> pd.DataFrame:
    if not isinstance(sentences, pd.DataFrame):
        raise InputError("expected a sentences DataFrame (Corpus.sentences)")
    missing = [column for column in (*_SENTENCE_COLUMNS, *extra) if column not in sentences]
    if missing:
        raise InputError(f"sentences frame lacks column(s): {', '.join(missing)}")
    frame = sentences.copy()
    if "region" not in frame:
        frame["region"] = ""
    frame["region"] = frame["region"].fillna("").astype(str)
    frame["text"] = frame["text"].fillna("").astype(str)
    return frame


def _tokens(frame: pd.DataFrame, extra: Sequence[str] = ()) -> pd.DataFrame:
    columns = ["doc_id", "region", *extra, "sentence_id", "text", "start"]
    rows = []
    for doc_id, region, *values, sentence_id, text, start in frame[columns].itertuples(
        index=False, name=None
    ):
        offset = int(start)
        for word, begin, end in _segments(text):
            if is_term(word):
                rows.append(
                    (doc_id, region, *values, sentence_id, word, offset + begin, offset + end)
                )
    names = ["doc_id", "region", *extra, "sentence_id", "token", "start", "end"]
    table = pd.DataFrame(rows, columns=names)
    return table.astype({"sentence_id": "int64", "start": "int64", "end": "int64"})


def tokens(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per term occurrence in a sentences frame (``Corpus.sentences``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``region``, ``sentence_id``, ``token`` (the term), ``start``/``end`` (offsets
        of the token in the cleaned document text), in text order.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a"], "region": ["甲市"], "sentence_id": [1],
    ...                   "text": ["建立联席会议制度。"], "start": [10]})
    >>> tokens(s)[["token", "start", "end"]].values.tolist()
    [['建立', 10, 12], ['联席会议制度', 12, 18]]
    """
    return _tokens(_check_sentences(sentences))


# ---------------------------------------------------------------------------------------------
# Distinctive terms


def _place_names(values: Iterable[str]) -> set[str]:
    """Region names and their stems (眉山市 -> 眉山), which are trivially distinctive."""
    names = set()
    for value in values:
        value = str(value).strip()
        if len(value) < 2:
            continue
        names.add(value)
        for suffix in (
            "地区",
            "自治州",
            "自治县",
            "新区",
            "街道",
            "市",
            "区",
            "县",
            "省",
            "州",
            "盟",
            "旗",
            "镇",
            "乡",
        ):
            if value.endswith(suffix) and len(value) - len(suffix) >= 2:
                names.add(value[: -len(suffix)])
                break
    return names


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
    frame = _check_sentences(sentences, (by,))
    values = frame[by].fillna("").astype(str)
    available = sorted(set(values) - {""})
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
    table = _tokens(frame.assign(group=values), ("group",))
    if exclude_place_names:
        names = _place_names(frame["region"])
        table = table[~table["token"].isin(names)]
    background = table["token"].value_counts()
    n_background = int(background.sum())
    alpha0 = float(n_background if prior_strength is None else prior_strength)
    if alpha0 <= 0:
        raise InputError(f"prior_strength must be positive, got {prior_strength}")
    prior = background / n_background * alpha0
    selected = table[table["group"].isin(chosen)]
    counts = pd.crosstab(selected["token"], selected["group"]).reindex(columns=chosen, fill_value=0)
    chars = frame.assign(group=values, n=frame["text"].str.len()).groupby("group")["n"].sum()
    rows = []
    for group in chosen:
        others = [other for other in chosen if other != group]
        n_i = float(counts[group].sum())
        n_j = float(counts[others].to_numpy().sum())
        chars_i = float(chars.get(group, 0))
        chars_j = float(sum(chars.get(other, 0) for other in others))
        for term, y_i in counts[group].items():
            if y_i == 0:
                continue
            y_j = float(counts.loc[term, others].sum())
            alpha = float(prior[term])
            delta, z = log_odds(float(y_i), n_i, y_j, n_j, alpha, alpha0)
            rows.append(
                {
                    "term": term,
                    "group": group,
                    "count": int(y_i),
                    "count_other": int(y_j),
                    "n_tokens": int(n_i),
                    "n_tokens_other": int(n_j),
                    "rate": y_i / chars_i * RATE_PER if chars_i else math.nan,
                    "rate_other": y_j / chars_j * RATE_PER if chars_j else math.nan,
                    "prior": alpha,
                    "delta": delta,
                    "se": abs(delta / z) if z else math.sqrt(1 / (y_i + alpha) + 1 / (y_j + alpha)),
                    "z": z,
                }
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
    result = pd.DataFrame(rows, columns=columns)
    result = result.sort_values(
        ["z", "term", "group"], ascending=[False, True, True], kind="stable"
    )
    result.insert(1, by, result["group"])
    return result.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Summary and figure


_TEXT = {
    "zh": {
        "head": "{group}：区分度最高的词（z；本组次数 vs 其他组次数）为 {items}。",
        "item": "{term}（{z:.2f}；{count} vs {other}）",
        "none": "{group}：没有比其他组更常用的词。",
        "significant": (
            "{group}：{n} 个词的 z ≥ {threshold}（{n_tokens} 个词次，其他组 {n_other} 个）。"
        ),
        "quotes": "{group}：引号表达 {n} 个（{classes}）。",
        "compounds": "{group}：“X+Y”式组合 {n} 个（{examples}）。",
        "mechanisms": "{group}：机制 {n} 个（{types}），提及最多的是 {top}（{mentions} 次）。",
        "mechanisms_once": "{group}：机制 {n} 个（{types}），每个只提及一次。",
        "sep": "、",
        "pair": "{key} {value}",
    },
    "en": {
        "head": "{group}: most distinctive terms (z; count in group vs in the others): {items}.",
        "item": "{term} ({z:.2f}; {count} vs {other})",
        "none": "{group}: no term is used more often than in the other groups.",
        "significant": (
            "{group}: {n} term(s) reach z ≥ {threshold} ({n_tokens} tokens; the others {n_other})."
        ),
        "quotes": "{group}: {n} quoted expressions ({classes}).",
        "compounds": "{group}: {n} X+Y compounds ({examples}).",
        "mechanisms": "{group}: {n} mechanisms ({types}); most mentioned: {top} ({mentions}x).",
        "mechanisms_once": "{group}: {n} mechanisms ({types}), each mentioned once.",
        "sep": ", ",
        "pair": "{key} {value}",
    },
}


def _label(text: str, lang: str) -> str:
    """``text`` in ``lang``; for English, Chinese with its glossary translation in brackets."""
    if lang == "zh":
        return str(text)
    from pbanalysis.plotting import translate

    english = translate(str(text), "en")
    return str(text) if english == str(text) else f"{text} ({english})"


def summary_text(
    distinctive: pd.DataFrame,
    *,
    quotes: pd.DataFrame | None = None,
    compound_table: pd.DataFrame | None = None,
    mechanism_table: pd.DataFrame | None = None,
    lang: str = "zh",
    top_n: int = 5,
    threshold: float = 1.96,
) -> str:
    """Findings phrased from computed tables, one line per group and table, in ``zh`` or ``en``.

    Parameters
    ----------
    distinctive : DataFrame
        Output of :func:`distinctive_terms`.
    quotes, compound_table, mechanism_table : DataFrame, optional
        Outputs of :func:`pbanalysis.expressions.quoted_expressions`, ``compounds``,
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
    check_lang(lang)
    check_top_n(top_n)
    text = _TEXT[lang]
    lines = []
    groups = sorted(set(distinctive["group"]))
    for group in groups:
        name = _label(group, lang)
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
        name = _label(group, lang)
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
    distinctive: pd.DataFrame, *, top_n: int = 15, lang: str = "zh", title: str = ""
) -> Figure:
    """Bar charts of the ``top_n`` most distinctive terms (z > 0) of each group, side by side.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per group, bars = z-scores, labels translated via ``pbanalysis.plotting``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> d = pd.DataFrame({"term": ["甲词", "乙词"], "group": ["A", "B"], "z": [1.2, 0.9]})
    >>> len(plot_distinctive(d, top_n=5).axes)
    2
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt

    from pbanalysis import plotting

    check_lang(lang)
    check_top_n(top_n)
    plotting.use_cjk_font()
    groups = sorted(set(distinctive["group"]))
    tops = [
        distinctive[(distinctive["group"] == group) & (distinctive["z"] > 0)]
        .sort_values(["z", "term"], ascending=[False, True])
        .head(top_n)
        for group in groups
    ]
    height = 1.2 + 0.3 * max([1, *(len(top) for top in tops)])
    fig, axes = plt.subplots(
        1,
        len(groups),
        figsize=(3.6 * len(groups), height),
        layout="constrained",
        squeeze=False,
        sharex=True,
    )
    xlabel = "z（加权对数优势比）" if lang == "zh" else "z (weighted log-odds)"
    for ax, group, top in zip(axes[0], groups, tops, strict=True):
        plotting.bar_diverging(top, category="term", value="z", title=group, lang=lang, ax=ax)
        ax.set_xlabel(xlabel)
    if title:
        fig.suptitle(title)
    return fig
