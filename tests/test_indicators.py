"""Tests for pbanalysis.indicators and pbanalysis.indicators.numbers.

The seed tests compare the extractor with the hand annotation in data/annotations/indicators.csv;
the generality tests use sentences written for these tests in the style of Chinese government and
newspaper reports (none of them comes from the seed corpus).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbanalysis import indicators
from pbanalysis.errors import InputError
from pbanalysis.indicators import COLUMNS, checks, extract_from_text, numbers
from pbanalysis.io import paths

SEED = paths.raw_dir() / "meishan-jiagedaqi.txt"
"""The embedded corpus, named explicitly: a researcher's own files in data/raw/ change nothing."""


@pytest.fixture(scope="module")
def corpus():
    from pbanalysis.corpus import load_corpus

    return load_corpus([SEED])


@pytest.fixture(scope="module")
def seed(corpus):
    return indicators.extract_indicators(corpus.sentences)


@pytest.fixture(scope="module")
def evaluation(corpus, seed):
    return indicators.evaluate(seed, indicators.load_annotation(corpus.texts))


def one(text: str) -> pd.Series:
    found = extract_from_text(text)
    assert len(found) == 1, found[["surface", "subject"]].values.tolist()
    return found.iloc[0]


# --- the seed against the hand annotation ------------------------------------------------------


def test_columns_and_provenance(corpus, seed):
    assert list(seed.columns) == COLUMNS
    for row in seed.itertuples(index=False):
        assert corpus.texts[row.doc_id][row.start : row.end] == row.surface
        sentence = corpus.sentences.set_index(["doc_id", "sentence_id"]).loc[
            (row.doc_id, row.sentence_id)
        ]
        assert sentence["start"] <= row.start and row.end <= sentence["end"]


def test_seed_recall_and_precision(evaluation):
    missed = evaluation[evaluation["status"] == "missed"]
    extra = evaluation[evaluation["status"] == "extra"]
    assert missed.empty, missed[["doc_id", "surface"]].values.tolist()
    assert extra.empty, extra[["doc_id", "surface"]].values.tolist()


def test_seed_values_units_qualifiers(evaluation):
    matched = evaluation[evaluation["status"] == "match"]
    for field in ("value_ok", "unit_ok", "qualifier_ok"):
        wrong = matched[~matched[field]]
        assert wrong.empty, (field, wrong["surface"].tolist())


def test_seed_subjects_at_least_90_percent(evaluation):
    matched = evaluation[evaluation["status"] == "match"]
    assert matched["subject_ok"].mean() >= 0.9, matched.loc[
        ~matched["subject_ok"], ["surface", "subject_annotated", "subject_extracted"]
    ].values.tolist()


def test_seed_periods_at_least_90_percent(evaluation):
    matched = evaluation[evaluation["status"] == "match"]
    assert matched["period_ok"].mean() >= 0.9


def test_annotation_is_located_once(corpus):
    annotation = indicators.load_annotation(corpus.texts)
    assert not annotation.duplicated(["doc_id", "start"]).any()
    assert set(annotation["qualifier"]) <= {"exact", "approx", "lower", "upper"}


# --- number forms --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "high", "unit", "qualifier", "subject"),
    [
        ("今年全县新增市场主体1,234户。", 1234, None, "户", "exact", "市场主体"),
        ("全市共发放创业担保贷款2.5亿元。", 250_000_000, None, "元", "exact", "创业担保贷款"),
        ("惠及小微企业三千余家。", 3000, None, "家", "lower", "小微企业"),
        ("组织开展政策宣讲一百二十场。", 120, None, "场", "exact", "政策宣讲"),
        ("覆盖企业负责人两千人次。", 2000, None, "人次", "exact", "企业负责人"),
        ("选派驻企指导员十二名。", 12, None, "名", "exact", "驻企指导员"),
        ("动员一万名志愿者参与。", 10000, None, "名", "exact", "志愿者"),
        ("走访企业约300家左右。", 300, None, "家", "approx", "企业"),
        ("培训党务干部近千名。", 1000, None, "名", "approx", "党务干部"),
        ("帮扶困难企业10-20家。", 10, 20, "家", "exact", "帮扶困难企业"),
        ("每个园区配备5至10个服务专员岗位。", 5, 10, "个", "exact", "服务专员岗位"),
        ("减免租金3至5万元。", 30000, 50000, "元", "exact", "租金"),
        ("群众满意度提升至百分之九十五。", 95, None, "%", "exact", "群众满意度"),
        ("网上办税率达到97.5%。", 97.5, None, "%", "exact", "网上办税率"),
        ("全区90%以上的企业实现电子开票。", 90, None, "%", "lower", "企业"),
        ("办理时长缩短3.5个百分点。", 3.5, None, "个百分点", "exact", "办理时长"),
        ("审批事项不足200项。", 200, None, "项", "upper", "审批事项"),
        ("收集意见建议逾1500条。", 1500, None, "条", "lower", "意见建议"),
        ("新增就业岗位5000多个。", 5000, None, "个", "lower", "就业岗位"),
        ("全市共有党员2.3万余名。", 23000, None, "名", "lower", "党员"),
        ("归集涉企数据3200余万条。", 32_000_000, None, "条", "lower", "涉企数据"),
        ("全市建立党组织１２３个。", 123, None, "个", "exact", "党组织"),
        ("全市建立黨組織1萬2千個。", 12000, None, "个", "exact", "黨組織"),
        ("受理企業訴求2.3萬件。", 23000, None, "件", "exact", "企業訴求"),
        ("共梳理政務服務事項伍佰項。", 500, None, "项", "exact", "政務服務事項"),
        ("5G基站建成3000个。", 3000, None, "个", "exact", "基站"),
    ],
)
def test_number_forms(text, value, high, unit, qualifier, subject):
    row = one(text)
    assert math.isclose(row["value"], value)
    assert math.isnan(row["value_high"]) if high is None else row["value_high"] == high
    assert (row["unit"], row["qualifier"], row["subject"]) == (unit, qualifier, subject)
    assert text[row["start"] : row["end"]] == row["surface"]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("街道新建立功能型党支部18个。", "功能型党支部"),  # noun before: verb ends the phrase
        ("引导36家民营企业新建立党组织。", "民营企业"),  # number + unit before the noun
        ("向企业派驻“红色代办员”40名。", "红色代办员"),  # the quote is what is counted
        ("推出“免申即享”政策12项。", "政策"),  # quoted modifier dropped from the noun
        ("对15个由副区长牵头的重点项目实行专班推进。", "重点项目"),  # relative clause with 的
        ("解决企业用工、融资等难题37个。", "难题"),  # X、Y等Z: the head is Z
        ("全区9家股份制银行均已接入平台。", "股份制银行"),  # determiner 全区 before the number
        ("累计汇聚各类经营主体信息80万条。", "经营主体信息"),  # determiner 各类 stripped
        ("组织召开政企座谈会9场。", "政企座谈会"),  # compound verbs before the noun
        ("吸引高校毕业生1200余名来区就业。", "高校毕业生"),  # 来… after the unit is no noun
        ("民营企业占比较去年提高2.1个百分点。", "民营企业占比"),  # 较去年 is a comparison base
    ],
)
def test_subjects_in_both_orders(text, subject):
    assert one(text)["subject"] == subject


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("今年以来，全县新增市场主体900户。", "今年以来"),
        ("近五年累计培育专精特新企业41家。", "近五年累计"),
        ("2023年，全市办结群众诉求1.2万件。", "2023年"),
        ("截至6月底，共有118家企业入驻。", "截至6月底"),
        ("全区每月开展联合检查4次。", "每月"),
        ("新建党群服务中心7个。", ""),
    ],
)
def test_periods(text, period):
    assert one(text)["period"] == period


# --- what is not an indicator --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2024年3月5日，区委召开常委会议。",  # dates
        "二〇二四年是实施“十四五”规划的关键一年。",  # year in Chinese numerals, quoted plan name
        "区委印发〔2024〕12号文件。",  # document number
        "一是建强组织，二是优化服务，三是强化监督。",  # list markers
        "（一）抓好组织覆盖。（二）抓好工作覆盖。",  # list markers
        "第一，建立健全机制；第3项任务已按期完成。",  # ordinals
        "首个新业态党组织在物流园区挂牌。",  # ordinal
        "实施“5511”人才引进计划，落实“1+N”政策体系。",  # numbers inside quoted names
        "出版《营商环境100问》手册。",  # inside book-title marks
        "深化“三个一批”行动，落实“四张清单”。",  # quoted formulas with measure words
        "提出“百企千岗”计划。",  # name built from numerals
        "推行一对一帮扶、一站式服务、一网通办、点对点对接。",  # set phrases
        "N家企业积极响应，X个项目正在推进。",  # placeholders
        "打造一支过硬队伍，探索一条新路子，形成一批可复制经验。",  # indefinite 一
        "各级党组织走进千家万户，千方百计为企业纾困。",  # numeral idioms
        "牢固树立四个意识，坚持三会一课制度。",  # political formulas (stop-list)
        "数十家企业参与，几百名党员报名。",  # vague quantities
        "两三家企业试点，三五个部门联动。",  # vague pairs of numerals
        "全市每万人拥有市场主体一千余户。",  # 每万人 is a rate base; 一千余户 is kept below
        "近三年来，区委高度重视营商环境。",  # a framing duration is a period, not a row
        "经过3个月的集中攻坚，难题逐步化解。",  # framing duration
        "从三个方面推进工作。",  # text structure
        "推动1+3个主导产业协同发展。",  # part of a formula
    ],
)
def test_exclusions(text):
    found = extract_from_text(text)
    if "一千余户" in text:
        assert found["surface"].tolist() == ["一千余户"]
    else:
        assert found.empty, found[["surface", "subject"]].values.tolist()


def test_quote_may_frame_a_count():
    text = "完成“一照通办”改革事项26项，“证照分离”覆盖率达100%。"
    found = extract_from_text(text)
    assert found["surface"].tolist() == ["26项", "100%"]


# --- regions, summary, errors ------------------------------------------------------------------


def test_select_regions(seed):
    assert set(indicators.select_regions(seed, "眉山市")["region"]) == {"眉山市"}
    assert len(indicators.select_regions(seed, "")) == len(seed)
    with pytest.raises(InputError, match="valid regions: 加格达奇区, 眉山市"):
        indicators.select_regions(seed, "眉山市, 成都市")


def test_summary_text_is_computed(seed):
    stated = checks.consistency_checks(seed)
    ratios = checks.derived_ratios(seed)
    zh = indicators.summary_text(seed, stated, ratios)
    assert f"共提取量化指标 {len(seed)} 个" in zh
    en = indicators.summary_text(seed, stated, ratios, lang="en")
    assert f"{len(stated)} percentages" in en and "1142 / 2411" in en
    with pytest.raises(InputError):
        indicators.summary_text(seed, lang="fr")


def test_missing_columns_raise():
    with pytest.raises(InputError, match="text"):
        indicators.extract_indicators(pd.DataFrame({"doc_id": ["a"]}))


def test_number_value_edge_cases():
    assert numbers.number_value("") is None
    assert numbers.number_value("点") is None
    assert numbers.number_value("2", "亿") == 200_000_000


# --- robustness --------------------------------------------------------------------------------

_ALPHABET = (
    "0123456789.,%％０１２３-~至到余多几近约超逾不足以上下左右第每数"
    "零〇一二两三四五六七八九十百千万亿萬億個點百分之"
    "个家人次项件条份起场名元户百分点工作日月年"
    "企业党组织建立覆盖率达的等各类累计上半年"
    "“”「」《》（）、，。；：？！ \nABCxyz+"
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_never_raises_and_offsets_hold(text):
    found = extract_from_text(text)
    assert list(found.columns) == COLUMNS
    for row in found.itertuples(index=False):
        assert text[row.start : row.end] == row.surface
        assert row.qualifier in {"exact", "approx", "lower", "upper"}
        assert not math.isnan(row.value)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_never_raises_on_any_unicode(text):
    found = extract_from_text(text)
    assert all(text[r.start : r.end] == r.surface for r in found.itertuples(index=False))


def _seed_raw():
    from pbanalysis.io import paths

    return (paths.raw_dir() / "meishan-jiagedaqi.txt").read_text(encoding="utf-8")


def _key(found: pd.DataFrame) -> list:
    columns = ["article", "sentence_id", "value", "unit", "qualifier", "subject", "period"]
    return found[columns + ["surface", "start", "end"]].values.tolist()


@pytest.mark.parametrize("variant", ["gb18030", "bom-crlf", "fullwidth"])
def test_same_indicators_across_encodings(tmp_path, variant):
    from pbanalysis.corpus import load_corpus

    raw = _seed_raw()
    reference_file = tmp_path / "reference.txt"
    reference_file.write_text(raw, encoding="utf-8")
    reference = indicators.extract_indicators(load_corpus([reference_file]).sentences)
    path = tmp_path / f"{variant}.txt"
    if variant == "gb18030":
        path.write_bytes(raw.encode("gb18030"))
    elif variant == "bom-crlf":
        path.write_bytes(("\ufeff" + raw.replace("\n", "\r\n")).encode("utf-8"))
    else:
        wide = raw.translate({ord(str(d)): chr(0xFF10 + d) for d in range(10)})
        path.write_text(wide.replace("%", "％"), encoding="utf-8")
    found = indicators.extract_indicators(load_corpus([path]).sentences)
    assert len(reference) == 45
    assert _key(found) == _key(reference)


# --- generality rules (sentences written for these tests) ----------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "qualifier", "subject"),
    [
        ("组建由50名党员律师组成的“法律服务团”。", "50名", "exact", "党员律师"),
        ("专精特新企业达到45家，比上年增加9家。", "9家", "exact", "专精特新企业"),
        ("新登记市场主体1200户，同比增长8%。", "8%", "exact", "市场主体"),
        ("办结率达96%，比上年同期提高2个百分点。", "2个百分点", "exact", "办结率"),
        ("在全县16个乡镇（街道）建立服务站。", "16个", "exact", "乡镇（街道）"),
        ("審批時限壓減約40%。", "約40%", "approx", "審批時限"),
        ("選派黨建指導員逾九百名。", "逾九百名", "lower", "黨建指導員"),
        ("平均办理时限由20个工作日压缩至半天。", "半天", "exact", "平均办理时限"),
        ("全市实有经营主体突破68万户。", "突破68万户", "lower", "实有经营主体"),
        ("每季度至少召开1次政企座谈会。", "1次", "lower", "政企座谈会"),
        ("满意度测评得分为92.6分。", "92.6分", "exact", "满意度测评得分"),
        ("投诉量下降近两成。", "近两成", "approx", "投诉量"),
        ("企业满意度由2022年的88.2%提升至96.4%。", "96.4%", "exact", "企业满意度"),
        ("新增市场主体500户、企业100家，分别增长10%和20%。", "20%", "exact", "企业"),
    ],
)
def test_generality_rules(text, surface, qualifier, subject):
    found = extract_from_text(text).set_index("surface")
    assert (found.loc[surface, "qualifier"], found.loc[surface, "subject"]) == (qualifier, subject)


@pytest.mark.parametrize(
    "text",
    [
        "全区设立24小时自助服务点，打造15分钟党群服务圈。",  # a duration describing a noun
        "税收亿元楼不断涌现，万元户成为历史。",  # a bare order of magnitude names a class
        "这项工作十分重要，上午9点30分召开会议。",  # 十分 is an adverb; a clock time
    ],
)
def test_generality_exclusions(text):
    found = extract_from_text(text)
    assert found.empty, found[["surface", "subject"]].values.tolist()


def test_number_at_sentence_start_and_after_a_noun_ending_in_shu():
    assert extract_from_text("2411家企业纳入台账。")["surface"].tolist() == ["2411家"]
    assert extract_from_text("企业总数2000家。")["subject"].tolist() == ["企业总数"]


def test_numbers_in_quoted_speech_are_indicators_but_not_in_quoted_names():
    speech = indicators.extract_from_text("“审批环节由8个压减至3个，群众少跑腿。”局长说。")
    assert speech["surface"].tolist() == ["8个", "3个"]
    names = indicators.extract_from_text("实施“三张清单”管理，打造“1+3”产业体系。")
    assert names.empty
