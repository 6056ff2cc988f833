"""Files read on several workers give the table one process gives: ids, order, errors."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pbanalysis.cli import main
from pbanalysis.coding.coder import code_sentences
from pbanalysis.corpus import load_corpus
from pbanalysis.corpus.shares import file_table
from pbanalysis.errors import InputError
from pbanalysis.indicators.extract import extract_indicators
from pbanalysis.io import paths

SEED = paths.raw_dir() / "meishan-jiagedaqi.txt"
ARTICLES = sorted((paths.project_root() / "tests" / "data" / "articles").glob("*.txt"))

# an invented one-article report (own wording)
SMALL = "青田县：支部建在园区上\n\n全县组建12支党员服务队，走访企业86家，解决问题41个。\n"

STAGES = {
    "sentences": None,
    "indicators": extract_indicators,
    "codes": functools.partial(code_sentences, framework="all"),
}


@pytest.fixture
def folders(tmp_path: Path) -> list[Path]:
    """Two folders whose files clash: the seed twice under one name, a one-article file named
    like an article id of the seed (``meishan-jiagedaqi-1``), and the test articles."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    shutil.copy(SEED, first / SEED.name)
    for article in ARTICLES[:3]:
        shutil.copy(article, first / article.name)
    shutil.copy(SEED, second / SEED.name)
    (second / "meishan-jiagedaqi-1.txt").write_text(SMALL, encoding="utf-8")
    for article in ARTICLES[3:]:
        shutil.copy(article, second / article.name)
    return [first, second]


@pytest.fixture
def no_rows(tmp_path: Path) -> Path:
    """A manifest without rows: every article is named by its file."""
    manifest = tmp_path / "corpus.csv"
    manifest.write_text(paths.manifest_path().read_text(encoding="utf-8").splitlines()[0] + "\n")
    return manifest


@pytest.mark.parametrize("stage", sorted(STAGES))
@pytest.mark.parametrize("jobs", [2, 3])
def test_the_table_of_shares_is_the_table_of_one_process(folders, no_rows, stage, jobs):
    sentences = load_corpus(folders, manifest=no_rows).sentences
    one = STAGES[stage](sentences) if STAGES[stage] else sentences
    # the clashing ids are numbered: the second seed, and the seed's first article
    ids = set(one["doc_id"])
    assert {"meishan-jiagedaqi-1-2", "meishan-jiagedaqi-2-2", "meishan-jiagedaqi-1-3"} <= ids
    shared = file_table(folders, STAGES[stage], manifest=no_rows, jobs=jobs)
    pd.testing.assert_frame_equal(shared, one)


def test_two_files_of_one_name_in_the_manifest_are_read_as_one_process_reads_them(folders):
    # the default manifest describes the seed's file name: only its first copy takes the rows
    one = extract_indicators(load_corpus(folders).sentences)
    assert {"meishan", "meishan-jiagedaqi-1"} <= set(one["doc_id"])
    pd.testing.assert_frame_equal(file_table(folders, extract_indicators, jobs=2), one)


def test_manifest_ids_and_regions_are_kept(folders, tmp_path):
    manifest = tmp_path / "corpus.csv"
    manifest.write_text(
        "file,article,doc_id,region,province\n"
        f"{ARTICLES[0].name},1,{ARTICLES[0].stem}-x,甲县,乙省\n",
        encoding="utf-8",
    )
    one = extract_indicators(load_corpus(folders, manifest=manifest).sentences)
    assert (one["doc_id"] == f"{ARTICLES[0].stem}-x").any()
    shared = file_table(folders, extract_indicators, manifest=manifest, jobs=2)
    pd.testing.assert_frame_equal(shared, one)


def test_the_first_unreadable_file_is_the_error(folders):
    (folders[0] / "zz-empty.txt").write_text("\n\n", encoding="utf-8")
    (folders[1] / "zz-empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(InputError) as serial:
        load_corpus(folders)
    with pytest.raises(InputError) as shared:
        file_table(folders, jobs=2)
    assert str(shared.value) == str(serial.value)
    assert str(folders[0]) in str(shared.value)


def test_jobs_below_one_are_refused(folders):
    with pytest.raises(InputError, match="at least 1"):
        file_table(folders, jobs=0)


@pytest.mark.parametrize("command", ["segment", "extract", "code"])
def test_the_cli_with_jobs_writes_the_same_file(folders, no_rows, tmp_path, command):
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"{command}-{jobs}.csv"
        options = ["--jobs", jobs, "--manifest", str(no_rows), "--output", str(target)]
        status = main([command, *map(str, folders), *options])
        assert status == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") > 20
