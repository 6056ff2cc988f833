"""Atomic, reproducible writing of tables; nothing is ever written under data/raw/."""

import os
import zipfile

import pandas as pd
import pytest

from pbanalysis.errors import InputError
from pbanalysis.io import paths
from pbanalysis.io.export import (
    csv_text,
    write_csv,
    write_report_table,
    write_text_atomic,
    xlsx_bytes,
)

FRAME = pd.DataFrame({"region": ["眉山市", "加格达奇区"], "value": [2411.0, 99.07], "n": [1, 2]})


def test_csv_is_utf8_without_bom_and_floats_print_plainly(tmp_path):
    path = write_csv(FRAME, tmp_path / "t.csv")
    data = path.read_bytes()
    assert data.startswith(b"region,value,n\n")
    assert "眉山市,2411,1\n加格达奇区,99.07,2\n" in data.decode("utf-8")


def test_report_tables_have_a_bom_and_an_xlsx_copy(tmp_path):
    written = write_report_table(FRAME, tmp_path, "table")
    assert [p.name for p in written] == ["table.csv", "table.xlsx"]
    assert written[0].read_bytes().startswith("\ufeff".encode())
    assert pd.read_excel(written[1])["region"].tolist() == ["眉山市", "加格达奇区"]


def test_xlsx_bytes_depend_only_on_the_content():
    first, second = xlsx_bytes(FRAME), xlsx_bytes(FRAME.copy())
    assert first == second
    assert xlsx_bytes(FRAME.assign(n=[1, 3])) != first
    with zipfile.ZipFile(pd.io.common.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "2020-01-01T00:00:00Z" in core


def test_atomic_write_leaves_no_temporary_file(tmp_path):
    write_text_atomic(tmp_path / "a.txt", "一")
    write_text_atomic(tmp_path / "a.txt", "二")
    assert os.listdir(tmp_path) == ["a.txt"]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "二"


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_nothing_is_written_under_data_raw():
    with pytest.raises(InputError, match="data/raw"):
        write_csv(FRAME, paths.raw_dir() / "derived.csv")
    with pytest.raises(InputError, match="data/raw"):
        paths.output_dir(str(paths.raw_dir() / "sub"))
    assert not (paths.raw_dir() / "derived.csv").exists()


def test_csv_text_round_trips():
    assert pd.read_csv(pd.io.common.StringIO(csv_text(FRAME)))["n"].tolist() == [1, 2]


def test_paths_can_be_overridden(monkeypatch, tmp_path):
    monkeypatch.setenv("PBANALYSIS_REPORTS", str(tmp_path / "out"))
    assert paths.reports_dir() == tmp_path / "out"
    assert paths.output_dir("") == tmp_path / "out" / "interactive"
    assert (tmp_path / "out" / "interactive").is_dir()
