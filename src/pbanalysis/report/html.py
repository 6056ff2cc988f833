"""HTML for study output: code-free notebook reports that open offline, and the study index.

nbconvert's templates link require.js, MathJax, the widget manager and mermaid from CDNs, so a
report exported with the stock ``lab`` template is not self-contained. ``notebook_html`` extends
that template with those blocks emptied; ``external_resources`` finds anything a page would
still fetch from the network, so the runner and the tests can check every page it writes.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence

__all__ = [
    "external_resources",
    "notebook_html",
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
    return page


def _esc(text: object) -> str:
    return html.escape(str(text), quote=False).replace("`", "&#96;").replace("$", "&#36;")


_INDEX_STYLE = """
body { font-family: "Noto Sans CJK SC", sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.4em 0.6em; text-align: left; }
td { vertical-align: top; }
th { background: #f4f4f4; }
.ok { color: #1a7f37; font-weight: bold; }
.failed { color: #cf222e; font-weight: bold; }
code { font-size: 0.9em; }
.error { color: #cf222e; font-family: monospace; }
"""


def index_html(summary: Mapping) -> str:
    """The study's ``index.html``: one row per run with its status, parameters, error and links.

    ``summary`` is the content of ``summary.json`` (keys ``study``, ``title``, ``counts`` and
    ``runs``; each run has ``name``, ``notebook``, ``parameters``, ``status``, ``error``,
    ``folder``, ``report``, ``executed_notebook`` and ``files``). The page holds no time or
    duration, so the same results give the same page.

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
    esc = html.escape
    counts = ", ".join(f"{n} {status}" for status, n in sorted(summary["counts"].items()))
    rows = [_index_row(run) for run in summary["runs"]]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{esc(summary['title'])}</title>",
            f"<style>{_INDEX_STYLE}</style>",
            "</head>",
            "<body>",
            f"<h1>{esc(summary['title'])}</h1>",
            f"<p>Study <code>{esc(summary['study'])}</code>: {esc(counts)}. "
            'Machine-readable: <a href="summary.json">summary.json</a>, '
            '<a href="summary.csv">summary.csv</a>.</p>',
            "<table>",
            "<tr><th>status</th><th>run</th><th>notebook</th><th>parameters</th>"
            "<th>error</th><th>files</th></tr>",
            *rows,
            "</table>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _index_row(run: Mapping) -> str:
    esc = html.escape
    status = run["status"]
    report = (
        f'<a href="{esc(run["report"])}">{esc(run["name"])}</a>'
        if run["report"]
        else esc(run["name"])
    )
    notebook = esc(run["notebook"])
    if run["executed_notebook"]:
        notebook = f'<a href="{esc(run["executed_notebook"])}">{notebook}</a>'
    return (
        f'<tr><td class="{esc(status)}">{esc(status)}</td><td>{report}</td><td>{notebook}</td>'
        f"<td>{_parameter_list(run['parameters'])}</td>"
        f'<td class="error">{esc(run["error"])}</td>'
        f"<td>{_file_links(run['folder'], run['files'])}</td></tr>"
    )


def _parameter_list(parameters: Mapping) -> str:
    return "<br>".join(
        f"<code>{html.escape(key)} = {html.escape(json.dumps(value, ensure_ascii=False))}</code>"
        for key, value in parameters.items()
    )


def _file_links(folder: str, files: Sequence[str]) -> str:
    """One entry per table or figure, its formats as links: ``name (csv · xlsx)``."""
    by_stem: dict[str, list[str]] = {}
    for name in files:
        stem, dot, suffix = name.rpartition(".")
        by_stem.setdefault(stem if dot else name, []).append(name)
    entries = []
    for stem, names in by_stem.items():
        links = " · ".join(
            f'<a href="{html.escape(folder)}/{html.escape(name)}">'
            f"{html.escape(name.rpartition('.')[2])}</a>"
            for name in names
        )
        entries.append(f"{html.escape(stem)} ({links})")
    return "<br>".join(entries)
