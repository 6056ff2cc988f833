"""Helpers shared by the tests that score the library against hand-annotated text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pbanalysis import indicators
from pbanalysis.coding import frameworks, load_codebook
from pbanalysis.coding.reliability import sample_agreement
from pbanalysis.corpus import Corpus, load_corpus

FRAMEWORKS = frameworks()


def read_coding_set(path: Path) -> pd.DataFrame:
    """A hand-coded sentence set: ``text`` plus one ``|``-separated code column per framework."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def assert_complete_coding_set(coded: pd.DataFrame, size: int) -> None:
    """The set has ``size`` unique sentences, codebook codes only, and ``none`` only alone."""
    assert list(coded.columns) == ["text", *FRAMEWORKS]
    assert len(coded) == size
    assert coded["text"].is_unique
    for framework in FRAMEWORKS:
        valid = set(load_codebook(framework)["code"])
        used = {code for codes in coded[framework] for code in codes.split("|")}
        assert used <= valid, (framework, used - valid)
        assert all("none" not in codes.split("|") or codes == "none" for codes in coded[framework])


def pooled_kappa(coded: pd.DataFrame, doc_id: str) -> pd.Series:
    """Pooled kappa (code ``ALL``) of the dictionary coder against the set, per framework."""
    table = sample_agreement(coded, doc_id=doc_id)
    return table[table["code"] == "ALL"].set_index("framework")["kappa"]


def evaluate_articles(folder: Path) -> tuple[Corpus, pd.DataFrame, pd.DataFrame]:
    """Load ``folder/*.txt``, extract indicators and score them against
    ``folder/indicators.csv``: the corpus, the annotation and :func:`indicators.evaluate`."""
    corpus = load_corpus(sorted(folder.glob("*.txt")))
    found = indicators.extract_indicators(corpus.sentences)
    annotation = indicators.load_annotation(corpus.texts, str(folder / "indicators.csv"))
    return corpus, annotation, indicators.evaluate(found, annotation)
