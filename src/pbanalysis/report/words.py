"""Words of the reports: the glossary, table headers and sentence templates, in zh and en.

Everything a reader sees in words comes from data files, so a researcher can correct or extend
it without touching code:

* ``data/glossary.csv`` (``zh,en,kind``) with the codebooks' ``label_zh``/``label_en``:
  :func:`translate` puts a Chinese label into the run's language; a label without an entry stays
  Chinese and is listed by :func:`untranslated` / :func:`translation_note`.
* ``data/words/headers.csv`` (``column,zh,en``): :func:`header` / :func:`headers` name the
  columns of tables for people.
* ``data/words/phrases.csv`` (``key,zh,en``): :func:`phrase` fills a sentence template (Python
  ``str.format`` fields) in the run's language.
* ``data/words/values.csv`` (``column,value,zh,en``): :func:`value_label` names the values of
  categorical columns (qualifiers, statuses) for people.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pbanalysis.corpus.chars import has_wide
from pbanalysis.errors import InputError
from pbanalysis.io import paths
from pbanalysis.io.datafiles import read_table, stamp
from pbanalysis.params import check_lang
from pbanalysis.report.glossary import english_map, load_glossary

__all__ = [
    "load_glossary",
    "glossary",
    "translate",
    "translate_all",
    "untranslated",
    "translation_note",
    "label_column",
    "header",
    "headers",
    "value_label",
    "phrase",
    "templates",
    "percent",
    "p_text",
    "join_list",
]

_MISSING: dict[str, None] = {}


def glossary(lang: str = "en") -> dict[str, str]:
    """Mapping from Chinese text to its label in ``lang``.

    For ``lang="en"`` the glossary entries are merged with the codebooks' ``label_zh → label_en``
    (the codebooks win for code labels). For ``lang="zh"`` every key maps to itself.

    Returns
    -------
    dict
        Chinese text → label.

    Examples
    --------
    >>> glossary("en")["眉山市"]
    'Meishan'
    >>> glossary("zh")["眉山市"]
    '眉山市'
    """
    check_lang(lang)
    mapping = dict(english_map())
    if lang == "zh":
        return {key: key for key in mapping}
    return mapping


def translate(text: str, lang: str) -> str:
    """``text`` in ``lang``: Chinese is returned as is for ``zh``; for ``en`` via :func:`glossary`.

    Text without Chinese characters is returned unchanged. A Chinese text with no English entry
    falls back to the Chinese text and is recorded (see :func:`untranslated`).

    Examples
    --------
    >>> translate("加格达奇区", "en")
    'Jiagedaqi'
    >>> translate("加格达奇区", "zh")
    '加格达奇区'
    >>> translate("n = 3", "en")
    'n = 3'
    """
    check_lang(lang)
    text = str(text)
    if lang == "zh" or not has_wide(text):
        return text
    mapping = english_map()
    if text in mapping:
        return mapping[text]
    _MISSING[text] = None
    return text


def translate_all(values: Iterable[object], lang: str) -> list[str]:
    """:func:`translate` applied to each value (non-strings are converted with ``str``).

    Examples
    --------
    >>> translate_all(["眉山市", 3], "en")
    ['Meishan', '3']
    """
    return [translate(str(value), lang) for value in values]


def untranslated() -> list[str]:
    """Chinese labels that :func:`translate` could not put into English so far, in first-seen order.

    Examples
    --------
    >>> isinstance(untranslated(), list)
    True
    """
    return list(_MISSING)


def translation_note(lang: str) -> str:
    """One line for the end of a notebook: which labels stayed in Chinese in an English run
    (add them to ``data/glossary.csv``), or that a Chinese run needs no translation.

    Examples
    --------
    >>> translation_note("zh")
    '标签均为中文，无需翻译。'
    """
    if check_lang(lang) == "zh":
        return "标签均为中文，无需翻译。"
    missing = untranslated()
    if not missing:
        return "Every label was translated from data/glossary.csv or the codebooks."
    return "Labels left in Chinese (add them to data/glossary.csv): " + ", ".join(missing)


def label_column(lang: str) -> str:
    """The codebook label column for ``lang``: ``label_zh`` or ``label_en``.

    Examples
    --------
    >>> label_column("en")
    'label_en'
    """
    return f"label_{check_lang(lang)}"


def _words_table(name: str) -> dict[str, dict[str, str]]:
    path = paths.data_file("words", name)
    return _read_words(str(path), stamp(path))


@lru_cache(maxsize=4)
def _read_words(path: str, file_stamp: int) -> dict[str, dict[str, str]]:
    # cells are kept as written: a separator such as ", " needs its space
    table = read_table(Path(path), ["key", "zh", "en"], strip=False)
    table["key"] = table["key"].str.strip()
    duplicated = table.loc[table["key"].duplicated(), "key"].tolist()
    if duplicated:
        raise InputError(f"{path}: duplicate key(s) {', '.join(duplicated)}")
    return {lang: dict(zip(table["key"], table[lang], strict=True)) for lang in ("zh", "en")}


def header(column: str, lang: str) -> str:
    """The header of a table column for people in ``lang`` (``data/words/headers.csv``);
    a column without a row keeps its name, translated (:func:`translate`) when it is Chinese.

    Examples
    --------
    >>> header("region", "zh"), header("region", "en"), header("no_such_column", "en")
    ('地区', 'Region', 'no_such_column')
    """
    found = _words_table("headers.csv")[check_lang(lang)].get(column, "")
    return found or translate(column, lang)


def headers(columns: Iterable[str], lang: str) -> dict[str, str]:
    """``{column: header}`` for renaming a frame's columns (:func:`header` for each).

    Examples
    --------
    >>> headers(["region", "share"], "en")
    {'region': 'Region', 'share': 'Share'}
    """
    return {column: header(column, lang) for column in columns}


def value_label(column: str, value: object, lang: str) -> str:
    """The value of a categorical column for people in ``lang`` (``data/words/values.csv``);
    a value without a row is returned as it is.

    Examples
    --------
    >>> value_label("qualifier", "approx", "zh"), value_label("qualifier", "approx", "en")
    ('约数', 'approximate')
    >>> value_label("qualifier", "unknown", "zh")
    'unknown'
    """
    path = paths.data_file("words", "values.csv")
    table = _read_values(str(path), stamp(path))[check_lang(lang)]
    return table.get((column, str(value)), str(value))


@lru_cache(maxsize=2)
def _read_values(path: str, file_stamp: int) -> dict[str, dict[tuple[str, str], str]]:
    table = read_table(Path(path), ["column", "value", "zh", "en"])
    keys = list(zip(table["column"], table["value"], strict=True))
    if len(set(keys)) < len(keys):
        raise InputError(f"{path}: a column and value listed twice")
    return {lang: dict(zip(keys, table[lang], strict=True)) for lang in ("zh", "en")}


def phrase(key: str, lang: str, **fields: Any) -> str:
    """The sentence template ``key`` of ``data/words/phrases.csv`` in ``lang``, filled with
    ``fields`` (``str.format``). An unknown key or a missing field is an InputError.

    Examples
    --------
    >>> phrase("none_word", "zh"), phrase("none_word", "en")
    ('无', 'none')
    """
    templates = _words_table("phrases.csv")[check_lang(lang)]
    if key not in templates:
        raise InputError(f"data/words/phrases.csv: no phrase {key!r}")
    try:
        return templates[key].format(**fields)
    except (KeyError, IndexError, ValueError) as error:
        raise InputError(f"data/words/phrases.csv: phrase {key!r} needs {error}") from None


def templates(prefix: str, lang: str) -> dict[str, str]:
    """Every phrase ``<prefix>.<name>`` in ``lang`` as ``{name: template}``, with the shared
    ``sep`` (list separator) and ``clause_sep``.

    Examples
    --------
    >>> templates("terms", "en")["none"]
    '{group}: no term is used more often than in the other groups.'
    """
    table = _words_table("phrases.csv")[check_lang(lang)]
    found = {
        key[len(prefix) + 1 :]: value
        for key, value in table.items()
        if key.startswith(prefix + ".")
    }
    if not found:
        raise InputError(f"data/words/phrases.csv: no phrases {prefix}.*")
    return {"sep": table["sep"], "clause_sep": table["clause_sep"], **found}


def percent(value: float) -> str:
    """A share as a percentage with one decimal.

    Examples
    --------
    >>> percent(0.4)
    '40.0%'
    """
    return f"{100 * value:.1f}%"


def p_text(p: float) -> str:
    """A p-value for prose: three decimals, ``<0.001`` below that, ``n/a`` when missing.

    Examples
    --------
    >>> p_text(0.0421), p_text(1e-5), p_text(float("nan"))
    ('0.042', '<0.001', 'n/a')
    """
    return "n/a" if p != p else (f"{p:.3f}" if p >= 0.001 else "<0.001")


def join_list(items: Iterable[str], lang: str) -> str:
    """Items joined as a list in ``lang`` (``、`` in Chinese, ``, `` in English).

    Examples
    --------
    >>> join_list(["甲", "乙"], "zh"), join_list(["a", "b"], "en")
    ('甲、乙', 'a, b')
    """
    return ("、" if check_lang(lang) == "zh" else ", ").join(items)
