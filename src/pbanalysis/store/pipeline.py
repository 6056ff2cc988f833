"""The per-document pipeline: one file and the rules in, every corpus table out.

:func:`process_file` reads one file (its articles, with their manifest rows) through every
stage — reading, layout and sentences (:func:`~pbanalysis.corpus.model.file_corpus`), indicators
(:func:`~pbanalysis.indicators.extract.extract_indicators`), codes in every framework
(:func:`~pbanalysis.coding.coder.code_sentences`) and tokens
(:func:`~pbanalysis.analysis.tokens.tokens`). Its result depends on the file, its rows and the
rules only, so files can be processed in any order, in parallel or on other machines, and the
store (:mod:`pbanalysis.store.store`) puts the pieces together exactly as a serial run would.

:func:`rule_hashes` fingerprints the rules of each stage: the package's own code and the data
files the stage reads. A changed codebook changes the ``codes`` hash only, so the store recodes
the stored sentences without re-reading a single file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from pbanalysis import __version__
from pbanalysis.errors import InputError
from pbanalysis.io import paths

__all__ = [
    "UnreadableFile",
    "STAGES",
    "STAGE_OF",
    "Job",
    "rule_hashes",
    "corpus_tables",
    "process_file",
    "process_batch",
]

STAGES = ("corpus", "indicators", "codes", "tokens")


class UnreadableFile(InputError):
    """A file that cannot be read as an article (undecodable, binary, empty, no paragraphs): the
    store names it and processes the others. A faulty rule (a codebook error, say) stays an
    :class:`~pbanalysis.errors.InputError` and stops the run."""

# the data folders each stage reads, beside the package's code (which every stage depends on)
_STAGE_DATA = {
    "corpus": ("gazetteer", "indicators"),
    "indicators": ("indicators",),
    "codes": ("codebook",),
    "tokens": ("terms",),
}


def _corpus_frames() -> tuple[str, ...]:
    from pbanalysis.corpus.model import Corpus

    return tuple(
        f.name for f in dataclasses.fields(Corpus) if f.type in ("pd.DataFrame", pd.DataFrame)
    )


#: table name -> the stage that writes it
STAGE_OF: dict[str, str] = {
    "texts": "corpus",
    "maps": "corpus",
    **{name: "corpus" for name in _corpus_frames()},
    "indicators": "indicators",
    "codes": "codes",
    "tokens": "tokens",
}


def _digest_files(digest: Any, files: Iterable[Path], root: Path) -> None:
    for file in sorted(files):
        digest.update(file.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(file.read_bytes() + b"\0")


def rule_hashes() -> dict[str, str]:
    """A fingerprint of the rules of each stage (hex, 16 characters).

    Every stage depends on the package's code (any change of a ``.py`` file re-processes) and on
    the corpus stage; each also on its own data folders: ``corpus`` on ``data/gazetteer/`` and
    ``data/indicators/`` (the folding table), ``indicators`` on ``data/indicators/``, ``codes``
    on ``data/codebook/``, ``tokens`` on ``data/terms/``.

    Examples
    --------
    >>> hashes = rule_hashes()
    >>> sorted(hashes) == sorted(STAGES) and hashes == rule_hashes()
    True
    """
    package = Path(__file__).resolve().parents[1]
    code = hashlib.sha256(__version__.encode() + b"\0")
    _digest_files(code, package.rglob("*.py"), package)
    data = paths.data_dir()
    hashes: dict[str, str] = {}
    for stage in STAGES:
        digest = code.copy()
        digest.update(stage.encode() + b"\0")
        if stage != "corpus":
            digest.update(hashes["corpus"].encode())
        for folder in _STAGE_DATA[stage]:
            where = data / folder
            _digest_files(digest, (p for p in where.rglob("*") if p.is_file()), data)
        hashes[stage] = digest.hexdigest()[:16]
    return hashes


def corpus_tables(corpus: Any) -> dict[str, pd.DataFrame]:
    """The corpus model as tables: its frames, ``texts`` (``doc_id, text``) and ``maps``
    (``doc_id, clean_start, raw_start, length``: the segments behind ``Corpus.raw_offset``)."""
    tables = {name: getattr(corpus, name) for name in _corpus_frames()}
    tables["texts"] = pd.DataFrame(
        {"doc_id": list(corpus.texts), "text": list(corpus.texts.values())},
        columns=["doc_id", "text"],
    )
    maps = [
        (doc_id, clean, raw, length)
        for doc_id, segments in corpus._maps.items()
        for clean, raw, length in segments
    ]
    tables["maps"] = pd.DataFrame(
        maps, columns=["doc_id", "clean_start", "raw_start", "length"]
    ).astype({"clean_start": "int64", "raw_start": "int64", "length": "int64"})
    return tables


def process_file(
    path: str | Path,
    rows: dict[tuple[str, int], dict] | None = None,
    stages: Sequence[str] = STAGES,
    sentences: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table of one file, for the ``stages`` asked.

    Parameters
    ----------
    path
        A text file (any format :mod:`pbanalysis.corpus.reading` reads).
    rows
        Its manifest rows, keyed ``(file name, article)``
        (:func:`~pbanalysis.corpus.model.manifest_rows`).
    stages
        Which of :data:`STAGES` to compute.
    sentences
        The file's stored sentences, when the corpus stage is not asked for: the later stages
        then start from them and the file is not read again.

    Returns
    -------
    dict
        Table name -> frame (see :data:`STAGE_OF`); the same frames a serial run over the whole
        corpus holds for this file's documents.

    Examples
    --------
    >>> tables = process_file(paths.raw_dir() / "meishan-jiagedaqi.txt")
    >>> len(tables["indicators"]), sorted(tables["codes"]["framework"].unique())
    (45, ['bready', 'levers', 'pillars'])
    """
    from pbanalysis.analysis.tokens import tokens
    from pbanalysis.coding.coder import code_sentences
    from pbanalysis.corpus.model import file_corpus
    from pbanalysis.indicators.extract import extract_indicators

    unknown = [stage for stage in stages if stage not in STAGES]
    if unknown:
        raise InputError(f"unknown stage(s) {', '.join(unknown)} ({', '.join(STAGES)})")
    tables: dict[str, pd.DataFrame] = {}
    if "corpus" in stages or sentences is None:
        try:
            corpus = file_corpus(path, rows)
        except InputError as exc:
            raise UnreadableFile(str(exc)) from None
        if "corpus" in stages:
            tables.update(corpus_tables(corpus))
        sentences = corpus.sentences
    if "indicators" in stages:
        tables["indicators"] = extract_indicators(sentences)
    if "codes" in stages:
        tables["codes"] = code_sentences(sentences)
    if "tokens" in stages:
        tables["tokens"] = tokens(sentences)
    return tables


class Job(NamedTuple):
    """One file to process: its store key, name, where to read it (``path``, or its bytes in
    ``data`` when it travels to another machine), its manifest rows, the stages still missing and,
    when the corpus stage is stored already, its sentences."""

    key: str
    name: str
    path: str
    data: bytes | None
    rows: dict
    stages: tuple[str, ...]
    sentences: pd.DataFrame | None


def process_batch(jobs: Sequence[Job]) -> list[tuple[str, dict[str, pd.DataFrame] | str]]:
    """:func:`process_file` for each job: ``(key, tables)``, or ``(key, error line)`` for a file
    that cannot be read (bad input never stops the batch). Picklable, for worker processes and
    Dask workers alike."""
    results: list[tuple[str, dict[str, pd.DataFrame] | str]] = []
    for job in jobs:
        try:
            if job.data is None:
                tables = process_file(job.path, job.rows, job.stages, job.sentences)
            else:  # bytes sent to another machine: read them under the file's own name
                tables = _process_bytes(job)
        except UnreadableFile as exc:
            results.append((job.key, str(exc)))
            continue
        results.append((job.key, tables))
    return results


def _process_bytes(job: Job) -> dict[str, pd.DataFrame]:
    with tempfile.TemporaryDirectory(prefix="pbanalysis-job.") as folder:
        local = Path(folder) / job.name
        local.write_bytes(job.data or b"")
        try:
            return process_file(local, job.rows, job.stages, job.sentences)
        except UnreadableFile as exc:  # name the file as the researcher knows it
            raise UnreadableFile(str(exc).replace(str(local), job.path)) from None
