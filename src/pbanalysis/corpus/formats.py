"""Text out of saved web pages, Word files and PDFs, read wherever a ``.txt`` is.

* ``.html`` / ``.htm``: the page's main text through trafilatura (navigation, comments and
  footers mostly left out; what remains of the site's chrome is recognised by
  :mod:`pbanalysis.corpus.sitelines`), with the page's title as the first line when the main
  text does not start with it; the page's encoding is detected from its bytes and meta tags;
* ``.docx``: the paragraphs and table rows of the body in order (python-docx);
* ``.pdf``: the text layer of every page (pypdf), pages separated by a blank line, so a
  paragraph cut by a page end is repaired like a printed page break.

The text is extracted when the file is read and kept in memory, keyed by the file's bytes, so a
file read twice in one session is extracted once; nothing is written next to the file (and
never into ``data/raw/``). A corrupt file, a PDF without a text layer (a scanned image) or a page
without article text raises :class:`~pbanalysis.errors.InputError` in one line naming the file.
The offsets of :meth:`pbanalysis.corpus.Corpus.raw_offset` index this extracted text, which is
what :func:`pbanalysis.corpus.reading.read_text` returns for such a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator

from pbanalysis.errors import InputError

__all__ = ["TEXT_SUFFIXES", "EXTRACTED_SUFFIXES", "extract_text"]

EXTRACTED_SUFFIXES = (".html", ".htm", ".docx", ".pdf")
"""File name endings whose text is extracted rather than decoded."""
TEXT_SUFFIXES = (".txt", *EXTRACTED_SUFFIXES)
"""The files a source folder is searched for (lower-case endings, as ``.txt`` always was)."""

_CACHE: OrderedDict[tuple[str, str], str] = OrderedDict()
_CACHE_SIZE = 128


def extract_text(data: bytes, suffix: str, *, name: str = "<bytes>") -> str:
    """The text of a ``.html``/``.htm``, ``.docx`` or ``.pdf`` file's bytes.

    Examples
    --------
    >>> page = "<html><body><article><p>今年以来，某县新建党组织12个，走访企业2000余家。</p>"
    >>> extract_text((page + "</article></body></html>").encode(), ".html")
    '今年以来，某县新建党组织12个，走访企业2000余家。'
    >>> extract_text(b"not a pdf", ".pdf", name="x.pdf")
    Traceback (most recent call last):
    ...
    pbanalysis.errors.InputError: x.pdf: not a readable PDF file (PdfStreamError)
    """
    suffix = suffix.lower()
    readers: dict[str, Callable[[bytes, str], str]] = {
        ".html": _html_text,
        ".htm": _html_text,
        ".docx": _docx_text,
        ".pdf": _pdf_text,
    }
    if suffix not in readers:
        raise InputError(f"{name}: cannot extract text from a {suffix or 'suffix-less'} file")
    if not data:
        raise InputError(f"{name}: file is empty")
    key = (suffix, hashlib.sha256(data).hexdigest())
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    text = readers[suffix](data, name)
    if not text.strip():
        raise InputError(f"{name}: holds no text")
    _CACHE[key] = text
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return text


@contextlib.contextmanager
def _quiet(logger: str) -> Iterator[None]:
    """Keep a parser's warnings about a malformed file off the console: the one-line error (or
    the text) is what the reader needs."""
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


def _html_text(data: bytes, name: str) -> str:
    import trafilatura

    with _quiet("trafilatura"), _quiet("htmldate"):
        try:
            document = trafilatura.bare_extraction(
                data, with_metadata=True, include_comments=False, include_tables=True
            )
        except Exception as exc:  # a parser's own error on a malformed page
            raise InputError(f"{name}: not a readable web page ({type(exc).__name__})") from None
    text = (getattr(document, "text", None) or "").strip()
    if not text:
        raise InputError(f"{name}: no article text found in the web page")
    title = (getattr(document, "title", None) or "").strip()
    head = text[: len(title) + 200]
    if title and title not in head:
        text = f"{title}\n{text}"
    return text


def _docx_text(data: bytes, name: str) -> str:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                for row in item.rows:
                    cells = dict.fromkeys(cell.text.strip() for cell in row.cells)
                    lines.append("\t".join(c for c in cells if c))
            else:
                lines.append(item.text)
    except Exception as exc:  # python-docx raises zip, XML and package errors alike
        raise InputError(f"{name}: not a readable .docx file ({type(exc).__name__})") from None
    return "\n".join(lines)


def _pdf_text(data: bytes, name: str) -> str:
    import pypdf

    with _quiet("pypdf"):
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(f"{name}: the PDF is encrypted; save its text as .txt")
            pages = [page.extract_text() or "" for page in reader.pages]
        except InputError:
            raise
        except Exception as exc:  # pypdf raises many kinds of errors on a damaged file
            raise InputError(f"{name}: not a readable PDF file ({type(exc).__name__})") from None
    if not any(re.search(r"\w", page) for page in pages):
        raise InputError(
            f"{name}: the PDF has no text layer (a scanned image?); "
            "run OCR on it or save its text as .txt"
        )
    return "\n\n".join(page.strip("\n") for page in pages)
