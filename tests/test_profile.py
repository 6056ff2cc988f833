"""Tests of pbanalysis.analysis.profile on the hand-made coded sentences of test_compare."""

from __future__ import annotations

import pandas as pd
from test_compare import _coded

from pbanalysis.analysis import profile


def test_region_units_falls_back_to_sections():
    units = profile.region_units(_coded(), "A")
    assert units["section_id"].tolist() == [1, 2]
    assert units["n_sentences"].tolist() == [2, 2]
    assert units.loc[0, "levers"] == "组织覆盖 (2)；服务引领 (1)"


def test_telling_quotes_rule():
    indicators = pd.DataFrame({"doc_id": ["a", "a", "a"], "sentence_id": [4, 4, 4]})
    quotes = profile.telling_quotes(_coded(), indicators, "A", n=3)
    # scores: a1=1, a2=2, a3=0 (never quoted), a4=1+3=4; one per section first
    assert quotes["sentence_id"].tolist() == [4, 2, 1]
    assert quotes["score"].tolist() == [4, 2, 1]
    assert quotes.loc[0, "section"] == "二"
