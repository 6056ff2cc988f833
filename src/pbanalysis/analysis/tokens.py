"""Tokens for text statistics: jieba with the domain user dictionary, stop words and terms.

* :func:`tokenize` / :func:`tokens` cut sentences with a private ``jieba.Tokenizer`` that knows the
  domain terms in ``data/terms/userdict.txt`` and drop numbers, punctuation, single characters and
  the stop words in ``data/terms/stopwords.txt``; :func:`segments` keeps every jieba segment with
  its offsets (for the expressions of :mod:`pbanalysis.analysis.expressions`).
* :func:`terms_file` and :func:`class_label` read the word lists under ``data/terms/``.

jieba is imported inside the functions; its dictionary is loaded once per process.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from pbanalysis.corpus.chars import DIGIT, WORD_CHAR
from pbanalysis.errors import InputError
from pbanalysis.io import paths
from pbanalysis.io.datafiles import read_lines, read_table, stamp, word_set
from pbanalysis.params import check_lang

__all__ = [
    "term_counts",
    "SENTENCE_COLUMNS",
    "CHINESE_NUMBER",
    "terms_file",
    "class_label",
    "stopwords",
    "segments",
    "is_term",
    "tokenize",
    "check_sentences",
    "tokens",
]

SENTENCE_COLUMNS = ("doc_id", "sentence_id", "text", "start")
CHINESE_NUMBER = re.compile(
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
    return _class_labels(str(path), stamp(path))[check_lang(lang)].get(code, code)


@lru_cache(maxsize=2)
def _class_labels(path: str, file_stamp: int) -> dict[str, dict[str, str]]:
    labels = read_table(Path(path), ["code", "label_zh", "label_en"])
    return {
        lang: dict(zip(labels["code"], labels[f"label_{lang}"], strict=True))
        for lang in ("zh", "en")
    }


def stopwords() -> frozenset[str]:
    """The stop words of ``data/terms/stopwords.txt`` (one per line, ``#`` starts a comment).

    Examples
    --------
    >>> "以及" in stopwords()
    True
    """
    path = terms_file("stopwords.txt")
    return word_set(path)


# ---------------------------------------------------------------------------------------------
# Tokens


def _tokenizer() -> Any:
    path = terms_file("userdict.txt")
    return _build_tokenizer(str(path), stamp(path))


@lru_cache(maxsize=2)
def _build_tokenizer(path: str, file_stamp: int) -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for line in read_lines(Path(path)):
        word, *rest = line.split()
        freq = int(rest[0]) if rest and rest[0].isdigit() else None
        tag = rest[-1] if rest and not rest[-1].isdigit() else None
        tokenizer.add_word(word, freq, tag)
    return tokenizer


def segments(text: str) -> list[tuple[str, int, int]]:
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
    return _is_term(token, stopwords())


def _is_term(token: str, stop: frozenset[str]) -> bool:
    token = token.strip()
    return (
        len(token) >= 2
        and WORD_CHAR.search(token) is not None
        and DIGIT.search(token) is None
        and CHINESE_NUMBER.match(token) is None
        and token not in stop
    )


def tokenize(text: str) -> list[str]:
    """The terms of ``text`` in order: jieba with the domain user dictionary, filtered by
    :func:`is_term` (no numbers, punctuation, single characters or stop words).

    Examples
    --------
    >>> tokenize("优化营商环境，组建12个工作专班。")
    ['优化', '营商环境', '组建', '工作专班']
    """
    return [word for word, _, _ in segments(text) if is_term(word)]


def check_sentences(sentences: pd.DataFrame, extra: Iterable[str] = ()) -> pd.DataFrame:
    if not isinstance(sentences, pd.DataFrame):
        raise InputError("expected a sentences DataFrame (Corpus.sentences)")
    missing = [column for column in (*SENTENCE_COLUMNS, *extra) if column not in sentences]
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
    names = ["doc_id", "region", *extra, "sentence_id", "token", "start", "end"]
    tokenizer, stop = _tokenizer(), stopwords()  # looked up once, not per token
    verdicts: dict[str, bool] = {}  # a word's verdict depends on the word alone: decided once
    rows_of: list[int] = []  # for each token, the sentence row it comes from
    words: list[str] = []
    begins: list[int] = []
    ends: list[int] = []
    starts = frame["start"].astype("int64").tolist()
    cut = tokenizer.cut  # the segments of ``tokenizer.tokenize``, offsets counted here
    for row, text in enumerate(frame["text"].tolist()):
        end = starts[row]
        for word in cut(str(text)):
            begin, end = end, end + len(word)
            keep = verdicts.get(word)
            if keep is None:
                keep = verdicts[word] = _is_term(word, stop)
            if keep:
                rows_of.append(row)
                words.append(word)
                begins.append(begin)
                ends.append(end)
    taken = frame[columns[:-2]].iloc[rows_of].reset_index(drop=True)
    table = pd.DataFrame({name: taken[name] for name in columns[:-2]})
    table["token"] = pd.Series(words)
    table["start"] = pd.Series(begins, dtype="int64")
    table["end"] = pd.Series(ends, dtype="int64")
    return table[names].astype({"sentence_id": "int64", "start": "int64", "end": "int64"})


def _group_counts(texts: list[str], groups: list[str]) -> dict[str, Counter]:
    """How often each term occurs in the texts of each group (texts and groups in pairs)."""
    tokenizer, stop = _tokenizer(), stopwords()
    verdicts: dict[str, bool] = {}
    counts: dict[str, Counter] = {}
    cut = tokenizer.cut
    for text, group in zip(texts, groups, strict=True):
        counter = counts.get(group)
        if counter is None:
            counter = counts[group] = Counter()
        for word in cut(text):
            keep = verdicts.get(word)
            if keep is None:
                keep = verdicts[word] = _is_term(word, stop)
            if keep:
                counter[word] += 1
    return counts


def _on_workers(function: Any, size: int, jobs: int, share: Any) -> list[Any]:
    """``function(*share(start, end))`` for ``jobs`` contiguous shares of ``size`` rows, on
    that many worker processes, in share order; the tokenizer is loaded before the workers
    fork, so that they share it."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _tokenizer()
    bounds = [size * part // jobs for part in range(jobs + 1)]
    arguments = [share(bounds[n], bounds[n + 1]) for n in range(jobs)]
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return list(pool.map(function, *zip(*arguments, strict=True)))


def term_counts(texts: Sequence[str], groups: Sequence[str], jobs: int = 1) -> dict[str, Counter]:
    """The terms of each group's texts counted (what :func:`tokens` gives, without a row per
    occurrence): ``{group: Counter(term -> occurrences)}``. ``jobs`` > 1 counts contiguous
    shares on that many worker processes; the counts are the same."""
    if jobs < 1:
        raise InputError(f"jobs must be at least 1, got {jobs}")
    texts, groups = [str(t) for t in texts], [str(g) for g in groups]
    if jobs == 1 or len(texts) < 2 * jobs:
        return _group_counts(texts, groups)
    parts = _on_workers(_group_counts, len(texts), jobs, lambda a, b: (texts[a:b], groups[a:b]))
    merged: dict[str, Counter] = {}
    for part in parts:
        for group, counter in part.items():
            merged.setdefault(group, Counter()).update(counter)
    return merged


def tokens(sentences: pd.DataFrame, keep: Sequence[str] = (), jobs: int = 1) -> pd.DataFrame:
    """One row per term occurrence in a sentences frame (``Corpus.sentences``).

    ``keep`` names further columns of ``sentences`` carried onto each token row (after ``region``).
    ``jobs`` > 1 cuts contiguous shares of the sentences on that many worker processes; the
    table is the same.

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
    frame = check_sentences(sentences, keep)
    if jobs < 1:
        raise InputError(f"jobs must be at least 1, got {jobs}")
    if jobs == 1 or len(frame) < 2 * jobs:
        return _tokens(frame, keep)
    return _tokens_in_processes(frame, tuple(keep), jobs)


def _tokens_in_processes(frame: pd.DataFrame, keep: tuple[str, ...], jobs: int) -> pd.DataFrame:
    """:func:`_tokens` over ``jobs`` contiguous shares of ``frame`` on worker processes, joined in
    order (each sentence's tokens depend on that sentence alone)."""
    parts = _on_workers(_tokens, len(frame), jobs, lambda a, b: (frame.iloc[a:b], keep))
    parts = [part for part in parts if len(part)] or parts[:1]  # an empty share has no dtypes
    return pd.concat(parts, ignore_index=True)
