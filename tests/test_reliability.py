"""Tests of the agreement measures (hand-computed examples) and of the manual coding file."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pbanalysis.coding import FRAMEWORKS, code_sentences
from pbanalysis.errors import InputError
from pbanalysis.reliability import (
    NOTHING,
    agreement,
    cohen_kappa,
    confusion,
    disagreements,
    load_manual,
    summary_text,
)


def ratings(tp: int, fp: int, fn: int, tn: int) -> tuple[list[int], list[int]]:
    manual = [1] * tp + [0] * fp + [1] * fn + [0] * tn
    coder = [1] * tp + [1] * fp + [0] * fn + [0] * tn
    return manual, coder


def kappa_by_formula(tp: int, fp: int, fn: int, tn: int) -> float:
    n = tp + fp + fn + tn
    observed = (tp + tn) / n
    expected = ((tp + fn) / n) * ((tp + fp) / n) + ((fp + tn) / n) * ((fn + tn) / n)
    return (observed - expected) / (1 - expected)


def test_kappa_of_a_table_computed_on_paper():
    # manual yes 30/50, coder yes 25/50; p_o = 35/50 = 0.7; p_e = 0.6*0.5 + 0.4*0.5 = 0.5
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    assert cohen_kappa(*ratings(tp=20, fp=5, fn=10, tn=15)) == pytest.approx(0.4)
    # symmetric table: p_o = 0.8, p_e = 0.5 -> kappa 0.6
    assert cohen_kappa(*ratings(tp=4, fp=1, fn=1, tn=4)) == pytest.approx(0.6)


@pytest.mark.parametrize("cells", [(3, 2, 1, 9), (10, 0, 0, 5), (1, 4, 4, 1), (0, 3, 2, 7)])
def test_kappa_matches_the_formula(cells):
    assert cohen_kappa(*ratings(*cells)) == pytest.approx(kappa_by_formula(*cells))


def test_kappa_is_nan_when_both_raters_are_constant():
    assert math.isnan(cohen_kappa([0, 0, 0], [0, 0, 0]))
    assert math.isnan(cohen_kappa([1, 1], [1, 1]))
    assert cohen_kappa([0, 0, 0], [0, 1, 0]) == 0.0


def small_case():
    texts = ["帮助企业融资。", "开展信用监管。", "天气晴朗。", "党员干部开展法律体检。"]
    frame = pd.DataFrame({"doc_id": "d", "sentence_id": [1, 2, 3, 4], "text": texts})
    manual = pd.DataFrame(
        {
            "doc_id": "d",
            "sentence_id": [1, 2, 3, 4],
            "framework": "pillars",
            "codes": ["market", "regulation", "market", "none"],
            "text": texts,
        }
    )
    return code_sentences(frame, "pillars"), manual


def test_agreement_counts_per_code_and_pooled():
    coded, manual = small_case()
    table = agreement(coded, manual).set_index("code")
    market = table.loc["market"]
    assert (market["tp"], market["fp"], market["fn"], market["tn"]) == (1, 0, 1, 2)
    assert market["raw_agreement"] == 0.75
    assert market["kappa"] == pytest.approx(kappa_by_formula(1, 0, 1, 2))
    law = table.loc["rule_of_law"]
    assert (law["tp"], law["fp"], law["fn"], law["tn"]) == (0, 1, 0, 3)
    assert math.isnan(table.loc["protection", "kappa"])
    assert table.loc["protection", "raw_agreement"] == 1.0
    pooled = table.loc["ALL"]
    assert pooled["n"] == 4 * 5
    assert (pooled["tp"], pooled["fp"], pooled["fn"]) == (2, 1, 1)
    assert pooled["kappa"] == pytest.approx(kappa_by_formula(2, 1, 1, 16))
    assert table.loc["MEAN", "tp"] == 2
    assert "pillars: pooled kappa" in summary_text(agreement(coded, manual))


def test_confusion_pairs_misses_with_intrusions():
    coded, manual = small_case()
    table = confusion(coded, manual, "pillars").set_index(["manual_code", "coder_code"])["n"]
    assert table[("market", "market")] == 1
    assert table[("market", "none")] == 1
    assert table[("none", "rule_of_law")] == 1
    assert table[("regulation", "regulation")] == 1
    assert table.sum() == 4
    wide = confusion(coded, manual, "pillars", wide=True)
    assert wide.loc["none", "rule_of_law"] == 1
    assert list(wide.index)[-1] == NOTHING


def test_confusion_shows_a_miss_next_to_a_correct_code():
    texts = ["帮助企业融资。"]
    frame = pd.DataFrame({"doc_id": "d", "sentence_id": [1], "text": texts})
    manual = pd.DataFrame(
        {"doc_id": "d", "sentence_id": [1], "framework": "pillars", "codes": ["market|services"]}
    ).assign(text=texts)
    table = confusion(code_sentences(frame, "pillars"), manual, "pillars")
    table = table.set_index(["manual_code", "coder_code"])["n"]
    assert table[("services", NOTHING)] == 1
    assert table[("market", "market")] == 1


def test_disagreements_list_the_sentences():
    coded, manual = small_case()
    table = disagreements(coded, manual)
    assert table["sentence_id"].tolist() == [3, 4]
    last = table.iloc[1]
    assert (last["missed"], last["extra"]) == ("none", "rule_of_law")
    assert "法律" in last["evidence"]


def test_agreement_refuses_an_outdated_manual_coding():
    coded, manual = small_case()
    manual.loc[0, "text"] = "另一句话。"
    with pytest.raises(InputError, match="out of date"):
        agreement(coded, manual)
    coded, manual = small_case()
    with pytest.raises(InputError, match="not in the coded"):
        agreement(coded[coded["sentence_id"] != 2], manual)


@pytest.mark.parametrize(
    ("codes", "message"),
    [("market|bogus", "unknown pillars code"), ("none|market", "combined")],
)
def test_load_manual_rejects_bad_codes(tmp_path, codes, message):
    file = tmp_path / "manual.csv"
    pd.DataFrame(
        {"doc_id": ["d"], "sentence_id": [1], "framework": ["pillars"], "codes": [codes]}
    ).assign(text="句子。").to_csv(file, index=False)
    with pytest.raises(InputError, match=message):
        load_manual(file)


def test_load_manual_rejects_a_sentence_coded_twice(tmp_path):
    file = tmp_path / "manual.csv"
    pd.DataFrame(
        {"doc_id": "d", "sentence_id": [1, 1], "framework": "levers", "codes": "none", "text": "x"}
    ).to_csv(file, index=False)
    with pytest.raises(InputError, match="coded twice"):
        load_manual(file)


@pytest.fixture(scope="module")
def seed():
    corpus = pytest.importorskip("pbanalysis.corpus")
    return corpus.load_corpus().sentences


def test_manual_coding_covers_every_seed_sentence_once_per_framework(seed):
    manual = load_manual()
    assert not manual.duplicated(["doc_id", "sentence_id", "framework"]).any()
    for framework in FRAMEWORKS:
        rows = manual[manual["framework"] == framework]
        merged = seed.merge(rows, on=["doc_id", "sentence_id"], how="outer", indicator=True)
        assert (merged["_merge"] == "both").all(), framework
        assert (merged["text_x"] == merged["text_y"]).all(), framework


def test_seed_agreement_reaches_the_target(seed):
    table = agreement(code_sentences(seed), load_manual())
    pooled = table[table["code"] == "ALL"].set_index("framework")["kappa"]
    assert list(pooled.index) == list(FRAMEWORKS)
    assert (pooled >= 0.8).all(), pooled.to_dict()
