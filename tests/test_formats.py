"""Saved web pages, Word files and PDFs read like .txt files (fixtures made in the tests)."""

from __future__ import annotations

import pandas as pd
import pytest

from pbanalysis.corpus import load_corpus
from pbanalysis.corpus.formats import extract_text
from pbanalysis.corpus.reading import read_text, resolve_sources
from pbanalysis.errors import InputError

TITLE = "某县：党建引领优化营商环境"
LEAD = "今年以来，某县坚持党建引领，新建非公企业党组织12个。"
BODY = "全县组建服务专班15个，走访企业2000余家，帮助企业解决难题30余个。"

PAGE = f"""<html><head><meta charset="{{charset}}"><title>{TITLE}_某县人民政府</title></head>
<body><div class="nav">首页 &gt; 新闻中心 &gt; 党建动态</div>
<h1>{TITLE}</h1><div class="info">来源：某县融媒体中心 时间：2023-05-06</div>
<div class="content"><p>{LEAD}</p><h3>一、强化组织保障</h3><p>{BODY}</p></div>
<div class="footer">版权所有 某县人民政府</div></body></html>"""


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF showing ``pages`` (lists of lines) in a CID font addressed by UCS-2 codes,
    as a word processor's "save as PDF" gives a text layer."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    descendant = add(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>"
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [%d 0 R] >>" % descendant
    )
    tree = add(b"")
    kids = []
    for lines in pages:
        shown = [b"<" + line.encode("utf-16-be").hex().encode() + b"> Tj T*" for line in lines]
        stream = b"\n".join([b"BT /F1 12 Tf 14 TL 72 720 Td", *shown, b"ET"])
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (tree, font, content)
            )
        )
    refs = b" ".join(b"%d 0 R" % kid for kid in kids)
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % tree)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)


def make_docx(path, paragraphs: list[str], table: list[list[str]] | None = None) -> None:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.save(str(path))


def _offsets_hold(corpus, path) -> None:
    raw = read_text(path)
    for row in corpus.sentences.itertuples():
        text = corpus.texts[row.doc_id]
        assert text[row.start : row.end] == row.text
        for position in (row.start, row.end - 1):
            assert raw[corpus.raw_offset(row.doc_id, position)] == text[position]
    for row in corpus.dropped.itertuples():
        assert raw[row.raw_start : row.raw_end] == row.text


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_a_saved_web_page_gives_its_main_text(tmp_path, charset):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.replace("{charset}", charset).encode(charset))
    corpus = load_corpus([path])
    doc = corpus.documents.iloc[0]
    assert doc.title == TITLE
    assert (doc.outlet, doc.date) == ("某县融媒体中心", "2023-05-06")
    assert corpus.sections["section"].tolist() == ["", "一、强化组织保障"]
    assert corpus.sentences["text"].tolist() == [LEAD, BODY]
    assert "版权所有" not in corpus.texts["page"] and "首页" not in corpus.texts["page"]
    _offsets_hold(corpus, path)


def test_a_word_file_gives_its_paragraphs_and_tables(tmp_path):
    path = tmp_path / "report.docx"
    make_docx(path, [TITLE, LEAD, "一、强化组织保障", BODY], table=[["指标", "数量"]])
    corpus = load_corpus([path])
    assert corpus.documents.loc[0, "title"] == TITLE
    assert corpus.sentences["text"].tolist()[:2] == [LEAD, BODY]
    assert "指标\t数量" in read_text(path)
    _offsets_hold(corpus, path)


def test_a_pdf_page_break_inside_a_sentence_is_repaired(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf([[TITLE, LEAD, "全县组建服务专班15个，走访企"], ["业2000余家。"]]))
    corpus = load_corpus([path])
    assert corpus.documents.loc[0, "title"] == TITLE
    assert corpus.sentences["text"].tolist() == [LEAD, "全县组建服务专班15个，走访企业2000余家。"]
    assert corpus.breaks["kind"].tolist() == ["page_break"]
    _offsets_hold(corpus, path)


def test_a_folder_of_mixed_formats_is_read_in_name_order(tmp_path):
    (tmp_path / "b.txt").write_text(f"{TITLE}\n{LEAD}\n", encoding="utf-8")
    (tmp_path / "a.html").write_text(PAGE.replace("{charset}", "utf-8"), encoding="utf-8")
    make_docx(tmp_path / "c.docx", [LEAD])
    (tmp_path / "d.pdf").write_bytes(make_pdf([[LEAD]]))
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert [p.name for p in resolve_sources([tmp_path])] == ["a.html", "b.txt", "c.docx", "d.pdf"]
    first, second = load_corpus([tmp_path]), load_corpus([tmp_path])
    assert first.documents["doc_id"].tolist() == ["a", "b", "c", "d"]
    pd.testing.assert_frame_equal(first.sentences, second.sentences)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written beside them


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("scan.pdf", make_pdf([[]]), "the PDF has no text layer (a scanned image?)"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "not a readable PDF file"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable .docx file"),
        ("empty.html", b"<html><body><div></div></body></html>", "no article text found"),
        ("empty.docx", b"", "file is empty"),
    ],
)
def test_bad_files_give_one_line(tmp_path, capsys, name, data, problem):
    from pbanalysis.cli import main

    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as error:
        load_corpus([path])
    message = str(error.value)
    assert message.startswith(f"{path}: ") and problem in message and "\n" not in message
    assert main(["segment", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and problem in err


def test_an_empty_word_file_holds_no_text(tmp_path):
    path = tmp_path / "blank.docx"
    make_docx(path, [""])
    with pytest.raises(InputError, match="holds no text"):
        load_corpus([path])


def test_extraction_is_kept_in_memory(tmp_path, monkeypatch):
    import pbanalysis.corpus.formats as formats

    data = make_pdf([[LEAD]])
    first = extract_text(data, ".pdf")
    monkeypatch.setattr(formats, "_pdf_text", lambda *_: pytest.fail("extracted twice"))
    assert extract_text(data, ".PDF") == first
