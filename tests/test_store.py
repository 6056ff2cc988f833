"""The processed store: identical to a serial run, incremental, parallel, on Dask, robust."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pbanalysis.analysis.tokens import tokens
from pbanalysis.cli import main
from pbanalysis.coding import code_sentences
from pbanalysis.corpus import load_corpus
from pbanalysis.errors import InputError
from pbanalysis.indicators import extract_indicators
from pbanalysis.io import paths
from pbanalysis.store import Store, pipeline
from pbanalysis.store import store as store_module

SEED = paths.raw_dir() / "meishan-jiagedaqi.txt"

# an invented one-article report of the genre (own wording)
OTHER = """青田县：支部建在园区上 服务送到企业中

■ 本报记者 周明

县里把党支部建在产业园区，推行“一窗受理”模式，356个事项实现就近办理。

全县组建12支党员服务队，走访企业86家，帮助解决用工、融资等问题41个。
"""


def serial_tables(files: list[Path], manifest: Path | None = None) -> dict[str, pd.DataFrame]:
    corpus = load_corpus(files, manifest=manifest)
    tables = pipeline.corpus_tables(corpus)
    tables["indicators"] = extract_indicators(corpus.sentences)
    tables["codes"] = code_sentences(corpus.sentences)
    tables["tokens"] = tokens(corpus.sentences)
    return tables


def assert_same(store: Store, expected: dict[str, pd.DataFrame]) -> None:
    assert set(expected) == set(store_module.TABLES)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(store.table(name), frame.reset_index(drop=True), obj=name)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    source = tmp_path / "articles"
    source.mkdir()
    shutil.copy(SEED, source / "a.txt")
    (source / "b.txt").write_text(OTHER, encoding="utf-8")
    shutil.copy(SEED, source / "c.txt")
    return source


def test_a_store_gives_the_tables_of_a_serial_run(folder: Path, tmp_path: Path):
    store = Store(tmp_path / "store")
    done = store.update([folder])
    assert done.processed == {"corpus": 3, "indicators": 3, "codes": 3, "tokens": 3}
    assert_same(store, serial_tables(sorted(folder.glob("*.txt"))))
    corpus = store.corpus()
    direct = load_corpus([folder])
    assert corpus.texts == direct.texts
    assert corpus.raw_offset("b", 40) == direct.raw_offset("b", 40)


def test_worker_processes_give_identical_tables(folder: Path, tmp_path: Path):
    serial, parallel = Store(tmp_path / "one"), Store(tmp_path / "two")
    serial.update([folder])
    parallel.update([folder], jobs=2)
    for name in store_module.TABLES:
        pd.testing.assert_frame_equal(serial.table(name), parallel.table(name), obj=name)


def test_a_dask_cluster_gives_identical_tables(folder: Path, tmp_path: Path):
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    serial = Store(tmp_path / "one")
    serial.update([folder])
    remote = Store(tmp_path / "dask")
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        done = remote.update([folder], scheduler=cluster.scheduler_address)
    assert done.processed["corpus"] == 3
    for name in store_module.TABLES:
        pd.testing.assert_frame_equal(serial.table(name), remote.table(name), obj=name)


def test_only_new_or_changed_files_are_processed(folder: Path, tmp_path: Path):
    store = Store(tmp_path / "store")
    store.update([folder])
    again = store.update([folder])
    assert again.processed == {s: 0 for s in pipeline.STAGES} and again.unchanged == 3
    (folder / "d.txt").write_text(OTHER.replace("青田县", "松阳县"), encoding="utf-8")
    added = store.update([folder])
    assert added.processed["corpus"] == 1 and added.unchanged == 3
    (folder / "b.txt").write_text(OTHER.replace("86家", "90家"), encoding="utf-8")
    changed = store.update([folder])
    assert changed.processed["corpus"] == 1
    values = store.table("indicators", regions=["青田县"])["value"].tolist()
    assert 90 in values and 86 not in values
    (folder / "c.txt").unlink()
    removed = store.update([folder])
    assert removed.removed == 1
    assert_same(store, serial_tables(sorted(folder.glob("*.txt"))))


def test_a_changed_codebook_recodes_without_re_reading(folder: Path, tmp_path: Path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("processed", "devsets"))
    monkeypatch.setenv("PBANALYSIS_DATA", str(data))
    store = Store(tmp_path / "store")
    store.update([folder])
    levers = data / "codebook" / "levers.csv"
    book = levers.read_text(encoding="utf-8")
    levers.write_text(book.replace("党员|干部|", "党员|干部|支部委员|", 1), encoding="utf-8")
    from pbanalysis.corpus import model

    def no_reading(*args, **kwargs):
        raise AssertionError("a file was read again")

    monkeypatch.setattr(model, "files_corpus", no_reading)
    monkeypatch.setattr(model, "file_corpus", no_reading)
    done = store.update([folder])
    assert done.processed == {"corpus": 0, "indicators": 0, "codes": 3, "tokens": 0}
    assert_same(store, serial_tables(sorted(folder.glob("*.txt"))))


def test_a_manifest_row_reprocesses_its_file_and_ids_are_numbered_as_a_serial_run(
    folder: Path, tmp_path: Path
):
    manifest = tmp_path / "corpus.csv"
    # b.txt's article takes the id that a.txt's first article also gets: numbered in corpus order
    manifest.write_text("doc_id,file,article,region\na-1,b.txt,1,新城镇\n", encoding="utf-8")
    store = Store(tmp_path / "store")
    store.update([folder], manifest=manifest)
    expected = serial_tables(sorted(folder.glob("*.txt")), manifest)
    assert expected["documents"]["doc_id"].tolist() == ["a-1", "a-2", "a-1-2", "c-1", "c-2"]
    assert_same(store, expected)
    assert store.table("documents", regions=["新城镇"])["doc_id"].tolist() == ["a-1-2"]


def test_a_faulty_codebook_stops_the_update(folder: Path, tmp_path: Path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("processed", "devsets"))
    monkeypatch.setenv("PBANALYSIS_DATA", str(data))
    levers = data / "codebook" / "levers.csv"
    levers.write_text(
        levers.read_text(encoding="utf-8") + "nokeywords,甲,a,,,,\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="levers.csv"):
        Store(tmp_path / "store").update([folder])


def test_one_bad_file_is_named_and_the_rest_processed(folder: Path, tmp_path: Path, capsys):
    (folder / "broken.txt").write_bytes(bytes(range(256)) * 40)
    store = Store(tmp_path / "store")
    done = store.update([folder])
    assert len(done.failed) == 1 and "broken.txt" in done.failed[0]
    assert "broken.txt" in capsys.readouterr().err
    assert store.errors["file"].tolist() == ["broken.txt"]
    good = sorted(p for p in folder.glob("*.txt") if p.name != "broken.txt")
    assert_same(store, serial_tables(good))


def test_an_interrupted_update_leaves_finished_batches_and_nothing_partial(
    folder: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.setattr(store_module, "_BATCH_FILES", 1)
    monkeypatch.setattr(store_module, "_INDEX_SECONDS", 0.0)  # record after every batch
    real = store_module.process_batch
    seen = []

    def dying(batch):
        seen.append(batch)
        if len(seen) == 2:
            raise KeyboardInterrupt
        return real(batch)

    monkeypatch.setattr(store_module, "process_batch", dying)
    store = Store(tmp_path / "store")
    with pytest.raises(KeyboardInterrupt):
        store.update([folder])
    left = Store(tmp_path / "store")
    assert len(left.index()["entries"]) == 1
    assert not [p for p in (tmp_path / "store").rglob("*") if p.name.endswith(".tmp")]
    monkeypatch.setattr(store_module, "process_batch", real)
    done = left.update([folder])
    assert done.processed["corpus"] == 2 and done.unchanged == 1
    assert_same(left, serial_tables(sorted(folder.glob("*.txt"))))


def test_reading_loads_only_the_columns_and_regions_asked(folder: Path, tmp_path: Path):
    store = Store(tmp_path / "store")
    store.update([folder])
    codes = store.table("codes", columns=["region", "code"], regions=["青田县"])
    assert list(codes.columns) == ["region", "code"]
    assert set(codes["region"]) == {"青田县"}
    corpus = store.corpus(regions=["青田县"])
    assert corpus.documents["doc_id"].tolist() == ["b"] and list(corpus.texts) == ["b"]


def test_bad_store_requests_are_one_line_errors(tmp_path: Path):
    with pytest.raises(InputError, match="empty store"):
        Store(tmp_path / "none").table("codes")
    with pytest.raises(InputError, match="no such table"):
        Store(tmp_path / "none").table("nope")
    with pytest.raises(InputError, match="raw"):
        Store(paths.raw_dir() / "store")
    with pytest.raises(InputError, match="at least 1"):
        Store(tmp_path / "s").update([SEED], jobs=0)


def test_the_process_command_and_table_commands_read_the_store(
    folder: Path, tmp_path: Path, capsys
):
    target = tmp_path / "store"
    assert main(["process", str(folder), "--store", str(target), "--jobs", "2"]) == 0
    assert "3 files" in capsys.readouterr().err
    out = tmp_path / "codes.csv"
    assert main(["code", str(folder), "--store", str(target), "--output", str(out)]) == 0
    direct = tmp_path / "direct.csv"
    assert main(["code", str(folder), "--output", str(direct)]) == 0
    assert out.read_bytes() == direct.read_bytes()
    (folder / "bad.txt").write_bytes(b"\x00" * 50)
    assert main(["process", str(folder), "--store", str(target)]) == 1
    err = capsys.readouterr().err
    assert "bad.txt" in err and "failed 1" in err


def test_a_scheduler_that_cannot_be_reached_is_one_line(folder: Path, tmp_path: Path):
    pytest.importorskip("distributed")
    with pytest.raises(InputError, match="scheduler"):
        Store(tmp_path / "s").update([folder], scheduler="tcp://127.0.0.1:9")


def test_the_per_document_function_gives_a_file_s_rows_of_the_whole_corpus(folder: Path):
    alone = pipeline.process_file(folder / "b.txt")
    whole = serial_tables(sorted(folder.glob("*.txt")))
    for name, frame in alone.items():
        rows = whole[name][whole[name]["doc_id"] == "b"].reset_index(drop=True)
        # an empty frame's columns carry no type
        pd.testing.assert_frame_equal(frame, rows, obj=name, check_dtype=len(rows) > 0)


def test_a_table_command_with_jobs_gives_the_same_table(folder: Path, tmp_path: Path, capsys):
    serial, parallel = tmp_path / "serial.csv", tmp_path / "parallel.csv"
    assert main(["terms", str(folder), "--output", str(serial)]) == 0
    assert main(["terms", str(folder), "--jobs", "2", "--output", str(parallel)]) == 0
    assert serial.read_bytes() == parallel.read_bytes()
    assert main(["extract", str(folder), "--jobs", "0"]) == 2
    assert "--jobs 0" in capsys.readouterr().err
