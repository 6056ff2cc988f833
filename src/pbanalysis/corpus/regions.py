"""Administrative units in the text: which place a report is about.

:data:`ADMIN_SUFFIXES` are the suffixes of Chinese administrative names, longest first, from
province to township level (and the new areas and sub-districts reports are written about);
:func:`parse_region` reads the units of a title of the form ``四川省眉山市：…``; :func:`place_stems`
gives names with their stems (眉山市 → 眉山), which text statistics leave out as trivially
distinctive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pbanalysis.corpus.chars import all_han, is_han
from pbanalysis.corpus.layout import common_words
from pbanalysis.corpus.sitelines import line_kind
from pbanalysis.io import paths
from pbanalysis.io.datafiles import read_records

__all__ = [
    "detect_region",
    "unit_code",
    "ADMIN_SUFFIXES",
    "MUNICIPALITIES",
    "PROVINCE_SUFFIXES",
    "parse_region",
    "title_unit",
    "same_zone",
    "place_stems",
]

ADMIN_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "新区",
    "街道",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
    "旗",
    "镇",
    "乡",
)
"""Suffixes of administrative names, longest first (so ``自治州`` is tried before ``州``)."""
PROVINCE_SUFFIXES = ("省", "自治区", "特别行政区")
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
"""The province-level cities."""
_TITLE_SUFFIXES = ADMIN_SUFFIXES[: ADMIN_SUFFIXES.index("镇")]
"""Units a report title names before its colon: township names are too ambiguous there."""


def parse_region(title: str) -> dict[str, str]:
    """Administrative units named at the head of a title (``四川省眉山市：…``).

    The part before the first colon must read entirely as administrative units (省, 自治区, 市,
    地区, 州, 盟, 县, 区, 旗 …); otherwise nothing is returned, rather than a guess.

    Returns
    -------
    dict
        ``region`` (lowest unit), ``province``, ``prefecture`` and ``level`` (``省级``,
        ``地级市``, ``地区``, ``县级市``, ``县``, ``县级区`` …), each ``""`` when unknown.

    Examples
    --------
    >>> parse_region("黑龙江省大兴安岭地区加格达奇区： 党建融于营商")["region"]
    '加格达奇区'
    >>> parse_region("深化新经济组织党建工作")["region"]
    ''
    """
    empty = {"region": "", "province": "", "prefecture": "", "level": ""}
    head = re.split(r"[：:]", title, maxsplit=1)
    if len(head) < 2:
        return empty
    prefix = re.sub(r"\s+", "", head[0])
    if zone := _zone_ending(prefix):
        return _title_zone(prefix, zone)
    units = _admin_units(prefix)
    if not units:
        return empty
    province = ""
    if units[0].endswith(PROVINCE_SUFFIXES) or units[0] in MUNICIPALITIES:
        province = units[0]
    lower = units[1:] if province else units
    prefecture = lower[0] if len(lower) >= 2 else ""
    region = units[-1]
    depth = len(lower)
    if not lower:
        level = "省级"
    elif region.endswith("地区"):
        level = "地区"
    elif region.endswith(("自治州", "州", "盟")):
        level = "自治州" if region.endswith("自治州") else "地级"
    elif region.endswith("市"):
        level = "地级市" if depth == 1 and province and province not in MUNICIPALITIES else "县级市"
        if not province:
            level = "市"
    elif region.endswith(("县", "自治县", "旗")):
        level = "县"
    else:
        level = "县级区"
    if zone := _zone_ending(region):
        # 烟台高新区： a development zone, under its full name (烟台高新技术产业开发区)
        suffix = zone.group()
        region, level = region[: zone.start()] + _ZONE_FULL.get(suffix, suffix), "开发区"
    return {"region": region, "province": province, "prefecture": prefecture, "level": level}


def _zone_ending(name: str) -> re.Match | None:
    """The development-zone suffix ``name`` ends in after a stem of two or more characters
    (烟台高新区, 荆州开发区), else None; not 新区, which in a title names a district of the
    division list (上海市浦东新区：)."""
    zone = _ZONE_SUFFIX.search(name)
    if zone is None or zone.end() != len(name) or zone.start() < 2 or zone.group() == "新区":
        return None
    return zone


def _title_zone(prefix: str, zone: re.Match) -> dict[str, str]:
    """A title headed by a development zone (``荆州开发区：``, ``四川省成都市高新区：``,
    ``长丰双凤经济开发区：``): the zone under its full suffix, named with the short form of the
    unit before it when units stand before it; its province and prefecture from those units,
    else from the place whose name it carries (:func:`_zone_place`)."""
    stem, suffix = prefix[: zone.start()], zone.group()
    if not all_han(stem) or not _name_like(stem):
        return {"region": "", "province": "", "prefecture": "", "level": ""}
    whole = _ZONE_FULL.get(suffix, suffix)
    units = _admin_units(stem)
    forms = _gazetteer()[0]
    last = (
        next((u for u in forms.get(units[-1], ()) if u["kind"] == "full"), None) if units else None
    )
    if last is not None:
        province = last["province"] or last["name"]
        prefecture = last["prefecture"] or (last["name"] if last["rank"] == "1" else "")
        region = (last.get("short") or units[-1]) + whole
    else:
        stem = _without_province(stem)  # 江西安义高新园区: named with its county's short form
        region = stem + whole
        province, prefecture = _zone_place(region) or ("", "")
    return {"region": region, "province": province, "prefecture": prefecture, "level": "开发区"}


def _without_province(stem: str) -> str:
    """``stem`` without a leading province short form when the rest names a county or city of
    that province (江西安义 → 安义); else ``stem``."""
    forms = _gazetteer()[0]
    for size in (3, 2):
        head, rest = stem[:size], stem[size:]
        provinces = {u["name"] for u in forms.get(head, ()) if u["rank"] == "0"}
        if (
            provinces
            and len(rest) >= 2
            and any(
                u["rank"] in ("1", "2") and u["province"] in provinces for u in forms.get(rest, ())
            )
        ):
            return rest
    return stem


def same_zone(one: str, other: str) -> bool:
    """Whether two zone names name one zone under two suffixes (凤阳经开区 expanded to
    凤阳经济技术开发区, and 凤阳经济开发区 as the text writes it).

    Examples
    --------
    >>> same_zone("凤阳经济技术开发区", "凤阳经济开发区")
    True
    >>> same_zone("凤阳经济开发区", "定远经济开发区")
    False
    """
    cores = {_ZONE_SUFFIX.sub("", name) for name in (one, other)}
    return len(cores) == 1 and all(_ZONE_SUFFIX.search(name) for name in (one, other))


def _admin_units(text: str) -> list[str]:
    """Cut ``text`` into administrative names (``苏州市`` + ``昆山市``), or ``[]`` if it is not
    made of them only. A name has at least one character before its suffix and does not start
    with a suffix character (so ``苏州市昆山市`` is not read as ``苏州`` + ``市昆山市``)."""
    if not text:
        return []
    for end in range(2, min(len(text), 12) + 1):
        unit = text[:end]
        if not unit.endswith(_TITLE_SUFFIXES) or unit[0] in "省市州盟县区旗":
            continue
        if not all_han(unit):
            return []
        if end == len(text):
            return [unit]
        rest = _admin_units(text[end:])
        if rest:
            return [unit, *rest]
    return []


def place_stems(values: Iterable[str]) -> set[str]:
    """Names of places and their stems (``眉山市`` → ``眉山``): every name of two or more
    characters, and its stem when at least two characters remain before the suffix.

    Examples
    --------
    >>> sorted(place_stems(["眉山市", "加格达奇区", "县"]))
    ['加格达奇', '加格达奇区', '眉山', '眉山市']
    """
    names = set()
    for value in values:
        value = str(value).strip()
        if len(value) < 2:
            continue
        names.add(value)
        for suffix in ADMIN_SUFFIXES:
            if value.endswith(suffix) and len(value) - len(suffix) >= 2:
                names.add(value[: -len(suffix)])
                break
    return names


# --- the place a report is about, from its text -------------------------------------------------

_RANK = {"省级": 0, "地级市": 1, "地区": 1, "自治州": 1, "盟": 1}
"""Specificity of a gazetteer level (county-level units 2; development zones and new areas 3;
towns and sub-districts 4, the most specific: a zone often administers sub-districts)."""
_OUTLET_AFTER = re.compile(
    r"(?:日报|晚报|早报|商报|新闻网|网讯|新闻|融媒|电视台|广播|报社|手机报|发布|网|在线|频道|党建网)"
)
"""What follows a place name that is the name of an outlet (襄阳网讯, 河北日报), not a place."""
_PERIODICAL = re.compile(
    r"《[^《》\n]{0,20}(?:报|刊|杂志|党的建设|党建|画报|网|频道|电视台|之声)》"
)
"""A periodical's or channel's name in title marks (《四川党的建设》, 《某某日报》): an outlet."""
_VISITING = re.compile(
    r"[^，。；\n]{0,16}?(?:考察团|代表团|调研组|一行)[^，。；\n]{0,10}?(?:来|莅临)"
)
"""After a place name: its delegation coming to the place the report is written from."""
_THING_AFTER_SHORT = re.compile(r"(?:中心|大学|学院|银行|路|大道|广场|大厦|公司|集团)")
"""What follows a short place name that names a building or a firm (苏州中心), not the place."""
_SUBUNIT_SUFFIX = re.compile(
    r"镇街道(?!办)|街道(?!办)|街道(?=办事处)|(?<!街道)办事处|街(?=党?工委)|镇(?![域级])"
    r"|乡(?![村镇级])"
)
"""Town and sub-district suffixes: not the 镇 of 镇域 (培育镇域经济), not the 乡 of 乡村; a
sub-district named after the town it replaced (江湾镇街道), and one named by its working
committee (正阳河街工委, 街道党工委 shortened)."""
_ZONE_SUFFIX = re.compile(
    r"经济技术开发区|高新技术产业开发区|高新技术产业园区|经济开发区|经开区|高新区|高新园区"
    r"|(?<!济)开发区|工业园区|新区"
)
_ZONE_LEVELS = ("开发区", "新区")
"""The levels of development zones and new areas, ranked between counties and towns."""
_TOWN_SUFFIXES = ("镇", "乡", "街道", "办事处", "镇街道", "街")
_STREET_SUFFIXES = ("街道", "办事处", "镇街道", "街")
"""The suffixes of a sub-district (街道)."""
_ZONE_FULL = {
    "经开区": "经济技术开发区",
    "高新区": "高新技术产业开发区",
    "高新园区": "高新技术产业园区",
}
"""Abbreviated zone suffixes and the name they stand for (大理经开区 = 大理经济技术开发区)."""
_ZONE_WRITTEN = {"经开区": ("经济开发区",), "高新区": ("高新技术产业园区",)}
"""The other full names an abbreviated suffix stands for where the text writes them (凤阳经开区
after 凤阳经济开发区, 宜都高新区 after 宜都高新技术产业园区)."""
_IN_NAME = {**_ZONE_FULL, "办事处": "街道", "街": "街道"}
"""What a suffix reads as in the unit's name: 银河办事处 and 正阳河街工委 name 街道."""
_FUNCTION_CHARS = set("在向到对从为把将各全本该我和与及暨等其每各城乡镇街个的了是")


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, list[dict[str, str]]], _FormScanner, dict[str, dict[str, str]]]:
    """Forms -> units, the pattern of every form (longest first), and units by code."""
    units = read_records(paths.data_file("gazetteer", "units.csv"), ["code", "name", "level"])
    zones = read_records(paths.data_file("gazetteer", "zones.csv"), ["name", "level"])
    forms: dict[str, list[dict[str, str]]] = {}
    by_name: dict[str, dict[str, str]] = {}
    for row in [*units, *zones]:
        row = dict(row)
        row["rank"] = str(_RANK.get(row["level"], 2 if row["level"] not in _ZONE_LEVELS else 3))
        by_name[row["code"] or row["name"]] = row
        for key, kind in (
            ("name", "full"),
            ("traditional", "full"),
            ("short", "short"),
            ("traditional_short", "short"),
        ):
            form = row.get(key, "")
            if form:
                forms.setdefault(form, []).append({**row, "kind": kind})
    _add_autonomous_forms(units, forms)
    _add_renamed_counties(units, forms)
    return forms, _FormScanner(forms), by_name


_AUTONOMOUS = (("自治县", "县", "縣"), ("自治旗", "旗", "旗"), ("自治州", "州", "州"))


def _add_autonomous_forms(units: list[dict], forms: dict[str, list[dict[str, str]]]) -> None:
    """The everyday name of an autonomous county, banner or prefecture: its short form with the
    plain suffix (江华县 for 江华瑶族自治县, 湘西州 for 湘西土家族苗族自治州), read as its full
    name, where no unit has that name already."""
    for row in units:
        for ending, plain, plain_traditional in _AUTONOMOUS:
            if not row["name"].endswith(ending):
                continue
            for key, suffix in (("short", plain), ("traditional_short", plain_traditional)):
                stem = row.get(key, "")
                if len(stem) < 2 or stem.endswith(plain):
                    continue
                form = stem + suffix
                if form not in forms:
                    unit = {**row, "rank": str(_RANK.get(row["level"], 2))}
                    forms[form] = [{**unit, "kind": "full"}]


def _add_renamed_counties(units: list[dict], forms: dict[str, list[dict[str, str]]]) -> None:
    """Counties made districts or cities (撤县设区, 撤县设市) after the table's vintage, or that
    the table still lists as counties: ``武隆区`` for 武隆县. The form is a unit of its own
    (level 市辖区 or 县级市, no code: the new code is not in the table), added only where no
    unit already has that name, and read like a short form (it counts only when its
    prefecture or province is named too)."""
    for row in units:
        row = {k: str(v) for k, v in row.items()}
        short = row.get("short", "")
        if row["level"] not in ("县", "自治县") or len(short) < 2:
            continue
        for suffix, level in (("区", "市辖区"), ("市", "县级市")):
            name = short + suffix
            if name in forms:
                continue
            unit = {**row, "name": name, "level": level, "code": "", "rank": "2"}
            forms[name] = [{**unit, "kind": "renamed"}]


class _FormScanner:
    """The gazetteer forms in a text, leftmost first and the longest at each place: what one
    regular expression of every form (longest first) finds, without trying thousands of
    alternatives at every character."""

    def __init__(self, forms: dict[str, list[dict[str, str]]]) -> None:
        self.forms = forms
        self.lengths: dict[str, list[int]] = {}
        for form in forms:
            self.lengths.setdefault(form[0], []).append(len(form))
        for first, lengths in self.lengths.items():
            self.lengths[first] = sorted(set(lengths), reverse=True)

    def finditer(self, text: str) -> list[tuple[int, int, str]]:
        found = []
        at, end = 0, len(text)
        forms, lengths = self.forms, self.lengths
        while at < end:
            for size in lengths.get(text[at], ()):
                form = text[at : at + size]
                if len(form) == size and form in forms:
                    found.append((at, at + size, form))
                    at += size
                    break
            else:
                at += 1
        return found


def unit_code(region: str, province: str = "", prefecture: str = "") -> str:
    """The gazetteer's administrative division code of ``region``, ``""`` unless exactly one
    unit of that name (full, else short or traditional form) lies in the given province and
    prefecture.

    Examples
    --------
    >>> unit_code("眉山市"), unit_code("长兴县", "浙江省"), unit_code("某某县")
    ('511400', '330522', '')
    """
    forms, _, _ = _gazetteer()
    units = [u for u in forms.get(region, []) if u.get("code")]
    for kind in ("full", "short"):
        found = {
            u["code"]
            for u in units
            if u["kind"] == kind
            and (not province or u["province"] == province or u["name"] == province)
            and (not prefecture or u["prefecture"] == prefecture)
        }
        if found:
            return found.pop() if len(found) == 1 else ""
    return ""


def title_unit(parsed: dict[str, str]) -> dict[str, str] | None:
    """A unit :func:`parse_region` read off a title, completed from the gazetteer (province,
    prefecture, level, code) when exactly one unit of that full name fits the units before it;
    ``parsed`` as it is for a zone; ``None`` for a name the gazetteer does not hold
    (福清新厝共享区：), which the text must then bear out.

    Examples
    --------
    >>> title_unit(parse_region("六盘水市六枝特区：链上党建"))["province"]
    '贵州省'
    >>> title_unit(parse_region("福清新厝共享区：小社区托举大产业")) is None
    True
    """
    if parsed["level"] == "开发区":
        return parsed
    province, prefecture = parsed["province"], parsed["prefecture"]
    fitting = [
        u
        for u in _gazetteer()[0].get(parsed["region"], ())
        if u["kind"] == "full"
        and (not province or province in (u["province"], u["name"]))
        and (not prefecture or u["prefecture"] == prefecture)
    ]
    if len(fitting) != 1:
        return parsed if fitting else None
    unit = fitting[0]
    return {
        "region": parsed["region"],
        "province": unit["province"] or unit["name"],
        "prefecture": unit["prefecture"] or (unit["name"] if unit["rank"] == "1" else ""),
        "level": unit["level"],
        "code": unit.get("code", ""),
    }


def _outlet_places(text: str) -> list[tuple[int, str, dict[str, str]]]:
    """Units named only as an outlet (``莱西融媒5月9日讯``), each form of a single unit: what
    a report names when it names no place in its text (a county's media centre reporting on
    its county)."""
    forms, pattern, _ = _gazetteer()
    found = []
    for at, form_end, form in pattern.finditer(text):
        units = forms[form]
        if len(units) == 1 and _OUTLET_AFTER.match(text, form_end):
            found.append((at, form, {**units[0], "kind": "full"}))
    return found


def _mentions(text: str) -> list[tuple[int, str, dict[str, str]]]:
    """Gazetteer forms in ``text`` that name a place (not an outlet, not a site line)."""
    forms, pattern, _ = _gazetteer()
    found = []
    chrome = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if line_kind(m.group())]
    chrome += [(m.start(), m.end()) for m in _PERIODICAL.finditer(text)]
    for at, form_end, form in pattern.finditer(text):
        if any(s <= at < e for s, e in chrome):
            continue
        if _OUTLET_AFTER.match(text, form_end) or text[max(0, at - 2) : at] == "本报":
            continue
        if len(form) == 2 and at > 0 and text[at - 1 : at + 1] in common_words():
            continue  # the 应县 of 响应县委: a two-character name read across a word
        for unit in forms[form]:
            found.append((at, form, unit))
    return found


def detect_region(title: str, text: str, outlet: str = "") -> dict[str, str]:
    """The place a report is about, from its title, lead and the units it keeps returning to.

    Mentions are the names of ``data/gazetteer/units.csv`` and ``zones.csv`` (full, short and
    traditional forms) plus towns, sub-districts and zones named by their suffix (瑶海区方庙街道,
    黔东经济开发区). Names followed by an outlet word (``河北日报``, ``襄阳网讯``), after
    ``本报`` or on a 来源/编辑/breadcrumb line are not places the report is about. A short form
    counts only when the unit's full name, its prefecture or (for a prefecture) its province is
    also named. The most specific unit named in the title wins; otherwise a town, sub-district or
    zone the lead sentence names right after the one county or prefecture above it (镇江市润州区
    韦岗街道…; not when the text names other counties: then it is an example); otherwise the most
    specific unit named at least twice (else the most specific named at all), the most frequent
    at that level.
    A short form followed by 中心, 大学, 银行 or 路 names a building or a firm, not the place.
    When the text names no place at all, a place named only as an outlet (``莱西融媒…讯``) and
    then ``outlet`` (the outlet of the page's source line, such as 来源：某某经济开发区) are read.

    Returns
    -------
    dict
        ``region``, ``province``, ``prefecture``, ``level``, ``code`` and ``evidence`` (the
        mentions that decided it), each ``""`` when unknown.

    Examples
    --------
    >>> detect_region("", "近年来，瑶海区方庙街道深化非公党建。方庙街道组建党组织146个。")["region"]
    '方庙街道'
    >>> text = "龙岩市开展活动，武平县服务企业。龙岩市推进改革。"
    >>> detect_region("龙岩：干部下沉一线", text)["level"]
    '地级市'
    >>> detect_region("", "河北日报讯 今年以来，鹿泉区探索新模式，鹿泉区划分17个小组。")["province"]
    '河北省'
    """
    from pbanalysis.indicators.numbers import fold, needs_folding

    empty = {k: "" for k in ("region", "province", "prefecture", "level", "code", "evidence")}
    body = f"{title}\n{text}" if title else text
    if needs_folding(body):  # traditional script: read as simplified, one character for one
        body = fold(body)
    head = len(title) + 1 if title else 0
    raw = _mentions(body)
    names_full = {u["name"] for _, _, u in raw if u["kind"] == "full"}
    named = names_full | {u["province"] for _, _, u in raw if u["kind"] == "full"}
    named |= {u["prefecture"] for _, _, u in raw if u["kind"] == "full"}
    provinces_named = {u["name"] for _, _, u in raw if u["rank"] == "0"}
    counts: dict[str, dict] = {}
    unanchored: list[tuple[int, str, dict[str, str]]] = []
    starting = {at: unit for at, _, unit in raw}
    ending = {at + len(form): unit for at, form, unit in raw}
    for at, form, unit in raw:
        if unit["kind"] == "short" and _THING_AFTER_SHORT.match(body, at + len(form)):
            continue
        if unit["kind"] in ("short", "renamed") and unit["rank"] != "0":
            anchor = (
                unit["name"] in names_full
                or (
                    unit["prefecture"]
                    and unit["prefecture"] in named
                    and unit["prefecture"] != unit["name"]
                )
                # 安庆潜山市: a city's short form and a county of that city, side by side
                or any(
                    other is not None and _related(unit, other)
                    for other in (ending.get(at), starting.get(at + len(form)))
                )
            )
            if unit["rank"] == "1" or (unit["kind"] == "renamed" and not unit["prefecture"]):
                anchor = anchor or unit["province"] in provinces_named
            if not anchor:
                unanchored.append((at, form, unit))
                continue
        key = unit["code"] or unit["name"]
        entry = counts.setdefault(
            key, {"unit": unit, "n": 0, "first": at, "title": False, "forms": []}
        )
        entry["n"] += 1
        entry["title"] = entry["title"] or at < head
        entry["forms"].append(form)
    # a visit reported from the host's side (某县考察团来某区考察): the visitors' units are not
    # what the report is about, when another unit is named
    visitors = {
        unit["code"] or unit["name"]
        for at, form, unit in raw
        if _VISITING.match(body, at + len(form))
    }
    if visitors and set(counts) - visitors:
        for key in visitors:
            counts.pop(key, None)
    _drop_homonym_new_areas(counts)
    # ambiguous names: keep the unit whose province or prefecture is named most
    support = {}
    for key, entry in counts.items():
        unit = entry["unit"]
        above = (unit["province"], unit["prefecture"])
        support[key] = sum(
            e["n"] for k, e in counts.items() if k != key and e["unit"]["name"] in above
        ) + sum(1 for _, _, u in unanchored if u["name"] in above)  # 福州 named, 福建 not
    by_first: dict[int, list[str]] = {}
    for key, entry in counts.items():
        by_first.setdefault(entry["first"], []).append(key)
    for keys in by_first.values():
        if len(keys) > 1:
            best = max(support[k] for k in keys)
            for k in keys:
                if support[k] < best:
                    counts.pop(k)
    before = {a + len(f): u for a, f, u in raw}
    # a zone's own page calls it by the bare suffix (经开区…) and names it only as the source's
    # outlet (来源：某某经济技术开发区党政办公室): the bare suffix is that zone
    own = fold(outlet) if outlet and needs_folding(outlet) else outlet
    seeds = [z[1:] for z in _subunits(own, _mentions(own)) if z[2] not in _TOWN_SUFFIXES]
    named_zones = _subunits(body, raw, seeds)
    # 凤阳经开区 after 凤阳经济开发区: an abbreviation stands for the full name the text writes
    # (宜都高新技术产业园区, 以下简称宜都高新区)
    written = {(stem, s) for _, stem, s, _ in named_zones if s not in _ZONE_FULL}
    for at, stem, suffix, parent in named_zones:
        name = stem + _IN_NAME.get(suffix, suffix)
        for whole in _ZONE_WRITTEN.get(suffix, ()):
            if (stem, whole) in written:
                name = stem + whole
        unit_before = before.get(at)
        if (
            suffix not in _TOWN_SUFFIXES
            and unit_before
            and unit_before["name"] == parent
            and unit_before["rank"] != "0"
        ):
            # 长丰县双凤经济开发区: a zone is officially named with its county's or city's short
            # form (长丰双凤经济开发区), not with its province's
            name = (unit_before.get("short") or parent) + name
        if suffix in _TOWN_SUFFIXES:
            level, rank = ("街道" if suffix in _STREET_SUFFIXES else "乡镇"), "4"
        else:
            level, rank = ("新区" if suffix == "新区" else "开发区"), "3"
        entry = counts.setdefault(
            name,
            {
                "unit": {
                    "name": name,
                    "level": level,
                    "rank": rank,
                    "province": "",
                    "prefecture": "",
                    "code": "",
                    "parent": parent,
                },
                "n": 0,
                "first": at,
                "title": False,
                "forms": [],
            },
        )
        entry["n"] += 1
        # 福清新厝共享区： over a report on 新厝镇: a title that writes the stem right after a
        # unit above it names the town or zone too
        entry["title"] = entry["title"] or at < head or _stem_in_title(body[:head], stem, before)
        entry["forms"].append(stem + suffix)
        if parent and at - len(parent) >= head and "chained" not in entry:
            entry["chained"] = at  # named right after a unit above it
        if parent and not entry["unit"].get("parent"):
            entry["unit"]["parent"] = parent
    _merge_zone_names(counts)
    outlets = _outlet_places(body)
    scopes = _scope_counts(body)
    if not counts and not outlets and (lone := _scoped_short(scopes, unanchored)):
        # 市委两新工委… 全市… 为黄石加快建成…: no unit is named in full, but the scope words
        # speak for a city and the text names one city by its short form only
        at, form, unit = lone
        counts[unit["code"] or unit["name"]] = {
            "unit": unit,
            "n": sum(1 for _, _, u in unanchored if u is unit),
            "first": at,
            "title": at < head,
            "forms": [form],
        }
    if not counts:
        if not outlets:
            # the place is named only by the source line's outlet (来源：某某经济开发区)
            found = detect_region("", outlet) if outlet else empty
            if not found["region"]:
                return empty
            return {**found, "evidence": f"{found['evidence']} (only as the source's outlet)"}
        at, form, unit = outlets[0]
        counts[unit["code"] or unit["name"]] = {
            "unit": unit,
            "n": len(outlets),
            "first": at,
            "title": False,
            "forms": [form],
        }
        via_outlet = " (only as the outlet)"
    else:
        via_outlet = ""
    pool = [e for e in counts.values() if e["title"]]
    if not pool:
        # the lead names the unit the report is about down to a town, sub-district or zone,
        # after the units above it (镇江市润州区韦岗街道…): that unit, however often the
        # others are named later
        lead_end = body.find("。", head)
        pool = [
            e
            for e in counts.values()
            if e.get("chained") is not None
            and e["chained"] < (lead_end if lead_end > 0 else 0)
            and _only_branch(e, counts)
        ]
    if not pool:
        pool = [e for e in counts.values() if e["n"] >= 2]
    if not pool:
        pool = list(counts.values())
    best = min(pool, key=lambda e: (-int(e["unit"]["rank"]), -e["n"], e["first"]))
    best, scoped = _by_scope(scopes, best, counts, body)
    unit = dict(best["unit"])
    if not unit["province"]:
        parent = unit.get("parent") or ""
        higher = [
            e
            for e in counts.values()
            if int(e["unit"]["rank"]) < int(unit["rank"]) and e["unit"].get("province")
        ]
        if parent:
            higher = [e for e in higher if e["unit"]["name"] == parent] or higher
        if higher:
            top = max(
                higher,
                key=lambda e: (
                    int(e["unit"]["rank"]) if e["unit"]["name"] == parent else -1,
                    e["n"],
                ),
            )
            unit["province"] = top["unit"]["province"]
            unit["prefecture"] = top["unit"]["prefecture"]
        elif parent and (placed := _zone_place(parent)):
            # 怀集冷坑镇 with nothing above named in full: the unit the name follows (怀集县)
            unit["province"], unit["prefecture"] = placed
        elif unit["level"] == "开发区" and (placed := _zone_place(unit["name"])):
            # 凤阳经济开发区 with nothing above it named: the county or city whose name the
            # zone carries (凤阳县), where that name is one place
            unit["province"], unit["prefecture"] = placed
        elif via_outlet == "" and outlets:
            # nothing above the unit is named in the text: a local outlet's place (威海新闻网)
            # at least gives the province and prefecture it reports from
            unit["province"] = outlets[0][2]["province"] or outlets[0][2]["name"]
            unit["prefecture"] = outlets[0][2]["prefecture"]
        elif outlet and (placed_by := detect_region("", outlet))["province"]:
            # nor in the text's own datelines: the source line's or dateline's outlet
            # (威海网讯 taken out of the text) gives the province and prefecture
            unit["province"] = placed_by["province"]
            unit["prefecture"] = placed_by["prefecture"]
    evidence = (
        "; ".join(
            f"{e['unit']['name']}×{e['n']}{' (title)' if e['title'] else ''}"
            for e in sorted(counts.values(), key=lambda e: (-e["n"], e["first"]))[:5]
        )
        + via_outlet
        + scoped
    )
    return {
        "region": unit["name"],
        "province": unit["province"],
        "prefecture": unit["prefecture"],
        "level": unit["level"],
        "code": unit.get("code", ""),
        "evidence": evidence,
    }


# The level a report's actors and scope words speak for: 全市, 市委, 市直, 市级 for a city; 全县,
# 县委 for a county; 全省 for a province; 镇党委, 全镇 for a town … (not 城市委员会, 社区委员会,
# 全市场).
_SCOPE = re.compile(
    r"全(省|市|县|区|旗|镇|乡)(?!场|长|民)"
    r"|(?<![城社小景])(省|市|县|区|旗|镇|乡)(?:委(?!员)|直|级|政府|人民政府|党委)"
)


_BARE_ZONE = re.compile(r"新区|开发区|经开区|高新区|园区")
"""A zone's or new area's bare suffix (新区开发建设, 全园区), read where no unit is named."""


def _drop_homonym_new_areas(counts: dict[str, dict]) -> None:
    """Drop a new area of the gazetteer (滨海新区, 天津市) whose province nothing else names, in
    a text whose other units lie in one other province named more often (a report on 儋州): a
    local new area of the same name, not the gazetteer's."""
    for key, entry in list(counts.items()):
        unit = entry["unit"]
        if not unit["name"].endswith("新区") or not unit["province"]:
            continue
        others = [e for k, e in counts.items() if k != key]
        provinces = {e["unit"]["province"] or e["unit"]["name"] for e in others}
        own = unit["province"] in provinces
        if not own and len(provinces) == 1 and sum(e["n"] for e in others) > entry["n"]:
            counts.pop(key)


def _stem_in_title(title: str, stem: str, before: dict[int, dict[str, str]]) -> bool:
    """Whether ``title`` writes ``stem`` right after a unit's name (``before``: the units by
    the offset where their name ends)."""
    at = title.find(stem)
    while at > 0:
        if at in before:
            return True
        at = title.find(stem, at + 1)
    return False


def _scope_counts(body: str) -> dict[str, int]:
    """How often the scope words of each level occur in ``body`` (``{"市": 4, "县": 1}``)."""
    found: dict[str, int] = {}
    for match in _SCOPE.finditer(body):
        level = match.group(1) or match.group(2)
        found[level] = found.get(level, 0) + 1
    return found


def _scope_of(name: str) -> str:
    """The scope word a unit's actors use (市 for 邵阳市, 县 for 江华瑶族自治县, 区 for a district,
    a zone or an autonomous region; "" for a sub-district, which no scope word names)."""
    return name[-1] if name[-1] in "省市县区旗镇乡" else ""


def _by_scope(
    found: dict[str, int], best: dict, counts: dict[str, dict], body: str = ""
) -> tuple[dict, str]:
    """The unit the report's scope words speak for, when they disagree with ``best``: a city
    whose party secretary and 全市 figures frame a report on one county's firm (邵阳市, not
    隆回县), a county whose 县委 runs a zone (江华瑶族自治县, not its 高新区). Only a unit
    of the other scope that is named, in the same province, and above or below ``best`` is
    taken, and only when its scope words outnumber ``best``'s at least two to none, or three
    times over and by at least two more for each of ``best``'s (4 to 1: a county committee
    named once as the one a firm turned to). Returns the
    unit's entry and what decided it ("" when ``best`` stands). ``found`` is
    :func:`_scope_counts` of the text. A zone or new area speaks of itself by its bare suffix
    (新区开发建设4年多来, 园区企业): in ``body``, those count as its own scope words."""
    if not found:
        return best, ""
    unit = best["unit"]
    own = _scope_of(unit["name"])
    if not own:
        return best, ""
    scope, times = max(found.items(), key=lambda item: (item[1], item[0]))
    mine = found.get(own, 0)
    if unit["level"] in _ZONE_LEVELS and body:
        named = {form for e in counts.values() for form in (*e["forms"], e["unit"]["name"])}
        for form in sorted(named, key=len, reverse=True):
            body = body.replace(form, "")
        mine += len(_BARE_ZONE.findall(body))
    if scope == own or times < 2 + 2 * mine or times < 3 * mine:
        return best, ""
    related = [
        e
        for e in counts.values()
        if e is not best and _scope_of(e["unit"]["name"]) == scope and _related(e["unit"], unit)
    ]
    if len(related) != 1:
        return best, ""
    return related[0], f" (scope words: {scope}×{times}, {own}×{mine})"


def _scoped_short(
    found: dict[str, int], unanchored: list[tuple[int, str, dict[str, str]]]
) -> tuple[int, str, dict[str, str]] | None:
    """The one unit named only by its short form whose level the report's scope words
    (``found``, :func:`_scope_counts`) speak for (at least twice, and for no other level), else
    None."""
    if len(found) != 1:
        return None
    ((scope, times),) = found.items()
    if times < 2:
        return None
    fitting: dict[str, tuple[int, str, dict[str, str]]] = {}
    for at, form, unit in unanchored:
        if _scope_of(unit["name"]) == scope and unit["rank"] in ("1", "2"):
            fitting.setdefault(unit["code"] or unit["name"], (at, form, unit))
    return next(iter(fitting.values())) if len(fitting) == 1 else None


def _related(one: dict, other: dict) -> bool:
    """Whether one unit lies above or below the other (its prefecture, province or parent)."""
    names = {one["name"], other["name"]}
    for a, b in ((one, other), (other, one)):
        if a["name"] in (b.get("prefecture"), b.get("province"), b.get("parent")):
            return True
    if one.get("province") and one.get("province") == other.get("province"):
        return bool(names & {one.get("prefecture"), other.get("prefecture")})
    return False


def _zone_place(name: str) -> tuple[str, str] | None:
    """``(province, prefecture)`` of the county- or prefecture-level unit a zone's name starts
    with (凤阳经济开发区: 凤阳县, 安徽省 滁州市), when every unit of that name lies in one
    prefecture; else None."""
    forms = _gazetteer()[0]
    core = _ZONE_SUFFIX.sub("", name)
    for size in range(min(len(core), 6), 1, -1):
        units = [u for u in forms.get(core[:size], ()) if u["rank"] in ("1", "2")]
        places = {
            (u["province"], u["prefecture"] or (u["name"] if u["rank"] == "1" else ""))
            for u in units
        }
        if len(places) == 1:
            return next(iter(places))
        if places:
            return None
    return None


def _only_branch(entry: dict, counts: dict[str, dict]) -> bool:
    """Whether the unit above a chained town, sub-district or zone is a prefecture or county
    and the only unit of its level the text names: a report on several counties or cities
    names one of them as its lead example."""
    parents = [e for e in counts.values() if e["unit"]["name"] == entry["unit"].get("parent")]
    if not parents or parents[0]["unit"]["rank"] not in ("1", "2"):
        return False
    rank = parents[0]["unit"]["rank"]
    return not any(e["unit"]["rank"] == rank and e is not parents[0] for e in counts.values())


_NOT_IN_NAMES = frozenset({"v", "vd", "ad", "d", "p", "c", "b", "uj", "ul", "uz", "ug", "uv", "ud"})
"""Word classes of jieba's dictionary no place name is made of: verbs, adverbs, prepositions,
conjunctions and distinguishing words (所在) of two or more characters, and particles (a single
character tagged as a verb is often a name's morpheme: 辛安, 督院街)."""


def _merge_zone_names(counts: dict[str, dict]) -> None:
    """One zone under its fullest name: 双凤开发区 and 双凤经济开发区 are the 长丰双凤经济开发区 the
    text also names (a zone's core name inside a longer zone name)."""
    zones = sorted(
        (key for key, e in counts.items() if e["unit"]["level"] in _ZONE_LEVELS), key=len
    )
    for short in zones:
        core = _ZONE_SUFFIX.sub("", short)
        longer = [key for key in zones if len(key) > len(short) and core in key and key in counts]
        if len(core) >= 2 and longer and short in counts:
            entry, kept = counts.pop(short), counts[max(longer, key=len)]
            kept["n"] += entry["n"]
            kept["title"] = kept["title"] or entry["title"]
            kept["first"] = min(kept["first"], entry["first"])
            kept["forms"] += entry["forms"]


def _name_like(stem: str, strict: bool = False) -> bool:
    """Whether a stem read before a town or zone suffix can be a name: no verb, adverb or
    particle among its words (jieba's dictionary tags); ``strict`` (a new area's name, which
    ordinary phrases also end in: 建设新区, 发展新区): nothing but nouns and names."""
    from pbanalysis.indicators.postags import cut

    words = cut(stem)
    if strict and not all(tag.startswith(("n", "j")) and tag != "vn" for _, tag in words):
        return False
    return not any(
        tag in _NOT_IN_NAMES and (len(word) >= 2 or tag.startswith("u")) for word, tag in words
    )


def _subunits(
    text: str,
    raw: list[tuple[int, str, dict[str, str]]],
    seeds: Iterable[tuple[str, str, str]] = (),
) -> list[tuple[int, str, str, str]]:
    """Towns, sub-districts and zones named by their suffix: ``(offset, stem, suffix, parent)``.

    The stem (two to four characters, six for zones) starts right after a unit name
    (乐安县|山砀镇) or at the start of a word (after punctuation, a space or a line start). A
    bare zone suffix (开发区, 经开区 alone) is the zone last named in full with that suffix, or
    else one of ``seeds`` (``(stem, suffix, parent)`` of zones named outside the text)."""
    ends = {at + len(form): unit["name"] for at, form, unit in raw}
    named_at = {at + len(form): (at, unit["name"]) for at, form, unit in raw}
    found = []
    for pattern, longest in ((_ZONE_SUFFIX, 6), (_SUBUNIT_SUFFIX, 4)):
        # a zone's last full naming, by its full suffix
        named: dict[str, tuple[str, str, str]] = {
            _ZONE_FULL.get(seed[1], seed[1]): seed for seed in seeds
        }
        for match in pattern.finditer(text):
            end, suffix = match.start(), match.group()
            if any(a <= end < a + len(form) for a, form, _ in raw):
                continue  # the 乡 of 桐乡市
            whole = _ZONE_FULL.get(suffix, suffix)
            parent, start = "", -1
            for size in range(2, longest + 1):
                if end - size in ends:
                    parent, start = ends[end - size], end - size
                    break
            named_after = pattern is _ZONE_SUFFIX and end in named_at and suffix != "新区"
            if named_after and (start < 0 or not _name_like(text[start:end])):
                # 晋江|经济开发区: a zone named after its unit, also when the words since an
                # earlier unit are no name (兴安种业只是横峰|经开区); a new area's name that is
                # also a district's short form (南海新区) is not placed by it
                start, parent = named_at[end]
            if start < 0:
                run = end
                while run > 0 and is_han(text[run - 1]) and end - run <= longest:
                    run -= 1
                if end - run > longest:
                    # 临港区蔄山镇: a unit the gazetteer lacks, then the town's own name;
                    # otherwise the suffix ends a longer phrase, not a name
                    window = text[end - longest : end]
                    cut = max(window.rfind(c) for c in "区县市")
                    if cut < 0 or len(window) - cut - 1 < 2:
                        continue
                    run = end - longest + cut + 1
                # ``在邵伯镇``: a preposition or determiner before the name is not part of it
                while end - run > 2 and text[run] in _FUNCTION_CHARS:
                    run += 1
                if end - run < 2 or (
                    suffix in ("开发区", "新区")
                    and end - run > 2
                    and text[end - 2 : end] in common_words()
                ):
                    # ``开发区`` alone (or after a verb: 推动开发区建设), once a zone was named
                    # in full: that zone again
                    again = [named[w] for w in named if w.endswith(whole)]
                    if pattern is _ZONE_SUFFIX and again:
                        found.append((end, *again[-1]))
                    continue
                start = run
            stem = text[start:end]
            banned = "区县市省" if parent else "乡镇街区县市省"
            if suffix == "街道" and stem.endswith("街"):  # 书院街街道: named after its street
                banned = banned.replace("街", "")
            if stem[0] in _FUNCTION_CHARS or any(c in banned for c in stem) or not all_han(stem):
                continue
            if not parent and not _name_like(stem, strict=suffix == "新区"):
                continue  # 实现了镇, 成立开发区, 建设新区: a verb or a particle, not a name
            found.append((start, stem, suffix, parent))
            if pattern is _ZONE_SUFFIX:
                named.pop(whole, None)  # the latest naming last
                named[whole] = (stem, suffix, parent)
    return found
