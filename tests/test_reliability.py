"""Tests of the agreement measures (hand-computed examples) and of the manual coding file."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pbanalysis.coding import code_sentences, frameworks
from pbanalysis.coding.reliability import (
    NOTHING,
    agreement,
    cohen_kappa,
    confusion,
    disagreements,
    load_manual,
    sample_agreement,
    summary_text,
)
from pbanalysis.errors import InputError
from pbanalysis.io import paths

SEED = paths.raw_dir() / "meishan-jiagedaqi.txt"
"""The embedded corpus, named explicitly: a researcher's own files in data/raw/ change nothing."""

FRAMEWORKS = frameworks()


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
    assert "Pillar: pooled kappa" in summary_text(agreement(coded, manual))


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
    return corpus.load_corpus([SEED]).sentences


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


# Sentences written for this test in the style of local party-building / business-environment
# reports (not from the seed), each coded by hand from data/codebook/README.md.
# Fields: text;levers;pillars;bready (codes comma-separated).
GENRE_SENTENCES = """\
开展“党建引领 企业吹哨”活动，建立企业诉求快速响应机制，累计解决企业诉求320件。;service;none;none
在工业园区成立联合党委，覆盖园区企业46家，选派8名党建指导员驻园服务。;organisation,cadres,service;none;none
推行企业开办“一窗通办”，将营业执照、公章刻制、税务登记等事项压缩至半天办结。;service;services;entry
联合人社部门举办春季招聘会，帮助企业招聘员工1200余人。;coordination,service;market;labor
组建金融服务专员队伍，为200余家中小微企业办理信用贷款5.6亿元。;service;market;finance
开展“双随机、一公开”跨部门联合抽查，对失信企业实施联合惩戒。;coordination;regulation;none
设立商会人民调解委员会，化解涉企矛盾纠纷36件。;service;rule_of_law;disputes
党员干部带头学习贯彻党的二十大精神，组织专题学习12次。;cadres,ideology;none;none
推动“水电气网”联合报装，企业用电报装时间压缩至15个工作日。;coordination;none;utilities
建立“红色网格”，将党员编入网格，定期走访辖区企业收集诉求。;organisation,cadres,service;none;none
开展营商环境专项督查，对发现的32个问题建立整改台账，实行销号管理。;supervision;none;none
依托“互联网+政务服务”平台，实现95%以上事项“掌上办”“网上办”。;service;services;entry,digital
组织律师团队为企业开展“法治体检”，帮助企业防范法律风险。;service;rule_of_law;disputes
评选“五星级”党组织，对排名靠后的党组织进行整顿提升。;organisation,demonstration;none;none
开通涉企政策“免申即享”，累计兑现奖补资金1.2亿元。;service;protection,services;none
建立重点项目“帮办代办”机制，为48个项目提供全流程代办服务，推动项目早落地、早投产。;service;services,market;entry,location
设立出口企业服务站，帮助企业申请出口退税。;service;services;trade,taxation
召开民营企业座谈会，听取企业对涉企政策制定的意见建议。;service;rule_of_law;none
推进公平竞争审查，清理妨碍统一市场和公平竞争的政策文件15件。;none;market;competition
对破产企业职工安置开展专项帮扶，推动3家“僵尸企业”依法出清。;service;market;insolvency,labor
党员志愿服务队走进社区开展义诊活动。;cadres,service;none;none
选派45名优秀年轻干部到重点企业挂职锻炼，担任“助企专员”。;cadres,service;none;none
建立涉企行政执法“白名单”制度，推行包容审慎监管，全年减免处罚企业86家。;none;regulation;none
加快标准厂房建设，新增工业用地1200亩。;none;market;location
在商务楼宇建立党群服务中心，为入驻企业提供政策咨询、人才招聘等一站式服务。;service;services,market;labor
推行“首违不罚”清单，对轻微违法行为依法不予处罚。;none;regulation;none
健全领导干部联系重点企业制度，每名县级领导包联3至5家企业。;cadres,service;none;none
搭建政银企对接平台，举办融资对接会15场，帮助企业获得授信8亿元。;coordination,service;market;finance
严格落实党风廉政建设责任制，对损害营商环境的干部作风问题严肃问责。;supervision,cadres;none;none
开设企业登记“绿色通道”，新设立市场主体2300户。;service;services,market;entry
组织新就业群体开展“红色驿站”共建活动，把快递员、外卖骑手凝聚在党组织周围。;organisation;none;none
利用大数据平台对企业用水用电数据进行分析，精准识别企业经营风险。;none;regulation;digital
深化“证照分离”改革，涉企经营许可事项实现“证照同办”。;none;services;entry
开展“万名党员进万企”活动，党员干部与企业结对帮扶，协调解决用工、物流等难题210个。;cadres,service,coordination;market;labor
完善知识产权快速维权机制，办理专利侵权纠纷案件12件。;none;protection,rule_of_law;disputes
定期通报各部门营商环境考核排名，将结果纳入年度绩效考核。;supervision;none;none
推广“电子营业执照”应用，实现企业登录各类政务平台一证通行。;none;services;entry,digital
举办优秀年轻干部营商环境专题培训班，提升干部服务企业能力。;cadres,service;none;none
为企业办理出口退税4.3亿元，平均办理时间压缩至3个工作日。;service;services;trade,taxation
建立政企沟通恳谈机制，党委主要负责同志每季度与企业家面对面交流。;service,cadres;none;none
对拖欠中小企业账款问题开展专项清理，清偿欠款1.5亿元。;supervision;protection;none
推动产业园区供水、供气管网改造，降低企业用能成本。;none;market;utilities
开展党员“亮身份、亮承诺”活动，在窗口单位设置党员示范岗120个。;cadres;none;none
组建由法官、律师组成的“法律服务团”，深入企业开展法治宣讲。;service,ideology;rule_of_law;disputes
推行“党建+商会”模式，在12家异地商会建立党组织，引导会员企业回乡投资。;organisation;market;location
建立企业家服务“直通车”，由县领导每月现场办公解决企业反映的问题。;service,cadres;none;none
深化工程建设项目审批制度改革，审批时限压缩至60个工作日以内。;none;services;location,entry
组织党员律师成立公益法律服务队，全年为小微企业提供法律咨询300余次。;cadres,service;rule_of_law;disputes
实行“信用+承诺”审批，对信用良好企业容缺受理。;none;services,regulation;entry
开展“清廉机关”建设，对吃拿卡要等行为开展专项整治。;supervision;none;none
全面推行电子税务局，98%的涉税事项实现网上办理。;service;services;taxation,digital
设立人才驿站，为来县就业的高校毕业生提供免费住宿。;service;market;labor
推动非公企业党组织书记列席企业管理层会议，参与企业重大决策。;cadres;none;none
开展“进一次门、办所有事”改革，在乡镇便民服务中心设立综合窗口。;service;services;entry
建立县乡村三级联动的矛盾纠纷调处机制，涉企纠纷调处率达95%。;coordination,service;rule_of_law;disputes
推进“一业一证”改革，开办药店、便利店等只需一张行业综合许可证。;none;services;entry
党组织牵头成立产业联盟，推动上下游企业订单共享、产能互补。;coordination;market;none
组织召开党建工作述职评议会，对考核排名末位的书记进行约谈。;supervision,cadres;none;none
搭建“政采贷”平台，中标企业可凭政府采购合同获得无抵押贷款。;coordination;market;finance,competition
举办“新时代文明实践”志愿服务活动，弘扬企业家精神。;ideology;none;none
"""


def test_agreement_on_hand_made_genre_sentences():
    rows = [line.split(";") for line in GENRE_SENTENCES.splitlines()]
    sample = pd.DataFrame(
        [
            [text, *(codes.replace(",", "|") for codes in codes_by_framework)]
            for text, *codes_by_framework in rows
        ],
        columns=["text", *FRAMEWORKS],
    )
    table = sample_agreement(sample, doc_id="h")
    pooled = table[table["code"] == "ALL"].set_index("framework")["kappa"]
    assert (pooled >= 0.8).all(), pooled.to_dict()
