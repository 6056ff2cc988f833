"""Training the supervised coding layer of :mod:`pbanalysis.coding.model` on filled sheets."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pbanalysis.coding.codebook import NONE_CODE, frameworks, load_codebook
from pbanalysis.coding.model import NGRAMS, THRESHOLD, features, model_path, vectorizer
from pbanalysis.errors import InputError

__all__ = ["MIN_POSITIVES", "train_model"]

MIN_POSITIVES = 5
"""A code needs at least this many hand-coded sentences to get a model (else: the dictionary)."""
_C = 4.0
_FOLDS = 5


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _labels(sheet: pd.DataFrame, framework: str, codes: list[str]) -> np.ndarray:
    sets = [{c.strip() for c in str(v).split("|")} - {NONE_CODE, ""} for v in sheet[framework]]
    unknown = sorted(set().union(*sets) - set(codes)) if sets else []
    if unknown:
        raise InputError(f"{framework}: unknown code(s) {', '.join(unknown)} in the sheets")
    return np.array([[int(code in s) for code in codes] for s in sets], dtype=int)


def _dictionary_matrix(texts: Sequence[str], framework: str, codes: list[str], book: Any) -> Any:
    from pbanalysis.coding.coder import code_sentences

    frame = pd.DataFrame(
        {"doc_id": "x", "sentence_id": range(len(texts)), "text": list(texts), "start": 0}
    )
    coded = code_sentences(frame, framework, codebook_dir=book, use_model=False)
    hit = coded[coded["code"] != NONE_CODE]
    index = {code: n for n, code in enumerate(codes)}
    matrix = np.zeros((len(texts), len(codes)))
    for sentence, code in zip(hit["sentence_id"], hit["code"], strict=True):
        matrix[int(sentence), index[code]] = 1.0
    return matrix


def _fit(features: Any, y: np.ndarray) -> tuple[float, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=_C, class_weight="balanced", solver="liblinear", max_iter=1000)
    model.fit(features, y)
    return float(model.intercept_[0]), model.coef_[0].astype(np.float64)


def _kappa(a: np.ndarray, b: np.ndarray) -> float:
    from sklearn.metrics import cohen_kappa_score

    if a.max(initial=0) == 0 and b.max(initial=0) == 0:
        return float("nan")
    return float(cohen_kappa_score(a.ravel(), b.ravel()))


def _train_framework(
    texts: list[str], y: np.ndarray, framework: str, codes: list[str], book: Any, groups: Any
) -> tuple[dict, dict]:
    """One framework's model (JSON-ready) and its cross-validated agreement."""
    dictionary = _dictionary_matrix(texts, framework, codes, book)
    trained = [n for n, _ in enumerate(codes) if y[:, n].sum() >= MIN_POSITIVES]
    # cross-validation: folds by article, each fold's model trained on the other articles only
    predicted = dictionary.astype(int).copy()
    articles = list(dict.fromkeys(groups))
    folds = min(_FOLDS, len(articles))
    if folds >= 2 and trained:
        fold_of = {article: n % folds for n, article in enumerate(articles)}
        fold = np.array([fold_of[g] for g in groups])
        for number in range(folds):
            train, test = fold != number, fold == number
            made = vectorizer()
            x_train = features(
                made, [texts[i] for i in np.flatnonzero(train)], dictionary[train], fit=True
            )
            x_test = features(
                made, [texts[i] for i in np.flatnonzero(test)], dictionary[test], fit=False
            )
            for n in trained:
                if y[train, n].sum() == 0 or y[train, n].all():
                    continue
                intercept, weights = _fit(x_train, y[train, n])
                scores = x_test @ weights + intercept
                predicted[test, n] = (scores >= 0).astype(int)
    cv = {
        "sentences": len(texts),
        "articles": len(articles),
        "folds": folds,
        "kappa_dictionary": _kappa(y, dictionary.astype(int)),
        "kappa_with_model": _kappa(y, predicted),
    }
    made = vectorizer()
    matrix = features(made, texts, dictionary, fit=True)
    vocabulary = sorted(made.vocabulary_, key=made.vocabulary_.get)
    per_code = {}
    for n in trained:
        intercept, weights = _fit(matrix, y[:, n])
        per_code[codes[n]] = {
            "positives": int(y[:, n].sum()),
            "intercept": intercept,
            "weights": [float(w) for w in weights],
        }
    model = {
        "codes": codes,
        "vocabulary": vocabulary,
        "idf": [float(v) for v in made.idf_],
        "models": per_code,
    }
    return model, cv


def train_model(
    sheet_paths: Sequence[str | os.PathLike[str]],
    *,
    codebook_dir: str | os.PathLike[str] | None = None,
) -> dict:
    """Train the supervised layer on filled coding sheets (see :mod:`pbanalysis.coding.sheets`).

    Every framework column present in the sheets is trained; a sentence coded in several
    sheets (two coders) counts once per sheet. Returns the model as a JSON-ready dict (write it
    with :func:`write_model`), including ``trained_on`` (file names and SHA-256), the codebooks'
    SHA-256 and ``cv`` (cross-validated pooled kappa over sentence × code, folds by article: the
    dictionary alone and with the model).
    """
    from pbanalysis.coding.sheets import read_sheet

    if not sheet_paths:
        raise InputError("train needs at least one filled coding sheet")
    sheets, trained_on = [], []
    for path in sheet_paths:
        sheets.append(read_sheet(path))
        trained_on.append({"file": Path(path).name, "sha256": _sha256(Path(path).read_bytes())})
    rows = pd.concat(sheets, ignore_index=True)
    texts = rows["text"].astype(str).tolist()
    groups = rows["doc_id"].astype(str).tolist()
    book = Path(codebook_dir) if codebook_dir else None
    result: dict[str, Any] = {
        "format": 1,
        "features": {"analyzer": "char", "ngram_range": list(NGRAMS), "min_df": 2},
        "threshold": THRESHOLD,
        "trained_on": trained_on,
        "codebooks": {},
        "frameworks": {},
        "cv": {},
    }
    for framework in frameworks():
        if framework not in rows.columns or rows[framework].astype(str).str.strip().eq("").all():
            continue
        table = load_codebook(framework, book)
        codes = [c for c in table["code"] if c != NONE_CODE]
        y = _labels(rows, framework, codes)
        source = model_path(book).parent / f"{framework}.csv"
        result["codebooks"][framework] = _sha256(source.read_bytes()) if source.exists() else ""
        model, cv = _train_framework(texts, y, framework, codes, book, groups)
        result["frameworks"][framework] = model
        result["cv"][framework] = cv
    if not result["frameworks"]:
        raise InputError("the sheets code no framework (columns levers, pillars, bready)")
    return result
