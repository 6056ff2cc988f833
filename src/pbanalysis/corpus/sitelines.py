"""Lines of a web page or a newspaper page that are not the report: chrome, sources, datelines.

Articles saved from news sites, government portals and party-building sites carry lines that
belong to the page, not to the report. This module says which they are, so that
:mod:`pbanalysis.corpus.layout` can take them out of the text (the corpus keeps them in its
``dropped`` table) and read what they state about the article:

* **site chrome** (:func:`line_kind`): breadcrumbs and navigation (``首页 > 新闻中心 > 党建动态``,
  ``当前位置：…``, ``上一篇：…``), page tools (``【字体：大 中 小】``, ``打印本页``, ``分享到：``,
  ``扫一扫…``, ``投稿``), footers (``版权所有``, ``ICP备``, ``主办单位：…``), editor lines
  (``责任编辑：…``) and end marks (``（完）``). The words are researcher-editable in
  ``data/layout/site_lines.csv``: ``start`` words open a line (followed by a separator or the
  line's end), ``anywhere`` words may stand anywhere in a line that is not a sentence, ``only``
  words make up a whole line of buttons;
* **source lines** (:func:`source_fields`): ``来源：XX日报 作者：张三 时间：2023-05-06``,
  ``发布时间：2023年5月6日 10:20 来源：…``, ``来源/… 作者/…``, a bare date line, and a
  newspaper's print line ``《人民日报》（2024年10月21日 第11版）``: outlet, date and reporters,
  with the labels of ``data/layout/source_labels.csv``;
* **datelines** (:func:`read_dateline`) opening the first paragraph: ``本报讯（记者 张三 李四）``,
  ``XX网讯（通讯员 王五）``, ``新华社北京5月6日电（记者…）``, ``【XX报讯】``.

Only what a line states is taken: ``本报``/``本站`` name no outlet, a month and day without a
year give no date.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from pbanalysis.corpus.chars import HAN_RANGES
from pbanalysis.io import paths
from pbanalysis.io.datafiles import read_table, stamp

__all__ = [
    "MAX_SITE_LINE",
    "line_kind",
    "source_fields",
    "iso_date",
    "Dateline",
    "read_dateline",
    "reporters",
    "byline_outlet",
    "words_held",
]

MAX_SITE_LINE = 120
"""The longest line read as chrome or as a source line (footers with an address are long)."""

_SENTENCE_STOP = re.compile(r"[。！？；!?;]")
_OUTER = "【】[]（）()〔〕<>《》 \t\u3000"
_SEPARATOR_AFTER = r"(?=[\s:：/|｜）)】\]·]|$)"
_CRUMB = re.compile(r"\s*(?:>>|»|›|>|＞|→|/)\s*")
_CRUMB_MARK = re.compile(r">|»|›|＞|→")
_MENU = re.compile(r"\s*[|｜]\s*")
_HOME = ("首页", "主页", "网站首页", "返回首页")
_MAX_CRUMB_ITEM = 15
_MAX_MENU_ITEM = 8
_BUTTON_SEPARATORS = r"[\s|｜/、,，:：·•\-—【】\[\]()（）<>＜＞»«]"

_DATE_YMD = r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))"
_DATE_YM = r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月|-(\d{1,2})(?![-\d]))"
_DATE_Y = r"(\d{4})\s*年"
_DATE = re.compile(f"{_DATE_YMD}|{_DATE_YM}|{_DATE_Y}")
_TIME = r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
_BARE_DATE = re.compile(rf"^(?:{_DATE_YMD}|{_DATE_YM}){_TIME}\s*(?:星期.|周.)?")
_PRINT_LINE = re.compile(
    r"^《\s*(?P<outlet>[^》]{2,20}?)\s*》\s*[（(]\s*(?P<date>[^）)]{4,20}?)\s*"
    r"(?:第\s*[\d一二三四五六七八九十]+\s*版\s*)?[）)]$"
)
_NOT_NAMED = re.compile(r"^(?:本报|本刊|本网|本站|本台|本社|原创|网络|互联网|综合|转载|网友)")
_ROLE_WORDS = re.compile(
    r"(?:本报|本刊|本网|新华社|人民网)?(?:特约|见习|实习)?(?:记者|記者|通讯员|通訊員|实习生|作者)"
)
_MIN_YEAR, _MAX_YEAR = 1949, 2100
_SITE_NAME = re.compile(
    f"^[{HAN_RANGES}]{{2,16}}(?:人民政府(?:网|门户网站)?|政府(?:网|门户网站)|门户网站|党建网|"
    "融媒体中心|新闻网)$"
)
"""A line that is only the site's name (``某某县人民政府``, ``某某党建网``): the page header."""
_SITE_ITEM = re.compile(
    f"^[{HAN_RANGES}]{{2,24}}(?:人民政府|政府|门户网站|网站|党建网|新闻网|网|学习平台|平台|客户端|"
    "融媒体中心)$"
)
_SITE_OWN = ("人民政府", "门户网站", "网站", "党建网", "新闻网", "学习平台", "客户端", "融媒体中心")
_SITE_SEPARATORS = re.compile(r"[\s●•·|｜/]+")
_PAGE_INDEX = re.compile(r"^第\s*\d{1,3}\s*版\s*[:：]")
"""An e-paper's page list (``第08版：宜春新闻``)."""


def _site_names(text: str) -> bool:
    """A header naming two sites or more (``●某某组织部门户网站 ●某某党员网络学习平台``)."""
    items = [i for i in _SITE_SEPARATORS.split(text) if i]
    if len(items) < 2 or not all(_SITE_ITEM.match(i) for i in items):
        return False
    # spaced headings end in 平台 or 网 too (搭建沟通平台 打造服务网): a site's own word or
    # bullets between the names
    return bool(re.search(r"[●•·|｜]", text)) or any(i.endswith(_SITE_OWN) for i in items)


@dataclass(frozen=True)
class _Vocabulary:
    start: re.Pattern | None
    start_kinds: tuple[str, ...]
    anywhere: list[tuple[str, str]]
    buttons: re.Pattern
    labels: re.Pattern
    fields: dict[str, str]


_held: list[_Vocabulary] = []


@contextmanager
def words_held() -> Iterator[None]:
    """Within the block, the word lists are read once and held (a file's lines are asked about
    one by one; an edit to the lists applies from the next block on)."""
    _held.append(_current())
    try:
        yield
    finally:
        _held.pop()


def _vocabulary() -> _Vocabulary:
    """The compiled word lists: those held by :func:`words_held`, else the files as they are."""
    return _held[-1] if _held else _current()


def _current() -> _Vocabulary:
    lines = paths.data_file("layout", "site_lines.csv")
    labels = paths.data_file("layout", "source_labels.csv")
    return _compiled(str(lines), stamp(lines), str(labels), stamp(labels))


@lru_cache(maxsize=4)
def _compiled(lines: str, lines_stamp: int, labels: str, labels_stamp: int) -> _Vocabulary:
    from pathlib import Path

    rows = read_table(Path(lines), ["kind", "position", "word"])
    start, kinds, anywhere, buttons = [], [], [], []
    for row in rows.itertuples(index=False):
        if not row.word:
            continue
        if row.position == "start":
            start.append(f"({re.escape(row.word)}){_SEPARATOR_AFTER}")
            kinds.append(row.kind)
        elif row.position == "anywhere":
            anywhere.append((row.word, row.kind))
        else:
            buttons.append(row.word)
    words = "|".join(re.escape(w) for w in sorted(buttons, key=len, reverse=True))
    table = read_table(Path(labels), ["label", "field"])
    fields = dict(zip(table["label"], table["field"], strict=True))
    names = "|".join(re.escape(w) for w in sorted(fields, key=len, reverse=True) if w)
    # one alternation tried in file order: the first word that opens the line decides, and the
    # group it matched (``lastindex``) names its kind
    return _Vocabulary(
        start=re.compile("|".join(start)) if start else None,
        start_kinds=tuple(kinds),
        anywhere=anywhere,
        buttons=re.compile(f"^(?:{words}|{_BUTTON_SEPARATORS})+$"),
        labels=re.compile(rf"(?P<label>{names})\s*[:：/]\s*"),
        fields=fields,
    )


def _bare(line: str) -> str:
    return line.strip().strip(_OUTER).strip()


def line_kind(line: str) -> str:
    """What a page line is when it is not the report's text, else ``""``.

    ``source`` (a line stating outlet, date or reporters, see :func:`source_fields`),
    ``navigation``, ``site_name`` (a line that is only the site's name), ``page_tool``,
    ``footer``, ``editor`` or ``end_mark``.

    Examples
    --------
    >>> [line_kind(x) for x in ["首页 > 新闻中心 > 党建动态", "【字体：大 中 小】", "（完）"]]
    ['navigation', 'page_tool', 'end_mark']
    >>> line_kind("来源：某县融媒体中心  时间：2023-05-06"), line_kind("完成整改。")
    ('source', '')
    """
    text = line.strip()
    if not text or len(text) > MAX_SITE_LINE:
        return ""
    if _source_spans(text) is not None:
        return "source"
    if _is_navigation(text):
        return "navigation"
    if _SITE_NAME.match(text) or _site_names(text):
        return "site_name"
    if _PAGE_INDEX.match(text):
        return "navigation"
    vocabulary = _vocabulary()
    bare = _bare(text)
    opening = vocabulary.start.match(bare) if vocabulary.start is not None else None
    if opening is not None:
        return vocabulary.start_kinds[(opening.lastindex or 1) - 1]
    is_sentence = _SENTENCE_STOP.search(text.rstrip(_OUTER)[-1:]) is not None
    if not is_sentence:
        for word, kind in vocabulary.anywhere:
            if word in text:
                return kind
    if vocabulary.buttons.match(text):
        return "page_tool"
    return ""


def _is_navigation(text: str) -> bool:
    """A breadcrumb (``首页 > 新闻 > 正文``) or a menu of short links (``首页 | 新闻 | 党建``)."""
    if _SENTENCE_STOP.search(text):
        return False
    if _CRUMB_MARK.search(text):
        items = [i for i in _CRUMB.split(text) if i]
        short = all(len(i) <= _MAX_CRUMB_ITEM for i in items)
        # a trailing mark (``栏目 >> 专辑 >>``) points on to the page itself: a breadcrumb
        pointing = _CRUMB_MARK.search(text.rstrip()[-1:]) is not None
        two = len(items) == 2 and (items[0] in _HOME or pointing)
        return short and (len(items) >= 3 or two)
    items = [i for i in _MENU.split(text) if i]
    return len(items) >= 3 and all(len(i) <= _MAX_MENU_ITEM for i in items)


def _source_spans(text: str) -> list[tuple[str, str]] | None:
    """The ``(field, value)`` pairs of a source line, or ``None`` when it is not one."""
    if len(text) > MAX_SITE_LINE or _SENTENCE_STOP.search(text):
        return None
    printed = _PRINT_LINE.match(text.strip())
    if printed:
        return [("outlet", printed["outlet"]), ("date", printed["date"])]
    bare = _bare(text)
    spans: list[tuple[str, str]] = []
    leading = _BARE_DATE.match(bare)
    if leading:
        spans.append(("date", leading.group()))
        rest = bare[leading.end() :].strip()
    else:
        rest = bare
    vocabulary = _vocabulary()
    labels = list(vocabulary.labels.finditer(rest))
    if rest and (not labels or labels[0].start() > 0):
        return None  # text before the first label: a sentence, not a source line
    for number, label in enumerate(labels):
        end = labels[number + 1].start() if number + 1 < len(labels) else len(rest)
        spans.append((vocabulary.fields[label["label"]], rest[label.end() : end]))
    if not any(field in ("outlet", "date", "reporters") for field, _ in spans):
        return None
    return spans


def source_fields(line: str) -> dict[str, str]:
    """Outlet, date and reporters stated by a source line (see :func:`line_kind`).

    Returns
    -------
    dict
        ``outlet`` (the first word after 来源 and its like; empty for ``本站``, ``本报`` …),
        ``date`` (see :func:`iso_date`) and ``reporters`` (``;``-separated), each ``""`` when
        the line does not state it or is not a source line.

    Examples
    --------
    >>> source_fields("来源：XX日报  作者：张三 李四  时间：2023-05-06 10:20")
    {'outlet': 'XX日报', 'date': '2023-05-06', 'reporters': '张三;李四'}
    >>> source_fields("发布时间：2023年5月 来源/本站")["date"]
    '2023-05'
    """
    found = {"outlet": "", "date": "", "reporters": ""}
    for field, value in _source_spans(line.strip()) or []:
        value = value.strip(_OUTER + "|｜")
        if field == "outlet" and not found["outlet"]:
            name = re.split(r"\s+|[|｜]", value, maxsplit=1)[0].strip(_OUTER)
            found["outlet"] = "" if _NOT_NAMED.match(name) else name
        elif field == "date" and not found["date"]:
            found["date"] = iso_date(value)
        elif field == "reporters":
            names = [*found["reporters"].split(";"), *_names(value).split(";")]
            found["reporters"] = ";".join(dict.fromkeys(n for n in names if n))
    return found


def iso_date(text: str) -> str:
    """The first date stated in ``text`` as ISO: ``YYYY-MM-DD`` when the day is given,
    ``YYYY-MM`` or ``YYYY`` when less is, ``""`` when no valid year is stated.

    Examples
    --------
    >>> iso_date("2023年5月6日 10:20"), iso_date("2023/05/06"), iso_date("2024年7月")
    ('2023-05-06', '2023-05-06', '2024-07')
    >>> iso_date("5月6日"), iso_date("2023年13月1日")
    ('', '')
    """
    match = _DATE.search(text)
    if not match:
        return ""
    parts = [int(g) for g in match.groups() if g is not None]
    year = parts[0]
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return ""
    try:
        if len(parts) == 3:
            return datetime.date(*parts).isoformat()
        if len(parts) == 2:
            datetime.date(year, parts[1], 1)
            return f"{year:04d}-{parts[1]:02d}"
    except ValueError:
        return ""
    return f"{year:04d}"


# --------------------------------------------------------------------------- datelines

_OUTLET_END = "社网網报報台刊端"
_OUTLET_WORDS = re.compile(r"(?:融媒体中心|融媒|客户端|新闻|电视台|广播电台)$")
_DATELINE_HEAD = (
    rf"(?P<head>(?:[{HAN_RANGES}]{{1,14}}?)"
    r"(?:\d{4}年)?(?:\d{1,2}月\d{1,2}日)?(?:讯|訊|电|電|消息))"
)
_WHO = r"(?P<who>[（(](?:本报|特约|见习|实习)?(?:记者|記者|通讯员|通訊員)[^）)]{1,40}[）)])"
_REPORTED = (
    r"(?P<reported>(?:本报|特约|见习|实习)?(?:记者|記者|通讯员|通訊員)[^，。；：:\s]{1,24}?"
    r"(?:报道|報道)[：:])"
)
_DATELINES = (
    re.compile(rf"^【(?P<head>[^】]{{2,24}}?(?:讯|訊|电|電|消息))】\s*(?:{_WHO}|{_REPORTED})?"),
    re.compile(rf"^{_DATELINE_HEAD}\s*{_WHO}"),
    re.compile(rf"^{_DATELINE_HEAD}(?=\s|[：:—|])[\s：:—|]*(?:{_REPORTED})?"),
    re.compile(rf"^(?P<head>[^，。；！？（(\s]{{0,24}}?)\s*{_WHO}"),
)


@dataclass(frozen=True)
class Dateline:
    """A dateline at the start of a paragraph: its length (with the spaces after it) and what
    it states."""

    end: int
    text: str
    outlet: str
    date: str
    reporters: str


def read_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening ``paragraph``, if any.

    Examples
    --------
    >>> found = read_dateline("新华社北京5月6日电（记者 张三、李四）近日，某县召开推进会。")
    >>> found.text, found.outlet, found.date, found.reporters
    ('新华社北京5月6日电（记者 张三、李四）', '新华社', '', '张三;李四')
    >>> read_dateline("湖州日报讯 今年以来，长兴县服务企业。").outlet
    '湖州日报'
    >>> read_dateline("本报讯（通讯员 王五）近日…").outlet, read_dateline("近年来，全市发力。")
    ('', None)
    """
    for pattern in _DATELINES:
        match = pattern.match(paragraph)
        if not match:
            continue
        head = match["head"] or ""
        if pattern is not _DATELINES[-1] and not _is_outlet_head(head):
            continue
        end = match.end()
        end += len(paragraph[end:]) - len(paragraph[end:].lstrip(" \t\u3000：:—"))
        who = match.groupdict().get("who") or ""
        return Dateline(
            end=end,
            text=paragraph[: match.end()].strip(),
            outlet=_dateline_outlet(head),
            date=iso_date(head) if re.search(r"\d{4}年", head) else "",
            reporters=_names(who.strip("（）()")) if who else "",
        )
    return None


def _is_outlet_head(head: str) -> bool:
    """``本报讯``, ``湖州日报讯``, ``新华社北京5月6日电``: an outlet, maybe a place and a date,
    then 讯/电/消息."""
    core = re.sub(r"(?:讯|訊|电|電|消息)$", "", head)
    dated = re.search(r"\d{1,2}月\d{1,2}日$", core)
    core = re.sub(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日$", "", core)
    if re.match(r"本[报報刊网網台]", core):
        return True
    if dated:
        return any(c in _OUTLET_END for c in core[:-2]) or bool(_OUTLET_WORDS.search(core))
    return bool(core) and (core[-1] in _OUTLET_END or bool(_OUTLET_WORDS.search(core)))


def _dateline_outlet(head: str) -> str:
    """The outlet named by a dateline head: ``湖州日报`` of ``湖州日报讯``, ``新华社`` of
    ``新华社北京5月6日电`` (the place after the outlet is at least two characters)."""
    core = re.sub(r"(?:讯|訊|电|電|消息)$", "", head)
    dated = re.search(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日$", core)
    core = core[: dated.start()] if dated else core
    if not core or _NOT_NAMED.match(core):
        return ""
    if not dated:
        return core if core[-1] in _OUTLET_END or _OUTLET_WORDS.search(core) else ""
    for end in range(len(core) - 2, 0, -1):
        if core[end - 1] in _OUTLET_END:
            return core[:end]
    return ""


def _names(value: str) -> str:
    names = _ROLE_WORDS.sub(" ", value)
    tokens = [n for n in re.split(r"[\s、，,；;：:/]+", names.strip(_OUTER)) if n]
    merged: list[str] = []
    for token in tokens:
        # a two-character name spaced to the width of three (陈  婉) is one name
        if len(token) == 1 and merged and len(merged[-1]) == 1:
            merged[-1] += token
        else:
            merged.append(token)
    return ";".join(merged)


_BYLINE_OUTLET = re.compile(
    rf"^\s*[■●▲◆□◇★☆]?\s*[（(]?\s*(?P<outlet>[{HAN_RANGES}]{{2,10}}?"
    r"(?:日报|日報|晚报|晚報|报|報|网|網|电视台|融媒体中心))\s*(?=(?:特约|特約|见习|實習|实习)?"
    r"(?:记者|記者|通讯员|通訊員))"
)


def byline_outlet(byline: str) -> str:
    """The outlet a byline names before its reporters (``渭南日报记者 韩乐``), else ``""``.

    >>> byline_outlet("渭南日报记者 韩乐 通讯员 程琳"), byline_outlet("本报记者 王浩")
    ('渭南日报', '')
    """
    found = _BYLINE_OUTLET.match(byline)
    return found.group("outlet") if found and not _NOT_NAMED.match(found.group("outlet")) else ""


def reporters(byline: str) -> str:
    """The ``;``-separated names of a byline (``■记者 郭文治 孟航``, ``本报记者 王浩 李思远``,
    ``（记者 张三 通讯员 李四）``, ``记者：张三``).

    Examples
    --------
    >>> reporters("■记者 郭文治 孟航"), reporters("本报记者  周立新  陈  婉")
    ('郭文治;孟航', '周立新;陈婉')
    """
    labelled = source_fields(byline)["reporters"]
    if labelled:
        return labelled
    text = re.sub(r"^\s*[■●▲◆□◇★☆]", "", byline)
    outlet = _BYLINE_OUTLET.match(text)
    return _names(text[outlet.end() :] if outlet else text)
