"""The corpus model: files -> articles -> sections -> measures -> sentences, with offsets.

:mod:`pbanalysis.corpus.reading` decodes each file, :mod:`pbanalysis.corpus.layout` reads its
lines as a
printed report (titles, bylines, headings, paragraphs with page breaks repaired), and this module
assembles the tidy frames a study works on. Inside an article, heading lines open sections;
paragraphs opened by a short lead sentence (``着力组织扩面。``) open measures, when a report
writes them that way in two paragraphs or more.

Every unit keeps ``start``/``end`` offsets into the cleaned text of its article
(``Corpus.texts[doc_id]``), and :meth:`Corpus.raw_offset` maps a cleaned offset back to the
decoded raw file. Regions come from the manifest (``data/corpus.csv``) or the title line.
"""

from __future__ import annotations

import bisect
import csv
import dataclasses
import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pbanalysis.corpus import layout, reading, regions, sitelines
from pbanalysis.errors import InputError
from pbanalysis.io import paths

__all__ = [
    "MANIFEST_COLUMNS",
    "DOCUMENT_COLUMNS",
    "read_manifest",
    "Corpus",
    "load_corpus",
    "manifest_rows",
    "file_corpus",
    "files_corpus",
    "base_doc_id",
    "unique_doc_id",
    "structure_table",
    "describe",
    "inspect_report",
]


# --------------------------------------------------------------------------- manifest

MANIFEST_COLUMNS = (
    "doc_id",
    "file",
    "article",
    "title",
    "region",
    "province",
    "prefecture",
    "level",
    "reporters",
    "outlet",
    "date",
)


DOCUMENT_COLUMNS = (
    *MANIFEST_COLUMNS[: MANIFEST_COLUMNS.index("level") + 1],
    "code",
    *MANIFEST_COLUMNS[MANIFEST_COLUMNS.index("level") + 1 :],
    "n_chars",
    "n_sections",
    "n_measures",
    "n_sentences",
    "raw_start",
    "raw_end",
)
"""The columns of :attr:`Corpus.documents`: the manifest's, the gazetteer ``code`` of the
region, counts and the article's span in the decoded file."""


def read_manifest(path: str | Path | None = None) -> pd.DataFrame:
    """Read the corpus manifest (default ``data/corpus.csv``; if that is missing, an empty one).

    A ``path`` given explicitly must be a file: a missing path or a folder raises
    :class:`~pbanalysis.errors.InputError`.

    Returns
    -------
    pandas.DataFrame
        One row per article: ``doc_id`` (unique id), ``file`` (name under ``data/raw/``),
        ``article`` (1-based position in the file), ``title``, ``region``, ``province``,
        ``prefecture``, ``level``, ``reporters`` (``;``-separated), ``outlet``, ``date``
        (empty when unknown), all strings except ``article``.

    Examples
    --------
    >>> read_manifest().loc[0, "region"]
    '眉山市'
    """
    if path is not None and not Path(path).is_file():
        kind = "is a directory" if Path(path).is_dir() else "no such file"
        raise InputError(f"{path}: manifest {kind}, expected a CSV file")
    path = Path(path) if path is not None else paths.manifest_path()
    if not path.is_file():
        frame = pd.DataFrame({c: pd.Series(dtype="str") for c in MANIFEST_COLUMNS})
        return frame.astype({"article": "int64"})
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: unreadable manifest ({exc})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read manifest ({exc.strerror})") from None
    missing = {"doc_id", "file", "article"} - set(rows[0] if rows else MANIFEST_COLUMNS)
    if missing:
        raise InputError(f"{path}: manifest lacks column(s) {', '.join(sorted(missing))}")
    records = []
    for number, row in enumerate(rows, 2):
        try:
            article = int(row["article"])
        except (TypeError, ValueError):
            raise InputError(f"{path}:{number}: article must be a whole number") from None
        records.append(
            {
                c: (article if c == "article" else (row.get(c) or "").strip())
                for c in MANIFEST_COLUMNS
            }
        )
    frame = pd.DataFrame.from_records(records, columns=list(MANIFEST_COLUMNS))
    duplicated = frame["doc_id"][frame["doc_id"].duplicated()]
    if not duplicated.empty:
        raise InputError(f"{path}: duplicate doc_id {duplicated.iloc[0]!r}")
    return frame


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Corpus:
    """Articles as tidy frames with offsets into each article's cleaned text.

    Attributes
    ----------
    texts : dict
        ``doc_id`` -> cleaned article text; every ``start``/``end`` indexes into it.
    documents : DataFrame
        ``doc_id, file, article, title, region, province, prefecture, level, code, reporters,
        outlet, date, n_chars, n_sections, n_measures, n_sentences, raw_start, raw_end``:
        ``code`` is the gazetteer's division code of the region (empty when unknown or not
        unique), ``reporters``/``outlet``/``date`` come from the manifest, else from the byline,
        dateline and source lines (``date`` ISO, as precise as stated); raw offsets index the
        decoded file.
    sections : DataFrame
        ``doc_id, region, section_id, section, start, end``; section 0 is the lead before the
        first heading (``section == ""``); ``start``/``end`` span the heading and its body.
    measures : DataFrame
        ``doc_id, region, section_id, section, measure_id, measure, start, end``; ``measure``
        is the lead sentence without its final stop (``着力组织扩面``).
    sentences : DataFrame
        ``doc_id, article, region, section_id, section, measure_id, measure, paragraph_id,
        sentence_id, text, start, end``; ``sentence_id`` counts from 1 within the article.
    breaks : DataFrame
        Repaired breaks: ``doc_id, position, before, after, kind`` (``page_break`` when a blank
        line cut the paragraph, ``line_wrap`` for a hard line break), ``raw_position``.
    dropped : DataFrame
        What was taken out of the text: ``doc_id, kind, text, raw_start, raw_end``, ``kind``
        one of ``navigation``, ``page_tool``, ``footer``, ``editor``, ``end_mark``, ``source``
        (a source line, read for outlet, date and reporters) and ``dateline``; the raw offsets
        index the decoded file.
    """

    texts: dict[str, str]
    documents: pd.DataFrame
    sections: pd.DataFrame
    measures: pd.DataFrame
    sentences: pd.DataFrame
    breaks: pd.DataFrame
    dropped: pd.DataFrame
    _maps: dict[str, list[tuple[int, int, int]]] = field(repr=False, default_factory=dict)

    def raw_offset(self, doc_id: str, position: int) -> int:
        """Offset in the decoded raw file of cleaned offset ``position`` of article ``doc_id``.

        Examples
        --------
        >>> corpus = load_corpus([paths.raw_dir() / "meishan-jiagedaqi.txt"])
        >>> start = int(corpus.sentences.loc[0, "start"])
        >>> raw = reading.read_text(paths.raw_dir() / "meishan-jiagedaqi.txt")
        >>> raw[corpus.raw_offset("meishan", start)] == corpus.texts["meishan"][start]
        True
        """
        return _raw(self._maps[doc_id], position)

    @property
    def regions(self) -> list[str]:
        """Regions in corpus order, without blanks or repeats."""
        return list(dict.fromkeys(r for r in self.documents["region"] if r))


def load_corpus(
    sources: Iterable[str | Path] | None = None, *, manifest: str | Path | None = None
) -> Corpus:
    """Read text files into the corpus model.

    Parameters
    ----------
    sources
        Files or folders of ``*.txt``; ``None`` reads every ``*.txt`` in ``data/raw/``.
    manifest
        Manifest CSV (see :func:`read_manifest`); ``None`` uses ``data/corpus.csv``. A file's
        articles are matched to manifest rows by file name and article number; articles it does
        not list take region and province from their title line, else from the text (see
        :func:`~pbanalysis.corpus.regions.detect_region`), or stay empty. When the whole
        of ``data/raw/`` is read, a manifest row that matches no article is an error (a typo in
        a file name would otherwise go unnoticed).

    Returns
    -------
    Corpus
        See :class:`Corpus` for the frames and their columns.

    Examples
    --------
    >>> corpus = load_corpus([paths.raw_dir() / "meishan-jiagedaqi.txt"])
    >>> corpus.documents[["doc_id", "n_sections", "n_measures"]].values.tolist()
    [['meishan', 3, 9], ['jiagedaqi', 6, 0]]
    """
    files = reading.resolve_sources(sources)
    listed = read_manifest(manifest)
    by_key = manifest_rows(listed)
    builder = _CorpusBuilder()
    for path in files:
        _add_file(builder, path, by_key)
    if sources is None and by_key:
        file, missing_article = sorted(by_key)[0]
        where = manifest or paths.manifest_path()
        raise InputError(
            f"{where}: row for {file} article {missing_article} matches no article in "
            f"{paths.raw_dir()}"
        )
    return builder.finish()


def manifest_rows(listed: pd.DataFrame) -> dict[tuple[str, int], dict]:
    """Manifest rows keyed by ``(file name, article number)``, as :func:`file_corpus` takes them."""
    return {(row.file, int(row.article)): row._asdict() for row in listed.itertuples(index=False)}


def file_corpus(path: str | Path, rows: dict[tuple[str, int], dict] | None = None) -> Corpus:
    """The corpus model of one file: what :func:`load_corpus` builds for it, given the manifest
    rows (``manifest_rows(read_manifest())``; rows of other files are ignored).

    The result depends on the file and its rows only, so files can be processed in any order
    and anywhere (:mod:`pbanalysis.store`). Reading several files together differs only where
    two files give the same ``doc_id``: :func:`load_corpus` then numbers the later one
    (``-2``), which the store does when its tables are read.

    Examples
    --------
    >>> seed = paths.raw_dir() / "meishan-jiagedaqi.txt"
    >>> file_corpus(seed).documents["doc_id"].tolist()
    ['meishan-jiagedaqi-1', 'meishan-jiagedaqi-2']
    >>> file_corpus(seed, manifest_rows(read_manifest())).documents["doc_id"].tolist()
    ['meishan', 'jiagedaqi']
    """
    builder = _CorpusBuilder()
    _add_file(builder, Path(path), dict(rows or {}))
    return builder.finish()


def base_doc_id(file: str, article: int, several: bool, row: dict | None = None) -> str:
    """An article's id before clashes are resolved: the manifest's ``doc_id``, else the file
    name's stem (made of word characters and ``-``), followed by ``-<article>`` when the file
    holds several articles.

    Examples
    --------
    >>> base_doc_id("县 报道(2).txt", 2, True)
    '县-报道-2-2'
    """
    if row and row.get("doc_id"):
        return str(row["doc_id"])
    stem = re.sub(r"[^\w\-]+", "-", Path(file).stem).strip("-") or "doc"
    return f"{stem}-{article}" if several else stem


def unique_doc_id(base: str, taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … : the first not ``taken`` by an earlier article.

    Examples
    --------
    >>> unique_doc_id("a", {"a", "a-2"})
    'a-3'
    """
    doc_id, suffix = base, 2
    while doc_id in taken:
        doc_id, suffix = f"{base}-{suffix}", suffix + 1
    return doc_id


def files_corpus(
    files: Sequence[tuple[str | Path, dict[tuple[str, int], dict] | None]], mark: str = "\x1f"
) -> tuple[Corpus, dict[int, str]]:
    """Several files in one model, each read as :func:`file_corpus` reads it on its own.

    The ``doc_id`` of every article of the n-th file is prefixed ``f"{n}{mark}"``, so ids are
    made unique within a file only, exactly as :func:`file_corpus` makes them. The store strips
    the prefix; the point is reading many small files without building frames for each.

    Returns
    -------
    tuple
        The corpus, and ``{n: error line}`` for the files that could not be read (skipped).

    Examples
    --------
    >>> seed = paths.raw_dir() / "meishan-jiagedaqi.txt"
    >>> both, failed = files_corpus([(seed, None), (seed, None)])
    >>> [doc.replace("\x1f", "|") for doc in both.documents["doc_id"]][1:3], failed
    (['0|meishan-jiagedaqi-2', '1|meishan-jiagedaqi-1'], {})
    """
    builder = _CorpusBuilder()
    failed: dict[int, str] = {}
    for number, (path, rows) in enumerate(files):
        builder.prefix = f"{number}{mark}"
        try:
            _add_file(builder, Path(path), dict(rows or {}))
        except InputError as exc:
            failed[number] = str(exc)
    return builder.finish(), failed


def _add_file(builder: _CorpusBuilder, path: Path, by_key: dict[tuple[str, int], dict]) -> None:
    """Add the articles of one file, taking (popping) their manifest rows from ``by_key``.
    The site-line word lists are read once for the file (not once per line)."""
    raw = reading.read_text(path)
    with sitelines.words_held():
        blocks = layout.blocks(raw)
        articles = layout.articles(blocks)
        layout.pinyin_glosses(raw, articles)
        if not any(b.kind in ("paragraph", "heading") for a in articles for b in a.blocks):
            raise InputError(f"{path}: no paragraphs of text found")
        for article in articles:
            row = by_key.pop((path.name, article.index), None)
            builder.add_article(path, article, row, several=len(articles) > 1)


class _CorpusBuilder:
    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.maps: dict[str, list[tuple[int, int, int]]] = {}
        self.documents: list[dict] = []
        self.sections: list[dict] = []
        self.measures: list[dict] = []
        self.sentences: list[dict] = []
        self.breaks: list[dict] = []
        self.dropped: list[dict] = []

    prefix = ""  # set by files_corpus: keeps each file's ids apart from the other files'

    def _doc_id(self, path: Path, article: layout.Article, row: dict | None, several: bool) -> str:
        base = self.prefix + base_doc_id(path.name, article.index, several, row)
        return unique_doc_id(base, self.texts)

    def add_article(
        self, path: Path, article: layout.Article, row: dict | None, several: bool
    ) -> None:
        # Long on purpose: the metadata of one article, field by field, from manifest and text.
        doc_id = self._doc_id(path, article, row, several)
        meta: dict[str, Any] = {c: "" for c in (*MANIFEST_COLUMNS, "code")}
        titled = regions.parse_region(article.title)
        unit = regions.title_unit(titled) if titled["region"] else None
        meta.update(unit or titled)
        # a lone name the gazetteer lacks, no province or city before it (福清新厝共享区：)
        unknown = bool(titled["region"]) and unit is None
        unknown = unknown and not (titled["province"] or titled["prefecture"])
        meta.update(
            doc_id=doc_id,
            file=path.name,
            article=article.index,
            title=article.title,
            reporters=article.reporters,
            outlet=article.outlet,
            date=article.date,
        )
        if row:
            meta.update({k: v for k, v in row.items() if k != "doc_id" and v != ""})
        meta["article"] = article.index
        region = meta["region"]

        parts: list[str] = []
        segments: list[tuple[int, int, int]] = []
        block_starts: dict[int, int] = {}
        position = 0
        for block in article.blocks:
            if parts:
                parts.append("\n\n")
                last = segments[-1]
                segments.append((position, last[1] + last[2], 0))
                position += 2
            block_starts[id(block)] = position
            for piece in block.pieces:
                segments.append((position, piece.raw_start, len(piece.text)))
                parts.append(piece.text)
                position += len(piece.text)
        text = "".join(parts)
        if unknown and not row and titled["region"] not in text.replace(article.title, "", 1):
            # and the text never names it again (over a report on 新厝镇): the text decides
            for key in titled:
                meta[key] = ""
        if not meta["region"]:
            # neither the manifest nor a 省市： title: the place the text reports on
            found = regions.detect_region(article.title, text, article.outlet)
            for key in ("region", "province", "prefecture", "level", "code"):
                meta[key] = meta[key] or found[key]
            region = meta["region"]
        elif region:
            meta["code"] = regions.unit_code(region, meta["province"], meta["prefecture"])
            if not row and meta["level"] == "开发区":
                # a zone abbreviated in the title (凤阳经开区) goes by the full name the text
                # itself writes (凤阳经济开发区)
                found = regions.detect_region(article.title, text, article.outlet)
                if regions.same_zone(found["region"], region):
                    region = meta["region"] = found["region"]
        self.texts[doc_id] = text
        self.maps[doc_id] = segments
        self.dropped += [
            {"doc_id": doc_id, **dataclasses.asdict(dropped)} for dropped in article.dropped
        ]

        for block in article.blocks:
            for offset, kind in block.joins:
                at = block_starts[id(block)] + offset
                self.breaks.append(
                    {
                        "doc_id": doc_id,
                        "position": at,
                        "before": text[max(0, at - 12) : at],
                        "after": text[at : at + 12],
                        "kind": kind,
                        "raw_position": _raw(segments, at),
                    }
                )

        n_sections, n_measures, n_sentences = self._structure(doc_id, article, region, block_starts)
        self.documents.append(
            {
                **{c: meta[c] for c in (*MANIFEST_COLUMNS, "code")},
                "n_chars": len(text),
                "n_sections": n_sections,
                "n_measures": n_measures,
                "n_sentences": n_sentences,
                "raw_start": segments[0][1] if segments else 0,
                "raw_end": _raw(segments, len(text)),
            }
        )

    def _structure(
        self, doc_id: str, article: layout.Article, region: str, block_starts: dict[int, int]
    ) -> tuple[int, int, int]:
        """Sections from headings, measures from lead sentences, then sentences; returns the
        numbers of sections (headings), measures and sentences added."""
        # Long on purpose: one walk over an article's blocks assigns sections, measures and
        # sentences together, since each depends on the state the walk has reached.
        leads = {}
        for block in article.blocks:
            if block.kind == "paragraph":
                spans = block.sentence_spans
                first_end = spans[0][1] if spans else 0
                label = layout.measure_lead(block.text[:first_end], block.text[first_end:])
                if label:
                    leads[id(block)] = label
        if len(leads) < 2:
            leads = {}  # one short opening sentence is style, not a list of measures

        keys = {"doc_id": doc_id, "region": region}
        section_id, section, measure_id, measure = 0, "", 0, ""
        paragraph_id = sentence_id = 0
        section_row: dict | None = None
        measure_row: dict | None = None
        for block in article.blocks:
            start = block_starts[id(block)]
            end = start + len(block.text)
            if block.kind == "heading":
                section_id, section, measure = section_id + 1, block.text, ""
                section_row = {
                    **keys,
                    "section_id": section_id,
                    "section": section,
                    "start": start,
                    "end": end,
                }
                self.sections.append(section_row)
                measure_row = None
                continue
            if block.kind != "paragraph":
                continue
            if section_row is None:
                section_row = {**keys, "section_id": 0, "section": "", "start": start, "end": end}
                self.sections.append(section_row)
            if id(block) in leads:
                measure_id, measure = measure_id + 1, leads[id(block)]
                measure_row = {
                    **keys,
                    "section_id": section_id,
                    "section": section,
                    "measure_id": measure_id,
                    "measure": measure,
                    "start": start,
                    "end": end,
                }
                self.measures.append(measure_row)
            paragraph_id += 1
            for s, e in block.sentence_spans:
                sentence = block.text[s:e]
                stripped = sentence.strip()
                if not stripped:
                    continue
                s += len(sentence) - len(sentence.lstrip())
                sentence_id += 1
                self.sentences.append(
                    {
                        **keys,
                        "article": article.index,
                        "section_id": section_id,
                        "section": section,
                        "measure_id": measure_id if measure else 0,
                        "measure": measure,
                        "paragraph_id": paragraph_id,
                        "sentence_id": sentence_id,
                        "text": stripped,
                        "start": start + s,
                        "end": start + s + len(stripped),
                    }
                )
            section_row["end"] = end
            if measure_row is not None:
                measure_row["end"] = end
        return section_id, measure_id, sentence_id

    def finish(self) -> Corpus:
        def frame(rows: list[dict], columns: Sequence[str]) -> pd.DataFrame:
            return pd.DataFrame.from_records(rows, columns=list(columns))

        return Corpus(
            texts=self.texts,
            documents=frame(self.documents, DOCUMENT_COLUMNS),
            sections=frame(
                self.sections, ["doc_id", "region", "section_id", "section", "start", "end"]
            ),
            measures=frame(
                self.measures,
                [
                    "doc_id",
                    "region",
                    "section_id",
                    "section",
                    "measure_id",
                    "measure",
                    "start",
                    "end",
                ],
            ),
            sentences=frame(
                self.sentences,
                [
                    "doc_id",
                    "article",
                    "region",
                    "section_id",
                    "section",
                    "measure_id",
                    "measure",
                    "paragraph_id",
                    "sentence_id",
                    "text",
                    "start",
                    "end",
                ],
            ),
            breaks=frame(
                self.breaks, ["doc_id", "position", "before", "after", "kind", "raw_position"]
            ),
            dropped=frame(self.dropped, ["doc_id", "kind", "text", "raw_start", "raw_end"]),
            _maps=self.maps,
        )


def _raw(segments: list[tuple[int, int, int]], position: int) -> int:
    index = bisect.bisect_right(segments, (position, float("inf"), 0)) - 1
    clean_start, raw_start, length = segments[max(index, 0)]
    return raw_start + min(position - clean_start, length)


def structure_table(corpus: Corpus) -> pd.DataFrame:
    """How each article is built: one row per article.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, region, n_chars, n_sections, n_measures, n_paragraphs, n_sentences,
        mean_sentence_chars`` (rounded to 1 decimal), ``n_breaks_repaired``.

    Examples
    --------
    >>> table = structure_table(load_corpus([paths.raw_dir() / "meishan-jiagedaqi.txt"]))
    >>> table[["region", "n_sections", "n_breaks_repaired"]].values.tolist()
    [['眉山市', 3, 4], ['加格达奇区', 6, 3]]
    """
    sentences = corpus.sentences
    grouped = sentences.groupby("doc_id", sort=False)
    breaks = corpus.breaks.groupby("doc_id").size()
    table = corpus.documents[["doc_id", "region", "n_chars", "n_sections", "n_measures"]].copy()
    table["n_paragraphs"] = table["doc_id"].map(grouped["paragraph_id"].nunique()).fillna(0)
    table["n_sentences"] = table["doc_id"].map(grouped.size()).fillna(0)
    lengths = sentences["text"].str.len().groupby(sentences["doc_id"]).mean()
    table["mean_sentence_chars"] = table["doc_id"].map(lengths).round(1)
    table["n_breaks_repaired"] = table["doc_id"].map(breaks).fillna(0)
    return table.astype(
        {"n_paragraphs": "int64", "n_sentences": "int64", "n_breaks_repaired": "int64"}
    )


def describe(corpus: Corpus, lang: str = "en") -> str:
    """A few sentences describing the corpus in ``lang``, phrased from computed values (the
    templates ``corpus.describe_*`` of ``data/words/phrases.csv``).

    Examples
    --------
    >>> corpus = load_corpus([paths.raw_dir() / "meishan-jiagedaqi.txt"])
    >>> print(describe(corpus).splitlines()[0])
    The corpus holds 2 articles from 1 file(s), 57 sentences in all.
    >>> print(describe(corpus, "zh").splitlines()[0])
    语料共 2 篇文章，来自 1 个文件，共 57 句。
    """
    from pbanalysis.report.words import phrase, translate

    table = structure_table(corpus)
    files = corpus.documents["file"].nunique()
    lines = [
        phrase(
            "corpus.describe_head",
            lang,
            n=len(table),
            files=files,
            n_sentences=int(table["n_sentences"].sum()),
        )
    ]
    for row in table.itertuples(index=False):
        name = translate(row.region, lang) if row.region else row.doc_id
        key = "corpus.shape_measures" if row.n_measures else "corpus.shape_no_measures"
        shape = phrase(key, lang, n_sections=row.n_sections, n_measures=row.n_measures)
        lines.append(
            phrase(
                "corpus.describe_doc",
                lang,
                name=name,
                n_chars=row.n_chars,
                shape=shape,
                n_paragraphs=row.n_paragraphs,
                n_sentences=row.n_sentences,
                mean=row.mean_sentence_chars,
                n_breaks=row.n_breaks_repaired,
            )
        )
    return "\n".join(lines)


def inspect_report(corpus: Corpus, manifest: str | Path | None = None) -> str:
    """What was taken from each article: the check to run before adding an article.

    One block per article: title, byline (reporters), outlet, date, region with its level,
    prefecture, province and why (manifest row, ``省市：`` title, or the mentions that decided
    it) and its gazetteer code, section headings, measure lead sentences, the page breaks
    repaired and the lines dropped from the text (site chrome, source lines, the dateline).

    Examples
    --------
    >>> report = inspect_report(load_corpus([paths.raw_dir() / "meishan-jiagedaqi.txt"]))
    >>> print(report.splitlines()[0])
    == meishan (meishan-jiagedaqi.txt, article 1)
    >>> "region:   眉山市" in report
    True
    """
    listed = read_manifest(manifest)
    keys = {(row.file, str(row.article)) for row in listed.itertuples(index=False)}
    lines: list[str] = []
    for doc in corpus.documents.itertuples(index=False):
        text = corpus.texts[doc.doc_id]
        if (doc.file, str(doc.article)) in keys:
            why = "from the manifest row"
        elif regions.parse_region(doc.title)["region"]:
            why = "from the title"
        else:
            evidence = regions.detect_region(doc.title, text, doc.outlet)["evidence"]
            why = f"from the text: {evidence}" if evidence else "no place found"
        place = " / ".join(p for p in (doc.province, doc.prefecture) if p and p != doc.region)
        lines += [
            f"== {doc.doc_id} ({doc.file}, article {doc.article})",
            f"title:    {doc.title or '(none)'}",
            f"byline:   {doc.reporters or '(none)'}",
            f"outlet:   {doc.outlet or '(none)'}",
            f"date:     {doc.date or '(none)'}",
            f"region:   {doc.region or '(none)'}"
            + (f" [{doc.level}]" if doc.level else "")
            + (f" in {place}" if place else "")
            + f" ({why})",
            f"code:     {doc.code or '(none)'}",
        ]
        sections = corpus.sections[corpus.sections["doc_id"] == doc.doc_id]
        headings = [s for s in sections["section"] if s]
        lines.append(f"headings: {len(headings)}")
        lines += [f"  - {h}" for h in headings]
        measures = corpus.measures[corpus.measures["doc_id"] == doc.doc_id]
        lines.append(f"measures: {len(measures)}")
        lines += [f"  - {m}" for m in measures["measure"]]
        breaks = corpus.breaks[corpus.breaks["doc_id"] == doc.doc_id]
        lines.append(f"repaired breaks: {len(breaks)}")
        lines += [f"  - …{b.before}|{b.after}… ({b.kind})" for b in breaks.itertuples()]
        dropped = corpus.dropped[corpus.dropped["doc_id"] == doc.doc_id]
        lines.append(f"dropped lines: {len(dropped)}")
        lines += [f"  - [{d.kind}] {d.text}" for d in dropped.itertuples()]
        lines.append(f"sentences: {int(doc.n_sentences)}, characters: {int(doc.n_chars)}")
        lines.append("")
    return "\n".join(lines)
