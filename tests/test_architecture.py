"""The package's structure holds: the module map in docs/architecture.md matches the code, imports
across modules use public names only, there are no import cycles, every module declares
``__all__``, and the constants that used to be kept in several places exist once."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from pbanalysis.io import paths

ROOT = paths.project_root()
PACKAGE = ROOT / "src" / "pbanalysis"
MODULES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


NAMES = {module_name(path): path for path in MODULES}


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """``(target module, imported names, line)`` of every pbanalysis import in a module,
    function-level imports included (a cycle through a lazy import is still a cycle)."""
    found = []
    package = (
        module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    )
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1]
                    + ([base] if base else [])
                )
            if base.split(".")[0] == "pbanalysis":
                found.append((base, [alias.name for alias in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "pbanalysis":
                    found.append((alias.name, [], node.lineno))
    return found


def edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in NAMES}
    for name, path in NAMES.items():
        for target, names, _ in imports(path):
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in NAMES]
            if submodules:
                graph[name].update(submodules)
            if not names or len(submodules) < len(names):
                graph[name].add(target)
        graph[name].discard(name)
    return graph


def test_the_architecture_map_names_every_module_and_only_existing_ones():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", text))
    named = {n for n in named if not n.startswith(("scripts/", "tests/"))}
    actual = {str(path.relative_to(PACKAGE)) for path in MODULES}
    assert sorted(actual - named) == [], "modules missing from docs/architecture.md"
    assert sorted(named - actual) == [], "docs/architecture.md names modules that do not exist"


def test_imports_across_modules_use_public_names():
    private = []
    for name, path in NAMES.items():
        for target, names, line in imports(path):
            private += [
                f"{name}:{line} {target}.{n}"
                for n in names
                if n.startswith("_") and not n.startswith("__")
            ]
        # attribute access to a private name of an imported pbanalysis module (``terms._stamp``)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pbanalysis")
            for alias in node.names
            if f"{node.module}.{alias.name}" in NAMES
        }
        private += [
            f"{name}:{node.lineno} {node.value.id}.{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ]
    assert private == []


def test_there_are_no_import_cycles():
    graph = edges()
    cycles = []

    def visit(node: str, stack: list[str], done: set[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in stack:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in done:
                visit(nxt, [*stack, nxt], done)
        done.add(node)

    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            visit(start, [start], done)
    assert cycles == []


def test_every_module_declares_all():
    missing = []
    for name, path in NAMES.items():
        if path.name == "__init__.py" and "import" not in path.read_text(encoding="utf-8"):
            continue  # a subpackage that only documents its modules
        if not isinstance(getattr(importlib.import_module(name), "__all__", None), list | tuple):
            missing.append(name)
    assert missing == []


def definitions(pattern: str) -> list[str]:
    regex = re.compile(pattern, re.M)
    return [
        f"{name}:{text[: m.start()].count(chr(10)) + 1}"
        for name, path in NAMES.items()
        for text in [path.read_text(encoding="utf-8")]
        for m in regex.finditer(text)
    ]


@pytest.mark.parametrize(
    ("what", "pattern", "home"),
    [
        ("the none code", r"^NONE_CODE\s*=", "pbanalysis.coding.codebook"),
        ("the administrative suffixes", r"^ADMIN_SUFFIXES\s*=", "pbanalysis.corpus.regions"),
        ("the sentence splitter", r"^def split_sentences\(", "pbanalysis.corpus.layout"),
        ("the Han character ranges", r"\\u4e00", "pbanalysis.corpus.chars"),
        ("the full-width fold table", r"0xFF10", "pbanalysis.corpus.chars"),
    ],
)
def test_each_constant_has_one_home(what, pattern, home):
    places = definitions(pattern)
    assert [p.partition(":")[0] for p in places] == [home], f"{what}: {places}"


def test_framework_names_come_from_the_codebook_files():
    literal = definitions(r"\(\s*\"levers\",\s*\"pillars\",\s*\"bready\"\s*\)")
    assert literal == []
    config = (ROOT / "studies" / "default.toml").read_text(encoding="utf-8")
    assert '"levers", "pillars", "bready"' not in config


def test_rate_units_come_from_the_unit_table():
    assert definitions(r"isin\(\[\"%\", \"个百分点\"\]\)") == []


def test_every_imported_third_party_package_is_declared():
    import sys
    import tomllib
    from importlib.metadata import packages_distributions

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # a dependency or an optional extra (imported only where that extra is needed)
    requirements = [*project["dependencies"], *sum(project["optional-dependencies"].values(), [])]
    declared = {Requirement(r).name.lower().replace("_", "-") for r in requirements}
    owners = packages_distributions()
    undeclared = set()
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            for name in names:
                top = name.split(".")[0]
                if not top or top == "pbanalysis" or top in sys.stdlib_module_names:
                    continue
                dists = {d.lower().replace("_", "-") for d in owners.get(top, [top])}
                if not dists & declared:
                    undeclared.add(f"{module_name(path)}: {top}")
    assert sorted(undeclared) == []
