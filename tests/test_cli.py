"""The command line: tables on standard output, one-line errors with exit status 2."""

import json
import subprocess
import sys

import pytest

from pbanalysis.cli import main
from pbanalysis.io import paths

SEED = str(paths.raw_dir() / "meishan-jiagedaqi.txt")


def test_segment_prints_one_csv_row_per_sentence(capsys):
    assert main(["segment", SEED]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(",") == [
        "doc_id",
        "article",
        "region",
        "section_id",
        "section",
        "measure_id",
        "measure",
        "paragraph_id",
        "sentence_id",
        "text",
        "start",
        "end",
    ]
    assert len(lines) == 1 + 57
    assert lines[1].startswith("meishan,1,眉山市,0,,0,,1,1,近年来")


def test_segment_jsonl_to_a_file(tmp_path):
    out = tmp_path / "sentences.jsonl"
    assert main(["segment", SEED, "--format", "jsonl", "--output", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {row["region"] for row in rows} == {"眉山市", "加格达奇区"}
    assert {row["measure"] for row in rows if row["measure_id"]} >= {"着力组织扩面", "当好“店小二”"}


def test_segment_works_on_any_plain_text(tmp_path, capsys):
    path = tmp_path / "plain.txt"
    path.write_text("党员干部深入企业。服务群众！", encoding="gb18030")
    assert main(["segment", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "plain,1,,0,,0,,1,1,党员干部深入企业。,0,9"
    assert out[2].endswith(",服务群众！,9,14")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file or directory"),
        ("dir", "holds no .txt, .html"),
        (b"", "file is empty"),
        (b"  \n \n", "only whitespace"),
        (b"\x81\x30\x81", "cannot decode as UTF-8 or GB18030"),
        (bytes(range(256)) * 4, "binary"),
    ],
    ids=["missing", "empty-dir", "empty", "whitespace", "undecodable", "binary"],
)
def test_bad_input_gives_one_line_and_status_2(tmp_path, capsys, content, problem):
    target = tmp_path / "input.txt"
    if content == "dir":
        target = tmp_path / "folder"
        target.mkdir()
    elif content is not None:
        target.write_bytes(content)
    assert main(["segment", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(f"pbanalysis: error: {target}: ")
    assert problem in captured.err


def test_console_script_prints_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pbanalysis.cli", "segment", str(tmp_path / "nope.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().endswith("nope.txt: no such file or directory")


def test_output_into_data_raw_is_refused(capsys):
    before = {p: p.read_bytes() for p in paths.raw_dir().iterdir()}
    assert main(["segment", SEED, "--output", str(paths.raw_dir() / "out.csv")]) == 2
    assert "data/raw" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in paths.raw_dir().iterdir()} == before
