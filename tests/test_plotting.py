"""Tests for pbanalysis.report.plotting: CJK font, deterministic files, English labels."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from pbanalysis.errors import InputError
from pbanalysis.report import plotting


@pytest.fixture
def plt():
    import matplotlib.pyplot as pyplot

    yield pyplot
    pyplot.close("all")


def test_font_registered_and_idempotent():
    from matplotlib import font_manager

    assert plotting.use_cjk_font() == "Noto Sans CJK SC"
    count = len(font_manager.fontManager.ttflist)
    assert plotting.use_cjk_font() == "Noto Sans CJK SC"
    assert len(font_manager.fontManager.ttflist) == count
    names = {entry.name for entry in font_manager.fontManager.ttflist}
    assert "Noto Sans CJK SC" in names
    found = font_manager.findfont(font_manager.FontProperties(family="Noto Sans CJK SC"))
    assert found.endswith(".ttc")


def test_chinese_text_renders_without_missing_glyph(plt, tmp_path):
    plotting.use_cjk_font()
    fig, ax = plt.subplots()
    ax.set_title("眉山市：深化新经济组织党建工作")
    ax.set_xlabel("营商环境 “两个覆盖” 99.07% −5")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plotting.save_figure(fig, tmp_path, "zh")
        fig.canvas.draw()


def test_without_the_font_a_glyph_warning_is_raised(plt):
    """Guards the previous test: the check it relies on does fire without the CJK font."""
    import matplotlib

    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("眉山市")
        with pytest.warns(UserWarning, match="missing from font"):
            fig.canvas.draw()


def test_save_figure_is_deterministic(plt, tmp_path):
    plotting.use_cjk_font()
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [3, 1, 2])
    ax.set_title("加格达奇区")
    first = [path.read_bytes() for path in plotting.save_figure(fig, tmp_path / "a", "fig")]
    second = [path.read_bytes() for path in plotting.save_figure(fig, tmp_path / "b", "fig")]
    assert first == second
    assert first[0].startswith(b"\x89PNG")
    svg = first[1].decode("utf-8")
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert sorted(path.name for path in (tmp_path / "a").iterdir()) == ["fig.png", "fig.svg"]


def test_translate_english_and_chinese():
    assert plotting.translate("眉山市", "en") == "Meishan"
    assert plotting.translate("加格达奇区", "en") == "Jiagedaqi"
    assert plotting.translate("四川省", "en") == "Sichuan"
    assert plotting.translate("黑龙江省", "en") == "Heilongjiang"
    assert plotting.translate("句子数", "en") == "Sentences"
    assert plotting.translate("眉山市", "zh") == "眉山市"
    assert plotting.translate("Lever", "en") == "Lever"


def test_missing_translation_falls_back_and_is_reported():
    text = "某某测试用不存在的地名"
    assert plotting.translate(text, "en") == text
    assert text in plotting.untranslated()


def test_unknown_language_is_an_input_error():
    with pytest.raises(InputError, match="lang"):
        plotting.translate("眉山市", "fr")
    with pytest.raises(InputError):
        plotting.glossary("de")


def test_glossary_has_unique_keys_and_all_columns():
    table = plotting.load_glossary()
    assert not table["zh"].duplicated().any()
    assert set(table["kind"]) >= {"region", "ui", "province"}


def test_heatmap_labels_are_english(plt):
    table = pd.DataFrame([[1, 0], [2, 3]], index=["眉山市", "加格达奇区"], columns=["x", "y"])
    ax = plotting.heatmap(table, title="杠杆 × 支柱", lang="en", xlabel="支柱", ylabel="杠杆")
    assert ax.get_title() == "Levers × pillars"
    assert ax.get_xlabel() == "Pillar" and ax.get_ylabel() == "Lever"
    assert [text.get_text() for text in ax.texts] == ["1", "0", "2", "3"]


def test_bar_compare_keeps_missing_groups_at_zero(plt):
    frame = pd.DataFrame(
        {"code": ["a", "b", "a"], "region": ["眉山市", "眉山市", "加格达奇区"], "n": [2, 1, 4]}
    )
    ax = plotting.bar_compare(
        frame, category="code", value="n", group="region", title="句子数", lang="en"
    )
    widths = sorted(patch.get_width() for patch in ax.patches)
    assert widths == [0.0, 1.0, 2.0, 4.0]


def test_translation_note_names_labels_left_in_chinese():
    plotting.translate("某个没有译名的词", "en")
    assert "某个没有译名的词" in plotting.translation_note("en")
    assert plotting.translation_note("zh") == "标签均为中文，无需翻译。"
