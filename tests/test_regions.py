"""Region of a report from its text: the gazetteer and :func:`detect_region`.

The fixtures under ``tests/data/web/`` are short paraphrases written for these tests (no
third-party text)."""

from __future__ import annotations

import csv

import pytest

from pbanalysis.corpus import load_corpus
from pbanalysis.corpus.regions import detect_region
from pbanalysis.io import paths

WEB = paths.project_root() / "tests" / "data" / "web"


def _units() -> list[dict[str, str]]:
    with open(paths.data_file("gazetteer", "units.csv"), encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_gazetteer_has_codes_levels_parents_short_and_traditional_forms():
    by_name = {row["name"]: row for row in _units()}
    fangshan = by_name["房山区"]
    assert (fangshan["code"], fangshan["short"], fangshan["level"]) == ("110111", "房山", "市辖区")
    assert by_name["田东县"]["traditional"] == "田東縣"
    assert by_name["田东县"]["prefecture"] == "百色市"
    assert by_name["黔东南苗族侗族自治州"]["short"] == "黔东南"
    assert by_name["广西壮族自治区"]["short"] == "广西"
    # one-character short forms are left out (沁 of 沁县 would match anywhere)
    assert by_name["沁县"]["short"] == ""
    # grouping rows of the statistical table are not units
    assert "市辖区" not in by_name and "省直辖县级行政区划" not in by_name
    levels = {row["level"] for row in _units()}
    assert {"省级", "地级市", "市辖区", "县级市", "县"} <= levels


def test_outlet_in_dateline_and_breadcrumb_are_not_the_region():
    text = (WEB / "county-dateline.txt").read_text(encoding="utf-8")
    found = detect_region("", text)
    assert found["region"] == "长兴县"
    assert (found["province"], found["prefecture"], found["level"]) == ("浙江省", "湖州市", "县")
    assert found["code"] == "330522"
    assert found["evidence"].startswith("长兴县×2")  # 湖州日报讯 is the outlet


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # a county named once as an example does not win
        (
            "今年以来，泉州市推进“党建+营商”。泉州市各县区积极探索，如安溪县设立服务站。"
            "泉州市共建站点40个。",
            "泉州市",
        ),
        # a lead naming the unit down to its sub-district decides
        (
            "今年以来，绍兴市越城区桃园街道发挥党建引领作用，推动村企联建。"
            "在绍兴市“村企结对”签约仪式上，桃园村与企业签订协议。绍兴市组织部门跟进指导。",
            "桃园街道",
        ),
    ],
)
def test_an_example_does_not_win_but_a_lead_chain_does(text, region):
    assert detect_region("", text)["region"] == region


def test_a_province_in_a_preface_does_not_win():
    text = "浙江省委部署优化营商环境。今年以来，长兴县开展服务企业行动。长兴县共走访企业300家。"
    assert detect_region("", text)["region"] == "长兴县"


def test_the_title_names_the_town():
    lines = (WEB / "town-title.txt").read_text(encoding="utf-8").splitlines()
    found = detect_region(lines[0], "\n".join(lines[1:]))
    assert (found["region"], found["level"]) == ("乌镇镇", "乡镇")
    assert (found["province"], found["prefecture"]) == ("浙江省", "嘉兴市")


def test_traditional_text():
    text = (WEB / "traditional.txt").read_text(encoding="utf-8")
    found = detect_region("", text)
    assert (found["region"], found["province"]) == ("田东县", "广西壮族自治区")


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("日前，银河办事处走访辖区企业。银河办事处纪工委聚焦政策落实。", "银河街道"),
        (" 临江经济开发区党工委推进“党建+营商环境”。开发区机关党员转变作风。", "临江经济开发区"),
        ("深化新经济组织党建工作，推动企业发展。", ""),
        # 镇域 and 乡村 are words, not the suffix of a town: the town is the one named
        (
            "  做强镇域经济 推进乡村振兴\n近年来，某市柳塘镇做强镇域经济。柳塘镇推进乡村振兴。",
            "柳塘镇",
        ),
        # a sub-district named after its street
        ("锦江区督院街街道党工委组建商圈党委。督院街街道走访商户。", "督院街街道"),
        # a sub-district named after the town it replaced, not that town
        ("普陀区长风镇街道成立楼宇党委。长风镇街道为企业办实事。", "长风镇街道"),
        # the street's working committee (街道党工委 shortened) names the sub-district
        ("今年以来，南岗区松花街工委在商务楼宇建立综合党委，服务入驻企业。", "松花街道"),
        # 各乡镇街道 lists towns and sub-districts: no unit of its own
        ("全县各乡镇街道开展走访，乡镇街道干部服务企业。", ""),
    ],
)
def test_subdistrict_offices_zones_and_nothing(text, region):
    assert detect_region("", text)["region"] == region


def test_load_corpus_takes_region_from_text_when_manifest_and_title_do_not(tmp_path):
    manifest = tmp_path / "corpus.csv"
    manifest.write_text("doc_id,file,article\n", encoding="utf-8")
    corpus = load_corpus([WEB / "county-dateline.txt"], manifest=manifest)
    row = corpus.documents.iloc[0]
    assert (row["region"], row["province"], row["prefecture"]) == ("长兴县", "浙江省", "湖州市")
    assert set(corpus.sentences["region"]) == {"长兴县"}


def test_manifest_still_wins(tmp_path):
    manifest = tmp_path / "corpus.csv"
    manifest.write_text(
        "doc_id,file,article,region,province\nx,county-dateline.txt,1,湖州市,浙江省\n",
        encoding="utf-8",
    )
    corpus = load_corpus([WEB / "county-dateline.txt"], manifest=manifest)
    assert corpus.documents.iloc[0]["region"] == "湖州市"


def test_inspect_explains_the_region_and_refuses_missing_files(capsys):
    from pbanalysis.cli import main

    assert main(["inspect", str(WEB / "county-dateline.txt")]) == 0
    out = capsys.readouterr().out
    assert "region:   长兴县 [县] in 浙江省 / 湖州市 (from the text: 长兴县×2" in out
    assert main(["inspect", str(WEB / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pbanalysis: error:") and len(err.strip().splitlines()) == 1


def test_bullet_points_stay_separate_paragraphs(tmp_path):
    from pbanalysis.corpus import layout

    raw = (WEB / "bullets.txt").read_text(encoding="utf-8")
    blocks = layout.blocks(raw)
    bullets = [b for b in blocks if b.text.startswith("■")]
    assert len(bullets) == 3
    assert not any(b.joins for b in blocks)


def test_a_two_character_name_is_not_read_across_a_word():
    text = "为响应县委号召，乐安县山砀镇组织党员走访企业。山砀镇机关党支部开展主题党日。"
    found = detect_region("", text)
    assert found["region"] == "山砀镇"
    assert "应县" not in found["evidence"]


def test_the_form_scanner_finds_what_one_alternation_of_every_form_finds():
    import random
    import re

    from pbanalysis.corpus import regions

    forms, scanner, _ = regions._gazetteer()
    pattern = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))
    names = sorted(forms)
    pick = random.Random(7)
    texts = [
        "".join(
            pick.choice(names)[: pick.randint(1, 6)] + pick.choice("的，在区县市镇")
            for _ in range(200)
        )
        for _ in range(30)
    ]
    texts.append("湖北省武汉市江夏区")  # a form that ends the text
    for text in texts:
        expected = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
        assert scanner.finditer(text) == expected


def test_documents_carry_the_gazetteer_code_of_their_region(tmp_path):
    from pbanalysis.corpus.regions import unit_code

    seed = load_corpus([paths.raw_dir() / "meishan-jiagedaqi.txt"])
    assert seed.documents["code"].tolist() == ["511400", ""]  # 加格达奇区 has no code of its own
    assert unit_code("长兴县", "浙江省", "湖州市") == "330522"
    assert unit_code("长兴县", "四川省") == ""
    assert unit_code("湖州", "浙江省") == "330500"  # a short form, unique in its province
    assert unit_code("鼓楼区") == ""  # several provinces have one
    manifest = tmp_path / "corpus.csv"
    manifest.write_text("doc_id,file,article,region\nx,county-dateline.txt,1,湖州市\n", "utf-8")
    corpus = load_corpus([WEB / "county-dateline.txt"], manifest=manifest)
    assert corpus.documents.loc[0, "code"] == "330500"


def test_a_county_made_a_district_after_the_table_is_read_as_that_district():
    # the table (codes of 2020) still lists 梁平县; the report names 梁平区 under its city
    found = detect_region("", "近年来，重庆市梁平区深化“放管服”改革。梁平区新办企业增长。")
    assert (found["region"], found["level"], found["province"]) == ("梁平区", "市辖区", "重庆市")
    assert found["code"] == ""  # the new code is not in the table: none is made up
    # without its city or province named, the bare form is not taken as that county
    assert detect_region("", "梁平区企业增多。梁平区开展走访。")["region"] == ""


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # a zone named after its unit, then referred to by its suffix alone
        (
            "昨日，市领导到长乐经济开发区调研。开发区党工委汇报工作，要求开发区做好服务。",
            "长乐经济开发区",
        ),
        # the abbreviation 经开区 stands for 经济技术开发区
        ("近年来，曲靖经开区深化党建引领。曲靖经开区组建服务专班。", "曲靖经济技术开发区"),
        # a preposition before a town's name is not part of it
        ("近年来，在柳塘镇党委的推动下，企业服务不断优化。", "柳塘镇"),
        # traditional script: the town's suffix is read like the simplified one
        ("今年以來，某縣柳塘鎮持續優化營商環境。柳塘鎮黨委組建專班。", "柳塘镇"),
    ],
)
def test_zones_and_towns_as_reports_write_them(text, region):
    assert detect_region("", text)["region"] == region


def test_a_place_named_only_as_the_outlet_is_the_last_resort():
    found = detect_region("", "长兴融媒5月9日讯 今年以来，县委组织部深化“党建+营商环境”。")
    assert found["region"] == "长兴县"
    assert found["evidence"].endswith("(only as the outlet)")
    # when the text names a place, the outlet's place is not taken
    other = detect_region("", "长兴融媒5月9日讯 今年以来，安吉县深化党建引领。安吉县组建专班。")
    assert other["region"] == "安吉县"


def test_pinyin_glosses_inside_words_are_left_out_and_kept_in_dropped(tmp_path):
    path = tmp_path / "glossed.txt"
    path.write_text(
        "某縣柳塘鎮(zhèn)黨建引領發(fā)展\n\n柳塘鎮(zhèn)持續優(yōu)化營商環(huán)境，服務企業(yè)(app)。\n",
        encoding="utf-8",
    )
    manifest = tmp_path / "corpus.csv"
    manifest.write_text("doc_id,file,article\n", encoding="utf-8")
    corpus = load_corpus([path], manifest=manifest)
    assert corpus.sentences["text"].tolist() == ["柳塘鎮持續優化營商環境，服務企業(app)。"]
    glosses = corpus.dropped[corpus.dropped["kind"] == "pinyin"]
    assert glosses["text"].tolist() == ["(zhèn)", "(fā)", "(zhèn)", "(yōu)", "(huán)", "(yè)"]
    raw = path.read_text(encoding="utf-8")
    for row in glosses.itertuples():
        assert raw[row.raw_start : row.raw_end] == row.text
    assert corpus.documents.iloc[0]["region"] == "柳塘镇"


def test_a_periodical_named_in_title_marks_is_an_outlet_not_the_place():
    text = "《湖北党的建设》2023年第5期\n近年来，宜昌市深化“党建+营商环境”，组建服务专班。"
    assert detect_region("", text)["region"] == "宜昌市"
    assert detect_region("", "据《某省日报》报道，襄阳市推行帮办代办。")["region"] == "襄阳市"


def test_a_visiting_delegation_is_not_the_place_reported_from():
    text = (
        "5月8日，宁波市象山县县委书记某某率考察团来长兴县考察园区党建工作。象山县领导陪同。"
        "象山县考察团参观了长兴县党群服务中心。"
    )
    assert detect_region("", text)["region"] == "长兴县"
    # a delegation going elsewhere to learn: the report is the visitors' own
    away = "象山县考察团赴长兴县学习园区党建经验。象山县将借鉴做法。象山县组建专班。"
    assert detect_region("", away)["region"] == "象山县"


def test_town_stems_are_names_not_verbs_and_follow_an_unknown_district():
    # a verb or a particle before 镇 / 开发区 is no name
    assert detect_region("", "全面实现了镇村全覆盖。各地成立开发区党工委。")["region"] == ""
    # a district the gazetteer does not know, then the town's own name
    found = detect_region("", "近日，海滨新区柳塘镇成立商会党建联盟。柳塘镇组织企业座谈。")
    assert found["region"] == "柳塘镇"


def test_a_local_outlet_gives_the_province_when_the_text_names_none():
    text = "编辑：长兴新闻网\n近日，某某区柳塘镇成立商会党建联盟。柳塘镇组织企业座谈。"
    found = detect_region("", text)
    assert (found["region"], found["province"]) == ("柳塘镇", "浙江省")


def test_rare_characters_of_extension_b_and_later_are_han():
    from pbanalysis.corpus.chars import is_han

    assert is_han("𬜬") and is_han("𠀀") and not is_han("A")


def test_the_source_lines_outlet_is_read_only_when_the_text_names_no_place(tmp_path):
    path = tmp_path / "zone.txt"
    path.write_text(
        "发布时间：2012-03-02  信息来源：柳塘经济开发区\n\n"
        "开发区党工委在非公企业中全部建立党支部。\n",
        encoding="utf-8",
    )
    manifest = tmp_path / "corpus.csv"
    manifest.write_text("doc_id,file,article\n", encoding="utf-8")
    doc = load_corpus([path], manifest=manifest).documents.iloc[0]
    assert (doc["outlet"], doc["region"]) == ("柳塘经济开发区", "柳塘经济开发区")
    named = detect_region("", "安吉县党工委在非公企业中全部建立党支部。", "柳塘经济开发区")
    assert named["region"] == "安吉县"


def test_a_zones_own_page_calls_it_by_the_bare_suffix():
    # the zone is named only by the source line; the text says 经开区 and names a park once
    text = (
        "近年来，经开区跨境电商迅速发展，园区党组织提升服务功能。"
        "经开区党工委指导设立智慧谷商圈、桃源路工业园区等区域党组织，服务入驻企业。"
    )
    found = detect_region("", text, "临江经济技术开发区党政办公室")
    assert found["region"] == "临江经济技术开发区"
    # without that outlet the park named in full is the one place
    assert detect_region("", text)["region"] == "桃源路工业园区"


def test_a_lead_example_of_a_report_on_several_counties_does_not_decide():
    text = (
        "宝丰县赵庄镇依托批发市场打造电商党建联合体，培育电商企业120余家。"
        "鲁山县电子商务协会举办直播活动。鲁山县、宝丰县两新组织党建覆盖率提升。"
    )
    assert detect_region("", text)["region"] != "赵庄镇"


def test_an_autonomous_county_by_its_everyday_name():
    text = "近年来，江华县委抓实两新组织党建。江华高新区组建企业党组织。江华县服务企业。"
    found = detect_region("", text)
    assert (found["region"], found["prefecture"]) == ("江华瑶族自治县", "永州市")


def test_high_tech_zones_are_named_in_full_in_titles_and_text():
    from pbanalysis.corpus.regions import parse_region

    assert parse_region("某某高新区：聚焦招商引资")["region"] == "某某高新技术产业开发区"
    assert parse_region("某某高新区：聚焦招商引资")["level"] == "开发区"
    found = detect_region("", "近日，曲靖高新区召开党建工作会。曲靖高新区组建服务专班。")
    assert found["region"] == "曲靖高新技术产业开发区"


def test_a_sub_district_inside_a_zone_is_more_specific_than_the_zone():
    text = "曲靖高新区柳塘街道推进楼宇党建。柳塘街道党工委走访企业。曲靖高新区组建服务专班。"
    assert detect_region("", text)["region"] == "柳塘街道"


def test_a_single_character_tagged_as_a_verb_can_be_part_of_a_name():
    text = "辛安街道渭河西路社区党群服务中心揭牌。辛安街道企业党员参加活动。"
    assert detect_region("", text)["region"] == "辛安街道"


def test_a_zone_takes_its_official_name_and_its_shorter_names_count_for_it():
    text = (
        "近日，长兴县柳塘经济开发区召开党建工作会。柳塘开发区组建服务专班。"
        "柳塘开发区走访企业。凯里经济开发区暨黔东经济开发区派员参加。"
    )
    found = detect_region("", text)
    assert found["region"] == "长兴柳塘经济开发区"
    assert "长兴柳塘经济开发区×3" in found["evidence"]
    assert "暨" not in found["evidence"]


def test_an_abbreviated_zone_is_the_zone_the_text_names_in_full():
    found = detect_region(
        "凤阳经开区：党建引领服务企业",
        "凤阳经济开发区党工委走访企业，凤阳经开区新建党组织12个。凤阳经开区开展助企服务。",
    )
    assert found["region"] == "凤阳经济开发区"
    # nothing above the zone is named: the county whose name it carries places it
    assert (found["province"], found["prefecture"]) == ("安徽省", "滁州市")


def test_a_zone_named_after_an_ambiguous_place_is_not_placed():
    found = detect_region(
        "朝阳经开区：党建引领", "朝阳经开区党工委走访企业，朝阳经开区新建党组织。"
    )
    assert found["region"] == "朝阳经济技术开发区"
    assert found["province"] == ""  # 朝阳区 (北京) and 朝阳市 (辽宁): no single place


def test_districts_set_up_after_the_2020_codes_are_known():
    found = detect_region(
        "临平区：党建赋能企业发展", "临平区委组织部聚焦企业需求。临平区开展助企行动。"
    )
    assert (found["region"], found["province"], found["code"]) == ("临平区", "浙江省", "330113")


def test_scope_words_decide_between_a_city_and_the_county_of_its_example():
    found = detect_region(
        "一家民营企业的红色引擎",
        "邵阳市委书记到隆回县调研非公企业党建。隆回县一家企业党支部带动生产。"
        "全市已建非公企业党组织900余个，市委组织部推动全市两新组织提质。隆回县企业受益。",
    )
    assert found["region"] == "邵阳市"
    assert "scope words" in found["evidence"]


def test_scope_words_of_the_chosen_level_keep_it():
    found = detect_region(
        "隆回县：党建引领民营企业发展",
        "隆回县委组织部走访企业。全县非公企业党组织达到300个。邵阳市委肯定隆回做法，全市推广。",
    )
    assert found["region"] == "隆回县"


def test_scope_words_outnumbering_the_chosen_level_three_to_one_decide():
    text = (
        "邵阳市委书记接受采访，介绍全市非公企业党建。隆回县一家公司党支部成立后向县委汇报。"
        "全市非公企业党组织达到302个，占全市经济比重提高。隆回县这家企业产值翻番。"
    )
    found = detect_region("民企来了党建指导员", text)
    assert found["region"] == "邵阳市"
    assert "市×4, 县×1" in found["evidence"]
    # two to one is not enough
    fewer = text.replace("占全市经济比重提高", "产值提高")
    assert detect_region("民企来了党建指导员", fewer)["region"] == "隆回县"


def test_a_new_area_speaking_of_itself_by_its_bare_suffix_keeps_it():
    found = detect_region(
        "省委组织部调研新区非公党建",
        "省委组织部工作组来到兰州新区调研，走访甘肃一家药业公司。目前兰州新区有非公企业"
        "2900户，新区开发建设以来党组织覆盖不断扩大，新区党工委推动兰州新区企业建强支部。",
    )
    assert found["region"] == "兰州新区"
    without = detect_region(
        "省委组织部调研非公党建",
        "省委组织部工作组来到兰州新区调研，走访甘肃一家药业公司。目前兰州新区有非公企业"
        "2900户，兰州新区企业建强支部。",
    )
    assert without["region"] == "甘肃省"


def test_an_abbreviated_zone_takes_the_full_name_the_text_writes():
    found = detect_region(
        "探寻宜都高新区发展背后的党建密码",
        "在这片土地上，宜都高新技术产业园区（以下简称宜都高新区）走过了不平凡的历程。"
        "宜都高新区党工委推动园区企业建强党组织，宜都高新区企业产值增长。",
    )
    assert (found["region"], found["level"]) == ("宜都高新技术产业园区", "开发区")
    # without the full name, the abbreviation stands for the usual one
    found = detect_region(
        "宜都高新区党建", "宜都高新区党工委推动企业建强党组织，宜都高新区企业增长。"
    )
    assert found["region"] == "宜都高新技术产业开发区"


def test_a_local_new_area_is_named_by_its_suffix():
    found = detect_region(
        "党建引领新区发展",
        "江西赣州蓉江新区坚持党建引领，蓉江新区党工委推动园区企业建强党组织，服务企业发展。",
    )
    assert (found["region"], found["level"], found["province"]) == (
        "赣州蓉江新区",
        "新区",
        "江西省",
    )
    # a phrase ending in 新区 after a common word names no area
    assert detect_region("建设新区", "全力建设新区，推动发展。")["level"] != "新区"


def test_an_unplaced_new_area_takes_its_province_from_the_outlet():
    found = detect_region(
        "",
        "要求工委班子成员深入企业结对帮扶，是南海新区加强非公企业党建的举措。南海新区党工委推动覆盖。",
        outlet="威海网",
    )
    assert (found["region"], found["province"], found["prefecture"]) == (
        "南海新区",
        "山东省",
        "威海市",
    )


def test_a_zone_named_after_its_county_after_other_words():
    found = detect_region(
        "",
        "兴安种业只是横峰经开区将党支部建在产业链上的一个缩影。横峰经开区党工委推动园区企业发展。",
    )
    assert found["region"] == "横峰经济技术开发区"


def test_a_title_zone_is_named_with_its_county_not_its_province():
    from pbanalysis.corpus.regions import parse_region

    found = parse_region("江西安义高新园区：把党建活力转化为发展动力")
    assert (found["region"], found["province"], found["level"]) == (
        "安义高新技术产业园区",
        "江西省",
        "开发区",
    )


def test_a_title_headed_by_a_zone_names_the_zone():
    from pbanalysis.corpus.regions import parse_region

    found = parse_region("荆州开发区：党旗高扬在工业一线")
    assert (found["region"], found["province"], found["level"]) == (
        "荆州开发区",
        "湖北省",
        "开发区",
    )
    found = parse_region("四川省成都市高新区：党建引领")
    assert (found["region"], found["prefecture"]) == ("成都高新技术产业开发区", "成都市")
    assert parse_region("推动开发区：建设提速")["region"] == ""  # a verb is no name


def test_a_city_named_only_by_its_short_form_is_found_by_its_scope_words():
    found = detect_region(
        "两新工委委员述职会议召开",
        "市委两新工委召开会议。会议要求，全市两新组织提升覆盖质量，为黄石建设增长极提供保证。",
    )
    assert (found["region"], found["province"]) == ("黄石市", "湖北省")
    # without scope words a lone short form stays unanchored
    assert (
        detect_region("会议召开", "会议要求提升覆盖质量，为黄石建设增长极提供保证。")["region"]
        == ""
    )


def test_a_county_short_form_before_a_town_places_the_town():
    found = detect_region("", "怀集冷坑镇党委开展党员进企业活动。冷坑镇组建服务小分队。")
    assert (found["region"], found["province"], found["prefecture"]) == (
        "冷坑镇",
        "广东省",
        "肇庆市",
    )


def test_a_city_short_form_and_its_county_side_by_side_anchor_each_other():
    found = detect_region("", "安庆潜山县坚持党建与招商并重，助力园区发展。")
    assert (found["region"], found["province"]) == ("潜山县", "安徽省")


def test_a_city_named_by_its_short_form_settles_an_ambiguous_district():
    text = "近日，鼓楼区鼓东街道党工委召开会议。福州打造商圈党建，福州的企业纷纷加入。"
    found = detect_region("", text)
    assert (found["region"], found["province"], found["prefecture"]) == (
        "鼓东街道",
        "福建省",
        "福州市",
    )


def test_a_title_that_writes_the_town_stem_after_its_city_names_the_town():
    found = detect_region(
        "福清新厝共享区：小社区托举大产业",
        "新厝镇党委推动产城融合。新厝镇建立共享家园。福清市支持新厝镇发展。",
    )
    assert found["region"] == "新厝镇"


def test_a_title_unit_the_gazetteer_lacks_must_be_borne_out_by_the_text(tmp_path):
    from pbanalysis.corpus import load_corpus
    from pbanalysis.corpus.regions import parse_region, title_unit

    assert title_unit(parse_region("六盘水市六枝特区：链上党建"))["province"] == "贵州省"
    raw = "福清新厝共享区：小社区托举大产业\n新厝镇党委推动产城融合。福清市支持新厝镇发展。\n"
    (tmp_path / "a.txt").write_text(raw, encoding="utf-8")
    assert load_corpus([tmp_path / "a.txt"]).documents.loc[0, "region"] == "新厝镇"


def test_a_distinguishing_word_is_no_town_name():
    found = detect_region("", "宿州市埇桥区打造商圈，以所在街道社区为半径开展服务。")
    assert found["region"] == "埇桥区"


def test_a_new_area_named_like_another_provinces_is_the_local_one():
    text = (
        "儋州市强化城市基层党建，建设滨海新区开放平台。海南省委要求儋州市加快发展。"
        "滨海新区是儋州承接自贸港的前沿，儋州市为此组建专班。"
    )
    found = detect_region("", text)
    assert (found["region"], found["province"]) == ("儋州市", "海南省")
    # named with its own province, the gazetteer's new area stands
    assert detect_region("", "天津市滨海新区推进党建。滨海新区服务企业。")["region"] == "滨海新区"
