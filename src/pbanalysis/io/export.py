"""Writing tables and files atomically and reproducibly.

Machine tables (``write_csv``) are UTF-8 without BOM; tables for people (``write_report_table``)
are CSV in UTF-8 *with* BOM so that Excel opens them correctly, plus an XLSX copy. Every file is
written to a temporary name in the same folder and renamed into place, so a crash never leaves a
half-written file, and nothing is ever written under ``data/raw/``.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

from pbanalysis.io import paths

__all__ = [
    "write_bytes_atomic",
    "write_text_atomic",
    "csv_text",
    "write_csv",
    "xlsx_bytes",
    "write_report_table",
]


_FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename."""
    path = paths.outside_raw(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text_atomic(path: str | os.PathLike[str], text: str, *, bom: bool = False) -> Path:
    """Write UTF-8 text (optionally with a BOM) atomically, with ``\\n`` line endings."""
    return write_bytes_atomic(path, (("\ufeff" if bom else "") + text).encode("utf-8"))


def csv_text(frame: pd.DataFrame) -> str:
    """The frame as CSV text: no index, ``\\n`` line endings, floats as pandas prints them.

    Examples
    --------
    >>> csv_text(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))
    'a,b\\n1,x\\n2,y\\n'
    """
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.15g")


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str], *, bom: bool = False) -> Path:
    """Write a table as UTF-8 CSV atomically (``bom=True`` for files meant for Excel users)."""
    return write_text_atomic(path, csv_text(frame), bom=bom)


def xlsx_bytes(frame: pd.DataFrame, *, sheet_name: str = "table") -> bytes:
    """The frame as an XLSX workbook whose bytes depend only on the frame's content.

    openpyxl stamps the current time into the workbook properties and the zip entries; both are
    fixed here so that the same table always gives the same file.
    """
    from datetime import datetime

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet_name[:31])
        fixed = datetime(2020, 1, 1)
        writer.book.properties.created = fixed
        writer.book.properties.modified = fixed
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda item: item.filename):
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fix_core_times(data)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()


def _fix_core_times(data: bytes) -> bytes:
    import re

    return re.sub(
        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
        rb"\g<1>2020-01-01T00:00:00Z\g<2>",
        data,
    )


def write_report_table(
    frame: pd.DataFrame, folder: str | os.PathLike[str], name: str, *, xlsx: bool = True
) -> list[Path]:
    """Write ``name.csv`` (UTF-8 with BOM) and ``name.xlsx`` into ``folder``; return the paths."""
    folder = Path(folder)
    written = [write_csv(frame, folder / f"{name}.csv", bom=True)]
    if xlsx:
        written.append(
            write_bytes_atomic(folder / f"{name}.xlsx", xlsx_bytes(frame, sheet_name=name))
        )
    return written
