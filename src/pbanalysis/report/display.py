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

__all__ = ["setup", "files", "show", "FileLinks"]


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
