"""The study runner: every notebook of a study, with every parameter set, in one command.

A study is a TOML file under ``studies/`` (see ``studies/README.md``)::

    [study]
    name = "default"
    title = "..."
    notebooks = "../notebooks"          # relative to the TOML file, or absolute

    [choices]                           # valid values of parameters, checked before any kernel
    region = "corpus:region"            # the distinct regions of load_corpus().documents
    regions = { values = "corpus:region", list = true }   # comma-separated, "" = all
    framework = ["levers", "pillars", "bready"]

    [[run]]
    notebook = "03_region_profile.ipynb"
    parameters = { }                    # fixed values
    grid = { region = "*" }             # one run per value; "*" = every valid value

``run_study`` validates every run against the parameters each notebook declares (read with
``notebook_parameters``, no kernel started), executes the runs with papermill in parallel
worker processes, and writes, per run, the executed notebook, a code-free HTML report and the
notebook's own tables and figures, plus ``index.html``, ``summary.json`` and ``summary.csv`` for
the study. Everything is written into a temporary folder next to the destination and moved into
place at the end; a failed run keeps its executed notebook and does not stop the others.
"""

from __future__ import annotations

import csv
import datetime
import fnmatch
import hashlib
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pbanalysis import paths
from pbanalysis.errors import InputError

ALL_VALUES = "*"
_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,)}


@dataclass(frozen=True)
class Run:
    """One execution of one notebook: ``name`` is shown to people, ``slug`` names its folder."""

    name: str
    slug: str
    notebook: str
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Study:
    """A parsed study configuration (before grid expansion)."""

    name: str
    title: str
    notebooks: Path
    choices: dict[str, Any]
    runs: list[dict[str, Any]]


def default_config() -> Path:
    """``studies/default.toml`` under the project root."""
    return paths.project_root() / "studies" / "default.toml"


def load_study(config: str | os.PathLike[str] | Mapping | None = None) -> Study:
    """Read a study configuration from a TOML path or an already parsed mapping.

    A relative ``notebooks`` folder is resolved against the TOML file's folder, or against the
    project root when ``config`` is a mapping.

    Returns
    -------
    Study
        ``name``, ``title``, ``notebooks`` (absolute folder), ``choices`` and the raw ``runs``.

    Examples
    --------
    >>> study = load_study({"study": {"name": "demo", "notebooks": "tests/data/notebooks"},
    ...                     "run": [{"notebook": "write_table.ipynb"}]})
    >>> study.name, study.notebooks.name, len(study.runs)
    ('demo', 'notebooks', 1)
    """
    if isinstance(config, Mapping):
        data, base = dict(config), paths.project_root()
    else:
        path = Path(config) if config is not None else default_config()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"{path}: study configuration not found") from None
        except tomllib.TOMLDecodeError as error:
            raise InputError(f"{path}: invalid TOML: {error}") from None
        base = path.resolve().parent
    header = data.get("study", {})
    name = str(header.get("name", ""))
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise InputError(f"study name {name!r} must be ASCII letters, digits, '_', '.' or '-'")
    runs = data.get("run", [])
    if not runs:
        raise InputError(f"study {name}: no [[run]] entries")
    notebooks = Path(header.get("notebooks", "notebooks"))
    return Study(
        name=name,
        title=str(header.get("title", name)),
        notebooks=(notebooks if notebooks.is_absolute() else base / notebooks).resolve(),
        choices=dict(data.get("choices", {})),
        runs=[dict(run) for run in runs],
    )


def plan_study(config=None, only: Sequence[str] | None = None):
    """Expand a study into its runs and validate every parameter, without starting a kernel.

    Raises ``InputError`` (one line) for an unknown notebook, a parameter the notebook does not
    declare, a value of the wrong type, a value outside ``[choices]`` (the message lists the
    valid ones) or an ``only`` name that matches no run.

    Returns
    -------
    pandas.DataFrame
        One row per run: ``name`` (display name, e.g. ``03_region_profile-眉山市``), ``slug``
        (ASCII folder name), ``notebook`` (file name) and ``parameters`` (JSON object, without
        ``output_dir``, which the runner sets).

    Examples
    --------
    >>> plan = plan_study({"study": {"name": "demo", "notebooks": "tests/data/notebooks"},
    ...                    "run": [{"notebook": "write_table.ipynb", "grid": {"repeat": [1, 2]}}]})
    >>> plan[["name", "slug"]].values.tolist()
    [['write_table-1', 'write_table-1'], ['write_table-2', 'write_table-2']]
    """
    import pandas as pd

    runs = _plan(load_study(config), only)
    return pd.DataFrame(
        {
            "name": [run.name for run in runs],
            "slug": [run.slug for run in runs],
            "notebook": [run.notebook for run in runs],
            "parameters": [json.dumps(run.parameters, ensure_ascii=False) for run in runs],
        }
    )


def _plan(study: Study, only: Sequence[str] | None = None) -> list[Run]:
    if not study.notebooks.is_dir():
        raise InputError(f"{study.notebooks}: notebooks folder not found")
    choices = _Choices(study.choices)
    runs: list[Run] = []
    declared_by_notebook: dict[str, dict] = {}
    for entry in study.runs:
        notebook = str(entry.get("notebook", ""))
        if notebook not in declared_by_notebook:
            declared_by_notebook[notebook] = _declared_parameters(study.notebooks, notebook)
        runs.extend(_expand(entry, declared_by_notebook[notebook], choices))
    for attribute in ("name", "slug"):
        values = [getattr(run, attribute) for run in runs]
        repeated = sorted({value for value in values if values.count(value) > 1})
        if repeated:
            raise InputError(f"two runs share the {attribute} {repeated[0]!r}: give one a `name`")
    return _select(runs, only) if only else runs


def _declared_parameters(folder: Path, notebook: str) -> dict[str, str]:
    path = folder / notebook
    if not notebook.endswith(".ipynb") or not path.is_file():
        available = ", ".join(sorted(p.name for p in folder.glob("*.ipynb"))) or "none"
        raise InputError(f"{path}: notebook not found (available: {available})")
    declared = notebook_parameters(path)
    if "output_dir" not in declared:
        raise InputError(f"{notebook}: its parameters cell declares no `output_dir`")
    return declared


def notebook_parameters(path: str | os.PathLike[str]) -> dict[str, str]:
    """The parameters a notebook declares: name -> type name, read from its ``parameters`` cell.

    The cell is parsed with ``ast`` rather than ``papermill.inspect_notebook``, whose line-based
    parser skips any line holding two ``=`` (``x: str = ""  # empty = all`` is ignored). The type
    is the annotation, else the type of the literal default, else ``"None"`` (not checked).

    Returns
    -------
    dict
        ``{parameter name: type name}`` in the order of the cell.

    Examples
    --------
    >>> notebook_parameters(paths.project_root() / "tests/data/notebooks/write_table.ipynb")
    {'label': 'str', 'repeat': 'int', 'output_dir': 'str'}
    """
    import ast

    path = Path(path)
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not tagged:
        raise InputError(f"{path.name}: no cell tagged `parameters`")
    source = tagged[0]["source"]
    try:
        tree = ast.parse("".join(source) if isinstance(source, list) else source)
    except SyntaxError as error:
        raise InputError(f"{path.name}: parameters cell is not valid Python: {error}") from None
    declared: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            declared[node.target.id] = ast.unparse(node.annotation)
        elif isinstance(node, ast.Assign):
            try:
                type_name = type(ast.literal_eval(node.value)).__name__
            except ValueError:
                type_name = "None"
            for target in node.targets:
                if isinstance(target, ast.Name):
                    declared[target.id] = type_name
    return declared


def _expand(entry: Mapping, declared: Mapping, choices: _Choices) -> list[Run]:
    notebook = entry["notebook"]
    unknown_keys = set(entry) - {"notebook", "name", "parameters", "grid"}
    if unknown_keys:
        raise InputError(
            f"{notebook}: unknown key(s) in [[run]]: {', '.join(sorted(unknown_keys))}"
        )
    fixed = dict(entry.get("parameters", {}))
    grid = dict(entry.get("grid", {}))
    for key in [*fixed, *grid]:
        if key == "output_dir":
            raise InputError(
                f"{notebook}: `output_dir` is set by the runner, remove it from the study"
            )
        if key not in declared:
            valid = ", ".join(k for k in declared if k != "output_dir")
            raise InputError(f"{notebook}: unknown parameter {key!r} (declared: {valid})")
    axes = {}
    for key, values in grid.items():
        if values == ALL_VALUES:
            values = choices.values(key, notebook)
        if not isinstance(values, list) or not values:
            raise InputError(f'{notebook}: grid {key!r} must be a non-empty list or "*"')
        axes[key] = values
    stem = str(entry.get("name", Path(notebook).stem))
    runs = []
    for combination in itertools.product(*axes.values()):
        varying = dict(zip(axes, combination, strict=True))
        parameters = {**fixed, **varying}
        for key, value in parameters.items():
            _check_type(notebook, key, value, declared[key])
            choices.check(key, value, notebook)
        name = "-".join([stem, *(str(v) for v in varying.values())])
        slug = "-".join([_slug(stem), *(_slug(str(v)) for v in varying.values())])
        runs.append(Run(name=name, slug=slug, notebook=notebook, parameters=parameters))
    return runs


def _check_type(notebook: str, key: str, value: Any, type_name: str) -> None:
    expected = _TYPES.get(type_name.split("[")[0].strip())
    if expected is None:
        return
    if isinstance(value, bool) and bool not in expected or not isinstance(value, expected):
        raise InputError(f"{notebook}: parameter {key!r} must be {type_name}, got {value!r}")


def _slug(text: str) -> str:
    """ASCII text stays readable; anything else becomes a short stable hash (``u`` + 8 hex)."""
    ascii_part = re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-.")
    if text.isascii() and ascii_part:
        return ascii_part
    return "u" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


class _Choices:
    """Valid parameter values from ``[choices]``; corpus-backed lists load the corpus once."""

    def __init__(self, table: Mapping):
        self._table = dict(table)
        self._documents = None

    def _spec(self, key: str) -> tuple[Any, bool]:
        spec = self._table[key]
        if isinstance(spec, Mapping):
            return spec.get("values"), bool(spec.get("list", False))
        return spec, False

    def values(self, key: str, notebook: str) -> list:
        if key not in self._table:
            raise InputError(f'{notebook}: grid {key!r} = "*" needs a [choices] entry for {key!r}')
        source, _ = self._spec(key)
        if isinstance(source, list):
            return list(source)
        if isinstance(source, str) and source.startswith("corpus:"):
            column = source.removeprefix("corpus:")
            documents = self._corpus_documents()
            if column not in documents.columns:
                raise InputError(f"[choices] {key}: the corpus has no column {column!r}")
            return [v for v in dict.fromkeys(documents[column].astype(str)) if v]
        raise InputError(f'[choices] {key}: expected a list or "corpus:<column>", got {source!r}')

    def check(self, key: str, value: Any, notebook: str) -> None:
        if key not in self._table:
            return
        valid = self.values(key, notebook)
        _, is_list = self._spec(key)
        items = [v.strip() for v in str(value).split(",") if v.strip()] if is_list else [value]
        for item in items:
            if item not in valid:
                shown = ", ".join(str(v) for v in valid)
                raise InputError(f"{notebook}: unknown {key} {item!r} (valid: {shown})")

    def _corpus_documents(self):
        if self._documents is None:
            from pbanalysis.corpus import load_corpus

            self._documents = load_corpus().documents
        return self._documents


def _select(runs: list[Run], only: Sequence[str]) -> list[Run]:
    chosen: set[str] = set()
    for pattern in only:
        matched = {
            run.name
            for run in runs
            if pattern in (run.name, run.slug, run.notebook, Path(run.notebook).stem)
            or fnmatch.fnmatchcase(run.name, pattern)
            or fnmatch.fnmatchcase(run.slug, pattern)
        }
        if not matched:
            names = ", ".join(run.name for run in runs)
            raise InputError(f"--only {pattern!r} matches no run (runs: {names})")
        chosen |= matched
    return [run for run in runs if run.name in chosen]


# --- execution -------------------------------------------------------------------------------


def run_study(
    config: str | os.PathLike[str] | Mapping | None = None,
    output: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    only: Sequence[str] | None = None,
    progress: bool | None = None,
) -> int:
    """Run every notebook of a study and write the reports; return the exit status.

    Parameters
    ----------
    config : path or mapping, optional
        The study TOML (default ``studies/default.toml``) or its parsed content.
    output : path, optional
        Destination folder. Default ``reports/<study>/<YYYY-MM-DD>/``, with the symbolic link
        ``reports/<study>/latest`` pointing at it. An existing destination is replaced only
        if it is empty or a previous study output (it holds ``summary.json``).
    jobs : int, optional
        Runs executed at once (default: the number of cores).
    only : list of str, optional
        Run names, slugs, notebook names or glob patterns to run. The runs not selected are
        carried over from an existing output in the destination (same parameters only).
    progress : bool, optional
        ``True``: an updating status line; ``False``: one plain line per finished run; ``None``:
        the former when stderr is a terminal.

    Returns
    -------
    int
        0 when every run succeeded, 1 when any failed. Invalid configurations or parameters raise
        ``InputError`` before any kernel starts.

    Examples
    --------
    >>> run_study({"study": {"name": "demo", "notebooks": "tests/data/notebooks"},
    ...            "run": [{"notebook": "write_table.ipynb", "grid": {"repeat": ["2"]}}]})
    Traceback (most recent call last):
    ...
    pbanalysis.errors.InputError: write_table.ipynb: parameter 'repeat' must be int, got '2'
    """
    study = load_study(config)
    all_runs = _plan(study, None)
    runs = _select(all_runs, only) if only else all_runs
    jobs = (os.cpu_count() or 1) if jobs is None else int(jobs)
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {jobs}")
    default_output = output is None
    dest = (
        paths.reports_dir() / study.name / datetime.date.today().isoformat()
        if default_output
        else Path(output).expanduser().resolve()
    )
    _check_destination(dest, study.notebooks)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent))
    started = time.perf_counter()
    try:
        reporter = _Progress(len(runs), sys.stderr.isatty() if progress is None else progress)
        results = _execute(runs, study.notebooks, staging, dest, jobs, reporter)
        if only:
            results.update(_carry_over(dest, staging, all_runs, results))
        ordered = [results[run.name] for run in all_runs if run.name in results]
        _write_study_files(study, ordered, staging, time.perf_counter() - started, jobs)
        _move_into_place(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if default_output:
        _point_latest(dest)
    failed = [r for r in ordered if r["status"] != "ok"]
    print(
        f"study {study.name}: {len(ordered) - len(failed)} ok, {len(failed)} failed -> "
        f"{dest / 'index.html'}"
    )
    return 1 if failed else 0


def _check_destination(dest: Path, notebooks: Path) -> None:
    raw = paths.raw_dir().resolve()
    for protected in (raw, notebooks):
        if dest == protected or protected in dest.parents or dest in protected.parents:
            raise InputError(f"{dest}: refusing to write study output there (holds {protected})")
    if dest.exists() and not dest.is_dir():
        raise InputError(f"{dest}: exists and is not a folder")
    if dest.is_dir() and any(dest.iterdir()) and not (dest / "summary.json").is_file():
        raise InputError(f"{dest}: exists and is not a study output folder (no summary.json)")


def _execute(runs: list[Run], notebooks: Path, staging: Path, dest: Path, jobs: int, reporter):
    work = staging / ".work"
    work.mkdir()
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
    job = {
        "input": str(notebooks / run.notebook),
        "output": str(folder / f"{stem}.ipynb"),
        "html": str(folder / f"{stem}.html"),
        "cwd": str(folder),
        "title": run.name,
        "parameters": {**run.parameters, "output_dir": str(folder)},
        "shown_parameters": run.parameters,
        "replace": [str(folder), str(dest / run.slug)],
        "result": str(work / f"{run.slug}.json"),
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
        command = [sys.executable, "-c", _WORKER_COMMAND, str(job_file)]
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


_WORKER_COMMAND = "import sys; from pbanalysis.study import _worker; _worker(sys.argv[1])"


def _worker(job_file: str) -> None:
    """In a worker process: execute one notebook, sanitize it, export its report and result."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from pbanalysis.report_html import notebook_html

    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
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
        page = notebook_html(notebook, title=job["title"], parameters=job["shown_parameters"])
        Path(job["html"]).write_text(page, encoding="utf-8")
    result = json.dumps({"status": status, "error": error}, ensure_ascii=False)
    Path(job["result"]).write_text(result, encoding="utf-8")


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


class _Progress:
    """Progress on stderr: an updating status line on a terminal, plain lines otherwise."""

    def __init__(self, total: int, live: bool):
        self._total, self._live = total, live
        self._done, self._running = 0, []
        self._lock = threading.Lock()

    def started(self, name: str) -> None:
        with self._lock:
            self._running.append(name)
            self._redraw()

    def finished(self, result: Mapping) -> None:
        with self._lock:
            self._done += 1
            self._running.remove(result["name"])
            status = "ok" if result["status"] == "ok" else "FAILED"
            line = f"{status:<6} {result['seconds']:7.1f}s  {result['name']}"
            if result["error"]:
                line += f"  ({result['error']})"
            sys.stderr.write(("\r\033[K" if self._live else "") + line + "\n")
            self._redraw()

    def _redraw(self) -> None:
        if self._live:
            running = ", ".join(self._running)
            sys.stderr.write(f"\r\033[K[{self._done}/{self._total}] running: {running}"[:200])
        sys.stderr.flush()

    def close(self) -> None:
        if self._live:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


# --- study files -----------------------------------------------------------------------------


def _carry_over(dest: Path, staging: Path, all_runs: list[Run], done: Mapping) -> dict:
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


def _write_study_files(study: Study, results: list[dict], staging: Path, wall: float, jobs: int):
    from pbanalysis.report_html import index_html

    counts: dict[str, int] = {}
    for result in results:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    runs = [{k: v for k, v in r.items() if k != "seconds"} for r in results]
    summary = {"study": study.name, "title": study.title, "counts": counts, "runs": runs}
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
    (staging / "index.html").write_text(index_html(summary), encoding="utf-8")


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


def _move_into_place(staging: Path, dest: Path) -> None:
    staging.chmod(0o755)
    if not dest.exists():
        os.replace(staging, dest)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".old", dir=dest.parent))
    os.replace(dest, retired / dest.name)
    os.replace(staging, dest)
    shutil.rmtree(retired, ignore_errors=True)


def _point_latest(dest: Path) -> None:
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


# --- determinism -----------------------------------------------------------------------------


def compare_outputs(first: str | os.PathLike[str], second: str | os.PathLike[str]):
    """Compare two study outputs: CSV tables byte for byte, executed notebooks by cell outputs.

    Returns
    -------
    pandas.DataFrame
        One row per CSV table or executed notebook found in either folder: ``file`` (path
        relative to the study folder), ``kind`` (``csv`` or ``notebook``) and ``identical``
        (bool; False also when the file exists on one side only).

    Examples
    --------
    >>> import tempfile
    >>> a, b = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> for folder, text in ((a, "x\\n1\\n"), (b, "x\\n2\\n")):
    ...     _ = (folder / "t.csv").write_text(text)
    >>> compare_outputs(a, b).values.tolist()
    [['t.csv', 'csv', False]]
    """
    import pandas as pd

    first, second = Path(first), Path(second)
    names = sorted(
        {
            p.relative_to(root).as_posix()
            for root in (first, second)
            for p in root.rglob("*")
            if p.suffix in {".csv", ".ipynb"} and p.name not in {"summary.csv"}
        }
    )
    rows = []
    for name in names:
        a, b = first / name, second / name
        kind = "csv" if name.endswith(".csv") else "notebook"
        if not (a.is_file() and b.is_file()):
            identical = False
        elif kind == "csv":
            identical = a.read_bytes() == b.read_bytes()
        else:
            identical = _cell_outputs(a) == _cell_outputs(b)
        rows.append({"file": name, "kind": kind, "identical": identical})
    return pd.DataFrame(rows, columns=["file", "kind", "identical"])


def _cell_outputs(path: Path) -> list:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [cell.get("outputs", []) for cell in notebook["cells"]]
