"""Numbers as Chinese reports write them: forms, multipliers, measure words and qualifiers.

This module knows how a quantity is *written* (``3.1万余件``, ``近300人次``, ``三千余名``,
``百分之八十``, ``5至10个``, ``99.07%``); :mod:`pbanalysis.indicators.extract` decides which of them
are indicators and what they count. The measure words, qualifiers, time frames, stop-list and
subject-boundary words are researcher-editable CSV files under ``data/indicators/``
(see the README there); they are read once, at first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pbanalysis.corpus.chars import FULL_WIDTH
from pbanalysis.errors import InputError
from pbanalysis.io import paths

__all__ = [
    "RATE_KINDS",
    "units_of_kind",
    "rate_units",
    "CN_DIGITS",
    "ARABIC",
    "MIXED",
    "CHINESE",
    "fold",
    "needs_folding",
    "number_value",
    "decimals",
    "Rules",
    "load_rules",
]


CN_DIGITS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
"""Characters of a Chinese numeral (simplified; traditional forms are folded first)."""

_FOLD_PAIRS = {
    # full-width forms that a loader may have left, and the signs of numbers and ranges
    **{
        chr(code): str(chr(value) if isinstance(value, int) else value)
        for code, value in FULL_WIDTH.items()
        if value
    },
    "．": ".",
    "～": "~",
    "－": "-",
}


@lru_cache(maxsize=1)
def _fold_table() -> tuple[dict[int, str], frozenset[str]]:
    """The fold table: the full-width forms above plus ``data/indicators/traditional.csv``, the 1:1
    traditional -> simplified table built from OpenCC by ``scripts/build_fold_table.py``; and the
    set of characters it changes (a set lookup per character is many times faster than a regex
    class of four thousand scattered characters)."""
    pairs = dict(_FOLD_PAIRS)
    path = paths.data_file("indicators", "traditional.csv")
    if path.exists():
        frame = _read(path.parent, path.name, ["traditional", "simplified"])
        for old, new in zip(frame.traditional, frame.simplified, strict=True):
            if len(old) == 1 and len(new) == 1 and old != new:
                pairs.setdefault(old, new)
    return str.maketrans(pairs), frozenset(pairs)


_MULTIPLIERS = {
    "": Decimal(1),
    "百": Decimal(100),
    "千": Decimal(1000),
    "万": Decimal(10_000),
    "亿": Decimal(100_000_000),
    "万亿": Decimal(1_000_000_000_000),
}

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
MIXED = r"\d+(?:\.\d+)?[亿万千](?:\d+[万千百十])+(?:(?<=[千百十])万)?"
CHINESE = rf"[{CN_DIGITS}]+(?:点[{CN_DIGITS}]+)?"


def fold(text: str) -> str:
    """Fold full-width digits and traditional characters to simplified, one character for one.

    The traditional characters are those of ``data/indicators/traditional.csv``, every 1:1
    character of OpenCC's t2s table (黨組織, 選派, 萬, 個 …); full-width forms fold as in
    :data:`pbanalysis.corpus.chars.FULL_WIDTH`.

    The result has the same length as ``text``, so offsets found in it are offsets in ``text``.

    Examples
    --------
    >>> fold("３．１萬餘個")
    '3.1万余个'
    """
    return text.translate(_fold_table()[0])


def needs_folding(text: str) -> bool:
    """True when :func:`fold` would change ``text`` (a fast check to skip the translation).

    Examples
    --------
    >>> needs_folding("2411家"), needs_folding("１萬")
    (False, True)
    """
    return not _fold_table()[1].isdisjoint(text)


@lru_cache(maxsize=4096)
def _chinese_value(numeral: str) -> Decimal | None:
    import cn2an

    if numeral[0] in "百千万亿佰仟":
        numeral = "一" + numeral
    try:
        return Decimal(str(cn2an.cn2an(numeral, "smart")))
    except (ValueError, KeyError, IndexError, InvalidOperation):
        return None


_MIXED_PART = re.compile(r"(\d+(?:\.\d+)?|)([亿万千百十])")
_SMALL_UNITS = {"十": Decimal(10), "百": Decimal(100), "千": Decimal(1000)}


def _mixed_value(numeral: str) -> Decimal | None:
    """The value of a :data:`MIXED` numeral (``1.5亿2000万``, ``1万2千``, ``2亿3千万``): Arabic
    numbers each followed by its order, read as Chinese numerals are (a 万 or 亿 closes what
    came before it)."""
    parts = _MIXED_PART.findall(numeral)
    if "".join(number + order for number, order in parts) != numeral:
        return None
    total = below_yi = section = Decimal(0)
    for number, order in parts:
        value = Decimal(number or 0)  # 2亿3千万: the last 万 has no number of its own
        if order in _SMALL_UNITS:
            section += value * _SMALL_UNITS[order]
        elif order == "万":
            below_yi += (section + value) * _MULTIPLIERS["万"]
            section = Decimal(0)
        else:
            total += (below_yi + section + value) * _MULTIPLIERS["亿"]
            below_yi = section = Decimal(0)
    return total + below_yi + section


def number_value(numeral: str, multiplier: str = "") -> float | None:
    """The value of a matched numeral (Arabic or Chinese) times a 万/亿-style multiplier.

    ``numeral`` must already be stripped of qualifiers (余, 多, 近 …) and measure words; a
    Chinese numeral is converted with cn2an's smart mode, a mixed one (:data:`MIXED`, also with
    decimals) by the same reading of orders. Returns ``None`` when it is no number.

    Examples
    --------
    >>> number_value("3.1", "万"), number_value("1,234"), number_value("三千"), number_value("万")
    (31000.0, 1234.0, 3000.0, 10000.0)
    >>> number_value("1万2千"), number_value("1.5亿2000万")
    (12000.0, 170000000.0)
    """
    if not numeral:
        return None
    if numeral == "半":
        return float(Decimal("0.5") * _MULTIPLIERS[multiplier])
    value: Decimal | None
    if not multiplier and numeral.isdecimal():
        return float(numeral)  # the common case, exact without Decimal
    if all(c.isdigit() or c in ".," for c in numeral):
        try:
            value = Decimal(numeral.replace(",", ""))
        except InvalidOperation:
            return None
    elif numeral[0].isdigit():
        value = _mixed_value(numeral)
    else:
        value = _chinese_value(numeral)
    return None if value is None else float(value * _MULTIPLIERS[multiplier])


def decimals(numeral: str) -> int:
    """Number of decimals a stated Arabic number carries (``"83.22"`` -> 2, ``"83"`` -> 0).

    Examples
    --------
    >>> decimals("99.07"), decimals("83")
    (2, 0)
    """
    return len(numeral.split(".", 1)[1]) if "." in numeral else 0


@dataclass(frozen=True)
class Rules:
    """The lexicon read from ``data/indicators/`` (one attribute per file or role)."""

    units: dict[str, tuple[str, str]]
    qualifiers: dict[str, tuple[str, str]]
    periods: tuple[str, ...]
    stop: dict[str, tuple[str, ...]]
    lexicon: dict[str, frozenset[str]]
    sizes: tuple[int, ...]

    mention: re.Pattern
    period: re.Pattern
    set_phrases: re.Pattern | None
    verb_qualifiers: tuple[str, ...] = ()
    role_patterns: dict = field(default_factory=dict, compare=False, repr=False)
    role_words: dict = field(default_factory=dict, compare=False, repr=False)

    def first_word(self, text: str, start: int, stop: int, roles: frozenset[str]) -> int:
        """Where the first word with one of ``roles`` starts in ``text[start:stop]`` (or stop)."""
        pattern = self.role_patterns.get(roles)
        if pattern is None:
            words = (w for w, found in self.lexicon.items() if not found.isdisjoint(roles))
            pattern = self.role_patterns[roles] = re.compile(_alternation(words) or "(?!)")
        match = pattern.search(text, start, stop)
        return match.start() if match else stop

    def words_ending_at(
        self, text: str, end: int, longest: bool = False
    ) -> list[tuple[str, frozenset[str]]]:
        """Lexicon words ending at ``end``, longest first, with their roles (only the longest
        when ``longest``)."""
        lexicon = self.lexicon
        found = []
        for size in self.sizes:
            if size <= end and (roles := lexicon.get(text[end - size : end])):
                found.append((text[end - size : end], roles))
                if longest:
                    break
        return found

    def _with_roles(self, roles: str | frozenset[str]) -> tuple[frozenset[str], tuple[int, ...]]:
        """The lexicon words with ``roles`` (one role or any of a set) and their lengths,
        longest first (kept)."""
        found = self.role_words.get(roles)
        if found is None:
            wanted = frozenset((roles,)) if isinstance(roles, str) else roles
            words = frozenset(w for w, own in self.lexicon.items() if not own.isdisjoint(wanted))
            found = self.role_words[roles] = (
                words,
                tuple(sorted({len(w) for w in words}, reverse=True)),
            )
        return found

    def role_ending_at(self, text: str, end: int, roles: str | frozenset[str]) -> str:
        """The longest word with one of ``roles`` that ends at ``end`` in ``text`` ("" if none)."""
        words, sizes = self._with_roles(roles)
        for size in sizes:
            if size <= end and text[end - size : end] in words:
                return text[end - size : end]
        return ""

    def role_starting_at(self, text: str, start: int, roles: str | frozenset[str]) -> str:
        """The longest word with one of ``roles`` that starts at ``start`` ("" if none)."""
        words, sizes = self._with_roles(roles)
        for size in sizes:
            if start + size <= len(text) and text[start : start + size] in words:
                return text[start : start + size]
        return ""


def _read(folder: Path, name: str, columns: list[str]) -> pd.DataFrame:
    path = folder / name
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise InputError(f"{path}: indicator lexicon file is missing") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    return frame


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)) if w)


def load_rules(folder: str | Path | None = None) -> Rules:
    """Read the lexicon under ``data/indicators/`` (or ``folder``) and compile the patterns.

    The compiled rules are kept until a file in the folder changes, so a researcher editing a
    word list sees the effect in a running notebook.

    Examples
    --------
    >>> rules = load_rules()
    >>> rules.units["個"] if "個" in rules.units else rules.units["个"]
    ('个', 'count')
    """
    folder = Path(folder) if folder else paths.data_file("indicators")
    stamps = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob("*.csv")))
    return _compiled_rules(folder, stamps)


@lru_cache(maxsize=8)
def _compiled_rules(folder: Path, stamps: tuple[tuple[str, int], ...]) -> Rules:
    # Long on purpose: one pass turns the rule tables into the patterns, which share pieces
    # (units, qualifiers, numerals); split up, those pieces would travel between functions.
    units = _read(folder, "units.csv", ["surface", "unit", "kind"])
    quals = _read(folder, "qualifiers.csv", ["word", "position", "qualifier"])
    periods = _read(folder, "periods.csv", ["word"])
    stop = _read(folder, "stoplist.csv", ["phrase", "kind"])
    words = _read(folder, "subject_words.csv", ["word", "role"])

    unit_map = {
        fold(s): (u, k) for s, u, k in zip(units.surface, units.unit, units.kind, strict=True)
    }
    qual_map = {
        (fold(w), p): (q, p)
        for w, p, q in zip(quals.word, quals.position, quals.qualifier, strict=True)
    }
    by_position = {
        p: [w for (w, pos) in qual_map if pos == p] for p in ("before", "after_unit", "before_verb")
    }
    stop_by_kind: dict[str, tuple[str, ...]] = {}
    for phrase, kind in zip(stop.phrase, stop.kind, strict=True):
        stop_by_kind.setdefault(kind, ())
        stop_by_kind[kind] += (fold(phrase),)
    role_map: dict[str, set[str]] = {"period": {fold(w) for w in periods.word}}
    for word, role in zip(words.word, words.role, strict=True):
        role_map.setdefault(role, set()).add(fold(word))

    after_unit = "|".join(
        re.escape(w) + (r"(?![游级联])" if w == "上下" else "")
        for w in sorted(by_position["after_unit"], key=len, reverse=True)
    )
    # 半 (half) is a number only before a duration: 压缩至半天, 半小时
    half = "半(?=" + _alternation(s for s, (_u, k) in unit_map.items() if k == "duration") + ")"
    quantity = (
        r"(?P<{n}>" + MIXED + "|" + ARABIC + "|" + CHINESE + "|" + half + r")"
        # a space some sites put between an Arabic number and what follows (12 个, 100 余家)
        r"(?:(?<=\d)[ \u00a0])?(?P<{n}_mid>余|多|几)?"
        r"(?P<{n}_mult>万亿|亿|万|千|百)?(?P<{n}_mid2>余|多)?"
    )
    unit_alt = _alternation(unit_map)
    first_chars = "".join(sorted({w[0] for w in by_position["before"]} | set(CN_DIGITS + "半")))
    # A numeral is read from where its run of digits starts, never from inside it: the one
    # attempt per run keeps matching linear in the length of a run (from every position of a
    # 10,000-digit run it was quadratic).
    run_start = rf"(?:(?![\d{CN_DIGITS}])|(?<![\d{CN_DIGITS}]))"
    mention = re.compile(
        rf"(?=[\d{re.escape(first_chars)}]){run_start}"
        rf"(?P<pre>{_alternation(by_position['before'])})?"
        rf"(?:百分之(?P<pct>{ARABIC}|{CHINESE})"
        # 四分之一, 三分之二: a fraction, read as a percentage (25 %, 66.7 %)
        rf"|(?P<den>[二三四五六七八九十]|[2-9]|10)分之(?P<num>[一二两三四五六七八九]|[1-9])"
        rf"|{quantity.replace('{n}', 'lo')}"
        rf"(?:(?:{unit_alt})?(?P<sep>至|到|-|~|——|—|–){quantity.replace('{n}', 'hi')})?"
        rf"(?P<unit>{unit_alt}))"
        rf"(?P<post>{after_unit})?"
    )
    numeral = rf"(?:\d+|[{CN_DIGITS}]+)"
    period_first = {fold(w)[0] for w in periods.word} | set(CN_DIGITS) | set("近过前截自从")
    period = re.compile(
        rf"(?=[\d{re.escape(''.join(sorted(period_first)))}]){run_start}(?:"
        + "|".join(
            [
                # 截止 is the common variant of 截至 (截止2021年6月, 截止目前)
                r"截[至止]到?(?:\d{4}年|今年|去年)?\d{1,2}月(?:底|末|\d{1,2}日)?",
                # 截至2023年底, 截至去年年底, 截至年底
                r"截[至止]到?(?:(?:\d{4}|今|去|上)年年?|年)(?:底|末)",
                r"(?:\d{4}年|今年|去年)?\d{1,2}(?:至|到|-|—|~)\d{1,2}月(?:份)?",
                r"(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:\d{1,2}月(?:\d{1,2}日)?)?"
                r"(?:以来|底|末|上半年|下半年|全年)?",
                rf"(?:近|过去|前){numeral}(?:个)?(?:年|月|季度|周)(?:来|以来)?",
                rf"{numeral}(?:年|个月)多?(?:来|以来)",  # 三年来, 一年多来
                # 自活动开展以来, 自2023年以来; 3月份起, 自5月起
                r"自[^，。；,;：:\d]{1,8}以来",
                r"(?:自|从)?(?:\d{4}年)?\d{1,2}月(?:份)?起",
                _alternation(fold(w) for w in periods.word),
            ]
        )
        + ")"
    )
    set_phrases = stop_by_kind.get("set_phrase", ())
    lexicon: dict[str, frozenset[str]] = {}
    for role, members in role_map.items():
        for word in members:
            lexicon[word] = lexicon.get(word, frozenset()) | {role}
    return Rules(
        units=unit_map,
        qualifiers={w: v for (w, _p), v in qual_map.items()},
        periods=tuple(periods.word),
        stop=stop_by_kind,
        lexicon=lexicon,
        sizes=tuple(sorted({len(w) for w in lexicon}, reverse=True)),
        mention=mention,
        period=period,
        set_phrases=re.compile(_alternation(set_phrases)) if set_phrases else None,
        verb_qualifiers=tuple(by_position["before_verb"]),
    )


RATE_KINDS = ("percent", "percentage_point")
"""Kinds of ``units.csv`` that state a rate or a change of rate rather than a count."""


def units_of_kind(*kinds: str) -> frozenset[str]:
    """The units (``unit`` column of ``data/indicators/units.csv``) of the given kinds.

    Examples
    --------
    >>> sorted(units_of_kind("percent", "percentage_point"))
    ['%', '个百分点']
    """
    return frozenset(unit for unit, kind in load_rules().units.values() if kind in kinds)


def rate_units() -> frozenset[str]:
    """The units that state a rate or a change of a rate (:data:`RATE_KINDS`).

    Examples
    --------
    >>> sorted(rate_units())
    ['%', '个百分点']
    """
    return units_of_kind(*RATE_KINDS)
