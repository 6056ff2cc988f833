"""The corpus page: one anchor per sentence, escaped text, provenance shown; reports link to it."""

from __future__ import annotations

import re

import pandas as pd

from pbanalysis.corpus import load_corpus
from pbanalysis.report.corpus_page import corpus_html, sentence_anchor, sentence_keys
from pbanalysis.report.html import link_sentences, sentence_links


def test_every_sentence_has_one_anchor_with_its_section_measure_and_offsets():
    corpus = load_corpus()
    page = corpus_html(corpus, "zh")
    ids = re.findall(r'<li id="([^"]+)"', page)
    assert len(ids) == len(set(ids)) == len(corpus.sentences)
    row = corpus.sentences.query("measure_id > 0").iloc[0]
    item = re.search(rf'<li id="{sentence_anchor(row.doc_id, row.sentence_id)}".*?</li>', page)
    assert item is not None
    assert row.text in item.group(0) and row.measure in item.group(0)
    assert f"{row.start}–{row.end}" in item.group(0)
    assert ":target" in page


def test_article_text_is_escaped():
    corpus = load_corpus()
    sentences = corpus.sentences.copy()
    sentences.loc[sentences.index[0], "text"] = '<script>alert("党")</script>'
    page = corpus_html(type(corpus)(**{**corpus.__dict__, "sentences": sentences}), "en")
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_table_rows_naming_a_sentence_link_to_it_and_others_do_not():
    frame = pd.DataFrame({"doc_id": ["a", "a"], "sentence_id": [2, 0], "text": ["甲", "乙"]})
    page = frame.rename(columns={"sentence_id": "句子编号"}).to_html()
    linked = link_sentences(page, sentence_links("../corpus-zh.html", sentence_keys(frame)))
    assert linked.count('<a class="source" href="../corpus-zh.html#s-a-2">2</a>') == 1
    assert "#s-a-0" in linked  # sentence 0 is in this corpus, so it links too
    only_two = link_sentences(page, sentence_links("c.html", {("a", 2)}))
    assert only_two.count("<a ") == 1


def test_a_table_without_a_document_column_is_left_alone():
    page = pd.DataFrame({"sentence_id": [2]}).to_html()
    assert link_sentences(page, lambda doc, sid: "x") == page
