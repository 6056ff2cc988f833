"""Short phrases cut into words with part-of-speech tags, as ``jieba.posseg.cut(phrase,
HMM=False)`` cuts them, without loading jieba.

The extraction tags only short strings (subjects, the few characters after a time frame), each
distinct one once, but jieba.posseg takes seconds to start: it builds the prefix dictionary of
every word, the tag table of every word and the HMM tables, which a cut without HMM never uses.
Here the same dictionary file (``dict.txt`` of the installed jieba: ``word frequency tag`` per
line) is read once into a sorted list of lines, in a tenth of that time, and a phrase's words are
found by bisection in it. The cut is jieba's: in a run of Han characters, letters and digits,
the route of the highest product of word frequencies (``Tokenizer.get_DAG`` and
``Tokenizer.calc``: a word not in the dictionary counts 1, ties go to the longer word), single
letters and digits joined into one ``eng`` word; other characters one by one (``m`` for digits,
``x`` otherwise, whitespace kept together). A word's tag is its tag in the dictionary, else
``x``. ``tests/test_postags.py`` checks the cut against jieba.posseg itself.
"""

from __future__ import annotations

import importlib.util
import re
from bisect import bisect_left
from functools import lru_cache
from math import log
from pathlib import Path
from typing import NamedTuple

from pbanalysis.corpus.chars import JIEBA_HAN_RANGE
from pbanalysis.errors import InputError

__all__ = ["dictionary_path", "cut"]

# jieba.posseg's patterns for what it cuts with the dictionary and what it passes through
_BLOCK = re.compile(f"([{JIEBA_HAN_RANGE}a-zA-Z0-9+#&._]+)")
_SKIP = re.compile(r"(\r\n|\s)")
_NUMBER = re.compile(r"[.0-9]+")
_LATIN = re.compile("[a-zA-Z0-9]+")
_ONE_LATIN = re.compile("^[a-zA-Z0-9]$")
_FREQUENCY = re.compile(rb" (\d+) ")


def dictionary_path() -> Path:
    """The main dictionary of the installed jieba (found without importing jieba).

    Examples
    --------
    >>> dictionary_path().name
    'dict.txt'
    """
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("jieba is not installed: pip install jieba")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


class _Dictionary(NamedTuple):
    text: str
    """The file as read (to find which line of a word listed twice comes last)."""
    lines: list[str]
    """Its lines, sorted: the lines of a word follow ``word + " "`` in order."""
    log_total: float
    """Log of the sum of every line's frequency (jieba's ``Tokenizer.total``)."""


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    path = dictionary_path()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read jieba's dictionary ({error.strerror})") from None
    total = sum(map(int, _FREQUENCY.findall(data)))
    text = data.decode("utf-8")
    return _Dictionary(text, sorted(text.split("\n")), log(total))


def _is_prefix(dictionary: _Dictionary, fragment: str) -> bool:
    """True when some word of the dictionary starts with ``fragment`` (jieba's prefix dict)."""
    lines = dictionary.lines
    where = bisect_left(lines, fragment)
    return where < len(lines) and lines[where].startswith(fragment)


def _entry(dictionary: _Dictionary, word: str) -> tuple[int, str]:
    """Frequency and tag of ``word`` (0 and "x" when it is no word of the dictionary)."""
    lines, key = dictionary.lines, word + " "
    where = bisect_left(lines, key)
    if where == len(lines) or not lines[where].startswith(key):
        return 0, "x"
    line = lines[where]
    if where + 1 < len(lines) and lines[where + 1].startswith(key):
        # listed twice: jieba keeps the last line of the file
        start = ("\n" + dictionary.text).rfind("\n" + key)
        line = dictionary.text[start : dictionary.text.find("\n", start)].strip()
    parts = line.strip().split(" ")
    return int(parts[1]), parts[2] if len(parts) > 2 else "x"


def _cut_block(dictionary: _Dictionary, block: str) -> list[tuple[str, str]]:
    """A run of Han characters, letters and digits cut as jieba's ``__cut_DAG_NO_HMM``."""
    size = len(block)
    frequency: dict[str, int] = {}
    tags: dict[str, str] = {}
    ends: list[list[int]] = []
    for start in range(size):
        found = []
        stop = start
        fragment = block[start]
        while stop < size and _is_prefix(dictionary, fragment):
            count, tag = _entry(dictionary, fragment)
            if count:
                frequency[fragment], tags[fragment] = count, tag
                found.append(stop)
            stop += 1
            fragment = block[start : stop + 1]
        ends.append(found or [start])
    route: list[tuple[float, int]] = [(0.0, 0)] * (size + 1)
    for start in range(size - 1, -1, -1):
        route[start] = max(
            (
                log(frequency.get(block[start : end + 1]) or 1)
                - dictionary.log_total
                + route[end + 1][0],
                end,
            )
            for end in ends[start]
        )
    words: list[tuple[str, str]] = []
    latin = ""
    start = 0
    while start < size:
        stop = route[start][1] + 1
        word = block[start:stop]
        if _ONE_LATIN.match(word):
            latin += word
        else:
            if latin:
                words.append((latin, "eng"))
                latin = ""
            words.append((word, tags.get(word) or _entry(dictionary, word)[1]))
        start = stop
    if latin:
        words.append((latin, "eng"))
    return words


@lru_cache(maxsize=65536)
def cut(phrase: str) -> tuple[tuple[str, str], ...]:
    """``phrase`` cut into ``(word, tag)`` pairs, as ``jieba.posseg.cut(phrase, HMM=False)``.

    Examples
    --------
    >>> cut("非公企业党组织")
    (('非公', 'd'), ('企业', 'n'), ('党组织', 'nt'))
    >>> cut("5G基站")
    (('5G', 'eng'), ('基站', 'n'))
    """
    dictionary = _dictionary()
    words: list[tuple[str, str]] = []
    for block in _BLOCK.split(phrase):
        if _BLOCK.match(block):
            words += _cut_block(dictionary, block)
            continue
        for piece in _SKIP.split(block):
            if _SKIP.match(piece):
                words.append((piece, "x"))
                continue
            for char in piece:
                if _NUMBER.match(char):
                    words.append((char, "m"))
                elif _LATIN.match(piece):
                    words.append((char, "eng"))
                else:
                    words.append((char, "x"))
    return tuple(words)
