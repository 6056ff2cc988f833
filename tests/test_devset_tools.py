"""The development sets' bookkeeping checks (scripts/devset_tools.py), on invented sets."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "devset_tools", Path(__file__).resolve().parent.parent / "scripts" / "devset_tools.py"
)
assert _SPEC and _SPEC.loader
tools = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(tools)


@pytest.fixture
def devsets(tmp_path: Path) -> Path:
    old = tmp_path / "sets" / "old"
    (old / "texts").mkdir(parents=True)
    (old / "sources.csv").write_text(
        "doc,url\nold-1,https://www.example.cn/news/1.html?id=2\n", encoding="utf-8"
    )
    (old / "texts" / "old-1.txt").write_text(
        "某县建立党组织十二个服务企业发展大局。\n", encoding="utf-8"
    )
    new = tmp_path / "sets" / "new"
    (new / "texts").mkdir(parents=True)
    (new / "sources.csv").write_text("doc,url\nnew-1,http://other.cn/a\n", encoding="utf-8")
    (new / "texts" / "new-1.txt").write_text(
        "某县建立党组织十二个服务企业发展大局。\n", encoding="utf-8"
    )
    (tmp_path / "reserved.txt").write_text("# reserved\nhttp://held.cn/x/\n", encoding="utf-8")
    return tmp_path / "sets"


def test_urls_are_compared_normalised_and_reserved_ones_not_named(devsets: Path) -> None:
    reserved = devsets.parent / "reserved.txt"
    urls = ["http://m.example.cn/news/1.html", "https://held.cn/x", "http://fresh.cn/"]
    assert tools.check_urls(devsets, "new", urls, reserved) == [
        "excluded (old/old-1)",
        "excluded",
        "ok",
    ]
    assert tools.check_urls(devsets, "old", ["https://example.cn/news/1.html"], reserved) == ["ok"]
    with pytest.raises(tools.ToolError):
        tools.check_urls(devsets, "new", ["http://fresh.cn/"], devsets / "missing.txt")


def test_a_copy_of_another_sets_text_is_flagged(devsets: Path) -> None:
    lines = tools.overlaps(devsets, "new", [])
    assert lines[0] == "compared against 1 texts of other sets"
    assert lines[1].startswith("new-1 max 1.000 old/texts/old-1.txt FLAG")


def test_gold_rows_are_checked_against_their_text(devsets: Path) -> None:
    folder = devsets / "new"
    (folder / "gold.csv").write_text(
        "doc,surface,context\nnew-1,十二个,建立党组织十二个\nnew-1,九个,九个党组织\n",
        encoding="utf-8",
    )
    lines = tools.check_gold(folder)
    assert (
        lines[0] == "line 3 new-1 九个 | surface missing; context missing; context occurs 0 times"
    )
    assert "(a) problems: 1" in lines
    assert "(b) new-1 0" in lines


def test_an_excerpt_is_saved_once(devsets: Path) -> None:
    folder = devsets / "new"
    path = tools.save_excerpt(folder, "new-2", json.dumps("第一段\n第二段"))
    assert path.read_text(encoding="utf-8") == "第一段\n第二段\n"
    with pytest.raises(tools.ToolError):
        tools.save_excerpt(folder, "new-2", json.dumps("again"))
    assert tools.main(["--devsets", str(devsets), "gold", "absent"]) == 1
