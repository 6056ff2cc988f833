"""Tests of pbanalysis.analysis.terms on hand-made sentences (not taken from the seed corpus)."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from pbanalysis.analysis import terms
from pbanalysis.errors import InputError


def frame(texts: list[str], *, region: str = "甲市", doc_id: str = "doc", gap: int = 100):
    """A sentences frame: one sentence per text, ``gap`` characters apart in the document."""
    return pd.DataFrame(
        {
            "doc_id": doc_id,
            "region": region,
            "sentence_id": range(1, len(texts) + 1),
            "text": texts,
            "start": [index * gap for index in range(len(texts))],
        }
    )


# --- tokens -------------------------------------------------------------------------------------


def test_tokens_have_no_numbers_punctuation_or_stop_words():
    text = "近年来，累计办理业务3.1万余件，覆盖率达99.07%，以及500余家企业、一批项目。"
    words = terms.tokenize(text)
    assert words == ["办理", "业务", "覆盖率", "企业", "项目"]
    stop = terms.stopwords()
    for word in words:
        assert not re.search(r"\d", word)
        assert re.search(r"[\u4e00-\u9fff]", word)
        assert len(word) >= 2
        assert word not in stop


def test_user_dictionary_keeps_domain_terms_whole_without_touching_global_jieba():
    assert terms.tokenize("坚持“两个覆盖”，当好链主企业的服务员") == [
        "坚持",
        "两个覆盖",
        "当好",
        "链主企业",
        "服务员",
    ]
    import jieba

    assert "两个覆盖" not in jieba.lcut("两个覆盖")


def test_token_offsets_index_into_document_text():
    sentences = frame(["优化营商环境。", "组建工作专班，推行党建引领。"], gap=50)
    table = terms.tokens(sentences)
    assert table.columns.tolist() == ["doc_id", "region", "sentence_id", "token", "start", "end"]
    document = {1: "优化营商环境。", 2: "组建工作专班，推行党建引领。"}
    for row in table.itertuples():
        offset = (row.sentence_id - 1) * 50
        assert document[row.sentence_id][row.start - offset : row.end - offset] == row.token


# --- distinctive terms --------------------------------------------------------------------------


def hand_example() -> pd.DataFrame:
    """Group A: 营商环境 x2, 数字政府 x1 (3 tokens); B: 党建引领 x3, 数字政府 x1 (4 tokens)."""
    a = frame(["营商环境，营商环境，数字政府。"], doc_id="a")
    b = frame(["党建引领，党建引领，党建引领，数字政府。"], doc_id="b")
    return pd.concat([a.assign(party="A"), b.assign(party="B")], ignore_index=True)


def test_log_odds_matches_hand_computation():
    # Background counts 营商环境 2, 数字政府 2, 党建引领 3 of N = 7; prior_strength a0 = 14,
    # so alpha = 14 * count / 7 = 2 * count: 4, 4, 6.
    table = terms.distinctive_terms(hand_example(), by="party", prior_strength=14)
    distinctive = table.set_index(["group", "term"])
    n = {"A": 3, "B": 4}
    counts = {
        ("A", "营商环境"): (2, 0, 4.0),
        ("A", "数字政府"): (1, 1, 4.0),
        ("B", "党建引领"): (3, 0, 6.0),
        ("B", "数字政府"): (1, 1, 4.0),
    }
    assert len(distinctive) == 4
    for (group, term), (y_i, y_j, alpha) in counts.items():
        other = "B" if group == "A" else "A"
        n_i, n_j, a0 = n[group], n[other], 14.0
        delta = math.log((y_i + alpha) / (n_i + a0 - y_i - alpha)) - math.log(
            (y_j + alpha) / (n_j + a0 - y_j - alpha)
        )
        z = delta / math.sqrt(1 / (y_i + alpha) + 1 / (y_j + alpha))
        row = distinctive.loc[(group, term)]
        assert row["count"] == y_i and row["count_other"] == y_j
        assert row["prior"] == pytest.approx(alpha, abs=1e-12)
        assert row["delta"] == pytest.approx(delta, abs=1e-9)
        assert row["z"] == pytest.approx(z, abs=1e-9)
    # 营商环境 for A: log(6/11) - log(4/14), z = delta / sqrt(1/6 + 1/4)
    expected = (math.log(6 / 11) - math.log(4 / 14)) / math.sqrt(1 / 6 + 1 / 4)
    assert distinctive.loc[("A", "营商环境"), "z"] == pytest.approx(expected, abs=1e-9)


def test_distinctive_terms_columns_rates_and_order():
    table = terms.distinctive_terms(hand_example(), by="party", prior_strength=14)
    for column in ["term", "party", "group", "count", "rate", "z", "delta", "count_other"]:
        assert column in table.columns
    assert (table["party"] == table["group"]).all()
    ordered = table.sort_values(["z", "term", "group"], ascending=[False, True, True])
    assert table.index.tolist() == ordered.index.tolist()
    row = table[(table["group"] == "A") & (table["term"] == "营商环境")].iloc[0]
    assert row["rate"] == pytest.approx(2 / len("营商环境，营商环境，数字政府。") * 10_000)


def test_default_prior_is_the_corpus_and_region_column_is_kept():
    sentences = hand_example().assign(region=lambda f: f["party"].map({"A": "甲市", "B": "乙县"}))
    table = terms.distinctive_terms(sentences)
    assert "region" in table.columns
    row = table[(table["region"] == "乙县") & (table["term"] == "党建引领")].iloc[0]
    assert row["prior"] == pytest.approx(3.0)  # a0 = 7 tokens, alpha = 7 * 3/7


def test_distinctive_terms_rejects_unknown_or_single_group():
    with pytest.raises(InputError, match="valid: A, B"):
        terms.distinctive_terms(hand_example(), by="party", groups=["A", "C"])
    with pytest.raises(InputError, match="at least two"):
        terms.distinctive_terms(hand_example().query("party == 'A'"), by="party")


def test_more_than_two_groups_compare_each_with_all_others():
    sentences = pd.concat(
        [
            hand_example(),
            frame(["营商环境，数字政府，数字政府。"], doc_id="c").assign(party="C"),
        ],
        ignore_index=True,
    )
    table = terms.distinctive_terms(sentences, by="party", prior_strength=10)
    row = table[(table["group"] == "C") & (table["term"] == "数字政府")].iloc[0]
    assert row["count"] == 2 and row["count_other"] == 2
    assert row["n_tokens"] == 3 and row["n_tokens_other"] == 7


# --- summary ------------------------------------------------------------------------------------


def test_summary_text_phrases_computed_values():
    table = terms.distinctive_terms(hand_example(), by="party", prior_strength=14)
    top = table[table["group"] == "B"].iloc[0]
    zh = terms.summary_text(table, lang="zh", top_n=1)
    en = terms.summary_text(table, lang="en", top_n=1)
    assert f"{top['term']}（{top['z']:.2f}；3 vs 0）" in zh
    assert f"B: most distinctive terms (z; count in group vs in the others): {top['term']}" in en
    with pytest.raises(InputError):
        terms.summary_text(table, lang="de")


# --- notebook -----------------------------------------------------------------------------------


def run_notebook(folder, parameters: dict) -> tuple[int, str]:
    """Run notebook 05 with the papermill command (a subprocess: no kernel state here)."""
    import subprocess
    import sys

    from pbanalysis.io import paths

    notebook = paths.project_root() / "notebooks" / "05_text_analysis.ipynb"
    folder.mkdir(parents=True)
    command = [sys.executable, "-m", "papermill", str(notebook), str(folder / notebook.name)]
    command += ["--kernel", "python3", "--no-progress-bar", "--cwd", str(folder)]
    for key, value in {**parameters, "output_dir": str(folder / "out")}.items():
        command += ["-p", key, str(value)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    return done.returncode, done.stderr


@pytest.fixture(scope="module")
def notebook_runs(tmp_path_factory):
    """An English run and a run with an unknown region, two kernels at a time."""
    from concurrent.futures import ThreadPoolExecutor

    root = tmp_path_factory.mktemp("terms-notebook")
    cases = {"en": {"lang": "en", "top_n": 5}, "invalid": {"regions": "不存在市,眉山市"}}
    with ThreadPoolExecutor(2) as pool:
        futures = {
            key: pool.submit(run_notebook, root / key, value) for key, value in cases.items()
        }
        return {key: (future.result(), root / key) for key, future in futures.items()}


@pytest.mark.notebooks
def test_notebook_runs_in_english_and_writes_its_outputs(notebook_runs):
    import nbformat

    (status, stderr), folder = notebook_runs["en"]
    assert status == 0, stderr[-3000:]
    names = {path.name for path in (folder / "out").iterdir()}
    for stem in ["distinctive_terms", "quoted_expressions", "compounds", "mechanisms"]:
        assert {f"{stem}.csv", f"{stem}.xlsx"} <= names
    assert {"distinctive_terms.png", "distinctive_terms.svg"} <= names
    executed = nbformat.read(folder / "05_text_analysis.ipynb", as_version=4)
    outputs = [output for cell in executed.cells for output in cell.get("outputs", [])]
    printed = "".join(
        output.get("text", "") for output in outputs if output.get("name") == "stdout"
    )
    assert "most distinctive terms" in printed
    assert not [output for output in outputs if output.get("name") == "stderr"]


@pytest.mark.notebooks
def test_notebook_rejects_an_unknown_region_naming_valid_ones(notebook_runs):
    (status, stderr), _ = notebook_runs["invalid"]
    assert status != 0
    assert "InputError" in stderr and "valid regions:" in stderr


def test_tokens_cut_beforehand_give_the_same_terms():
    from pbanalysis.analysis.tokens import tokens
    from pbanalysis.corpus import load_corpus

    sentences = load_corpus().sentences
    expected = terms.distinctive_terms(sentences)
    given = terms.distinctive_terms(sentences, tokens_table=tokens(sentences))
    pd.testing.assert_frame_equal(given, expected)
    # tokens of sentences outside the frame are ignored
    one = sentences[sentences["sentence_id"] != 1]
    pd.testing.assert_frame_equal(
        terms.distinctive_terms(one, tokens_table=tokens(sentences)), terms.distinctive_terms(one)
    )


def test_tokens_cut_on_worker_processes_are_the_same_table():
    from pbanalysis.analysis.tokens import tokens
    from pbanalysis.corpus import load_corpus

    sentences = load_corpus().sentences
    one = tokens(sentences)
    assert len(one) > 100
    for jobs in (2, 3):
        pd.testing.assert_frame_equal(tokens(sentences, jobs=jobs), one)
    # a share without a single term keeps the columns' types
    sparse = frame(["优化营商环境。"] + ["，。"] * 5)
    pd.testing.assert_frame_equal(tokens(sparse, jobs=3), tokens(sparse))
    with pytest.raises(InputError, match="jobs"):
        tokens(sentences, jobs=0)


def test_terms_counted_while_cut_are_the_tokens_counted():
    from collections import Counter

    from pbanalysis.analysis.tokens import term_counts, tokens
    from pbanalysis.corpus import load_corpus

    sentences = load_corpus().sentences
    table = tokens(sentences)
    expected = {region: Counter(part["token"].tolist()) for region, part in table.groupby("region")}
    for jobs in (1, 2):
        counted = term_counts(sentences["text"].tolist(), sentences["region"].tolist(), jobs=jobs)
        assert {g: c for g, c in counted.items() if c} == expected
    # the terms cut here and those of a given tokens table give the same frame
    pd.testing.assert_frame_equal(
        terms.distinctive_terms(sentences, jobs=2),
        terms.distinctive_terms(sentences, tokens_table=table),
    )
