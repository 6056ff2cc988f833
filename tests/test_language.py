"""One language per report: the check for the other language's prose, on rendered reports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pbanalysis.corpus import load_corpus
from pbanalysis.io import paths
from pbanalysis.report.corpus_page import sentence_keys
from pbanalysis.report.html import break_words, notebook_html
from pbanalysis.report.language import foreign_prose, mark_sources

NOTEBOOKS = paths.project_root() / "notebooks"


def test_english_prose_in_a_chinese_report_is_found():
    page = "<h2>总览</h2><p>Share of each unit's sentences</p><p>Holm 校正后 p = 0.1</p>"
    assert foreign_prose(page, "zh") == ["Share of each unit's sentences"]


def test_identifiers_file_names_and_allowed_names_pass_in_a_chinese_report():
    page = (
        "<p>见 <code>data/corpus.csv</code>、compare_overview_levers.csv 与 Fisher exact 检验</p>"
    )
    assert foreign_prose(page, "zh", allowed=["Fisher exact"]) == []


def test_chinese_sentences_and_untranslated_labels_in_an_english_report_are_found():
    page = "<p>Meishan: 服务企业，解决难题。</p><table><tr><td>加格达奇区</td></tr></table>"
    assert foreign_prose(page, "en") == ["服务企业，解决难题。", "加格达奇区"]


def test_article_quotes_are_marked_and_allowed_in_an_english_report():
    table = (
        "<table><thead><tr><th></th><th>Region</th><th>Text</th></tr></thead><tbody>"
        "<tr><th>0</th><td>Meishan</td><td>全市非公企业党组织覆盖率达到九成以上。</td></tr>"
        "</tbody></table>"
    )
    marked = mark_sources(table)
    assert '<td lang="zh">全市' in marked
    assert foreign_prose(table, "en") != [] and foreign_prose(marked, "en") == []


def test_word_breaks_do_not_hide_text_from_the_check():
    page = break_words("<body><p>Most mentioned: 破坏营商环境突出问题专项整治专班工作</p></body>")
    assert "<wbr>" in page
    assert foreign_prose(page, "en") == ["破坏营商环境突出问题专项整治专班工作"]


def test_narrow_labels_stay_whole_and_long_text_breaks_only_between_words():
    page = break_words(
        "<body><table><tr><td>眉山市</td><td>加格达奇区推进党建引领营商环境优化</td></tr></table></body>"
    )
    assert "<td>眉山市</td>" in page
    cell = page.split("<td>")[2]
    assert "加格达奇区<wbr>" in cell and "营商<wbr>环境" not in cell and "眉山<wbr>市" not in page


def _run(notebook: str, lang: str, tmp_path) -> str:
    """Execute with the papermill command (a subprocess, the project kernel ``python3``) and
    render the report as a study does."""
    out = tmp_path / lang
    out.mkdir()
    executed = tmp_path / f"{notebook}-{lang}.ipynb"
    command = [sys.executable, "-m", "papermill", str(NOTEBOOKS / f"{notebook}.ipynb")]
    command += [str(executed), "--kernel", "python3", "--no-progress-bar", "--cwd", str(out)]
    command += ["-p", "lang", lang, "-p", "output_dir", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return notebook_html(
        json.loads(executed.read_text(encoding="utf-8")),
        title=notebook,
        parameters={"lang": lang},
        lang=lang,
        corpus_page=f"../corpus-{lang}.html",
        sentences=sentence_keys(load_corpus().sentences),
    )


NOTEBOOK_NAMES = sorted(path.stem for path in NOTEBOOKS.glob("*.ipynb"))


@pytest.mark.notebooks
@pytest.mark.parametrize("notebook", NOTEBOOK_NAMES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_report_reads_in_one_language(notebook, lang, tmp_path):
    """Every notebook, run in each language, reads in that language only: no prose of the
    other (article quotes, code and file names aside), and its tables link to the corpus page
    wherever they name sentences."""
    page = _run(notebook, lang, tmp_path)
    assert foreign_prose(page, lang) == []
    assert f'<html lang="{lang}">' in page
    if notebook != "04_comparative_study":  # 04 tables count codes per unit, not sentences
        assert f'<a class="source" href="../corpus-{lang}.html#s-' in page


def test_the_run_name_in_the_report_header_is_not_prose():
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("Overview")]
    page = notebook_html(notebook, title="03_region_profile-眉山市-en", lang="en")
    assert '<strong translate="no">03_region_profile-眉山市-en</strong>' in page
    assert foreign_prose(page, "en") == []


def test_markdown_cells_of_the_other_language_are_left_out():
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("## Overview", metadata={"tags": ["lang-en"]}),
        nbformat.v4.new_markdown_cell("## 总览", metadata={"tags": ["lang-zh"]}),
        nbformat.v4.new_markdown_cell("B-READY"),
    ]
    zh = notebook_html(notebook, title="t", lang="zh")
    en = notebook_html(notebook, title="t", lang="en")
    assert "总览" in zh and "Overview" not in zh and "B-READY" in zh
    assert "Overview" in en and "总览" not in en and "B-READY" in en
