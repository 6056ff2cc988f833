"""Administrative units in the text: which place a report is about.

:data:`ADMIN_SUFFIXES` are the suffixes of Chinese administrative names, longest first, from
province to township level (and the new areas and sub-districts reports are written about);
:func:`parse_region` reads the units of a title of the form ``四川省眉山市：…``; :func:`place_stems`
gives names with their stems (眉山市 → 眉山), which text statistics leave out as trivially
distinctive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pbanalysis.corpus.chars import all_han

__all__ = ["ADMIN_SUFFIXES", "MUNICIPALITIES", "PROVINCE_SUFFIXES", "parse_region", "place_stems"]

ADMIN_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "新区",
    "街道",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
    "旗",
    "镇",
    "乡",
)
"""Suffixes of administrative names, longest first (so ``自治州`` is tried before ``州``)."""
PROVINCE_SUFFIXES = ("省", "自治区", "特别行政区")
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
"""The province-level cities."""
_TITLE_SUFFIXES = ADMIN_SUFFIXES[: ADMIN_SUFFIXES.index("镇")]
"""Units a report title names before its colon: township names are too ambiguous there."""


def parse_region(title: str) -> dict[str, str]:
    """Administrative units named at the head of a title (``四川省眉山市：…``).

    The part before the first colon must read entirely as administrative units (省, 自治区, 市,
    地区, 州, 盟, 县, 区, 旗 …); otherwise nothing is returned, rather than a guess.

    Returns
    -------
    dict
        ``region`` (lowest unit), ``province``, ``prefecture`` and ``level`` (``省级``,
        ``地级市``, ``地区``, ``县级市``, ``县``, ``县级区`` …), each ``""`` when unknown.

    Examples
    --------
    >>> parse_region("黑龙江省大兴安岭地区加格达奇区： 党建融于营商")["region"]
    '加格达奇区'
    >>> parse_region("深化新经济组织党建工作")["region"]
    ''
    """
    empty = {"region": "", "province": "", "prefecture": "", "level": ""}
    head = re.split(r"[：:]", title, maxsplit=1)
    if len(head) < 2:
        return empty
    prefix = re.sub(r"\s+", "", head[0])
    units = _admin_units(prefix)
    if not units:
        return empty
    province = ""
    if units[0].endswith(PROVINCE_SUFFIXES) or units[0] in MUNICIPALITIES:
        province = units[0]
    lower = units[1:] if province else units
    prefecture = lower[0] if len(lower) >= 2 else ""
    region = units[-1]
    depth = len(lower)
    if not lower:
        level = "省级"
    elif region.endswith("地区"):
        level = "地区"
    elif region.endswith(("自治州", "州", "盟")):
        level = "自治州" if region.endswith("自治州") else "地级"
    elif region.endswith("市"):
        level = "地级市" if depth == 1 and province and province not in MUNICIPALITIES else "县级市"
        if not province:
            level = "市"
    elif region.endswith(("县", "自治县", "旗")):
        level = "县"
    else:
        level = "县级区"
    return {"region": region, "province": province, "prefecture": prefecture, "level": level}


def _admin_units(text: str) -> list[str]:
    """Cut ``text`` into administrative names (``苏州市`` + ``昆山市``), or ``[]`` if it is not
    made of them only. A name has at least one character before its suffix and does not start
    with a suffix character (so ``苏州市昆山市`` is not read as ``苏州`` + ``市昆山市``)."""
    if not text:
        return []
    for end in range(2, min(len(text), 12) + 1):
        unit = text[:end]
        if not unit.endswith(_TITLE_SUFFIXES) or unit[0] in "省市州盟县区旗":
            continue
        if not all_han(unit):
            return []
        if end == len(text):
            return [unit]
        rest = _admin_units(text[end:])
        if rest:
            return [unit, *rest]
    return []


def place_stems(values: Iterable[str]) -> set[str]:
    """Names of places and their stems (``眉山市`` → ``眉山``): every name of two or more
    characters, and its stem when at least two characters remain before the suffix.

    Examples
    --------
    >>> sorted(place_stems(["眉山市", "加格达奇区", "县"]))
    ['加格达奇', '加格达奇区', '眉山', '眉山市']
    """
    names = set()
    for value in values:
        value = str(value).strip()
        if len(value) < 2:
            continue
        names.add(value)
        for suffix in ADMIN_SUFFIXES:
            if value.endswith(suffix) and len(value) - len(suffix) >= 2:
                names.add(value[: -len(suffix)])
                break
    return names
