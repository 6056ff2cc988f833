"""Old module paths of release 0.1, kept importable for one release.

Release 0.2 moved the flat modules into subpackages that follow the pipeline
(``docs/architecture.md``). ``import pbanalysis.paths`` and ``from pbanalysis import terms`` still
work: the old name is bound to the new module (the same object, so monkeypatching either name
patches both) and a :class:`DeprecationWarning` names the new path. ``pbanalysis.corpus``,
``pbanalysis.indicators``, ``pbanalysis.coding`` and ``pbanalysis.study`` are packages now that
re-export their old public names, so they need no alias.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings

__all__ = ["OLD_PATHS", "install"]

OLD_PATHS = {
    "pbanalysis.paths": "pbanalysis.io.paths",
    "pbanalysis.export": "pbanalysis.io.export",
    "pbanalysis.reading": "pbanalysis.corpus.reading",
    "pbanalysis.layout": "pbanalysis.corpus.layout",
    "pbanalysis.numbers": "pbanalysis.indicators.numbers",
    "pbanalysis.checks": "pbanalysis.indicators.checks",
    "pbanalysis.reliability": "pbanalysis.coding.reliability",
    "pbanalysis.compare": "pbanalysis.analysis.compare",
    "pbanalysis.profile": "pbanalysis.analysis.profile",
    "pbanalysis.terms": "pbanalysis.analysis.terms",
    "pbanalysis.expressions": "pbanalysis.analysis.expressions",
    "pbanalysis.plotting": "pbanalysis.report.plotting",
    "pbanalysis.report_html": "pbanalysis.report.html",
    "pbanalysis.runner": "pbanalysis.study.runner",
}


class _AliasFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self) -> None:
        self._specs: dict[str, importlib.machinery.ModuleSpec | None] = {}

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in OLD_PATHS:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        new = OLD_PATHS[spec.name]
        warnings.warn(
            f"{spec.name} moved to {new}; the old path goes in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        module = importlib.import_module(new)
        self._specs[new] = module.__spec__
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        # the import system has just stamped the alias's spec on the shared module: put back the
        # module's own, so its name, reloading and pickling stay those of the new path
        module.__spec__ = self._specs[module.__name__]


def install() -> None:
    """Put the alias finder on ``sys.meta_path`` once (``import pbanalysis`` does this)."""
    if not any(isinstance(finder, _AliasFinder) for finder in sys.meta_path):
        sys.meta_path.append(_AliasFinder())
