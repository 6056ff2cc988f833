"""The glossary: English names of Chinese labels (``data/glossary.csv`` and the codebooks).

:func:`english_map` is what :mod:`pbanalysis.report.words` translates with and what
:func:`pbanalysis.params.parse_regions` accepts English region names from.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from pbanalysis.errors import InputError
from pbanalysis.io import paths

__all__ = ["load_glossary", "english_map"]


def load_glossary(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read the glossary CSV (default ``data/glossary.csv``).

    Returns
    -------
    pandas.DataFrame
        ``zh`` (Chinese text), ``en`` (English text), ``kind`` (``region``, ``ui``, ``term``, …).

    Examples
    --------
    >>> load_glossary().columns.tolist()
    ['zh', 'en', 'kind']
    """
    path = Path(path) if path is not None else paths.data_file("glossary.csv")
    if not path.is_file():
        raise InputError(f"{path}: glossary file not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = {"zh", "en", "kind"} - set(frame.columns)
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    frame = frame[["zh", "en", "kind"]].apply(lambda column: column.str.strip())
    return frame[frame["zh"].ne("") & frame["en"].ne("")].reset_index(drop=True)


def _codebook_labels() -> dict[str, str]:
    from pbanalysis.coding import codebook

    labels: dict[str, str] = {}
    for framework in codebook.frameworks():
        try:
            book = codebook.load_codebook(framework)
        except InputError:
            continue
        for zh, en in zip(book["label_zh"], book["label_en"], strict=True):
            if str(zh).strip() and str(en).strip():
                labels[str(zh).strip()] = str(en).strip()
    return labels


_GLOSSARY_CACHE: dict[tuple[tuple[str, int], ...], dict[str, str]] = {}


def english_map() -> dict[str, str]:
    """Chinese label -> English: the glossary merged with the codebooks' ``label_zh → label_en``
    (the codebooks win for code labels), re-read whenever the glossary or a codebook file changes.

    Examples
    --------
    >>> english_map()["眉山市"]
    'Meishan'
    """
    files = [paths.data_file("glossary.csv"), *sorted(paths.data_file("codebook").glob("*.csv"))]
    key = tuple((str(path), path.stat().st_mtime_ns) for path in files if path.exists())
    if key not in _GLOSSARY_CACHE:
        _GLOSSARY_CACHE.clear()
        table = load_glossary()
        mapping = dict(zip(table["zh"], table["en"], strict=True))
        mapping.update(_codebook_labels())
        _GLOSSARY_CACHE[key] = mapping
    return _GLOSSARY_CACHE[key]
