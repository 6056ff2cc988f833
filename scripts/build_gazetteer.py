"""Build ``data/gazetteer/units.csv`` from the division table that the PyPI package ``cpca`` ships.

Usage::

    python scripts/build_gazetteer.py [path/to/cpca-0.5.5-py3-none-any.whl]

Without an argument the wheel is fetched with ``pip download cpca==0.5.5 --no-deps`` into a
temporary folder. The wheel's SHA-256 is checked against the one recorded below (and in
``data/gazetteer/SOURCE.md``), so the table is rebuilt from exactly the recorded source.

``cpca`` (MIT licence, https://github.com/DQinYuan/chinese_province_city_area_mapper) ships
``cpca/resources/adcodes.csv``: the 12-digit division codes of the National Bureau of Statistics
with the names of province-, prefecture- and county-level units (the vintage is recorded in
``SOURCE.md``; units abolished since, such as 宁波市江东区, are kept by the package). This
script derives, for each unit, its level, its province and prefecture (from the code's first two
and four digits), its short form (房山 for 房山区, 黔东南 for 黔东南苗族侗族自治州; short
forms of one character are left out, 沁 for 沁县 would match anywhere) and a traditional
form of the name and of the short form (OpenCC ``s2t``, when it differs).
"""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

from pbanalysis.corpus.regions import ADMIN_SUFFIXES

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "gazetteer" / "units.csv"
WHEEL = "cpca-0.5.5-py3-none-any.whl"
SHA256 = "1635b589506b3e28424032bce61d2488e1f6fac1034a736014e70e043f824fe6"
# county level and above: the units the division table lists (towns and sub-districts are not in it)
SUFFIXES = tuple(s for s in ADMIN_SUFFIXES if s not in ("新区", "街道", "镇", "乡"))


PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
"""Rows of the division table that group units rather than name one."""


def _wheel(argv: list[str]) -> bytes:
    if argv:
        data = Path(argv[0]).read_bytes()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "cpca==0.5.5", "--no-deps", "-d", tmp],
                check=True,
            )
            data = (Path(tmp) / WHEEL).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"unexpected wheel checksum {digest} (expected {SHA256})")
    return data


def _short(name: str, nations: list[str], direct: bool = False) -> str:
    stem = name
    if direct and name.endswith("林区"):  # 神农架林区, a county-level forest district
        return name[:-2]
    for suffix in SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
            break
    changed = True
    while changed:  # 黔东南苗族侗族 -> 黔东南; 本溪满族 -> 本溪
        changed = False
        for nation in sorted(nations, key=len, reverse=True):
            if stem.endswith(nation) and len(stem) > len(nation):
                stem, changed = stem[: -len(nation)], True
        if stem.endswith("各族") and len(stem) > 2:
            stem, changed = stem[:-2], True
    return stem if len(stem) >= 2 and stem != name else ""


def _level(code: str, name: str, municipal: bool, direct: bool) -> str:
    if code[2:] == "0" * 10:
        return "省级"
    if direct:
        return "县级市" if name.endswith("市") else "县级"
    if code[4:] == "0" * 8:
        if name.endswith("地区"):
            return "地区"
        if name.endswith("自治州"):
            return "自治州"
        if name.endswith("盟"):
            return "盟"
        return "地级市"
    if name.endswith("区") and not name.endswith("自治区"):
        return "市辖区"
    if name.endswith("市"):
        return "县级市"
    if name.endswith(("县", "旗")):
        return "县"
    return "县级" if not municipal else "市辖区"


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc  # a dependency of the project (data/indicators/traditional.csv is built with it)

    return opencc.OpenCC("s2t")


def _to_traditional(text: str) -> str:
    return str(_converter().convert(text)) if text else ""


def main(argv: list[str]) -> None:
    archive = zipfile.ZipFile(io.BytesIO(_wheel(argv)))
    rows = list(csv.DictReader(io.StringIO(archive.read("cpca/resources/adcodes.csv").decode())))
    nations = archive.read("cpca/resources/56_nations.csv").decode().split()
    names = {row["adcode"]: row["name"] for row in rows}
    municipal = {
        code for code, name in names.items() if code[2:] == "0" * 10 and name.endswith("市")
    }
    out = []
    for row in sorted(rows, key=lambda r: r["adcode"]):
        code, name = row["adcode"], row["name"]
        if name in PLACEHOLDERS:
            continue
        province_code = code[:2] + "0" * 10
        prefecture_code = code[:4] + "0" * 8
        parent = names.get(prefecture_code, "")
        direct = parent in PLACEHOLDERS or province_code in municipal
        provincial = parent.endswith("直辖县级行政区划")  # 仙桃市, 神农架林区, 定州市 …
        level = _level(code, name, province_code in municipal, provincial)
        province = names.get(province_code, "")
        prefecture = ""
        if code[4:] == "0" * 8 and level != "省级":
            prefecture = name
        elif level != "省级" and not direct:
            prefecture = parent
        short = _short(name, nations, provincial)
        traditional = _to_traditional(name)
        traditional_short = _to_traditional(short)
        out.append(
            {
                "code": code[:6],
                "name": name,
                "short": short,
                "traditional": traditional if traditional != name else "",
                "traditional_short": traditional_short if traditional_short != short else "",
                "level": level,
                "province": province,
                "prefecture": prefecture,
            }
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(out[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    tmp.replace(OUT)
    print(f"{OUT.relative_to(ROOT)}: {len(out)} units")


if __name__ == "__main__":
    main(sys.argv[1:])
