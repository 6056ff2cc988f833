"""Character classes of Chinese text: the one place that says what a Han character is.

Han characters are the CJK Unified Ideographs (U+4E00–U+9FFF), Extension A (U+3400–U+4DBF) and
the Compatibility Ideographs (U+F900–U+FAFF). Wide characters, as counted for layout widths,
add CJK punctuation (U+3000–U+303F) and the full-width forms (U+FF00–U+FFEF).
"""

from __future__ import annotations

import re

__all__ = [
    "HAN_RANGES",
    "JIEBA_HAN_RANGE",
    "HAN",
    "WIDE",
    "WORD_CHAR",
    "DIGIT",
    "FULL_WIDTH",
    "is_han",
    "all_han",
    "is_wide",
    "has_wide",
]

_UNIFIED = "\u4e00"  # first of the CJK Unified Ideographs, where both ranges below begin
HAN_RANGES = f"\u3400-\u4dbf{_UNIFIED}-\u9fff\uf900-\ufaff\U00020000-\U000323af"
"""The Han ranges as the inside of a regular-expression character class (``[{HAN_RANGES}]``):
extension A, the unified block, the compatibility ideographs and extensions B to H (rare
characters of place and personal names, such as the 𬜬 that traditional 蔄 folds to)."""

JIEBA_HAN_RANGE = f"{_UNIFIED}-\u9fd5"
"""The narrower range jieba cuts with its dictionary (its ``re_han`` patterns), for code that must
cut exactly as jieba does (:mod:`pbanalysis.indicators.postags`)."""

HAN = re.compile(f"[{HAN_RANGES}]")
WIDE = re.compile(f"[{HAN_RANGES}\u3000-\u303f\uff00-\uffef]")
WORD_CHAR = re.compile(f"[{HAN_RANGES}A-Za-z]")
"""A character that can carry a word (Han or Latin letter), as opposed to digits and marks."""
DIGIT = re.compile(r"\d")

FULL_WIDTH: dict[int, int | str | None] = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    ord("％"): "%",
    ord("＋"): "+",
    ord("＝"): "=",
    ord("＜"): "<",
    ord("＞"): ">",
    ord("／"): "/",
    ord("＃"): "#",
    ord("＆"): "&",
    ord("＠"): "@",
    ord("\u00a0"): " ",
}
"""Full-width letters, digits and signs with their ASCII forms, and the no-break space.

Each maps one character to one, so offsets hold."""


def is_han(char: str) -> bool:
    """True when ``char`` (one character) is a Han character.

    Examples
    --------
    >>> is_han("党"), is_han("㐀"), is_han("A"), is_han("，")
    (True, True, False, False)
    """
    return HAN.match(char) is not None


def all_han(text: str) -> bool:
    """True when ``text`` is non-empty and every character of it is Han.

    Examples
    --------
    >>> all_han("眉山市"), all_han("眉山 市"), all_han("")
    (True, False, False)
    """
    return bool(text) and all(map(is_han, text))


def is_wide(char: str) -> bool:
    """True when ``char`` takes two columns (Han, CJK punctuation, full-width forms).

    Examples
    --------
    >>> is_wide("党"), is_wide("。"), is_wide("a")
    (True, True, False)
    """
    return WIDE.match(char) is not None


def has_wide(text: str) -> bool:
    """True when ``text`` holds at least one wide character (so it needs translating or a CJK font).

    Examples
    --------
    >>> has_wide("Meishan"), has_wide("眉山")
    (False, True)
    """
    return WIDE.search(text) is not None
