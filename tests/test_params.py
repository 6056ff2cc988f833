"""Parameter checks shared by the notebooks and the library."""

import pytest

from pbanalysis import params
from pbanalysis.errors import InputError


def test_parse_regions_and_errors():
    available = ["眉山市", "加格达奇区"]
    assert params.parse_regions("", available) == available
    assert params.parse_regions("加格达奇区,眉山市", available) == ["加格达奇区", "眉山市"]
    assert params.parse_regions("meishan", available) == ["眉山市"]
    with pytest.raises(InputError, match="valid regions: 眉山市, 加格达奇区"):
        params.parse_regions("成都市", available)


def test_parse_regions_with_a_minimum():
    available = ["丙区", "乙县", "甲市"]
    assert params.parse_regions("甲市，乙县", available, minimum=2) == ["甲市", "乙县"]
    with pytest.raises(InputError, match="valid regions: 丙区, 乙县, 甲市"):
        params.parse_regions("甲市,丁镇", available, minimum=2)
    with pytest.raises(InputError, match="at least 2"):
        params.parse_regions("甲市", available, minimum=2)


def test_check_region_names_the_valid_ones():
    assert params.check_region(" 眉山市 ", ["眉山市"]) == "眉山市"
    with pytest.raises(InputError, match="valid regions: 眉山市"):
        params.check_region("成都市", ["眉山市"])


def test_check_lang():
    assert params.check_lang("zh") == "zh"
    with pytest.raises(InputError, match="zh, en"):
        params.check_lang("fr")


def test_check_framework_names_the_valid_ones():
    assert params.check_framework("bready") == "bready"
    with pytest.raises(InputError, match="valid frameworks: levers, pillars, bready"):
        params.check_framework("sdg")


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "15"])
def test_check_top_n_rejects_non_positive_integers(bad):
    assert params.check_top_n(15) == 15
    with pytest.raises(InputError, match="positive integer"):
        params.check_top_n(bad)
