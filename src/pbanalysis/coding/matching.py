"""Matching the keyword patterns of many codes against a text, all codes at once.

A code matches where one of its ``keywords`` patterns matches (each pattern's non-overlapping
matches, as ``re.finditer`` finds them; empty matches ignored), unless the match overlaps a
match of one of the code's ``exclude`` patterns. :class:`Matcher` gives exactly these matches,
but fast enough to code a corpus of millions of characters in a few seconds:

* most patterns are plain words (党员, 营商环境). All plain words of all codes go into one
  regex, a trie of them that matches the longest word at a position, which the regex engine
  scans only from the characters the words start with; it is searched again from one character
  after each hit, so every position where a word starts is visited once and gives the longest
  word there. Every other word found at that position is a prefix of it (precomputed), so each
  word's occurrences come out of one scan of the text instead of one search per word and code.
  A word's matches are then its non-overlapping occurrences from the left, as ``str.find`` or
  ``re.finditer`` give them.
* the other patterns (groups, classes, repeats) are searched one by one, but only in a text
  where one of their key words occurs: :func:`required_words` reads from a pattern the plain
  words every match of it contains (``(企业|群众)办事`` needs 办事), and these go into the same
  scan. (An alternation of such patterns would be tried at every position of a text, several
  times slower than each pattern alone, which the engine scans from its own first characters.)
* ``exclude`` patterns are matched the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from pbanalysis.coding.codebook import split_patterns

__all__ = ["Match", "Matcher", "matcher", "required_words"]

Match = tuple[int, int, str]
"""One match: start, end (offsets into the text) and the matched string."""


_QUANTIFIERS = ("?", "*", "+", "{")


def _class_end(pattern: str, start: int) -> int:
    """Index of the ``]`` closing the character class opened at ``start`` (-1 if none)."""
    at = start + 1
    if pattern.startswith("^", at):
        at += 1
    if pattern.startswith("]", at):
        at += 1  # a ] first in the class is a member
    return pattern.find("]", at)


def _group_end(pattern: str, start: int) -> int:
    """Index of the ``)`` closing the group opened at ``start`` (-1 if none)."""
    depth, at = 0, start
    while at < len(pattern):
        char = pattern[at]
        if char == "[":
            at = _class_end(pattern, at)
            if at < 0:
                return -1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return at
        at += 1
    return -1


def _after_quantifier(pattern: str, at: int) -> int:
    """Index after the quantifier at ``at`` (and its lazy/possessive mark); -1 for an unclosed
    ``{``."""
    if pattern.startswith("{", at):
        at = pattern.find("}", at)
        if at < 0:
            return -1
    at += 1
    return at + 1 if pattern.startswith(("?", "+"), at) else at


def required_words(pattern: str) -> tuple[frozenset[str], ...] | None:
    """Sets of plain words such that every match of ``pattern`` contains a word of each set.

    Read from the top level of the pattern: a run of plain characters that no quantifier
    follows, or a group of plain-word alternatives that no quantifier follows
    (``(企业|群众)``). Lookarounds, classes, ``.`` and quantified parts add nothing. ``None``
    when the pattern holds what this reading does not follow (escapes, inline flags, named
    groups, a top-level ``|``): such a pattern is searched in every text.

    Examples
    --------
    >>> [sorted(words) for words in required_words("(为|帮)[^，。；]{0,6}企业?服务")]
    [['为', '帮'], ['企'], ['服务']]
    >>> required_words("联合(?!党|建)"), required_words("(?i:app)")
    ((frozenset({'联合'}),), None)
    """
    if "\\" in pattern or re.search(r"\(\?[^:=!<]|\(\?<[^=!]", pattern):
        return None
    items: list[frozenset[str]] = []
    run = ""
    at = 0
    while at < len(pattern):
        char = pattern[at]
        if char == "|":
            return None
        plain = re.escape(char) == char
        if not plain or pattern.startswith(_QUANTIFIERS, at + 1):
            if run:  # a run ends before anything but a plain character that stands alone
                items.append(frozenset((run,)))
            run = ""
        if char == "(":
            end = _group_end(pattern, at)
            if end < 0:
                return None
            inner = pattern[at + 1 : end]
            at = end + 1
            if pattern.startswith(_QUANTIFIERS, at):
                continue  # an optional or repeated group is not required; its quantifier next
            if inner.startswith("?:"):
                inner = inner[2:]
            elif inner.startswith("?"):
                continue  # a lookaround matches no characters
            words = inner.split("|")
            if all(word and re.escape(word) == word for word in words):
                items.append(frozenset(words))
        elif char == "[":
            at = _class_end(pattern, at)
            if at < 0:
                return None
            at += 1
        elif char in _QUANTIFIERS:
            at = _after_quantifier(pattern, at)
            if at < 0:
                return None
        else:
            if plain and not pattern.startswith(_QUANTIFIERS, at + 1):
                run += char
            at += 1
    if run:
        items.append(frozenset((run,)))
    return tuple(items)


def _key_words(pattern: str) -> frozenset[str] | None:
    """The most telling set of :func:`required_words` (longest shortest word, then fewest
    words), ``None`` when the pattern must be searched in every text. (Checking the other sets
    too was slower: their words made the scan stop more often than it saved searches.)"""
    items = required_words(pattern)
    if not items:
        return None
    return min(items, key=lambda words: (-min(map(len, words)), len(words), sorted(words)))


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex of plain ``words`` as a trie (党(?:员(?:干部)?|组织)…) that matches the
    longest word starting at a position; faster to try than an alternation of the words."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        alternatives = [char + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
        return f"(?:{body})?" if "" in node else body  # a word ends here: longer ones optional

    return branch(trie)


class Matcher:
    """The compiled ``(keywords, exclude)`` patterns of a sequence of codes.

    Examples
    --------
    >>> m = matcher((("整治|监督", "监督电话"), ("党员|党员干部", "")))
    >>> m.matches("开展专项整治，设立监督电话，党员干部带头。")
    [[(4, 6, '整治')], [(14, 16, '党员'), (14, 18, '党员干部')]]
    """

    def __init__(self, codes: Sequence[tuple[str, str]]):
        self.size = len(codes)
        # plain word -> the codes using it: (code, True) for an exclusion
        self.words: dict[str, list[tuple[int, bool]]] = {}
        # the other patterns: (code, exclusion?, pattern), searched where their key word occurs
        self.patterns: list[tuple[int, bool, re.Pattern[str]]] = []
        self.keyed: dict[str, list[int]] = {}
        self.unkeyed: list[int] = []  # patterns without a key word, searched in every text
        for index, (keywords, exclude) in enumerate(codes):
            for veto, field in ((False, keywords), (True, exclude)):
                for pattern in split_patterns(field):
                    self._add(index, veto, pattern)
        words = set(self.words) | set(self.keyed)
        self.any_word = re.compile(_trie_pattern(words)) if words else None
        # every word that also starts where a longer (or the same) word starts
        known = set(words)
        self.prefixes = {
            word: [word[:n] for n in range(1, len(word) + 1) if word[:n] in known] for word in words
        }

    def _add(self, index: int, veto: bool, pattern: str) -> None:
        if re.escape(pattern) == pattern:
            uses = self.words.setdefault(pattern, [])
            if (index, veto) not in uses:
                uses.append((index, veto))
            return
        number = len(self.patterns)
        self.patterns.append((index, veto, re.compile(pattern)))
        key = _key_words(pattern)
        if key is None:
            self.unkeyed.append(number)
        for word in key or ():
            self.keyed.setdefault(word, []).append(number)

    def _words(self, text: str) -> dict[str, list[int]]:
        """Where each word of the scan starts in ``text``: one search per position where a
        word starts, giving the longest word there and with it every shorter one."""
        starts: dict[str, list[int]] = {}
        if self.any_word is None:
            return starts
        search = self.any_word.search
        hit = search(text)
        while hit is not None:
            at = hit.start()
            for word in self.prefixes[hit.group()]:
                starts.setdefault(word, []).append(at)
            hit = search(text, at + 1)
        return starts

    def matches(self, text: str) -> list[list[Match]]:
        """The matches of each code in ``text``, in code order: ``(start, end, matched text)``
        sorted by position, exclusions applied."""
        found: dict[int, set[Match]] = {}
        vetoed: dict[int, list[tuple[int, int]]] = {}
        candidates = set(self.unkeyed)
        for word, positions in self._words(text).items():
            candidates.update(self.keyed.get(word, ()))
            uses = self.words.get(word)
            if not uses:
                continue
            kept, free = [], 0
            for at in positions:  # non-overlapping from the left, as str.find finds them
                if at >= free:
                    kept.append((at, at + len(word), word))
                    free = at + len(word)
            for index, veto in uses:
                if veto:
                    vetoed.setdefault(index, []).extend((a, b) for a, b, _ in kept)
                else:
                    found.setdefault(index, set()).update(kept)
        for number in candidates:
            index, veto, pattern = self.patterns[number]
            hits = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text) if m.group()]
            if not hits:
                continue
            if veto:
                vetoed.setdefault(index, []).extend((a, b) for a, b, _ in hits)
            else:
                found.setdefault(index, set()).update(hits)
        result: list[list[Match]] = [[] for _ in range(self.size)]
        for index, spans in found.items():
            if against := vetoed.get(index):
                spans = {
                    (start, end, word)
                    for start, end, word in spans
                    if not any(start < v_end and v_start < end for v_start, v_end in against)
                }
            result[index] = sorted(spans)
        return result


@cache
def matcher(codes: tuple[tuple[str, str], ...]) -> Matcher:
    """The :class:`Matcher` of ``codes`` (``(keywords, exclude)`` pairs), compiled once.

    Examples
    --------
    >>> matcher((("融资", ""),)).matches("开展融资对接。")
    [[(2, 4, '融资')]]
    """
    return Matcher(codes)
