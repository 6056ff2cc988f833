"""Executing a planned study: worker processes, sanitized notebooks, atomic output.

:func:`pbanalysis.study.config.run_study` plans and validates the runs, then hands them here:
each run
is executed by papermill in a long-lived worker process (``_Workers``), its notebook is cleaned
of volatile output (:func:`sanitize_notebook`) and exported as a code-free HTML report, and the
study files (``index.html``, ``summary.json``, ``summary.csv``, ``timings.json``) are written into
a staging folder that is moved into place at the end.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from pbanalysis.errors import InputError
from pbanalysis.study.model import Run, Study

__all__ = [
    "lock_destination",
    "clean_stale",
    "exit_with_parent",
    "execute_runs",
    "worker_main",
    "sanitize_notebook",
    "write_corpus_pages",
    "Progress",
    "carry_over",
    "write_study_files",
    "move_into_place",
    "point_latest",
]


@contextlib.contextmanager
def lock_destination(dest: Path):
    """Hold ``.<name>.lock`` beside ``dest`` for the duration of a study.

    The lock is an advisory ``flock`` on a file next to the destination, taken without waiting:
    a second study into the same folder is refused with an :class:`~pbanalysis.errors.InputError`
    instead of racing the first between its checks and its rename. The file is removed at the
    end; the kernel releases the lock when the process ends, however it ends (``SIGKILL``
    included), so a file left by a killed study is taken over by the next one.
    On systems without ``fcntl`` the study runs unlocked.

    Examples
    --------
    >>> import tempfile
    >>> dest = Path(tempfile.mkdtemp()) / "out"
    >>> with lock_destination(dest):
    ...     with lock_destination(dest):
    ...         pass
    Traceback (most recent call last):
    ...
    pbanalysis.errors.InputError: ...out: another study is writing there (lock ...)
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    lock = dest.parent / f".{dest.name}.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    held = False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # The holder removes the file when done; a lock taken on a file already removed
            # (or replaced) protects nothing, so it counts as held by the other study.
            held = os.path.samestat(os.fstat(fd), os.stat(lock))
        except (BlockingIOError, FileNotFoundError):
            pass
        if not held:
            raise InputError(f"{dest}: another study is writing there (lock {lock})")
        yield
    finally:
        if held:
            with contextlib.suppress(OSError):
                lock.unlink()
        os.close(fd)


def clean_stale(dest: Path) -> list[Path]:
    """Remove the staging (``.partial``) and retired (``.old``) folders of ``dest`` left by
    studies that died (``SIGKILL``, power loss); call it only while holding the lock.

    Returns the folders removed.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in (".out.abcd1234.partial", ".out.b.abcd1234.partial", ".outer.x1y2z3w4.old"):
    ...     (root / name).mkdir()
    >>> [p.name for p in clean_stale(root / "out")]
    ['.out.abcd1234.partial']
    """
    pattern = re.compile(rf"\.{re.escape(dest.name)}\.[A-Za-z0-9_]{{8}}\.(?:partial|old)")
    removed = []
    if dest.parent.is_dir():
        for path in sorted(dest.parent.iterdir()):
            if pattern.fullmatch(path.name) and path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def exit_with_parent(parent: int | None = None, interval: float = 0.5) -> threading.Thread:
    """Start a daemon thread that ends this process (and its process group: the kernel) as
    soon as its parent is gone, so that a study killed with ``SIGKILL`` leaves no workers.

    ``parent`` is the process id the parent passed down (default: the current parent); a
    parent that died before this process started is noticed at the first check.
    """
    parent = os.getppid() if parent is None else parent

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        with contextlib.suppress(OSError):
            if os.getpgrp() == os.getpid():
                os.killpg(os.getpgrp(), signal.SIGTERM)
        os._exit(1)

    thread = threading.Thread(target=watch, name="exit-with-parent", daemon=True)
    thread.start()
    return thread


def execute_runs(runs: list[Run], notebooks: Path, staging: Path, dest: Path, jobs: int, reporter):
    work = staging / ".work"
    work.mkdir()
    write_corpus_pages(staging, work / "sentences.json")
    workers = _Workers()
    results: dict[str, dict] = {}
    executor = ThreadPoolExecutor(max_workers=min(jobs, max(len(runs), 1)))
    try:
        futures = {
            executor.submit(_run_one, run, notebooks, staging, dest, work, workers, reporter): run
            for run in runs
        }
        for future in as_completed(futures):
            result = future.result()
            results[result["name"]] = result
    except BaseException:
        workers.stop()
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    executor.shutdown(wait=True)
    reporter.close()
    shutil.rmtree(work)
    return results


def _run_one(run: Run, notebooks: Path, staging: Path, dest: Path, work: Path, workers, reporter):
    folder = staging / run.slug
    folder.mkdir()
    stem = Path(run.notebook).stem
    job: dict[str, Any] = {
        "input": str(notebooks / run.notebook),
        "output": str(folder / f"{stem}.ipynb"),
        "html": str(folder / f"{stem}.html"),
        "cwd": str(folder),
        "title": run.name,
        "parameters": {**run.parameters, "output_dir": str(folder)},
        "shown_parameters": run.parameters,
        "replace": [str(folder), str(dest / run.slug)],
        "result": str(work / f"{run.slug}.json"),
        "sentences": str(work / "sentences.json"),
    }
    job_file = work / f"{run.slug}.job.json"
    job_file.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    reporter.started(run.name)
    started = time.perf_counter()
    completed = workers.run(job_file)
    seconds = time.perf_counter() - started
    result_file = Path(job["result"])
    if result_file.is_file():
        outcome = json.loads(result_file.read_text(encoding="utf-8"))
    else:
        lines = [line for line in completed.stderr.splitlines() if line.strip()]
        outcome = {"status": "failed", "error": lines[-1] if lines else "worker stopped"}
    files = sorted(p.name for p in folder.iterdir() if p.is_file())
    result = {
        "name": run.name,
        "slug": run.slug,
        "notebook": run.notebook,
        "parameters": run.parameters,
        "status": outcome["status"],
        "error": outcome["error"],
        "folder": run.slug,
        "report": f"{run.slug}/{stem}.html" if Path(job["html"]).is_file() else "",
        "executed_notebook": f"{run.slug}/{stem}.ipynb" if Path(job["output"]).is_file() else "",
        "files": [f for f in files if f not in {f"{stem}.html", f"{stem}.ipynb"}],
        "seconds": round(seconds, 2),
    }
    reporter.finished(result)
    return result


class _Workers:
    """Worker processes, one per running notebook, that can all be stopped on interrupt."""

    def __init__(self):
        self._lock = threading.Lock()
        self._live: set[subprocess.Popen] = set()
        self._stopped = False

    def run(self, job_file: Path) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        command = [sys.executable, "-c", _WORKER_COMMAND, str(job_file), str(os.getpid())]
        with self._lock:
            if self._stopped:
                raise KeyboardInterrupt
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                env=env,
                text=True,
                start_new_session=True,
            )
            self._live.add(process)
        try:
            stdout, stderr = process.communicate()
        finally:
            with self._lock:
                self._live.discard(process)
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            for process in self._live:
                process.terminate()


_WORKER_COMMAND = (
    "import sys; from pbanalysis.study.runner import worker_main; "
    "worker_main(sys.argv[1], int(sys.argv[2]))"
)


def worker_main(job_file: str, parent: int | None = None) -> None:
    """In a worker process: execute one notebook, sanitize it, export its report and result.

    The worker ends as soon as ``parent`` (the study's process) is gone."""
    exit_with_parent(parent)
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from pbanalysis.report.corpus_page import corpus_page_name
    from pbanalysis.report.html import notebook_html

    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    lang = _run_lang(job["input"], job["parameters"])
    status, error = "ok", ""
    try:
        papermill.execute_notebook(
            job["input"],
            job["output"],
            parameters=job["parameters"],
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            cwd=job["cwd"],
        )
    except PapermillExecutionError as exc:
        status, error = "failed", _last_line(f"{exc.ename}: {exc.evalue}")
    except Exception as exc:  # a kernel that dies or never starts fails this run only
        status, error = "failed", _last_line(f"{type(exc).__name__}: {exc}")
    output = Path(job["output"])
    if output.is_file():
        text = output.read_text(encoding="utf-8")
        old, new = (json.dumps(p, ensure_ascii=False)[1:-1] for p in job["replace"])
        notebook = nbformat.from_dict(sanitize_notebook(nbformat.reads(text.replace(old, new), 4)))
        output.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
        sentences = json.loads(Path(job["sentences"]).read_text(encoding="utf-8"))
        page = notebook_html(
            notebook,
            title=job["title"],
            parameters=job["shown_parameters"],
            lang=lang,
            corpus_page=f"../{corpus_page_name(lang)}",
            sentences=[(doc_id, sentence_id) for doc_id, sentence_id in sentences],
        )
        Path(job["html"]).write_text(page, encoding="utf-8")
    result = json.dumps({"status": status, "error": error}, ensure_ascii=False)
    Path(job["result"]).write_text(result, encoding="utf-8")


def _run_lang(notebook: str, parameters: Mapping) -> str:
    """The language of a run: its ``lang`` parameter, else the notebook's default, else zh."""
    import ast

    import papermill

    if "lang" in parameters:
        return str(parameters["lang"])
    declared = papermill.inspect_notebook(notebook).get("lang")
    with contextlib.suppress(ValueError, SyntaxError, TypeError):
        if declared is not None and ast.literal_eval(declared["default"]) in {"zh", "en"}:
            return ast.literal_eval(declared["default"])
    return "zh"


def write_corpus_pages(folder: Path, sentences_file: Path) -> list[Path]:
    """The study's corpus pages (one per language, :mod:`pbanalysis.report.corpus_page`) in
    ``folder`` for the default corpus, and the list of its ``(doc_id, sentence_id)`` pairs in
    ``sentences_file`` (JSON), which the reports link to.

    Returns the pages written.
    """
    from pbanalysis.corpus import load_corpus
    from pbanalysis.params import LANGUAGES
    from pbanalysis.report.corpus_page import corpus_html, corpus_page_name, sentence_keys

    corpus = load_corpus()
    written = []
    for lang in LANGUAGES:
        page = folder / corpus_page_name(lang)
        page.write_text(corpus_html(corpus, lang), encoding="utf-8")
        written.append(page)
    keys = sorted(sentence_keys(corpus.sentences))
    sentences_file.write_text(json.dumps(keys, ensure_ascii=False), encoding="utf-8")
    return written


def _last_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[-1] if lines else ""


_VOLATILE_RUN_KEYS = {"start_time", "end_time", "duration", "input_path", "output_path"}


def sanitize_notebook(notebook: Mapping) -> dict:
    """A copy of an executed notebook without the fields that change from one run to the next.

    Removes papermill's start/end times, durations and absolute input/output paths from the
    notebook metadata, and the per-cell ``execution`` timestamps and papermill timings.

    Returns
    -------
    dict
        The notebook (nbformat JSON structure); cell sources and outputs are untouched.

    Examples
    --------
    >>> nb = {"metadata": {"papermill": {"duration": 1.5, "parameters": {"lang": "zh"}}},
    ...       "cells": [{"cell_type": "code", "metadata": {"execution": {"a": 1},
    ...                  "papermill": {"duration": 0.1, "status": "completed"}}}]}
    >>> clean = sanitize_notebook(nb)
    >>> clean["metadata"]["papermill"], clean["cells"][0]["metadata"]
    ({'parameters': {'lang': 'zh'}}, {'papermill': {'status': 'completed'}})
    """
    clean = json.loads(json.dumps(notebook))
    run_meta = clean.get("metadata", {}).get("papermill")
    if isinstance(run_meta, dict):
        for key in _VOLATILE_RUN_KEYS:
            run_meta.pop(key, None)
    for cell in clean.get("cells", []):
        meta = cell.get("metadata", {})
        meta.pop("execution", None)
        if isinstance(meta.get("papermill"), dict):
            for key in ("start_time", "end_time", "duration"):
                meta["papermill"].pop(key, None)
    return clean


class Progress:
    """Progress on stderr: a tqdm bar of runs done on a terminal, and one line per finished run
    (status, seconds, name and, for a failed run, its error) in any case."""

    def __init__(self, total: int, live: bool):
        from tqdm import tqdm

        self._bar = tqdm(total=total, file=sys.stderr, disable=not live, unit="run", leave=False)
        self._lock = threading.Lock()

    def started(self, name: str) -> None:
        with self._lock:
            self._bar.set_postfix_str(name, refresh=True)

    def finished(self, result: Mapping) -> None:
        from tqdm import tqdm

        with self._lock:
            status = "ok" if result["status"] == "ok" else "FAILED"
            line = f"{status:<6} {result['seconds']:7.1f}s  {result['name']}"
            if result["error"]:
                line += f"  ({result['error']})"
            tqdm.write(line, file=sys.stderr)
            self._bar.update(1)

    def close(self) -> None:
        self._bar.close()


# --- study files -----------------------------------------------------------------------------


def carry_over(dest: Path, staging: Path, all_runs: list[Run], done: Mapping) -> dict:
    """Results (and folders) of an earlier output for the runs that ``only`` did not select."""
    summary_file = dest / "summary.json"
    if not summary_file.is_file():
        return {}
    earlier = {r["name"]: r for r in json.loads(summary_file.read_text(encoding="utf-8"))["runs"]}
    timings = _read_json(dest / "timings.json").get("runs", {})
    carried = {}
    for run in all_runs:
        old = earlier.get(run.name)
        if run.name in done or old is None or old["parameters"] != run.parameters:
            continue
        if (dest / old["folder"]).is_dir():
            shutil.copytree(dest / old["folder"], staging / old["folder"])
        carried[run.name] = {**old, "seconds": timings.get(run.name)}
    return carried


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def write_study_files(study: Study, results: list[dict], staging: Path, wall: float, jobs: int):
    from pbanalysis.report.html import index_html

    counts: dict[str, int] = {}
    for result in results:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    runs = [{k: v for k, v in r.items() if k != "seconds"} for r in results]
    summary = {"study": study.name, "title": study.title, "counts": counts, "runs": runs}
    pages = sorted(page.name for page in staging.glob("corpus-*.html"))
    timings = {
        "volatile": "wall-clock seconds; differs from one execution to the next",
        "date": datetime.date.today().isoformat(),
        "jobs": jobs,
        "wall_seconds": round(wall, 2),
        "runs": {r["name"]: r["seconds"] for r in results},
    }
    _write_json(staging / "summary.json", summary)
    _write_json(staging / "timings.json", timings)
    (staging / "summary.csv").write_text(_summary_csv(runs), encoding="utf-8")
    page = index_html({**summary, "corpus_pages": pages})
    (staging / "index.html").write_text(page, encoding="utf-8")


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _summary_csv(runs: list[dict]) -> str:
    buffer = io.StringIO()
    columns = ["name", "slug", "notebook", "status", "error", "parameters", "report"]
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for run in runs:
        row = {**run, "parameters": json.dumps(run["parameters"], ensure_ascii=False)}
        writer.writerow([row[c] for c in columns])
    return buffer.getvalue()


def move_into_place(staging: Path, dest: Path) -> None:
    staging.chmod(0o755)
    if not dest.exists():
        os.replace(staging, dest)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".old", dir=dest.parent))
    os.replace(dest, retired / dest.name)
    os.replace(staging, dest)
    shutil.rmtree(retired, ignore_errors=True)


def point_latest(dest: Path) -> None:
    link = dest.parent / "latest"
    if link.exists() and not link.is_symlink():
        return
    temporary = dest.parent / f".latest.{os.getpid()}"
    try:
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(dest.name, target_is_directory=True)
        os.replace(temporary, link)
    except OSError:  # file systems without symbolic links: the dated folder is still there
        temporary.unlink(missing_ok=True)
