"""Tests of the codebooks and the dictionary coder (hand-made sentences, not the seed)."""

from __future__ import annotations

import pandas as pd
import pytest

from pbanalysis import coding
from pbanalysis.coding import (
    CODED_COLUMNS,
    NONE_CODE,
    code_counts,
    code_sentences,
    crosstab,
    frameworks,
    load_codebook,
    match_code,
    split_patterns,
)
from pbanalysis.errors import InputError
from pbanalysis.io import paths

SEED = paths.raw_dir() / "meishan-jiagedaqi.txt"
"""The embedded corpus, named explicitly: a researcher's own files in data/raw/ change nothing."""

FRAMEWORKS = frameworks()


def sentences(*texts: str, doc_id: str = "d", region: str = "甲市") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": doc_id,
            "region": region,
            "sentence_id": range(1, len(texts) + 1),
            "text": list(texts),
        }
    )


def codes_of(text: str, framework: str) -> set[str]:
    return set(code_sentences(sentences(text), framework)["code"])


CODEBOOK_ROWS = [
    (framework, row.code, row.example)
    for framework in FRAMEWORKS
    for row in load_codebook(framework).itertuples()
]


@pytest.mark.parametrize(("framework", "code", "example"), CODEBOOK_ROWS)
def test_every_codebook_example_receives_its_code(framework, code, example):
    got = codes_of(example, framework)
    if code == NONE_CODE:
        assert got == {NONE_CODE}
    else:
        assert code in got


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_codebooks_are_complete_and_none_is_last(framework):
    book = load_codebook(framework)
    assert list(book.columns) == ["framework", *coding.CODEBOOK_COLUMNS]
    assert book["code"].is_unique
    assert book["code"].iloc[-1] == NONE_CODE
    substantive = book[book["code"] != NONE_CODE]
    assert (substantive["keywords"] != "").all()
    assert (book[["label_zh", "label_en", "definition", "example"]] != "").all().all()


def test_bready_has_ten_topics_digital_and_a_visible_no_topic_row():
    book = load_codebook("bready").set_index("code")
    assert len(book) == 12
    assert "digital" in book.index
    assert book.loc["none", "label_zh"] == "未编码"
    assert book.loc["none", "label_en"] == "uncoded"


HAND_MADE = [
    ("在物流园区成立联合党支部，推动党的组织覆盖。", "levers", {"organisation"}),
    ("开展新任党组织书记示范培训，评选十佳党建品牌。", "levers", {"cadres", "demonstration"}),
    ("组建惠企政策宣讲团，帮助企业了解各项政策。", "levers", {"ideology", "service"}),
    ("每季度召开部门联席会议，统筹解决重点项目堵点。", "levers", {"coordination"}),
    ("对拖延办理的事项实行挂牌督办并纳入年度考核。", "levers", {"supervision"}),
    ("今年以来，全县工业总产值同比增长8%。", "levers", {NONE_CODE}),
    ("坚持服务为先，让服务看得见、摸得着。", "levers", {"service"}),
    ("打造服务型政府，提升行政效能。", "levers", {NONE_CODE}),
    ("为企业匹配上下游企业清单。", "pillars", {"market"}),
    ("设立知识产权维权援助站，保护企业合法权益。", "pillars", {"protection"}),
    ("组织银企对接会，为中小企业争取贷款3亿元。", "pillars", {"market"}),
    ("推进企业开办全程网办，审批时限压缩至1个工作日。", "pillars", {"services"}),
    ("推行跨部门联合抽查，依法查处失信行为。", "pillars", {"regulation"}),
    ("聘请律师为企业开展法律体检。", "pillars", {"rule_of_law"}),
    ("党员干部深入学习党的创新理论。", "pillars", {NONE_CODE}),
    ("开展出口企业通关便利化改革。", "bready", {"trade"}),
    ("实施电力接入“零上门”，压缩用电报装时间。", "bready", {"utilities"}),
    ("落实税费优惠政策，退税资金快速到账。", "bready", {"taxation", "finance"}),
    ("推行简易注销和破产重整识别机制。", "bready", {"insolvency"}),
    ("规范政府采购行为，维护公平竞争。", "bready", {"competition"}),
    ("组建党员先锋队开展义务植树活动。", "bready", {NONE_CODE}),
]


@pytest.mark.parametrize(("text", "framework", "expected"), HAND_MADE)
def test_hand_made_sentences_get_the_expected_codes(text, framework, expected):
    assert codes_of(text, framework) == expected


def test_unknown_framework_names_the_valid_ones():
    with pytest.raises(InputError, match="levers, pillars, bready"):
        load_codebook("sdg")
    with pytest.raises(InputError, match="valid frameworks"):
        code_sentences(sentences("建立党支部。"), "sdg")


def test_missing_text_column_is_an_input_error():
    with pytest.raises(InputError, match="text"):
        code_sentences(pd.DataFrame({"doc_id": ["d"], "sentence_id": [1]}))


def test_output_columns_order_and_none_rows():
    frame = sentences("在企业中建立党支部，帮助企业融资。", "天气晴朗。")
    coded = code_sentences(frame)
    assert list(coded.columns) == list(CODED_COLUMNS)
    first = coded[coded["sentence_id"] == 1]
    assert first["framework"].tolist() == ["levers", "levers", "pillars", "bready"]
    assert first["code"].tolist() == ["organisation", "service", "market", "finance"]
    second = coded[coded["sentence_id"] == 2]
    assert second["code"].tolist() == [NONE_CODE] * 3
    assert (second["evidence"] == "").all()
    pd.testing.assert_frame_equal(coded, code_sentences(frame))


def test_evidence_spans_point_into_the_document_text():
    text = "前言。在企业中建立党支部，帮助企业融资。"
    sentence = text[3:]
    frame = pd.DataFrame(
        {"doc_id": ["d"], "sentence_id": [2], "text": [sentence], "start": [3], "end": [len(text)]}
    )
    coded = code_sentences(frame, "pillars")
    row = coded.iloc[0]
    assert row["evidence"] == "融资"
    start, end = (int(value) for value in row["evidence_spans"].split("-"))
    assert text[start:end] == "融资"


def test_input_frame_is_not_modified():
    frame = sentences("建立党支部。")
    before = frame.copy()
    code_sentences(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_exclude_vetoes_only_the_overlapping_match():
    assert match_code("设立党员示范岗。", "示范", exclude="示范岗") == []
    assert match_code("设立党员示范岗，打造示范点。", "示范", exclude="示范岗") == [
        (10, 12, "示范")
    ]


def test_coordination_verb_does_not_read_as_mediation():
    assert "rule_of_law" not in codes_of("召开座谈会，协调解决企业用地问题。", "pillars")
    assert "disputes" in codes_of("引导企业通过人民调解化解矛盾。", "bready")


def test_split_patterns_keeps_alternations_inside_brackets():
    assert split_patterns("a|(b|c)d|[x|y]|e\\|f") == ["a", "(b|c)d", "[x|y]", "e\\|f"]


def _write_book(folder, rows):
    pd.DataFrame(rows, columns=list(coding.CODEBOOK_COLUMNS)).to_csv(
        folder / "levers.csv", index=False
    )


def test_a_researcher_codebook_folder_is_used(tmp_path):
    _write_book(tmp_path, [["green", "绿色", "green", "d", "绿色|低碳", "", "发展绿色产业。"]])
    coded = code_sentences(
        sentences("发展低碳产业。", "建立党支部。"), "levers", codebook_dir=tmp_path
    )
    assert coded["code"].tolist() == ["green", NONE_CODE]
    assert coded["label_en"].tolist() == ["green", "uncoded"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["a", "甲", "a", "d", "(未闭合", "", "x"]], "invalid pattern"),
        ([["a", "甲", "a", "d", "", "", "x"]], "no keywords"),
        ([["a", "甲", "a", "d", "k", "", "x"], ["a", "乙", "b", "d", "k", "", "x"]], "duplicate"),
    ],
)
def test_bad_codebooks_are_input_errors(tmp_path, rows, message):
    _write_book(tmp_path, rows)
    with pytest.raises(InputError, match=message):
        load_codebook("levers", tmp_path)


def test_code_counts_shares_and_zero_rows():
    frame = pd.concat(
        [
            sentences("帮助企业融资。", "天气晴朗。", doc_id="a", region="甲市"),
            sentences("开展信用监管。", doc_id="b", region="乙县"),
        ],
        ignore_index=True,
    )
    counts = code_counts(code_sentences(frame), by="region", framework="pillars")
    table = counts.set_index(["region", "code"])
    assert table.loc[("甲市", "market"), "n"] == 1
    assert table.loc[("甲市", "market"), "share"] == 0.5
    assert table.loc[("甲市", NONE_CODE), "share"] == 0.5
    assert table.loc[("乙县", "market"), "n"] == 0
    assert table.loc[("乙县", "regulation"), "share"] == 1.0
    assert set(counts["code"]) == set(load_codebook("pillars")["code"])
    assert counts.groupby("region")["n_sentences"].first().to_dict() == {"甲市": 2, "乙县": 1}


def test_code_counts_by_measure_and_unknown_column():
    frame = sentences("帮助企业融资。", "开展信用监管。")
    frame["measure_id"] = [1, 2]
    frame["measure"] = ["助企", "监管"]
    counts = code_counts(code_sentences(frame, "pillars"), by="measure")
    assert {"doc_id", "region", "measure_id", "measure"} <= set(counts.columns)
    assert counts.groupby("measure_id")["n_sentences"].first().tolist() == [1, 1]
    with pytest.raises(InputError, match="no such column"):
        code_counts(code_sentences(frame, "pillars"), by="county")


def test_crosstab_counts_sentences_with_both_codes():
    frame = pd.concat(
        [
            sentences("党员干部帮助企业融资。", "召开联席会议，推进信用监管。", doc_id="a"),
            sentences("党员干部推进信用监管。", doc_id="b", region="乙县"),
        ],
        ignore_index=True,
    )
    coded = code_sentences(frame)
    table = crosstab(coded).set_index(["row_code", "col_code"])
    assert table.loc[("cadres", "market"), "n"] == 1
    assert table.loc[("cadres", "regulation"), "n"] == 1
    assert table.loc[("coordination", "regulation"), "n"] == 1
    assert table.loc[("supervision", "market"), "n"] == 0
    assert table["n_sentences"].iloc[0] == 3
    by_region = crosstab(coded, by_region=True).set_index(["region", "row_code", "col_code"])
    assert by_region.loc[("乙县", "cadres", "regulation"), "n"] == 1
    assert by_region.loc[("甲市", "cadres", "regulation"), "n"] == 0
    with pytest.raises(InputError, match="bready"):
        crosstab(code_sentences(frame, "levers"), "levers", "bready")


def test_seed_corpus_every_sentence_is_coded_in_every_framework():
    corpus = pytest.importorskip("pbanalysis.corpus")
    seed = corpus.load_corpus([SEED]).sentences
    coded = code_sentences(seed)
    per_framework = coded.drop_duplicates(["doc_id", "sentence_id", "framework"])
    assert len(per_framework) == len(seed) * len(FRAMEWORKS)
    assert not coded.duplicated(["doc_id", "sentence_id", "framework", "code"]).any()
