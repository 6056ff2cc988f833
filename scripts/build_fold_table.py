"""Build ``data/indicators/traditional.csv``, the traditional -> simplified fold table, from OpenCC.

Where the data comes from
    OpenCC (Open Chinese Convert, https://github.com/BYVoid/OpenCC), through its official Python
    bindings, the PyPI package ``opencc``. OpenCC and its dictionaries are licensed under the
    Apache License 2.0; the generated table is a derived work of those dictionaries and keeps
    that attribution in ``data/indicators/traditional.SOURCE.md``.

What it builds
    Every CJK Unified Ideograph (the basic block and extensions A to I) is converted on its own
    with OpenCC's ``t2s`` configuration (OpenCC standard traditional -> simplified). A character
    is kept when the result is exactly one *different* character, so the table folds one
    character for one and offsets in folded text stay offsets in the original. Phrase-level
    conversions (``TSPhrases``) never apply to a lone character, so they are ignored; where
    OpenCC's character dictionary lists several candidates, ``t2s`` outputs the first, which is
    OpenCC's default and the one kept (a character whose first candidate is itself, 阪 -> 阪 坂,
    is not folded). Only ideographs are looked at, and a pair is kept only when both sides are
    CJK Unified Ideographs, so full-width forms (U+FF00-FFEF), number forms (U+2150-218F) and
    CJK Compatibility Ideographs stay out of the table: full-width digits and signs are folded
    in ``pbanalysis.indicators.numbers``.

    The installed package ships its dictionaries compiled (``*.ocd2``) only, which is why the
    table is derived by conversion rather than by reading ``TSCharacters.txt``.

Output
    ``data/indicators/traditional.csv``: header ``traditional,simplified``, one pair a line,
    sorted by the code point of the traditional character, UTF-8, LF line ends, no comment lines
    (the file is read with ``pandas.read_csv``); written atomically (a temporary file in the same
    folder, then ``os.replace``). ``data/indicators/traditional.SOURCE.md`` records the package
    and version used.

How to rerun (from the repository root, with ``opencc`` installed in the venv, e.g.
``.venv/bin/pip install -e '.[maintainer]'``, which pins OpenCC 1.4.2)::

    .venv/bin/python scripts/build_fold_table.py

Options: ``--check`` builds the table and exits 1 (writing nothing) when the committed files
differ from it; ``--data-dir DIR`` writes to another folder than ``data/indicators``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "data" / "indicators"
CSV_NAME = "traditional.csv"
SOURCE_NAME = "traditional.SOURCE.md"
HEADER = "traditional,simplified"
CONFIG = "t2s"

# CJK Unified Ideographs: the basic block and extensions A-I (inclusive code point ranges).
CJK_UNIFIED = (
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0x3400, 0x4DBF),  # Extension A
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2B73F),  # Extension C
    (0x2B740, 0x2B81F),  # Extension D
    (0x2B820, 0x2CEAF),  # Extension E
    (0x2CEB0, 0x2EBEF),  # Extension F
    (0x2EBF0, 0x2EE5F),  # Extension I
    (0x30000, 0x3134F),  # Extension G
    (0x31350, 0x323AF),  # Extension H
)


def is_unified_ideograph(ch: str) -> bool:
    """True when ``ch`` is one CJK Unified Ideograph (not a compatibility or full-width form)."""
    if len(ch) != 1:
        return False
    code = ord(ch)
    return any(low <= code <= high for low, high in CJK_UNIFIED)


def opencc_version() -> tuple[str, str]:
    """The distribution name and version of the installed OpenCC bindings."""
    import opencc

    for name in ("OpenCC", "opencc"):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        return dist.metadata["Name"], dist.version
    return "opencc", str(getattr(opencc, "__version__", "unknown"))


def build_pairs() -> list[tuple[str, str]]:
    """Every (traditional, simplified) pair that OpenCC's ``t2s`` folds one character for one.

    Sorted by the code point of the traditional character.
    """
    import opencc

    converter = opencc.OpenCC(CONFIG)
    pairs = []
    for low, high in CJK_UNIFIED:
        for code in range(low, high + 1):
            ch = chr(code)
            out = converter.convert(ch)
            if out != ch and len(out) == 1 and is_unified_ideograph(out):
                pairs.append((ch, out))
    pairs.sort(key=lambda pair: ord(pair[0]))
    return pairs


def render_csv(pairs: list[tuple[str, str]]) -> str:
    """The text of ``traditional.csv`` for ``pairs`` (header, one ``a,b`` line each, LF)."""
    return "".join(f"{line}\n" for line in [HEADER, *(f"{a},{b}" for a, b in pairs)])


def render_source(pairs: list[tuple[str, str]], name: str, version: str) -> str:
    """The text of ``traditional.SOURCE.md``."""
    return f"""# Source of `traditional.csv`

Generated by `scripts/build_fold_table.py`; do not edit `traditional.csv` by hand.

- Data: OpenCC (Open Chinese Convert), <https://github.com/BYVoid/OpenCC>, configuration
  `{CONFIG}` (OpenCC standard traditional to simplified).
- Package: `{name}` {version} (PyPI, official Python bindings).
- Licence: OpenCC and its dictionaries are Apache License 2.0; this table is derived from them.
- Method: each CJK Unified Ideograph (basic block and extensions A-I) converted on its own; kept
  when the result is exactly one different CJK Unified Ideograph (phrase conversions ignored,
  first candidate of the character dictionary, full-width / number / compatibility forms left
  out).
- Pairs: {len(pairs)}.

Rerun from the repository root:

    .venv/bin/python scripts/build_fold_table.py
"""


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8, LF) through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="output folder")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the files are out of date"
    )
    args = parser.parse_args(argv)

    pairs = build_pairs()
    name, version = opencc_version()
    files = {
        args.data_dir / CSV_NAME: render_csv(pairs),
        args.data_dir / SOURCE_NAME: render_source(pairs, name, version),
    }
    print(f"{len(pairs)} pairs from {name} {version} ({CONFIG})")
    if args.check:
        stale = [
            p for p, text in files.items() if not p.exists() or p.read_bytes() != text.encode()
        ]
        for path in stale:
            print(f"out of date: {path}", file=sys.stderr)
        return 1 if stale else 0
    for path, text in files.items():
        write_atomic(path, text)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
