"""Reading the researcher-editable data files (``data/…`` CSV tables and word lists).

Every reader here refuses a missing file or a missing column with a one-line
:class:`~pbanalysis.errors.InputError`, strips cells, and keeps every value a string.
:func:`stamp` is the modification time used as part of cache keys, so an edited file is read
anew by a running notebook.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pbanalysis.errors import InputError

__all__ = ["read_table", "read_records", "read_lines", "word_set", "stamp"]


def stamp(path: Path) -> int:
    """The file's modification time in nanoseconds, or -1 when it does not exist.

    Examples
    --------
    >>> stamp(Path("/nonexistent/file.csv"))
    -1
    """
    return path.stat().st_mtime_ns if path.is_file() else -1


def read_table(path: Path, required: Sequence[str], *, strip: bool = True) -> pd.DataFrame:
    """A CSV data file as strings (BOM tolerated, cells stripped unless ``strip`` is false),
    checked for ``required`` columns.

    Examples
    --------
    >>> from pbanalysis.io import paths
    >>> read_table(paths.data_file("terms", "class_labels.csv"), ["code"]).columns[0]
    'code'
    """
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    return frame.apply(lambda column: column.str.strip()) if strip else frame


def read_records(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """A CSV data file as one dict of stripped strings per row (what :func:`read_table` gives,
    without building a frame: for tables read only to be looped over).

    Examples
    --------
    >>> from pbanalysis.io import paths
    >>> labels = paths.data_file("terms", "class_labels.csv")
    >>> read_records(labels, ["code"]) == read_table(labels, ["code"]).to_dict("records")
    True
    """
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [name.strip() for name in next(reader, [])]
            rows = [[cell.strip() for cell in row] for row in reader if row]
    except (UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"{path}: cannot read ({error})") from None
    missing = [column for column in required if column not in header]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    width = len(header)
    return [dict(zip(header, (row + [""] * width)[:width], strict=True)) for row in rows]


def read_lines(path: Path) -> list[str]:
    """The non-empty lines of a word list, stripped; a line starting with ``#`` is a comment.

    Examples
    --------
    >>> from pbanalysis.io import paths
    >>> "以及" in read_lines(paths.data_file("terms", "stopwords.txt"))
    True
    """
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def word_set(path: Path) -> frozenset[str]:
    """:func:`read_lines` as a set, cached until the file changes.

    Examples
    --------
    >>> from pbanalysis.io import paths
    >>> "以及" in word_set(paths.data_file("terms", "stopwords.txt"))
    True
    """
    return _word_set(str(path), stamp(path))


@lru_cache(maxsize=8)
def _word_set(path: str, file_stamp: int) -> frozenset[str]:
    return frozenset(read_lines(Path(path)))
