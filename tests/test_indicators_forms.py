"""Number forms and subject heads of real-text reports (issue 11).

Every sentence here was written for these tests in the style of Chinese local-government reports;
none comes from the seed corpus or the development set.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pbanalysis.indicators import extract_from_text


def rows(text: str) -> list[tuple]:
    found = extract_from_text(text)
    return list(found[["value", "unit", "qualifier", "surface"]].itertuples(index=False, name=None))


@pytest.mark.parametrize(
    "text, expected",
    [
        # a half-width comma is punctuation when no digit stands before it
        ("推行帮办模式,356个项目提速。", [(356.0, "个", "exact", "356个")]),
        ("全县共有1,234家企业。", [(1234.0, "家", "exact", "1,234家")]),
        # a space between the number and what follows
        ("建成12 个服务站点。", [(12.0, "个", "exact", "12 个")]),
        ("联系100 余家企业。", [(100.0, "家", "lower", "100 余家")]),
        # Chinese fractions are rates in tenths, with their qualifier
        ("近八成企业办事不出园区。", [(8.0, "成", "approx", "近八成")]),
        ("七成以上事项实现网上办理。", [(7.0, "成", "lower", "七成以上")]),
        # fractions written 分之 are percentages
        ("园区企业占全县的四分之一。", [(25.0, "%", "exact", "四分之一")]),
        ("三分之二的商户加入联盟。", [(66.7, "%", "exact", "三分之二")]),
        # time saved or taken is measured (提前 is no ordinal 前; 仅 measures the time)
        ("新厂房提前一个多月投产。", [(1.0, "个月", "lower", "一个多月")]),
        ("变更手续仅2个工作日就办结。", [(2.0, "个工作日", "exact", "2个工作日")]),
        # the time a thing took to grow or has lasted (but 经过3个月的攻坚 frames the story)
        ("这项工程经过25年发展成为品牌。", [(25.0, "年", "exact", "25年")]),
        ("这项工程绵延了20年。", [(20.0, "年", "exact", "20年")]),
        # a range written with a long dash
        ("从业人员20——49人的企业纳入台账。", [(20.0, "人", "exact", "20——49人")]),
        # a bare 千 / 万 before a count's measure word and noun
        ("组织千名党员下沉社区。", [(1000.0, "名", "exact", "千名")]),
        ("收回问卷近万份。", [(10000.0, "份", "approx", "近万份")]),
        # a rarer measure word
        ("新设党员示范岗23面。", [(23.0, "面", "exact", "23面")]),
        # square metres written colloquially or with the sign
        ("建成党群服务中心860平米。", [(860.0, "平方米", "exact", "860平米")]),
        ("阵地面积达4300㎡。", [(4300.0, "平方米", "exact", "4300㎡")]),
    ],
)
def test_number_forms_of_real_text(text, expected):
    assert rows(text) == expected


def test_bare_orders_of_magnitude_still_name_classes():
    for text in (
        "培育亿元楼宇。",
        "帮扶万元户。",
        "建设千亩园区。",
        "入选千人计划。",
        "千家万户受益。",
    ):
        assert rows(text) == [], text


def test_a_list_sharing_one_measure_word_is_one_mention_each():
    found = extract_from_text("三个园区新建党组织分别为3、5、8家。")
    assert found["value"].tolist()[-3:] == [3.0, 5.0, 8.0]
    assert set(found["unit"].tolist()[-3:]) == {"家"}
    assert set(found["subject"].tolist()[-3:]) == {"党组织"}
    rates = extract_from_text("两项指标分别提高2.3、0.9个百分点。")
    assert rates[rates["unit"] == "个百分点"]["value"].tolist() == [2.3, 0.9]


def test_a_list_of_ordinals_or_years_is_no_mention():
    assert rows("获评第1、2名。") == []
    assert rows("2019、2020年连续获评。") == []


def test_offsets_of_list_members_hold():
    text = "分别为10、20、30人。"
    found = extract_from_text(text)
    for row in found.itertuples():
        assert text[row.start : row.end] == row.surface
    assert isinstance(found, pd.DataFrame) and len(found) == 3


# --- subjects and their heads ------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject, head",
    [
        ("非公企业党组织", "党组织"),
        ("党建工作指导员", "指导员"),
        ("网格党小组", "党小组"),
        ("组建率", "组建率"),
        ("党建工作指导站", "指导站"),
        ("非公企業黨組織", "黨組織"),
        ("", ""),
    ],
)
def test_subject_head_is_the_last_noun(subject, head):
    from pbanalysis.indicators import subject_head

    assert subject_head(subject) == head


def test_subject_head_column_beside_subject():
    found = extract_from_text("全区新建非公企业党组织56个。")
    assert list(found.columns).index("subject_head") == list(found.columns).index("subject") + 1
    assert found[["subject", "subject_head"]].values.tolist() == [["非公企业党组织", "党组织"]]


def test_a_mention_with_only_a_verb_or_adverb_counts_the_noun_before_it():
    found = extract_from_text("共组建楼宇党组织40个，其中单独组建25个，联合组建15个。")
    assert found["subject_head"].tolist() == ["党组织"] * 3
    assert found["subject"].tolist()[1:] == ["单独楼宇党组织", "联合楼宇党组织"]


@pytest.mark.parametrize(
    "text, subject",
    [
        # attributes listed with 、 before 的: the head noun follows the last 的
        ("选派30名作风过硬、熟悉党务的干部担任联络员。", "干部"),
        # 的 after a noun phrase possesses: the number counts that noun
        ("推进园区8个重点项目的建设。", "重点项目"),
        ("有3名以上党员的企业单独建立党支部。", "党员"),
        # a relative clause before the head noun (unchanged)
        ("组建12个由书记挂帅的工作专班。", "工作专班"),
    ],
)
def test_subject_around_de(text, subject):
    found = extract_from_text(text)
    assert found["subject"].tolist()[:1] == [subject]


# --- periods scoped to their clause, carried where the text carries them -----------------------


def periods(text: str) -> list[str]:
    return extract_from_text(text)["period"].tolist()


def test_a_frame_alone_in_its_clause_carries_to_the_paragraph():
    text = "截至目前，全镇建立党组织30个。覆盖企业120家。\n新建驿站5个。"
    assert periods(text) == ["截至目前", "截至目前", ""]


def test_a_date_of_an_event_stays_in_its_clause():
    assert periods("2015年成立联合党委，下设6个党支部，现有党员80名。") == ["", "现有"]


def test_a_frequency_does_not_leak_into_the_next_sentence():
    assert periods("每月走访企业不少于2次。组建党组织12个。") == ["每月", ""]


def test_a_new_frame_replaces_the_carried_one():
    text = "今年以来，新增党员15名。全年发放补贴300万元。"
    assert periods(text) == ["今年以来", "全年"]


@pytest.mark.parametrize(
    "text, period",
    [
        ("自活动开展以来，走访企业500余家。", "自活动开展以来"),
        ("5月份起，办理延时服务90余件。", "5月份起"),
    ],
)
def test_frames_written_as_phrases(text, period):
    assert periods(text) == [period]


def test_an_occurrence_counts_the_action():
    found = extract_from_text("每季度走访企业不少于1次，深入车间调研一次。")
    assert found["subject"].tolist() == ["走访企业", "深入车间调研"]
    assert found["value"].tolist() == [1.0, 1.0]
    assert extract_from_text("组织一次集中检查。").empty


# --- counts of departments, durations in Chinese numerals, mixed decimals --------------------


def mentions(text: str) -> list[tuple]:
    found = extract_from_text(text)
    columns = ["value", "unit", "qualifier", "subject", "surface"]
    return list(found[columns].itertuples(index=False, name=None))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("市场监管局等八部门联合印发实施意见。", [(8.0, "个", "exact", "部门", "八部门")]),
        ("十二部门联合开展清理行动。", [(12.0, "个", "exact", "部门", "十二部门")]),
        ("国家发展改革委等两部委联合发文。", [(2.0, "个", "exact", "部委", "两部委")]),
        ("5部门联合出台支持措施。", [(5.0, "个", "exact", "部门", "5部门")]),
    ],
)
def test_a_numeral_before_a_collective_noun_counts_it(text, expected):
    assert mentions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "一部门牵头、多部门配合、各部门联动。",  # the indefinite 一 and vague counts
        "压实一把手责任，推进一体化发展。",
        "做好三农工作，持续纠治四风。",
        "统筹推进五位一体总体布局。",
        "三个月内完成整改。",  # a span of months that frames the story
        "近三个月以来走访频繁。",
        "3个月以来持续推进。",
        "15分钟便民服务圈覆盖全镇。",  # a duration describing a noun
    ],
)
def test_no_count_in_set_phrases_or_framing_spans(text):
    assert mentions(text) == []


@pytest.mark.parametrize(
    "chinese, arabic",
    [
        ("企业开办时间压缩至三个工作日。", "企业开办时间压缩至3个工作日。"),
        ("不动产登记在十五个工作日内办结。", "不动产登记在15个工作日内办结。"),
        ("审批时间压缩至两小时。", "审批时间压缩至2小时。"),
        ("审批时间由一个月压缩至半个月。", "审批时间由1个月压缩至0.5个月。"),
        ("办理时限由一天缩短至半天。", "办理时限由1天缩短至0.5天。"),
        ("企业开办时间压缩至一个工作日。", "企业开办时间压缩至1个工作日。"),
        ("全程用时二十分钟。", "全程用时20分钟。"),
        # a span said to be spent or saved, or the time a thing took, is measured
        ("新厂房投产比预期提前了六个月。", "新厂房投产比预期提前了6个月。"),
        ("一天时间就办齐了全部证照。", "1天时间就办齐了全部证照。"),
    ],
)
def test_durations_in_chinese_numerals_read_as_their_arabic_counterparts(chinese, arabic):
    def without_surface(text):
        return [row[:4] for row in mentions(text)]

    assert without_surface(chinese) == without_surface(arabic)
    assert without_surface(chinese) and all(
        unit in {"个工作日", "小时", "个月", "天", "分钟"}
        for _, unit, _, _ in without_surface(chinese)
    )


@pytest.mark.parametrize(
    "text, value",
    [
        ("发放贷款1.5亿2000万元。", 170_000_000.0),
        ("撬动社会资本2亿3千万元。", 230_000_000.0),
        ("减免租金1.2万3千元。", 15_000.0),
    ],
)
def test_mixed_numerals_with_decimals_are_mentions(text, value):
    assert [row[0] for row in mentions(text)] == [value]


def test_a_relative_clause_without_its_noun_counts_the_noun_before_it():
    found = extract_from_text("收集企业诉求45件，已办结的34件。")
    assert found["subject"].tolist() == ["企业诉求", "办结的企业诉求"]


@pytest.mark.parametrize(
    "text, subjects",
    [
        ("两级分别成立84个、350个产业链党建联盟。", ["产业链党建联盟", "产业链党建联盟"]),
        ("新建14个、改造8个党群服务中心。", ["党群服务中心", "党群服务中心"]),
        ("聚力打造50条重点、30条特色产业链。", ["重点产业链", "特色产业链"]),
        # each member names its own noun before its number: nothing is shared
        ("建成党群服务中心12个、党员活动室30个。", ["党群服务中心", "党员活动室"]),
        ("走访企业306家、个体户52户。", ["企业", "个体户"]),
    ],
)
def test_counts_listed_before_a_shared_noun_take_it(text, subjects):
    assert extract_from_text(text)["subject"].tolist() == subjects


@pytest.mark.parametrize(
    "text, expected",
    [
        # a duration with 多 inside or after its measure word is a lower bound
        ("新厂从签约到投产仅用两个多月。", [(2.0, "个月", "lower", "两个多月")]),
        (
            "协会成立一年多来，帮助会员解决难题9件。",
            [(1.0, "年", "lower", "一年多"), (9.0, "件", "exact", "9件")],
        ),
        # a measuring word before a span of years makes it a measured duration
        ("全县营商环境评价连续3年位居全市第一。", [(3.0, "年", "exact", "3年")]),
        # a time limit: 内 after a duration's measure word
        ("群众反映的问题两周内办结。", [(2.0, "周", "upper", "两周")]),
        ("申请材料齐全的在3个工作日内办结。", [(3.0, "个工作日", "upper", "3个工作日")]),
        # time spent, in years
        ("二号厂房从开工到投用只用了半年时间。", [(0.5, "年", "exact", "半年")]),
    ],
)
def test_measured_durations(text, expected):
    assert rows(text) == expected


def test_framing_spans_of_years_and_dates_are_no_indicators():
    for text in (
        "2023年，全区新增市场主体。",
        "截至2023年底，园区企业稳步增长。",
        "近三年来，营商环境持续向好。",
        "二〇二三年以来，全市深化改革。",
        "三年来，党建工作扎实推进。",
        "建党100周年之际，企业党组织开展主题活动。",
        "二期项目正式开工。",
    ):
        assert rows(text) == [], text


def test_a_measured_duration_counts_the_time_of_what_stands_before_it():
    found = extract_from_text("全县营商环境评价连续3年位居全市第一。")
    assert found["subject"].tolist() == ["营商环境评价"]  # 全县 is a determiner
    found = extract_from_text("联谊会成立半年多来，会员增加到60家。")
    assert found["subject"].tolist()[0] == "联谊会"


@pytest.mark.parametrize(
    "text, subject",
    [
        # the noun phrase after a number ends at its first verb, adverb or locative
        ("组织800名党员下沉社区。", "党员"),
        ("全区12个部门进驻服务中心。", "部门"),
        ("七成以上事项网上可办。", "事项"),
        # verbs followed by nouns to the end of the phrase modify them
        ("办结3起涉企判决执行案件。", "涉企判决执行案件"),
        ("设立规模5亿元的应急转贷资金池。", "应急转贷资金池"),
    ],
)
def test_the_counted_noun_phrase_ends_by_part_of_speech(text, subject):
    assert extract_from_text(text)["subject"].tolist() == [subject]


def test_a_verb_closing_a_noun_before_a_conjunction_is_the_nouns_last_word():
    # jieba tags 组织 as a verb; before 和 it closes the noun (和 then ends the phrase)
    found = extract_from_text("在23户非公经济组织和社会组织中成立党支部。")
    assert found["subject"].tolist() == ["非公经济组织"]


def test_a_share_counts_what_stands_before_占_and_its_whole():
    found = extract_from_text("全区商会会员企业占全市的五分之一，税收贡献占全市30%。")
    assert found["subject"].tolist() == ["商会会员企业", "税收贡献"]


@pytest.mark.parametrize(
    "text, subject",
    [
        # a word of the boundary lexicon that only opens a longer noun (共 of 共产党员)
        ("商会现有8名共产党员。", "共产党员"),
        # a place word ending the phrase is its head (窗口)
        ("大厅设有27个服务窗口。", "服务窗口"),
        # short modifiers listed with 、 before the head they share
        ("选派32名区、镇干部下沉一线。", "区、镇干部"),
        # a measure word of firms or people counts the agent opening a relative clause
        ("梳理出18家企业提出的共性问题。", "企业"),
        ("收集100条群众关心的问题。", "问题"),  # other measure words: the head after 的
        # an adverb or verb opening a relative clause: the head follows it
        ("共有1个已建成的党建示范点。", "党建示范点"),
        # a particle of the lexicon inside a word is no boundary (等 of 等待)
        ("群众排队等待时间减少50%。", "群众排队等待时间"),
        # an occurrence counts the action, with its verb
        ("党员干部入企走访20次。", "党员干部入企走访"),
    ],
)
def test_subjects_of_real_text_phrases(text, subject):
    assert extract_from_text(text)["subject"].tolist()[-1] == subject


def test_a_frame_after_a_dateline_or_inside_quoted_speech_opens_its_sentence():
    assert periods("某县融媒讯（记者 张三）今年以来，新建党组织12个。") == ["今年以来"]
    assert periods("负责人说，“目前，园区已建立党支部26个。”") == ["目前"]
    # a time word inside quoted speech that does not stand alone frames nothing
    text = "“今年订单比较好，正在扩大产能。”\n企业获得贷款200万元。"
    assert periods(text) == [""]


def test_a_span_opening_an_earlier_clause_scopes_the_later_ones():
    text = "通过上门摸排，累计走访企业306家，摸排党员538人。"
    assert periods(text) == ["累计", "累计"]
    # inside its clause it scopes that clause only
    assert periods("引导企业累计投入资金3.51亿元，新增合作社151个。") == ["累计", ""]
    # a date or a year word dates its own event only
    assert periods("通过走访，去年建成驿站3个，服务群众500人次。") == ["去年", ""]


@pytest.mark.parametrize(
    "text, period",
    [
        ("中心投入使用以来，开展培训86次。", "中心投入使用以来"),
        ("一年多来，梳理问题事项122项。", "一年多来"),
        ("自2013年以来，发展党员30名。", "2013年以来"),
        ("近日，某区组织党员干部80名深入企业。", "近日"),
        ("截至去年年底，全县发展网商5万家。", "截至去年年底"),
        ("截至2023年底，建成驿站12个。", "截至2023年底"),
    ],
)
def test_starting_points_and_recent_times_are_frames(text, period):
    assert periods(text) == [period]


def test_a_founding_date_inside_a_since_clause_frames_nothing():
    assert periods("自去年3月份成立以来，工作队已走访企业704家。") == [""]


def test_firm_times_count_the_visits_and_a_period_word_is_no_subject():
    found = extract_from_text("累计走访企业41250家次，解决问题2000个。")
    assert found["subject"].tolist() == ["走访企业", "问题"]
    assert extract_from_text("累计开展走访3000人次。")["subject"].tolist() == [""]
