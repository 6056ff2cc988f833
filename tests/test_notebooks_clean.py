"""The committed notebooks stay clean when opened in JupyterLab: their kernelspec is exactly the
one the setup installs (JupyterLab rewrites any other display name on open and autosaves), and they
hold nothing volatile (no errors, no stderr, no execution timings)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from pbanalysis.io import paths

ROOT = paths.project_root()
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def makefile_kernel() -> dict[str, str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    name = re.search(r"^KERNEL := (.+)$", text, re.M).group(1).strip()
    display = re.search(r"^KERNEL_DISPLAY := (.+)$", text, re.M).group(1).strip()
    return {"display_name": display, "language": "python", "name": name}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_kernelspec_is_the_installed_project_kernel(path):
    spec = json.loads(path.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
    assert spec == makefile_kernel()


def test_the_installed_kernel_has_the_committed_display_name():
    kernel = Path(sys.prefix) / "share" / "jupyter" / "kernels" / makefile_kernel()["name"]
    if not (kernel / "kernel.json").is_file():
        pytest.skip("the project kernel is installed by `make setup`; not installed here")
    installed = json.loads((kernel / "kernel.json").read_text(encoding="utf-8"))
    assert installed["display_name"] == makefile_kernel()["display_name"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_outputs_hold_nothing_volatile(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]
    assert any(cell["outputs"] for cell in code), "committed without outputs"
    for cell in code:
        assert "execution" not in cell["metadata"], "execution timings are volatile"
        for output in cell["outputs"]:
            assert output["output_type"] != "error"
            assert output.get("name") != "stderr"
