"""Reading source files: encodings in, clean Unicode out, one-line errors for bad input."""

import pytest

from pbanalysis.corpus.reading import (
    INVISIBLE,
    decode_bytes,
    normalize,
    read_text,
    resolve_sources,
)
from pbanalysis.errors import InputError
from pbanalysis.io import paths

TEXT = "四川省眉山市：深化新经济组织党建工作\n\n全市新建党组织120个，覆盖率达95.5%。\n"


def one_line_error(data: bytes, name: str = "x.txt") -> str:
    with pytest.raises(InputError) as error:
        decode_bytes(data, name=name)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{name}: ")
    return message


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("gbk"),
        lambda t: t.encode("gb2312"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-le-bom", "utf16-be-bom", "gb18030", "gbk", "gb2312"],
)
def test_every_encoding_decodes_to_the_same_text(encode):
    text = decode_bytes(encode(TEXT))
    assert text == TEXT
    assert not text.startswith("\ufeff")


def test_gb18030_characters_outside_gbk_decode():
    rare = "𠀀㐀眉山"  # a CJK extension B character needs GB18030's four-byte form
    assert decode_bytes(rare.encode("gb18030")) == rare


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_crlf_line_ends_are_kept_one_character_for_one(encoding):
    crlf = TEXT.replace("\n", "\r\n")
    text = decode_bytes(crlf.encode(encoding))
    assert text == crlf
    assert text.count("\r\n") == TEXT.count("\n")


def test_only_a_leading_bom_is_dropped():
    assert decode_bytes("\ufeff\ufeff眉山".encode()) == "眉山"
    assert decode_bytes("眉\ufeff山".encode()) == "眉\ufeff山"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "file is empty"),
        (b" \r\n\t", "only whitespace"),
        ("\u3000\u3000\n".encode(), "only whitespace"),
        (b"\xef\xbb\xbf", "only whitespace"),
        (b"\xff\xfe", "only whitespace"),
        (b"\xef\xbb\xbf \n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary"),
        (b"abc\x01\x02\x03", "binary"),
        (b"\xff\xfe" + b"\x00" * 64, "binary"),
        (b"\x80", "cannot decode"),
        (b"\xff\xff\xff", "cannot decode"),
    ],
)
def test_bad_bytes_give_a_one_line_input_error(data, problem):
    assert problem in one_line_error(data)


def test_a_few_control_characters_in_a_long_text_are_tolerated():
    text = "眉山" * 500 + "\x0c" + "\x1b[0m"
    assert decode_bytes(text.encode()) == text
    assert "binary" in one_line_error(("眉山" * 10 + "\x01" * 10).encode())


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe\x00", b"\xff\xfea\x00b", b"\xff\xfe\x00\xd8", b"\xfe\xff\xd8\x00"],
    ids=["odd-length", "odd-length-text", "lone-surrogate-le", "lone-surrogate-be"],
)
def test_undecodable_utf16_is_an_input_error(data):
    assert "x.txt" in one_line_error(data)


def test_the_default_name_is_shown():
    with pytest.raises(InputError, match=r"^<bytes>: file is empty$"):
        decode_bytes(b"")


# --- files -----------------------------------------------------------------------------------


def test_read_text_decodes_a_file(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("gbk"))
    assert read_text(path) == TEXT.replace("\n", "\r\n")
    assert read_text(str(path)) == read_text(path)


def test_read_text_errors_name_the_file(tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(InputError, match=r"missing\.txt: no such file$"):
        read_text(missing)
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError) as error:
        read_text(empty)
    assert str(error.value) == f"{empty}: file is empty"


# --- normalize -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("９９．０７％，２４１１家", "99.07%，2411家"),
        ("０１２３４５６７８９", "0123456789"),
        ("ＡＢＣＸＹＺａｂｃｘｙｚ", "ABCXYZabcxyz"),
        ("％＋＝＜＞／＃＆＠", "%+=<>/#&@"),
        ("ＧＤＰ增长６．５％", "GDP增长6.5%"),
        ("１，２３４．５万元", "1,234.5万元"),
        ("眉山\u00a0市", "眉山 市"),
    ],
)
def test_normalize_folds_full_width_forms(text, folded):
    assert normalize(text) == folded
    assert len(normalize(text)) == len(text)


def test_normalize_keeps_chinese_punctuation():
    punctuation = "，。：；！？（）“”、《》"
    assert normalize(punctuation) == punctuation
    # a full-width comma or stop between words (not digits) is punctuation, not a separator
    assert normalize("共3，有5。") == "共3，有5。"
    assert normalize("今年以来．全市") == "今年以来．全市"


def test_normalize_is_idempotent_and_leaves_invisible_characters():
    text = "全市新建党组织１２０个\u200b，覆盖率达９５．５％。"
    once = normalize(text)
    assert normalize(once) == once
    assert "\u200b" in once and "\u200b" in INVISIBLE
    assert normalize("") == ""


# --- resolve_sources -------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("b.txt", "a.txt", "c.TXT", "notes.md"):
        (sources / name).write_text(TEXT, encoding="utf-8")
    (sources / "sub").mkdir()
    (sources / "sub" / "d.txt").write_text(TEXT, encoding="utf-8")
    (sources / "dir.txt").mkdir()  # a folder named like a text file is no text file
    return sources


def test_a_folder_gives_its_txt_files_sorted(folder):
    assert [p.name for p in resolve_sources([folder])] == ["a.txt", "b.txt"]


def test_files_and_folders_keep_the_order_given(folder, tmp_path):
    single = tmp_path / "z.csv"
    single.write_text("x", encoding="utf-8")
    found = resolve_sources([str(single), folder, folder / "sub" / "d.txt"])
    assert found == [single, folder / "a.txt", folder / "b.txt", folder / "sub" / "d.txt"]


def test_missing_paths_and_empty_folders_are_input_errors(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file or directory$"):
        resolve_sources([tmp_path / "nope.txt"])
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.md").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="folder holds no .txt, .html, .htm, .docx or .pdf files"):
        resolve_sources([empty])
    with pytest.raises(InputError, match="^no input files given$"):
        resolve_sources([])


def test_none_means_data_raw():
    found = resolve_sources(None)
    assert found == sorted(paths.raw_dir().glob("*.txt"))
    assert paths.raw_dir() / "meishan-jiagedaqi.txt" in found


def test_none_follows_the_data_override(tmp_path, monkeypatch):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "only.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.setenv("PBANALYSIS_DATA", str(tmp_path))
    assert resolve_sources(None) == [tmp_path / "raw" / "only.txt"]
