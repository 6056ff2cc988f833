"""Tests of pbanalysis.analysis.contrasts: shares per unit, each unit against the rest, pairs,
one family-wide correction, confidence intervals, flags for small units, findings."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pbanalysis.analysis import contrasts
from pbanalysis.errors import InputError


def shares_table(counts: dict[str, tuple[int, int]], code: str = "org") -> pd.DataFrame:
    rows = [
        {"unit": unit, "framework": "levers", "code": code, "label_zh": "组织覆盖",
         "label_en": "organisational coverage", "n": n, "n_sentences": total, "share": n / total}
        for unit, (n, total) in counts.items()
    ]  # fmt: skip
    return pd.DataFrame(rows)


def test_holm_and_benjamini_hochberg_match_scipy_and_ignore_missing_values():
    from scipy.stats import false_discovery_control

    p = [0.001, 0.02, 0.03, 0.2, 0.04]
    bh = contrasts.adjust(p, "fdr_bh")
    assert [round(x, 10) for x in bh] == [round(x, 10) for x in false_discovery_control(p)]
    holm = contrasts.adjust(p + [math.nan], "holm")
    assert holm[:5] == pytest.approx([0.005, 0.08, 0.09, 0.2, 0.09])
    assert math.isnan(holm[5])
    with pytest.raises(InputError, match="correction"):
        contrasts.adjust(p, "bonferroni")


def test_newcombe_interval_reproduces_the_published_example():
    # Newcombe (1998), method 10, example (a): 56/70 vs 48/80 -> 0.0524 to 0.3339
    low, high = contrasts.newcombe_interval(56, 70, 48, 80)
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)


def test_each_unit_against_the_rest_is_one_family_and_small_units_are_flagged():
    table = contrasts.contrasts(
        shares_table({"A": (30, 40), "B": (5, 40), "C": (6, 45), "D": (1, 3)}), min_sentences=10
    )
    tested = table[table["p_value"].notna()]
    assert set(tested["unit"]) == {"A", "B", "C"}
    assert table.loc[table["unit"] == "D", "too_few"].item()
    assert (tested["p_adjusted"] >= tested["p_value"]).all()
    assert set(table["correction"]) == {"Holm"}
    a = table[table["unit"] == "A"].iloc[0]
    assert a["share_other"] == pytest.approx(12 / 88)
    assert a["ci_low_pp"] < a["diff_pp"] < a["ci_high_pp"]
    assert list(tested["diff_pp"].abs()) == sorted(tested["diff_pp"].abs(), reverse=True)


def test_two_units_are_compared_once_not_twice():
    table = contrasts.contrasts(shares_table({"A": (30, 40), "B": (5, 40)}))
    assert len(table) == 1 and table["other"].item() == "B"


def test_pairwise_contrasts_are_for_a_chosen_few():
    shares = shares_table({f"U{i}": (i, 40) for i in range(1, 11)})
    pairs = contrasts.contrasts(shares, versus="pairs", units=["U1", "U5", "U9"])
    assert len(pairs) == 3 and set(pairs["other"]) == {"U5", "U9"}
    with pytest.raises(InputError, match="2 to 8"):
        contrasts.contrasts(shares, versus="pairs", units=[f"U{i}" for i in range(1, 10)])


def test_findings_state_significant_contrasts_or_say_once_that_none_is():
    table = contrasts.contrasts(
        shares_table({"A": (30, 40), "B": (5, 40), "C": (6, 45), "D": (1, 3)}), min_sentences=10
    )
    text = contrasts.findings(table, lang="en", top=2)
    lines = text.splitlines()
    assert len([line for line in lines if "CI" in line]) == 2
    assert "too few sentences were not tested: D" in text
    flat = contrasts.contrasts(shares_table({"A": (10, 40), "B": (11, 40), "C": (9, 40)}))
    quiet = contrasts.findings(flat, lang="zh")
    assert quiet.count("没有任何差异") == 1 and "CI" not in quiet


def test_cluster_order_puts_similar_units_together():
    rows = []
    for unit, (x, y) in {
        "A": (0.9, 0.1),
        "B": (0.1, 0.9),
        "C": (0.85, 0.15),
        "D": (0.2, 0.8),
    }.items():
        rows += [{"unit": unit, "code": "x", "share": x}, {"unit": unit, "code": "y", "share": y}]
    order = contrasts.order_units(pd.DataFrame(rows), "cluster")
    assert abs(order.index("A") - order.index("C")) == 1
    assert abs(order.index("B") - order.index("D")) == 1
    assert contrasts.order_units(pd.DataFrame(rows), "corpus") == ["A", "B", "C", "D"]


def test_groups_come_from_a_documents_column():
    sentences = pd.DataFrame({"doc_id": ["a", "b", "c"], "region": ["甲县", "乙县", "丙县"]})
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "province": ["A省", "A省", "B省"]})
    assert contrasts.unit_of_sentences(sentences, documents, "province").tolist() == [
        "A省", "A省", "B省",
    ]  # fmt: skip
    with pytest.raises(InputError, match="group_by"):
        contrasts.unit_of_sentences(sentences, documents, "no_such_column")
