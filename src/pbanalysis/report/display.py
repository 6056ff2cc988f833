"""How notebooks show tables: full text (no "…" cut), enough rows, a wide frame.

Each notebook calls :func:`setup` once after its imports, so interactive sessions, the executed
notebooks and the HTML reports show the same, complete cells.
"""

from __future__ import annotations

__all__ = ["setup"]


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
