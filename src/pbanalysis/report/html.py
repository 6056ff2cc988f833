"""HTML for study output: code-free notebook reports that open offline, and the study index.

nbconvert's templates link require.js, MathJax, the widget manager and mermaid from CDNs, so a
report exported with the stock ``lab`` template is not self-contained. ``notebook_html`` extends
that template with those blocks emptied; ``external_resources`` finds anything a page would
still fetch from the network, so the runner and the tests can check every page it writes.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from urllib.parse import quote

from pbanalysis.corpus.chars import HAN
from pbanalysis.params import LANGUAGES, check_lang
from pbanalysis.report.corpus_page import sentence_anchor
from pbanalysis.report.fonts import embed_font
from pbanalysis.report.language import mark_sources
from pbanalysis.report.words import header, phrase

__all__ = [
    "LANGUAGE_TAG",
    "external_resources",
    "notebook_html",
    "readable_tables",
    "sentence_links",
    "link_sentences",
    "word_breaks",
    "break_words",
    "index_html",
]


_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""

_EXTERNAL_ATTRIBUTE = re.compile(
    r"<(?:script|link|img|iframe|source|embed)\b[^>]*?\b(?:src|href)\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)",
    re.IGNORECASE,
)
_EXTERNAL_IMPORT = re.compile(
    r"(?:@import\s+(?:url\()?|\bimport\s*\(\s*|\bfrom\s+)[\"']((?:https?:)?//[^\"']+)[\"']",
    re.IGNORECASE,
)


def external_resources(page: str) -> list[str]:
    """URLs that an HTML page would load from the network when opened.

    Looks at ``src``/``href`` of ``script``, ``link``, ``img``, ``iframe``, ``source`` and
    ``embed`` tags, and at ``@import`` / ``import(...)`` / ``from "..."`` inside scripts and
    styles. Ordinary ``<a href>`` links are not loads and are ignored.

    Returns
    -------
    list of str
        The URLs in order of appearance (empty when the page works offline).

    Examples
    --------
    >>> external_resources('<script src="https://cdn.example/require.js"></script><a href="https://x">x</a>')
    ['https://cdn.example/require.js']
    >>> external_resources('<img src="data:image/png;base64,AAAA">')
    []
    """
    return _EXTERNAL_ATTRIBUTE.findall(page) + _EXTERNAL_IMPORT.findall(page)


def notebook_html(
    notebook: Mapping,
    *,
    title: str,
    parameters: Mapping | None = None,
    lang: str | None = None,
    corpus_page: str | None = None,
    sentences: Collection[tuple[str, int]] = (),
) -> str:
    """A code-free, self-contained HTML report of an executed notebook.

    Code cells' inputs and prompts are hidden, outputs (with figures as data URIs) and markdown
    are kept; a first line shows the run's title and parameters, since the injected parameter
    cell is hidden with the other code. No script or style is loaded from the network. Tables
    are made readable (:func:`readable_tables`), Chinese text gets break opportunities only
    between words (:func:`break_words`), and with ``corpus_page`` (the corpus page's address
    relative to the report) every table row naming one of ``sentences`` (``(doc_id,
    sentence_id)`` pairs) links to it (:func:`link_sentences`).

    With ``lang``, a markdown cell tagged ``lang-zh`` or ``lang-en`` is kept only in a report of
    that language (untagged cells always are), so a notebook can hold its prose in both
    languages and each run reads in one; the page's ``<html lang>`` is set to it.

    Returns
    -------
    str
        The HTML page.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("print(1)")]
    >>> page = notebook_html(nb, title="demo", parameters={"lang": "en"})
    >>> "print(1)" in page, 'lang = "en"' in page, external_resources(page)
    (False, True, [])
    """
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.reads(json.dumps(notebook), as_version=4)
    if lang is not None:
        nb.cells = [cell for cell in nb.cells if _for_language(cell, check_lang(lang))]
    # The header is HTML with every value escaped, not markdown: a run name or a parameter
    # value holding HTML or a backtick must show as text, never as markup.
    shown = ", ".join(
        f"<code>{_esc(key)} = {_esc(json.dumps(value, ensure_ascii=False))}</code>"
        for key, value in (parameters or {}).items()
    )
    label = phrase("report.parameters", lang) if lang is not None else "parameters: "
    # the run's name is an identifier (a notebook and its parameter values), in no language
    header = f'<strong translate="no">{_esc(title)}</strong>'
    header += f" — {_esc(label)}{shown}" if shown else ""
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(header))
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"pbanalysis_offline.html.j2": _OFFLINE_TEMPLATE})],
        template_file="pbanalysis_offline.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    page, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    if lang is not None:
        page = re.sub(r"<html\b[^>]*>", f'<html lang="{lang}">', page, count=1)
    page = mark_sources(readable_tables(page))
    if corpus_page is not None:
        page = link_sentences(page, sentence_links(corpus_page, sentences))
    return embed_font(break_words(page))


LANGUAGE_TAG = "lang-{lang}"
"""The tag of a markdown cell written for the reports of one language only."""


def _for_language(cell: Mapping, lang: str) -> bool:
    if cell.get("cell_type") != "markdown":
        return True
    tags = set(cell.get("metadata", {}).get("tags", []))
    languages = {other for other in LANGUAGES if LANGUAGE_TAG.format(lang=other) in tags}
    return not languages or lang in languages


def _esc(text: object) -> str:
    return html.escape(str(text), quote=False).replace("`", "&#96;").replace("$", "&#36;")


_TABLE_CSS = (
    "<style>"
    ".jp-RenderedHTMLCommon table{table-layout:auto;max-width:100%}"
    ".jp-RenderedHTMLCommon td,.jp-RenderedHTMLCommon th{text-align:left;vertical-align:top;"
    "white-space:normal;word-break:keep-all;overflow-wrap:anywhere;line-break:strict}"
    ".jp-RenderedHTMLCommon td.num,.jp-RenderedHTMLCommon th.num{text-align:right;"
    "white-space:nowrap;font-variant-numeric:tabular-nums}"
    ".jp-RenderedHTMLCommon td.label{white-space:nowrap}"
    ".jp-OutputArea-output pre,.jp-RenderedHTMLCommon p,.jp-RenderedHTMLCommon li{"
    "word-break:keep-all;line-break:strict}"
    "a.source{text-decoration:none;border-bottom:1px dotted}"
    "</style>"
)
_CELL = re.compile(r"<td>([^<]*)</td>")
_NUMBER = re.compile(r"[-+−]?(?:\d[\d,]*)?(?:\.\d+)?(?:[eE][-+]?\d+)?%?")
_MISSING = {"NaN", "nan", "&lt;NA&gt;", "None", "NaT"}
_MAX_LABEL = 8


def readable_tables(page: str) -> str:
    """Tables of an HTML report made to read: text left-aligned and wrapped only between words
    (``word-break: keep-all``), short labels kept on one line, numbers right-aligned, missing
    values shown as "—" instead of ``NaN``.

    Examples
    --------
    >>> row = "<tr><td>NaN</td><td>2411</td><td>眉山市</td></tr>"
    >>> out = readable_tables(f"<head></head><table>{row}</table>")
    >>> "<td>—</td>" in out, '<td class="num">2411</td>' in out
    (True, True)
    >>> '<td class="label">眉山市</td>' in out
    True
    """

    def cell(match: re.Match[str]) -> str:
        value = match.group(1).strip()
        if value in _MISSING:
            return "<td>—</td>"
        if value and _NUMBER.fullmatch(value) and any(ch.isdigit() for ch in value):
            return f'<td class="num">{match.group(1)}</td>'
        if 0 < len(value) <= _MAX_LABEL and " " not in value:
            return f'<td class="label">{match.group(1)}</td>'
        return match.group(0)

    page = _CELL.sub(cell, page)
    head_end = page.find("</head>")
    return page[:head_end] + _TABLE_CSS + page[head_end:] if head_end >= 0 else _TABLE_CSS + page


# --- provenance links ---------------------------------------------------------------------

_TABLE = re.compile(r"(<table\b[^>]*\bclass=\"dataframe\"[^>]*>)(.*?)(</table>)", re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_ROW_CELL = re.compile(r"<(t[dh])\b([^>]*)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def sentence_links(
    corpus_page: str, sentences: Collection[tuple[str, int]]
) -> Callable[[str, int], str | None]:
    """The address of a sentence on the corpus page, for the sentences it holds (None for
    others, such as headings, ``sentence_id`` 0, or articles not on the page).

    Examples
    --------
    >>> href = sentence_links("../corpus-zh.html", {("meishan", 3)})
    >>> href("meishan", 3), href("meishan", 4)
    ('../corpus-zh.html#s-meishan-3', None)
    """
    known = frozenset((str(doc), int(sid)) for doc, sid in sentences)

    def href(doc_id: str, sentence_id: int) -> str | None:
        if (doc_id, sentence_id) not in known:
            return None
        return f"{quote(corpus_page, safe='/.-_~')}#{sentence_anchor(doc_id, sentence_id)}"

    return href


def _names(column: str) -> frozenset[str]:
    return frozenset({column, header(column, "zh"), header(column, "en")})


def link_sentences(page: str, href: Callable[[str, int], str | None]) -> str:
    """Tables of an HTML page whose header names a document and a sentence (``doc_id`` and
    ``sentence_id``, or their headers in either language) with each sentence id cell linked
    to ``href(doc_id, sentence_id)`` (left as is where that is None).

    Examples
    --------
    >>> table = ('<table class="dataframe"><thead><tr><th></th><th>doc_id</th><th>句子编号</th>'
    ...          '</tr></thead><tbody><tr><th>0</th><td>d</td><td class="num">7</td></tr>'
    ...          '</tbody></table>')
    >>> link_sentences(table, lambda doc, sid: f"c.html#s-{doc}-{sid}")  # doctest: +ELLIPSIS
    '...<td class="num"><a class="source" href="c.html#s-d-7">7</a></td>...'
    """
    doc_names, sentence_names = _names("doc_id"), _names("sentence_id")

    def table(match: re.Match[str]) -> str:
        body = match.group(2)
        rows = _ROW.findall(body)
        if not rows:
            return match.group(0)
        heads = [_text(cell[2]) for cell in _ROW_CELL.findall(rows[0])]
        doc_col = next((i for i, h in enumerate(heads) if h in doc_names), None)
        sid_col = next((i for i, h in enumerate(heads) if h in sentence_names), None)
        if doc_col is None or sid_col is None:
            return match.group(0)

        def row(row_match: re.Match[str]) -> str:
            cells = list(_ROW_CELL.finditer(row_match.group(1)))
            if len(cells) != len(heads) or cells[sid_col].group(1) != "td":
                return row_match.group(0)
            doc_id, sentence = _text(cells[doc_col].group(3)), _text(cells[sid_col].group(3))
            target = href(doc_id, int(sentence)) if sentence.isdigit() else None
            if target is None:
                return row_match.group(0)
            cell = cells[sid_col]
            linked = (
                f'<td{cell.group(2)}><a class="source" href="{html.escape(target)}">'
                f"{cell.group(3)}</a></td>"
            )
            inner = row_match.group(1)
            inner = inner[: cell.start()] + linked + inner[cell.end() :]
            return row_match.group(0).replace(row_match.group(1), inner, 1)

        head_end = body.find("</thead>")
        split = head_end + len("</thead>") if head_end >= 0 else 0
        return match.group(1) + body[:split] + _ROW.sub(row, body[split:]) + match.group(3)

    return _TABLE.sub(table, page)


def _text(cell: str) -> str:
    return html.unescape(_TAG.sub("", cell)).strip()


# --- break opportunities between words -----------------------------------------------------

_SKIPPED = re.compile(r"<(script|style|title|textarea)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
_SHORT = 8  # characters: a label this short is never broken
_CLOSING = frozenset("，。、；：！？）》」』】”’")  # a line may break after these, never before
_OPENING = frozenset("（《「『【“‘")  # and before these, never after


def word_breaks(text: str) -> list[str]:
    """``text`` cut into the pieces between which a line may break: between two words (jieba
    with the project's dictionary) where both sides are Chinese, after closing and before
    opening punctuation, never inside a word, never before a one-character administrative
    suffix (眉山 | 市 stays 眉山市), and not at all in a text of at most eight characters.

    Examples
    --------
    >>> word_breaks("眉山市")
    ['眉山市']
    >>> word_breaks("加格达奇区推进党建引领营商环境优化")
    ['加格达奇区', '推进', '党建引领', '营商环境', '优化']
    >>> word_breaks("优化营商环境，组建“工作专班”")
    ['优化', '营商环境，', '组建', '“工作专班”']
    """
    if len(text.strip()) <= _SHORT or HAN.search(text) is None:
        return [text]
    from pbanalysis.analysis.tokens import segments
    from pbanalysis.corpus.regions import ADMIN_SUFFIXES

    suffixes = frozenset(s for s in ADMIN_SUFFIXES if len(s) == 1)
    pieces: list[str] = []
    for word, _, _ in segments(text):
        after = pieces and (HAN.match(pieces[-1][-1]) is not None or pieces[-1][-1] in _CLOSING)
        before = (HAN.match(word[0]) is not None and word not in suffixes) or word[0] in _OPENING
        breakable = after and before
        if breakable or not pieces:
            pieces.append(word)
        else:
            pieces[-1] += word
    return pieces


def break_words(page: str) -> str:
    """Every text of an HTML page's body with ``<wbr>`` between words (:func:`word_breaks`), so
    that with ``word-break: keep-all`` Chinese wraps only between words, not inside them.
    Markup, scripts and styles are left as they are.

    Examples
    --------
    >>> break_words("<p>眉山市优化营商环境</p>")
    '<p>眉山市<wbr>优化<wbr>营商环境</p>'
    >>> break_words("<td>眉山市</td>")
    '<td>眉山市</td>'
    """
    start = page.find("<body")
    head, body = (page[:start], page[start:]) if start >= 0 else ("", page)
    out, position = [], 0
    for markup in [*_SKIPPED.finditer(body), None]:
        end = markup.start() if markup is not None else len(body)
        text = body[position:end]
        if HAN.search(text) is not None:
            words = word_breaks(html.unescape(text))
            text = "<wbr>".join(html.escape(word, quote=False) for word in words)
        out.append(text)
        if markup is not None:
            out.append(markup.group(0))
            position = markup.end()
    return head + "".join(out)


_TEMPLATES = "templates"
_INDEX_TEMPLATE = "index.html.j2"


def _escape(value: object) -> str:
    """Escape a template output like ``html.escape`` (``&quot;``, ``&#x27;``), which the page
    used before it was a template, rather than markupsafe's ``&#34;``, ``&#39;``. Autoescaping
    stays on: the ``Markup`` returned here (and any other) is not escaped a second time."""
    from markupsafe import Markup

    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


def _by_stem(files: Sequence[str]) -> list[tuple[str, list[str]]]:
    """The files grouped by name without suffix, in order: ``[("table", ["table.csv", ...])]``."""
    by_stem: dict[str, list[str]] = {}
    for name in files:
        stem, dot, _ = name.rpartition(".")
        by_stem.setdefault(stem if dot else name, []).append(name)
    return list(by_stem.items())


@functools.cache
def _environment():
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, _TEMPLATES),
        autoescape=True,
        finalize=_escape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["json_value"] = lambda value: json.dumps(value, ensure_ascii=False)
    environment.filters["by_stem"] = _by_stem
    return environment


def index_html(summary: Mapping) -> str:
    """The study's ``index.html``: one row per run with its status, parameters, error and links.

    ``summary`` is the content of ``summary.json`` (keys ``study``, ``title``, ``counts`` and
    ``runs``; each run has ``name``, ``notebook``, ``parameters``, ``status``, ``error``,
    ``folder``, ``report``, ``executed_notebook`` and ``files``; optionally ``corpus_pages``,
    the corpus pages' file names, which the page links to). The page holds no time or
    duration, so the same results give the same page. It is rendered from the package's
    ``templates/index.html.j2`` with autoescaping on.

    Returns
    -------
    str
        The HTML page (inline CSS only).

    Examples
    --------
    >>> run = {"name": "a", "notebook": "a.ipynb", "parameters": {}, "status": "failed",
    ...        "error": "ValueError: bad", "folder": "a", "report": "a/a.html",
    ...        "executed_notebook": "a/a.ipynb", "files": []}
    >>> page = index_html({"study": "s", "title": "S", "counts": {"failed": 1}, "runs": [run]})
    >>> "ValueError: bad" in page, external_resources(page)
    (True, [])
    """
    page = (
        _environment()
        .get_template(_INDEX_TEMPLATE)
        .render(
            title=summary["title"],
            study=summary["study"],
            counts=sorted(summary["counts"].items()),
            runs=summary["runs"],
            corpus_pages=summary.get("corpus_pages", []),
        )
    )
    return embed_font(page)
