"""Tests for pbanalysis.analysis.compare on small hand-made frames with hand-computed shares."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pbanalysis.analysis import compare
from pbanalysis.errors import InputError

LABELS = {
    "org": ("组织覆盖", "organisational coverage"),
    "service": ("服务引领", "service"),
    "none": ("未编码", "uncoded"),
}


def _coded() -> pd.DataFrame:
    """Region A: 4 sentences, B: 5; lever codes per sentence (``none`` = no lever)."""
    plan = {
        ("A", "a", 1): ["org"],
        ("A", "a", 2): ["org", "service"],
        ("A", "a", 3): ["none"],
        ("A", "a", 4): ["service"],
        ("B", "b", 1): ["org"],
        ("B", "b", 2): ["none"],
        ("B", "b", 3): ["none"],
        ("B", "b", 4): ["service"],
        ("B", "b", 5): ["none"],
    }
    rows = []
    for (region, doc, sid), codes in plan.items():
        for code in codes:
            rows.append(
                {
                    "doc_id": doc,
                    "region": region,
                    "section_id": 1 if sid <= 2 else 2,
                    "section": "一" if sid <= 2 else "二",
                    "measure_id": 0,
                    "measure": "",
                    "sentence_id": sid,
                    "text": f"{region}{sid}",
                    "framework": "levers",
                    "code": code,
                    "label_zh": LABELS[code][0],
                    "label_en": LABELS[code][1],
                }
            )
    return pd.DataFrame(rows)


def _counts(coded: pd.DataFrame) -> pd.DataFrame:
    """The ``coding.code_counts(by="region")`` shape, computed independently for the test."""
    rows = []
    for region in ["A", "B"]:
        part = coded[coded["region"] == region]
        total = part["sentence_id"].nunique()
        for code, (zh, en) in LABELS.items():
            n = int((part["code"] == code).sum())
            rows.append([region, "levers", code, zh, en, total, n, n / total])
    return pd.DataFrame(
        rows,
        columns=[
            "region",
            "framework",
            "code",
            "label_zh",
            "label_en",
            "n_sentences",
            "n",
            "share",
        ],
    )


def test_share_differences_hand_computed():
    table = compare.share_differences(_counts(_coded()), "levers").set_index("code")
    assert table.loc["org", ["n_a", "total_a", "n_b", "total_b"]].tolist() == [2, 4, 1, 5]
    assert table.loc["org", "share_a"] == pytest.approx(0.5)
    assert table.loc["org", "share_b"] == pytest.approx(0.2)
    assert table.loc["org", "diff_pp"] == pytest.approx(30.0)
    assert table.loc["none", "diff_pp"] == pytest.approx(25.0 - 60.0)
    # Fisher's exact test, [[2, 2], [1, 4]]: hypergeometric probabilities 10, 40, 30, 4 (/84);
    # two-sided p sums those <= P(observed) = 30/84.
    assert table.loc["org", "p_value"] == pytest.approx(44 / 84)
    assert table.index.tolist()[0] == "none"  # largest |difference| first
    assert set(table["region_a"]) == {"A"} and set(table["region_b"]) == {"B"}


def test_share_differences_needs_two_regions():
    with pytest.raises(InputError, match="two regions"):
        compare.share_differences(_counts(_coded()), "levers", ["A"])
    with pytest.raises(InputError, match="framework"):
        compare.share_differences(_counts(_coded()), "pillars")


def test_holm_matches_hand_computation():
    assert compare.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    adjusted = compare.holm([0.5, float("nan")])
    assert adjusted[0] == 0.5 and math.isnan(adjusted[1])


def test_coverage_keeps_topics_no_region_touches():
    counts = _counts(_coded())
    counts.loc[counts["code"] == "service", ["n", "share"]] = [0, 0.0]
    table = compare.coverage(counts)
    assert len(table) == 6  # 3 codes x 2 regions, zeros kept
    touching = table.drop_duplicates("code").set_index("code")["regions_touching"]
    assert touching.to_dict() == {"org": 2, "service": 0, "none": 2}
    assert compare.untouched(table)["code"].tolist() == ["service"]


def test_join_indicators_and_counts_by_code():
    indicators = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b"],
            "sentence_id": [2, 2, 3, 9],
            "region": ["A", "A", "A", "B"],
            "surface": ["250家", "45个", "6场", "3个"],
        }
    )
    joined = compare.join_indicators(indicators, _coded(), "levers")
    # sentence a2 has two codes -> its two indicators appear twice; b9 has no coded row -> none
    assert len(joined) == 2 * 2 + 1 + 1
    table = compare.indicators_by_code(joined).set_index(["region", "code"])
    assert table.loc[("A", "org"), "n_indicators"] == 2
    assert table.loc[("A", "org"), "n_indicator_sentences"] == 1
    assert table.loc[("A", "none"), "n_indicators"] == 1
    assert table.loc[("B", "org"), "n_indicators"] == 0
    assert table.loc[("B", "none"), "examples"] == "3个"


def test_summary_text_uses_computed_values_in_both_languages():
    differences = compare.share_differences(_counts(_coded()), "levers")
    coverage = compare.coverage(_counts(_coded()))
    zh = compare.summary_text(differences, coverage, lang="zh", top=1)
    en = compare.summary_text(differences, coverage, lang="en", top=1)
    # top non-"none" code: org and service tie at 30 pp; codebook order puts org first
    assert "A比B更侧重“组织覆盖”" in zh and "50.0%" in zh and "20.0%" in zh and "30.0" in zh
    assert "A leans more than B on organisational coverage" in en and "+30.0 pp" in en
    assert "uncoded" not in en.splitlines()[0]
    assert "A 25.0%, B 60.0%" in en


def test_matrix_pivots_in_codebook_order():
    table = pd.DataFrame(
        {
            "region": ["A"] * 4,
            "row_code": ["org", "org", "service", "service"],
            "row_label_zh": ["组织覆盖", "组织覆盖", "服务引领", "服务引领"],
            "row_label_en": ["org", "org", "svc", "svc"],
            "col_code": ["m", "g", "m", "g"],
            "col_label_zh": ["市场", "政务", "市场", "政务"],
            "col_label_en": ["market", "gov", "market", "gov"],
            "n": [1, 0, 2, 3],
            "share": [0.25, 0.0, 0.5, 0.75],
        }
    )
    wide = compare.matrix(table, "A", lang="zh")
    assert wide.index.tolist() == ["组织覆盖", "服务引领"]
    assert wide.columns.tolist() == ["市场", "政务"]
    assert wide.to_numpy().tolist() == [[1, 0], [2, 3]]
