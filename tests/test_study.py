"""Tests of the study runner on the tiny notebooks under tests/data/notebooks/."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from pbanalysis import study
from pbanalysis.errors import InputError
from pbanalysis.report.html import external_resources
from pbanalysis.study import runner

NOTEBOOKS = Path(__file__).parent / "data" / "notebooks"


def tiny_config() -> dict:
    """Two table runs (one with a Chinese label) and one failing run."""
    return {
        "study": {"name": "tiny", "title": "Tiny study", "notebooks": str(NOTEBOOKS)},
        "choices": {"label": ["alpha", "眉山市"]},
        "run": [
            {"notebook": "write_table.ipynb", "parameters": {"repeat": 3}, "grid": {"label": "*"}},
            {"notebook": "fail.ipynb"},
        ],
    }


@pytest.fixture(scope="module")
def two_outputs(tmp_path_factory):
    """The tiny study run twice into two folders: (exit codes, folders, parent folder)."""
    parent = tmp_path_factory.mktemp("study")
    codes, folders = [], []
    for name, jobs in (("first", 2), ("second", 1)):
        folder = parent / name
        codes.append(study.run_study(tiny_config(), output=folder, jobs=jobs, progress=False))
        folders.append(folder)
    return codes, folders, parent


def read_summary(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def test_plan_expands_grids_with_stable_ascii_slugs():
    plan = study.plan_study(tiny_config())
    assert plan["name"].tolist() == ["write_table-alpha", "write_table-眉山市", "fail"]
    assert plan["slug"].iloc[0] == "write_table-alpha"
    assert plan["slug"].iloc[1].isascii() and plan["slug"].iloc[1] != "write_table-"
    assert plan["slug"].tolist() == study.plan_study(tiny_config())["slug"].tolist()
    assert json.loads(plan["parameters"].iloc[1]) == {"repeat": 3, "label": "眉山市"}


def test_plan_from_toml_resolves_notebooks_relative_to_the_file(tmp_path):
    shutil.copytree(NOTEBOOKS, tmp_path / "nbs")
    config = tmp_path / "studies" / "mini.toml"
    config.parent.mkdir()
    config.write_text(
        '[study]\nname = "mini"\nnotebooks = "../nbs"\n\n'
        '[[run]]\nnotebook = "write_table.ipynb"\ngrid = { repeat = [1, 2] }\n',
        encoding="utf-8",
    )
    plan = study.plan_study(config)
    assert plan["name"].tolist() == ["write_table-1", "write_table-2"]


@pytest.mark.parametrize(
    ("run", "message"),
    [
        ({"notebook": "missing.ipynb"}, "notebook not found (available: fail.ipynb"),
        ({"notebook": "write_table.ipynb", "parameters": {"colour": "x"}}, "unknown parameter"),
        ({"notebook": "write_table.ipynb", "parameters": {"repeat": "3"}}, "must be int"),
        (
            {"notebook": "write_table.ipynb", "parameters": {"label": "beta"}},
            "valid: alpha, 眉山市",
        ),
        (
            {"notebook": "write_table.ipynb", "parameters": {"output_dir": "/x"}},
            "set by the runner",
        ),
        ({"notebook": "write_table.ipynb", "grid": {"repeat": "*"}}, "needs a [choices] entry"),
    ],
)
def test_invalid_runs_are_rejected_in_one_line(run, message):
    config = {**tiny_config(), "run": [run]}
    with pytest.raises(InputError, match=None) as caught:
        study.plan_study(config)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unknown_parameter_names_the_declared_ones():
    config = {**tiny_config(), "run": [{"notebook": "write_table.ipynb", "parameters": {"x": 1}}]}
    with pytest.raises(InputError, match=r"declared: label, repeat\)"):
        study.plan_study(config)


def test_region_star_expands_to_every_corpus_region():
    from pbanalysis.corpus import load_corpus

    regions = [r for r in dict.fromkeys(load_corpus().documents["region"]) if r]
    config = {
        **tiny_config(),
        "choices": {"label": "corpus:region"},
        "run": [{"notebook": "write_table.ipynb", "grid": {"label": "*"}}],
    }
    plan = study.plan_study(config)
    assert plan["name"].tolist() == [f"write_table-{region}" for region in regions]
    bad = {**config, "run": [{"notebook": "write_table.ipynb", "parameters": {"label": "无此市"}}]}
    with pytest.raises(InputError, match=f"valid: {', '.join(regions)}"):
        study.plan_study(bad)


def test_list_choices_accept_comma_separated_values_and_empty():
    config = {
        **tiny_config(),
        "choices": {"label": {"values": ["a", "b"], "list": True}},
        "run": [{"notebook": "write_table.ipynb", "grid": {"label": ["", "a,b", "b"]}}],
    }
    assert len(study.plan_study(config)) == 3
    config["run"][0]["grid"]["label"] = ["a,c"]
    with pytest.raises(InputError, match="unknown label 'c'"):
        study.plan_study(config)


def test_only_selects_by_name_notebook_or_pattern_and_rejects_unknown():
    assert study.plan_study(tiny_config(), only=["fail"])["name"].tolist() == ["fail"]
    assert len(study.plan_study(tiny_config(), only=["write_table"])) == 2
    assert len(study.plan_study(tiny_config(), only=["write_*"])) == 2
    with pytest.raises(InputError, match="matches no run"):
        study.plan_study(tiny_config(), only=["nothing"])


def test_invalid_parameters_start_no_kernel(tmp_path, monkeypatch):
    def no_process(*args, **kwargs):
        raise AssertionError("a worker was started")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    config = {**tiny_config(), "run": [{"notebook": "fail.ipynb", "parameters": {"x": 1}}]}
    with pytest.raises(InputError):
        study.run_study(config, output=tmp_path / "out", progress=False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.notebooks
def test_failed_run_is_isolated_and_reported(two_outputs):
    codes, (first, _), _ = two_outputs
    assert codes == [1, 1]
    summary = read_summary(first)
    status = {run["name"]: run["status"] for run in summary["runs"]}
    assert status == {"write_table-alpha": "ok", "write_table-眉山市": "ok", "fail": "failed"}
    failed = next(run for run in summary["runs"] if run["name"] == "fail")
    assert failed["error"] == "ValueError: deliberate failure for the runner test"
    executed = nbformat.read(first / failed["executed_notebook"], as_version=4)
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors and errors[0].evalue == "deliberate failure for the runner test"
    index = (first / "index.html").read_text(encoding="utf-8")
    assert "deliberate failure for the runner test" in index
    assert '<td class="failed">failed</td>' in index
    table = (first / "write_table-alpha" / "table.csv").read_text(encoding="utf-8")
    assert table == "row,label\n1,alpha\n2,alpha\n3,alpha\n"


@pytest.mark.notebooks
def test_output_is_complete_and_staging_is_cleaned(two_outputs):
    _, folders, parent = two_outputs
    assert sorted(p.name for p in parent.iterdir()) == ["first", "second"]
    for run in read_summary(folders[0])["runs"]:
        assert (folders[0] / run["report"]).is_file()
        assert (folders[0] / run["executed_notebook"]).is_file()
    assert not list(folders[0].rglob(".work"))


@pytest.mark.notebooks
def test_reports_open_offline_and_hide_code(two_outputs):
    _, (first, _), _ = two_outputs
    pages = [first / "index.html", *first.glob("*/*.html")]
    assert len(pages) == 4
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert external_resources(text) == [], page
    report = (first / "write_table-alpha" / "write_table.html").read_text(encoding="utf-8")
    assert "wrote table.csv with 3 rows for alpha" in report
    assert "write_text" not in report


@pytest.mark.notebooks
def test_two_runs_give_identical_tables_and_outputs(two_outputs):
    _, (first, second), _ = two_outputs
    comparison = study.compare_outputs(first, second)
    assert set(comparison["kind"]) == {"csv", "notebook"}
    assert comparison["identical"].all(), comparison
    for name in ("summary.json", "summary.csv", "index.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    executed = (first / "fail" / "fail.ipynb").read_text(encoding="utf-8")
    assert "start_time" not in executed and "duration" not in executed
    assert ".partial" not in executed and str(first / "fail") in executed


@pytest.mark.notebooks
def test_compare_outputs_detects_a_changed_table(two_outputs, tmp_path):
    _, (first, _), _ = two_outputs
    changed = tmp_path / "changed"
    shutil.copytree(first, changed)
    (changed / "write_table-alpha" / "table.csv").write_text("row,label\n", encoding="utf-8")
    comparison = study.compare_outputs(first, changed).set_index("file")["identical"]
    assert not comparison["write_table-alpha/table.csv"]
    assert comparison["fail/fail.ipynb"]


@pytest.mark.notebooks
def test_interrupt_leaves_previous_output_untouched(two_outputs, tmp_path, monkeypatch):
    _, (first, _), _ = two_outputs
    dest = tmp_path / "out"
    shutil.copytree(first, dest)
    before = sorted(p.relative_to(dest) for p in dest.rglob("*"))

    def interrupted(self, job_file):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner._Workers, "run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        study.run_study(tiny_config(), output=dest, progress=False)
    assert sorted(p.relative_to(dest) for p in dest.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_refuses_to_replace_a_folder_that_is_not_a_study_output(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="not a study output folder"):
        study.run_study(tiny_config(), output=tmp_path, progress=False)
    with pytest.raises(InputError, match="refusing to write"):
        study.run_study(tiny_config(), output=NOTEBOOKS / "out", progress=False)


@pytest.mark.notebooks
def test_only_rerun_keeps_the_other_runs_and_points_latest(
    two_outputs, tmp_path, monkeypatch, capsys
):
    _, (first, _), _ = two_outputs
    monkeypatch.setenv("PBANALYSIS_REPORTS", str(tmp_path))
    dated = tmp_path / "tiny" / datetime.date.today().isoformat()
    shutil.copytree(first, dated)
    code = study.run_study(tiny_config(), only=["fail"], jobs=1, progress=False)
    assert code == 1
    summary = read_summary(dated)
    assert [run["name"] for run in summary["runs"]] == [
        "write_table-alpha",
        "write_table-眉山市",
        "fail",
    ]
    assert (dated / "write_table-alpha" / "table.csv").is_file()
    assert (tmp_path / "tiny" / "latest").resolve() == dated.resolve()
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("FAILED") and "  fail  (ValueError:" in err[0]


def test_parameters_are_read_even_when_a_comment_holds_an_equals_sign(tmp_path):
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(
        'regions: str = ""  # comma-separated, empty = all regions\n'
        "top_n = 20  # terms to show\n"
        'output_dir: str = ""  # folder; empty = reports/interactive/'
    )
    cell.metadata["tags"] = ["parameters"]
    notebook.cells = [cell]
    path = tmp_path / "n.ipynb"
    nbformat.write(notebook, path)
    assert study.notebook_parameters(path) == {
        "regions": "str",
        "top_n": "int",
        "output_dir": "str",
    }
