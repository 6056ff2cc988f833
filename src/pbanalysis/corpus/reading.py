"""Reading source files: any common encoding in, clean Unicode out.

Files are decoded as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (a superset of GBK
and GB2312), and full-width digits, Latin letters and a few symbols are folded to ASCII one
character for one, so offsets survive. Bad input raises :class:`~pbanalysis.errors.InputError`
with a one-line message naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pbanalysis.corpus.chars import FULL_WIDTH
from pbanalysis.errors import InputError
from pbanalysis.io import paths

__all__ = [
    "INVISIBLE",
    "decode_bytes",
    "read_text",
    "normalize",
    "resolve_sources",
]


_FOLD = FULL_WIDTH
_FOLDABLE = re.compile("[" + "".join(map(chr, _FOLD)) + "]+")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def decode_bytes(data: bytes, *, name: str = "<bytes>") -> str:
    """Decode a text file's bytes: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030.

    Raises :class:`~pbanalysis.errors.InputError` for empty, whitespace-only, binary or
    undecodable input.

    Examples
    --------
    >>> decode_bytes("眉山市".encode("gb18030"))
    '眉山市'
    >>> decode_bytes(b"\\xef\\xbb\\xbf\\xe7\\x9c\\x89")
    '眉'
    """
    if not data:
        raise InputError(f"{name}: file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="strict")
    else:
        if b"\x00" in data:
            raise InputError(f"{name}: looks like a binary file, not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise InputError(
                    f"{name}: cannot decode as UTF-8 or GB18030 (not a plain-text Chinese file?)"
                ) from None
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{name}: file holds only whitespace")
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > max(2, len(text) // 200):
        raise InputError(f"{name}: looks like a binary file, not text")
    return text


def read_text(path: str | Path) -> str:
    """Read and decode one file (see :func:`decode_bytes`); errors name the file.

    Examples
    --------
    >>> read_text(paths.raw_dir() / "meishan-jiagedaqi.txt").split()[0]
    '四川省眉山市：深化新经济组织党建工作'
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a text file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return decode_bytes(data, name=str(path))


def normalize(text: str) -> str:
    """Fold full-width digits, Latin letters and ``％＋／…`` to ASCII, one character for one.

    Chinese punctuation (，。：；！？（）“”) is left alone: it is the standard form in these
    reports, and folding it would change how sentences are read.

    Examples
    --------
    >>> normalize("９９．０７％，２４１１家")
    '99.07%，2411家'
    """
    folded = _FOLDABLE.sub(lambda m: m.group().translate(_FOLD), text)
    # A full-width full stop or comma between digits is a decimal point / thousands separator.
    return re.sub(r"(?<=\d)[．，](?=\d)", lambda m: "." if m.group() == "．" else ",", folded)


def resolve_sources(sources: Iterable[str | Path] | None) -> list[Path]:
    """The text files named by ``sources`` (files or folders of ``*.txt``), sorted per folder.

    ``None`` means every ``*.txt`` in ``data/raw/``. A missing path or a folder without text
    files raises :class:`~pbanalysis.errors.InputError`.
    """
    if sources is None:
        sources = [paths.raw_dir()]
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not found:
                raise InputError(f"{path}: folder holds no .txt files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    if not files:
        raise InputError("no input files given")
    return files
