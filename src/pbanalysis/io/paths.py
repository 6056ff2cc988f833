"""Where things live: the project root, ``data/``, ``data/raw/``, ``reports/``.

Every other module asks this one for paths. Each location can be overridden by an environment
variable (``PBANALYSIS_ROOT``, ``PBANALYSIS_DATA``, ``PBANALYSIS_REPORTS``) or by passing a path
explicitly to the function that needs it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

__all__ = [
    "project_root",
    "data_dir",
    "raw_dir",
    "processed_dir",
    "manifest_path",
    "reports_dir",
    "cache_dir",
    "data_file",
    "output_dir",
    "outside_raw",
]


_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/pbanalysis


def _looks_like_root(path: Path) -> bool:
    return (path / "pyproject.toml").is_file() and (path / "data").is_dir()


def project_root() -> Path:
    """The project folder: ``$PBANALYSIS_ROOT``, else the checkout this package was installed from,
    else the nearest parent of the working directory holding ``pyproject.toml`` and ``data/``.

    Examples
    --------
    >>> (project_root() / "pyproject.toml").is_file()
    True
    """
    env = os.environ.get("PBANALYSIS_ROOT")
    if env:
        return _resolved(env)
    return _root_from(os.getcwd())


@lru_cache(maxsize=16)
def _resolved(path: str) -> Path:
    """``Path(path).resolve()``, once per process: paths are asked for per line and per file."""
    return Path(path).resolve()


@lru_cache(maxsize=16)
def _root_from(working_dir: str) -> Path:
    source_checkout = _PACKAGE_DIR.parents[1]
    if _looks_like_root(source_checkout):
        return source_checkout
    cwd = Path(working_dir).resolve()
    for candidate in (cwd, *cwd.parents):
        if _looks_like_root(candidate):
            return candidate
    return cwd


def data_dir() -> Path:
    """``data/``: corpus, manifest, codebooks, stop-lists, annotations (``$PBANALYSIS_DATA``)."""
    env = os.environ.get("PBANALYSIS_DATA")
    return _resolved(env) if env else project_root() / "data"


def raw_dir() -> Path:
    """``data/raw/``: the immutable source texts. Nothing in this package writes here."""
    return data_dir() / "raw"


def processed_dir() -> Path:
    """``data/processed/``: derived tables a researcher may want to keep next to the data."""
    return data_dir() / "processed"


def manifest_path() -> Path:
    """``data/corpus.csv``: one row per article (id, file, title, region, …)."""
    return data_dir() / "corpus.csv"


def reports_dir() -> Path:
    """``reports/``: study output (``$PBANALYSIS_REPORTS``)."""
    env = os.environ.get("PBANALYSIS_REPORTS")
    return Path(env).resolve() if env else project_root() / "reports"


def cache_dir() -> Path:
    """Where derived, re-creatable files are kept between runs: ``$PBANALYSIS_CACHE``, else
    ``$XDG_CACHE_HOME/pbanalysis``, else ``~/.cache/pbanalysis``."""
    env = os.environ.get("PBANALYSIS_CACHE")
    if env:
        return Path(env).resolve()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pbanalysis"


def data_file(*parts: str) -> Path:
    """A file under ``data/``, e.g. ``data_file("codebook", "levers.csv")``.

    Examples
    --------
    >>> data_file("corpus.csv").name
    'corpus.csv'
    """
    return data_dir().joinpath(*parts)


def output_dir(value: str | os.PathLike[str] = "", *, default_name: str = "interactive") -> Path:
    """Resolve a notebook's ``output_dir`` parameter and create the folder.

    An empty value means ``reports/<default_name>`` under the project root, which is where a
    notebook opened in JupyterLab writes; the study runner always passes an absolute path.
    Refuses any folder inside ``data/raw/``.
    """
    path = outside_raw(Path(value).expanduser() if str(value) else reports_dir() / default_name)
    path.mkdir(parents=True, exist_ok=True)
    return path


def outside_raw(path: str | os.PathLike[str]) -> Path:
    """``path`` resolved, or :class:`~pbanalysis.errors.InputError` if it is ``data/raw/`` or
    lies inside it: the one check every writer goes through, so raw data is never touched.

    Examples
    --------
    >>> outside_raw(raw_dir() / "x.csv")
    Traceback (most recent call last):
    ...
    pbanalysis.errors.InputError: ... refusing to write inside data/raw/
    """
    path = Path(path).resolve()
    raw = raw_dir().resolve()
    if path == raw or raw in path.parents:
        from pbanalysis.errors import InputError

        raise InputError(f"{path}: refusing to write inside data/raw/")
    return path
