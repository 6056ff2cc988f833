"""The validation notebooks on a researcher's corpus that holds none of the seed's articles.

Notebooks 02 and 06 score the extractor and the coder against the seed's hand annotation; on a
corpus without those articles they must run, say that there is nothing to score, and skip cleanly
(the default study then has every run ok).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pbanalysis.io import paths

pytestmark = pytest.mark.notebooks

ARTICLES = Path(__file__).parent / "data" / "articles"


@pytest.fixture(scope="module")
def data_without_seed(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("other") / "data"
    ignore = shutil.ignore_patterns("raw", "processed", "devsets", "corpus.csv")
    shutil.copytree(paths.data_dir(), data, ignore=ignore)
    (data / "raw").mkdir()
    for article in sorted(ARTICLES.glob("*.txt")):
        shutil.copy(article, data / "raw" / article.name)
    return data


def _printed(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "".join(
        "".join(output.get("text", ""))
        for cell in cells
        for output in cell.get("outputs", [])
        if output.get("name") == "stdout"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("02_indicators.ipynb", "None of the hand-annotated articles is in this selection"),
        ("06_coding_validation.ipynb", "None of the 57 hand-coded sentences"),
    ],
)
def test_a_validation_notebook_skips_cleanly_without_the_seed(
    name, expected, data_without_seed, tmp_path
):
    out = tmp_path / name
    command = [sys.executable, "-m", "papermill", str(paths.project_root() / "notebooks" / name)]
    command += [str(out), "--kernel", "python3", "--no-progress-bar", "--cwd", str(tmp_path)]
    command += ["-p", "output_dir", str(tmp_path / "tables"), "-p", "lang", "en"]
    env = {**os.environ, "PBANALYSIS_DATA": str(data_without_seed)}
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert expected in _printed(out)
