"""The corpus model: files -> articles -> sections -> measures -> sentences, with offsets.

A file is decoded whatever its encoding (UTF-8 with or without BOM, GB18030/GBK, LF or CRLF),
full-width digits, Latin letters and a few symbols are folded to ASCII one character for one, and
the file is cut into lines. Lines are then read the way a person reads a printed report:

* a line starting with a byline marker (``■记者 …``, ``本报记者 …``) opens an article, whose title
  is the heading line(s) just above it; a file without bylines is one article;
* a line that stops mid-sentence is joined to the next one: that repairs page breaks (a blank
  line inside a paragraph) and hard line wraps, but never swallows a heading, because a heading is
  recognised as a short line with no sentence punctuation that does not stop in the middle of a
  word (see :func:`_continues_word`);
* inside an article, heading lines open sections; paragraphs opened by a short lead sentence
  (``着力组织扩面。``) open measures, when a report writes them that way in two paragraphs or more;
* paragraphs are split into sentences at 。！？； (and their ASCII forms), keeping closing quotes.

Every unit keeps ``start``/``end`` offsets into the cleaned text of its article
(``Corpus.texts[doc_id]``), and :meth:`Corpus.raw_offset` maps a cleaned offset back to the
decoded raw file.
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pbanalysis import paths
from pbanalysis.errors import InputError

# --------------------------------------------------------------------------- reading files

_FOLD = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    ord("％"): "%",
    ord("＋"): "+",
    ord("＝"): "=",
    ord("＜"): "<",
    ord("＞"): ">",
    ord("／"): "/",
    ord("＃"): "#",
    ord("＆"): "&",
    ord("＠"): "@",
    ord("\u00a0"): " ",
}
_FOLDABLE = re.compile("[" + "".join(map(chr, _FOLD)) + "]+")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def decode_bytes(data: bytes, *, name: str = "<bytes>") -> str:
    """Decode a text file's bytes: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030.

    Raises :class:`~pbanalysis.errors.InputError` for empty, whitespace-only, binary or
    undecodable input.

    Examples
    --------
    >>> decode_bytes("眉山市".encode("gb18030"))
    '眉山市'
    >>> decode_bytes(b"\\xef\\xbb\\xbf\\xe7\\x9c\\x89")
    '眉'
    """
    if not data:
        raise InputError(f"{name}: file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="strict")
    else:
        if b"\x00" in data:
            raise InputError(f"{name}: looks like a binary file, not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise InputError(
                    f"{name}: cannot decode as UTF-8 or GB18030 (not a plain-text Chinese file?)"
                ) from None
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{name}: file holds only whitespace")
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > max(2, len(text) // 200):
        raise InputError(f"{name}: looks like a binary file, not text")
    return text


def read_text(path: str | Path) -> str:
    """Read and decode one file (see :func:`decode_bytes`); errors name the file.

    Examples
    --------
    >>> read_text(paths.raw_dir() / "meishan-jiagedaqi.txt").split()[0]
    '四川省眉山市：深化新经济组织党建工作'
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a text file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return decode_bytes(data, name=str(path))


def normalize(text: str) -> str:
    """Fold full-width digits, Latin letters and ``％＋／…`` to ASCII, one character for one.

    Chinese punctuation (，。：；！？（）“”) is left alone: it is the standard form in these
    reports, and folding it would change how sentences are read.

    Examples
    --------
    >>> normalize("９９．０７％，２４１１家")
    '99.07%，2411家'
    """
    folded = _FOLDABLE.sub(lambda m: m.group().translate(_FOLD), text)
    # A full-width full stop or comma between digits is a decimal point / thousands separator.
    return re.sub(r"(?<=\d)[．，](?=\d)", lambda m: "." if m.group() == "．" else ",", folded)


def resolve_sources(sources: Iterable[str | Path] | None) -> list[Path]:
    """The text files named by ``sources`` (files or folders of ``*.txt``), sorted per folder.

    ``None`` means every ``*.txt`` in ``data/raw/``. A missing path or a folder without text
    files raises :class:`~pbanalysis.errors.InputError`.
    """
    if sources is None:
        sources = [paths.raw_dir()]
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not found:
                raise InputError(f"{path}: folder holds no .txt files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    if not files:
        raise InputError("no input files given")
    return files


# --------------------------------------------------------------------------- line rules

_TERMINAL = "。！？!?…；;"
_CLOSERS = "”’」』）)》〉】\"'"
_CLAUSE_MARKS = re.compile(r"[，。；！？、,;!?]")
_SENTENCE_END = re.compile(r"(?:[。！？!?；;]|…{1,2}|\.{3,6})[”’」』）)》\"']*")
_BYLINE = re.compile(
    r"^\s*[■●▲◆□◇★☆]?\s*[（(]?\s*(?:本报|本刊|新华社|人民网)?\s*(?:记者|通讯员|特约记者)"
)
_LIST_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)"
    r"|第[一二三四五六七八九十\d]+[部章节条])"
)
_TRAILER = re.compile(r"^[（(]?(?:完|责任编辑|编辑|来源|校对|审核)[）)：:\s]")
_MAX_HEADING = 40
_MAX_MEASURE_LEAD = 15
_ADMIN_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
    "旗",
)
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and (stripped[-1] in _TERMINAL or stripped[-1] in "：:")


def _is_byline(text: str) -> bool:
    return bool(_BYLINE.match(text)) and len(text) <= 60 and not _ends_sentence(text)


def _heading_shaped(text: str) -> bool:
    """Short, and no clause punctuation outside quotes: how headings are written."""
    if len(text) > _MAX_HEADING or _ends_sentence(text):
        return False
    if _LIST_MARKER.match(text):
        return True
    unquoted = re.sub(r"“[^”]*”|「[^」]*」|《[^》]*》", "", text)
    return not _CLAUSE_MARKS.search(unquoted)


def _continues_word(before: str, after: str) -> bool:
    """True when a common word runs across the join of ``before`` and ``after`` (``作为推|动``).

    A heading ends on a whole word; a paragraph cut by a page break often stops inside one. The
    check looks up the two-to-four-character strings that straddle the join in jieba's
    dictionary (a word must be at least moderately frequent there, which keeps out the rare
    entries that would join a heading to its paragraph). The dictionary is loaded only when a
    heading-shaped line is followed by prose.
    """
    if not before or not after or not (_is_han(before[-1]) and _is_han(after[0])):
        return False
    frequencies = _word_frequencies()
    for left in range(1, 4):
        for right in range(1, 5 - left):
            word = before[-left:] + after[:right]
            if len(word) == left + right and frequencies.get(word, 0) >= _MIN_WORD_FREQUENCY:
                return True
    return False


_MIN_WORD_FREQUENCY = 20


@functools.cache
def _word_frequencies() -> dict[str, int]:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# --------------------------------------------------------------------------- text building


@dataclass
class _Piece:
    """A run of cleaned text that maps one-for-one onto the raw text from ``raw_start``."""

    text: str
    raw_start: int


@dataclass
class _Block:
    """One unit of the layout: a title, byline, heading or paragraph, possibly joined pieces."""

    pieces: list[_Piece]
    kind: str = "paragraph"
    joins: list[tuple[int, str]] = field(default_factory=list)
    text: str = ""

    def __post_init__(self) -> None:
        self.text = "".join(p.text for p in self.pieces)

    def extend(self, pieces: list[_Piece], kind: str) -> None:
        """Join the pieces of the next line, recording the break as ``kind``."""
        self.joins.append((len(self.text), kind))
        self.pieces.extend(pieces)
        self.text += "".join(p.text for p in pieces)

    @functools.cached_property
    def sentence_spans(self) -> list[tuple[int, int]]:
        return _split_sentences(self.text)


def _lines(raw: str) -> list[tuple[list[_Piece], bool]]:
    """Non-blank lines as cleaned pieces (outer blanks and invisible marks dropped), each with a
    flag telling whether a blank line came before it."""
    lines: list[tuple[list[_Piece], bool]] = []
    blank = False
    position = 0
    for line in normalize(raw).splitlines(keepends=True):
        line_start, position = position, position + len(line)
        content = line.strip(" \t\u3000\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029" + _INVISIBLE)
        if not content:
            blank = bool(lines)
            continue
        offset = line_start + line.index(content)
        pieces = [
            _Piece(run.group(), offset + run.start())
            for run in re.finditer(f"[^{_INVISIBLE}]+", content)
        ]
        lines.append((pieces, blank))
        blank = False
    return lines


def _blocks(raw: str) -> list[_Block]:
    """Group lines into blocks, joining lines that stop mid-sentence; each block records its
    joins as (offset in the block, ``page_break`` or ``line_wrap``)."""
    blocks: list[_Block] = []
    for pieces, blank_before in _lines(raw):
        text = "".join(p.text for p in pieces)
        if blocks and _should_join(blocks[-1], text):
            blocks[-1].extend(pieces, "page_break" if blank_before else "line_wrap")
            continue
        blocks.append(_Block(list(pieces), "byline" if _is_byline(text) else "paragraph"))
    for block in blocks:
        if block.kind == "paragraph" and _TRAILER.match(block.text) and len(block.text) <= 30:
            block.kind = "trailer"
        elif block.kind == "paragraph" and _heading_shaped(block.text):
            block.kind = "heading"
    return blocks


def _should_join(previous: _Block, text: str) -> bool:
    """Is ``text`` the continuation of ``previous``, cut by a page break or a line wrap?"""
    before = previous.text
    if previous.kind == "byline" or _is_byline(text) or _ends_sentence(before):
        return False
    if _TRAILER.match(text) or _LIST_MARKER.match(text):
        return False
    if not _heading_shaped(before):
        return True
    # ``before`` is shaped like a heading: join only when it stops inside a word and the next
    # line reads as the rest of a sentence rather than as another heading or a title.
    return not _heading_shaped(text) and _continues_word(before, text)


# --------------------------------------------------------------------------- articles


@dataclass
class _Article:
    index: int
    blocks: list[_Block]
    title: str = ""
    byline: str = ""


def _articles(blocks: list[_Block]) -> list[_Article]:
    """Split blocks at bylines; the heading lines (at most two) right above a byline are the
    title. A file without bylines is one article, titled by its first line if that is a heading."""
    bylines = [i for i, b in enumerate(blocks) if b.kind == "byline"]
    if not bylines:
        if len(blocks) > 1 and blocks[0].kind == "heading":
            blocks[0].kind = "title"
            return [_Article(1, blocks, title=blocks[0].text)]
        return [_Article(1, blocks)]
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
            _Article(
                number + 1,
                blocks[chunk_starts[number] : chunk_ends[number]],
                title=" ".join(b.text for b in titles),
                byline=blocks[position].text,
            )
        )
    return articles


def parse_region(title: str) -> dict[str, str]:
    """Administrative units named at the head of a title (``四川省眉山市：…``).

    The part before the first colon must read entirely as administrative units (省, 自治区, 市,
    地区, 州, 盟, 县, 区, 旗 …); otherwise nothing is returned, rather than a guess.

    Returns
    -------
    dict
        ``region`` (lowest unit), ``province``, ``prefecture`` and ``level`` (``省级``,
        ``地级市``, ``地区``, ``县级市``, ``县``, ``县级区`` …), each ``""`` when unknown.

    Examples
    --------
    >>> parse_region("黑龙江省大兴安岭地区加格达奇区： 党建融于营商")["region"]
    '加格达奇区'
    >>> parse_region("深化新经济组织党建工作")["region"]
    ''
    """
    empty = {"region": "", "province": "", "prefecture": "", "level": ""}
    head = re.split(r"[：:]", title, maxsplit=1)
    if len(head) < 2:
        return empty
    prefix = re.sub(r"\s+", "", head[0])
    units = _admin_units(prefix)
    if not units:
        return empty
    province = ""
    if units[0].endswith(("省", "自治区", "特别行政区")) or units[0] in _MUNICIPALITIES:
        province = units[0]
    lower = units[1:] if province else units
    prefecture = lower[0] if len(lower) >= 2 else ""
    region = units[-1]
    depth = len(lower)
    if not lower:
        level = "省级"
    elif region.endswith("地区"):
        level = "地区"
    elif region.endswith(("自治州", "州", "盟")):
        level = "自治州" if region.endswith("自治州") else "地级"
    elif region.endswith("市"):
        level = (
            "地级市" if depth == 1 and province and province not in _MUNICIPALITIES else "县级市"
        )
        if not province:
            level = "市"
    elif region.endswith(("县", "自治县", "旗")):
        level = "县"
    else:
        level = "县级区"
    return {"region": region, "province": province, "prefecture": prefecture, "level": level}


def _admin_units(text: str) -> list[str]:
    """Cut ``text`` into administrative names (``苏州市`` + ``昆山市``), or ``[]`` if it is not
    made of them only. A name has at least one character before its suffix and does not start
    with a suffix character (so ``苏州市昆山市`` is not read as ``苏州`` + ``市昆山市``)."""
    if not text:
        return []
    for end in range(2, min(len(text), 12) + 1):
        unit = text[:end]
        if not unit.endswith(_ADMIN_SUFFIXES) or unit[0] in "省市州盟县区旗":
            continue
        if not all("\u4e00" <= ch <= "\u9fff" for ch in unit):
            return []
        if end == len(text):
            return [unit]
        rest = _admin_units(text[end:])
        if rest:
            return [unit, *rest]
    return []


def _reporters(byline: str) -> str:
    names = re.sub(r"^\s*[■●▲◆□◇★☆]?\s*[（(]?\s*(?:本报|本刊|新华社|人民网)?\s*", "", byline)
    names = re.sub(r"(?:特约)?(?:记者|通讯员)", " ", names).strip(" （）()")
    return ";".join(n for n in re.split(r"[\s、，,]+", names) if n)


# --------------------------------------------------------------------------- manifest

MANIFEST_COLUMNS = (
    "doc_id",
    "file",
    "article",
    "title",
    "region",
    "province",
    "prefecture",
    "level",
    "reporters",
    "outlet",
    "date",
)


def read_manifest(path: str | Path | None = None) -> pd.DataFrame:
    """Read the corpus manifest (default ``data/corpus.csv``); a missing file gives an empty one.

    Returns
    -------
    pandas.DataFrame
        One row per article: ``doc_id`` (unique id), ``file`` (name under ``data/raw/``),
        ``article`` (1-based position in the file), ``title``, ``region``, ``province``,
        ``prefecture``, ``level``, ``reporters`` (``;``-separated), ``outlet``, ``date``
        (empty when unknown), all strings except ``article``.

    Examples
    --------
    >>> read_manifest().loc[0, "region"]
    '眉山市'
    """
    path = Path(path) if path is not None else paths.manifest_path()
    if not path.is_file():
        frame = pd.DataFrame({c: pd.Series(dtype="str") for c in MANIFEST_COLUMNS})
        return frame.astype({"article": "int64"})
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: unreadable manifest ({exc})") from None
    missing = {"doc_id", "file", "article"} - set(rows[0] if rows else MANIFEST_COLUMNS)
    if missing:
        raise InputError(f"{path}: manifest lacks column(s) {', '.join(sorted(missing))}")
    records = []
    for number, row in enumerate(rows, 2):
        try:
            article = int(row["article"])
        except (TypeError, ValueError):
            raise InputError(f"{path}:{number}: article must be a whole number") from None
        records.append(
            {
                c: (article if c == "article" else (row.get(c) or "").strip())
                for c in MANIFEST_COLUMNS
            }
        )
    frame = pd.DataFrame.from_records(records, columns=list(MANIFEST_COLUMNS))
    duplicated = frame["doc_id"][frame["doc_id"].duplicated()]
    if not duplicated.empty:
        raise InputError(f"{path}: duplicate doc_id {duplicated.iloc[0]!r}")
    return frame


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Corpus:
    """Articles as tidy frames with offsets into each article's cleaned text.

    Attributes
    ----------
    texts : dict
        ``doc_id`` -> cleaned article text; every ``start``/``end`` indexes into it.
    documents : DataFrame
        ``doc_id, file, article, title, region, province, prefecture, level, reporters, outlet,
        date, n_chars, n_sections, n_measures, n_sentences, raw_start, raw_end`` (raw offsets
        into the decoded file).
    sections : DataFrame
        ``doc_id, region, section_id, section, start, end``; section 0 is the lead before the
        first heading (``section == ""``); ``start``/``end`` span the heading and its body.
    measures : DataFrame
        ``doc_id, region, section_id, section, measure_id, measure, start, end``; ``measure``
        is the lead sentence without its final stop (``着力组织扩面``).
    sentences : DataFrame
        ``doc_id, article, region, section_id, section, measure_id, measure, paragraph_id,
        sentence_id, text, start, end``; ``sentence_id`` counts from 1 within the article.
    breaks : DataFrame
        Repaired breaks: ``doc_id, position, before, after, kind`` (``page_break`` when a blank
        line cut the paragraph, ``line_wrap`` for a hard line break), ``raw_position``.
    """

    texts: dict[str, str]
    documents: pd.DataFrame
    sections: pd.DataFrame
    measures: pd.DataFrame
    sentences: pd.DataFrame
    breaks: pd.DataFrame
    _maps: dict[str, list[tuple[int, int, int]]] = field(repr=False, default_factory=dict)

    def raw_offset(self, doc_id: str, position: int) -> int:
        """Offset in the decoded raw file of cleaned offset ``position`` of article ``doc_id``.

        Examples
        --------
        >>> corpus = load_corpus()
        >>> start = int(corpus.sentences.loc[0, "start"])
        >>> raw = read_text(paths.raw_dir() / "meishan-jiagedaqi.txt")
        >>> raw[corpus.raw_offset("meishan", start)] == corpus.texts["meishan"][start]
        True
        """
        return _raw(self._maps[doc_id], position)

    @property
    def regions(self) -> list[str]:
        """Regions in corpus order, without blanks or repeats."""
        return list(dict.fromkeys(r for r in self.documents["region"] if r))


def _split_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > start:
            spans.append((start, match.end()))
            start = match.end()
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _measure_lead(sentence: str, rest: str) -> str:
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


def load_corpus(
    sources: Iterable[str | Path] | None = None, *, manifest: str | Path | None = None
) -> Corpus:
    """Read text files into the corpus model.

    Parameters
    ----------
    sources
        Files or folders of ``*.txt``; ``None`` reads every ``*.txt`` in ``data/raw/``.
    manifest
        Manifest CSV (see :func:`read_manifest`); ``None`` uses ``data/corpus.csv``. A file's
        articles are matched to manifest rows by file name and article number; articles it does
        not list take region and province from their title line, or stay empty.

    Returns
    -------
    Corpus
        See :class:`Corpus` for the frames and their columns.

    Examples
    --------
    >>> corpus = load_corpus()
    >>> corpus.documents[["doc_id", "n_sections", "n_measures"]].values.tolist()
    [['meishan', 3, 9], ['jiagedaqi', 6, 0]]
    """
    files = resolve_sources(sources)
    listed = read_manifest(manifest)
    by_key = {(row.file, int(row.article)): row._asdict() for row in listed.itertuples(index=False)}
    builder = _CorpusBuilder()
    for path in files:
        raw = read_text(path)
        blocks = _blocks(raw)
        articles = _articles(blocks)
        if not any(b.kind in ("paragraph", "heading") for a in articles for b in a.blocks):
            raise InputError(f"{path}: no paragraphs of text found")
        for article in articles:
            row = by_key.get((path.name, article.index))
            builder.add_article(path, article, row, several=len(articles) > 1)
    return builder.finish()


class _CorpusBuilder:
    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.maps: dict[str, list[tuple[int, int, int]]] = {}
        self.documents: list[dict] = []
        self.sections: list[dict] = []
        self.measures: list[dict] = []
        self.sentences: list[dict] = []
        self.breaks: list[dict] = []

    def _doc_id(self, path: Path, article: _Article, row: dict | None, several: bool) -> str:
        if row and row["doc_id"]:
            doc_id = row["doc_id"]
        else:
            stem = re.sub(r"[^\w\-]+", "-", path.stem).strip("-") or "doc"
            doc_id = f"{stem}-{article.index}" if several else stem
        base, suffix = doc_id, 2
        while doc_id in self.texts:
            doc_id, suffix = f"{base}-{suffix}", suffix + 1
        return doc_id

    def add_article(self, path: Path, article: _Article, row: dict | None, several: bool) -> None:
        doc_id = self._doc_id(path, article, row, several)
        meta = {c: "" for c in MANIFEST_COLUMNS}
        meta.update(parse_region(article.title))
        meta.update(
            doc_id=doc_id,
            file=path.name,
            article=article.index,
            title=article.title,
            reporters=_reporters(article.byline) if article.byline else "",
        )
        if row:
            meta.update({k: v for k, v in row.items() if k != "doc_id" and v != ""})
        meta["article"] = article.index
        region = meta["region"]

        parts: list[str] = []
        segments: list[tuple[int, int, int]] = []
        block_starts: dict[int, int] = {}
        position = 0
        for block in article.blocks:
            if parts:
                parts.append("\n\n")
                last = segments[-1]
                segments.append((position, last[1] + last[2], 0))
                position += 2
            block_starts[id(block)] = position
            for piece in block.pieces:
                segments.append((position, piece.raw_start, len(piece.text)))
                parts.append(piece.text)
                position += len(piece.text)
        text = "".join(parts)
        self.texts[doc_id] = text
        self.maps[doc_id] = segments

        for block in article.blocks:
            for offset, kind in block.joins:
                at = block_starts[id(block)] + offset
                self.breaks.append(
                    {
                        "doc_id": doc_id,
                        "position": at,
                        "before": text[max(0, at - 12) : at],
                        "after": text[at : at + 12],
                        "kind": kind,
                        "raw_position": _raw(segments, at),
                    }
                )

        n_sections, n_measures, n_sentences = self._structure(doc_id, article, region, block_starts)
        self.documents.append(
            {
                **{c: meta[c] for c in MANIFEST_COLUMNS},
                "n_chars": len(text),
                "n_sections": n_sections,
                "n_measures": n_measures,
                "n_sentences": n_sentences,
                "raw_start": segments[0][1] if segments else 0,
                "raw_end": _raw(segments, len(text)),
            }
        )

    def _structure(
        self, doc_id: str, article: _Article, region: str, block_starts: dict[int, int]
    ) -> tuple[int, int, int]:
        """Sections from headings, measures from lead sentences, then sentences; returns the
        numbers of sections (headings), measures and sentences added."""
        leads = {}
        for block in article.blocks:
            if block.kind == "paragraph":
                spans = block.sentence_spans
                first_end = spans[0][1] if spans else 0
                label = _measure_lead(block.text[:first_end], block.text[first_end:])
                if label:
                    leads[id(block)] = label
        if len(leads) < 2:
            leads = {}  # one short opening sentence is style, not a list of measures

        keys = {"doc_id": doc_id, "region": region}
        section_id, section, measure_id, measure = 0, "", 0, ""
        paragraph_id = sentence_id = 0
        section_row: dict | None = None
        measure_row: dict | None = None
        for block in article.blocks:
            start = block_starts[id(block)]
            end = start + len(block.text)
            if block.kind == "heading":
                section_id, section, measure = section_id + 1, block.text, ""
                section_row = {
                    **keys,
                    "section_id": section_id,
                    "section": section,
                    "start": start,
                    "end": end,
                }
                self.sections.append(section_row)
                measure_row = None
                continue
            if block.kind != "paragraph":
                continue
            if section_row is None:
                section_row = {**keys, "section_id": 0, "section": "", "start": start, "end": end}
                self.sections.append(section_row)
            if id(block) in leads:
                measure_id, measure = measure_id + 1, leads[id(block)]
                measure_row = {
                    **keys,
                    "section_id": section_id,
                    "section": section,
                    "measure_id": measure_id,
                    "measure": measure,
                    "start": start,
                    "end": end,
                }
                self.measures.append(measure_row)
            paragraph_id += 1
            for s, e in block.sentence_spans:
                sentence = block.text[s:e]
                stripped = sentence.strip()
                if not stripped:
                    continue
                s += len(sentence) - len(sentence.lstrip())
                sentence_id += 1
                self.sentences.append(
                    {
                        **keys,
                        "article": article.index,
                        "section_id": section_id,
                        "section": section,
                        "measure_id": measure_id if measure else 0,
                        "measure": measure,
                        "paragraph_id": paragraph_id,
                        "sentence_id": sentence_id,
                        "text": stripped,
                        "start": start + s,
                        "end": start + s + len(stripped),
                    }
                )
            section_row["end"] = end
            if measure_row is not None:
                measure_row["end"] = end
        return section_id, measure_id, sentence_id

    def finish(self) -> Corpus:
        def frame(rows: list[dict], columns: Sequence[str]) -> pd.DataFrame:
            return pd.DataFrame.from_records(rows, columns=list(columns))

        return Corpus(
            texts=self.texts,
            documents=frame(
                self.documents,
                [
                    *MANIFEST_COLUMNS,
                    "n_chars",
                    "n_sections",
                    "n_measures",
                    "n_sentences",
                    "raw_start",
                    "raw_end",
                ],
            ),
            sections=frame(
                self.sections, ["doc_id", "region", "section_id", "section", "start", "end"]
            ),
            measures=frame(
                self.measures,
                [
                    "doc_id",
                    "region",
                    "section_id",
                    "section",
                    "measure_id",
                    "measure",
                    "start",
                    "end",
                ],
            ),
            sentences=frame(
                self.sentences,
                [
                    "doc_id",
                    "article",
                    "region",
                    "section_id",
                    "section",
                    "measure_id",
                    "measure",
                    "paragraph_id",
                    "sentence_id",
                    "text",
                    "start",
                    "end",
                ],
            ),
            breaks=frame(
                self.breaks, ["doc_id", "position", "before", "after", "kind", "raw_position"]
            ),
            _maps=self.maps,
        )


def _raw(segments: list[tuple[int, int, int]], position: int) -> int:
    index = bisect.bisect_right(segments, (position, float("inf"), 0)) - 1
    clean_start, raw_start, length = segments[max(index, 0)]
    return raw_start + min(position - clean_start, length)


def structure_table(corpus: Corpus) -> pd.DataFrame:
    """How each article is built: one row per article.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, region, n_chars, n_sections, n_measures, n_paragraphs, n_sentences,
        mean_sentence_chars`` (rounded to 1 decimal), ``n_breaks_repaired``.

    Examples
    --------
    >>> table = structure_table(load_corpus())
    >>> table[["region", "n_sections", "n_breaks_repaired"]].values.tolist()
    [['眉山市', 3, 4], ['加格达奇区', 6, 3]]
    """
    sentences = corpus.sentences
    grouped = sentences.groupby("doc_id", sort=False)
    breaks = corpus.breaks.groupby("doc_id").size()
    table = corpus.documents[["doc_id", "region", "n_chars", "n_sections", "n_measures"]].copy()
    table["n_paragraphs"] = table["doc_id"].map(grouped["paragraph_id"].nunique()).fillna(0)
    table["n_sentences"] = table["doc_id"].map(grouped.size()).fillna(0)
    lengths = sentences["text"].str.len().groupby(sentences["doc_id"]).mean()
    table["mean_sentence_chars"] = table["doc_id"].map(lengths).round(1)
    table["n_breaks_repaired"] = table["doc_id"].map(breaks).fillna(0)
    return table.astype(
        {"n_paragraphs": "int64", "n_sentences": "int64", "n_breaks_repaired": "int64"}
    )


def describe(corpus: Corpus) -> str:
    """A few sentences describing the corpus, phrased from computed values.

    Examples
    --------
    >>> print(describe(load_corpus()).splitlines()[0])
    The corpus holds 2 articles from 1 file(s), 57 sentences in all.
    """
    table = structure_table(corpus)
    files = corpus.documents["file"].nunique()
    lines = [
        f"The corpus holds {len(table)} articles from {files} file(s), "
        f"{int(table['n_sentences'].sum())} sentences in all."
    ]
    for row in table.itertuples(index=False):
        name = row.region or row.doc_id
        shape = f"{row.n_sections} sections"
        if row.n_measures:
            shape += f" and {row.n_measures} measures opened by lead sentences"
        else:
            shape += ", no measure lead sentences"
        lines.append(
            f"{name}: {row.n_chars} characters, {shape}, {row.n_paragraphs} paragraphs, "
            f"{row.n_sentences} sentences (mean {row.mean_sentence_chars} characters); "
            f"{row.n_breaks_repaired} page or line breaks repaired."
        )
    return "\n".join(lines)
