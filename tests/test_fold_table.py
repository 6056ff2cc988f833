"""Tests for data/indicators/traditional.csv, the fold table built by scripts/build_fold_table.py.

The committed table must be exactly what the script builds from OpenCC (skipped when the
``opencc`` package, a maintainer dependency, is not installed), and must hold only one-character
to one-different-character pairs, without duplicates, including the numerals and measure words
that ``pbanalysis.indicators.numbers`` also folds.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parent.parent
CSV = REPO / "data" / "indicators" / "traditional.csv"
SCRIPT = REPO / "scripts" / "build_fold_table.py"

# pairs hard-coded in pbanalysis.indicators.numbers that OpenCC's t2s gives as well
# (參 -> 叁 is left out: it is the numeral convention; OpenCC gives 參 -> 参)
HARD_CODED = [
    "萬万",
    "億亿",
    "兩两",
    "貳贰",
    "個个",
    "項项",
    "場场",
    "條条",
    "張张",
    "臺台",
    "輛辆",
    "戶户",
    "處处",
    "種种",
    "類类",
    "輪轮",
    "筆笔",
    "噸吨",
    "畝亩",
    "餘余",
    "約约",
    "點点",
    "過过",
    "幾几",
    "數数",
    "與与",
    "達达",
    "為为",
    "時时",
    "鐘钟",
    "裡里",
    "間间",
    "屆届",
    "計计",
    "劃划",
    "動动",
    "義义",
]


def _load_script():
    spec = importlib.util.spec_from_file_location("build_fold_table", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_csv(CSV, dtype=str, keep_default_na=False, encoding="utf-8")


def test_matches_what_the_script_builds():
    try:
        import opencc  # noqa: F401
    except ImportError:
        pytest.skip(
            "opencc is not installed (maintainer dependency: pip install -e '.[maintainer]'); "
            "cannot rebuild the fold table to compare"
        )
    script = _load_script()
    expected = script.render_csv(script.build_pairs())
    assert CSV.read_bytes() == expected.encode("utf-8"), (
        "data/indicators/traditional.csv is out of date: run "
        ".venv/bin/python scripts/build_fold_table.py"
    )


def test_format(table):
    raw = CSV.read_bytes()
    assert b"\r" not in raw
    assert raw.decode("utf-8").splitlines()[0] == "traditional,simplified"
    assert list(table.columns) == ["traditional", "simplified"]
    codes = [ord(ch) for ch in table.traditional]
    assert codes == sorted(codes)


def test_one_character_to_one_different_character(table):
    bad = [
        (old, new)
        for old, new in zip(table.traditional, table.simplified, strict=True)
        if len(old) != 1 or len(new) != 1 or old == new
    ]
    assert bad == []


def test_no_duplicates(table):
    assert not table.traditional.duplicated().any()
    assert not table.duplicated().any()


def test_no_full_width_or_number_forms(table):
    for ch in [*table.traditional, *table.simplified]:
        code = ord(ch)
        assert not 0xFF00 <= code <= 0xFFEF, ch
        assert not 0x2150 <= code <= 0x218F, ch


@pytest.mark.parametrize("pair", HARD_CODED)
def test_hard_coded_pairs_present(table, pair):
    folds = dict(zip(table.traditional, table.simplified, strict=True))
    assert folds.get(pair[0]) == pair[1]
