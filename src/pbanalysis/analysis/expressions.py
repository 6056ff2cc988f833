"""Quoted expressions, ``X+Y`` compounds and the mechanisms a report names.

* :func:`quoted_expressions` lists every expression in quotation marks, classified by the
  ordered rules in ``data/terms/quote_rules.csv`` (:func:`quote_rules`, :func:`classify_quote`);
  :func:`compounds` lists ``X+Y`` compounds with their parts.
* :func:`mechanisms` inventories the institutions a report names (task forces, party branches,
  joint meetings, lists, responsibility systems …), from the suffixes in
  ``data/terms/mechanisms.csv`` (:func:`mechanism_suffixes`).

Words come from the tokenizer of :mod:`pbanalysis.analysis.terms` (jieba with the domain user
dictionary). Every row keeps ``doc_id``, ``sentence_id`` and ``start``/``end`` offsets into the
cleaned text of its document (``Corpus.texts[doc_id]``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from pbanalysis.analysis.tokens import (
    CHINESE_NUMBER,
    check_sentences,
    segments,
    stopwords,
    terms_file,
)
from pbanalysis.corpus.chars import DIGIT, HAN_RANGES, WORD_CHAR
from pbanalysis.errors import InputError
from pbanalysis.io.datafiles import read_table, stamp, word_set

__all__ = [
    "quote_rules",
    "mechanism_suffixes",
    "classify_quote",
    "quoted_expressions",
    "compounds",
    "MAX_MECHANISM_CHARS",
    "mechanisms",
]


_QUOTED = re.compile(r"“([^“”\n]+)”|「([^「」\n]+)」|『([^『』\n]+)』|\"([^\"\n]+)\"")
_PLUS = "+＋"
_COMPOUND = re.compile(rf"[{HAN_RANGES}A-Za-z0-9]+(?:\s*[{_PLUS}]\s*[{HAN_RANGES}A-Za-z0-9]+)+")
_PARTS_SPLIT = re.compile(rf"\s*[{_PLUS}]\s*")
_PUNCTUATION = re.compile(rf"[^{HAN_RANGES}A-Za-z0-9]")
_OPENERS = {"”": "“", "」": "「", "』": "『", "）": "（", ")": "("}


# ---------------------------------------------------------------------------------------------
# Researcher-editable lists under data/terms/


def _boundary_words() -> frozenset[str]:
    path = terms_file("phrase_boundaries.txt")
    return word_set(path) | stopwords()


def quote_rules() -> pd.DataFrame:
    """The ordered classification rules of ``data/terms/quote_rules.csv``.

    The first rule whose regular expression matches wins. ``applies_to`` says what the pattern is
    searched in: ``expression`` (the text between the marks), ``before`` (the sentence up to the
    opening mark) or ``after`` (the sentence from the closing mark on).

    Returns
    -------
    pandas.DataFrame
        ``class``, ``applies_to``, ``pattern``, ``description``, in priority order.

    Examples
    --------
    >>> quote_rules().columns.tolist()[:3]
    ['class', 'applies_to', 'pattern']
    """
    path = terms_file("quote_rules.csv")
    rules = read_table(path, ("class", "applies_to", "pattern", "description"))
    bad = sorted(set(rules["applies_to"]) - {"expression", "before", "after"})
    if bad:
        raise InputError(f"{path}: applies_to must be expression, before or after, not {bad}")
    for pattern in rules["pattern"]:
        try:
            re.compile(pattern)
        except re.error as error:
            raise InputError(f"{path}: invalid pattern {pattern!r}: {error}") from error
    return rules[["class", "applies_to", "pattern", "description"]].reset_index(drop=True)


def mechanism_suffixes() -> pd.DataFrame:
    """The mechanism suffixes of ``data/terms/mechanisms.csv``, longest first.

    Returns
    -------
    pandas.DataFrame
        ``suffix`` (e.g. ``党支部``), ``type`` (organisation, party organisation, team, meeting,
        instrument, rule, platform, post), ``label_en`` (English name of the suffix).

    Examples
    --------
    >>> mechanism_suffixes().set_index("suffix").loc["专班", "label_en"]
    'task force'
    """
    path = terms_file("mechanisms.csv")
    table = read_table(path, ("suffix", "type", "label_en"))
    table = table[table["suffix"].ne("")]
    order = table["suffix"].str.len().sort_values(ascending=False, kind="stable").index
    return table.loc[order, ["suffix", "type", "label_en"]].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Quoted expressions and X+Y compounds


def _units(sentences: pd.DataFrame, sections: pd.DataFrame | None) -> pd.DataFrame:
    """Sentences, plus section headings (``sentence_id`` 0) when ``sections`` is given."""
    frame = check_sentences(sentences)
    if "section_id" not in frame:
        frame["section_id"] = 0
    columns = ["doc_id", "region", "section_id", "sentence_id", "text", "start"]
    units = frame[columns]
    if sections is not None:
        needed = [
            column
            for column in ("doc_id", "section_id", "section", "start")
            if column not in sections
        ]
        if needed:
            raise InputError(f"sections frame lacks column(s): {', '.join(needed)}")
        heads = sections[sections["section"].fillna("").astype(str).str.strip().ne("")]
        regions = heads.get("region", "")
        heads = pd.DataFrame(
            {
                "doc_id": heads["doc_id"],
                "region": regions,
                "section_id": heads["section_id"],
                "sentence_id": 0,
                "text": heads["section"].astype(str),
                "start": heads["start"],
            }
        )
        units = pd.concat([heads, units], ignore_index=True)
        units = units.sort_values(["doc_id", "start"], kind="stable")
    return units.reset_index(drop=True)


def _unit_texts(sentences: pd.DataFrame, sections: pd.DataFrame | None):
    """``(key, text, offset)`` per unit of :func:`_units`; key = doc_id, region, section_id,
    sentence_id; offset = where ``text`` starts in the cleaned document text."""
    units = _units(sentences, sections)
    for doc_id, region, section_id, sentence_id, text, start in units.itertuples(
        index=False, name=None
    ):
        yield (doc_id, region, section_id, sentence_id), text, int(start)


def _quoted_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, marks)`` of the text between each pair of quotation marks."""
    spans = []
    for match in _QUOTED.finditer(text):
        group = match.lastindex or 1
        spans.append(
            (match.start(group), match.end(group), text[match.start()] + text[match.end() - 1])
        )
    return spans


def classify_quote(expression: str, before: str = "", after: str = "") -> tuple[str, int]:
    """Class of a quoted expression by the first matching rule of :func:`quote_rules`.

    ``before``/``after`` are the sentence text before the opening and after the closing mark.

    Returns
    -------
    tuple
        ``(class, rule)``: the class name and the 1-based number of the rule that matched
        (0 and ``"phrase"`` when none did).

    Examples
    --------
    >>> classify_quote("多头报、重复报", after="的局面")[0]
    'problem'
    >>> classify_quote("助企惠民、服务先行")[0]
    'slogan'
    >>> classify_quote("百日攻坚行动")[0]
    'programme'
    """
    targets = {"expression": expression, "before": before, "after": after}
    for number, rule in enumerate(_compiled_rules(), start=1):
        applies_to, pattern, name = rule
        if pattern.search(targets[applies_to]):
            return name, number
    return "phrase", 0


def _compiled_rules() -> list[tuple[str, re.Pattern[str], str]]:
    path = terms_file("quote_rules.csv")
    return _rules_cache(str(path), stamp(path))


@lru_cache(maxsize=2)
def _rules_cache(path: str, stamp: int) -> list[tuple[str, re.Pattern[str], str]]:
    rules = quote_rules()
    return [
        (applies_to, re.compile(pattern), name)
        for name, applies_to, pattern in zip(
            rules["class"], rules["applies_to"], rules["pattern"], strict=True
        )
    ]


def quoted_expressions(
    sentences: pd.DataFrame, *, sections: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every expression in “…”, 「…」, 『…』 or "…" quotation marks, classified.

    Classes come from the ordered rules of ``data/terms/quote_rules.csv`` (see
    :func:`classify_quote`): ``problem``, ``shift`` (从“A”向“B”), ``programme``, ``slogan``,
    ``title``, ``formula`` (numbered formulas such as “两个覆盖”), ``compound`` (X+Y) and
    ``phrase`` for everything else.

    Parameters
    ----------
    sentences : DataFrame
        ``Corpus.sentences``.
    sections : DataFrame, optional
        ``Corpus.sections``: when given, section headings are searched too (``sentence_id`` 0).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``region``, ``section_id``, ``sentence_id`` (0 = a section heading),
        ``expression`` (text between the marks), ``class``, ``rule`` (1-based number of the rule
        that decided, 0 = none), ``marks`` (the pair of marks), ``start``/``end`` (offsets of
        ``expression`` in the cleaned document text), ``sentence`` (the sentence or heading).

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a"], "region": ["甲市"], "sentence_id": [1], "start": [0],
    ...                   "text": ["开展“春风行动”，设立“党员先锋岗”。"]})
    >>> quoted_expressions(s)[["expression", "class", "start", "end"]].values.tolist()
    [['春风行动', 'programme', 3, 7], ['党员先锋岗', 'title', 12, 17]]
    """
    rows = []
    for key, text, offset in _unit_texts(sentences, sections):
        for begin, end, marks in _quoted_spans(text):
            expression = text[begin:end]
            name, rule = classify_quote(expression, text[: begin - 1], text[end + 1 :])
            rows.append((*key, expression, name, rule, marks, offset + begin, offset + end, text))
    columns = [
        "doc_id",
        "region",
        "section_id",
        "sentence_id",
        "expression",
        "class",
        "rule",
        "marks",
        "start",
        "end",
        "sentence",
    ]
    return _typed(pd.DataFrame(rows, columns=columns))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    ints = [
        c
        for c in ("section_id", "sentence_id", "rule", "n_parts", "start", "end", "mentions")
        if c in frame
    ]
    return frame.astype(dict.fromkeys(ints, "int64"))


def _compound_parts(text: str) -> list[str]:
    return [part for part in _PARTS_SPLIT.split(text.strip()) if part]


def compounds(sentences: pd.DataFrame, *, sections: pd.DataFrame | None = None) -> pd.DataFrame:
    """``X+Y`` compounds (“党建+政务服务”, “链长+专班”, 党建+营商环境) with their parts.

    A quoted compound is the whole quoted expression when it is made of parts joined by ``+``.
    Outside quotation marks the outer parts are the jieba words next to the ``+`` (the text gives
    no other boundary). Parts that hold no letter (“1+3”) are numbered formulas, not compounds.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``region``, ``section_id``, ``sentence_id`` (0 = a section heading),
        ``compound``, ``n_parts``, ``part_1`` … ``part_k`` (k = the most parts found, at least 2;
        "" where a compound has fewer), ``quoted`` (bool), ``start``/``end`` (offsets of
        ``compound`` in the cleaned document text), ``sentence``.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a"], "region": ["甲市"], "sentence_id": [1], "start": [0],
    ...                   "text": ["推行“网格+警格”模式，“1+3”产业。"]})
    >>> compounds(s)[["compound", "part_1", "part_2", "quoted"]].values.tolist()
    [['网格+警格', '网格', '警格', True]]
    """
    rows = []
    for key, text, offset in _unit_texts(sentences, sections):
        quoted = _quoted_spans(text)
        found = []
        for begin, end, _ in quoted:
            if re.fullmatch(_COMPOUND, text[begin:end].strip()):
                found.append((begin, end, True))
        inside = [(begin, end) for begin, end, _ in quoted]
        for match in _COMPOUND.finditer(text):
            if any(b <= match.start() < e for b, e in inside):
                continue
            found.append((*_trim_to_words(text, match), False))
        for begin, end, is_quoted in sorted(found):
            parts = _compound_parts(text[begin:end])
            if len(parts) < 2 or not all(WORD_CHAR.search(part) for part in parts):
                continue
            compound = text[begin:end]
            rows.append(
                (*key, compound, len(parts), parts, is_quoted, offset + begin, offset + end, text)
            )
    width = max([2, *(len(row[6]) for row in rows)])
    columns = [
        "doc_id",
        "region",
        "section_id",
        "sentence_id",
        "compound",
        "n_parts",
        *(f"part_{i}" for i in range(1, width + 1)),
        "quoted",
        "start",
        "end",
        "sentence",
    ]
    records = [(*row[:6], *row[6], *[""] * (width - len(row[6])), *row[7:]) for row in rows]
    table = pd.DataFrame(records, columns=columns)
    return _typed(table.astype({"quoted": "bool"}))


def _trim_to_words(text: str, match: re.Match[str]) -> tuple[int, int]:
    """Shrink an unquoted ``X+Y`` match to the jieba word before the first and after the last +."""
    pluses = [i for i in range(match.start(), match.end()) if text[i] in _PLUS]
    begin, end = match.start(), match.end()
    for _, b, e in segments(text):
        if e == pluses[0] and b >= begin:
            begin = b
        if b == pluses[-1] + 1 and e <= end:
            end = e
    return begin, end


# ---------------------------------------------------------------------------------------------
# Mechanisms

MAX_MECHANISM_CHARS = 20
"""Longest mechanism name kept: the leftward walk stops before passing this length."""


def _mention_spans(text: str, suffixes: pd.DataFrame) -> list[tuple[int, int, str]]:
    """``(start, end, suffix)`` of each mechanism name in ``text``, the longest names only."""
    pieces = segments(text)
    by_end = {end: index for index, (_, _, end) in enumerate(pieces)}
    by_start = {begin: index for index, (_, begin, _) in enumerate(pieces)}
    boundaries = _boundary_words()
    quoted = {end: begin for begin, end, _ in _quoted_spans(text)}
    hits: dict[int, str] = {}
    for suffix in suffixes["suffix"]:
        for match in re.finditer(f"(?={re.escape(suffix)})", text):
            end = match.start() + len(suffix)
            if end in by_end and len(hits.get(end, "")) < len(suffix):
                hits[end] = suffix
    spans = []
    for end, suffix in hits.items():
        if end in quoted and not _PUNCTUATION.search(text[quoted[end] : end]):
            spans.append((quoted[end], end, suffix))
            continue
        index = by_end[end]
        while pieces[index][1] > end - len(suffix):
            index -= 1
        begin = pieces[index][1]
        index -= 1
        while index >= 0:
            word, b, _ = pieces[index]
            if word in _OPENERS:
                opener = text.rfind(_OPENERS[word], 0, b)
                if opener < 0 or opener not in by_start or end - opener > MAX_MECHANISM_CHARS:
                    break
                begin, index = opener, by_start[opener] - 1
                continue
            if _ends_phrase(word, boundaries) or end - b > MAX_MECHANISM_CHARS:
                break
            lead = next((w for w in boundaries if len(w) >= 2 and word.startswith(w)), "")
            if lead:
                begin = b + len(lead)
                break
            begin, index = b, index - 1
        spans.append((begin, end, suffix))
    return [
        span
        for span in spans
        if not any(o[0] <= span[0] and span[1] <= o[1] and o != span for o in spans)
    ]


def _ends_phrase(word: str, boundaries: frozenset[str]) -> bool:
    return (
        len(word) < 2
        or WORD_CHAR.search(word) is None
        or DIGIT.search(word) is not None
        or CHINESE_NUMBER.match(word) is not None
        or word.endswith("的")
        or any(word.endswith(boundary) for boundary in boundaries if len(boundary) >= 2)
        or word in boundaries
    )


def mechanisms(sentences: pd.DataFrame) -> pd.DataFrame:
    """Inventory of the institutional mechanisms each document names.

    A mechanism is a noun phrase ending in a suffix of ``data/terms/mechanisms.csv`` (专班, 党支部,
    联席会议, 清单, 责任制, 机制 …) at a jieba word end. Its left edge is found by walking back over
    words until punctuation, a number, a single character, a word ending in 的, a stop word or a
    verb/preposition of ``data/terms/phrase_boundaries.txt`` (成立, 组建, 建立 …); a quotation or
    bracket just before the name is part of it (“链长+专班”工作推进机制), and a quoted name is
    taken whole (“三张清单”). A name inside a longer one in the same sentence (联席会议 in
    产业链党委联席会议制度) is not counted separately. A bare suffix (纳入平台) after a full name
    with that suffix in the same document (政府合同履约监管平台) is counted as a mention of the
    latest such name.

    Returns
    -------
    pandas.DataFrame
        One row per document and mechanism: ``doc_id``, ``region``, ``mechanism`` (as written),
        ``suffix``, ``type``, ``label_en`` (of the suffix), ``mentions`` (occurrences in the
        document), ``sentence_id``, ``start``, ``end`` and ``sentence`` of the first mention.
        Ordered by document (as in the input) and first mention.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a", "a"], "region": ["甲市", "甲市"], "sentence_id": [1, 2],
    ...                   "start": [0, 20],
    ...                   "text": ["成立食品安全工作专班。", "食品安全工作专班每周开会。"]})
    >>> mechanisms(s)[["mechanism", "type", "mentions", "sentence_id", "start"]].values.tolist()
    [['食品安全工作专班', 'organisation', 2, 1, 2]]
    """
    frame = check_sentences(sentences)
    suffixes = mechanism_suffixes()
    info = suffixes.set_index("suffix")
    rows = []
    latest: dict[tuple[str, str], str] = {}
    for doc_id, region, sentence_id, text, start in frame[
        ["doc_id", "region", "sentence_id", "text", "start"]
    ].itertuples(index=False, name=None):
        for begin, end, suffix in sorted(_mention_spans(text, suffixes)):
            name = text[begin:end]
            if name == suffix:
                name = latest.get((doc_id, suffix), name)
            else:
                latest[doc_id, suffix] = name
            offset = int(start)
            rows.append(
                (doc_id, region, name, suffix, sentence_id, offset + begin, offset + end, text)
            )
    columns = ["doc_id", "region", "mechanism", "suffix", "sentence_id", "start", "end", "sentence"]
    mentions = pd.DataFrame(rows, columns=columns)
    first = mentions.drop_duplicates(["doc_id", "mechanism"]).copy()
    counts = mentions.groupby(["doc_id", "mechanism"], sort=False).size().rename("mentions")
    first = first.join(counts, on=["doc_id", "mechanism"])
    first["type"] = first["suffix"].map(info["type"])
    first["label_en"] = first["suffix"].map(info["label_en"])
    columns = [
        "doc_id",
        "region",
        "mechanism",
        "suffix",
        "type",
        "label_en",
        "mentions",
        "sentence_id",
        "start",
        "end",
        "sentence",
    ]
    return _typed(first.reindex(columns=columns).reset_index(drop=True))
