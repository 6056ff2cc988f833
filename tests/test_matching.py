"""The all-codes matcher gives exactly the matches of each pattern searched on its own."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pbanalysis.coding import frameworks, load_codebook, split_patterns
from pbanalysis.coding.matching import Matcher, required_words
from pbanalysis.corpus.model import load_corpus
from pbanalysis.io import paths

TESTS = paths.project_root() / "tests" / "data"


def reference(text: str, keywords: str, exclude: str) -> list[tuple[int, int, str]]:
    """One code's matches the plain way: every pattern by ``re.finditer``, then exclusions."""
    vetoed = [m.span() for p in split_patterns(exclude) for m in re.finditer(p, text) if m.group()]
    found = {
        (m.start(), m.end(), m.group())
        for p in split_patterns(keywords)
        for m in re.finditer(p, text)
        if m.group() and not any(m.start() < b and a < m.end() for a, b in vetoed)
    }
    return sorted(found)


CODEBOOK = tuple(
    (row.keywords, row.exclude)
    for name in frameworks()
    for row in load_codebook(name).itertuples()
    if split_patterns(row.keywords)
)


def test_codebooks_on_every_sentence_of_the_seed_and_the_test_articles():
    corpus = load_corpus([paths.raw_dir(), TESTS / "articles", TESTS / "heldout" / "articles"])
    texts = corpus.sentences["text"].tolist()
    # sentences run together: matches across a sentence end, as in a longer unit of text
    texts += ["".join(texts[i : i + 3]) for i in range(0, len(texts), 3)]
    matcher = Matcher(CODEBOOK)
    differing = [
        text
        for text in texts
        if matcher.matches(text) != [reference(text, k, e) for k, e in CODEBOOK]
    ]
    assert len(texts) > 300
    assert differing == []


# invented codes with the awkward cases: a word inside another code's longer word, a word that
# overlaps itself, a word both a keyword and another code's exclusion, patterns whose key word
# is optional elsewhere, lookaheads, classes, and a pattern the key reader does not follow
AWKWARD = (
    ("党员|党员干部|哈哈", ""),
    ("干部|员干", "党员干部"),
    ("(企业|群众)?服务|服务(?!站)", "服务站"),
    ("[^，。]{0,3}企业|企业[^，。]{1,2}", "企业家"),
    ("(?i:ab)c|a{2}b|(党|团)(员|委)+", ""),
    ("哈哈哈|党委", "(?:哈)+"),
)
ALPHABET = "党员干部哈服务站企业群众家委团，。abcAB"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
@example("哈哈哈哈党员干部服务站企业家群众服务")
@example("aabc党团员委ABc")
def test_awkward_codes_on_generated_texts(text):
    assert Matcher(AWKWARD).matches(text) == [reference(text, k, e) for k, e in AWKWARD]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(企业|群众)办事", [["企业", "群众"], ["办事"]]),
        ("(项目|企业)?管家", [["管家"]]),
        ("党建(工作)?指导(员|站)", [["党建"], ["指导"], ["员", "站"]]),
        ("产业链?党建", [["产业"], ["党建"]]),
        ("a{2}bc", [["bc"]]),
        ("[)|]ab.(c|d)+e", [["ab"], ["e"]]),
        ("联合(?!党|建)", [["联合"]]),
        ("x(?<=x)y", [["x"], ["y"]]),
    ],
)
def test_required_words(pattern, expected):
    assert [sorted(words) for words in required_words(pattern)] == expected


@pytest.mark.parametrize("pattern", [r"\d+家", "(?i:app)", "(?i)app", "(?P<n>a)b", "a|b"])
def test_required_words_gives_up_on_what_it_does_not_read(pattern):
    assert required_words(pattern) is None


CODEBOOK_PATTERNS = sorted(
    {p for keywords, exclude in CODEBOOK for p in split_patterns(keywords + "|" + exclude)}
)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_every_match_contains_its_required_words(data):
    pattern = data.draw(st.sampled_from(CODEBOOK_PATTERNS))
    words = required_words(pattern)
    # a text built from the pattern's own characters, so that it often matches
    text = data.draw(
        st.text(
            alphabet=sorted(set(re.sub(r"[\\\[\]().|?*+{}^$]", "", pattern))) or "x", max_size=30
        )
    )
    for match in re.finditer(pattern, text):
        for required in words or ():
            assert any(word in match.group() for word in required), (pattern, text)
