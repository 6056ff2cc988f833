"""The corpus model on the seed and on hand-made articles in every encoding."""

import hashlib
import shutil

import pandas as pd
import pytest

from pbanalysis.corpus import load_corpus, read_manifest
from pbanalysis.corpus.reading import decode_bytes, normalize, read_text
from pbanalysis.corpus.regions import parse_region
from pbanalysis.errors import InputError
from pbanalysis.io import paths

SEED = paths.raw_dir() / "meishan-jiagedaqi.txt"
SEED_SHA256 = "7e9194104d6ce8f33bf35da1ac624c8fef7b1077b0198af0c456882a11004992"

ARTICLE = (
    "浙江省湖州市：党建引领优化营商环境\n"
    "\n"
    "■本报记者 张三\n"
    "\n"
    "今年以来，湖州市坚持党建引领，持续优化营商环境。\n"
    "\n"
    "一、强化组织保障\n"
    "\n"
    "全市新建非公企业党组织１２０个，覆盖率达９５．５%。各级党组织主动服务企业，\n"
    "帮助企业解决融资难题30余个。\n"
    "\n"
    "二、优化政务服务\n"
    "\n"
    "推行“一网通办”，办理时限压缩至3个工作日；群众满意度明显提升。\n"
)


@pytest.fixture(scope="module")
def seed():
    return load_corpus([SEED])


def test_embedded_corpus_is_byte_identical_to_the_source():
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == SEED_SHA256


def test_seed_structure(seed):
    docs = seed.documents.set_index("region")
    assert list(docs.index) == ["眉山市", "加格达奇区"]
    assert docs.loc["眉山市", "n_sections"] == 3
    assert docs.loc["眉山市", "n_measures"] == 9
    assert docs.loc["加格达奇区", "n_sections"] == 6
    assert docs.loc["加格达奇区", "n_measures"] == 0
    assert docs.loc["加格达奇区", "province"] == "黑龙江省"
    assert docs.loc["眉山市", "reporters"] == "郭文治;孟航"
    assert docs["outlet"].eq("").all() and docs["date"].eq("").all()


def test_seed_page_breaks_are_all_repaired(seed):
    assert len(seed.breaks) == 7
    assert set(seed.breaks["kind"]) == {"page_break"}
    for row in seed.breaks.itertuples():
        around = seed.texts[row.doc_id][row.position - 5 : row.position + 5]
        assert "\n" not in around
    joined = seed.sentences["text"]
    assert joined.str.contains("精准引导250家非公企业新建立党组织。", regex=False).any()
    assert joined.str.contains("眉山市将党员人才作为推动发展的核心资源", regex=False).any()


def test_seed_headings_stay_headings(seed):
    headings = seed.sections.query("section_id > 0")["section"]
    assert headings.str.len().max() <= 40
    assert not seed.sentences["text"].isin(headings).any()
    assert seed.measures["measure"].str.len().max() <= 15
    assert "当好“店小二”" in set(seed.measures["measure"])


def test_every_offset_points_at_its_text(seed):
    for row in seed.sentences.itertuples():
        assert seed.texts[row.doc_id][row.start : row.end] == row.text
    for frame in (seed.sections, seed.measures):
        for row in frame.itertuples():
            assert 0 <= row.start < row.end <= len(seed.texts[row.doc_id])


def test_cleaned_text_maps_back_to_the_raw_file(seed):
    raw = read_text(SEED)
    for row in seed.sentences.itertuples():
        text = seed.texts[row.doc_id]
        for position in (row.start, row.end - 1):
            assert raw[seed.raw_offset(row.doc_id, position)] == text[position]


def test_sentence_ids_are_unique_and_ordered(seed):
    for _, group in seed.sentences.groupby("doc_id"):
        assert list(group["sentence_id"]) == list(range(1, len(group) + 1))
        assert group["start"].is_monotonic_increasing


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: "\ufeff".encode() + t.encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.encode("gb18030"),
        lambda t: t.replace("\n", "\r\n").encode("gbk"),
        lambda t: t.encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "crlf", "gb18030", "gbk-crlf", "utf16-bom"],
)
def test_every_encoding_gives_the_same_model(tmp_path, encode):
    reference = tmp_path / "ref" / "huzhou.txt"
    reference.parent.mkdir()
    reference.write_text(ARTICLE, encoding="utf-8")
    other = tmp_path / "huzhou.txt"
    other.write_bytes(encode(ARTICLE))
    expected, got = load_corpus([reference]), load_corpus([other])
    pd.testing.assert_frame_equal(expected.sentences, got.sentences)
    assert expected.texts == got.texts


def test_a_new_article_without_manifest_row(tmp_path):
    path = tmp_path / "huzhou.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    corpus = load_corpus([path])
    doc = corpus.documents.iloc[0]
    assert (doc.doc_id, doc.region, doc.province, doc.level) == (
        "huzhou",
        "湖州市",
        "浙江省",
        "地级市",
    )
    assert doc.reporters == "张三"
    assert list(corpus.sections["section"]) == ["", "一、强化组织保障", "二、优化政务服务"]
    assert corpus.breaks["kind"].tolist() == ["line_wrap"]
    texts = corpus.sentences["text"].tolist()
    assert "全市新建非公企业党组织120个，覆盖率达95.5%。" in texts
    assert "各级党组织主动服务企业，帮助企业解决融资难题30余个。" in texts
    assert texts[-1] == "群众满意度明显提升。"


def test_a_file_with_no_title_and_no_region(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("党员干部深入企业开展服务。\n帮助企业解决难题。\n", encoding="utf-8")
    corpus = load_corpus([path])
    assert corpus.documents.loc[0, "region"] == ""
    assert corpus.documents.loc[0, "title"] == ""
    assert len(corpus.sentences) == 2


def test_manifest_rows_override_the_title(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    manifest = tmp_path / "corpus.csv"
    manifest.write_text(
        "doc_id,file,article,region,outlet\nhz,a.txt,1,湖州,某日报\n", encoding="utf-8"
    )
    doc = load_corpus([path], manifest=manifest).documents.iloc[0]
    assert (doc.doc_id, doc.region, doc.province, doc.outlet) == ("hz", "湖州", "浙江省", "某日报")


def test_the_seed_manifest_describes_both_articles():
    manifest = read_manifest()
    assert manifest[["doc_id", "article"]].values.tolist() == [["meishan", 1], ["jiagedaqi", 2]]


@pytest.mark.parametrize(
    ("title", "region", "level"),
    [
        ("四川省眉山市：深化新经济组织党建工作", "眉山市", "地级市"),
        ("黑龙江省大兴安岭地区加格达奇区： 党建融于营商", "加格达奇区", "县级区"),
        ("广西壮族自治区南宁市：助企纾困", "南宁市", "地级市"),
        ("江苏省苏州市昆山市：服务企业", "昆山市", "县级市"),
        ("上海市浦东新区：一网通办", "浦东新区", "县级区"),
        ("市场监管：信用体系建设", "", ""),
    ],
)
def test_parse_region(title, region, level):
    parsed = parse_region(title)
    assert (parsed["region"], parsed["level"]) == (region, level)


def test_normalize_folds_fullwidth_digits_but_keeps_chinese_punctuation():
    assert normalize("１，２３４家，约９．５％。") == "1,234家，约9.5%。"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "file is empty"),
        (b" \n\t\r\n\xe3\x80\x80", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"\x80\x81\xff\xfe\x00abc"[2:3] + b"\x81\x30", "cannot decode"),
    ],
)
def test_bad_bytes_get_a_one_line_error(data, problem):
    with pytest.raises(InputError) as error:
        decode_bytes(data, name="x.txt")
    assert problem in str(error.value)
    assert "\n" not in str(error.value)


def test_missing_paths_and_empty_folders(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_corpus([tmp_path / "missing.txt"])
    with pytest.raises(InputError, match="holds no .txt, .html, .htm, .docx or .pdf files"):
        load_corpus([tmp_path])


def test_a_manifest_row_without_its_article_is_an_error(tmp_path, monkeypatch):
    for folder in ("layout", "gazetteer"):  # what reading an article needs besides the text
        shutil.copytree(paths.data_dir() / folder, tmp_path / "data" / folder)
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "data" / "corpus.csv").write_text(
        "doc_id,file,article\nhz,a.txt,1\ntypo,b.txt,1\n", encoding="utf-8"
    )
    monkeypatch.setenv("PBANALYSIS_DATA", str(tmp_path / "data"))
    with pytest.raises(InputError, match="row for b.txt article 1 matches no article"):
        load_corpus()
    assert load_corpus([raw / "a.txt"]).documents.loc[0, "doc_id"] == "hz"
