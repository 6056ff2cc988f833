"""Quantitative indicators: every stated count, amount or rate, with what it counts and where.

One row per mention (``2411家``, ``近300人次``, ``3.1万余件``, ``99.07%``): the value with
万/亿 applied, the measure word, a qualifier (exact / approx / lower / upper), the noun phrase
that is counted, the stated time frame, and provenance (document, sentence, character offsets
into the cleaned article text). What is *not* an indicator follows general rules about how
Chinese reports are written — numbers inside quotes or book-title marks are names; a Chinese
numeral needs a measure word; bare 一 + measure word is the indefinite article (一批, 一支队伍);
ordinals, rate bases, dates and durations that frame the story are not counts — plus a small,
documented stop-list (``data/indicators/stoplist.csv``) of set phrases such as 一对一 or
三会一课.

Checking the mentions (stated rates recomputed, researcher-defined ratios) is
:mod:`pbanalysis.indicators.checks`; :func:`evaluate` scores the extraction against the hand
annotation in
``data/annotations/indicators.csv``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from pbanalysis import params
from pbanalysis.corpus.chars import HAN_RANGES, is_han
from pbanalysis.corpus.layout import split_sentences
from pbanalysis.errors import InputError
from pbanalysis.indicators import numbers, postags
from pbanalysis.io import paths

__all__ = [
    "COLUMNS",
    "Mention",
    "sentence_indicators",
    "sentence_frame",
    "subject_head",
    "extract_indicators",
    "text_sentences",
    "extract_from_text",
    "select_regions",
    "load_annotation",
    "evaluate",
    "accuracy_text",
    "summary_text",
]


COLUMNS = [
    "doc_id",
    "article",
    "region",
    "section",
    "measure",
    "sentence_id",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "subject",
    "subject_head",
    "period",
    "surface",
    "start",
    "end",
]
"""Columns of :func:`extract_indicators`, in order (what ``pbanalysis extract`` prints)."""

_OPEN_TO_CLOSE = {"“": "”", "「": "」", "『": "』", "《": "》", "‘": "’", "〈": "〉"}
_CLOSE_TO_OPEN = {close: open_ for open_, close in _OPEN_TO_CLOSE.items()}
_QUOTED = re.compile(
    r"“[^“”]*”|「[^「」]*」|『[^『』]*』|《[^《》]*》|‘[^‘’]*’|〈[^〈〉]*〉|\"[^\"]*\""
)
# A quotation holding clause or sentence punctuation is reported speech, not a name: its numbers
# are indicators (“开办环节由5个压减至1个，……”), unlike those of “1+3”产业 or “两个覆盖”.
_SPEECH_MARKS = re.compile(r"[，。；！？：,;!?]")
_ROUND = "十百千万亿"
_RATE_KINDS = ("percent", "percentage_point", "tenth")
_CLAUSE_MARKS = "，。；：,;:！？!?"
_CLAUSE_MARK_SET = frozenset(_CLAUSE_MARKS)
_HAN_AHEAD = re.compile(f"[{HAN_RANGES}]{{0,30}}")  # the Han run a forward phrase can take
_HAN_OR_LIST = re.compile(f"[{HAN_RANGES}、]*")
_HAN_BEHIND = re.compile(f"[{HAN_RANGES}]{{0,16}}\\Z")  # the Han run a backward phrase can take
_LOCATIVES = "上中里内"
_ANNOTATION = re.compile(f"(?<=[{HAN_RANGES}])（[{HAN_RANGES}、]{{1,8}}）")
_CLAUSE_OPENERS = frozenset({"link", "adverb", "verb", "period"})
_FORWARD_START = frozenset({"verb", "adverb", "coordinator", "particle", "period", "directional"})
_COORDINATOR = frozenset({"coordinator"})
_ADVERB = frozenset({"adverb"})
_COMPARISON = frozenset({"comparison"})
_VERB = frozenset({"verb"})
_WEAK_VERB = frozenset({"weak_verb"})
_FORWARD_END = frozenset({"verb", "adverb", "coordinator", "particle", "preposition"})
_BACKWARD_END = frozenset({"particle", "determiner", "coordinator", "period", "preposition"})
_BEFORE_NUMBER = frozenset({"link", "before_number"})
_ANY_VERB = frozenset({"verb", "weak_verb"})
_NOUN = frozenset({"noun"})
_NOUNLESS = frozenset({"adverb", "link", "before_number", "preposition", "comparison", "period"})


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _opens_clause(text: str, pos: int, rules: numbers.Rules) -> bool:
    """True when ``pos`` starts a clause or follows a link, adverb, verb or time word."""
    if pos <= 0 or not is_han(text[pos - 1]):
        return True
    return bool(rules.role_ending_at(text, pos, _CLAUSE_OPENERS))


def _first(words: list[tuple[str, frozenset[str]]], roles: frozenset[str]) -> str:
    return next((word for word, found in words if not found.isdisjoint(roles)), "")


def _clause_start(text: str, pos: int) -> int:
    for at in range(pos - 1, -1, -1):  # clauses are short: faster than an rfind per mark
        if text[at] in _CLAUSE_MARK_SET:
            return at + 1
    return 0


def _agent(text: str, start: int) -> bool:
    """True when 由 opens the words before the number (由50名党员律师组成的“法律服务团”)."""
    before = text[_clause_start(text, start) : start]
    where = before.rfind("由")
    return where >= 0 and "的" not in before[where:] and not before.startswith("于", where + 1)


def _forward(
    text: str, pos: int, rules: numbers.Rules, rate: bool, agent: bool = False
) -> tuple[int, int] | None:
    """The noun phrase right after a number + measure word (``250家非公企业新建立…``)."""
    size = len(text)
    if text.startswith("的", pos):
        pos += 1  # 90%以上的企业, 1200平方米的空间
    quote = None
    while pos < size and text[pos] in _OPEN_TO_CLOSE:
        close = text.find(_OPEN_TO_CLOSE[text[pos]], pos + 1)
        if close < 0:
            break
        quote, pos = (pos + 1, close), close + 1
    stop = _HAN_AHEAD.match(text, pos).end()  # type: ignore[union-attr]
    attributes = False
    if stop < size and text[stop] == "、" and quote is None:
        # 24名政治素质好、党务经验丰富的党员: attributes listed with 、 before 的 and the head
        clause = _HAN_OR_LIST.match(text, stop, min(size, pos + 40)).end()  # type: ignore[union-attr]
        de = text.rfind("的", stop, clause)
        if de > stop and de + 1 < clause:
            attributes, stop = True, clause
    listed = pos  # where the last of the modifiers listed before a shared head begins
    while not attributes and stop < size and text[stop] == "、" and 0 < stop - listed <= 2:
        # 32名区、镇干部: short modifiers listed with 、 before the head they share
        following = _HAN_AHEAD.match(text, stop + 1).end()  # type: ignore[union-attr]
        if following == stop + 1:
            break
        listed, stop = stop + 1, following
    if stop == pos:
        return quote if quote and quote[1] > quote[0] else None
    if text[pos] == "的":
        return None
    if _role_opens(text, pos, stop, rules, _FORWARD_START):
        de = text.find("的", pos + 1, stop)
        if de < 0 or de + 1 >= stop or rules.role_starting_at(text, pos, _COORDINATOR):
            return None
        pos = de + 1  # 1个已建成的党建示范点: the head follows the relative clause
    coordinator = stop if attributes else rules.first_word(text, pos, stop, _COORDINATOR)
    last_de = text.rfind("的", pos, coordinator)
    if last_de > pos and not agent and all(noun for _w, noun in _tagged(text[pos:last_de])):
        return (pos, last_de)  # 12个重点项目的开工建设, 3名党员的商户: 的 after a noun possesses
    if agent and last_de >= 0:
        # 由50名党员律师组成的…: the number counts the agent, which ends at its verb
        verb = rules.first_word(text, pos + 1, last_de, _ANY_VERB)
        if verb < last_de:
            return (pos, verb)
    if (
        last_de > pos
        and not agent
        and text[pos - 1] in _AGENT_MEASURES
        and (nouns := _leading_nouns(text[pos:last_de]))
    ):
        # 22家企业提出的问题: a measure word of firms or people counts the clause's agent (but
        # 100条企业关心的问题 counts the problems)
        return (pos, pos + nouns)
    if last_de >= 0:
        pos = last_de + 1  # 12个由…挂帅的工作专班: the head follows the relative clause
    elif _role_opens(text, pos, stop, rules, "link"):
        return None
    end = rules.first_word(text, max(pos, listed) + 1, stop, _FORWARD_END)
    if end - pos >= 3 and text[end - 1] in _LOCATIVES:
        end -= 1  # 5条主导产业链上组建…, 1200平方米的空间里: a locative is no part of the noun
    elif end - pos == 1 and text[pos] in _LOCATIVES:
        return None  # 3个工作日内办结
    if end - pos >= 4:
        end = pos + _noun_phrase_length(text[pos:end])
    return (pos, end) if end > pos else None


_AGENT_MEASURES = frozenset("家名人位户")
"""Measure words of firms, units and people, which count the agent opening a relative clause."""


@lru_cache(maxsize=65536)
def _boundaries(phrase: str) -> frozenset[int]:
    """The offsets between the words of ``phrase`` as jieba cuts it."""
    at, cuts = 0, {0}
    for word, _tag in postags.cut(phrase):
        at += len(word)
        cuts.add(at)
    return frozenset(cuts)


def _leading_nouns(clause: str) -> int:
    """Length of the nouns that open a relative clause and are followed by its verb
    (企业提出 of 22家企业提出的…, 党员组成 of 20名党员组成的…), else 0."""
    size = 0
    for word, tag in postags.cut(clause):
        if not tag.startswith(_NOUN_TAGS) or tag == "vn":
            verb = tag in _VERB_TAGS or tag == "vn"
            return size if verb and size >= 2 else 0
        size += len(word)
    return 0


def _role_opens(
    text: str, pos: int, stop: int, rules: numbers.Rules, roles: str | frozenset[str]
) -> bool:
    """Whether a word of ``roles`` opens the words at ``pos`` (up to ``stop``): not when it is
    only the start of a longer noun there (共 of 共产党员, 服务 of 服务窗口 stays a verb)."""
    word = rules.role_starting_at(text, pos, roles)
    if not word:
        return False
    first, tag = postags.cut(text[pos:stop])[0] if stop > pos else ("", "")
    return not (len(first) > len(word) and tag.startswith(_NOUN_TAGS))


_VERB_TAGS = frozenset({"v", "vd", "vi", "vq"})
_CLOSING_TAGS = frozenset({"c", "f", "u", "uj", "ul", "x"})
_STOP_TAGS = frozenset({"d", "p", "c", "u", "m", "r", "s", "f", "t"})


@lru_cache(maxsize=65536)
def _noun_phrase_length(phrase: str) -> int:
    """How much of ``phrase``, the words after a number, is the noun phrase counted: it ends
    at the first verb, adverb, preposition, locative or number after its first noun, by
    jieba's part-of-speech tags (党员下沉社区, 企业网上可办, 部门进驻), unless the verb is
    followed (after any further verbs) by nouns to the end of the phrase (企业开办时间,
    应急转贷资金池, 涉企判决执行案件: the verbs modify them) or by a one-character suffix
    (代办员)."""
    words = postags.cut(phrase)
    seen_noun = False
    at = 0
    for index, (word, tag) in enumerate(words):
        if seen_noun:
            following = words[index + 1] if index + 1 < len(words) else None
            if tag in _VERB_TAGS:
                suffix = following is not None and len(following[0]) == 1
                rest = list(words[index + 1 :])
                while rest and rest[0][1] in _VERB_TAGS:
                    rest.pop(0)  # 涉企判决执行案件: verbs in a row modify the noun after them
                ends_noun = (
                    bool(rest)
                    and rest[0][1].startswith(_NOUN_TAGS)
                    and all(t.startswith(_NOUN_TAGS) or len(w) == 1 for w, t in rest)
                )
                # 非公经济组织和社会组织, 党员服务中: a verb closing the phrase before a
                # conjunction, locative or particle (or at its end) is a noun's last word
                closes = following is None or following[1] in _CLOSING_TAGS
                if not (suffix or ends_noun or closes):
                    return at
            elif tag in _STOP_TAGS and not (tag == "s" and index == len(words) - 1):
                return at  # (a place word ending the phrase is its head: 服务窗口)
        if tag.startswith(_NOUN_TAGS) and len(word) >= 2:
            seen_noun = True
        at += len(word)
    return at


def _backward(text: str, pos: int, rules: numbers.Rules, rate: bool) -> tuple[int, int] | None:
    """The noun phrase right before a number (``建立党组织1142家``, ``覆盖率达99.07%``)."""
    pos = _skip_links(text, pos, rules)
    if rate:
        pos = _share_of(text, pos)
    if rate and (verb := rules.role_ending_at(text, pos, "verb")):
        pos = _skip_links(text, pos - len(verb), rules)  # 申报材料精简40%: the verb links
    pos = _comparison_start(text, pos, rules)
    if pos > 0 and text[pos - 1] in _CLOSE_TO_OPEN:
        opening = text.rfind(_CLOSE_TO_OPEN[text[pos - 1]], 0, pos - 1)
        return (opening + 1, pos - 1) if 0 <= opening < pos - 2 else None
    verb = "" if rate else rules.role_ending_at(text, pos, "verb")
    if verb:
        # 基站建成3000个: the verb's object is the number; the subject stands before the verb.
        head = pos - len(verb)
        while word := rules.role_ending_at(text, head, "adverb"):
            head -= len(word)
        before = _backward(text, head, rules, rate) if head == pos - len(verb) else None
        if not before and _comparison_start(text, head, rules) < head:
            return None  # 比上年增加612家: the count named before it grew
        return before or (pos - len(verb), pos)
    start = pos
    attribute = pos - len(rules.role_ending_at(text, pos, "attribute"))
    run = _HAN_BEHIND.search(text, max(0, pos - 16), pos).start()  # type: ignore[union-attr]
    while start > run:
        ending = rules.words_ending_at(text, start, longest=True) if start < pos else ()
        if ending and start == attribute and _first(ending, _ANY_VERB):
            pass  # 办理时限, 服务半径: the verb belongs to the measured attribute
        elif (
            ending
            and not _first(ending, _ANY_VERB)
            and start - run not in _boundaries(text[run:pos])
        ):
            pass  # 等待时间: 等 is no particle inside the word 等待 (verbs still end the phrase)
        elif ending:
            if _first(ending, _BACKWARD_END) or (not rate and _first(ending, _ADVERB)):
                break
            if not rate and pos - start >= 2:
                # A verb ends the phrase only when at least two characters follow it;
                # otherwise it belongs to the noun (党组织, 指导员, 覆盖率).
                if _first(ending, _VERB):
                    break
                weak = _first(ending, _WEAK_VERB)
                if weak and _opens_clause(text, start - len(weak), rules):
                    break
        start -= 1
    if start > 0 and text[start - 1].isdigit():
        # the phrase begins with the measure word of an earlier number (24小时自助服务点85处)
        unit = next(
            (t for n in (5, 4, 3, 2, 1) if (t := text[start : start + n]) in rules.units),
            "",
        )
        if not unit or pos - start - len(unit) < 2:
            return None
        start += len(unit)
    return (start, pos) if start < pos else None


_SHARE_OF = re.compile(r"占(?![比地用])[^，。；,;：:、\d]{0,8}$")
"""占 and the whole a share is taken of, right before the rate (规模占全市的, 企业占)."""


def _share_of(text: str, pos: int) -> int:
    """Where the part a share counts ends: before 占 and its whole (金融机构占全市的四分之一:
    金融机构), else ``pos``."""
    found = _SHARE_OF.search(text, max(0, pos - 10), pos)
    return found.start() if found else pos


def _skip_links(text: str, pos: int, rules: numbers.Rules) -> int:
    """Move ``pos`` back over links (达, 由, 压缩至), 平均, and a time frame + 的 (由2022年的)."""
    linked = False
    while True:
        if word := rules.role_ending_at(text, pos, _BEFORE_NUMBER):
            pos -= len(word)
            linked = True
        elif linked and (word := rules.role_ending_at(text, pos, _ADVERB)):
            pos -= len(word)  # 党组织分别为, 均为: an adverb before the link
            linked = False
        elif (
            pos > 1
            and text[pos - 1] in "至到"
            and (verb := rules.role_ending_at(text, pos - 1, "verb"))
        ):
            pos -= 1 + len(verb)  # 精简至, 减少到: a verb + 至 links like 压缩至
        elif pos > 1 and text[pos - 1] == "的" and (frame := _frame_ending(text, pos - 1, rules)):
            pos -= 1 + frame
        else:
            return pos


def _frame_ending(text: str, end: int, rules: numbers.Rules) -> int:
    """Length of a time frame ending at ``end`` (2022年, 去年), else 0."""
    for match in rules.period.finditer(text, max(0, end - 12), end):
        if match.end() == end:
            return end - match.start()
    return 0


def _comparison_start(text: str, pos: int, rules: numbers.Rules) -> int:
    """Where a comparison base right before ``pos`` starts (较上年末, 比去年同期), else ``pos``."""
    cut = rules.first_word(text, max(0, pos - 10), pos, _COMPARISON)
    while cut < pos:
        at = cut + len(rules.role_starting_at(text, cut, "comparison"))
        while at < pos and (word := rules.role_starting_at(text, at, "period")):
            at += len(word)
        if at == pos:
            return cut
        cut = rules.first_word(text, cut + 1, pos, _COMPARISON)
    return pos


_TRIMMED = ("determiner", "link", "period")
_TRIMMED_ROLES = frozenset(_TRIMMED)


def _trim(text: str, span: tuple[int, int], rules: numbers.Rules) -> tuple[int, int]:
    start, end = span
    if not rules.role_starting_at(text, start, _TRIMMED_ROLES):
        return span  # the common case: nothing to strip
    changed = True
    while changed and start < end:
        changed = False
        for role in _TRIMMED:
            word = rules.role_starting_at(text, start, role)
            if word and end - start - len(word) >= 2 and _role_opens(text, start, end, rules, role):
                start += len(word)
                changed = True
    return start, end


_SINCE_CLAUSE = re.compile(r"(?:^|(?<=[，。；,;：:]))[^，。；,;：:“”\d]{2,10}?以来(?=[，,])")
"""A clause that is only a starting point (中心投入使用以来，…): a frame whatever its words."""


def _names_time(text: str, rules: numbers.Rules) -> bool:
    """True when ``text`` names a time frame at all."""
    return rules.period.search(text) is not None or (
        "以来" in text and _SINCE_CLAUSE.search(text) is not None
    )


def _periods(text: str, rules: numbers.Rules, quotes: list[tuple[int, int]]) -> list:
    groups: list[list[int]] = []
    compared = -1
    matches = list(rules.period.finditer(text))
    if "以来" in text:
        taken = [(m.start(), m.end()) for m in matches]
        since = [m for m in _SINCE_CLAUSE.finditer(text) if not _overlaps(taken, m)]
        matches = sorted(matches + since, key=lambda m: m.start())
    for match in matches:
        if _inside(quotes, match.start(), match.end()):
            continue
        if rules.role_ending_at(text, match.start(), "comparison") or (
            compared and compared == match.start()
        ):
            compared = match.end()  # 较去年同期: the base of a comparison, not the time frame
            continue
        if groups and groups[-1][1] == match.start():
            groups[-1][1] = match.end()
        else:
            groups.append([match.start(), match.end()])
    return groups


_GROWN_THROUGH = ("经过", "经")
"""Words before a span a thing took to grow (经过25年发展), when no 的 follows the span."""
_SPENDING = ("用了", "只用", "仅用", "用时", "历时", "耗时", "花了", "提前了", "提前")


def _time_spent(text: str, start: int, end: int) -> bool:
    """A span of time said to be spent or saved (只用了半年时间, 提前了六个月, 一天时间就办好):
    a measured duration, not a frame of the story."""
    return text.startswith("时间", end) or text.endswith(_SPENDING, 0, start)


def _measured(text: str, start: int, end: int, rules: numbers.Rules) -> bool:
    """A span of time that is itself measured, not a frame of the story: introduced by a link
    (由1个月压缩至半个月) or a measuring word (连续3年, 长达两年), spent or saved
    (只用了半年时间), or the age of what a verb names right before it (商会成立半年多来)."""
    if _skip_links(text, start, rules) < start or _time_spent(text, start, end):
        return True
    if text.endswith(rules.stop.get("measured_prefix", ()), 0, start):
        return True
    if (
        text.endswith(_GROWN_THROUGH, 0, start)
        and not text.endswith(("已经", "曾经"), 0, start)
        and end < len(text)
        and is_han(text[end])
        and text[end] != "的"
    ):
        return True  # 经过25年发展: the time a thing took (but 经过3个月的攻坚 frames the story)
    return text.startswith(("来", "以来"), end) and bool(rules.role_ending_at(text, start, _VERB))


def _timed(text: str, start: int, rules: numbers.Rules) -> tuple[int, int] | None:
    """What a measured span of time is the time of: the noun phrase before it, past the word
    that measures it (考核成绩连续3年排…, 商会成立半年多来, 项目仅用两个多月)."""
    if _skip_links(text, start, rules) < start:
        return None  # 由3天压缩至0.5个工作日: the subject stands before the link, as for counts
    pos = start
    if word := _ending_with(
        text, pos, (*rules.stop.get("measured_prefix", ()), *_SPENDING, *_GROWN_THROUGH)
    ):
        pos -= len(word)
    if pos == start and (verb := rules.role_ending_at(text, pos, _VERB)):
        pos -= len(verb)  # 商会成立半年多来: the age of what was set up
    if pos == start and text.endswith("在", 0, pos):
        pos -= 1  # 问题在3个工作日内办结
    return _backward(text, pos, rules, False)


def _reject(
    text: str, match: re.Match, rules: numbers.Rules, spanned: bool = False, within: bool = False
) -> bool:
    """General rules for numbers that are not indicators (see the module docstring).

    ``spanned`` and ``within`` say of a duration that it is measured (:func:`_measured`) or
    followed by 内 (a time limit), as :func:`_mentions` found once for both."""
    start = match.start()
    previous = text[start - 1] if start else ""
    # part of a code, a version or a longer number, unless a half-width comma is punctuation:
    # it follows no digit (模式,356个)
    punctuation = previous == "," and not (start >= 2 and text[start - 2].isdigit())
    if (
        previous
        and previous.isascii()
        and (previous.isalnum() or previous in ".,-/_")
        and not punctuation
    ):
        return True
    low = match.group("lo")
    chinese = bool(low) and not low[0].isdigit()
    if chinese and "〇" in low:
        return True  # 二〇二三年: a year written digit by digit
    if not match.group("pre"):  # 总数突破20万家: a qualifier stands between
        if text.endswith(rules.stop.get("ordinal_prefix", ()), 0, start) and not (
            spanned and text.endswith(_SPENDING, 0, start)
        ):
            return True  # 前10名 is a rank, but 提前一个多月 the time saved
        if chinese and text.endswith(rules.stop.get("vague_prefix", ()), 0, start):
            return True  # 数十家, 几百名 (but 企业总数2000家 is a count)
    unit_start = match.start("unit")
    if unit_start >= 0 and text.startswith(rules.stop.get("false_unit", ()), unit_start):
        return True
    unit = match.group("unit")
    framing = unit in rules.stop.get("framing_unit", ())
    measured = spanned or (within and not framing)  # 一周内: a time limit, unlike 3个月内
    if framing and not measured:
        return True  # 3个月内完成整改, 近三个月: a span that frames the story, not a time limit
    if framing and low and low[0].isdigit() and "." not in low and len(low) >= 4:
        return True  # 2023年: a date, whatever stands before it (截至2023年)
    if unit and rules.units[unit][1] == "score" and (not low or chinese or previous in "时点:："):
        return True  # 十分 is an adverb; 9点30分 a clock time
    if not low or low[0].isdigit():
        return False
    plain = not (match.group("pre") or match.group("lo_mid") or match.group("lo_mult"))
    if len(low) > 1 and not any(c in low for c in "十百千万亿拾佰仟"):
        return True  # digit by digit: a vague pair (两三家, 三五个) or a year-like string
    if low == "一" and plain and not match.group("hi"):
        # indefinite article (一批, 一支队伍, 一条路径), but an occurrence ending its clause
        # counts how often (走访企业一次。), and a time a link introduces is a time limit
        # (由一个月压缩至半个月, 缩短至一个工作日)
        after = match.end()
        once = bool(unit) and rules.units[unit][1] == "occurrence"
        if not ((once and (after == len(text) or text[after] in _CLAUSE_MARKS)) or measured):
            return True
    if low in "百千万亿" and plain and not match.group("hi"):
        # a bare order of magnitude names a class (亿元楼, 万元户, 千亩园区), but a bare 千 / 万
        # before a count's measure word and its noun counts people or things (千名党员)
        counted = low in "千万" and bool(unit) and rules.units[unit][1] == "count"
        after = match.end()
        if not (counted and after < len(text) and is_han(text[after])):
            return True
    if len(low) == 1:
        after = match.end()
        if (after < len(text) and text[after] in numbers.CN_DIGITS) or (
            start >= 2 and text[start - 2] in numbers.CN_DIGITS
        ):
            return True  # numeral idiom: 千家万户, 三番五次
        if low in _ROUND and plain and text.startswith(rules.stop.get("name_suffix", ()), after):
            return True  # programme name: 千人计划
    return False


def _qualifier(text: str, match: re.Match, rules: numbers.Rules) -> str:
    if not (match.group("pre") or match.group("lo_mid") or match.group("lo_mid2")):
        verb = rules.role_ending_at(text, match.start(), _ANY_VERB)
        if verb and (word := _ending_with(text, match.start() - len(verb), rules.verb_qualifiers)):
            return rules.qualifiers[word][0]  # 至少召开1次
    if match.group("pre"):
        return rules.qualifiers[match.group("pre")][0]
    if match.group("lo_mid") or match.group("lo_mid2"):
        return "lower"
    if match.group("post"):
        return rules.qualifiers[match.group("post")][0]
    unit = match.group("unit") or ""
    if rules.units.get(unit, ("", ""))[1] == "duration":
        if "多" in unit:
            return "lower"  # 两个多月, 一年多
        if text.startswith("内", match.end()):
            return "upper"  # 两周内, 3个工作日内: within
    return "exact"


def _ending_with(text: str, end: int, words: tuple[str, ...]) -> str:
    return next((w for w in words if text.endswith(w, 0, end)), "")


def _value(match: re.Match) -> tuple[float | None, float]:
    if match.group("pct"):
        return numbers.number_value(match.group("pct")), float("nan")
    if match.group("den"):
        part = numbers.number_value(match.group("num"))
        whole = numbers.number_value(match.group("den"))
        if part is None or not whole or part >= whole:
            return None, float("nan")
        return round(100 * part / whole, 1), float("nan")
    low_mult, high_mult = match.group("lo_mult") or "", match.group("hi_mult") or ""
    if match.group("hi") and not low_mult:
        low_mult = high_mult  # 3至5万人: the multiplier is written once
    value = numbers.number_value(match.group("lo"), low_mult)
    high = numbers.number_value(match.group("hi"), high_mult) if match.group("hi") else None
    return value, float("nan") if high is None else high


_NOUN_TAGS = ("n", "j", "vn", "an")  # jieba's tags of nouns (n, nr, ns, nt, nz …), abbreviations


@lru_cache(maxsize=65536)
def _tagged(phrase: str) -> tuple[tuple[str, bool], ...]:
    """``phrase`` cut as jieba.posseg cuts it (:func:`postags.cut`), each word with whether it
    is a noun.

    A word the subject-boundary lexicon (``data/indicators/subject_words.csv``) lists as a verb,
    adverb, link or other function word is no noun, whatever its tag (新建 is tagged as a
    place name).
    """
    lexicon = numbers.load_rules().lexicon
    return tuple(
        (
            word,
            tag.startswith(_NOUN_TAGS)
            and lexicon.get(word, _NOUN).isdisjoint(_NOUNLESS | _ANY_VERB),
        )
        for word, tag in postags.cut(phrase)
    )


@lru_cache(maxsize=65536)
def subject_head(subject: str) -> str:
    """The head noun of a subject phrase: its last noun word (with a one-character noun
    suffix's noun before it), so tables group like with like.

    Found from the part-of-speech tags of jieba's dictionary (:func:`postags.cut`); when no word
    is tagged as a noun, the last word (组建率).

    Examples
    --------
    >>> subject_head("非公企业党组织"), subject_head("党建工作指导员"), subject_head("开展")
    ('党组织', '指导员', '开展')
    >>> subject_head("党建工作指导站")
    '指导站'
    >>> subject_head("非公企業黨組織")
    '黨組織'

    """
    if not subject:
        return ""
    # tagged in simplified form (fold is one character for one), returned as written
    words = _tagged(numbers.fold(subject) if numbers.needs_folding(subject) else subject)
    if len(words) > 1 and len(words[-1][0]) == 1:
        # a one-character last word is a suffix of the word before it, whatever their tags
        # (指导站, 办理项, 组建率)
        return subject[len(subject) - len(words[-2][0]) - 1 :]
    end = len(subject)
    for index in range(len(words) - 1, -1, -1):
        word, noun = words[index]
        if noun:
            start = end - len(word)
            if len(word) == 1 and index and words[index - 1][1]:
                start -= len(words[index - 1][0])  # 办理项, 服务站
            return subject[start:end]
        end -= len(word)
    # no word tagged as a noun (组建率, 办结率: jieba tags 率 as a verb): the last word, with
    # the word before a one-character last word
    last = words[-1][0]
    if len(last) == 1 and len(words) > 1:
        last = words[-2][0] + last
    return subject[len(subject) - len(last) :]


def _nounless(subject: str) -> bool:
    """True when a subject is one word and no noun (组建, 单独, 联合): the noun is elided."""
    if not subject:
        return False
    words = _tagged(numbers.fold(subject) if numbers.needs_folding(subject) else subject)
    return len(words) == 1 and not words[0][1]


class Mention(NamedTuple):
    """One indicator mention in a sentence; ``start``/``end`` are offsets into the sentence."""

    start: int
    end: int
    value: float
    value_high: float
    """High end of a range (``3至5家``), else NaN."""
    unit: str
    qualifier: str
    subject: str
    period: str


def sentence_indicators(
    text: str, rules: numbers.Rules | None = None, carried: str = ""
) -> list[Mention]:
    """Indicators in one sentence, as :class:`Mention` tuples with offsets into ``text``.

    ``carried`` is the time frame an earlier sentence of the paragraph opened with
    (:func:`sentence_frame`); a mention with no frame of its own in the sentence takes it.

    :func:`extract_indicators` and :func:`extract_from_text` turn them into rows.

    Examples
    --------
    >>> sentence_indicators("全市建立党组织1142家。")  # doctest: +NORMALIZE_WHITESPACE
    [Mention(start=7, end=12, value=1142.0, value_high=nan, unit='家', qualifier='exact',
             subject='党组织', period='')]
    """
    return _sentence(text, rules or numbers.load_rules(), carried)[0]


def _sentence(text: str, rules: numbers.Rules, carried: str) -> tuple[list[Mention], str]:
    """The mentions of one sentence (:func:`sentence_indicators`) and the frame it passes on
    (:func:`sentence_frame`), from one fold of the text and one pass over its time frames."""
    folded = numbers.fold(text) if numbers.needs_folding(text) else text
    found, quotes = _mentions(text, folded, rules)
    timed = _names_time(folded, rules)
    groups = _periods(folded, rules, []) if timed else []
    frames: dict[tuple[int, int], bool] = {}
    if found:
        found = _shared_nouns(text, folded, _inherit_subjects(folded, found))
        scoped = _periods(folded, rules, quotes) if timed and quotes else groups
        for number, mention in enumerate(found):
            scope = _scoped_period(folded, mention.start, scoped, frames)
            found[number] = mention._replace(period=text[scope[0] : scope[1]] if scope else carried)
    return found, _passed_frame(text, folded, groups, frames, carried if not timed else "")


def _mentions(
    text: str, folded: str, rules: numbers.Rules
) -> tuple[list[Mention], list[tuple[int, int]]]:
    """The mentions of a sentence without their periods, and the quoted names in it."""
    # 14个县（市、区）: a short note in brackets after a noun stays inside the noun phrase
    masked = _ANNOTATION.sub(lambda m: "丨" * len(m.group()), folded) if "（" in folded else folded
    found: list[Mention] = []
    quotes: list[tuple[int, int]] = []
    phrases: list[tuple[int, int]] = []
    for index, match in enumerate(rules.mention.finditer(folded)):
        if index == 0:
            quotes, phrases = _protected_spans(folded, rules)
        start, end = match.span()
        if _inside(quotes, start, end) or _inside(phrases, start, end):
            continue
        timed = match.group("unit") and rules.units[match.group("unit")][1] == "duration"
        spanned = bool(timed) and _measured(folded, start, end, rules)
        within = bool(timed) and folded.startswith("内", end)
        if _reject(folded, match, rules, spanned, within):
            continue
        value, high = _value(match)
        if value is None:
            continue
        unit, kind = rules.units[match.group("unit")] if match.group("unit") else ("%", "percent")
        rate = kind in _RATE_KINDS
        # 八部门联合印发: the collective noun after the numeral is what is counted
        collective = kind == "collective"
        after = None
        if not collective:
            after = _forward(masked, end, rules, rate, "由" in masked and _agent(masked, start))
        # 一天时间就办好: the span measures the time, it describes no noun
        measured = kind == "duration" and folded.startswith("时间", end)
        describes = after is not None and after[0] == end and after[1] - after[0] >= 2
        limit = spanned or within
        if kind == "duration" and describes and not (measured or limit):
            continue  # 24小时自助服务点, 15分钟生活圈: a duration that describes a noun
        members = _list_before(folded, start) if unit != "年" else []
        first = members[0][0] if members else start
        if members and folded.endswith(rules.stop.get("ordinal_prefix", ()), 0, first):
            continue  # 第1、2名: a list of ordinals
        span = match.span("unit") if collective else _span(masked, first, after, rules, rate, kind)
        if measured:
            span = (end, end + 2)
        elif limit:
            span = _timed(masked, start, rules) or span
        if kind == "occurrence" and span and (verb := rules.role_ending_at(masked, span[0], _VERB)):
            span = (span[0] - len(verb), span[1])  # 走访企业不少于2次 counts visits
        elif kind == "occurrence" and span and span[1] < start:
            verb = rules.role_ending_at(masked, _skip_links(masked, start, rules), _VERB)
            if verb and _skip_links(masked, start, rules) - len(verb) == span[1]:
                span = (span[0], span[1] + len(verb))  # 入企走访20次: the visits, with their verb
        span = _trim(masked, span, rules) if span and not collective else span
        if span and not rules.lexicon.get(masked[span[0] : span[1]], _NOUN).isdisjoint(_NOUNLESS):
            span = None  # 每月至少开展2次: an adverb or link alone is no subject
        subject = text[slice(*span)] if span else ""
        if subject.startswith(rules.stop.get("structure_subject", ())):
            continue
        qualifier = _qualifier(folded, match, rules)
        for m_start, m_end, m_value in members:
            found.append(Mention(m_start, m_end, m_value, NAN, unit, "exact", subject, ""))
        found.append(Mention(start, end, value, high, unit, qualifier, subject, ""))
        # the subject of a later mention stops at this number whether it is written in digits
        # or in Chinese (由一个月压缩至半个月 as 由1个月压缩至0.5个月)
        for group in ("lo", "hi"):
            low, high_end = match.span(group)
            if low >= 0 and not folded[low].isdigit():
                masked = masked[:low] + "0" * (high_end - low) + masked[high_end:]
    return found, quotes


_DATELINE = re.compile(
    r"[^，,。；;：:！？\s]{0,16}?(?:讯|电)\s*(?:[（(][^（()）]{0,40}[）)]\s*|\s+)"
)
"""A dateline before the lead (本报讯（记者…）, 新华社北京3月1日电 ): a frame after it opens
the sentence."""
_OPENING_QUOTES = re.compile(r"[\s“「『\"]+")


def _past_quotes(text: str, at: int) -> int:
    """``at`` moved past the opening quotes and spaces there."""
    quotes = _OPENING_QUOTES.match(text, at)
    return quotes.end() if quotes else at


_BULLET = re.compile(
    r"[\s\d一二三四五六七八九十]*[、.．)）]?\s*|[\s（(]*[\d一二三四五六七八九十]+[）)]\s*"
)


def _frames_sentence(text: str, start: int, end: int) -> bool:
    """True when a time frame at ``start:end`` frames the rest of the sentence: it stands alone
    in its clause (截至目前，…, also after 自 or an opening quote), or opens the sentence after
    any dateline (全年新设…, 本报讯（记者…）今年以来…), a date only before a noun (2023年全区…;
    a date before a verb is an event's: 2002年成立，…)."""
    if text.startswith("每", start):
        return False  # 每月, 每季度: a frequency holds for its own clause only
    clause = _clause_start(text, start)
    if start > clause and text[start - 1] in "自从" and text[end : end + 1] in ("，", ","):
        start -= 1  # 自2013年以来，… (not 自去年3月份成立以来: a founding date)
    opening = clause == 0
    if opening and (lead := _DATELINE.match(text) or _BULLET.match(text, 0)):
        clause = lead.end()
    quoted = _past_quotes(text, clause)
    if start > quoted or end >= len(text):
        return False
    if text[end] in "，,：:":
        return True
    if not opening or start > clause:
        return False  # “今年市场情况比较好…”: inside quoted speech only a frame set off by a comma
    if not text[start].isdigit():
        return True  # 全年新设…, 累计为…: a frame word opens the sentence
    following = _tagged(text[end : end + 6]) if is_han(text[end]) else ()
    return bool(following) and following[0][1]


def _scoped_period(
    text: str, pos: int, groups: list, frames: dict[tuple[int, int], bool]
) -> tuple[int, int] | None:
    """The time frame of a mention at ``pos``: the last one in its own clause, else the last
    one that frames the sentence before it (a frame inside another clause stays there:
    2002年成立，下设4个党支部). ``groups`` are in text order; ``frames`` keeps what
    :func:`_frames_sentence` said of each."""
    before = [g for g in groups if g[1] <= pos]
    if before and before[-1][0] >= _clause_start(text, pos):
        return (before[-1][0], before[-1][1])
    for group in reversed(before):
        if _framing(text, group, frames):
            return (group[0], group[1])
    for group in reversed(before):
        if _spans_on(text, group[0], group[1]):
            return (group[0], group[1])
    return None


_EVENT_DATE = re.compile(
    r"(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月(?:\d{1,2}日)?"
)
"""A date alone (2002年, 3月28日): it dates the event of its own clause."""
_EVENT_TIMES = frozenset({"今年", "去年", "当年", "上年", "明年", "近日", "近期"})
"""Time words that date the event of their own clause, as a date does (去年…, 近日…)."""


def _overlaps(spans: list[tuple[int, int]], match: re.Match) -> bool:
    """Whether ``match`` overlaps one of ``spans``."""
    return any(a < match.end() and match.start() < b for a, b in spans)


def _spans_on(text: str, start: int, end: int) -> bool:
    """True when a time frame opening an earlier clause also scopes the later clauses of its
    sentence (…，累计走访企业306家，摸排党员538人): a span or a status (累计, 目前, 今年以来),
    not a frequency (每月) nor a date, which dates its own event (2002年成立，下设4个党支部);
    inside its clause it scopes that clause only (引导企业累计投入资金3.51亿元，新增…)."""
    return (
        _past_quotes(text, _clause_start(text, start)) == start
        and not text.startswith("每", start)
        and not _EVENT_DATE.fullmatch(text, start, end)
        and text[start:end] not in _EVENT_TIMES
    )


def _framing(text: str, group: list[int], frames: dict[tuple[int, int], bool]) -> bool:
    key = (group[0], group[1])
    if key not in frames:
        frames[key] = _frames_sentence(text, group[0], group[1])
    return frames[key]


def _passed_frame(
    text: str, folded: str, groups: list, frames: dict[tuple[int, int], bool], untimed: str
) -> str:
    """The frame the next sentences take: the last of ``groups`` that frames the sentence, ""
    when none does, ``untimed`` when the sentence names no time at all."""
    if not groups:
        return untimed
    framing = [g for g in groups if _framing(folded, g, frames)]
    return text[framing[-1][0] : framing[-1][1]] if framing else ""


def sentence_frame(text: str, rules: numbers.Rules | None = None, carried: str = "") -> str:
    """The time frame the sentences after ``text`` in its paragraph inherit.

    That is the last frame of the sentence that frames the sentence (``截至目前，``,
    ``全年新设…``); else ``carried`` when the sentence names no time at all; else "" (a
    sentence that dates an event ends what was carried).

    Examples
    --------
    >>> sentence_frame("截至目前，全区建立党组织41个。")
    '截至目前'
    >>> sentence_frame("全区建立党组织41个。", carried="今年")
    '今年'
    >>> sentence_frame("2002年成立党委。", carried="今年")
    ''
    """
    rules = rules or numbers.load_rules()
    folded = numbers.fold(text) if numbers.needs_folding(text) else text
    if not _names_time(folded, rules):
        return carried
    return _passed_frame(text, folded, _periods(folded, rules, []), {}, "")


_LIST_ITEM = re.compile(r"(?<![0-9A-Za-z.\-/])(\d+(?:\.\d+)?)[ \u00a0]?[、和及与][ \u00a0]?$")
NAN = float("nan")


def _list_before(text: str, start: int) -> list[tuple[int, int, float]]:
    """Bare numbers listed before a number that shares their measure word (分别为3、5、8家).

    Returns ``(start, end, value)`` of each, in text order; ``[]`` when none.
    """
    members: list[tuple[int, int, float]] = []
    pos = start
    while match := _LIST_ITEM.search(text, max(0, pos - 16), pos):
        value = numbers.number_value(match.group(1))
        if value is None:
            break
        members.append((match.start(1), match.end(1), value))
        pos = match.start(1)
    return members[::-1]


def _protected_spans(
    folded: str, rules: numbers.Rules
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans where a number is part of a name: inside quoted names (not quoted speech) and
    inside the set phrases of the stop-list (``两个覆盖``)."""
    quotes = [
        (q.start() + 1, q.end() - 1)
        for q in _QUOTED.finditer(folded)
        if q.group()[0] in "《〈" or not _SPEECH_MARKS.search(q.group())
    ]
    phrases = (
        [(p.start(), p.end()) for p in rules.set_phrases.finditer(folded)]
        if rules.set_phrases
        else []
    )
    return quotes, phrases


def _span(
    text: str,
    start: int,
    after: tuple[int, int] | None,
    rules: numbers.Rules,
    rate: bool,
    kind: str,
) -> tuple[int, int] | None:
    """The subject's span: the noun phrase after the number, else the one before it."""
    if kind == "multiple" and text.startswith("的", start - 1):
        # 单位面积税收是全区平均水平的3.2倍: the subject stands before 是 / 为
        clause = _clause_start(text, start)
        link = max(text.rfind("是", clause, start), text.rfind("为", clause, start))
        if link > clause:
            return _backward(text, link, rules, rate)
    if rate and after:
        before = _backward(text, start, rules, rate)
        if before and rules.role_ending_at(text, before[1], "rate_noun"):
            return before  # 全程网办率不足60%的部门: the rate is named before it
    return after or _backward(text, start, rules, rate)


def _inherit_subjects(text: str, rows: list[Mention]) -> list[Mention]:
    """Give a mention without a noun of its own the subject of an earlier mention.

    ``同比增长12.5%``, ``较上年提高4.5个百分点`` and ``比上年增加612家`` (no noun of their own)
    take the subject of the mention before them; ``分别增长18.2%和23.5%`` pairs the rates after
    分别 with the counts before it, in order.
    """
    rows = list(rows)
    respectively = text.find("分别")
    if respectively >= 0:
        rate_units = numbers.rate_units()
        counts = [
            i for i, r in enumerate(rows) if r.end <= respectively and r.unit not in rate_units
        ]
        rates = [i for i, r in enumerate(rows) if r.start > respectively and r.unit in rate_units]
        rates = [i for i in rates if _clause_start(text, rows[i].start) <= respectively]
        if 1 < len(rates) <= len(counts):
            for rate, count in zip(rates, counts[-len(rates) :], strict=True):
                rows[rate] = rows[rate]._replace(subject=rows[count].subject)
    nouns = [r.subject for r in rows]  # the noun each mention counts, before qualification
    for number in range(1, len(rows)):
        # 组建党组织146个，其中单独组建92个: a mention whose one word is no noun counts what
        # the mention before it counted, as that word qualifies it (单独 + 非公企业党组织)
        own = rows[number].subject
        # 提出问题266条，解决或基本解决的186条: a relative clause whose noun is elided
        if not own or _nounless(own) or own.endswith("的"):
            earlier = nouns[number] = nouns[number - 1]
            joined = own + earlier if own and earlier and own not in earlier else earlier
            rows[number] = rows[number]._replace(subject=joined or own)
    return rows


_LIST_MARKS = ("、", "和", "及", "与")


def _shared_nouns(original: str, text: str, rows: list[Mention]) -> list[Mention]:
    """Counts listed before the noun they share take it: ``成立84个、350个产业链党建联盟``,
    ``新建14个、改造8个党群服务中心``, ``打造50条重点、30条特色产业链`` (the word before the list
    mark qualifies the shared head noun). A member takes the noun only when the next member,
    of the same unit, follows after a list mark within a few characters and its own noun stands
    right after its number. ``text`` is ``original`` folded (the subject keeps the article's
    own characters)."""
    for number in range(len(rows) - 2, -1, -1):
        this, after = rows[number], rows[number + 1]
        gap = text[this.end : after.start]
        if this.unit != after.unit or len(gap) > 6 or not after.subject:
            continue
        mark = min((gap.find(m) for m in _LIST_MARKS if m in gap), default=-1)
        if mark < 0 or any(c in _CLAUSE_MARKS for c in gap):
            continue
        noun = after.subject
        noun = numbers.fold(noun) if numbers.needs_folding(noun) else noun
        if not text.startswith(noun, after.end):
            continue  # the next member's noun stands before its number: each has its own
        modifier = original[this.end : this.end + mark]
        if not all(is_han(c) for c in modifier):
            continue
        shared = after.subject
        if modifier:
            shared = modifier + (subject_head(after.subject) or after.subject)
        rows[number] = this._replace(subject=shared)
    return rows


def _frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("article", "sentence_id", "start", "end"):
        frame[column] = frame[column].astype("int64")
    for column in ("value", "value_high"):
        frame[column] = frame[column].astype("float64")
    for column in (
        "doc_id",
        "region",
        "section",
        "measure",
        "unit",
        "qualifier",
        "subject",
        "subject_head",
    ):
        frame[column] = frame[column].astype("str")
    frame["period"] = frame["period"].astype("str")
    frame["surface"] = frame["surface"].astype("str")
    return frame


def extract_indicators(sentences: pd.DataFrame) -> pd.DataFrame:
    """Every quantitative indicator in the corpus's sentences, one row per mention.

    Parameters
    ----------
    sentences : DataFrame
        ``Corpus.sentences`` (needs ``doc_id, article, region, section, measure, sentence_id,
        text, start``).

    Returns
    -------
    DataFrame
        ``doc_id, article, region, section, measure, sentence_id`` (provenance);
        ``value`` (float, 万/亿 applied, percent number for %); ``value_high`` (high end of a
        range, else NaN); ``unit`` (simplified measure word, ``%`` or ``个百分点``);
        ``qualifier`` (``exact``, ``approx``, ``lower``, ``upper``); ``subject`` (the noun
        phrase counted); ``subject_head`` (its head noun, :func:`subject_head`: 党组织 for
        非公企业党组织); ``period`` (stated time frame or ""); ``surface`` (the matched text);
        ``start``, ``end`` (offsets into the cleaned article text:
        ``texts[doc_id][start:end] == surface``).

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["d"], "article": [1], "region": ["某市"],
    ...     "section": [""], "measure": [""], "sentence_id": [1],
    ...     "text": ["累计办理业务3.1万余件。"], "start": [10]})
    >>> extract_indicators(s)[["value", "unit", "qualifier", "subject", "period", "start"]]
         value unit qualifier subject period  start
    0  31000.0    件     lower      业务     累计     16
    """
    missing = {"doc_id", "sentence_id", "text", "start"} - set(sentences.columns)
    if missing:
        raise InputError(f"sentences frame lacks column(s): {', '.join(sorted(missing))}")
    rules = numbers.load_rules()
    rows = []
    defaults = {"article": 0, "region": "", "section": "", "measure": ""}
    columns = ["doc_id", "article", "region", "section", "measure", "sentence_id", "text", "start"]
    values = [
        sentences[c].tolist() if c in sentences.columns else [defaults[c]] * len(sentences)
        for c in columns
    ]
    # a frame that opens a sentence (截至目前，…) carries to the next sentences of the same
    # paragraph (contiguous sentences of one article and section), until another one opens
    carried, last = "", None
    for doc_id, article, region, section, measure, sentence_id, text, offset in zip(
        *values, strict=True
    ):
        place = (doc_id, article, section, measure)
        if last != (*place, offset):
            carried = ""
        last = (*place, offset + len(text))
        mentions, frame = _sentence(text, rules, carried)
        for start, end, value, high, unit, qualifier, subject, period in mentions:
            rows.append(
                (
                    doc_id,
                    article,
                    region,
                    section,
                    measure,
                    sentence_id,
                    value,
                    high,
                    unit,
                    qualifier,
                    subject,
                    subject_head(subject),
                    period,
                    text[start:end],
                    offset + start,
                    offset + end,
                )
            )
        carried = frame
    return _frame(rows)


def text_sentences(text: str, *, doc_id: str = "text", region: str = "") -> pd.DataFrame:
    """Split a raw string into sentences in the corpus layout: each line is cut by
    :func:`pbanalysis.corpus.layout.split_sentences` (the corpus's own splitter).

    Returns
    -------
    DataFrame
        ``doc_id, article, region, section, measure, sentence_id, text, start, end``.

    Examples
    --------
    >>> text_sentences("一句。两句；")["text"].tolist()
    ['一句。', '两句；']
    """
    spans = []
    offset = 0
    for line in text.split("\n"):
        spans += [(offset + a, offset + b) for a, b in split_sentences(line) if line[a:b].strip()]
        offset += len(line) + 1
    rows = [
        {
            "doc_id": doc_id,
            "article": 1,
            "region": region,
            "section": "",
            "measure": "",
            "sentence_id": number,
            "text": text[start:end],
            "start": start,
            "end": end,
        }
        for number, (start, end) in enumerate(spans, start=1)
    ]
    columns = ["doc_id", "article", "region", "section", "measure", "sentence_id"]
    return pd.DataFrame(rows, columns=[*columns, "text", "start", "end"])


def extract_from_text(text: str, *, doc_id: str = "text", region: str = "") -> pd.DataFrame:
    """:func:`extract_indicators` on a raw string (offsets index into ``text``).

    Returns
    -------
    DataFrame
        The columns of :data:`COLUMNS`.

    Examples
    --------
    >>> extract_from_text("引导250家非公企业新建立党组织。")[["value", "unit", "subject"]]
       value unit subject
    0  250.0    家    非公企业
    """
    return extract_indicators(text_sentences(text, doc_id=doc_id, region=region))


def select_regions(frame: pd.DataFrame, regions: str | list[str] = "") -> pd.DataFrame:
    """Keep the rows of the given regions (a list parameter as in :func:`params.parse_regions`).

    Empty = every row. Raises :class:`~pbanalysis.errors.InputError` naming the valid regions
    when one is unknown.

    Returns
    -------
    DataFrame
        The rows of ``frame`` whose ``region`` is selected (same columns).

    Examples
    --------
    >>> f = pd.DataFrame({"region": ["眉山市", "加格达奇区"], "x": [1, 2]})
    >>> select_regions(f, "眉山市")["x"].tolist()
    [1]
    """
    if not params.split_names(regions):
        return frame.copy()
    available = sorted(set(frame["region"]) - {""})
    return frame[frame["region"].isin(params.parse_regions(regions, available))].copy()


def load_annotation(texts: dict[str, str], path: str | None = None) -> pd.DataFrame:
    """Read the hand annotation (default ``data/annotations/indicators.csv``) and locate it.

    Only the rows of articles in ``texts`` are kept (a corpus may hold none of the annotated
    articles, or some); each kept row's ``context`` must occur exactly once in
    ``texts[doc_id]`` and contain ``surface``.

    Returns
    -------
    DataFrame
        The annotation columns plus ``start`` and ``end`` (offsets into ``texts[doc_id]``);
        ``value`` and ``value_high`` as floats.

    Examples
    --------
    >>> from pbanalysis.corpus.model import load_corpus
    >>> load_annotation(load_corpus().texts)["unit"].iloc[0]
    '家'
    """
    path = path or str(paths.data_file("annotations", "indicators.csv"))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame[frame["doc_id"].isin(set(texts))].reset_index(drop=True)
    starts = []
    for row in frame.itertuples(index=False):
        text = texts.get(row.doc_id, "")
        where = text.find(row.context)
        if where < 0 or text.find(row.context, where + 1) >= 0 or row.surface not in row.context:
            raise InputError(
                f"{path}: context {row.context!r} does not locate {row.surface!r} once"
            )
        starts.append(where + row.context.index(row.surface))
    frame["start"] = pd.Series(starts, dtype="int64")
    frame["end"] = frame["start"] + frame["surface"].str.len()
    for column in ("value", "value_high"):
        frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("float64")
    return frame


def evaluate(indicators: pd.DataFrame, annotation: pd.DataFrame) -> pd.DataFrame:
    """Compare extracted indicators with a located hand annotation (:func:`load_annotation`).

    Mentions match on ``doc_id`` and exact ``start``/``end``.

    Returns
    -------
    DataFrame
        One row per mention in either table: ``doc_id, start, end, surface``; ``status``
        (``match``, ``missed`` = annotated only, ``extra`` = extracted only); and for matches
        ``value_ok, unit_ok, qualifier_ok, subject_ok, period_ok`` (booleans) with the
        annotated and extracted ``subject``/``period`` side by side.

    Examples
    --------
    >>> found = extract_from_text("建立党组织12家。")
    >>> result = evaluate(found, found.assign(qualifier="approx"))
    >>> result[["status", "qualifier_ok"]].values.tolist()
    [['match', False]]
    """
    keys = ["doc_id", "start", "end"]
    fields = ["surface", "value", "value_high", "unit", "qualifier", "subject", "period"]
    merged = annotation[keys + fields].merge(
        indicators[keys + fields],
        on=keys,
        how="outer",
        suffixes=("_annotated", "_extracted"),
        indicator=True,
    )
    status = merged["_merge"].map({"both": "match", "left_only": "missed", "right_only": "extra"})
    out = pd.DataFrame(
        {
            "doc_id": merged["doc_id"],
            "start": merged["start"],
            "end": merged["end"],
            "surface": merged["surface_annotated"].fillna(merged["surface_extracted"]),
            "status": status.astype(str),
        }
    )
    both = status == "match"
    a, e = merged["value_annotated"], merged["value_extracted"]
    out["value_ok"] = both & ((a - e).abs() < 1e-9)
    high_a, high_e = merged["value_high_annotated"], merged["value_high_extracted"]
    out["value_ok"] &= (high_a.isna() & high_e.isna()) | ((high_a - high_e).abs() < 1e-9)
    for field in ("unit", "qualifier", "subject", "period"):
        left = merged[f"{field}_annotated"].fillna("").astype(str)
        right = merged[f"{field}_extracted"].fillna("").astype(str)
        out[f"{field}_ok"] = both & (left == right)
    for field in ("subject", "period"):
        out[f"{field}_annotated"] = merged[f"{field}_annotated"].fillna("").astype(str)
        out[f"{field}_extracted"] = merged[f"{field}_extracted"].fillna("").astype(str)
    return out.sort_values(keys).reset_index(drop=True)


def accuracy_text(evaluation: pd.DataFrame, lang: str = "zh") -> str:
    """One sentence in ``lang`` on an :func:`evaluate` table: mentions matched, missed and
    extra, and the share of matched mentions with each field right.

    Examples
    --------
    >>> found = extract_from_text("某市建立党组织12家。")
    >>> print(accuracy_text(evaluate(found, found), lang="en"))  # doctest: +ELLIPSIS
    Against the hand annotation: 1 matched, 0 missed, 0 extra; of the matched, values right ...
    """
    from pbanalysis.report.words import phrase

    if evaluation.empty:  # no annotated article in the selection: nothing was scored
        return phrase("indicators.annotation_none", lang)
    counts = evaluation["status"].value_counts()
    matched = evaluation[evaluation["status"] == "match"]

    def right(field: str) -> float:
        return float(matched[f"{field}_ok"].mean()) if len(matched) else float("nan")

    return phrase(
        "indicators.accuracy",
        lang,
        match=int(counts.get("match", 0)),
        missed=int(counts.get("missed", 0)),
        extra=int(counts.get("extra", 0)),
        **{field: right(field) for field in ("value", "unit", "qualifier", "subject", "period")},
    )


def summary_text(
    indicators: pd.DataFrame,
    checks: pd.DataFrame | None = None,
    ratios: pd.DataFrame | None = None,
    *,
    lang: str = "zh",
) -> str:
    """Findings in a few sentences, computed from the tables (for notebooks and reports).

    Returns
    -------
    str
        One line per topic: mentions per region, the commonest measure words, qualifiers, and
        (when given) consistency checks and derived ratios.

    Examples
    --------
    >>> print(summary_text(extract_from_text("某市建立党组织12家、服务站3个。"), lang="en"))
    2 indicators in 1 region(s): (unknown region) 2.
    Commonest measure words: 个 1, 家 1.
    Qualifiers: exact 2.
    """
    from pbanalysis.report.words import templates, translate, value_label

    text = templates("indicators", lang)
    unknown = text["unknown_region"]
    sep = text["clause_sep"]
    per_region = indicators["region"].value_counts(sort=False).sort_index()
    region_text = sep.join(
        f"{translate(r, lang) if r else unknown} {n}" for r, n in per_region.items()
    )
    units = indicators["unit"].value_counts().sort_index(kind="stable")
    units = units.sort_values(ascending=False, kind="stable").head(5)
    unit_text = sep.join(f"{u} {n}" for u, n in units.items())
    quals = indicators["qualifier"].value_counts().sort_index()
    qual_text = sep.join(f"{value_label('qualifier', q, lang)} {n}" for q, n in quals.items())
    lines = [
        text["head"].format(n=len(indicators), n_regions=len(per_region), regions=region_text),
        text["units"].format(units=unit_text),
        text["qualifiers"].format(qualifiers=qual_text),
    ]
    if checks is not None and len(checks):
        checked = checks[checks["consistent"].notna()]
        agree = int(checked["consistent"].sum())
        lines.append(
            text["checks"].format(
                n=len(checks),
                n_checked=len(checked),
                agree=agree,
                disagree=len(checked) - agree,
                unchecked=len(checks) - len(checked),
            )
        )
    if ratios is not None and len(ratios):
        done = ratios[ratios["status"] == "computed"]
        for row in done.itertuples(index=False):
            lines.append(
                text["ratio"].format(
                    region=translate(row.region, lang) if row.region else unknown,
                    name=row.name,
                    numerator=row.numerator,
                    denominator=row.denominator,
                    ratio=row.ratio,
                    meaning=row.meaning_zh if lang == "zh" else row.meaning_en,
                )
            )
    return "\n".join(lines)
