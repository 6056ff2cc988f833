"""Notebooks 03 and 04 run under papermill for every region, framework and language.

Each case starts a kernel (a few seconds), so the cases are chosen to cover every parameter value
once: notebook 03 once per region of the corpus, notebook 04 once per framework with both
languages among them, plus one invalid region that must fail early with the valid ones named.
"""

from __future__ import annotations

import pytest

from pbanalysis.io import paths

pytestmark = pytest.mark.notebooks

NOTEBOOKS = paths.project_root() / "notebooks"


COMPARE_CASES = [("levers", "zh"), ("pillars", "en"), ("bready", "en")]
INVALID_REGION = "不存在市"


def _regions() -> list[str]:
    from pbanalysis.analysis.compare import regions_of
    from pbanalysis.corpus import read_manifest

    return regions_of(read_manifest())


def _run(name: str, folder, parameters: dict) -> tuple[int, str]:
    """Execute with the papermill command (a subprocess: no kernel state in the test process)."""
    import subprocess
    import sys

    folder.mkdir(parents=True)
    command = [sys.executable, "-m", "papermill", str(NOTEBOOKS / name), str(folder / name)]
    command += ["--kernel", "python3", "--no-progress-bar", "--cwd", str(folder)]
    for key, value in {**parameters, "output_dir": str(folder / "out")}.items():
        command += ["-p", key, value]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    return done.returncode, done.stderr


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Every case executed once, two kernels at a time (the machine has two cores)."""
    from concurrent.futures import ThreadPoolExecutor

    root = tmp_path_factory.mktemp("papermill")
    cases = {
        ("03", region): ("03_region_profile.ipynb", {"regions": region}) for region in _regions()
    }
    cases[("03", "all")] = ("03_region_profile.ipynb", {"regions": ""})
    cases[("03", INVALID_REGION)] = ("03_region_profile.ipynb", {"regions": INVALID_REGION})
    for framework, lang in COMPARE_CASES:
        parameters = {"framework": framework, "lang": lang}
        cases[("04", framework, lang)] = ("04_comparative_study.ipynb", parameters)
    grouped = {"group_by": "province", "pairs": "四川省,黑龙江省", "order": "cluster", "lang": "en"}
    cases[("04", "grouped")] = ("04_comparative_study.ipynb", grouped)
    with ThreadPoolExecutor(2) as pool:
        futures = {
            key: pool.submit(_run, name, root / "-".join(key), parameters)
            for key, (name, parameters) in cases.items()
        }
        return {key: (future.result(), root / "-".join(key)) for key, future in futures.items()}


def _outputs(run: tuple[tuple[int, str], object], name: str) -> str:
    """All text outputs of an executed notebook; fails with papermill's stderr if it failed."""
    import nbformat

    (status, stderr), folder = run
    assert status == 0, stderr[-3000:]
    notebook = nbformat.read(folder / name, as_version=4)
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            texts.extend(str(value) for value in output.get("data", {}).values())
    return "\n".join(texts)


@pytest.mark.parametrize("region", _regions())
def test_region_profile_runs_for_one_region(region, runs):
    run = runs[("03", region)]
    text = _outputs(run, "03_region_profile.ipynb")
    assert f"1. {region}" in text and "2. " not in text
    written = {path.name for path in (run[1] / "out").iterdir()}
    assert {"profile_overview.csv", "profile_levers_pillars.svg", "profile_quotes.csv"} <= written


def test_one_report_profiles_every_region_with_contents(runs):
    import pandas as pd

    run = runs[("03", "all")]
    text = _outputs(run, "03_region_profile.ipynb")
    regions = _regions()
    for number, region in enumerate(regions, 1):
        anchor = f"region-{number:03d}"
        assert f'<a href="#{anchor}">{region}</a>' in text  # the contents link
        assert f'<h3 id="{anchor}">{number}. {region}</h3>' in text  # its target
    quotes = pd.read_csv(run[1] / "out" / "profile_quotes.csv", encoding="utf-8-sig")
    assert list(dict.fromkeys(quotes["地区"])) == regions


@pytest.mark.parametrize(("framework", "lang"), COMPARE_CASES)
def test_comparative_study_runs_for_each_framework_and_language(framework, lang, runs):
    run = runs[("04", framework, lang)]
    text = _outputs(run, "04_comparative_study.ipynb")
    written = {path.name for path in (run[1] / "out").iterdir()}
    assert f"compare_vs_rest_{framework}.xlsx" in written
    assert f"compare_overview_{framework}.svg" in written
    assert "compare_levers_pillars.png" in written
    if lang == "en":
        assert "Every label was translated" in text
        assert "Holm correction over" in text or "Holm-adjusted p" in text
    else:
        assert "Holm 校正" in text


def test_comparative_study_compares_groups_from_a_manifest_column(runs):
    run = runs[("04", "grouped")]
    text = _outputs(run, "04_comparative_study.ipynb")
    written = {path.name for path in (run[1] / "out").iterdir()}
    assert "compare_pairs_levers.csv" in written
    assert "Units compared: 2 (Province)" in text


def test_region_profile_rejects_an_unknown_region(runs):
    (status, stderr), _ = runs[("03", INVALID_REGION)]
    assert status != 0
    assert "InputError" in stderr and "valid regions" in stderr
