"""How notebooks show tables: full text (no "…" cut), enough rows, a wide frame.

Each notebook calls :func:`setup` once after its imports, so interactive sessions, the executed
notebooks and the HTML reports show the same, complete cells.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["setup", "files", "show", "FileLinks", "Heading", "heading", "LinkedTable", "contents"]


def setup(*, max_rows: int = 200, width: int = 160) -> None:
    """Set pandas' display options for reports: no truncation of cell text, up to ``max_rows``
    rows, lines up to ``width`` characters.

    Examples
    --------
    >>> import pandas as pd
    >>> setup()
    >>> pd.get_option("display.max_colwidth") is None
    True
    """
    import pandas as pd

    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", max_rows)
    pd.set_option("display.width", width)


class FileLinks:
    """Exported files shown as links (HTML, relative to the output folder, where the report
    lives; the names set as code, since they are file names in no language) and as a plain
    list of names (text)."""

    def __init__(self, names: list[str]):
        self.names = names

    def _repr_html_(self) -> str:
        items = "".join(
            f'<li><a href="{html.escape(name, quote=True)}">'
            f"<code>{html.escape(name)}</code></a></li>"
            for name in self.names
        )
        return f'<ul class="pbanalysis-files">{items}</ul>'

    def __repr__(self) -> str:
        return "\n".join(self.names)


def files(written: Iterable[str | os.PathLike[str]]) -> None:
    """Show exported files as links to them (by file name: the report sits in the same folder).

    Examples
    --------
    >>> FileLinks(["a.csv"])._repr_html_()
    '<ul class="pbanalysis-files"><li><a href="a.csv"><code>a.csv</code></a></li></ul>'
    """
    show(FileLinks([Path(path).name for path in written]))


def show(value: Any) -> None:
    """Display ``value`` as the last line of a cell would (a table, links, a figure).

    Examples
    --------
    >>> show("text")  # outside a notebook it prints
    text
    """
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython comes with the notebook stack
        print(value)
        return
    if get_ipython() is None:
        print(value)
    else:
        display(value)


class Heading:
    """A section heading with an anchor (``<hN id=…>``) that a table of contents links to; the
    plain text of the heading elsewhere."""

    def __init__(self, text: str, anchor: str, level: int = 3):
        self.text, self.anchor, self.level = text, anchor, level

    def _repr_html_(self) -> str:
        tag = f"h{self.level}"
        return (
            f'<{tag} id="{html.escape(self.anchor, quote=True)}">{html.escape(self.text)}</{tag}>'
        )

    def __repr__(self) -> str:
        return self.text


def heading(text: str, anchor: str, level: int = 3) -> None:
    """Show a heading that :func:`contents` can link to.

    Examples
    --------
    >>> Heading("1. 眉山市", "region-001")._repr_html_()
    '<h3 id="region-001">1. 眉山市</h3>'
    """
    show(Heading(text, anchor, level))


class LinkedTable:
    """A table whose cells in one column link to anchors of the same page (HTML); the plain
    table elsewhere. Every cell is escaped."""

    def __init__(self, frame: Any, column: str, targets: dict[str, str]):
        self.frame, self.column, self.targets = frame, column, targets

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.frame.columns)
        body = []
        for row in self.frame.itertuples(index=False):
            cells = []
            for column, value in zip(self.frame.columns, row, strict=True):
                text = html.escape(str(value))
                target = self.targets.get(str(value)) if column == self.column else None
                if target:
                    text = f'<a href="#{html.escape(target, quote=True)}">{text}</a>'
                cells.append(f"<td>{text}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        return (
            f'<table class="dataframe pbanalysis-contents"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>"
        )

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def contents(frame: Any, column: str, targets: dict[str, str]) -> None:
    """Show ``frame`` as a table of contents: ``column``'s values link to ``targets`` (anchors).

    Examples
    --------
    >>> import pandas as pd
    >>> table = LinkedTable(pd.DataFrame({"region": ["甲<市"]}), "region", {"甲<市": "region-001"})
    >>> '<a href="#region-001">甲&lt;市</a>' in table._repr_html_()
    True
    """
    show(LinkedTable(frame, column, targets))
