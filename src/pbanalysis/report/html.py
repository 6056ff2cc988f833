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
from collections.abc import Mapping, Sequence

from pbanalysis.report.fonts import embed_font

__all__ = [
    "external_resources",
    "notebook_html",
    "readable_tables",
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


def notebook_html(notebook: Mapping, *, title: str, parameters: Mapping | None = None) -> str:
    """A code-free, self-contained HTML report of an executed notebook.

    Code cells' inputs and prompts are hidden, outputs (with figures as data URIs) and markdown
    are kept; a first line shows the run's title and parameters, since the injected parameter
    cell is hidden with the other code. No script or style is loaded from the network.

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
    # The header is HTML with every value escaped, not markdown: a run name or a parameter
    # value holding HTML or a backtick must show as text, never as markup.
    shown = ", ".join(
        f"<code>{_esc(key)} = {_esc(json.dumps(value, ensure_ascii=False))}</code>"
        for key, value in (parameters or {}).items()
    )
    header = f"<strong>{_esc(title)}</strong>" + (f" — parameters: {shown}" if shown else "")
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
    return embed_font(readable_tables(page))


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
    ``folder``, ``report``, ``executed_notebook`` and ``files``). The page holds no time or
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
        )
    )
    return embed_font(page)
