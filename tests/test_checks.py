"""Tests of pbanalysis.indicators.checks: stated rates recomputed, derived ratios."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pbanalysis import indicators
from pbanalysis.errors import InputError
from pbanalysis.indicators import extract_from_text
from pbanalysis.indicators.checks import consistency_checks, derived_ratios
from pbanalysis.io import paths

SEED = paths.raw_dir() / "meishan-jiagedaqi.txt"
"""The embedded corpus, named explicitly: a researcher's own files in data/raw/ change nothing."""


@pytest.fixture(scope="module")
def seed():
    from pbanalysis.corpus import load_corpus

    return indicators.extract_indicators(load_corpus([SEED]).sentences)


# --- consistency checks ------------------------------------------------------------------------


def test_consistency_consistent_and_mismatch():
    text = (
        "召开座谈会6次，收集意见建议120条，已办结96条，办结率80%。"
        "上半年共受理投诉200件，办结180件，办结率达95%。"
    )
    checks = consistency_checks(extract_from_text(text))
    assert checks["status"].tolist() == ["consistent", "mismatch"]
    assert checks["recomputed"].tolist() == [80.0, 90.0]
    assert checks["difference"].tolist() == [0.0, 5.0]
    assert checks["consistent"].tolist() == [True, False]


def test_consistency_rounding_to_stated_decimals():
    text = "排查隐患3个，已整改2个，整改率66.7%。排查隐患3个，已整改2个，整改率66.6%。"
    checks = consistency_checks(extract_from_text(text))
    assert checks["consistent"].tolist() == [True, True]  # rounded, truncated
    text = "排查隐患3个，已整改2个，整改率67.5%。"
    assert consistency_checks(extract_from_text(text))["status"].tolist() == ["mismatch"]


def test_consistency_not_checkable_is_reported(seed):
    checks = consistency_checks(seed)
    assert len(checks) == (seed["unit"] == "%").sum()
    by_rate = checks.set_index("rate_surface")
    assert by_rate.loc["83%", "status"] == "consistent"
    assert (by_rate.loc["83%", "numerator"], by_rate.loc["83%", "denominator"]) == (5, 6)
    assert by_rate.loc["99.07%", "status"].startswith("not checkable")
    assert pd.isna(by_rate.loc["99.07%", "consistent"])
    lone = consistency_checks(extract_from_text("群众满意度达98%。"))
    assert lone["status"].tolist() == ["not checkable: no counts before the rate in its sentence"]


# --- derived ratios ----------------------------------------------------------------------------


def test_derived_ratios_from_the_data_file(seed):
    ratios = derived_ratios(seed).set_index("name")
    coverage = ratios.loc["party_org_coverage"]
    assert (coverage["numerator"], coverage["denominator"]) == (1142, 2411)
    assert math.isclose(coverage["ratio"], 1142 / 2411)
    assert coverage["n_denominator_candidates"] == 3  # 2411, 250, 500余: the largest is the base
    warnings = ratios.loc["contract_warning_rate"]
    assert math.isclose(warnings["ratio"], 546 / 5752)
    assert set(ratios["status"]) == {"computed"}


def test_derived_ratios_picks_and_missing():
    found = extract_from_text("新建党支部4个，联系企业30家；另联系企业10家。")
    spec = pd.DataFrame(
        {
            "name": ["sum", "first", "smallest", "missing"],
            "numerator_subject": ["党支部", "党支部", "党支部", "商会"],
            "denominator_subject": ["企业", "企业", "企业", "企业"],
            "denominator_pick": ["sum", "first", "smallest", "largest"],
            "region": ["", "", "", "某区"],
            "meaning_zh": [""] * 4,
            "meaning_en": [""] * 4,
        }
    )
    found = found.assign(region="某区")
    ratios = derived_ratios(found, spec).set_index("name")
    assert ratios.loc["sum", "denominator"] == 40
    assert ratios.loc["first", "denominator"] == 30
    assert ratios.loc["smallest", "denominator"] == 10
    assert ratios.loc["missing", "status"] == "numerator not found"
    with pytest.raises(InputError, match="pick"):
        derived_ratios(found, spec.assign(numerator_pick="median"))
