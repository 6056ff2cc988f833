"""Tests of pbanalysis.analysis.expressions on hand-made sentences (not from the seed corpus)."""

from __future__ import annotations

import pandas as pd
from test_terms import frame

from pbanalysis.analysis import expressions

# --- quoted expressions and compounds -----------------------------------------------------------


QUOTE_TEXTS = [
    "要避免“门难进、脸难看”的现象，推动服务从“坐等上门”向“主动靠前”转变。",
    "开展“百日攻坚”专项行动，评选“金牌服务员”，树立“企业有所呼、政府有所应”的理念。",
    '落实“四个一”要求，推行“网格+警格+楼格”模式，打造「暖心驿站」和"店小二"服务。',
]


def test_quoted_expressions_are_classified_and_located():
    sentences = frame(QUOTE_TEXTS)
    table = expressions.quoted_expressions(sentences)
    got = dict(zip(table["expression"], table["class"], strict=True))
    assert got == {
        "门难进、脸难看": "problem",
        "坐等上门": "shift",
        "主动靠前": "shift",
        "百日攻坚": "programme",
        "金牌服务员": "title",
        "企业有所呼、政府有所应": "slogan",
        "四个一": "formula",
        "网格+警格+楼格": "compound",
        "暖心驿站": "phrase",
        "店小二": "phrase",
    }
    for row in table.itertuples():
        offset = (row.sentence_id - 1) * 100
        assert row.sentence[row.start - offset : row.end - offset] == row.expression


def test_classification_rules_follow_priority():
    assert expressions.classify_quote("春风行动")[0] == "programme"
    assert expressions.classify_quote("服务先行、助企纾困")[0] == "slogan"
    assert expressions.classify_quote("三个一批")[0] == "formula"
    assert expressions.classify_quote("放管服", after="改革")[0] == "phrase"


def test_compounds_split_into_parts():
    sentences = frame(["推行“网格+警格+楼格”模式，深化党建+营商环境融合，发展“1+3”产业。"])
    table = expressions.compounds(sentences)
    assert table["compound"].tolist() == ["网格+警格+楼格", "党建+营商环境"]
    assert table[["part_1", "part_2", "part_3"]].values.tolist() == [
        ["网格", "警格", "楼格"],
        ["党建", "营商环境", ""],
    ]
    assert table["quoted"].tolist() == [True, False]
    assert table["n_parts"].tolist() == [3, 2]
    text = sentences["text"].iloc[0]
    assert [text[s:e] for s, e in zip(table["start"], table["end"], strict=True)] == [
        "网格+警格+楼格",
        "党建+营商环境",
    ]


def test_section_headings_are_searched_when_given():
    sentences = frame(["开展“春风行动”。"], gap=100)
    sections = pd.DataFrame(
        {
            "doc_id": ["doc"],
            "region": ["甲市"],
            "section_id": [1],
            "section": ["“网格+警格”强治理"],
            "start": [50],
        }
    )
    table = expressions.compounds(sentences, sections=sections)
    assert table[["compound", "sentence_id", "start"]].values.tolist() == [["网格+警格", 0, 51]]


# --- mechanisms ---------------------------------------------------------------------------------


def test_mechanisms_take_the_full_noun_phrase():
    sentences = frame(
        [
            "县里成立食品安全工作专班，召开联席会议。",
            "建立乡村振兴联席会议制度。",
            "组建12个由县级领导挂帅的招商引资专班，建立“红黄蓝”预警机制，推行“三张清单”管理。",
            "搭建企业诉求响应平台。",
            "问题纳入平台办理，招商引资专班每周调度。",
        ]
    )
    table = expressions.mechanisms(sentences).set_index("mechanism")
    assert table.index.tolist() == [
        "食品安全工作专班",
        "联席会议",
        "乡村振兴联席会议制度",
        "招商引资专班",
        "“红黄蓝”预警机制",
        "三张清单",
        "企业诉求响应平台",
    ]
    assert table.loc["招商引资专班", "mentions"] == 2
    assert table.loc["企业诉求响应平台", "mentions"] == 2
    assert table.loc["招商引资专班", "sentence_id"] == 3
    assert table.loc["乡村振兴联席会议制度", "type"] == "rule"
    assert table.loc["食品安全工作专班", "label_en"] == "task force"
    first = table.loc["食品安全工作专班"]
    assert sentences["text"].iloc[0][first["start"] : first["end"]] == "食品安全工作专班"
