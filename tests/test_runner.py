"""The study runner's output: sanitized notebooks, the study files, the atomic move, ``latest``.

``sanitize_notebook`` is tested directly; the rest of the runner is private and is tested through
``run_study`` on a two-cell notebook built in ``tmp_path`` (marked ``notebooks``: it starts
kernels).
"""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path

import nbformat
import pytest

from pbanalysis import study
from pbanalysis.report.html import external_resources
from pbanalysis.study.runner import sanitize_notebook

# --- sanitize_notebook -----------------------------------------------------------------------


def executed() -> dict:
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3"},
            "papermill": {
                "start_time": "2024-01-01T00:00:00",
                "end_time": "2024-01-01T00:00:05",
                "duration": 5.0,
                "input_path": "/home/a/notebooks/x.ipynb",
                "output_path": "/tmp/.2024-01-01.abc.partial/x/x.ipynb",
                "parameters": {"label": "眉山市"},
                "exception": None,
                "version": "2.6.0",
            },
        },
        "cells": [
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": "# 标题",
            },
            {
                "cell_type": "code",
                "execution_count": 1,
                "metadata": {
                    "execution": {"iopub.execute_input": "2024-01-01T00:00:01"},
                    "papermill": {
                        "start_time": "a",
                        "end_time": "b",
                        "duration": 0.1,
                        "status": "completed",
                        "exception": False,
                    },
                    "tags": ["parameters"],
                },
                "outputs": [{"output_type": "stream", "name": "stdout", "text": "2411\n"}],
                "source": "print(2411)",
            },
        ],
    }


def test_sanitize_removes_run_times_durations_and_paths():
    clean = sanitize_notebook(executed())
    assert clean["metadata"]["papermill"] == {
        "parameters": {"label": "眉山市"},
        "exception": None,
        "version": "2.6.0",
    }
    code = clean["cells"][1]
    assert code["metadata"] == {
        "papermill": {"status": "completed", "exception": False},
        "tags": ["parameters"],
    }
    assert "2024-01-01" not in json.dumps(clean)
    assert "partial" not in json.dumps(clean)


def test_sanitize_keeps_sources_outputs_and_other_metadata():
    original = executed()
    clean = sanitize_notebook(original)
    assert [c["source"] for c in clean["cells"]] == [c["source"] for c in original["cells"]]
    assert clean["cells"][1]["outputs"] == original["cells"][1]["outputs"]
    assert clean["cells"][1]["execution_count"] == 1
    assert clean["metadata"]["kernelspec"] == {"name": "python3"}
    assert clean["cells"][0] == original["cells"][0]


def test_sanitize_returns_a_copy_and_is_idempotent():
    original = executed()
    snapshot = json.dumps(original, sort_keys=True)
    clean = sanitize_notebook(original)
    assert json.dumps(original, sort_keys=True) == snapshot
    assert clean is not original
    clean["cells"][1]["outputs"].append({"output_type": "stream"})
    assert len(original["cells"][1]["outputs"]) == 1
    assert sanitize_notebook(sanitize_notebook(original)) == sanitize_notebook(original)


def test_sanitize_accepts_an_nbformat_node_and_notebooks_without_papermill():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    nb.cells[0].metadata["execution"] = {"shell.execute_reply": "2024"}
    clean = sanitize_notebook(nb)
    assert isinstance(clean, dict)
    assert clean["cells"][0]["metadata"] == {}
    nbformat.validate(nbformat.from_dict(clean))
    assert sanitize_notebook({"metadata": {"papermill": None}}) == {"metadata": {"papermill": None}}
    assert sanitize_notebook({}) == {}


# --- run_study on a notebook made here -------------------------------------------------------


def write_notebook(folder: Path) -> Path:
    """``table.ipynb``: writes ``<label>.csv`` into ``output_dir`` and prints that folder."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    parameters = nbformat.v4.new_code_cell(
        'label: str = "a"  # file name of the table\noutput_dir: str = ""  # set by the runner'
    )
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Tiny table"),
        parameters,
        nbformat.v4.new_code_cell(
            "from pathlib import Path\n"
            "if label == 'boom':\n"
            "    raise ValueError('label is boom')\n"
            "(Path(output_dir) / f'{label}.csv').write_text('x\\n1\\n', encoding='utf-8')\n"
            "print('wrote into', output_dir)"
        ),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "table.ipynb"
    nbformat.write(nb, path)
    return path


def config(notebooks: Path, labels: list[str], name: str = "mini") -> dict:
    return {
        "study": {"name": name, "title": "Mini <study>", "notebooks": str(notebooks)},
        "run": [{"notebook": "table.ipynb", "grid": {"label": labels}}],
    }


def summary(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    """One study (two good runs, one failing) run into ``out``: (exit code, out folder)."""
    base = tmp_path_factory.mktemp("runner")
    notebooks = base / "notebooks"
    write_notebook(notebooks)
    dest = base / "out"
    code = study.run_study(
        config(notebooks, ["a", "b", "boom"]), output=dest, jobs=3, progress=False
    )
    return code, dest


@pytest.mark.notebooks
def test_the_study_files_are_written(output):
    code, dest = output
    assert code == 1
    assert sorted(p.name for p in dest.iterdir()) == [
        "corpus-en.html",
        "corpus-zh.html",
        "index.html",
        "summary.csv",
        "summary.json",
        "table-a",
        "table-b",
        "table-boom",
        "timings.json",
    ]
    data = summary(dest)
    assert data["study"] == "mini" and data["title"] == "Mini <study>"
    assert data["counts"] == {"ok": 2, "failed": 1}
    assert [r["name"] for r in data["runs"]] == ["table-a", "table-b", "table-boom"]
    first = data["runs"][0]
    assert first["status"] == "ok" and first["error"] == ""
    assert first["parameters"] == {"label": "a"}
    assert first["report"] == "table-a/table.html"
    assert first["executed_notebook"] == "table-a/table.ipynb"
    assert first["files"] == ["a.csv"]
    assert "seconds" not in first
    failed = data["runs"][2]
    assert failed["status"] == "failed"
    assert failed["error"] == "ValueError: label is boom"
    assert failed["files"] == []
    assert (dest / "table-boom" / "table.ipynb").is_file()


@pytest.mark.notebooks
def test_summary_csv_and_timings_match_the_summary(output):
    _, dest = output
    with (dest / "summary.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["name"] for r in rows] == ["table-a", "table-b", "table-boom"]
    assert [r["status"] for r in rows] == ["ok", "ok", "failed"]
    assert json.loads(rows[1]["parameters"]) == {"label": "b"}
    assert list(rows[0]) == ["name", "slug", "notebook", "status", "error", "parameters", "report"]
    timings = json.loads((dest / "timings.json").read_text(encoding="utf-8"))
    assert set(timings["runs"]) == {"table-a", "table-b", "table-boom"}
    assert all(isinstance(s, float | int) and s >= 0 for s in timings["runs"].values())
    assert timings["jobs"] == 3
    assert timings["date"] == datetime.date.today().isoformat()


@pytest.mark.notebooks
def test_index_lists_the_runs_offline(output):
    _, dest = output
    page = (dest / "index.html").read_text(encoding="utf-8")
    assert "Mini &lt;study&gt;" in page and "<study>" not in page
    assert '<a href="table-a/table.html">table-a</a>' in page
    assert '<td class="failed">failed</td>' in page
    assert "ValueError: label is boom" in page
    assert external_resources(page) == []


@pytest.mark.notebooks
def test_executed_notebooks_are_sanitized_and_name_the_final_folder(output):
    _, dest = output
    text = (dest / "table-a" / "table.ipynb").read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    meta = nb.metadata["papermill"]
    assert not {"start_time", "end_time", "duration", "input_path", "output_path"} & set(meta)
    assert meta["parameters"]["label"] == "a"
    for cell in nb.cells:
        assert "execution" not in cell.metadata
        assert not {"start_time", "end_time", "duration"} & set(cell.metadata.get("papermill", {}))
    # the staging folder the run executed in is replaced by where the output now lives
    assert ".partial" not in text
    printed = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert f"wrote into {dest / 'table-a'}" in printed
    assert meta["parameters"]["output_dir"] == str(dest / "table-a")
    assert text.endswith("}\n")


@pytest.mark.notebooks
def test_reports_are_code_free_and_offline(output):
    _, dest = output
    page = (dest / "table-a" / "table.html").read_text(encoding="utf-8")
    assert "Tiny table" in page and "wrote into" in page
    assert "write_text" not in page and "raise ValueError" not in page
    assert external_resources(page) == []
    assert '<code>label = "a"</code>' in page


@pytest.mark.notebooks
def test_nothing_is_left_beside_the_output(output):
    _, dest = output
    # no staging folder, and no `latest` link for an explicitly given output folder
    assert [p.name for p in dest.parent.iterdir() if p.name != "notebooks"] == ["out"]
    assert not list(dest.rglob(".work"))
    assert not list(dest.rglob("*.job.json"))


@pytest.mark.notebooks
def test_rerun_replaces_the_previous_output_as_a_whole(tmp_path):
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks)
    dest = tmp_path / "out"
    # a previous study output (it holds summary.json), with a run this study no longer has
    (dest / "table-old").mkdir(parents=True)
    (dest / "table-old" / "old.csv").write_text("x\n1\n", encoding="utf-8")
    (dest / "stray.txt").write_text("from the first run", encoding="utf-8")
    (dest / "summary.json").write_text('{"runs": []}', encoding="utf-8")
    assert study.run_study(config(notebooks, ["new"]), output=dest, jobs=1, progress=False) == 0
    assert sorted(p.name for p in dest.iterdir()) == [
        "corpus-en.html",
        "corpus-zh.html",
        "index.html",
        "summary.csv",
        "summary.json",
        "table-new",
        "timings.json",
    ]
    assert [r["name"] for r in summary(dest)["runs"]] == ["table-new"]
    # no staging (.partial) or retired (.old) folder is left next to the output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "out"]
    assert oct(dest.stat().st_mode & 0o777) == oct(0o755)


@pytest.mark.notebooks
def test_default_output_is_dated_and_latest_points_at_it(tmp_path, monkeypatch, capsys):
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks)
    reports = tmp_path / "reports"
    monkeypatch.setenv("PBANALYSIS_REPORTS", str(reports))
    today = datetime.date.today().isoformat()
    assert study.run_study(config(notebooks, ["a"]), jobs=1, progress=False) == 0
    dated = reports / "mini" / today
    latest = reports / "mini" / "latest"
    assert (dated / "summary.json").is_file()
    assert latest.is_symlink()
    assert str(latest.readlink()) == today  # relative, so the reports folder can move
    assert latest.resolve() == dated.resolve()
    assert sorted(p.name for p in (reports / "mini").iterdir()) == sorted(["latest", today])
    out = capsys.readouterr().out
    assert out.strip() == f"study mini: 1 ok, 0 failed -> {dated / 'index.html'}"


@pytest.mark.notebooks
def test_a_real_latest_folder_is_left_alone(tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks)
    reports = tmp_path / "reports"
    (reports / "mini" / "latest").mkdir(parents=True)
    (reports / "mini" / "latest" / "mine.txt").write_text("keep", encoding="utf-8")
    monkeypatch.setenv("PBANALYSIS_REPORTS", str(reports))
    assert study.run_study(config(notebooks, ["a"]), jobs=1, progress=False) == 0
    latest = reports / "mini" / "latest"
    assert not latest.is_symlink()
    assert (latest / "mine.txt").read_text(encoding="utf-8") == "keep"
    assert (reports / "mini" / datetime.date.today().isoformat() / "summary.json").is_file()
