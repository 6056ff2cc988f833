"""One language per report: article text marked as Chinese, and a check for the other language.

A report in English still quotes the articles, which are Chinese by nature: the columns of
``data/words/source_columns.csv`` hold such quotes, and :func:`mark_sources` gives their cells
``lang="zh"`` (the correct HTML for mixed-language text, which also lets a browser pick the CJK
font). :func:`foreign_prose` then finds what a reader would see in the other language outside
such quotes: Chinese sentences in an English report, English phrases in a Chinese one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from html.parser import HTMLParser

from pbanalysis.corpus.chars import HAN_RANGES
from pbanalysis.io import paths
from pbanalysis.io.datafiles import read_table
from pbanalysis.params import check_lang
from pbanalysis.report.glossary import english_map
from pbanalysis.report.words import header

__all__ = ["source_columns", "mark_sources", "foreign_prose"]


def source_columns() -> frozenset[str]:
    """Names of the columns that quote the articles (``data/words/source_columns.csv``), as
    written and as their headers in either language.

    Examples
    --------
    >>> {"text", "原文", "Text"} <= source_columns()
    True
    """
    table = read_table(paths.data_file("words", "source_columns.csv"), ["column"])
    names = set()
    for column in table["column"]:
        names |= {column, header(column, "zh"), header(column, "en")}
    return frozenset(names)


_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_HEAD_ROW = re.compile(r"<thead\b[^>]*>\s*<tr\b[^>]*>(.*?)</tr>", re.S)
_HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_BODY = re.compile(r"<tbody\b[^>]*>(.*?)</tbody>", re.S)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S)
_CELL = re.compile(r"<(t[dh])\b([^>]*)>", re.S)
_TAG = re.compile(r"<[^>]+>")


def mark_sources(page: str) -> str:
    """Cells of the page's tables under a source column (:func:`source_columns`) get
    ``lang="zh"``.

    Examples
    --------
    >>> t = ('<table><thead><tr><th></th><th>region</th><th>text</th></tr></thead>'
    ...      '<tbody><tr><th>0</th><td>Meishan</td><td>全市党组织。</td></tr></tbody></table>')
    >>> mark_sources(t)  # doctest: +ELLIPSIS
    '...<td>Meishan</td><td lang="zh">全市党组织。</td>...'
    """
    sources = source_columns()

    def table(match: re.Match[str]) -> str:
        text = match.group(0)
        head = _HEAD_ROW.search(text)
        body = _BODY.search(text)
        if head is None or body is None:
            return text
        heads = [
            html.unescape(_TAG.sub("", cell)).strip() for cell in _HEAD_CELL.findall(head.group(1))
        ]
        marked = {i for i, name in enumerate(heads) if name in sources}
        if not marked:
            return text

        def row(row_match: re.Match[str]) -> str:
            position = iter(range(len(heads) + 1000))

            def cell(cell_match: re.Match[str]) -> str:
                i = next(position)
                if (
                    i in marked
                    and cell_match.group(1) == "td"
                    and "lang=" not in cell_match.group(2)
                ):
                    return f'<td lang="zh"{cell_match.group(2)}>'
                return cell_match.group(0)

            return row_match.group(1) + _CELL.sub(cell, row_match.group(2)) + row_match.group(3)

        new_body = _ROW.sub(row, body.group(1))
        return text[: body.start(1)] + new_body + text[body.end(1) :]

    return _TABLE.sub(table, page)


_SKIPPED_TAGS = frozenset({"script", "style", "title", "code", "textarea"})
_VOID = frozenset({"br", "wbr", "img", "hr", "meta", "link", "input", "source", "col", "area"})
_HAN_RUN = re.compile(f"[{HAN_RANGES}][{HAN_RANGES}\u3000-\u303f\uff00-\uffef“”‘’…—·+]*")
_SENTENCE_MARK = re.compile("[，。；！？：]")
_LONG_HAN = 12  # Han characters: a longer run is a sentence, not a name or a term
_WORDS = re.compile(r"(?<![\w.\-/])[A-Za-z][a-z'\-]+(?:[ ]+[A-Za-z][a-z'\-]+)+(?![\w.\-/])")


class _Texts(HTMLParser):
    """Text nodes of a page with the language of their nearest element that states one."""

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = [("", lang, False)]
        self.texts: list[tuple[str, str]] = []  # (language, text)
        self.skipping = 0
        self.joined = False  # the next text continues the last one (they are split by <wbr>)

    def handle_starttag(self, tag, attrs):
        self.joined = tag == "wbr"
        if tag in _VOID:
            return
        # the page's own language is the one it is checked for, whatever <html lang> says
        declared = dict(attrs).get("lang") if tag not in {"html", "body"} else None
        skip = tag in _SKIPPED_TAGS or dict(attrs).get("translate") == "no"
        self.skipping += skip
        self.stack.append((tag, declared or self.stack[-1][1], skip))

    def handle_endtag(self, tag):
        self.joined = False
        if tag in _VOID:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                self.skipping -= sum(skip for _, _, skip in self.stack[depth:])
                del self.stack[depth:]
                return

    def handle_data(self, data):
        language = self.stack[-1][1] or ""
        if self.joined and self.texts and self.texts[-1][0] == language:
            self.texts[-1] = (language, self.texts[-1][1] + data)
        elif not self.skipping and data.strip():
            self.texts.append((language, data))
        self.joined = False


def foreign_prose(page: str, lang: str, *, allowed: Iterable[str] = ()) -> list[str]:
    """Text of ``page`` (a report in ``lang``) a reader would see in the other language, outside
    elements marked with that language (``lang="zh"`` on article quotes), outside ``<code>``
    (identifiers, file and parameter names) and outside elements marked ``translate="no"``
    (the run's name).

    In an English report: runs of Chinese holding sentence punctuation or more than twelve Han
    characters (names and terms are shorter), and any Chinese label the glossary translates
    (:func:`pbanalysis.report.glossary.english_map`) left untranslated. In a Chinese report:
    two or more English words in a row. ``allowed`` are texts that may stay as they are
    (proper names such as ``Fisher``, terms listed as left untranslated).

    Returns
    -------
    list of str
        The offending pieces, in page order.

    Examples
    --------
    >>> foreign_prose('<p>Share of 两个覆盖 sentences</p><p lang="zh">全市党组织，覆盖。</p>', "en")
    []
    >>> foreign_prose("<p>Meishan leans on 服务企业，解决难题。</p>", "en")
    ['服务企业，解决难题。']
    >>> foreign_prose("<td>眉山市</td>", "en")
    ['眉山市']
    >>> foreign_prose("<p>眉山市：no code found。Holm 校正</p>", "zh")
    ['no code found']
    """
    lang = check_lang(lang)
    other = "en" if lang == "zh" else "zh"
    parser = _Texts(lang)
    parser.feed(page)
    parser.close()
    allow = [text for text in allowed if text]
    translated = english_map() if lang == "en" else {}
    found = []
    for language, text in parser.texts:
        if language == other:
            continue
        for piece in allow:
            text = text.replace(piece, " ")
        for zh, en in translated.items():  # a term of the articles glossed: 营商环境 (business …)
            text = text.replace(f"{zh} ({en})", " ")
        if lang == "en":
            found += [
                run.group(0)
                for run in _HAN_RUN.finditer(text)
                if _SENTENCE_MARK.search(run.group(0))
                or len(re.findall(f"[{HAN_RANGES}]", run.group(0))) > _LONG_HAN
                or (run.group(0) in translated and "+" not in run.group(0))
            ]
        else:
            found += [run.group(0) for run in _WORDS.finditer(text)]
    return found
