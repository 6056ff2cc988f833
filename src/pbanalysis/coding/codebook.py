"""Codebooks: which frameworks there are and what each code means.

The frameworks are the rows of ``data/codebook/frameworks.csv`` (in that order), each with its
codebook CSV beside it; ``data/codebook/README.md`` holds the coding rules. ``none`` is the
reserved code of a sentence that no code of a framework applies to.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from pbanalysis.errors import InputError
from pbanalysis.io import paths
from pbanalysis.io.datafiles import read_table, stamp

__all__ = [
    "NONE_CODE",
    "CODEBOOK_COLUMNS",
    "frameworks",
    "framework_labels",
    "check_framework",
    "split_patterns",
    "load_codebook",
]

NONE_CODE = "none"
"""The code of a sentence that no code of the framework applies to (kept visible in every table)."""
CODEBOOK_COLUMNS = ("code", "label_zh", "label_en", "definition", "keywords", "exclude", "example")
_DEFAULT_NONE_LABELS = ("未编码", "uncoded")


def _frameworks_table() -> pd.DataFrame:
    path = paths.data_file("codebook", "frameworks.csv")
    return _read_frameworks(str(path), stamp(path))


@lru_cache(maxsize=2)
def _read_frameworks(path: str, file_stamp: int) -> pd.DataFrame:
    table = read_table(Path(path), ["framework", "file", "label_zh", "label_en"])
    if table.empty or table["framework"].eq("").any() or table["framework"].duplicated().any():
        raise InputError(f"{path}: every row needs a framework name, each name once")
    return table


def frameworks() -> tuple[str, ...]:
    """The coding frameworks, in the order of ``data/codebook/frameworks.csv``.

    Examples
    --------
    >>> frameworks()
    ('levers', 'pillars', 'bready')
    """
    return tuple(_frameworks_table()["framework"])


def framework_labels(lang: str) -> dict[str, str]:
    """Framework name -> its label in ``lang`` (``zh`` or ``en``).

    Examples
    --------
    >>> framework_labels("en")["bready"]
    'B-READY topics'
    """
    table = _frameworks_table()
    return dict(zip(table["framework"], table[f"label_{lang}"], strict=True))


def check_framework(framework: str) -> str:
    """``framework`` if it is one of :func:`frameworks`, else an InputError naming them.

    Examples
    --------
    >>> check_framework("pillars")
    'pillars'
    """
    names = frameworks()
    if framework not in names:
        raise InputError(
            f"unknown coding framework {framework!r}; valid frameworks: {', '.join(names)}"
        )
    return framework


def __getattr__(name: str) -> Any:
    # ``FRAMEWORKS`` of release 0.1, now read from the codebook files
    if name == "FRAMEWORKS":
        return frameworks()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def split_patterns(field: str) -> list[str]:
    """Split a ``|``-separated keyword field into patterns, keeping ``|`` inside brackets.

    A top-level ``|`` separates two keywords; inside ``(...)`` or ``[...]`` it is a regex
    alternation, so ``(建立|成立)党组织`` stays one pattern.

    Examples
    --------
    >>> split_patterns("党支部| 党委 |(建立|成立)党组织")
    ['党支部', '党委', '(建立|成立)党组织']
    >>> split_patterns("")
    []
    """
    parts, depth, current, escaped = [], 0, [], False
    for char in str(field):
        if escaped:
            current.append(char)
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def _codebook_path(framework: str, path: str | os.PathLike[str] | None) -> Path:
    if path is None:
        table = _frameworks_table()
        return paths.data_file(
            "codebook", table.loc[table["framework"] == framework, "file"].item()
        )
    path = Path(path)
    return path / f"{framework}.csv" if path.is_dir() else path


def load_codebook(framework: str, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read and check one codebook.

    Parameters
    ----------
    framework : str
        One of :func:`frameworks` (``"levers"``, ``"pillars"``, ``"bready"``).
    path : path-like, optional
        A codebook CSV file, or a folder holding ``<framework>.csv``; default
        ``data/codebook/<framework>.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per code, in file order, with columns ``framework``, ``code`` (id),
        ``label_zh``, ``label_en``, ``definition``, ``keywords`` and ``exclude`` (``|``-separated
        regular expressions, possibly empty) and ``example`` (a sentence the code applies to).
        The last row is always the framework's ``none`` code (no keywords): it is added with the
        labels 未编码 / uncoded if the file has none.

    Raises
    ------
    InputError
        For an unknown framework, a missing file or column, a duplicate or empty code, a code
        other than ``none`` without keywords, or a pattern that is not a valid regular expression.

    Examples
    --------
    >>> book = load_codebook("bready")
    >>> book.loc[book["code"] == "none", "label_zh"].item()
    '未编码'
    """
    check_framework(framework)
    file = _codebook_path(framework, path)
    if not file.is_file():
        raise InputError(f"{file}: codebook file not found")
    stat = file.stat()
    # read and checked once per process and file version: the store codes file by file
    return _checked_codebook(framework, str(file.resolve()), stat.st_mtime_ns, stat.st_size).copy()


@lru_cache(maxsize=32)
def _checked_codebook(framework: str, name: str, mtime_ns: int, size: int) -> pd.DataFrame:
    file = Path(name)
    book = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if "exclude" not in book.columns:
        book["exclude"] = ""
    missing = [column for column in CODEBOOK_COLUMNS if column not in book.columns]
    if missing:
        raise InputError(f"{file}: codebook lacks column(s) {', '.join(missing)}")
    book = book[list(CODEBOOK_COLUMNS)].apply(lambda column: column.str.strip())
    if (book["code"] == "").any():
        raise InputError(f"{file}: a row has an empty code")
    duplicated = book.loc[book["code"].duplicated(), "code"].tolist()
    if duplicated:
        raise InputError(f"{file}: duplicate code(s) {', '.join(duplicated)}")
    for row in book.itertuples():
        if row.code != NONE_CODE and not split_patterns(row.keywords):
            raise InputError(f"{file}: code {row.code!r} has no keywords")
        for pattern in split_patterns(row.keywords) + split_patterns(row.exclude):
            try:
                re.compile(pattern)
            except re.error as error:
                raise InputError(
                    f"{file}: code {row.code!r}: invalid pattern {pattern!r} ({error})"
                ) from None
    none_rows = book[book["code"] == NONE_CODE]
    if none_rows.empty:
        label_zh, label_en = _DEFAULT_NONE_LABELS
        none_rows = pd.DataFrame(
            [[NONE_CODE, label_zh, label_en, "No code of this framework applies.", "", "", ""]],
            columns=list(CODEBOOK_COLUMNS),
        )
    book = pd.concat([book[book["code"] != NONE_CODE], none_rows], ignore_index=True)
    book.insert(0, "framework", framework)
    return book
