"""Checks of notebook and function parameters: one place, one kind of error message.

Every check returns the (cleaned) value when it is valid and otherwise raises
:class:`~pbanalysis.errors.InputError` with a one-line message naming the valid values, so a
notebook run with a bad parameter fails in its first cell. The module imports nothing heavy
(no pandas), so the command line and the study runner can use it cheaply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pbanalysis.errors import InputError

__all__ = [
    "LANGUAGES",
    "check_lang",
    "check_framework",
    "check_top_n",
    "check_region",
    "split_names",
    "parse_regions",
]


LANGUAGES = ("zh", "en")
_SEPARATORS = re.compile(r"[,，、;；]")


def check_lang(lang: str) -> str:
    """``lang`` if it is one of ``LANGUAGES`` (``zh``, ``en``), else an InputError naming them.

    Examples
    --------
    >>> check_lang("en")
    'en'
    """
    if lang not in LANGUAGES:
        raise InputError(f"lang={lang!r}: expected one of {', '.join(LANGUAGES)}")
    return lang


def check_framework(framework: str) -> str:
    """``framework`` if it names a codebook of ``data/codebook/frameworks.csv``, else an
    InputError naming them.

    Examples
    --------
    >>> check_framework("pillars")
    'pillars'
    """
    from pbanalysis.coding import codebook

    return codebook.check_framework(framework)


def __getattr__(name: str) -> Any:
    # ``FRAMEWORKS`` of release 0.1, now read from the codebook files
    if name == "FRAMEWORKS":
        from pbanalysis.coding import codebook

        return codebook.frameworks()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_top_n(top_n: int) -> int:
    """``top_n`` if it is a positive integer, else an InputError.

    Examples
    --------
    >>> check_top_n(15)
    15
    """
    if isinstance(top_n, bool) or not isinstance(top_n, int) or top_n < 1:
        raise InputError(f"top_n={top_n!r}: expected a positive integer")
    return top_n


def check_region(region: str, available: Sequence[str]) -> str:
    """``region`` (stripped) if it is one of ``available``, else an InputError naming them.

    Examples
    --------
    >>> check_region(" 眉山市", ["眉山市", "加格达奇区"])
    '眉山市'
    """
    region = str(region).strip()
    if region not in available:
        valid = ", ".join(available) if available else "(none: no region in the corpus)"
        raise InputError(f"region {region!r} is not in the corpus; valid regions: {valid}")
    return region


def split_names(value: str | Sequence[str] | None) -> list[str]:
    """The non-empty names in a list parameter: a string separated by , ， 、 ; ； or a list.

    Examples
    --------
    >>> split_names("眉山市，加格达奇区、 ")
    ['眉山市', '加格达奇区']
    >>> split_names(None)
    []
    """
    if value is None:
        return []
    names = _SEPARATORS.split(value) if isinstance(value, str) else list(value)
    return [name for name in (str(name).strip() for name in names) if name]


def parse_regions(
    value: str | Sequence[str] | None, available: Sequence[str], *, minimum: int = 1
) -> list[str]:
    """Regions named by a notebook parameter: a separated string, a list, or empty = all.

    Names are separated as in :func:`split_names`. A name may also be given in English as the
    glossary spells it (``Meishan``, any case). Duplicates are dropped, the given order is kept.

    Returns
    -------
    list of str
        Chinese region names, each one of ``available``; all of ``available`` (in its order)
        when ``value`` names none.

    Raises
    ------
    InputError
        When a name is not a region of the corpus (the message lists the valid ones), or when
        fewer than ``minimum`` regions are named.

    Examples
    --------
    >>> parse_regions("", ["眉山市", "加格达奇区"])
    ['眉山市', '加格达奇区']
    >>> parse_regions("Jiagedaqi， 眉山市", ["眉山市", "加格达奇区"])
    ['加格达奇区', '眉山市']
    """
    names = split_names(value)
    if not names:
        chosen = list(available)
    else:
        english = {}
        if any(name not in available for name in names):
            from pbanalysis.report.glossary import english_map

            english = {en.casefold(): zh for zh, en in english_map().items() if zh in available}
        chosen = [check_region(english.get(name.casefold(), name), available) for name in names]
        chosen = list(dict.fromkeys(chosen))
    if len(chosen) < minimum:
        raise InputError(
            f"{len(chosen)} region(s) given, at least {minimum} needed; "
            f"valid regions: {', '.join(available) or 'none'}"
        )
    return chosen
