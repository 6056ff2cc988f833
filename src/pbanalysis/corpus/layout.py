"""The layout of a printed report: lines -> blocks -> articles, and sentences.

Lines are read the way a person reads a printed report:

* a line starting with a byline marker (``■记者 …``, ``本报记者 …``) opens an article, whose title
  is the heading line(s) just above it; a file without bylines is one article;
* a line that stops mid-sentence is joined to the next one: that repairs page breaks (a blank
  line inside a paragraph) and hard line wraps, but never swallows a heading, because a heading is
  a short line with no sentence punctuation that does not stop inside a word
  (see :func:`_continues_word`), nor a line opened by a bullet (``■``, ``●``, ``▲``: the summary
  points above a web report's body stay separate paragraphs);
* paragraphs opened by a short lead sentence (``着力组织扩面。``) open measures;
* sentences end at 。！？； (and their ASCII forms), keeping closing quotes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from pbanalysis.corpus.chars import is_han
from pbanalysis.corpus.reading import INVISIBLE, normalize

__all__ = [
    "common_words",
    "Piece",
    "Block",
    "lines",
    "blocks",
    "Article",
    "is_trailer",
    "articles",
    "reporters",
    "split_sentences",
    "measure_lead",
]


_TERMINAL = "。！？!?…；;"
_CLOSERS = "”’」』）)》〉】\"'"
_CLAUSE_MARKS = re.compile(r"[，、,]")
_SENTENCE_MARKS = re.compile(r"[。；！？;!?]")
_SENTENCE_END = re.compile(r"(?:[。！？!?；;]|…{1,2}|\.{3,6})[”’」』）)》\"']*")
_BYLINE = re.compile(
    r"^\s*[■●▲◆□◇★☆]?\s*[（(]?\s*(?:本报|本刊|新华社|人民网)?\s*(?:记者|通讯员|特约记者)"
)
_LIST_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)"
    r"|第[一二三四五六七八九十\d]+[部章节条])"
)
_BULLET = re.compile(r"^\s*[■●▲◆□◇★☆•]")
"""A line opened by a bullet: a summary point of a web report, never the rest of a sentence."""
_TRAILER = re.compile(r"^[（(]?(?:完|待续|责任编辑|编辑|来源|校对|审核)(?:[）)：:\s]|$)")
_SUBTITLE = re.compile(r"^\s*(?:——|—|--|－－)")
_DATELINE = re.compile(r"^[^，。；]{0,24}?([（(](?:本报|特约)?(?:记者|通讯员)[^）)]{1,40}[）)])")
_MAX_HEADING = 40
_MAX_COMMA_HEADING = 24
_MAX_MEASURE_LEAD = 15


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and (stripped[-1] in _TERMINAL or stripped[-1] in "：:")


def _is_byline(text: str) -> bool:
    return bool(_BYLINE.match(text)) and len(text) <= 60 and not _ends_sentence(text)


def _heading_shaped(text: str) -> bool:
    """Short, with no sentence stop inside and at most a comma or two outside quotes: how
    headings are written (``抓“两个覆盖” 组织建设体系化``, ``党建引领，激活发展新动能``)."""
    if len(text) > _MAX_HEADING or _ends_sentence(text):
        return False
    if _LIST_MARKER.match(text):
        return True
    unquoted = re.sub(r"“[^”]*”|「[^」]*」|《[^》]*》", "", text)
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


@dataclass
class Block:
    """One unit of the layout: a title, byline, heading or paragraph, possibly joined pieces."""

    pieces: list[Piece]
    kind: str = "paragraph"
    joins: list[tuple[int, str]] = field(default_factory=list)
    text: str = ""

    def __post_init__(self) -> None:
        self.text = "".join(p.text for p in self.pieces)

    def extend(self, pieces: list[Piece], kind: str) -> None:
        """Join the pieces of the next line, recording the break as ``kind``."""
        self.joins.append((len(self.text), kind))
        self.pieces.extend(pieces)
        self.text += "".join(p.text for p in pieces)

    @functools.cached_property
    def sentence_spans(self) -> list[tuple[int, int]]:
        return split_sentences(self.text)


def lines(raw: str) -> list[tuple[list[Piece], bool]]:
    """Non-blank lines as cleaned pieces (outer blanks and invisible marks dropped), each with a
    flag telling whether a blank line came before it."""
    lines: list[tuple[list[Piece], bool]] = []
    blank = False
    position = 0
    for line in normalize(raw).splitlines(keepends=True):
        line_start, position = position, position + len(line)
        content = line.strip(" \t\u3000\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029" + INVISIBLE)
        if not content:
            blank = bool(lines)
            continue
        offset = line_start + line.index(content)
        pieces = [
            Piece(run.group(), offset + run.start())
            for run in re.finditer(f"[^{INVISIBLE}]+", content)
        ]
        lines.append((pieces, blank))
        blank = False
    return lines


def blocks(raw: str) -> list[Block]:
    """Group lines into blocks, joining lines that stop mid-sentence; each block records its
    joins as (offset in the block, ``page_break`` or ``line_wrap``)."""
    blocks: list[Block] = []
    for pieces, blank_before in lines(raw):
        text = "".join(p.text for p in pieces)
        if blocks and _should_join(blocks[-1], text):
            blocks[-1].extend(pieces, "page_break" if blank_before else "line_wrap")
            continue
        blocks.append(Block(list(pieces), "byline" if _is_byline(text) else "paragraph"))
    for block in blocks:
        if block.kind == "paragraph" and is_trailer(block.text):
            block.kind = "trailer"
        elif block.kind == "paragraph" and _heading_shaped(block.text):
            block.kind = "heading"
    return blocks


def _should_join(previous: Block, text: str) -> bool:
    """Is ``text`` the continuation of ``previous``, cut by a page break or a line wrap?"""
    before = previous.text
    if previous.kind == "byline" or _is_byline(text) or _ends_sentence(before):
        return False
    if _TRAILER.match(text) or _LIST_MARKER.match(text):
        return False
    if _BULLET.match(text) or _BULLET.match(before):
        return False  # a bullet point (■ ● ▲ …) is a paragraph of its own
    if not _heading_shaped(before):
        return True
    # ``before`` is shaped like a heading: join only when it stops inside a word and the next
    # line reads as the rest of a sentence rather than as another heading or a title.
    return not _heading_shaped(text) and _continues_word(before, text)


# --------------------------------------------------------------------------- articles


@dataclass
class Article:
    index: int
    blocks: list[Block]
    title: str = ""
    byline: str = ""


def _single_article(blocks: list[Block]) -> Article:
    """A file without bylines: titled by its first line if that is a heading (plus a subtitle
    line opened by a dash), with reporters from a dateline (``新华社成都3月5日电（记者 …）``)."""
    titles: list[Block] = []
    if len(blocks) > 1 and blocks[0].kind == "heading" and not _LIST_MARKER.match(blocks[0].text):
        titles = [blocks[0]]
        while len(titles) < len(blocks) - 1 and _SUBTITLE.match(blocks[len(titles)].text):
            titles.append(blocks[len(titles)])
    for block in titles:
        block.kind = "title"
    first = next((b for b in blocks if b.kind == "paragraph"), None)
    dateline = _DATELINE.match(first.text) if first else None
    return Article(
        1,
        blocks,
        title=" ".join(b.text for b in titles),
        byline=dateline.group(1) if dateline else "",
    )


def is_trailer(sentence: str) -> bool:
    """``（完）``-style end marks and editor lines, which are not sentences of the report.

    Examples
    --------
    >>> is_trailer("（完）"), is_trailer("（责任编辑：王五）"), is_trailer("完成整改。")
    (True, True, False)
    """
    return bool(_TRAILER.match(sentence)) and len(sentence) <= 30


def articles(blocks: list[Block]) -> list[Article]:
    """Split blocks at bylines; the heading lines (at most two) right above a byline are the
    title. A file without bylines is one article, titled by its first line if that is a heading."""
    bylines = [i for i, b in enumerate(blocks) if b.kind == "byline"]
    if not bylines:
        return [_single_article(blocks)]
    title_starts = []
    for position in bylines:
        start = position
        while start > 0 and blocks[start - 1].kind == "heading" and position - start < 2:
            start -= 1
        title_starts.append(start)
    # Lines before the first title (a page header, say) stay with the first article.
    chunk_starts = [0, *title_starts[1:]]
    chunk_ends = [*title_starts[1:], len(blocks)]
    articles = []
    for number, (title_start, position) in enumerate(zip(title_starts, bylines, strict=True)):
        titles = blocks[title_start:position]
        for block in titles:
            block.kind = "title"
        articles.append(
            Article(
                number + 1,
                blocks[chunk_starts[number] : chunk_ends[number]],
                title=" ".join(b.text for b in titles),
                byline=blocks[position].text,
            )
        )
    return articles


def reporters(byline: str) -> str:
    names = re.sub(r"^\s*[■●▲◆□◇★☆]?\s*[（(]?\s*(?:本报|本刊|新华社|人民网)?\s*", "", byline)
    names = re.sub(r"(?:特约)?(?:记者|通讯员)", " ", names).strip(" （）()")
    return ";".join(n for n in re.split(r"[\s、，,]+", names) if n)


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > start:
            spans.append((start, match.end()))
            start = match.end()
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans


def measure_lead(sentence: str, rest: str) -> str:
    """The measure label when ``sentence`` is a short lead sentence (``当好“店小二”。``)."""
    core = sentence.strip()
    if not rest.strip() or not core.endswith("。"):
        return ""
    core = core[:-1]
    if len(core) > _MAX_MEASURE_LEAD or len(core) < 2 or re.search(r"[，。；！？、：,;:!?]", core):
        return ""
    if re.search(r"\d", core):
        return ""
    return core
