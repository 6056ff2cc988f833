"""The dictionary cut of short phrases gives exactly what jieba.posseg gives without HMM."""

import logging

import pytest

from pbanalysis.corpus.model import load_corpus
from pbanalysis.errors import InputError
from pbanalysis.indicators import postags

PHRASES = [
    "非公企业党组织",
    "党建工作指导员",
    "党建工作指导站",
    "组建率",
    "新建党群服务中心",
    "规模以上工业企业",
    "政务服务事项网上可办率",
    "重点项目的开工建设",
    "5G基站",
    "AT&T公司",
    "c#语言课程",
    "B超检查",
    "3.5万元贷款",
    "ABC123企业",
    "１２３家",
    "a.b_c+d#e",
    "  党 组织\r\n服务",
    "“两新”组织",
    "县（市、区）",
    "A",
    "",
]


def _jieba_cut(tokenizer, phrase: str) -> tuple[tuple[str, str], ...]:
    return tuple((pair.word, pair.flag) for pair in tokenizer.cut(phrase, HMM=False))


@pytest.fixture(scope="module")
def posseg():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


@pytest.mark.parametrize("phrase", PHRASES)
def test_cut_is_jiebas(posseg, phrase):
    assert postags.cut(phrase) == _jieba_cut(posseg, phrase)


def test_cut_is_jiebas_on_every_window_of_the_seed(posseg):
    # every window of 1 to 12 characters at every third position of the embedded corpus
    windows = {
        text[start : start + size]
        for text in load_corpus().texts.values()
        for start in range(0, len(text), 3)
        for size in range(1, 13)
    }
    differing = [w for w in sorted(windows) if postags.cut(w) != _jieba_cut(posseg, w)]
    assert len(windows) > 10_000
    assert differing == []


def test_a_word_listed_twice_takes_its_last_line(tmp_path, monkeypatch, posseg):
    import jieba

    dictionary = tmp_path / "dict.txt"
    dictionary.write_text(
        "党组织 50 n\n党 30 n\n组织 80 v\n党组 5 n\n织 2 v\n组织 90 n\n企业 40 n\n党组织 60 nt\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(postags, "dictionary_path", lambda: dictionary)
    postags._dictionary.cache_clear()
    postags.cut.cache_clear()
    try:
        tokenizer = posseg.POSTokenizer(jieba.Tokenizer(str(dictionary)))
        for phrase in ["党组织", "企业党组织", "组织企业", "党组企业组织", "织党"]:
            assert postags.cut(phrase) == _jieba_cut(tokenizer, phrase), phrase
    finally:
        postags._dictionary.cache_clear()
        postags.cut.cache_clear()


def test_missing_jieba_is_one_clear_error(monkeypatch):
    monkeypatch.setattr(postags.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(InputError, match="jieba is not installed"):
        postags.dictionary_path()
