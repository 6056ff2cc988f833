"""Reading source files: any common encoding in, clean Unicode out.

Files are decoded as UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when the text
it gives is plausible), GB18030 (a superset of GBK and GB2312) or Big5. Between the legacy
encodings the choice is not a guess: each candidate that decodes is scored by the share of its
characters that are ordinary in a Chinese report (ASCII, punctuation, and Han characters of the
common sets GB2312 or Big5 level 1), the best wins, and a file whose every decoding scores below
:data:`PLAUSIBLE` is refused naming the encodings tried (Big5 bytes decode "successfully" as
GB18030, but into rare characters, kana and private-use code points). Full-width digits, Latin
letters and a few symbols are folded to ASCII one character for one, so offsets survive. Bad
input raises :class:`~pbanalysis.errors.InputError` with a one-line message naming the file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from pbanalysis.corpus import formats
from pbanalysis.corpus.chars import FULL_WIDTH
from pbanalysis.errors import InputError
from pbanalysis.io import paths

__all__ = [
    "INVISIBLE",
    "PLAUSIBLE",
    "plausibility",
    "decode_bytes",
    "read_text",
    "normalize",
    "resolve_sources",
]


_FOLD = FULL_WIDTH
_FOLDABLE = re.compile("[" + "".join(map(chr, _FOLD)) + "]+")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")
_SEPARATOR = re.compile("(?<=\\d)[．，\u066b\u066c](?=\\d)")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


PLAUSIBLE = 0.75
"""The least :func:`plausibility` a decoding must reach to be accepted."""

_LEGACY = (("GB18030", "gb18030"), ("Big5", "cp950"))
_ORDINARY_RANGES = (
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xFF),  # Latin-1 signs: · × ° §
    (0x2000, 0x22FF),  # general punctuation, letterlike, numbers (Ⅰ), arrows, maths
    (0x2460, 0x25FF),  # ① ⑴, box drawing, ■ ●
    (0x3000, 0x303F),  # CJK punctuation
    (0xFF00, 0xFFEF),  # full-width forms
    (0x3400, 0x4DBF),  # Han extension A and
    (0x20000, 0x3FFFF),  # B and later: four-byte forms in GB18030, which Big5 bytes never form
)
_SAMPLE = 20_000


@functools.cache
def _common_han() -> frozenset[str]:
    """Han characters of GB2312 and of Big5 level 1 (the frequent ones of each script)."""
    chars = set()
    for lead in range(0xB0, 0xF8):  # GB2312 Han rows 16-87
        for trail in range(0xA1, 0xFF):
            chars.add(bytes([lead, trail]).decode("gb2312", errors="ignore"))
    for lead in range(0xA4, 0xC7):  # Big5 level 1
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            chars.add(bytes([lead, trail]).decode("cp950", errors="ignore"))
    chars.discard("")
    return frozenset(chars)


def plausibility(text: str) -> float:
    """Share of the first 20,000 non-space characters that are ordinary in a Chinese report.

    Ordinary: printable ASCII, Latin-1 signs, general and CJK punctuation, full-width forms,
    circled numbers and shapes, Han characters of GB2312 or Big5 level 1, and the Han extensions
    outside the basic block (GB18030 writes them in four bytes, which Big5 bytes never form).
    Text decoded with the wrong legacy encoding scores low (rare characters, kana, private-use
    code points).

    Examples
    --------
    >>> plausibility("四川省眉山市：深化新經濟組織黨建工作")
    1.0
    >>> round(plausibility("四川省眉山市".encode("cp950").decode("gb18030")), 2)
    0.0
    """
    common = _common_han()
    total = ordinary = 0
    for char in text:
        if char.isspace():
            continue
        total += 1
        code = ord(char)
        if char in common or any(low <= code <= high for low, high in _ORDINARY_RANGES):
            ordinary += 1
        if total >= _SAMPLE:
            break
    return ordinary / total if total else 1.0


def decode_bytes(data: bytes, *, name: str = "<bytes>") -> str:
    """Decode a text file's bytes: UTF-8, UTF-16, GB18030 or Big5 (see the module docstring).

    Raises :class:`~pbanalysis.errors.InputError` for empty, whitespace-only, binary or
    undecodable input, and for input whose every decoding is implausible.

    Examples
    --------
    >>> decode_bytes("眉山市".encode("gb18030"))
    '眉山市'
    >>> decode_bytes("眉山市黨建".encode("big5"))
    '眉山市黨建'
    >>> decode_bytes("眉山市\\n".encode("utf-16-le"))
    '眉山市\\n'
    >>> decode_bytes(b"\\xef\\xbb\\xbf\\xe7\\x9c\\x89")
    '眉'
    """
    if not data:
        raise InputError(f"{name}: file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                f"{name}: starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                "(truncated or corrupt)"
            ) from None
    elif b"\x00" in data:
        text = _utf16_without_bom(data, name)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _legacy(data, name)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{name}: file holds only whitespace")
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > max(2, len(text) // 200):
        raise InputError(f"{name}: looks like a binary file, not text")
    return text


def _utf16_without_bom(data: bytes, name: str) -> str:
    if len(data) % 2 == 0:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if plausibility(text) >= PLAUSIBLE and not _CONTROL_CHARS.search(text):
                return text
    raise InputError(f"{name}: looks like a binary file, not text")


def _legacy(data: bytes, name: str) -> str:
    scored: list[tuple[float, int, str]] = []
    for _label, codec in _LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        scored.append((plausibility(text), -len(scored), text))
    tried = " or ".join(["UTF-8", *(label for label, _ in _LEGACY)])
    if not scored:
        raise InputError(f"{name}: cannot decode as {tried} (not a plain-text Chinese file?)")
    score, _, text = max(scored)
    if score < PLAUSIBLE:
        raise InputError(
            f"{name}: decodes only into implausible text (tried {tried.replace(' or ', ', ')}; "
            f"best {score:.0%} "
            "ordinary characters)"
        )
    return text


def read_text(path: str | Path) -> str:
    """Read and decode one file (see :func:`decode_bytes`); errors name the file. The text of a
    ``.html``/``.htm``, ``.docx`` or ``.pdf`` file is extracted instead
    (:func:`pbanalysis.corpus.formats.extract_text`).

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
    if path.suffix.lower() in formats.EXTRACTED_SUFFIXES:
        return formats.extract_text(data, path.suffix, name=str(path))
    return decode_bytes(data, name=str(path))


def normalize(text: str) -> str:
    """Fold full-width digits, Latin letters and ``％＋／…`` to ASCII, one character for one.

    Chinese punctuation (，。：；！？（）“”) is left alone: it is the standard form in these
    reports, and folding it would change how sentences are read.

    Examples
    --------
    >>> normalize("９９．０７％，２４１１家")
    '99.07%，2411家'
    >>> normalize("٩٩٫٥%")
    '٩٩.٥%'
    """
    folded = _FOLDABLE.sub(lambda m: m.group().translate(_FOLD), text)
    # A full-width full stop or comma between digits is a decimal point / thousands separator,
    # and so are the Arabic decimal and thousands separators (٫ ٬) between digits.
    return _SEPARATOR.sub(lambda m: "." if m.group() in "．٫" else ",", folded)


def resolve_sources(sources: Iterable[str | Path] | None) -> list[Path]:
    """The files named by ``sources``, sorted per folder: files as given, and in a folder every
    ``.txt``, ``.html``, ``.htm``, ``.docx`` and ``.pdf`` file
    (:data:`~pbanalysis.corpus.formats.TEXT_SUFFIXES`).

    ``None`` means every such file in ``data/raw/``. A missing path or a folder without such
    files raises :class:`~pbanalysis.errors.InputError`.
    """
    if sources is None:
        sources = [paths.raw_dir()]
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.suffix in formats.TEXT_SUFFIXES and p.is_file()
            )
            if not found:
                kinds = ", ".join(formats.TEXT_SUFFIXES[:-1]) + " or " + formats.TEXT_SUFFIXES[-1]
                raise InputError(f"{path}: folder holds no {kinds} files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    if not files:
        raise InputError("no input files given")
    return files
