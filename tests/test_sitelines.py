"""Lines of a web or newspaper page that are not the report: chrome, source lines, datelines.

Every line here is invented for the test, written the way such pages are generally laid out."""

from __future__ import annotations

import pytest

from pbanalysis.corpus import load_corpus
from pbanalysis.corpus.sitelines import iso_date, line_kind, read_dateline, reporters, source_fields


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("首页 > 新闻中心 > 党建动态", "navigation"),
        ("当前位置：首页 > 地方动态", "navigation"),
        ("首页 » 正文", "navigation"),
        ("首页 | 新闻 | 党建 | 政务公开", "navigation"),
        ("上一篇：某镇召开党建工作会", "navigation"),
        ("投稿", "page_tool"),
        ("小字号", "page_tool"),
        ("【字体：大 中 小】", "page_tool"),
        ("【打印】【关闭】", "page_tool"),
        ("打印本页  关闭窗口", "page_tool"),
        ("分享到：", "page_tool"),
        ("扫一扫在手机打开当前页", "page_tool"),
        ("版权所有：某县人民政府办公室  ICP备00000000号", "footer"),
        ("主办单位：某县委宣传部", "footer"),
        ("责任编辑：王五", "editor"),
        ("编辑 李四", "editor"),
        ("（完）", "end_mark"),
        ("来源：某县融媒体中心", "source"),
        ("《 某某日报 》（ 2024年3月8日   第 5 版）", "source"),
        ("2024年7月10日", "source"),
        ("电话：0000-1234567", "footer"),
        ("電 話:0000-7654321", "footer"),
        ("地 址：某省某县人民路1号", "footer"),
        ("某某县人民政府", "site_name"),
        ("某某市党建网", "site_name"),
        ("无障碍浏览 长者模式", "page_tool"),
        ("本篇文章575字，读完约1分钟", "page_tool"),
        ("●某某省委组织部门户网站 ●某某党员网络学习平台", "site_name"),
        ("当前版: 08版 上一版  下一版", "navigation"),
        ("往期阅读", "navigation"),
        ("第03版:要闻", "navigation"),
        ("放大 缩小 默认", "page_tool"),
    ],
)
def test_chrome_lines_are_recognised(line, kind):
    assert line_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "今年以来，全县新建非公企业党组织12个。",
        "完成整改问题38个。",
        "群众扫一扫二维码就能办理业务。",
        "编辑部门负责人介绍了有关情况",
        "满意度>95%，较上年明显提升。",
        "党建引领 服务发展",
        "时间紧、任务重，全体党员冲锋在前。",
        "主办方邀请企业代表参加座谈。",
        "电话回访企业86家，收集意见建议21条。",
        "某某县人民政府召开常务会议",
        "党建引领搭建服务平台",
        "搭建政企沟通平台 打造服务企业网",
    ],
)
def test_report_lines_are_not_chrome(line):
    assert line_kind(line) == ""


@pytest.mark.parametrize(
    ("line", "outlet", "date", "names"),
    [
        ("来源：某市日报  作者：张三  时间：2023-05-06", "某市日报", "2023-05-06", "张三"),
        ("发布时间：2023年5月6日 10:20 来源：某县融媒体中心", "某县融媒体中心", "2023-05-06", ""),
        ("来源/某县党建网 作者/张三 李四 时间/2023/05/06", "某县党建网", "2023-05-06", "张三;李四"),
        ("2023-05-06 10:20:30  来源：本站  浏览次数：123", "", "2023-05-06", ""),
        ("信息来源：某区委组织部 发布日期：2022年11月", "某区委组织部", "2022-11", ""),
        ("【来源：某某日报】", "某某日报", "", ""),
        ("《 某某日报 》（ 2024年3月8日   第 5 版）", "某某日报", "2024-03-08", ""),
        ("作者：本报记者 王五  通讯员：赵六", "", "", "王五;赵六"),
    ],
)
def test_source_lines_give_outlet_date_and_reporters(line, outlet, date, names):
    assert line_kind(line) == "source"
    assert source_fields(line) == {"outlet": outlet, "date": date, "reporters": names}


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023年5月6日", "2023-05-06"),
        ("2023.05.06", "2023-05-06"),
        ("2023年05月", "2023-05"),
        ("2023-05", "2023-05"),
        ("2023年", "2023"),
        ("5月6日", ""),
        ("2023年2月30日", ""),
        ("1800年1月1日", ""),
    ],
)
def test_dates_are_as_precise_as_stated(text, iso):
    assert iso_date(text) == iso


@pytest.mark.parametrize(
    ("paragraph", "dateline", "outlet", "names"),
    [
        (
            "本报讯（记者 张三 李四）近日，某县召开推进会。",
            "本报讯（记者 张三 李四）",
            "",
            "张三;李四",
        ),
        (
            "某某网讯（通讯员 王五）今年以来，某镇服务企业。",
            "某某网讯（通讯员 王五）",
            "某某网",
            "王五",
        ),
        (
            "新华社北京5月6日电（记者 赵六）近日，某地出台措施。",
            "新华社北京5月6日电（记者 赵六）",
            "新华社",
            "赵六",
        ),
        ("某市日报讯 今年以来，某区服务企业。", "某市日报讯", "某市日报", ""),
        ("新华社台北5月6日电 近日，某地出台措施。", "新华社台北5月6日电", "新华社", ""),
        (
            "【某某報訊】記者某某報道：某區持續優化營商環境。",
            "【某某報訊】記者某某報道：",
            "某某報",
            "",
        ),
    ],
)
def test_datelines(paragraph, dateline, outlet, names):
    found = read_dateline(paragraph)
    assert (found.text, found.outlet, found.reporters) == (dateline, outlet, names)
    assert not paragraph[found.end :].startswith((" ", "　"))


@pytest.mark.parametrize(
    "paragraph",
    [
        "近年来，全市持续发力。",
        "通讯行业发展迅速，全县新增企业12家。",
        "今年以来，某县电商产业发展迅速。",
    ],
)
def test_paragraphs_without_dateline(paragraph):
    assert read_dateline(paragraph) is None


def test_reporter_names_spaced_to_three_characters_are_joined():
    assert reporters("本报记者  周某某  陈  某") == "周某某;陈某"
    assert reporters("记者：张三 通讯员：李四") == "张三;李四"


WEB_PAGE = """首页 > 新闻中心 > 党建动态
某县：党建引领优化营商环境
来源：某县融媒体中心  作者：王小明  时间：2023-05-06 10:20
【字体：大 中 小】 打印本页 关闭窗口
本报讯（记者 张三 通讯员 李四）今年以来，某县坚持党建引领，新建非公企业党组织12个。
全县组建服务专班15个，走访企业2000余家。（完）
责任编辑：赵六
扫一扫在手机打开当前页
版权所有 某县人民政府  ICP备00000000号
"""


def test_a_saved_web_page_keeps_its_chrome_in_dropped(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(WEB_PAGE, encoding="utf-8")
    corpus = load_corpus([path])
    doc = corpus.documents.iloc[0]
    assert doc.title == "某县：党建引领优化营商环境"
    assert (doc.outlet, doc.date) == ("某县融媒体中心", "2023-05-06")
    assert doc.reporters == "王小明;张三;李四"
    assert corpus.sentences["text"].tolist() == [
        "今年以来，某县坚持党建引领，新建非公企业党组织12个。",
        "全县组建服务专班15个，走访企业2000余家。",
    ]
    dropped = corpus.dropped
    assert dropped["kind"].tolist() == [
        "navigation",
        "source",
        "page_tool",
        "dateline",
        "end_mark",
        "editor",
        "page_tool",
        "footer",
    ]
    raw = path.read_text(encoding="utf-8")
    for row in dropped.itertuples():
        assert raw[row.raw_start : row.raw_end] == row.text
    text = corpus.texts["page"]
    assert not any(row.text in text for row in dropped.itertuples())
    for row in corpus.sentences.itertuples():
        assert text[row.start : row.end] == row.text
        for position in (row.start, row.end - 1):
            assert raw[corpus.raw_offset("page", position)] == text[position]


def test_the_manifest_still_wins_over_source_lines(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(WEB_PAGE, encoding="utf-8")
    manifest = tmp_path / "corpus.csv"
    manifest.write_text("doc_id,file,article,outlet\np,page.txt,1,某某周刊\n", encoding="utf-8")
    doc = load_corpus([path], manifest=manifest).documents.iloc[0]
    assert (doc.outlet, doc.date) == ("某某周刊", "2023-05-06")


def test_inspect_lists_dropped_lines(tmp_path, capsys):
    from pbanalysis.cli import main

    path = tmp_path / "page.txt"
    path.write_text(WEB_PAGE, encoding="utf-8")
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "dropped lines: 8" in out
    assert "  - [dateline] 本报讯（记者 张三 通讯员 李四）" in out
    assert "  - [navigation] 首页 > 新闻中心 > 党建动态" in out
    assert "outlet:   某县融媒体中心" in out and "date:     2023-05-06" in out


def test_a_two_item_breadcrumb_that_points_on_to_the_page_is_navigation():
    from pbanalysis.corpus.sitelines import line_kind

    assert line_kind("某市新闻>>某日报某市专版>>") == "navigation"
    assert line_kind("某市新闻 » 专题报道 »") == "navigation"
    assert line_kind("党建引领>营商环境") == ""  # two items, no home, no trailing mark


def test_a_byline_names_its_outlet_apart_from_the_reporters():
    from pbanalysis.corpus.sitelines import byline_outlet, reporters

    line = "某某日报记者 张三 通讯员 李四"
    assert (byline_outlet(line), reporters(line)) == ("某某日报", "张三;李四")
    assert byline_outlet("本报记者 王五") == ""
