"""Notebooks 03 and 04 run under papermill for every region, framework and language.

Each case starts a kernel (a few seconds), so the cases are chosen to cover every parameter value
once: notebook 03 once per region of the corpus, notebook 04 once per framework with both
languages among them, plus one invalid region that must fail early with the valid ones named.
"""

from __future__ import annotations

import warnings

import pytest

from pbanalysis import paths

with warnings.catch_warnings():
    # until the ``notebooks`` marker is registered in pyproject.toml (select with -m notebooks)
    warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
    pytestmark = pytest.mark.notebooks

NOTEBOOKS = paths.project_root() / "notebooks"


def _regions() -> list[str]:
    from pbanalysis.compare import regions_of
    from pbanalysis.corpus import read_manifest

    return regions_of(read_manifest())


def _run(name: str, tmp_path, **parameters):
    import papermill

    return papermill.execute_notebook(
        str(NOTEBOOKS / name),
        str(tmp_path / name),
        parameters={**parameters, "output_dir": str(tmp_path / "out")},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )


def _outputs(notebook) -> str:
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            texts.extend(str(value) for value in output.get("data", {}).values())
    return "\n".join(texts)


@pytest.mark.parametrize("region", _regions())
def test_region_profile_runs_for_each_region(region, tmp_path):
    notebook = _run("03_region_profile.ipynb", tmp_path, region=region)
    text = _outputs(notebook)
    assert region in text
    written = {path.name for path in (tmp_path / "out").iterdir()}
    assert f"profile_{region}_levers_pillars.svg" in written
    assert f"profile_{region}_quotes.csv" in written


@pytest.mark.parametrize(
    ("framework", "lang"), [("levers", "zh"), ("pillars", "en"), ("bready", "en")]
)
def test_comparative_study_runs_for_each_framework_and_language(framework, lang, tmp_path):
    notebook = _run("04_comparative_study.ipynb", tmp_path, framework=framework, lang=lang)
    text = _outputs(notebook)
    written = {path.name for path in (tmp_path / "out").iterdir()}
    assert f"compare_share_differences_{framework}.xlsx" in written
    assert "compare_levers_pillars.png" in written
    if lang == "en":
        assert "untranslated labels: none" in text
        assert "leans more than" in text
    else:
        assert "更侧重" in text


def test_region_profile_rejects_an_unknown_region(tmp_path):
    import papermill

    with pytest.raises(papermill.PapermillExecutionError, match="valid regions"):
        _run("03_region_profile.ipynb", tmp_path, region="不存在市")
