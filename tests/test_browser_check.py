"""Tests for scripts/browser_check.py (`make browser-check`): its pure helpers without a browser,
and one real run in headless Chromium on a tiny study folder made here."""

from __future__ import annotations

import base64
import doctest
import importlib.util
import io
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "browser_check.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("browser_check", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


bc = _load()

# a 1×1 PNG
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
    "DwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_doctests() -> None:
    result = doctest.testmod(bc, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("#Exports", "anchor"),
        ("01_corpus_overview/01_corpus_overview.html", "relative"),
        ("../summary.csv", "relative"),
        ("file:///tmp/study/index.html", "file"),
        ("data:image/png;base64,AAAA", "data"),
        ("https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js", "network"),
        ("http://127.0.0.1:8888/lab", "network"),
        ("//fonts.googleapis.com/css", "network"),
        ("wss://example.org/socket", "network"),
        ("mailto:someone@example.org", "other"),
        ("javascript:void(0)", "other"),
        ("about:blank", "other"),
    ],
)
def test_classify_url(url: str, kind: str) -> None:
    assert bc.classify_url(url) == kind


@pytest.mark.parametrize(
    ("url", "network"),
    [
        ("file:///tmp/a.html", False),
        ("FILE:///tmp/a.html", False),
        ("data:font/woff2;base64,d09GMgAB", False),
        ("https://example.org/a.png", True),
        ("http://127.0.0.1:9/a.png", True),
        ("blob:null/1234", True),
        ("chrome://resources/js/util.js", True),
    ],
)
def test_is_network_request(url: str, network: bool) -> None:
    assert bc.is_network_request(url) is network


def test_resolve_link(tmp_path: Path) -> None:
    index = tmp_path / "index.html"
    report = tmp_path / "03_region_profile-u42584af7" / "03_region_profile.html"
    assert bc.resolve_link(index, "03_region_profile-u42584af7/03_region_profile.html") == (
        report,
        "",
    )
    assert bc.resolve_link(report, "../index.html#top") == (index, "top")
    assert bc.resolve_link(report, "#Levers-%C3%97-pillars") == (report, "Levers-%C3%97-pillars")
    assert bc.resolve_link(index, "profile_%E7%9C%89%E5%B1%B1%E5%B8%82.csv") == (
        tmp_path / "profile_眉山市.csv",
        "",
    )
    assert bc.resolve_link(index, report.as_uri()) == (report, "")
    for outside in ["https://example.org/", "mailto:a@b.org", "data:,x", "javascript:void(0)"]:
        assert bc.resolve_link(index, outside) == (None, "")


def test_check_link(tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (tmp_path / "summary.csv").write_text("a\n", encoding="utf-8")
    report = run / "report.html"
    report.write_text(
        '<h1 id="top">R</h1><h2 id="Levers-%C3%97-pillars">L</h2><h2 id="结论">C</h2>'
        '<a name="legacy"></a>',
        encoding="utf-8",
    )
    index = tmp_path / "index.html"
    ids_of: dict[Path, frozenset[str]] = {}
    for fine in [
        "run/report.html",
        "run/report.html#top",
        "run/report.html#legacy",
        "run/report.html#Levers-%C3%97-pillars",  # the id as written, as nbconvert writes it
        "run/report.html#%E7%BB%93%E8%AE%BA",  # the id percent-decoded
        "summary.csv",
        "summary.csv#anything",  # fragments of non-HTML files are not checked
        "run/",
        "https://example.org/missing.html",
        "mailto:a@b.org",
    ]:
        assert bc.check_link(index, fine, ids_of) is None, fine
    assert bc.check_link(index, "run/missing.html") == (
        "broken link run/missing.html: no file run/missing.html"
    )
    assert bc.check_link(index, "run/report.html#nowhere", ids_of) == (
        'broken link run/report.html#nowhere: no id "nowhere" in run/report.html'
    )
    assert bc.check_link(report, "#Levers-%C3%97", ids_of, root=tmp_path) == (
        'broken link #Levers-%C3%97: no id "Levers-×" in run/report.html'
    )
    assert bc.check_link(report, "../summary.json", root=tmp_path) == (
        "broken link ../summary.json: no file summary.json"
    )


def test_html_ids() -> None:
    page = '<div id="a"><a name="b" href="#a">x</a><span name="c" id="d"></span><p id=""></p>'
    assert bc.html_ids(page) == frozenset({"a", "b", "d", ""})


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('<script src="x.js"></script>', ["<script", "</script"]),
        ("<div class='jp-OutputArea'>", ["<div"]),
        ("see </TD> here", ["</TD"]),
        ("<table>\n<tr><td>1</td></tr>", ["<table", "<tr", "<td", "</td", "</tr"]),
        ("<!-- comment -->", ["<!--"]),
        ("&lt;b&gt;党建&lt;/b&gt;", ["&lt;", "&gt;", "&lt;", "&gt;"]),
        ("R&amp;D &#39;x&#39; &#x27;", ["&amp;", "&#39;", "&#39;", "&#x27;"]),
        ("share < 5% and p<0.05", []),
        ("a <= b, <Tab>, <b2>, <divider>, x<y", []),
        ("R&D spending & more; AT&T", []),
        ("党建 × 营商环境 — 《报告》", []),
    ],
)
def test_find_markup(text: str, found: list[str]) -> None:
    assert bc.find_markup(text) == found


def test_cjk_characters() -> None:
    assert (
        bc.cjk_characters("Levers × pillars: 党建引领（营商环境），2023年。")
        == "。党商境年建引环营领（），"
    )
    assert bc.cjk_characters("plain ASCII, × and — only") == ""


def test_study_pages(tmp_path: Path) -> None:
    names = [
        "index.html",
        "corpus-zh.html",
        "b/b.html",
        "a/a.html",
        "a/data.csv",
        "a/deeper/x.html",
    ]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    pages = [p.relative_to(tmp_path).as_posix() for p in bc.study_pages(tmp_path)]
    assert pages == ["index.html", "corpus-zh.html", "a/a.html", "b/b.html"]


def _event(method: str, **params: object) -> dict[str, str]:
    return {"message": json.dumps({"message": {"method": method, "params": params}})}


def test_page_problems_from_logs_and_facts(tmp_path: Path) -> None:
    page = tmp_path / "run" / "r.html"
    page.parent.mkdir()
    page.write_text("", encoding="utf-8")
    facts = {
        "links": ["#top", "#gone", "r.html", "nothing.csv"],
        "ids": ["top"],
        "images": [
            {"src": PIXEL, "complete": True, "width": 1},
            {"src": "file:///x/broken.png", "complete": True, "width": 0},
        ],
        "markup": ["fine text", "&lt;div&gt; shown as text"],
        "fonts": [{"font": "monospace", "missing": [["党", "<pre>"]]}],
        "faces": [{"family": "pbanalysis CJK", "status": "loaded"}],
        "embedded": [],
        "cjk": "党",
        "check": True,
    }
    performance = [
        _event(
            "Network.requestWillBeSent",
            documentURL="chrome://new-tab-page/",
            requestId="0",
            request={"url": "chrome://resources/js/util.js"},
        ),
        _event(
            "Network.requestWillBeSent",
            documentURL=page.as_uri(),
            requestId="1",
            request={"url": page.as_uri()},
        ),
        _event(
            "Network.requestWillBeSent",
            documentURL=page.as_uri(),
            requestId="2",
            request={"url": "https://cdn.example.org/mathjax.js"},
        ),
        _event(
            "Network.requestWillBeSent",
            documentURL=page.as_uri(),
            requestId="3",
            request={"url": "file:///x/broken.png"},
        ),
        _event("Network.loadingFailed", requestId="3", errorText="net::ERR_FILE_NOT_FOUND"),
        _event(
            "Network.requestWillBeSent",
            documentURL=page.as_uri(),
            requestId="4",
            request={"url": PIXEL},
        ),
        {"message": "not json"},
    ]
    console = [
        {"level": "INFO", "message": "hello"},
        {"level": "SEVERE", "message": "file:///x/broken.png - Failed to load resource"},
    ]
    problems = bc.page_problems(page, facts, performance, console, {})
    assert problems == [
        "network request https://cdn.example.org/mathjax.js",
        "failed to load file:///x/broken.png: net::ERR_FILE_NOT_FOUND",
        "console error: file:///x/broken.png - Failed to load resource",
        'broken link #gone: no id "gone" in r.html',
        "broken link nothing.csv: no file nothing.csv",
        "image not shown (naturalWidth 0): file:///x/broken.png",
        "raw markup &lt;, &gt; in text: '&lt;div&gt; shown as text'",
        "missing glyphs: 1 (党) characters no available font draws, in <pre>",
    ]


def _woff2(characters: str) -> bytes:
    """A tiny WOFF2 font with an (empty) glyph for each of ``characters``."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef", *(f"g{i}" for i in range(len(characters)))]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(char): f"g{i}" for i, char in enumerate(characters)})
    builder.setupGlyf({name: TTGlyphPen(None).glyph() for name in names})
    builder.setupHorizontalMetrics({name: (1000, 0) for name in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "pbanalysis CJK", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.font.flavor = "woff2"
    buffer = io.BytesIO()
    builder.save(buffer)
    return buffer.getvalue()


def test_font_characters() -> None:
    assert bc.font_characters(_woff2("党建")) == frozenset("党建")


def test_page_problems_embedded_font_coverage(tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    data = base64.b64encode(_woff2("党建")).decode("ascii")
    facts = {
        "faces": [{"family": "pbanalysis CJK", "status": "loaded"}],
        "embedded": [f"data:font/woff2;base64,{data}"],
        "cjk": "党建营",
        "check": True,
        "fonts": [],
    }
    assert bc.page_problems(page, facts, [], [], {}) == [
        '"pbanalysis CJK" subset lacks 1 (营) CJK characters'
    ]
    facts["cjk"] = "党建"
    assert bc.page_problems(page, facts, [], [], {}) == []
    facts["check"] = False
    facts["faces"] = [{"family": "pbanalysis CJK", "status": "error"}]
    assert bc.page_problems(page, facts, [], [], {}) == [
        'font face "pbanalysis CJK" failed to load',
        'document.fonts.check(16px "pbanalysis CJK") is false for the CJK text',
    ]
    # a report without its font, on a machine that happens to have CJK fonts, is still reported;
    # index.html may rely on the machine's fonts
    bare = {"cjk": "党建", "fonts": [], "faces": [], "embedded": []}
    assert bc.page_problems(page, bare, [], [], {}) == [
        'no embedded "pbanalysis CJK" font: 2 (党建) CJK characters rely on this machine\'s fonts'
    ]
    assert bc.page_problems(tmp_path / "index.html", bare, [], [], {}) == []
    assert bc.page_problems(page, {"error": "TypeError: x"}, [], [], {}) == [
        "page check failed: {'error': 'TypeError: x'}"
    ]


def test_no_folder_is_a_setup_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bc.main([str(tmp_path / "absent")]) == 2
    assert "no such study output folder" in capsys.readouterr().err


def _study(root: Path) -> Path:
    """A tiny study output folder: one page with broken links and escaped markup, one with an
    image from the network, one page that is fine, and the index linking them."""
    pages = {
        "index.html": (
            '<h1 id="top">Study</h1><p><a href="summary.csv">summary.csv</a></p><ul>'
            '<li><a href="broken/broken.html">broken</a></li>'
            '<li><a href="network/network.html">network</a></li>'
            '<li><a href="fine/fine.html#Results">fine</a></li></ul>'
        ),
        "broken/broken.html": (
            '<p><a href="missing.csv">data</a> <a href="#nowhere">below</a></p>'
            "<p>&amp;lt;div class=&amp;quot;x&amp;quot;&amp;gt;</p>"
        ),
        "network/network.html": '<img alt="logo" src="http://127.0.0.1:9/logo.png">',
        "fine/fine.html": (
            '<h2 id="Results">Results × pillars</h2>'
            f'<p><a href="../index.html#top">index</a> <a href="table.csv">table</a>'
            f' <a href="#Results">top</a> <a href="https://example.org/">cited</a></p>'
            f'<img alt="pixel" src="{PIXEL}"><img alt="pixel" src="pixel.png">'
            '<div class="jp-InputArea-editor"><pre>HTML("&lt;div&gt;")</pre></div>'
            "<p>Arrows ↔ and ticks ✓ — “quoted”, 5 &lt; 6</p>"
        ),
    }
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{name}</title>'
            f"</head><body>{body}</body></html>",
            encoding="utf-8",
        )
    (root / "summary.csv").write_text("run,status\n", encoding="utf-8")
    (root / "fine" / "table.csv").write_text("a\n", encoding="utf-8")
    (root / "fine" / "pixel.png").write_bytes(base64.b64decode(PIXEL.split(",", 1)[1]))
    return root


@pytest.mark.notebooks
def test_real_check_in_headless_chromium(tmp_path: Path) -> None:
    if not (bc.CHROMIUM.exists() and bc.CHROMEDRIVER.exists()):
        pytest.skip(
            f"{bc.CHROMIUM} or {bc.CHROMEDRIVER} absent (`make browser-check` installs them)"
        )
    try:
        import selenium  # noqa: F401
    except ImportError:
        pytest.skip("selenium absent (`make browser-check` installs the browser extra)")
    folder = _study(tmp_path / "study")
    profiles = set(Path(tempfile.gettempdir()).glob("browser-check-*"))
    out = io.StringIO()
    status = bc.check_folder(folder, out)
    lines = out.getvalue().splitlines()
    assert status == 1, lines
    assert lines[-1] == f"4 pages checked, {len(lines) - 1} problems"
    problems = lines[:-1]
    by_page: dict[str, list[str]] = {}
    for line in problems:
        page, _, problem = line.partition(": ")
        by_page.setdefault(page, []).append(problem)
    assert set(by_page) == {"broken/broken.html", "network/network.html"}, problems
    broken = by_page["broken/broken.html"]
    assert "broken link missing.csv: no file broken/missing.csv" in broken
    assert 'broken link #nowhere: no id "nowhere" in broken/broken.html' in broken
    assert any(p.startswith("raw markup &lt;, &quot;, &gt; in text") for p in broken), broken
    network = by_page["network/network.html"]
    assert "network request http://127.0.0.1:9/logo.png" in network
    assert "image not shown (naturalWidth 0): http://127.0.0.1:9/logo.png" in network
    assert any(p.startswith("console error:") for p in network), network
    assert set(Path(tempfile.gettempdir()).glob("browser-check-*")) <= profiles  # removed
