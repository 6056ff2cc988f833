"""Numbers as the reports write them: numeral forms, multipliers, folding and the lexicon rules."""

import os
import re
import shutil

import pandas as pd
import pytest

from pbanalysis.errors import InputError
from pbanalysis.indicators.numbers import (
    ARABIC,
    CHINESE,
    CN_DIGITS,
    MIXED,
    Rules,
    decimals,
    fold,
    load_rules,
    needs_folding,
    number_value,
)
from pbanalysis.io import paths

INDICATORS = paths.data_file("indicators")


@pytest.mark.parametrize(
    ("numeral", "multiplier", "value"),
    [
        # Arabic, with and without thousands separators and decimals
        ("2411", "", 2411.0),
        ("1,234", "", 1234.0),
        ("1,234,567", "", 1234567.0),
        ("99.07", "", 99.07),
        ("0", "", 0.0),
        # Arabic times a multiplier
        ("3.1", "万", 31000.0),
        ("1.5", "亿", 150_000_000.0),
        ("3", "万亿", 3_000_000_000_000.0),
        ("12", "百", 1200.0),
        ("5", "千", 5000.0),
        # Chinese numerals
        ("三千", "", 3000.0),
        ("两千", "", 2000.0),
        ("二十五", "", 25.0),
        ("十", "", 10.0),
        ("一点五", "", 1.5),
        ("十二点五", "", 12.5),
        ("一亿二千万", "", 120_000_000.0),
        ("二〇二三", "", 2023.0),
        ("零", "", 0.0),
        # a leading 百/千/万/亿 means one of it
        ("百", "", 100.0),
        ("千", "", 1000.0),
        ("万", "", 10_000.0),
        # financial forms
        ("壹仟", "", 1000.0),
        ("贰拾", "", 20.0),
        ("佰", "", 100.0),
        # Chinese numeral times a multiplier
        ("三千五百", "万", 35_000_000.0),
        # mixed Arabic and Chinese
        ("1万2千", "", 12000.0),
        ("3亿5000万", "", 350_000_000.0),
        # half, before a duration
        ("半", "", 0.5),
        ("半", "万", 5000.0),
    ],
)
def test_number_value(numeral, multiplier, value):
    got = number_value(numeral, multiplier)
    assert isinstance(got, float)
    assert got == value


@pytest.mark.parametrize(
    ("numeral", "multiplier", "value"),
    [("1.1", "万", 11000.0), ("0.07", "亿", 7_000_000.0), ("3.3", "千", 3300.0)],
)
def test_multipliers_are_applied_exactly_not_in_binary_floating_point(numeral, multiplier, value):
    # 1.1 * 10000 is 11000.000000000002 in floats; the decimal product is exact
    assert number_value(numeral, multiplier) == value


@pytest.mark.parametrize("numeral", ["", "abc", "万万", "点", "1..2", "百分之八十"])
def test_what_is_no_number_gives_none(numeral):
    assert number_value(numeral) is None


def test_traditional_numerals_have_a_value_once_folded():
    assert number_value(fold("兩萬")) == 20000.0
    assert number_value(fold("３．５"), fold("萬")) == 35000.0


@pytest.mark.parametrize(
    ("numeral", "places"), [("99.07", 2), ("83", 0), ("1.230", 3), ("1,234", 0), ("0.5", 1)]
)
def test_decimals(numeral, places):
    assert decimals(numeral) == places


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (ARABIC, "2411", True),
        (ARABIC, "1,234.5", True),
        (ARABIC, "99.07", True),
        (ARABIC, "1,23", False),
        (ARABIC, "三千", False),
        (MIXED, "1万2千", True),
        (MIXED, "3亿5000万", True),
        (MIXED, "1万", False),
        (MIXED, "1万2000", False),
        (MIXED, "2亿3千万", True),
        (MIXED, "2亿3000万万", False),
        (CHINESE, "三千五百", True),
        (CHINESE, "一点五", True),
        (CHINESE, "壹仟", True),
        (CHINESE, "点五", False),
        (CHINESE, "2411", False),
    ],
)
def test_numeral_patterns(pattern, text, matches):
    assert (re.fullmatch(pattern, text) is not None) is matches


def test_every_mixed_numeral_has_a_value():
    for numeral in ["1万2千", "3亿5000万", "1.5亿2000万", "1.2万3千"]:
        if re.fullmatch(MIXED, numeral):
            assert number_value(numeral) is not None, numeral


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("1万2千", 12_000.0),
        ("3亿5000万", 350_000_000.0),
        ("1.5亿2000万", 170_000_000.0),
        ("1.2万3千", 15_000.0),
        ("2亿3千万", 230_000_000.0),
        ("4万5千3百", 45_300.0),
        ("0.8亿6千", 80_006_000.0),
    ],
)
def test_mixed_numerals_read_their_orders(numeral, value):
    assert re.fullmatch(MIXED, numeral)
    assert number_value(numeral) == value


@pytest.mark.parametrize(
    ("mixed", "chinese"),
    [
        ("1万2千", "一万二千"),
        ("3亿5000万", "三亿五千万"),
        ("2亿3千万", "二亿三千万"),
        ("4万5千3百", "四万五千三百"),
    ],
)
def test_mixed_numerals_agree_with_their_chinese_reading(mixed, chinese):
    assert number_value(mixed) == number_value(chinese)


# --- folding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("３．１萬餘個", "3.1万余个"),
        ("２０２３年５％", "2023年5%"),
        ("黨組織", "党组织"),
        ("兩億", "两亿"),
        ("約300項", "约300项"),
        ("１～３", "1~3"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded
    assert needs_folding(text)


@pytest.mark.parametrize("text", ["", "2411家", "党组织覆盖率达99.07%", CN_DIGITS, "ASCII only"])
def test_simplified_text_needs_no_folding(text):
    assert not needs_folding(text)
    assert fold(text) == text


def test_fold_keeps_length_and_is_idempotent():
    text = "截至２０２３年底，全市黨組織達１２０個，覆蓋率９５．５％；服務企業３．１萬餘戶。"
    folded = fold(text)
    assert len(folded) == len(text)
    assert fold(folded) == folded
    assert not needs_folding(folded)
    assert "１" not in folded and "萬" not in folded


def test_fold_applies_the_traditional_word_list():
    table = pd.read_csv(INDICATORS / "traditional.csv", dtype=str, keep_default_na=False)
    pairs = [(old, new) for old, new in zip(table.traditional, table.simplified, strict=True)]
    assert len(pairs) > 100
    # 參 is also the financial form of 叁 and is handled by its own test below
    for old, new in pairs:
        if old != "參":
            assert fold(old) == new, old
            assert needs_folding(old)


def test_can_in_canjia_folds_to_the_everyday_character():
    assert fold("參加") == "参加"
    assert fold("參與") == "参与"


def test_needs_folding_agrees_with_fold():
    samples = ["", "a", "１", "萬", "万", "黨", "党", "％", "%", "个", "個", "abc１def", "眉山市"]
    for text in samples:
        assert needs_folding(text) == (fold(text) != text), text


# --- the lexicon rules -----------------------------------------------------------------------


@pytest.fixture
def rules() -> Rules:
    return load_rules()


def test_load_rules_reads_the_lexicon(rules):
    assert isinstance(rules, Rules)
    assert rules.units["个"] == ("个", "count")
    assert rules.units["%"] == ("%", "percent")
    assert rules.qualifiers["约"] == ("approx", "before")
    assert "上半年" in rules.periods
    assert "一网通办" in rules.stop["set_phrase"]
    assert "verb" in rules.lexicon["参加"]
    assert list(rules.sizes) == sorted(rules.sizes, reverse=True)


def test_load_rules_is_cached_until_a_file_changes(tmp_path):
    folder = tmp_path / "indicators"
    shutil.copytree(INDICATORS, folder)
    first = load_rules(folder)
    assert load_rules(folder) is first
    assert "试验单位" not in first.units
    units = folder / "units.csv"
    with units.open("a", encoding="utf-8") as handle:
        handle.write("试验单位,试验单位,weight,test unit\n")
    stat = units.stat()
    os.utime(units, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = load_rules(folder)
    assert second is not first
    assert second.units["试验单位"] == ("试验单位", "weight")


def test_a_missing_lexicon_file_is_a_one_line_input_error(tmp_path):
    folder = tmp_path / "indicators"
    shutil.copytree(INDICATORS, folder)
    (folder / "periods.csv").unlink()
    with pytest.raises(InputError, match="periods.csv: indicator lexicon file is missing") as error:
        load_rules(folder)
    assert "\n" not in str(error.value)


def test_a_missing_column_is_named(tmp_path):
    folder = tmp_path / "indicators"
    shutil.copytree(INDICATORS, folder)
    (folder / "units.csv").write_text("surface,unit\n个,个\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"units.csv: missing column\(s\) kind"):
        load_rules(folder)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("帮助企业解决融资难题30余个", {"lo": "30", "lo_mid": "余", "unit": "个"}),
        ("惠及3.1万余户", {"lo": "3.1", "lo_mult": "万", "lo_mid2": "余", "unit": "户"}),
        ("覆盖率达百分之八十", {"pct": "八十", "unit": None}),
        ("新建5至10个", {"lo": "5", "sep": "至", "hi": "10", "unit": "个"}),
        ("服务近300人次", {"pre": "近", "lo": "300", "unit": "人次"}),
        ("选派三千余名", {"lo": "三千", "lo_mid": "余", "unit": "名"}),
        ("满意度达99.07%", {"lo": "99.07", "unit": "%"}),
        ("压缩至半天", {"lo": "半", "unit": "天"}),
    ],
)
def test_mention_pattern(rules, text, expected):
    match = rules.mention.search(text)
    assert match is not None
    groups = match.groupdict()
    for key, value in expected.items():
        assert groups[key] == value, key


def test_half_is_a_number_only_before_a_duration(rules):
    assert rules.mention.search("一半企业") is None


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2023年以来，全市", "2023年以来"),
        ("截至2023年6月底，全市", "截至2023年6月底"),
        ("近三年来，全市", "近三年来"),
        ("今年以来，全市", "今年以来"),
        ("1至5月，全市", "1至5月"),
    ],
)
def test_period_pattern(rules, text, period):
    match = rules.period.search(text)
    assert match is not None and match.group() == period


def test_lexicon_lookups(rules):
    text = "全市参加培训党员"
    assert rules.role_ending_at(text, 4, "verb") == "参加"
    assert rules.role_ending_at(text, 4, "attribute") == ""
    assert rules.role_starting_at(text, 2, frozenset({"verb"})) == "参加"
    assert ("参加", rules.lexicon["参加"]) in rules.words_ending_at(text, 4)
    assert rules.first_word(text, 0, len(text), frozenset({"verb"})) == 2
    assert rules.first_word(text, 0, 2, frozenset({"verb"})) == 2
    assert rules.first_word("眉山市", 0, 3, frozenset({"verb"})) == 3
