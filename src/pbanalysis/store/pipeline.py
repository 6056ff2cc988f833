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
    "STAGES",
    "STAGE_OF",
    "Job",
    "rule_hashes",
    "corpus_tables",
    "process_file",
    "Batch",
    "process_batch",
]

STAGES = ("corpus", "indicators", "codes", "tokens")


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
    unknown = [stage for stage in stages if stage not in STAGES]
    if unknown:
        raise InputError(f"unknown stage(s) {', '.join(unknown)} ({', '.join(STAGES)})")
    path = Path(path)
    job = Job("file", path.name, str(path), None, dict(rows or {}), tuple(stages), sentences)
    batch = process_batch([job])  # the one implementation of the stages, for a batch of one
    if job.key in batch.failed:
        raise InputError(batch.failed[job.key])
    return {name: frame.drop(columns="_src") for name, frame in batch.tables.items()}


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


_MARK = "\x1f"  # joins a job's number to its doc_ids while the batch is processed together


def _stage_function(stage: str) -> Any:
    from pbanalysis.analysis.tokens import tokens
    from pbanalysis.coding.coder import code_sentences
    from pbanalysis.indicators.extract import extract_indicators

    return {"indicators": extract_indicators, "codes": code_sentences, "tokens": tokens}[stage]


class Batch(NamedTuple):
    """What :func:`process_batch` returns: ``tables`` (name -> one frame for the whole batch,
    ``_src`` naming each row's file key, rows in job order), ``done`` (key -> the stages
    computed) and ``failed`` (key -> error line, for files that could not be read)."""

    tables: dict[str, pd.DataFrame]
    done: dict[str, tuple[str, ...]]
    failed: dict[str, str]


def process_batch(jobs: Sequence[Job]) -> Batch:
    """:func:`process_file` for a batch of files at once: the same tables, without its fixed
    cost per call. Picklable, for worker processes and Dask workers alike.

    Each file is read on its own (:func:`~pbanalysis.corpus.model.files_corpus` keeps their
    doc_ids apart); the later stages run once over the sentences of the whole batch, since each
    works sentence by sentence within a document. A file that cannot be read is reported in
    ``failed`` and the batch goes on; a faulty rule (a codebook error, say) raises.
    """
    with tempfile.TemporaryDirectory(prefix="pbanalysis-batch.") as folder:
        reading = [
            n for n, job in enumerate(jobs) if "corpus" in job.stages or job.sentences is None
        ]
        sources = [(_local_path(jobs[n], Path(folder)), jobs[n].rows) for n in reading]
        corpus, unreadable = _read(sources)
    failed = {
        jobs[reading[i]].key: _own_name(message, jobs[reading[i]], folder)
        for i, message in unreadable.items()
    }
    # the batch's doc_ids carry the job's number: "n<mark>id"
    renumber = {str(i): str(n) for i, n in enumerate(reading)}
    frames: dict[str, pd.DataFrame] = {}
    if corpus is not None:
        for name, frame in corpus_tables(corpus).items():
            frames[name] = _renumbered(frame, renumber)
    stored = [
        job.sentences.assign(doc_id=f"{n}{_MARK}" + job.sentences["doc_id"])
        for n, job in enumerate(jobs)
        if not ("corpus" in job.stages or job.sentences is None)
    ]
    read_sentences = frames.get("sentences")
    done = {job.key: tuple(job.stages) for job in jobs if job.key not in failed}
    tables: dict[str, pd.DataFrame] = {}
    owner_key = {str(n): job.key for n, job in enumerate(jobs)}
    corpus_members = {str(n) for n, job in enumerate(jobs) if "corpus" in job.stages}
    for name, frame in frames.items():
        tables[name] = _sourced(frame, owner_key, corpus_members)
    for stage in STAGES[1:]:
        members = {
            str(n) for n, job in enumerate(jobs) if stage in job.stages and job.key not in failed
        }
        if not members:
            continue
        pieces = [f for f in [read_sentences, *stored] if f is not None and len(f)]
        sentences = pd.concat(pieces, ignore_index=True) if pieces else read_sentences
        if sentences is None:
            continue
        numbers = sentences["doc_id"].str.partition(_MARK)[0]
        sentences = sentences[numbers.isin(members).to_numpy()].reset_index(drop=True)
        tables[stage] = _sourced(_stage_function(stage)(sentences), owner_key, members)
    return Batch(tables=tables, done=done, failed=failed)


def _local_path(job: Job, folder: Path) -> Path:
    """Where to read a job's file: its own path, or its bytes written under its name."""
    if job.data is None:
        return Path(job.path)
    local = folder / job.key / job.name
    local.parent.mkdir()
    local.write_bytes(job.data)
    return local


def _read(sources: list) -> tuple[Any, dict[int, str]]:
    from pbanalysis.corpus.model import files_corpus

    if not sources:
        return None, {}
    return files_corpus(sources, _MARK)


def _own_name(message: str, job: Job, folder: str) -> str:
    """An error line naming the file as the researcher knows it (not a temporary copy)."""
    return message.replace(str(Path(folder) / job.key / job.name), job.path)


def _renumbered(frame: pd.DataFrame, renumber: dict[str, str]) -> pd.DataFrame:
    """doc_ids numbered by position among the files read -> numbered by position in the batch."""
    if not len(frame) or all(k == v for k, v in renumber.items()):
        return frame
    parts = frame["doc_id"].str.partition(_MARK)
    frame = frame.copy()
    frame["doc_id"] = parts[0].map(renumber) + _MARK + parts[2]
    return frame


def _sourced(frame: pd.DataFrame, owner_key: dict[str, str], members: set[str]) -> pd.DataFrame:
    """The rows of the member jobs, their doc_ids without the job number, ``_src`` = file key."""
    if not len(frame):
        return frame.assign(_src=pd.Series([], dtype="str"))
    parts = frame["doc_id"].str.partition(_MARK)
    keep = parts[0].isin(members).to_numpy()
    frame = frame[keep].copy()
    frame["doc_id"] = parts[2][keep].astype(frame["doc_id"].dtype)
    frame["_src"] = parts[0][keep].map(owner_key).astype("str")
    return frame.reset_index(drop=True)
