"""Open a study output folder's ``index.html`` and every report in headless Chromium and report
what a reader would see go wrong (issue 16 item 7; ``make browser-check``).

Usage: ``python scripts/browser_check.py [FOLDER]`` (default ``reports/default/latest``).

Pages are loaded from ``file://`` URLs. For each page it reports

- console errors (browser log level SEVERE),
- any network request whose URL is not ``file:`` or ``data:`` (reports must work offline),
- local files that failed to load,
- ``<a href>`` links to local files that do not exist, and ``#anchors`` missing on the target,
- ``<img>`` elements that did not decode (``naturalWidth == 0``),
- text nodes holding raw markup (``<div``, ``<script`` ...) or literal entities (``&lt;``):
  the sign of HTML escaped twice, or not at all,
- missing glyphs: characters that no available font draws (they would show as boxes), font
  faces that failed to load, and, where the page embeds its CJK subset (family
  ``pbanalysis CJK``), CJK characters the subset lacks or that ``document.fonts.check`` rejects.

It prints one line per problem (``page: problem``), then ``N pages checked, M problems``, and
exits 1 when there are problems, 0 when there are none and 2 on setup errors (no folder, no
browser or driver, no selenium).

Chromium and its driver are Debian's ``chromium`` and ``chromium-driver`` (``/usr/bin``); the
``browser`` extra brings selenium. The pure helpers (URL classification, link resolution,
markup detection) need neither and are unit-tested in ``tests/test_browser_check.py``.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

__all__ = [
    "CHROMIUM",
    "CHROMEDRIVER",
    "CHROMIUM_FLAGS",
    "EMBEDDED_FAMILY",
    "Problem",
    "classify_url",
    "is_network_request",
    "resolve_link",
    "check_link",
    "html_ids",
    "find_markup",
    "cjk_characters",
    "font_characters",
    "study_pages",
    "page_problems",
    "check_folder",
    "main",
]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
"""No network on CI: without the background-networking flags Chromium makes refused
connections of its own."""

EMBEDDED_FAMILY = "pbanalysis CJK"
"""The family reports embed their WOFF2 CJK subset under (``pbanalysis.report.fonts``)."""

DEFAULT_FOLDER = "reports/default/latest"
PAGE_TIMEOUT = 60  # seconds for one page to load and for its scripts below
SNIPPET = 60  # characters of context shown in a problem line

LOCAL_SCHEMES = frozenset({"file", "data"})
BROWSER_PAGES = ("chrome:", "chrome-untrusted:", "chrome-search:", "devtools:")


@dataclass(frozen=True)
class Problem:
    page: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.problem}"


# --------------------------------------------------------------------------- pure helpers


def classify_url(url: str) -> str:
    """What kind of target a URL (or ``href``) names: ``"anchor"`` (a bare ``#fragment``),
    ``"file"``, ``"data"``, ``"relative"`` (a path still to be joined with the page's URL),
    ``"network"`` (http, https, ws, ftp, ``//host``...), or ``"other"`` (mailto:, javascript:,
    about:, blob:...).

    Examples
    --------
    >>> [classify_url(u) for u in ["#top", "run/a.html", "file:///tmp/a", "data:,x"]]
    ['anchor', 'relative', 'file', 'data']
    >>> [classify_url(u) for u in ["https://x.org/", "//cdn.x.org/a.js", "mailto:a@b", "WS://h"]]
    ['network', 'network', 'other', 'network']
    """
    url = url.strip()
    if url.startswith("#"):
        return "anchor"
    if url.startswith("//"):
        return "network"
    scheme = urlsplit(url).scheme.lower()
    if not scheme or (len(scheme) == 1 and url[1:2] == ":"):  # "C:\..." is a path
        return "relative"
    if scheme in LOCAL_SCHEMES:
        return scheme
    if scheme in {"http", "https", "ws", "wss", "ftp"}:
        return "network"
    return "other"


def is_network_request(url: str) -> bool:
    """True for a request an offline report must not make: any URL not ``file:`` or ``data:``.

    Examples
    --------
    >>> is_network_request("file:///tmp/a.png"), is_network_request("data:image/png;base64,AA")
    (False, False)
    >>> is_network_request("https://cdn.jsdelivr.net/npm/mathjax"), is_network_request("blob:x")
    (True, True)
    """
    return urlsplit(url.strip()).scheme.lower() not in LOCAL_SCHEMES


def resolve_link(page: Path, href: str) -> tuple[Path | None, str]:
    """The local file an ``href`` on ``page`` points to, and its fragment as written (``""`` when
    none). The path is ``page`` itself for a bare ``#fragment`` and None when the link does not
    name a local file (network, ``data:``, ``mailto:``...).

    Examples
    --------
    >>> resolve_link(Path("/s/index.html"), "run%201/r.html#Top%20level")
    (PosixPath('/s/run 1/r.html'), 'Top%20level')
    >>> resolve_link(Path("/s/run/r.html"), "../summary.csv")
    (PosixPath('/s/summary.csv'), '')
    >>> resolve_link(Path("/s/run/r.html"), "#Exports")
    (PosixPath('/s/run/r.html'), 'Exports')
    >>> resolve_link(Path("/s/index.html"), "https://example.org/a.html")
    (None, '')
    """
    kind = classify_url(href)
    if kind not in {"anchor", "relative", "file"}:
        return None, ""
    url = urljoin(page.resolve().as_uri(), href.strip())
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None, ""
    return Path(url2pathname(parts.path)), parts.fragment


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


def html_ids(page: str) -> frozenset[str]:
    """The fragment targets of an HTML text: every ``id`` and every ``<a name>``.

    Examples
    --------
    >>> sorted(html_ids('<h2 id="Exports">E</h2><a name="old"></a><p name="no">'))
    ['Exports', 'old']
    """
    collector = _IdCollector()
    collector.feed(page)
    collector.close()
    return frozenset(collector.ids)


def check_link(
    page: Path,
    href: str,
    ids_of: dict[Path, frozenset[str]] | None = None,
    root: Path | None = None,
) -> str | None:
    """The problem with the link ``href`` on ``page``, or None when it is fine (or does not name a
    local file). A fragment must name an ``id`` (or ``<a name>``) of the target, when the target is
    an HTML file, as written or percent-decoded (the browser tries both, in that order);
    ``ids_of`` caches the targets' ids across calls. Files are named relative to ``root`` (the
    study folder; by default the page's folder).
    """
    target, fragment = resolve_link(page, href)
    if target is None:
        return None
    shown = _relative(target, root if root is not None else page.parent)
    href = _short(href, 100)
    if not target.exists():
        return f"broken link {href}: no file {shown}"
    if not fragment or target.suffix.lower() not in {".html", ".htm"} or target.is_dir():
        return None
    cache = ids_of if ids_of is not None else {}
    key = target.resolve()
    if key not in cache:
        cache[key] = html_ids(target.read_text(encoding="utf-8", errors="replace"))
    if fragment not in cache[key] and unquote(fragment) not in cache[key]:
        return f'broken link {href}: no id "{unquote(fragment)}" in {shown}'
    return None


_MARKUP_TAGS = (
    "a|abbr|b|blockquote|body|br|button|code|div|em|figure|form|h[1-6]|head|hr|html|i|iframe|img|"
    "input|li|link|meta|ol|p|pre|script|section|small|span|strong|style|sub|sup|svg|table|tbody|"
    "td|th|thead|tr|u|ul"
)
_MARKUP = re.compile(
    rf"</?(?:{_MARKUP_TAGS})(?=[\s/>])|<!--|&(?:lt|gt|amp|quot|apos|nbsp|#\d+|#x[0-9a-f]+);",
    re.IGNORECASE,
)


def find_markup(text: str) -> list[str]:
    """The pieces of raw markup in a text node's text: tags such as ``<div`` or ``</td>`` and
    literal character references such as ``&lt;`` (what a reader sees when HTML was escaped
    twice, or inserted as text). Comparisons such as ``a < b`` or ``x<5`` are not markup.

    Examples
    --------
    >>> find_markup('<div class="x">党建</div>')
    ['<div', '</div']
    >>> find_markup("&lt;b&gt;bold&lt;/b&gt; &amp; more")
    ['&lt;', '&gt;', '&lt;', '&gt;', '&amp;']
    >>> find_markup("share < 5% and p<0.05; <Tab> <b2> <br/>")
    ['<br']
    """
    return [match.group(0) for match in _MARKUP.finditer(text)]


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, punctuation, kana, CJK unified ideographs ...
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= code <= 0xFE4F  # compatibility forms
        or 0xFF00 <= code <= 0xFFEF  # half- and full-width forms (，（）：)
        or 0x20000 <= code <= 0x3FFFF  # extensions B and on
    )


def cjk_characters(text: str) -> str:
    """The distinct CJK characters of a text (ideographs, CJK and full-width punctuation, kana,
    Hangul), sorted by code point.

    Examples
    --------
    >>> cjk_characters("党建 × 营商环境 (2023)，党建。")
    '。党商境建环营，'
    """
    return "".join(sorted({char for char in text if _is_cjk(char)}))


def _drawn(char: str) -> bool:
    """Whether a character is meant to leave ink (not a space, control, format or combining
    mark), so that a missing glyph for it would show."""
    return unicodedata.category(char)[0] not in {"Z", "C", "M"}


def font_characters(data: bytes) -> frozenset[str]:
    """The characters a font (TTF, OTF, WOFF or WOFF2 bytes) maps to a glyph (fontTools)."""
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(data), lazy=True) as font:
        cmap = font.getBestCmap() or {}
    return frozenset(chr(code) for code in cmap)


def _data_url_bytes(url: str) -> bytes | None:
    match = re.match(r"data:[^,]*?(;base64)?,(.*)", url.strip(), re.S)
    if match is None:
        return None
    payload = match.group(2)
    return base64.b64decode(payload) if match.group(1) else unquote(payload).encode("latin-1")


def study_pages(folder: Path) -> list[Path]:
    """A study output folder's pages: ``index.html``, the other pages beside it (the corpus
    pages), then every run's report ``<run>/*.html``."""
    beside = sorted(page for page in folder.glob("*.html") if page.name != "index.html")
    return [folder / "index.html", *beside, *sorted(folder.glob("*/*.html"))]


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def _short(text: str, limit: int = SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sample(chars: Iterable[str], limit: int = 20) -> str:
    chars = list(chars)
    shown = "".join(chars[:limit])
    return f"{len(chars)} ({shown}{'…' if len(chars) > limit else ''})"


# --------------------------------------------------------------------------- in the browser

# One script gathers everything a page's checks need from its DOM; it runs after the load event
# and document.fonts.ready. Text nodes are read where rendered (checkVisibility), grouped by their
# element's computed font-family; source-code inputs of notebook cells are left out of the markup
# check (code may legitimately spell "<div"), not out of the glyph check.
_PAGE_SCRIPT = r"""
const done = arguments[arguments.length - 1];
const family = arguments[0];
(async () => {
  await document.fonts.ready;
  const skip = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA"]);
  const codeInput = ".jp-InputArea-editor, .jp-CodeMirrorEditor, .input_area, .jp-InputPrompt";
  const byFont = {};  // font-family -> Map(character -> the first element it is in)
  const describe = (el) => {
    const cls = [...el.classList].slice(0, 2).map(c => "." + c).join("");
    return "<" + el.tagName.toLowerCase() + cls + ">";
  };
  const markup = [];
  const walker = document.createTreeWalker(document.body || document.documentElement,
                                           NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || skip.has(el.tagName) || !node.data.trim()) continue;
    if (!el.closest(codeInput)) markup.push(node.data);
    if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) continue;
    const font = getComputedStyle(el).fontFamily;
    const chars = (byFont[font] = byFont[font] || new Map());
    for (const ch of node.data) if (!chars.has(ch)) chars.set(ch, describe(el));
  }
  // a character no font draws is drawn as the primary font's .notdef box: the same pixels as an
  // unassigned code point (U+0378) in the same font
  const canvas = document.createElement("canvas");
  canvas.width = 48; canvas.height = 48;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const draw = (ch) => {
    ctx.clearRect(0, 0, 48, 48);
    ctx.fillText(ch, 4, 36);
    return ctx.getImageData(0, 0, 48, 48).data;
  };
  const same = (a, b) => { for (let i = 3; i < a.length; i += 4) if (a[i] !== b[i]) return false;
                           return true; };
  const fonts = [];
  for (const [font, chars] of Object.entries(byFont)) {
    ctx.font = "32px " + font;
    const notdef = draw("\u0378");
    const missing = [];
    for (const [ch, where] of chars)
      if (/[^\s\p{Z}\p{C}\p{M}]/u.test(ch) && same(draw(ch), notdef)) missing.push([ch, where]);
    fonts.push({font: font, missing: missing});
  }
  const faces = [];
  for (const face of document.fonts) faces.push({family: face.family.replace(/^["']|["']$/g, ""),
                                                 status: face.status});
  const sources = [];
  for (const sheet of document.styleSheets) {
    let rules;
    try { rules = sheet.cssRules; } catch (e) { continue; }
    for (const rule of rules) if (rule instanceof CSSFontFaceRule) {
      const fam = rule.style.getPropertyValue("font-family").replace(/^["']|["']$/g, "");
      const src = rule.style.getPropertyValue("src");
      const url = /url\(\s*["']?([^"')]+)["']?\s*\)/.exec(src);
      if (fam === family && url) sources.push(url[1]);
    }
  }
  const allText = Object.values(byFont).map(m => [...m.keys()].join("")).join("");
  const cjkRe = new RegExp("[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]" +
                           "|[\\u{20000}-\\u{3FFFF}]", "u");  // as cjk_characters
  const cjk = [...allText].filter(ch => cjkRe.test(ch)).join("");
  const declared = faces.some(f => f.family === family);
  done({
    links: [...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href")),
    ids: [...document.querySelectorAll("[id], a[name]")]
         .flatMap(e => [e.id, e.getAttribute("name")]).filter(Boolean),
    images: [...document.images].map(img => ({src: img.currentSrc || img.src ||
                                               img.getAttribute("src") || "",
                                             complete: img.complete, width: img.naturalWidth})),
    markup: markup,
    fonts: fonts,
    faces: faces,
    embedded: sources,
    cjk: cjk,
    check: declared && cjk ? document.fonts.check('16px "' + family + '"', cjk) : null,
  });
})().catch(e => done({error: String(e && e.stack || e)}));
"""


class SetupError(Exception):
    """The check cannot run: no folder, no browser or driver, no selenium."""


def _start_browser(profile: Path) -> Any:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            raise SetupError(
                f"{path} not found: install Debian's chromium and chromium-driver "
                "(apt-get install -y chromium chromium-driver; `make browser-check` does it)"
            )
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as error:
        raise SetupError(
            f"selenium is not installed ({error}): pip install -e '.[browser]'"
        ) from error
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1280,1024")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    except Exception as error:  # selenium wraps every start failure differently
        raise SetupError(f"cannot start {CHROMIUM}: {_short(str(error), 300)}") from error
    driver.set_page_load_timeout(PAGE_TIMEOUT)
    driver.set_script_timeout(PAGE_TIMEOUT)
    driver.get("about:blank")  # leave the new-tab page before the logs are read
    return driver


def _network_problems(entries: list[dict[str, Any]]) -> Iterator[str]:
    seen: set[str] = set()
    local: dict[str, str] = {}  # request id -> file: URL
    for entry in entries:
        try:
            message = json.loads(entry["message"])["message"]
        except (KeyError, TypeError, ValueError):
            continue
        method, params = message.get("method"), message.get("params", {})
        if str(params.get("documentURL", "")).startswith(BROWSER_PAGES):
            continue  # the browser's own pages (the new-tab page it starts with), not the report's
        if method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            if is_network_request(url):
                if url not in seen:
                    seen.add(url)
                    yield f"network request {_short(url, 120)}"
            elif url.startswith("file:"):
                local[params.get("requestId", "")] = url
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            url = local.get(params.get("requestId", ""))
            if url is not None:
                yield f"failed to load {_short(unquote(url), 120)}: {params.get('errorText', '')}"


def _console_problems(entries: list[dict[str, Any]]) -> Iterator[str]:
    for entry in entries:
        if entry.get("level") == "SEVERE":
            yield f"console error: {_short(str(entry.get('message', '')), 200)}"


def _log(driver: Any, kind: str) -> list[dict[str, Any]]:
    try:
        return list(driver.get_log(kind))
    except Exception:  # the tab crashed: its problem is already reported
        return []


def _check_page(
    driver: Any, page: Path, ids_of: dict[Path, frozenset[str]], root: Path
) -> list[str]:
    _log(driver, "browser")  # drop what an earlier page left
    _log(driver, "performance")
    try:
        driver.get(page.resolve().as_uri())
        facts = driver.execute_async_script(_PAGE_SCRIPT, EMBEDDED_FAMILY)
    except Exception as error:  # a page that hangs or crashes the tab is a problem of that page
        facts = {"error": f"{type(error).__name__}: {getattr(error, 'msg', None) or error}"}
    performance, console = _log(driver, "performance"), _log(driver, "browser")
    return page_problems(page, facts, performance, console, ids_of, root)


def page_problems(
    page: Path,
    facts: Any,
    performance: list[dict[str, Any]],
    console: list[dict[str, Any]],
    ids_of: dict[Path, frozenset[str]],
    root: Path | None = None,
) -> list[str]:
    """The problems of ``page`` from what the browser gathered: ``facts`` (what the page script
    returned), the performance (DevTools network events) and browser (console) log entries."""
    problems: list[str] = []
    if not isinstance(facts, dict) or "error" in facts:
        problems.append(f"page check failed: {_short(str(facts), 200)}")
        facts = {}
    problems += _network_problems(performance)
    problems += _console_problems(console)

    ids_of.setdefault(page.resolve(), frozenset(facts.get("ids", [])))  # the rendered DOM's ids
    for href in dict.fromkeys(facts.get("links", [])):
        problem = check_link(page, href, ids_of, root)
        if problem is not None:
            problems.append(problem)

    for image in facts.get("images", []):
        if not image["complete"] or image["width"] <= 0:
            problems.append(
                f"image not shown (naturalWidth 0): {_short(unquote(image['src']), 100)}"
            )

    for text in facts.get("markup", []):
        found = find_markup(text)
        if found:
            problems.append(
                f"raw markup {', '.join(dict.fromkeys(found))} in text: {_short(text)!r}"
            )

    for face in facts.get("faces", []):
        if face["status"] == "error":
            problems.append(f'font face "{face["family"]}" failed to load')
    pairs = [(ch, where) for font in facts.get("fonts", []) for ch, where in font["missing"]]
    missing = sorted({ch for ch, _ in pairs})
    if missing:
        places = sorted({where for _, where in pairs})
        problems.append(
            f"missing glyphs: {_sample(missing)} characters no available font draws, in "
            f"{', '.join(places[:4])}{', …' if len(places) > 4 else ''}"
        )

    cjk = facts.get("cjk", "")
    if cjk and facts.get("embedded"):
        if facts.get("check") is False:
            problems.append(
                f'document.fonts.check(16px "{EMBEDDED_FAMILY}") is false for the CJK text'
            )
        covered: frozenset[str] = frozenset()
        for url in facts["embedded"]:
            data = _data_url_bytes(url)
            if data is None:
                problems.append(
                    f'"{EMBEDDED_FAMILY}" is not embedded as a data: URL ({_short(url)})'
                )
                continue
            try:
                covered |= font_characters(data)
            except Exception as error:  # a broken font: fontTools raises many kinds
                problems.append(f'embedded "{EMBEDDED_FAMILY}" font unreadable: {error}')
        lacking = [ch for ch in sorted(set(cjk)) if _drawn(ch) and ch not in covered]
        if lacking:
            problems.append(f'"{EMBEDDED_FAMILY}" subset lacks {_sample(lacking)} CJK characters')
    elif cjk and page.name != "index.html" and not missing:
        # a report must carry its CJK font; index.html may rely on the machine's (glyphs above)
        problems.append(
            f'no embedded "{EMBEDDED_FAMILY}" font: {_sample(sorted(set(cjk)))} CJK characters '
            "rely on this machine's fonts"
        )
    return problems


def check_folder(folder: Path, out: Any = sys.stdout) -> int:
    """Check ``folder``'s pages, print the problems and a summary to ``out``; 0, 1 or 2 as
    described in the module docstring (a SetupError is raised for 2)."""
    if not folder.is_dir():
        raise SetupError(f"{folder}: no such study output folder")
    folder = folder.resolve()
    pages = study_pages(folder)
    problems: list[Problem] = []
    checked = 0
    profile = Path(tempfile.mkdtemp(prefix="browser-check-"))
    try:
        driver = _start_browser(profile)
        try:
            ids_of: dict[Path, frozenset[str]] = {}
            for page in pages:
                name = _relative(page, folder)
                found = (
                    [
                        Problem(name, problem)
                        for problem in _check_page(driver, page, ids_of, folder)
                    ]
                    if page.exists()
                    else [Problem(name, "missing")]
                )
                for problem in found:
                    print(problem, file=out, flush=True)
                problems += found
                checked += page.exists()
        finally:
            driver.quit()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    print(f"{checked} pages checked, {len(problems)} problems", file=out)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=DEFAULT_FOLDER, help="study output folder")
    args = parser.parse_args(argv)
    start = time.monotonic()
    try:
        status = check_folder(Path(args.folder))
    except SetupError as error:
        print(f"browser-check: {error}", file=sys.stderr)
        return 2
    print(f"({time.monotonic() - start:.1f} s)", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
