"""The processed store: every corpus table as Parquet, computed once per document and rules.

``pbanalysis process`` (:meth:`Store.update`) runs the per-document pipeline
(:func:`~pbanalysis.store.pipeline.process_file`) over the files that are new or changed and
writes the results under ``data/processed/`` (or a folder given)::

    index.json                  files in corpus order, their keys, the rules' hashes, errors
    <table>/<part>.parquet      one part per batch of files: texts, maps, documents, sections,
                                measures, sentences, breaks, indicators, codes, tokens

A file's key is the hash of its name, its bytes and its manifest rows; each stage's parts are
valid for one hash of that stage's rules (:func:`~pbanalysis.store.pipeline.rule_hashes`). So
adding an article processes that article only, editing a codebook recodes the stored sentences
(nothing is re-read or re-segmented), and a changed file replaces its own rows. Parts are written
to temporary names and renamed, and ``index.json`` is replaced every few seconds and at the end:
an interrupted run leaves a store that holds the batches it recorded and nothing partial (parts
written after the last record are removed by the next run). A file that cannot be
read is reported by name and skipped; the others are processed.

Reading (:meth:`Store.table`, :meth:`Store.corpus`) loads only the columns and regions asked for
and returns exactly the frames a serial run over the corpus gives (``load_corpus`` then
``extract_indicators``, ``code_sentences`` and ``tokens``), row for row.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pbanalysis.errors import InputError
from pbanalysis.io import paths
from pbanalysis.io.export import write_bytes_atomic, write_text_atomic
from pbanalysis.store.pipeline import STAGE_OF, STAGES, Batch, Job, process_batch, rule_hashes

__all__ = [
    "FORMAT",
    "TABLES",
    "Update",
    "Store",
    "load",
]

FORMAT = 1
TABLES = tuple(STAGE_OF)
_BATCH_BYTES = 1_500_000  # about 500 articles of the genre per part
_BATCH_FILES = 600
_INDEX_SECONDS = 5.0  # how often a long update records its progress


@dataclass
class Update:
    """What :meth:`Store.update` did: files in the corpus, processed (per stage), unchanged,
    failed (``name: problem``) and removed from the store."""

    files: int = 0
    processed: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    removed: int = 0

    def summary(self, root: Path) -> str:
        """One line for the command's output."""
        done = ", ".join(f"{stage} {n}" for stage, n in self.processed.items() if n) or "nothing"
        line = f"{root}: {self.files} files; processed: {done}; unchanged {self.unchanged}"
        if self.removed:
            line += f"; removed {self.removed}"
        if self.failed:
            line += f"; failed {len(self.failed)}"
        return line


def _file_key(name: str, digest: str, rows: dict) -> str:
    listed = sorted((article, sorted(row.items())) for (_, article), row in rows.items())
    material = json.dumps([name, digest, listed], ensure_ascii=False, default=str)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:20]


def _content_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Hold ``root/.lock`` (waiting for another writer to finish) while the store is written."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - platforms without fcntl run unlocked
            pass
        yield
    finally:
        os.close(fd)


class Store:
    """A processed store in folder ``root`` (default ``data/processed/``).

    Examples
    --------
    >>> import tempfile
    >>> seed = [paths.raw_dir() / "meishan-jiagedaqi.txt"]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     store = Store(folder)
    ...     print(store.update(seed).summary(Path("store")))
    ...     print(store.update(seed).summary(Path("store")))
    ...     store.table("indicators", columns=["region", "value"]).shape
    store: 1 files; processed: corpus 1, indicators 1, codes 1, tokens 1; unchanged 0
    store: 1 files; processed: nothing; unchanged 1
    (45, 2)
    """

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = paths.outside_raw(Path(root) if root is not None else paths.processed_dir())
        self._index: dict[str, Any] | None = None
        self._renames_for: dict[str, Any] | None = None
        self._renames_cache: dict[str, dict[str, str]] = {}

    # ------------------------------------------------------------------ index

    def _index_path(self) -> Path:
        return self.root / "index.json"

    def index(self) -> dict[str, Any]:
        """The store's index (empty when nothing was processed yet)."""
        if self._index is None:
            path = self._index_path()
            empty = {"format": FORMAT, "rules": {}, "files": [], "entries": {}, "errors": []}
            if not path.is_file():
                self._index = empty
            else:
                try:
                    index = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    raise InputError(f"{path}: unreadable store index ({exc})") from None
                self._index = index if index.get("format") == FORMAT else empty
        return self._index

    def _write_index(self, index: dict[str, Any]) -> None:
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
        write_text_atomic(self._index_path(), text)
        self._index = index

    @property
    def errors(self) -> pd.DataFrame:
        """Files the last update could not read: ``file, error``."""
        rows = self.index()["errors"]
        return pd.DataFrame(rows, columns=["file", "error"])

    # ------------------------------------------------------------------ update

    def update(
        self,
        sources: Iterable[str | Path] | None = None,
        *,
        manifest: str | Path | None = None,
        jobs: int = 1,
        scheduler: str | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Update:
        """Process what is new or changed in ``sources`` (default: ``data/raw/``).

        Parameters
        ----------
        sources, manifest
            As for :func:`~pbanalysis.corpus.model.load_corpus`.
        jobs
            Worker processes on this machine (1 = in this process).
        scheduler
            Address of a Dask scheduler (``tcp://host:8786``): the batches then run on its workers
            (the ``dask`` extra); the files' bytes travel with them.
        progress
            Called with the number of files finished after each batch.
        """
        from pbanalysis.corpus import model, reading

        if jobs < 1:
            raise InputError(f"--jobs {jobs}: must be at least 1")
        files = reading.resolve_sources(sources)
        names = [path.name for path in files]
        listed = model.read_manifest(manifest)
        by_key = model.manifest_rows(listed)
        if sources is None:
            unmatched = sorted(set(by_key) - {(n, a) for n, a in by_key if n in set(names)})
            if unmatched:
                file, article = unmatched[0]
                where = manifest or paths.manifest_path()
                raise InputError(
                    f"{where}: row for {file} article {article} matches no article in "
                    f"{paths.raw_dir()}"
                )
        rules = rule_hashes()
        with _locked(self.root):
            self._index = None
            old = self.index()
            entries: dict[str, dict[str, str]] = {
                key: {s: part for s, part in stages.items() if old["rules"].get(s) == rules[s]}
                for key, stages in old["entries"].items()
            }
            known = {(f["path"], f["size"], f["mtime_ns"]): f for f in old["files"]}
            current: list[dict[str, Any]] = []
            for path in files:
                stat = path.stat()
                rows = {k: v for k, v in by_key.items() if k[0] == path.name}
                rows_list = [[article, row] for (_, article), row in sorted(rows.items())]
                previous = known.get((str(path), stat.st_size, stat.st_mtime_ns))
                digest = previous["digest"] if previous else _content_digest(path)
                current.append(
                    {
                        "path": str(path),
                        "name": path.name,
                        "size": stat.st_size,
                        "mtime_ns": stat.st_mtime_ns,
                        "digest": digest,
                        "key": _file_key(path.name, digest, rows),
                        "rows": rows_list,
                    }
                )
            live = {f["key"] for f in current}
            report = Update(files=len(current), processed={s: 0 for s in STAGES})
            report.removed = len({f["key"] for f in old["files"]} - live)
            entries = {key: stages for key, stages in entries.items() if key in live}
            index = {
                "format": FORMAT,
                "rules": rules,
                "files": current,
                "entries": entries,
                "errors": [],
            }
            todo = [f for f in current if set(entries.get(f["key"], {})) != set(STAGES)]
            report.unchanged = len(current) - len(todo)
            if todo:
                self._run(todo, index, jobs, scheduler, report, progress)
            self._write_index(index)
            self._collect_garbage(index)
        return report

    def _jobs(self, todo: list[dict], entries: dict, remote: bool) -> Iterator[list[Job]]:
        """Batches of jobs, in corpus order, of bounded size."""
        batch: list[Job] = []
        size = 0
        stored: dict[str, pd.DataFrame] = {}  # the sentences of the last part read
        for f in todo:
            have = entries.get(f["key"], {})
            missing = tuple(s for s in STAGES if s not in have)
            sentences = None
            if "corpus" not in missing:
                part = have["corpus"]
                if part not in stored:
                    stored.clear()
                    keys = {k for k, stages in entries.items() if stages.get("corpus") == part}
                    stored[part] = self._read_parts("sentences", [part], keys=keys)
                frame = stored[part]
                sentences = (
                    frame[frame["_src"] == f["key"]].drop(columns="_src").reset_index(drop=True)
                )
            path = Path(f["path"])
            job = Job(
                key=f["key"],
                name=f["name"],
                path=f["path"],
                data=path.read_bytes() if remote else None,
                rows=_rows_of(f),
                stages=missing,
                sentences=sentences,
            )
            batch.append(job)
            size += f["size"]
            if size >= _BATCH_BYTES or len(batch) >= _BATCH_FILES:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    def _run(
        self,
        todo: list[dict],
        index: dict,
        jobs: int,
        scheduler: str | None,
        report: Update,
        progress: Callable[[int], None] | None,
    ) -> None:
        batches = self._jobs(todo, index["entries"], remote=scheduler is not None)
        names = {f["key"]: f["name"] for f in todo}
        if scheduler is not None:
            results = _on_dask(batches, scheduler)
        elif jobs > 1 and sum(f["size"] for f in todo) > _BATCH_BYTES:  # one batch: no pool
            results = _in_processes(batches, jobs)
        else:
            results = ((batch, process_batch(batch)) for batch in batches)
        written = time.monotonic()
        for batch, outcome in results:
            self._write_batch(batch, outcome, index, report, names)
            # the index records the finished batches; rewriting it after every batch would
            # cost time growing with the corpus, so every few seconds (and at the end)
            if time.monotonic() - written >= _INDEX_SECONDS:
                self._write_index(index)
                written = time.monotonic()
            if progress is not None:
                progress(len(batch))

    def _write_batch(
        self, batch: list[Job], outcome: Batch, index: dict, report: Update, names: dict
    ) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for key, problem in outcome.failed.items():
            index["errors"].append({"file": names[key], "error": problem})
            report.failed.append(problem)
            print(f"pbanalysis: skipped {problem}", file=sys.stderr)
        for stage in STAGES:
            keys = [job.key for job in batch if stage in outcome.done.get(job.key, ())]
            if not keys:
                continue
            part = hashlib.sha256(
                (index["rules"][stage] + "\0" + "\0".join(keys)).encode()
            ).hexdigest()[:20]
            for table in (t for t, s in STAGE_OF.items() if s == stage):
                frame = outcome.tables[table]
                sink = pa.BufferOutputStream()
                pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), sink)
                data = sink.getvalue().to_pybytes()
                write_bytes_atomic(self.root / table / f"{part}.parquet", data)
            for key in keys:
                index["entries"].setdefault(key, {})[stage] = part
            report.processed[stage] += len(keys)

    def _collect_garbage(self, index: dict) -> None:
        """Remove parts no live file refers to, and temporary files of interrupted writes."""
        used = {part for stages in index["entries"].values() for part in stages.values()}
        for table in TABLES:
            folder = self.root / table
            if not folder.is_dir():
                continue
            for file in folder.iterdir():
                if file.name.startswith(".") or file.stem not in used:
                    file.unlink(missing_ok=True)

    # ------------------------------------------------------------------ reading

    def _read_parts(
        self,
        table: str,
        parts: Sequence[str],
        *,
        keys: set[str],
        columns: Sequence[str] | None = None,
        regions: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        import pyarrow.parquet as pq

        filters: list[Any] = [("_src", "in", sorted(keys))]
        frames = []
        for part in sorted(set(parts)):
            path = self.root / table / f"{part}.parquet"
            schema = pq.read_schema(path)
            wanted = None if columns is None else [*columns, "_src"]
            where = list(filters)
            if regions is not None and "region" in schema.names:
                where.append(("region", "in", list(regions)))
            frames.append(pq.read_table(path, columns=wanted, filters=where).to_pandas())
        if not frames:
            return pd.DataFrame(columns=[*(columns or []), "_src"])
        return _concat(frames)

    def _live(self) -> tuple[list[str], dict[str, dict[str, str]]]:
        index = self.index()
        if not index["files"]:
            raise InputError(f"{self.root}: empty store (run `pbanalysis process` first)")
        keys = [f["key"] for f in index["files"] if f["key"] in index["entries"]]
        return keys, index["entries"]

    def _renames(self) -> dict[str, dict[str, str]]:
        """``key -> {stored doc_id: doc_id}`` where two files gave the same id: numbered as
        :func:`~pbanalysis.corpus.model.load_corpus` numbers them, in corpus order."""
        from pbanalysis.corpus.model import base_doc_id, unique_doc_id

        index = self.index()
        if self._renames_for is index:  # worked out once per state of the store
            return self._renames_cache
        self._renames_for, self._renames_cache = index, {}
        documents = self.table("documents", columns=["doc_id", "file", "article"], _rename=False)
        if not documents["doc_id"].duplicated().any():
            return {}
        rows = {f["key"]: _rows_of(f) for f in self.index()["files"]}
        renames: dict[str, dict[str, str]] = {}
        taken: set[str] = set()
        for key, group in documents.groupby("_src", sort=False):
            several = len(group) > 1
            for doc in group.itertuples(index=False):
                row = rows.get(str(key), {}).get((doc.file, int(doc.article)))
                new = unique_doc_id(base_doc_id(doc.file, int(doc.article), several, row), taken)
                taken.add(new)
                if new != doc.doc_id:
                    renames.setdefault(str(key), {})[doc.doc_id] = new
        self._renames_cache = renames
        return renames

    def table(
        self,
        name: str,
        *,
        columns: Sequence[str] | None = None,
        regions: Sequence[str] | None = None,
        _rename: bool = True,
    ) -> pd.DataFrame:
        """One stored table, in corpus order, as a serial run gives it.

        Parameters
        ----------
        name
            One of :data:`TABLES`.
        columns
            Columns to load (default: all).
        regions
            Keep the rows of these regions only (tables with a ``region`` column).
        """
        if name not in STAGE_OF:
            raise InputError(f"{name}: no such table ({', '.join(TABLES)})")
        keys, entries = self._live()
        stage = STAGE_OF[name]
        keys = [key for key in keys if stage in entries[key]]
        order = {key: number for number, key in enumerate(keys)}
        frame = self._read_parts(
            name,
            [entries[key][stage] for key in keys],
            keys=set(keys),
            columns=columns,
            regions=regions,
        )
        if len(frame) and list(frame["_src"].map(order)) != sorted(frame["_src"].map(order)):
            frame = frame.iloc[frame["_src"].map(order).argsort(kind="stable")]
        if _rename and "doc_id" in frame.columns and len(frame):
            renames = self._renames()
            if renames:
                frame = frame.copy()
                frame["doc_id"] = [
                    renames.get(src, {}).get(doc, doc)
                    for src, doc in zip(frame["_src"], frame["doc_id"], strict=True)
                ]
        if _rename:
            frame = frame.drop(columns="_src")
        return frame.reset_index(drop=True)

    def corpus(self, regions: Sequence[str] | None = None):
        """The corpus model (:class:`~pbanalysis.corpus.model.Corpus`) read from the store,
        optionally of some regions only."""
        from pbanalysis.corpus.model import Corpus

        frames = {
            name: self.table(name, regions=regions)
            for name, stage in STAGE_OF.items()
            if stage == "corpus" and name not in ("texts", "maps")
        }
        wanted = set(frames["documents"]["doc_id"])
        texts = self.table("texts")
        texts = texts[texts["doc_id"].isin(wanted)]
        maps = self.table("maps")
        maps = maps[maps["doc_id"].isin(wanted)]
        segments: dict[str, list[tuple[int, int, int]]] = {doc: [] for doc in texts["doc_id"]}
        for doc, clean, raw, length in maps.itertuples(index=False, name=None):
            segments[doc].append((int(clean), int(raw), int(length)))
        return Corpus(
            texts=dict(zip(texts["doc_id"], texts["text"], strict=True)), _maps=segments, **frames
        )


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames one after the other; empty ones count only when all are (an empty frame's
    columns have no type, which would turn typed columns into objects)."""
    filled = [frame for frame in frames if len(frame)] or frames[:1]
    return pd.concat(filled, ignore_index=True) if len(filled) > 1 else filled[0]


def _rows_of(entry: dict) -> dict[tuple[str, int], dict]:
    """A file's manifest rows as stored in the index, keyed as ``file_corpus`` takes them."""
    return {(entry["name"], int(article)): row for article, row in entry["rows"]}


def _in_processes(batches: Iterator[list[Job]], jobs: int) -> Iterator[tuple[list[Job], Batch]]:
    """Run batches on ``jobs`` worker processes, at most two per worker in flight (bounded
    memory), yielding each as it finishes."""
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        pending: dict[Future, list[Job]] = {}
        for batch in batches:
            pending[pool.submit(process_batch, batch)] = batch
            while len(pending) >= 2 * jobs:
                yield from _finished(pending)
        while pending:
            yield from _finished(pending)


def _finished(pending: dict[Future, list[Job]]) -> Iterator[tuple[list[Job], Batch]]:
    done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
    for future in done:
        yield pending.pop(future), future.result()


def _on_dask(batches: Iterator[list[Job]], scheduler: str) -> Iterator[tuple[list[Job], Batch]]:
    """Run batches on a Dask cluster through ``dask.bag``, a bounded number in flight."""
    try:
        import dask.bag as db
        from distributed import Client
    except ImportError:
        raise InputError(
            "--scheduler needs Dask: pip install -e '.[dask]' (dask[bag] and distributed)"
        ) from None
    try:
        client = Client(scheduler, timeout="10s")
    except OSError as exc:
        raise InputError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
    with client:
        workers = max(1, sum(client.nthreads().values()))
        wave: list[list[Job]] = []
        for batch in batches:
            wave.append(batch)
            if len(wave) >= 2 * workers:
                yield from _dask_wave(db, client, wave)
                wave = []
        if wave:
            yield from _dask_wave(db, client, wave)


def _dask_wave(db: Any, client: Any, wave: list[list[Job]]) -> Iterator[tuple[list[Job], Batch]]:
    bag = db.from_sequence(wave, npartitions=len(wave)).map(process_batch)
    outcomes = client.compute(bag).result()
    yield from zip(wave, outcomes, strict=True)


def load(
    sources: Iterable[str | Path] | None = None,
    *,
    manifest: str | Path | None = None,
    root: str | os.PathLike[str] | None = None,
) -> Store:
    """The store of the corpus, brought up to date first (only new or changed files are
    processed, so this is quick when ``pbanalysis process`` or a study has run)."""
    store = Store(root)
    store.update(sources, manifest=manifest)
    return store
