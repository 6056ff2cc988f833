"""Bookkeeping for the real-text development sets of ``data/devsets/``.

A set is built by hand from stored public web pages; these checks keep it clean of the addresses
the other sets use and of the reserved ones, and check its annotation file. They print no article
text beyond the strings a text of the set shares with another.

    python scripts/devset_tools.py urls SET URL...       ok / excluded for each candidate url
    python scripts/devset_tools.py overlap SET [DOC...]  share of each text's 10-character strings
                                                         found in another set's (or this set's) text
    python scripts/devset_tools.py gold SET              surfaces and contexts of gold.csv, and the
                                                         number runs no context covers
    python scripts/devset_tools.py save SET DOC < FILE   FILE: the excerpt as a JSON string literal

A url is compared normalised (scheme, leading ``www.``/``m.``, port, fragment and trailing slash
dropped; with and without its query) with every ``data/devsets/*/sources.csv`` but the set's own
and with the reserved list (``--reserved``, by default ``../shared/reserved-sources.txt`` beside
the checkout); a reserved address is only ever reported as ``excluded``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
DEVSETS = ROOT / "data" / "devsets"
RESERVED = ROOT.parent / "shared" / "reserved-sources.txt"
GRAM = 10
FLAG_SHARE = 0.03
"""A text sharing more than this share of its strings with another is looked at by hand."""
NUMBER_RUN = re.compile(r"[0-9０-９][0-9０-９.,:：\-—/%]*|[一二两兩三四五六七八九十百千万萬半]+")


class ToolError(Exception):
    """A one-line reason the check cannot run."""


def url_keys(url: str) -> set[str]:
    """The normalised forms of ``url`` (with and without its query string).

    >>> sorted(url_keys("https://www.Example.cn:81/a/b.html?id=2#top"))
    ['example.cn/a/b.html', 'example.cn/a/b.html?id=2']
    """
    text = re.sub(r"^[a-z]+://", "", unquote(url.strip()).lower())
    text = re.sub(r"^(?:www\.|m\.)", "", text)
    host, _, rest = text.partition("/")
    full = (host.split(":")[0] + ("/" + rest if rest else "")).split("#")[0].rstrip("/")
    return {full, full.split("?")[0].rstrip("/")}


def _used(devsets: Path, own: str) -> dict[str, str]:
    used = {}
    for sources in sorted(devsets.glob("*/sources.csv")):
        if sources.parent.name == own:
            continue
        with open(sources, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("url"):
                    for key in url_keys(row["url"]):
                        used[key] = f"{sources.parent.name}/{row.get('doc', '')}"
    return used


def _reserved(path: Path) -> set[str]:
    if not path.is_file():
        raise ToolError(f"reserved list not found: {path} (give --reserved)")
    keys: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keys |= url_keys(line.split()[0])
    return keys


def check_urls(devsets: Path, own: str, urls: list[str], reserved: Path) -> list[str]:
    """``ok``; ``excluded (SET/DOC)`` for a url another set uses; ``excluded`` for a reserved
    one."""
    used, held = _used(devsets, own), _reserved(reserved)
    lines = []
    for url in urls:
        keys = url_keys(url)
        if keys & held:
            lines.append("excluded")
        elif hits := sorted({used[k] for k in keys if k in used}):
            lines.append(f"excluded ({', '.join(hits)})")
        else:
            lines.append("ok")
    return lines


def _grams(path: Path, size: int = GRAM) -> set[str]:
    text = "".join(path.read_text(encoding="utf-8").split())
    return {text[i : i + size] for i in range(len(text) - size + 1)}


def overlaps(devsets: Path, own: str, docs: list[str]) -> list[str]:
    """For each text of set ``own``: the highest share of its strings found in another text,
    and every text above :data:`FLAG_SHARE`."""
    others = {str(p.relative_to(devsets)): _grams(p) for p in sorted(devsets.glob("*/texts/*.txt"))}
    folder = devsets / own / "texts"
    names = docs or sorted(p.stem for p in folder.glob("*.txt"))
    lines = [
        f"compared against {sum(not n.startswith(own + '/') for n in others)} texts of other sets"
    ]
    for doc in names:
        me = f"{own}/texts/{doc}.txt"
        grams = others.get(me) or _grams(folder / f"{doc}.txt")
        shares = (
            sorted(
                (
                    (len(grams & other) / len(grams), name)
                    for name, other in others.items()
                    if name != me
                ),
                reverse=True,
            )
            if grams
            else []
        )
        best = shares[0] if shares else (0.0, "")
        flagged = [f"{share:.3f} {name}" for share, name in shares if share > FLAG_SHARE]
        lines.append(
            f"{doc} max {best[0]:.3f} {best[1]}"
            + (" FLAG " + "; ".join(flagged) if flagged else "")
        )
    return lines


def check_gold(folder: Path) -> list[str]:
    """(a) every surface and context of ``gold.csv`` occurs in its text, the context holds the
    surface and occurs once; (b) the digit and Chinese-numeral runs no row's context covers."""
    with open(folder / "gold.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(folder / "sources.csv", encoding="utf-8", newline="") as handle:
        docs = [row["doc"] for row in csv.DictReader(handle)]
    texts = {doc: (folder / "texts" / f"{doc}.txt").read_text(encoding="utf-8") for doc in docs}
    lines, problems = [], 0
    for number, row in enumerate(rows, 2):
        text = texts[row["doc"]]
        found = [
            "surface missing" * (row["surface"] not in text),
            "context missing" * (row["context"] not in text),
            "surface not in context" * (row["surface"] not in row["context"]),
            f"context occurs {text.count(row['context'])} times"
            * (text.count(row["context"]) != 1),
        ]
        if any(found):
            problems += 1
            lines.append(
                f"line {number} {row['doc']} {row['surface']} | {'; '.join(filter(None, found))}"
            )
    lines.append(f"(a) problems: {problems}")
    for doc in docs:
        text = texts[doc]
        spans = [
            (at, at + len(row["context"]))
            for row in rows
            if row["doc"] == doc and (at := text.find(row["context"])) >= 0
        ]
        loose = [
            text[max(0, m.start() - 6) : m.end() + 4].replace("\n", " ")
            for m in NUMBER_RUN.finditer(text)
            if not any(a <= m.start() and m.end() <= b for a, b in spans)
        ]
        lines += [f"(b) {doc} {len(loose)}", *(f"    {run}" for run in loose)]
    return lines


def save_excerpt(folder: Path, doc: str, literal: str) -> Path:
    """Write ``texts/DOC.txt``: the JSON string ``literal`` decoded, UTF-8, one final newline;
    an existing file is never overwritten."""
    path = folder / "texts" / f"{doc}.txt"
    if path.exists():
        raise ToolError(f"exists: {path}")
    try:
        text = json.loads(literal.strip())
    except json.JSONDecodeError as error:
        raise ToolError(f"not a JSON string literal: {error}") from None
    if not isinstance(text, str):
        raise ToolError("not a JSON string literal")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devsets", type=Path, default=DEVSETS, help="the sets' folder")
    parser.add_argument("--reserved", type=Path, default=RESERVED, help="the reserved list")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("urls", "overlap", "gold", "save"):
        command = sub.add_parser(name)
        command.add_argument("set", help="the set's folder name (regions11, indicators9 …)")
        command.add_argument("items", nargs="*", help="urls, docs, or the doc to save")
    args = parser.parse_args(argv)
    folder = args.devsets / args.set
    try:
        if not folder.is_dir() and args.command != "urls":
            raise ToolError(f"no such set: {folder}")
        if args.command == "urls":
            lines = check_urls(args.devsets, args.set, args.items, args.reserved)
        elif args.command == "overlap":
            lines = overlaps(args.devsets, args.set, args.items)
        elif args.command == "gold":
            lines = check_gold(folder)
        else:
            if len(args.items) != 1:
                raise ToolError("save takes one DOC and the JSON string on standard input")
            lines = [f"saved {save_excerpt(folder, args.items[0], sys.stdin.read())}"]
    except (ToolError, OSError, KeyError) as error:
        print(f"devset_tools: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
