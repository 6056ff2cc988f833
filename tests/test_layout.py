"""How the layout reader handles the ways such reports are written, beyond the seed."""

import pytest

from pbanalysis.corpus import load_corpus
from pbanalysis.corpus.layout import measure_lead, split_sentences


def _load(tmp_path, text, name="article.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_corpus([path])


def test_indented_paragraphs_one_per_line(tmp_path):
    corpus = _load(
        tmp_path,
        "江西省赣州市：党建引领助企发展\n"
        "本报记者 李四 通讯员 王五\n"
        "　　今年以来，赣州市把党建工作融入营商环境建设。\n"
        "　　党建引领，激活发展新动能\n"
        "　　全市组建服务专班15个，走访企业2000余家。\n"
        "　　一网通办 跑出服务加速度\n"
        "　　推行“一网通办”，群众办事更便捷。\n",
    )
    doc = corpus.documents.iloc[0]
    assert (doc.region, doc.reporters) == ("赣州市", "李四;王五")
    assert corpus.sections["section"].tolist() == [
        "",
        "党建引领，激活发展新动能",
        "一网通办 跑出服务加速度",
    ]
    assert corpus.breaks.empty
    assert corpus.sentences["text"].tolist() == [
        "今年以来，赣州市把党建工作融入营商环境建设。",
        "全市组建服务专班15个，走访企业2000余家。",
        "推行“一网通办”，群众办事更便捷。",
    ]


def test_a_page_break_inside_a_word_after_a_heading_is_repaired(tmp_path):
    corpus = _load(
        tmp_path,
        "某区：党建引领优化营商环境\n\n优化服务 助力发展\n\n"
        "区委将优化营商环境作为推\n\n动高质量发展的关键一招，持续发力。\n",
    )
    assert corpus.sections["section"].tolist() == ["优化服务 助力发展"]
    assert corpus.sentences["text"].tolist() == [
        "区委将优化营商环境作为推动高质量发展的关键一招，持续发力。"
    ]
    assert corpus.breaks[["kind", "before"]].values.tolist() == [
        ["page_break", "区委将优化营商环境作为推"]
    ]


def test_inline_dateline_leaves_the_text_and_names_the_reporter(tmp_path):
    raw = "本报讯（记者 赵六）近日，某县召开推进会。会议要求狠抓落实。\n"
    corpus = _load(tmp_path, raw)
    assert corpus.documents.loc[0, "reporters"] == "赵六"
    assert corpus.sentences["text"].tolist() == ["近日，某县召开推进会。", "会议要求狠抓落实。"]
    dateline = corpus.dropped.iloc[0]
    assert (dateline.kind, dateline.text) == ("dateline", "本报讯（记者 赵六）")
    assert raw[dateline.raw_start : dateline.raw_end] == dateline.text
    first = corpus.sentences.iloc[0]
    assert corpus.raw_offset("article", int(first.start)) == raw.index("近日")


def test_several_articles_in_one_file_get_their_own_ids(tmp_path):
    corpus = _load(
        tmp_path,
        "甲省乙市：标题一\n■记者 甲\n正文一。\n\n丙省丁县：标题二\n■记者 乙\n正文二。\n",
        name="two.txt",
    )
    assert corpus.documents[["doc_id", "region", "title"]].values.tolist() == [
        ["two-1", "乙市", "甲省乙市：标题一"],
        ["two-2", "丁县", "丙省丁县：标题二"],
    ]


def test_numbered_headings_and_trailer(tmp_path):
    corpus = _load(
        tmp_path,
        "一、总体要求\n坚持党建引领。\n（一）强化组织\n建立党组织12个。\n（完）\n",
    )
    assert corpus.sections["section"].tolist() == ["一、总体要求", "（一）强化组织"]
    assert corpus.sentences["text"].tolist() == ["坚持党建引领。", "建立党组织12个。"]


def test_measures_need_at_least_two_lead_sentences(tmp_path):
    one = _load(tmp_path, "成效显著。全区新增企业100家。\n", name="one.txt")
    assert one.measures.empty
    two = _load(
        tmp_path,
        "强化服务。党员带头走访企业。\n\n优化流程。推行一次办。\n",
        name="two.txt",
    )
    assert two.measures["measure"].tolist() == ["强化服务", "优化流程"]
    assert two.sentences["measure_id"].tolist() == [1, 1, 2, 2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("甲。乙！丙？丁；戊", ["甲。", "乙！", "丙？", "丁；", "戊"]),
        ("他说：“好。”然后走了。", ["他说：“好。”", "然后走了。"]),
        ("数值为3.5，增长……明显。", ["数值为3.5，增长……", "明显。"]),
        ("好!!下一步", ["好!!", "下一步"]),
        ("增长3.5%!全市新增企业", ["增长3.5%!", "全市新增企业"]),
        ("新增企业120家;2024年计划新增200家。", ["新增企业120家;", "2024年计划新增200家。"]),
        ("某县优化营商环境.全年新增企业100家.", ["某县优化营商环境.", "全年新增企业100家."]),
        ("满意度达99%?答案是肯定的。", ["满意度达99%?", "答案是肯定的。"]),
        ('他说:"好!"然后走了。', ['他说:"好!"', "然后走了。"]),
        # half-width marks inside URLs, times, decimals, code and English stay inside a sentence
        (
            "详见http://www.example.cn/a?id=1，欢迎访问。",
            ["详见http://www.example.cn/a?id=1，欢迎访问。"],
        ),
        (
            "会议于10:20开始，地点在www.example.cn公布.",
            ["会议于10:20开始，地点在www.example.cn公布."],
        ),
        ("英文口号“Why? Because we can”很流行。", ["英文口号“Why? Because we can”很流行。"]),
        ("参数写作x=1;y=2，便于核对。", ["参数写作x=1;y=2，便于核对。"]),
    ],
)
def test_split_sentences(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_measure_lead_is_short_and_unpunctuated():
    assert measure_lead("当好“店小二”。", "建立机制。") == "当好“店小二”"
    assert measure_lead("近年来，全市持续发力。", "建立机制。") == ""
    assert measure_lead("着力组织扩面。", "") == ""


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("筑牢组织堡垒，激活发展“引擎”。", "筑牢组织堡垒，激活发展“引擎”"),
        ("当好服务员，跑出加速度。", "当好服务员，跑出加速度"),
        ("党建引领，激活发展新动能。", "党建引领，激活发展新动能"),
        ("强化服务保障.", "强化服务保障"),
        ("今年以来，成效明显。", ""),  # a time adverbial
        ("在党建引领下，企业发展。", ""),
        ("通过改革创新，效率提升。", ""),
        ("党员带头，全县积极响应。", ""),  # the second clause has its own subject
        ("服务的改善，带来了企业的集聚。", ""),  # narration with 了
        ("筑牢组织堡垒，激活发展引擎，跑出加速度。", ""),  # three clauses
        ("抓党建，激活发展新动能促进企业成长。", ""),  # clauses far apart in length
        ("建设12个阵地，服务企业。", ""),  # a number: a statement
    ],
)
def test_two_clause_leads(sentence, label):
    assert measure_lead(sentence, "全县新建党组织12个。") == label


def test_comma_leads_open_measures(tmp_path):
    corpus = _load(
        tmp_path,
        "筑牢组织堡垒，激活发展“引擎”。全县新建党组织12个，覆盖率达95%。\n\n"
        "当好服务员，跑出加速度。全县组建服务专班15个。\n",
    )
    assert corpus.measures["measure"].tolist() == [
        "筑牢组织堡垒，激活发展“引擎”",
        "当好服务员，跑出加速度",
    ]
    assert corpus.sentences["measure_id"].tolist() == [1, 1, 2, 2]


def test_numbered_headings_in_every_common_form(tmp_path):
    corpus = _load(
        tmp_path,
        "某县：党建引领优化营商环境\n今年以来，某县持续优化营商环境。\n"
        "一、强化组织保障\n全县新建党组织12个。\n"
        "（一）聚焦“两个覆盖”：\n新建党组织12个。\n"
        "(二)扩大工作覆盖\n选派指导员30名。\n"
        "1.建强阵地\n建成党群服务中心5个。\n"
        "2、优化服务\n走访企业200家。\n"
        "①畅通诉求渠道\n开通热线。\n"
        "十一、坚持党建引领，优化营商环境\n组建服务专班15个。\n"
        "（三）全县新建党组织12个。\n",
    )
    assert corpus.sections["section"].tolist() == [
        "",
        "一、强化组织保障",
        "（一）聚焦“两个覆盖”：",
        "(二)扩大工作覆盖",
        "1.建强阵地",
        "2、优化服务",
        "①畅通诉求渠道",
        "十一、坚持党建引领，优化营商环境",
    ]
    assert corpus.sentences["text"].tolist()[-1] == "（三）全县新建党组织12个。"


def test_dateline_piece_with_subtitle_and_end_mark(tmp_path):
    corpus = _load(
        tmp_path,
        "党建引领激活县域营商“一池春水”\n"
        "——某县优化营商环境工作纪实\n\n"
        "新华社成都3月5日电（记者 张三、李四）近年来，某县持续优化营商环境。\n"
        "据介绍，该县已为企业解决问题300余个。（完）\n",
    )
    doc = corpus.documents.iloc[0]
    assert doc.title == "党建引领激活县域营商“一池春水” ——某县优化营商环境工作纪实"
    assert doc.reporters == "张三;李四"
    assert corpus.sections["section"].tolist() == [""]
    assert corpus.sentences["text"].tolist()[-1] == "据介绍，该县已为企业解决问题300余个。"


def test_common_words_are_cached_and_rebuilt_when_unreadable(tmp_path, monkeypatch):
    from pbanalysis.corpus.layout import common_words

    monkeypatch.setenv("PBANALYSIS_CACHE", str(tmp_path / "cache"))
    words = common_words.__wrapped__()
    assert {"推动", "发展"} <= words and "化眉" not in words
    (cached,) = (tmp_path / "cache").iterdir()
    cached.write_bytes(b"not a pickle")
    assert common_words.__wrapped__() == words
    monkeypatch.setenv("PBANALYSIS_CACHE", "/proc/no-such-place")
    assert common_words.__wrapped__() == words


def test_a_page_label_above_the_title_and_a_unit_line_below_it_stay_apart(tmp_path):
    corpus = _load(
        tmp_path,
        "news\n\n党建动态\n\n"
        "2025.03.01 以党建引领推动街区治理效能提升的实践研究——以某某社区为例\n\n"
        " 某某街道某某社区\n\n摘要\n\n本研究以某某社区为案例，探讨区域化党建的路径。\n",
    )
    doc = corpus.documents.iloc[0]
    assert doc.title.startswith("2025.03.01 以党建引领")
    assert corpus.breaks.empty  # neither the unit line nor 摘要 is joined to the title
    assert corpus.sentences["text"].tolist()[-1] == "本研究以某某社区为案例，探讨区域化党建的路径。"
