"""One table of a set of files computed on several worker processes, as one process gives it.

``pbanalysis segment``, ``extract`` and ``code`` with files and ``--jobs N`` read the files here:
the files are cut into contiguous shares, each worker reads its share into a corpus model and
computes the table from its sentences (:func:`file_table`'s ``stage``), and the shares' tables
are put back together in file order, with the article ids that reading every file in one process
gives
(two files giving the same id are numbered as :func:`~pbanalysis.corpus.model.load_corpus`
numbers them).

Examples
--------
>>> from pbanalysis.io import paths
>>> seed = paths.raw_dir() / "meishan-jiagedaqi.txt"
>>> file_table([seed, seed], jobs=2)["doc_id"].unique().tolist()
['meishan', 'jiagedaqi', 'meishan-jiagedaqi-1', 'meishan-jiagedaqi-2']

(the manifest names the seed's two articles; the second copy is named by its file).
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from pbanalysis.corpus import reading
from pbanalysis.corpus.model import (
    base_doc_id,
    files_corpus,
    load_corpus,
    manifest_rows,
    read_manifest,
    unique_doc_id,
)
from pbanalysis.errors import InputError

__all__ = ["file_table"]

Stage = Callable[[pd.DataFrame], pd.DataFrame] | None
Rows = dict[tuple[str, int], dict]

_MARK = "\x1f"
_SHARES_PER_JOB = 4  # several shares a worker, so that one large file does not hold up the rest


def file_table(
    sources: Iterable[str | Path],
    stage: Stage = None,
    *,
    manifest: str | Path | None = None,
    jobs: int = 1,
) -> pd.DataFrame:
    """``stage(load_corpus(sources, manifest=manifest).sentences)``, computed on ``jobs``
    processes; with no ``stage``, the sentences themselves.

    ``stage`` (:func:`~pbanalysis.indicators.extract.extract_indicators`,
    :func:`~pbanalysis.coding.coder.code_sentences` …) must give a table in sentence order with a
    ``doc_id`` column, and be picklable (a module-level function, or a
    :func:`functools.partial` of one). With one job,
    one file, or two files of the same name that the manifest describes (whose rows only the
    first would take), the files are read in this process. The first file that cannot be read
    is the error, as when they are read in one process.
    """
    if jobs < 1:
        raise InputError(f"--jobs {jobs}: must be at least 1")
    sources = list(sources)
    files = reading.resolve_sources(sources)
    rows = manifest_rows(read_manifest(manifest))
    names = [path.name for path in files]
    described = {name for name, _ in rows}
    shared_row = len(set(names)) < len(names) and any(names.count(name) > 1 for name in described)
    if jobs == 1 or len(files) < 2 or shared_row:
        return _staged(stage, load_corpus(sources, manifest=manifest).sentences)

    jobs_files = [(str(path), _rows_of(rows, path.name)) for path in files]
    shares = _contiguous(jobs_files, [_size(path) for path in files], jobs * _SHARES_PER_JOB)
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        results = list(pool.map(_share_table, shares, [stage] * len(shares)))
    for failure, _, _ in results:
        if failure:
            raise InputError(failure)
    return _joined([(docs, table) for _, docs, table in results], rows)


def _staged(stage: Stage, sentences: pd.DataFrame) -> pd.DataFrame:
    return sentences if stage is None else stage(sentences)


def _rows_of(rows: Rows, name: str) -> Rows:
    return {key: row for key, row in rows.items() if key[0] == name}


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # its reading says what is wrong with it


def _contiguous(items: Sequence, sizes: Sequence[int], parts: int) -> list[list]:
    """``items`` cut into at most ``parts`` runs of neighbours, of about equal total size."""
    total = sum(sizes) or 1
    shares: list[list] = [[]]
    done = 0
    for item, size in zip(items, sizes, strict=True):
        if shares[-1] and done * parts >= total * len(shares):
            shares.append([])
        shares[-1].append(item)
        done += size
    return shares


def _share_table(
    share: list[tuple[str, Rows]], stage: Stage
) -> tuple[str, list[tuple[str, int, str, int]], pd.DataFrame | None]:
    """Read one share (:func:`~pbanalysis.corpus.model.files_corpus`: ids prefixed with the
    file's number in the share) and compute its table: ``(error line of its first file that
    cannot be read, or "", its articles as (id, file number, file name, article number),
    table)``."""
    corpus, failed = files_corpus(share, _MARK)
    if failed:
        return failed[min(failed)], [], None
    docs = [
        (doc_id, int(doc_id.split(_MARK, 1)[0]), file, int(article))
        for doc_id, file, article in corpus.documents[["doc_id", "file", "article"]].itertuples(
            index=False
        )
    ]
    return "", docs, _staged(stage, corpus.sentences)


def _joined(parts: list[tuple[list[tuple[str, int, str, int]], pd.DataFrame]], rows: Rows):
    """The shares' tables in order, each article under the id one process gives it."""
    taken: set[str] = set()
    frames = []
    for docs, table in parts:
        per_file: dict[int, int] = {}
        for _, number, _, _ in docs:
            per_file[number] = per_file.get(number, 0) + 1
        renames = {}
        for doc_id, number, name, article in docs:
            row = rows.get((name, article))
            new = unique_doc_id(base_doc_id(name, article, per_file[number] > 1, row), taken)
            taken.add(new)
            renames[doc_id] = new
        if len(table):
            table = table.copy()
            table["doc_id"] = [renames[doc] for doc in table["doc_id"]]
        frames.append(table)
    kept = [frame for frame in frames if len(frame)] or frames[:1]
    return pd.concat(kept, ignore_index=True) if len(kept) > 1 else kept[0].reset_index(drop=True)
