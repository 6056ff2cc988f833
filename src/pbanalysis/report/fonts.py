"""The CJK font embedded in HTML reports: a subset of the shipped Noto Sans CJK SC holding only
the characters a page uses, as WOFF2, so a report renders the same on a machine without any CJK
font (and stays small: a report's few hundred distinct characters take tens of kilobytes).

fontTools does the subsetting; brotli compresses WOFF2. Both are imported inside the functions.
"""

from __future__ import annotations

import base64
import html
import io
import re
from functools import lru_cache

from pbanalysis.report.plotting import CJK_FAMILY, font_path

__all__ = ["EMBEDDED_FAMILY", "page_characters", "subset_woff2", "embed_font"]

EMBEDDED_FAMILY = "pbanalysis CJK"
"""The family name the embedded subset is declared under (the page's CSS asks for it first)."""

_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.S | re.I)
_WHITESPACE = re.compile(r"\s")


def page_characters(page: str) -> str:
    """The distinct characters of a page's visible text (markup, scripts and styles left out),
    sorted by code point.

    Examples
    --------
    >>> page_characters("<p>党建<b>党</b></p><style>p{}</style>")
    '党建'
    """
    text = html.unescape(_TAG.sub(" ", page))
    return "".join(sorted({char for char in text if not _WHITESPACE.match(char)}))


@lru_cache(maxsize=1)
def _face_index() -> int:
    from fontTools.ttLib import TTCollection

    with TTCollection(str(font_path()), lazy=True) as collection:
        names = [face["name"].getDebugName(1) for face in collection.fonts]
    return names.index(CJK_FAMILY) if CJK_FAMILY in names else 0


@lru_cache(maxsize=64)
def subset_woff2(characters: str) -> bytes:
    """WOFF2 bytes of Noto Sans CJK SC reduced to ``characters`` (same characters, same bytes).

    Examples
    --------
    >>> data = subset_woff2("党建营商")
    >>> data[:4], len(data) < 20_000
    (b'wOF2', True)
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.timestamp = False
    buffer = io.BytesIO()
    with TTFont(
        str(font_path()), fontNumber=_face_index(), lazy=False, recalcTimestamp=False
    ) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters)
        subsetter.subset(font)
        font.flavor = "woff2"
        font.save(buffer, reorderTables=True)
    return buffer.getvalue()


def embed_font(page: str) -> str:
    """``page`` with a ``@font-face`` rule holding the subset of its own characters (a data URL)
    and a rule that sets it first for the whole page; a page without CJK text is returned as is.

    Examples
    --------
    >>> out = embed_font("<html><head></head><body><p>党建</p></body></html>")
    >>> "font/woff2;base64," in out and out.index("@font-face") < out.index("<body>")
    True
    >>> embed_font("<html><head></head><body>plain</body></html>").count("@font-face")
    0
    """
    characters = page_characters(page)
    if not any(ord(char) > 0x2E7F for char in characters):
        return page
    data = base64.b64encode(subset_woff2(characters)).decode("ascii")
    style = (
        "<style>@font-face{font-family:"
        f'"{EMBEDDED_FAMILY}";src:url(data:font/woff2;base64,{data}) format("woff2");'
        "font-display:block}"
        f'body,.jp-Notebook,.jp-RenderedHTMLCommon{{font-family:"{EMBEDDED_FAMILY}",'
        'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}'
        # printed output and inline code: a monospace face for Latin, the subset for the rest
        "pre,code,kbd,samp,.jp-OutputArea-output pre,.error{font-family:ui-monospace,"
        f'"DejaVu Sans Mono",Menlo,Consolas,"{EMBEDDED_FAMILY}",monospace !important}}'
        "</style>"
    )
    # after every other style of the page, so these rules win
    head_end = page.find("</head>")
    return page[:head_end] + style + page[head_end:] if head_end >= 0 else style + page
