"""Figures for Chinese reports: a CJK font, English labels from a glossary, deterministic files.

* :func:`use_cjk_font` registers the Noto Sans CJK font shipped by the PyPI package
  ``noto-cjk-sans-otc`` with matplotlib (without touching matplotlib's own files) and sets the
  rcParams that make PNG and SVG output byte-for-byte reproducible.
* :func:`translate` / :func:`glossary` turn Chinese labels into English via ``data/glossary.csv``
  (columns ``zh, en, kind``) and the codebooks' ``label_en``. A label with no translation falls
  back to the Chinese text and is recorded; :func:`untranslated` lists what fell back.
* :func:`save_figure` writes a figure as PNG and SVG atomically, with no date or version stamp.
* :func:`heatmap`, :func:`bar_compare` and :func:`bar_diverging` are the plots the notebooks use.

matplotlib is imported inside the functions, so ``import pbanalysis.report.plotting`` stays cheap.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pbanalysis.corpus.chars import is_wide
from pbanalysis.errors import InputError
from pbanalysis.io.export import write_bytes_atomic
from pbanalysis.params import check_lang
from pbanalysis.report.words import (  # re-exported from their 0.1 home for one release
    glossary,
    label_column,
    load_glossary,
    translate,
    translate_all,
    translation_note,
    untranslated,
)

__all__ = [
    "small_multiples",
    "PAGE_WIDTH",
    "overview",
    "CJK_FAMILY",
    "font_path",
    "use_cjk_font",
    "save_figure",
    "load_glossary",
    "glossary",
    "translate",
    "translate_all",
    "untranslated",
    "translation_note",
    "label_column",
    "heatmap",
    "bar_compare",
    "bar_diverging",
]


if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

CJK_FAMILY = "Noto Sans CJK SC"
_FALLBACK_FAMILIES = ["DejaVu Sans"]
_HASH_SALT = "pbanalysis"


def font_path() -> Path:
    """The ``.ttc`` file of Noto Sans CJK inside the installed ``noto-cjk-sans-otc`` package.

    Examples
    --------
    >>> font_path().suffix
    '.ttc'
    """
    from importlib.resources import files

    try:
        folder = files("noto_cjk_sans_otc")
    except ModuleNotFoundError as error:
        raise InputError("the CJK font package 'noto-cjk-sans-otc' is not installed") from error
    candidates = sorted(
        Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.lower().endswith((".ttc", ".otf"))
    )
    if not candidates:
        raise InputError("package 'noto-cjk-sans-otc' holds no .ttc/.otf font file")
    return candidates[0]


def use_cjk_font() -> str:
    """Register Noto Sans CJK with matplotlib and set rcParams for reproducible figures.

    Idempotent: the font file is added to ``matplotlib.font_manager.fontManager`` only once.
    Besides the font family (``Noto Sans CJK SC`` with DejaVu Sans as fallback for Latin symbols)
    it fixes ``svg.hashsalt`` (stable SVG ids), keeps text as paths in SVG, turns off the Unicode
    minus (absent from some CJK fonts) and fixes the PNG resolution.

    Returns
    -------
    str
        The registered family name, ``"Noto Sans CJK SC"``.

    Examples
    --------
    >>> use_cjk_font()
    'Noto Sans CJK SC'
    """
    import matplotlib
    from matplotlib import font_manager

    path = font_path()
    registered = {Path(entry.fname).resolve() for entry in font_manager.fontManager.ttflist}
    if path.resolve() not in registered:
        font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update(
        {
            "font.family": [CJK_FAMILY, *_FALLBACK_FAMILIES],
            "axes.unicode_minus": False,
            "svg.hashsalt": _HASH_SALT,
            "svg.fonttype": "path",
            "savefig.dpi": 150,
            "figure.dpi": 100,
            "path.simplify": True,
        }
    )
    return CJK_FAMILY


def save_figure(fig: Figure, folder: str | os.PathLike[str], name: str) -> list[Path]:
    """Write ``name.png`` and ``name.svg`` into ``folder``; the same figure gives the same bytes.

    The date and creator stamps are left out of the metadata and the SVG hash salt is fixed, so
    running a notebook twice does not change its figure files. Files are written atomically.
    Call :func:`use_cjk_font` before creating the figure: text objects keep the font that was
    current when they were made.

    Returns
    -------
    list of Path
        The PNG path, then the SVG path.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> _ = use_cjk_font()  # before creating the figure: text takes its font when created
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("眉山市")
    >>> [p.name for p in save_figure(fig, tempfile.mkdtemp(), "demo")]
    ['demo.png', 'demo.svg']
    >>> plt.close(fig)
    """
    import matplotlib

    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
    }
    written = []
    with matplotlib.rc_context({"svg.hashsalt": _HASH_SALT}):
        for fmt in ("png", "svg"):
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, metadata=metadata[fmt], bbox_inches="tight")
            written.append(write_bytes_atomic(Path(folder) / f"{name}.{fmt}", buffer.getvalue()))
    return written


def _text_width(text: str) -> float:
    """Width of a label in units of a Latin character (CJK characters count double)."""
    return float(sum(2 if is_wide(char) else 1 for char in text))


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    import matplotlib.pyplot as plt

    use_cjk_font()
    if ax is None:
        # never wider than a page: a wide table gets a taller, narrower figure instead
        width, height = size
        _, ax = plt.subplots(figsize=(min(width, PAGE_WIDTH), height), layout="constrained")
    return ax


def heatmap(
    table: pd.DataFrame,
    *,
    title: str,
    lang: str,
    ax: Axes | None = None,
    xlabel: str = "",
    ylabel: str = "",
    fmt: str = "{:.0f}",
    cmap: str = "Blues",
    vmax: float | None = None,
    annotate: bool = True,
) -> Axes:
    """Draw a labelled heatmap of a numeric table (rows = index, columns = columns).

    Row, column, axis and title labels are passed through :func:`translate`, and each cell shows
    its value formatted with ``fmt`` (e.g. ``"{:.0%}"`` for shares).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame([[1, 0], [2, 3]], index=["眉山市", "加格达奇区"], columns=["a", "b"])
    >>> ax = heatmap(t, title="矩阵", lang="en")
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['Meishan', 'Jiagedaqi']
    >>> plt.close("all")
    """
    check_lang(lang)
    values = table.astype(float).to_numpy()
    rows, columns = translate_all(table.index, lang), translate_all(table.columns, lang)
    row_width = max((_text_width(label) for label in rows), default=1.0)
    column_width = max((_text_width(label) for label in columns), default=1.0)
    size = (
        2.5 + 0.9 * max(len(columns), 1) + 0.11 * row_width,
        1.5 + 0.45 * max(len(rows), 1) + 0.08 * column_width,
    )
    ax = _new_axes(ax, size)
    top = vmax if vmax is not None else (values.max() if values.size else 1.0)
    image = ax.imshow(values, cmap=cmap, aspect="auto", vmin=0, vmax=top if top > 0 else 1.0)
    ax.set_xticks(range(len(columns)), columns)
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(axis="x", labelrotation=45)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    threshold = (top if top > 0 else 1.0) * 0.6
    for row in range(values.shape[0] if annotate else 0):
        for column in range(values.shape[1]):
            value = values[row, column]
            ax.text(
                column,
                row,
                fmt.format(value),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value > threshold else "black",
            )
    ax.set_title(translate(title, lang))
    ax.set_xlabel(translate(xlabel, lang) if xlabel else "")
    ax.set_ylabel(translate(ylabel, lang) if ylabel else "")
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    return ax


PAGE_WIDTH = 7.5
"""Inches: the printable width of an A4 page, the widest a figure may be."""


def overview(
    table: pd.DataFrame,
    *,
    title: str,
    lang: str,
    xlabel: str = "",
    ylabel: str = "",
    fmt: str = "{:.0%}",
    vmax: float | None = None,
) -> Axes:
    """A unit × code heatmap that reads at any number of units: one row per unit (in the order
    of ``table``'s index), page width (:data:`PAGE_WIDTH`), a fixed height per row, cell values
    written while there are at most 40 rows.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> names = [f"县{i}" for i in range(100)]
    >>> t = pd.DataFrame([[0.5, 0.1]] * 100, index=names, columns=["a", "b"])
    >>> ax = overview(t, title="概览", lang="zh")
    >>> bool(ax.figure.get_figwidth() <= PAGE_WIDTH), len(ax.texts)
    (True, 0)
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt

    rows = max(len(table.index), 1)
    label_width = max((_text_width(str(v)) for v in translate_all(table.columns, lang)), default=1)
    height = 1.6 + 0.07 * label_width + 0.24 * rows
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, height), layout="constrained")
    heatmap(
        table,
        title=title,
        lang=lang,
        ax=ax,
        xlabel=xlabel,
        ylabel=ylabel,
        fmt=fmt,
        vmax=vmax,
        annotate=rows <= 40,
    )
    if rows > 40:
        ax.tick_params(axis="y", labelsize=max(4, 9 - rows // 60))
    return ax


def small_multiples(
    tables: list[pd.DataFrame],
    *,
    titles: list[str],
    lang: str,
    xlabel: str = "",
    ylabel: str = "",
    columns: int = 2,
) -> Figure:
    """Heatmaps of several tables on one colour scale, ``columns`` to a row, page width.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame([[1, 0], [2, 3]], index=["a", "b"], columns=["x", "y"])
    >>> fig = small_multiples([t, t, t], titles=["甲", "乙", "丙"], lang="zh")
    >>> bool(fig.get_figwidth() <= PAGE_WIDTH), len([a for a in fig.axes if a.get_title()])
    (True, 3)
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt

    if not tables:
        raise InputError("small_multiples needs at least one table")
    ncols = max(1, min(columns, len(tables)))
    nrows = -(-len(tables) // ncols)
    panel = PAGE_WIDTH / ncols
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(PAGE_WIDTH, panel * 0.9 * nrows), layout="constrained", squeeze=False
    )
    top = max(float(t.to_numpy().max()) if t.size else 0.0 for t in tables)
    for ax, table, title in zip(axes.flat, tables, titles, strict=False):
        heatmap(table, title=title, lang=lang, ax=ax, xlabel=xlabel, ylabel=ylabel, vmax=top)
    for ax in list(axes.flat)[len(tables) :]:
        ax.set_visible(False)
    return fig


def bar_compare(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    group: str,
    title: str,
    lang: str,
    ax: Axes | None = None,
    xlabel: str = "",
    percent: bool = False,
) -> Axes:
    """Horizontal grouped bars: one bar per (category, group), e.g. code share per region.

    ``frame`` is tidy: one row per category and group with the numeric ``value``. Categories keep
    their order of first appearance; groups are coloured and named in the legend.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> f = pd.DataFrame({"code": ["a", "a", "b", "b"], "region": ["眉山市", "加格达奇区"] * 2,
    ...                   "share": [0.5, 0.2, 0.1, 0.4]})
    >>> ax = bar_compare(f, category="code", value="share", group="region", title="占比", lang="en")
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Meishan', 'Jiagedaqi']
    >>> plt.close("all")
    """
    check_lang(lang)
    categories = list(dict.fromkeys(frame[category]))
    groups = list(dict.fromkeys(frame[group]))
    labels = translate_all(categories, lang)
    width = 6.0 + 0.1 * max((_text_width(label) for label in labels), default=1.0)
    ax = _new_axes(ax, (width, 1.2 + 0.35 * max(len(categories), 1) * max(len(groups), 1) ** 0.5))
    height = 0.8 / max(len(groups), 1)
    for index, name in enumerate(groups):
        part = frame[frame[group] == name].set_index(category)[value]
        heights = [float(part.get(key, 0.0)) for key in categories]
        positions = [
            row + (index - (len(groups) - 1) / 2) * height for row in range(len(categories))
        ]
        ax.barh(positions, heights, height=height, label=translate(str(name), lang))
    ax.set_yticks(range(len(categories)), labels)
    ax.invert_yaxis()
    if percent:
        from matplotlib.ticker import PercentFormatter

        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_title(translate(title, lang))
    ax.set_xlabel(translate(xlabel, lang) if xlabel else "")
    ax.legend(loc="best", fontsize=8)
    return ax


def bar_diverging(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    lang: str,
    ax: Axes | None = None,
    xlabel: str = "",
) -> Axes:
    """Horizontal bars around zero, e.g. share differences in percentage points per code.

    Positive values are drawn in one colour, negative in another, in the frame's row order.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> f = pd.DataFrame({"code": ["a", "b"], "diff_pp": [12.5, -4.0]})
    >>> ax = bar_diverging(f, category="code", value="diff_pp", title="差异", lang="zh")
    >>> len(ax.patches)
    2
    >>> plt.close("all")
    """
    check_lang(lang)
    values = frame[value].astype(float).tolist()
    labels = translate_all(frame[category], lang)
    width = 6.0 + 0.1 * max((_text_width(label) for label in labels), default=1.0)
    ax = _new_axes(ax, (width, 1.2 + 0.35 * max(len(values), 1)))
    colours = ["#2b6cb0" if number >= 0 else "#c05621" for number in values]
    ax.barh(range(len(values)), values, color=colours)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(values)), labels)
    ax.invert_yaxis()
    ax.set_title(translate(title, lang))
    ax.set_xlabel(translate(xlabel, lang) if xlabel else "")
    return ax
