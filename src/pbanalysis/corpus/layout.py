"""The layout of a printed report: lines -> blocks -> articles, and sentences.

Lines are read the way a person reads a printed report:

* a line starting with a byline marker (``■记者 …``, ``本报记者 …``) opens an article, whose title
  is the heading line(s) just above it; a file without bylines is one article;
* a line that stops mid-sentence is joined to the next one: that repairs page breaks (a blank
  line inside a paragraph) and hard line wraps, but never swallows a heading, because a heading is
  a short line with no sentence punctuation that does not stop inside a word
  (see :func:`_continues_word`), nor a line opened by a bullet (``■``, ``●``, ``▲``: the summary
  points above a web report's body stay separate paragraphs);
* numbered lines (``一、``, ``（一）``, ``(一)``, ``1.``, ``1、``, ``①``) that do not end a sentence
  are headings, a closing colon allowed;
* paragraphs opened by a short lead sentence (``着力组织扩面。``, or two short parallel clauses
  ``筑牢组织堡垒，激活发展“引擎”。``) open measures;
* sentences end at 。！？； and at their half-width forms ``!?;`` where copied web text uses them
  among Chinese (not inside URLs, code or English), and at a ``.`` after a Han character,
  keeping closing quotes;
* site chrome, source lines, datelines and end marks (:mod:`pbanalysis.corpus.sitelines`) are
  taken out of an article into its ``dropped`` list, never joined to the text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from pbanalysis.corpus import sitelines
from pbanalysis.corpus.chars import HAN_RANGES, is_han
from pbanalysis.corpus.reading import INVISIBLE, normalize

__all__ = [
    "common_words",
    "Piece",
    "Block",
    "lines",
    "blocks",
    "Dropped",
    "Article",
    "articles",
    "split_sentences",
    "measure_lead",
]


_TERMINAL = "。！？!?…；;"
_CLOSERS = "”’」』）)》〉】\"'"
_CLAUSE_MARKS = re.compile(r"[，、]|(?<!\d),|,(?!\d)")
_SENTENCE_MARKS = re.compile(r"[。；！？;!?]")
_SENTENCE_END = re.compile(r"(?:[！？!?]+|[。；]|…{1,2}|\.{3,6}|[;.])[”’」』）)》\"']*")
_ASCII_RUN = re.compile(r"[!-~]+")
_CJK_BEFORE_STOP = re.compile(f"[{HAN_RANGES}”’」』）》]")
_BYLINE = re.compile(
    r"^\s*[■●▲◆□◇★☆]?\s*[（(]?\s*"
    rf"(?:本报|本刊|新华社|人民网|[{HAN_RANGES}]{{2,10}}?(?:日报|日報|晚报|晚報|报|報|网|網|电视台|融媒体中心))?"
    r"\s*(?:特约|特約|见习|實習|实习)?(?:记者|記者|通讯员|通訊員)"
)
_LIST_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)"
    r"|第[一二三四五六七八九十\d]+[部章节条]|[①-⑳⑴-⒇])"
)
_BULLET = re.compile(r"^\s*[■●▲◆□◇★☆•]")
"""A line opened by a bullet: a summary point of a web report, never the rest of a sentence."""
_MIN_TITLE_HAN = 5
"""Fewer Chinese characters than this in a leading heading: a section label, not a title."""
_SUBTITLE = re.compile(r"^\s*(?:——|—|--|－－)")
_MAX_HEADING = 40
_MAX_COMMA_HEADING = 24
_MAX_MEASURE_LEAD = 15


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    if stripped.endswith(".") and _is_stop(stripped, len(stripped) - 1):
        return True
    return bool(stripped) and (stripped[-1] in _TERMINAL or stripped[-1] in "：:")


def _is_stop(text: str, at: int) -> bool:
    """Does the half-width mark ``text[at]`` (``!?;.``) end a sentence, as its full-width form
    would? Copied web text writes ``好!``, ``增长3.5%;2024年…`` and ``发展.`` among Chinese, so
    it does there; it does not inside a URL or code (``a?id=1``, ``x=1;y=2``: ASCII on both
    sides), between English words (``Why? Because``), nor as a decimal point or the dot of
    ``www.``: a ``.`` ends a sentence only after a Han character or a closing quote."""
    before = text[at - 1] if at else ""
    rest = text[at + 1 :].lstrip(_CLOSERS)
    if text[at] == ".":
        latin_next = rest[:1].isascii() and rest[:1].isalpha()
        return bool(_CJK_BEFORE_STOP.match(before)) and not latin_next
    ascii_run = _ASCII_RUN.match(text, at + 1)
    run = ascii_run.group() if ascii_run else ""
    if before.isascii() and before.strip() and run and not run.isdigit():
        return False
    return not (before.isascii() and before.isalpha() and rest[:1] == " " and rest[1:2].isalpha())


def _is_byline(text: str) -> bool:
    return bool(_BYLINE.match(text)) and len(text) <= 60 and not _ends_sentence(text)


def _heading_shaped(text: str) -> bool:
    """Short, with no sentence stop inside and at most a comma or two outside quotes: how
    headings are written (``抓“两个覆盖” 组织建设体系化``, ``党建引领，激活发展新动能``)."""
    if len(text) > _MAX_HEADING:
        return False
    if _LIST_MARKER.match(text):
        # a numbered line is a heading unless it ends a sentence; a colon may close it
        # (``（一）聚焦“两个覆盖”：`` introduces the points below)
        return not _ends_sentence(text.rstrip("：:"))
    if _ends_sentence(text):
        return False
    unquoted = re.sub(r"“[^”]*”|「[^」]*」|《[^》]*》|\"[^\"]*\"", "", text)
    if _SENTENCE_MARKS.search(unquoted):
        return False
    commas = len(_CLAUSE_MARKS.findall(unquoted))
    return commas == 0 or (commas <= 2 and len(text) <= _MAX_COMMA_HEADING)


def _continues_word(before: str, after: str) -> bool:
    """True when a common word runs across the join of ``before`` and ``after`` (``作为推|动``).

    A heading ends on a whole word; a paragraph cut by a page break often stops inside one. The
    check looks up the two-to-four-character strings that straddle the join in jieba's
    dictionary (a word must be at least moderately frequent there, which keeps out the rare
    entries that would join a heading to its paragraph). The dictionary is loaded only when a
    heading-shaped line is followed by prose.
    """
    if not before or not after or not (is_han(before[-1]) and is_han(after[0])):
        return False
    words = common_words()
    for left in range(1, 4):
        for right in range(1, 5 - left):
            word = before[-left:] + after[:right]
            if len(word) == left + right and word in words:
                return True
    return False


_MIN_WORD_FREQUENCY = 20


@functools.cache
def common_words() -> frozenset[str]:
    """Words of two to four characters with frequency >= 20 in jieba's dictionary.

    Loading jieba's whole dictionary takes about half a second, so the set is kept in the user's
    cache folder (``$XDG_CACHE_HOME/pbanalysis`` or ``~/.cache/pbanalysis``), named after the
    jieba version; an unwritable cache folder only costs that half second on every run.
    """
    import pickle

    from pbanalysis.io import paths

    cache = (
        paths.cache_dir() / f"common-words-jieba-{_jieba_version()}-{_MIN_WORD_FREQUENCY}.pickle"
    )
    try:
        return pickle.loads(cache.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    words = frozenset(
        word
        for word, frequency in jieba.dt.FREQ.items()
        if frequency >= _MIN_WORD_FREQUENCY and 2 <= len(word) <= 4
    )
    try:
        from pbanalysis.io.export import write_bytes_atomic

        write_bytes_atomic(cache, pickle.dumps(words))
    except OSError:
        pass
    return words


def _jieba_version() -> str:
    from importlib.metadata import version

    return version("jieba")


# --------------------------------------------------------------------------- text building


@dataclass
class Piece:
    """A run of cleaned text that maps one-for-one onto the raw text from ``raw_start``."""

    text: str
    raw_start: int


def _slice(pieces: list[Piece], start: int, end: int) -> list[Piece]:
    """The pieces covering characters ``start:end`` of their joined text."""
    out, position = [], 0
    for piece in pieces:
        lo, hi = max(start, position), min(end, position + len(piece.text))
        if lo < hi:
            offset = lo - position
            out.append(Piece(piece.text[offset : hi - position], piece.raw_start + offset))
        position += len(piece.text)
    return out


@dataclass
class Block:
    """One unit of the layout: a title, byline, heading or paragraph, possibly joined pieces,
    or a line of site chrome (``kind == "chrome"``, with :func:`sitelines.line_kind` in
    ``chrome``)."""

    pieces: list[Piece]
    kind: str = "paragraph"
    joins: list[tuple[int, str]] = field(default_factory=list)
    text: str = ""
    chrome: str = ""

    def __post_init__(self) -> None:
        self.text = "".join(p.text for p in self.pieces)

    def extend(self, pieces: list[Piece], kind: str) -> None:
        """Join the pieces of the next line, recording the break as ``kind``."""
        self.joins.append((len(self.text), kind))
        self.pieces.extend(pieces)
        self.text += "".join(p.text for p in pieces)

    def keep(self, start: int, end: int) -> None:
        """Keep characters ``start:end`` only (a dateline or an end mark was taken off)."""
        self.pieces = _slice(self.pieces, start, end)
        self.joins = [(at - start, kind) for at, kind in self.joins if start < at < end]
        self.text = "".join(p.text for p in self.pieces)
        self.__dict__.pop("sentence_spans", None)

    @functools.cached_property
    def sentence_spans(self) -> list[tuple[int, int]]:
        return split_sentences(self.text)


def lines(raw: str) -> list[tuple[list[Piece], bool]]:
    """Non-blank lines as cleaned pieces (outer blanks and invisible marks dropped), each with a
    flag telling whether a blank line came before it. Pinyin glosses inside words are left out
    of the pieces (:func:`pinyin_glosses` lists them)."""
    lines: list[tuple[list[Piece], bool]] = []
    blank = False
    position = 0
    # a gloss needs a toned vowel: most files have none, and only invisible marks are looked for
    left_out = _LEFT_OUT if _TONED_VOWEL.search(raw) else _INVISIBLE_RUN
    for line in normalize(raw).splitlines(keepends=True):
        line_start, position = position, position + len(line)
        content = line.strip(" \t\u3000\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029" + INVISIBLE)
        if not content:
            blank = bool(lines)
            continue
        offset = line_start + line.index(content)
        pieces = []
        at = 0
        for gap in left_out.finditer(content):
            if gap.start() > at:
                pieces.append(Piece(content[at : gap.start()], offset + at))
            at = gap.end()
        if at < len(content):
            pieces.append(Piece(content[at:], offset + at))
        if pieces:
            lines.append((pieces, blank))
            blank = False
    return lines


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_GLOSS = re.compile(
    f"(?<=[{HAN_RANGES}])[(（](?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,6}}[)）]"
)
"""A toned pinyin syllable in brackets right after a character, as some pages print their
ruby annotations (``開發(fā)區(qū)``): a gloss, not text of the report."""
_TONED_VOWEL = re.compile(f"[{_TONED}]")
_LEFT_OUT = re.compile(f"[{INVISIBLE}]+|{_PINYIN_GLOSS.pattern}")
_INVISIBLE_RUN = re.compile(f"[{INVISIBLE}]+")


def pinyin_glosses(raw: str, found: list[Article]) -> None:
    """Add the pinyin glosses :func:`lines` left out of ``raw`` to the ``dropped`` list of the
    article of ``found`` (the articles of ``raw``) they stand in."""
    if _TONED_VOWEL.search(raw) is None:  # most files: nothing to look for
        return
    text = normalize(raw)
    starts = [
        min(
            [p.raw_start for b in article.blocks for p in b.pieces[:1]]
            + [d.raw_start for d in article.dropped]
            or [0]
        )
        for article in found
    ]
    for match in _PINYIN_GLOSS.finditer(text):
        number = max([n for n, start in enumerate(starts) if start <= match.start()] or [0])
        found[number].dropped.append(Dropped("pinyin", match.group(), match.start(), match.end()))
    for article in found:
        article.dropped.sort(key=lambda d: d.raw_start)


def blocks(raw: str) -> list[Block]:
    """Group lines into blocks, joining lines that stop mid-sentence; each block records its
    joins as (offset in the block, ``page_break`` or ``line_wrap``). A line of site chrome or a
    source line (:func:`sitelines.line_kind`) is a block of its own, never joined."""
    blocks: list[Block] = []
    for pieces, blank_before in lines(raw):
        text = "".join(p.text for p in pieces)
        chrome = "" if _is_byline(text) else sitelines.line_kind(text)
        if not chrome and blocks and _should_join(blocks[-1], text, blank_before):
            blocks[-1].extend(pieces, "page_break" if blank_before else "line_wrap")
            continue
        kind = "chrome" if chrome else "byline" if _is_byline(text) else "paragraph"
        blocks.append(Block(list(pieces), kind, chrome=chrome))
    for block in blocks:
        if block.kind == "paragraph" and _heading_shaped(block.text):
            block.kind = "heading"
    return blocks


def _should_join(previous: Block, text: str, blank_before: bool = False) -> bool:
    """Is ``text`` the continuation of ``previous``, cut by a page break or a line wrap?"""
    before = previous.text
    if previous.kind in ("byline", "chrome") or _is_byline(text) or _ends_sentence(before):
        return False
    if _LIST_MARKER.match(text):
        return False
    if _BULLET.match(text) or _BULLET.match(before):
        return False  # a bullet point (■ ● ▲ …) is a paragraph of its own
    if not _heading_shaped(before):
        # across a blank line, a short line of its own (an author's unit, ``摘要``) is not the
        # rest of the sentence unless a word runs across the join
        return not (blank_before and _heading_shaped(text)) or _continues_word(before, text)
    # ``before`` is shaped like a heading: join only when it stops inside a word and the next
    # line reads as the rest of a sentence rather than as another heading or a title.
    return not _heading_shaped(text) and _continues_word(before, text)


# --------------------------------------------------------------------------- articles


@dataclass(frozen=True)
class Dropped:
    """A line or part of a line taken out of an article's text: site chrome, a source line, a
    dateline or an end mark, with its span in the decoded raw file."""

    kind: str
    text: str
    raw_start: int
    raw_end: int


def _dropped(kind: str, pieces: list[Piece]) -> Dropped:
    last = pieces[-1]
    text = "".join(p.text for p in pieces)
    return Dropped(kind, text, pieces[0].raw_start, last.raw_start + len(last.text))


@dataclass
class Article:
    """An article's blocks (site chrome taken out into ``dropped``), its title and byline, and
    what its source lines, dateline and byline state (``outlet``, ``date``, ``reporters``)."""

    index: int
    blocks: list[Block]
    title: str = ""
    byline: str = ""
    dropped: list[Dropped] = field(default_factory=list)
    outlet: str = ""
    date: str = ""
    reporters: str = ""


def _single_article(blocks: list[Block]) -> Article:
    """A file without bylines: titled by its first line (site chrome aside) if that is a
    heading, plus a subtitle line opened by a dash."""
    content = [b for b in blocks if b.kind != "chrome"]
    # a page's section labels above the title (``projects``, ``公益项目``): short headings
    # followed by a further heading stay headings, and the title is sought below them
    while (
        len(content) > 2
        and content[0].kind == "heading"
        and content[1].kind == "heading"
        and sum(map(is_han, content[0].text)) < _MIN_TITLE_HAN
    ):
        content = content[1:]
    titles: list[Block] = []
    if (
        len(content) > 1
        and content[0].kind == "heading"
        and not _LIST_MARKER.match(content[0].text)
    ):
        titles = [content[0]]
        while len(titles) < len(content) - 1 and _SUBTITLE.match(content[len(titles)].text):
            titles.append(content[len(titles)])
    for block in titles:
        block.kind = "title"
    return Article(1, blocks, title=" ".join(b.text for b in titles))


def articles(blocks: list[Block]) -> list[Article]:
    """Split blocks at bylines; the heading lines (at most two, site chrome aside) right above a
    byline are the title. A file without bylines is one article, titled by its first line if
    that is a heading. Site chrome, source lines, the dateline opening the first paragraph and
    end marks closing a paragraph are then taken out of each article (see :func:`_site_lines`).
    """
    bylines = [i for i, b in enumerate(blocks) if b.kind == "byline"]
    if not bylines:
        return [_site_lines(_single_article(blocks))]
    title_starts = []
    for position in bylines:
        start, found, index = position, 0, position - 1
        while index >= 0 and found < 2 and blocks[index].kind in ("heading", "chrome"):
            if blocks[index].kind == "heading":
                start, found = index, found + 1
            index -= 1
        title_starts.append(start)
    # Lines before the first title (a page header, say) stay with the first article.
    chunk_starts = [0, *title_starts[1:]]
    chunk_ends = [*title_starts[1:], len(blocks)]
    articles = []
    for number, (title_start, position) in enumerate(zip(title_starts, bylines, strict=True)):
        titles = [b for b in blocks[title_start:position] if b.kind == "heading"]
        for block in titles:
            block.kind = "title"
        article = Article(
            number + 1,
            blocks[chunk_starts[number] : chunk_ends[number]],
            title=" ".join(b.text for b in titles),
            byline=blocks[position].text,
        )
        articles.append(_site_lines(article))
    return articles


def _site_lines(article: Article) -> Article:
    """Take site chrome, source lines, the dateline and end marks out of ``article``'s blocks
    into ``dropped``, and fill outlet, date and reporters from what they state."""
    stated: dict[str, list[str]] = {"outlet": [], "date": [], "reporters": []}
    if article.byline:
        stated["reporters"].append(sitelines.reporters(article.byline))
        stated["outlet"].append(sitelines.byline_outlet(article.byline))
    kept: list[Block] = []
    opening = True
    for block in article.blocks:
        if block.kind == "chrome":
            article.dropped.append(_dropped(block.chrome, block.pieces))
            if block.chrome == "source":
                for key, value in sitelines.source_fields(block.text).items():
                    stated[key].append(value)
            continue
        if opening and block.kind in ("paragraph", "heading"):
            opening = False
            dateline = sitelines.read_dateline(block.text)
            if dateline and (block.kind == "paragraph" or dateline.end >= len(block.text)):
                article.dropped.append(_dropped("dateline", _slice(block.pieces, 0, dateline.end)))
                stated["outlet"].append(dateline.outlet)
                stated["date"].append(dateline.date)
                stated["reporters"].append(dateline.reporters)
                block.keep(dateline.end, len(block.text))
                if not block.text:
                    continue
        if block.kind == "paragraph":
            tail: list[tuple[str, int, int]] = []
            spans = block.sentence_spans
            while len(spans) > len(tail) + 1:
                s, e = spans[-1 - len(tail)]
                kind = sitelines.line_kind(block.text[s:e])
                if not kind:
                    break
                tail.append((kind, s, e))
                if kind == "source":
                    for key, value in sitelines.source_fields(block.text[s:e]).items():
                        stated[key].append(value)
            for kind, s, e in reversed(tail):
                article.dropped.append(_dropped(kind, _slice(block.pieces, s, e)))
            if tail:
                block.keep(0, len(block.text[: tail[-1][1]].rstrip()))
        kept.append(block)
    article.blocks = kept
    article.outlet = next((v for v in stated["outlet"] if v), "")
    article.date = next((v for v in stated["date"] if v), "")
    names = [n for value in stated["reporters"] for n in value.split(";") if n]
    article.reporters = ";".join(dict.fromkeys(names))
    article.dropped.sort(key=lambda d: d.raw_start)
    return article


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        mark = match.group()
        if mark[0] in "!?;." and not mark.startswith("...") and not _is_stop(text, match.start()):
            continue
        if match.end() > start:
            spans.append((start, match.end()))
            start = match.end()
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans


_LEAD_MARKS = re.compile(r"[，。；！？、：,;:!?]")
_MIN_LEAD_CLAUSE = 3
_MAX_LEAD_CLAUSE = 12
_SCENE_OPENERS = re.compile(
    r"^(?:据|在|通过|随着|为了?|对于?|针对|围绕|按照|根据|经过|截至|自|从|由于|因为|如果|虽然|但|而|同时)"
)
"""Words opening an adverbial that sets the scene (``通过改革，…``, ``据介绍，…``)."""
_SCENE_CLOSERS = ("来", "以来", "中", "时", "后", "前", "上", "下", "里", "间", "看")
"""Last characters of a time or place adverbial (``近年来``, ``今年以来``, ``在党建引领下``)."""
_SUBJECT_OPENERS = re.compile(r"^(?:全|我|该|各|本|这|此)[省市县区州旗镇乡村级]")
"""A clause opened by its subject (``全市持续发力``, ``该县…``): a statement, not a lead."""
_NARRATION = re.compile(r"了(?!解)")
"""The perfective 了 (``带来了…``) narrates what happened; a lead states what is done."""


def measure_lead(sentence: str, rest: str) -> str:
    """The measure label when ``sentence`` is a short lead sentence opening a paragraph of
    body text: one short clause (``当好“店小二”。``) or two short parallel clauses
    (``筑牢组织堡垒，激活发展“引擎”。``, each 3–12 characters, neither more than twice the
    other). A two-clause sentence that opens on a time, place or manner adverbial (``近年来，
    …``, ``通过改革，…``) or whose second clause has a subject of its own (``…，全市持续发力``)
    is a statement, not a lead, and so is one that narrates with the perfective 了.

    Examples
    --------
    >>> measure_lead("筑牢组织堡垒，激活发展“引擎”。", "全县新建党组织12个。")
    '筑牢组织堡垒，激活发展“引擎”'
    >>> measure_lead("今年以来，成效明显。", "全县新建党组织12个。")
    ''
    """
    core = sentence.strip()
    if not rest.strip() or not (core.endswith("。") or (core.endswith(".") and len(core) > 1)):
        return ""
    core = core[:-1]
    if len(core) < 2 or re.search(r"\d", core):
        return ""
    if not _LEAD_MARKS.search(core):
        return core if len(core) <= _MAX_MEASURE_LEAD else ""
    clauses = re.split(r"[，,]", core)
    if len(clauses) != 2 or any(_LEAD_MARKS.search(c) for c in clauses):
        return ""
    first, second = clauses
    short, long_ = sorted((len(first), len(second)))
    if short < _MIN_LEAD_CLAUSE or long_ > _MAX_LEAD_CLAUSE or 2 * short < long_:
        return ""
    if _SCENE_OPENERS.match(first) or first.endswith(_SCENE_CLOSERS):
        return ""
    if _SUBJECT_OPENERS.match(second) or _NARRATION.search(core):
        return ""
    return core
