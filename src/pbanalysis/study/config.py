"""The study runner: every notebook of a study, with every parameter set, in one command.

A study is a TOML file under ``studies/`` (see ``studies/README.md``)::

    [study]
    name = "default"
    title = "..."
    notebooks = "../notebooks"          # relative to the TOML file, or absolute

    [choices]                           # valid values of parameters, checked before any kernel
    region = "corpus:region"            # the distinct regions of load_corpus().documents
    regions = { values = "corpus:region", list = true }   # comma-separated, "" = all
    framework = "codebook:frameworks"   # the frameworks of data/codebook/frameworks.csv
    lang = "words:languages"            # zh, en

    [[run]]
    notebook = "03_region_profile.ipynb"
    parameters = { }                    # fixed values
    grid = { region = "*" }             # one run per value; "*" = every valid value

``run_study`` validates every run against the parameters each notebook declares (read with
``notebook_parameters``, no kernel started), executes the runs with papermill in parallel
worker processes, and writes, per run, the executed notebook, a code-free HTML report and the
notebook's own tables and figures, plus ``index.html``, ``summary.json`` and ``summary.csv`` for
the study. Everything is written into a temporary folder next to the destination and moved into
place at the end; a failed run keeps its executed notebook and does not stop the others. The
execution itself (worker processes, sanitizing, the study files, the atomic move) is
:mod:`pbanalysis.study.runner`.
"""

from __future__ import annotations

import datetime
import fnmatch
import hashlib
import itertools
import json
import os
import re
import shutil
import sys
import tempfile
import time
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pbanalysis.errors import InputError
from pbanalysis.io import paths
from pbanalysis.study.model import Run, Study
from pbanalysis.study.runner import (
    Progress,
    carry_over,
    clean_stale,
    execute_runs,
    lock_destination,
    move_into_place,
    point_latest,
    write_study_files,
)

__all__ = [
    "ALL_VALUES",
    "default_config",
    "load_study",
    "plan_study",
    "notebook_parameters",
    "run_study",
    "compare_outputs",
]


ALL_VALUES = "*"
_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,)}


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
        except IsADirectoryError:
            raise InputError(f"{path}: is a directory, expected a study TOML file") from None
        except UnicodeDecodeError:
            raise InputError(f"{path}: study configuration is not UTF-8 text") from None
        except OSError as error:
            raise InputError(f"{path}: cannot read ({error.strerror})") from None
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


def _plan(study: Study, only: Sequence[str] | None = None, *, jobs: int = 1) -> list[Run]:
    if not study.notebooks.is_dir():
        raise InputError(f"{study.notebooks}: notebooks folder not found")
    choices = _Choices(study.choices, jobs=jobs)
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

    def __init__(self, table: Mapping, *, jobs: int = 1):
        self._table = dict(table)
        self._documents = None
        self._jobs = jobs

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
        if source == "codebook:frameworks":
            from pbanalysis.coding.codebook import frameworks

            return list(frameworks())
        if source == "words:languages":
            from pbanalysis.params import LANGUAGES

            return list(LANGUAGES)
        raise InputError(
            f'[choices] {key}: expected a list, "corpus:<column>", "codebook:frameworks" or '
            f'"words:languages", got {source!r}'
        )

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
            from pbanalysis.store import Store

            _process_corpus(self._jobs)
            self._documents = Store().table("documents")
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


def _process_corpus(jobs: int) -> None:
    """Bring the processed store of ``data/raw/`` up to date before any notebook starts, so
    that every run reads each document's tables instead of computing them again."""
    from pbanalysis.store import Store

    Store().update(jobs=jobs)  # names each file it cannot read on stderr


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
    jobs = (os.cpu_count() or 1) if jobs is None else int(jobs)
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {jobs}")
    all_runs = _plan(study, None, jobs=jobs)
    _process_corpus(jobs)
    runs = _select(all_runs, only) if only else all_runs
    default_output = output is None
    dest = (
        paths.reports_dir() / study.name / datetime.date.today().isoformat()
        if default_output
        else Path(str(output)).expanduser().resolve()
    )
    _check_destination(dest, study.notebooks)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with lock_destination(dest):
        _check_destination(dest, study.notebooks)  # again, now that no other study can write
        clean_stale(dest)
        ordered = _execute(study, runs, all_runs, only, dest, jobs, progress)
    if default_output:
        point_latest(dest)
    failed = [r for r in ordered if r["status"] != "ok"]
    print(
        f"study {study.name}: {len(ordered) - len(failed)} ok, {len(failed)} failed -> "
        f"{dest / 'index.html'}"
    )
    return 1 if failed else 0


def _execute(study, runs, all_runs, only, dest: Path, jobs: int, progress) -> list[dict]:
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent))
    started = time.perf_counter()
    try:
        reporter = Progress(len(runs), sys.stderr.isatty() if progress is None else progress)
        results = execute_runs(runs, study.notebooks, staging, dest, jobs, reporter)
        if only:
            results.update(carry_over(dest, staging, all_runs, results))
        ordered = [results[run.name] for run in all_runs if run.name in results]
        write_study_files(study, ordered, staging, time.perf_counter() - started, jobs)
        move_into_place(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ordered


def _check_destination(dest: Path, notebooks: Path) -> None:
    raw = paths.raw_dir().resolve()
    for protected in (raw, notebooks):
        if dest == protected or protected in dest.parents or dest in protected.parents:
            raise InputError(f"{dest}: refusing to write study output there (holds {protected})")
    if dest.exists() and not dest.is_dir():
        raise InputError(f"{dest}: exists and is not a folder")
    if dest.is_dir() and any(dest.iterdir()) and not (dest / "summary.json").is_file():
        raise InputError(f"{dest}: exists and is not a study output folder (no summary.json)")


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
