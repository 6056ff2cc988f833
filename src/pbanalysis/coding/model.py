"""A supervised layer beside the dictionary, trained on hand-coded sentences.

The dictionary (:mod:`pbanalysis.coding.coder`) codes by keywords; real reports paraphrase. A
researcher who has coded sentences by hand (``pbanalysis sample`` → filled sheets) can train
one logistic regression per code (``pbanalysis train SHEET…``): its features are the
sentence's character 2- and 3-grams (TF-IDF) and the dictionary's own decision for every code
of the framework, so the model learns when to trust the keywords and which paraphrases mean a
code. The model is written as JSON to ``data/codebook/model.json`` (plain numbers, no pickled
code) with the SHA-256 of every sheet it was trained on and of the codebooks, and the
cross-validated agreement (folds by article) of the dictionary alone and of the combination.
When that file exists, :func:`~pbanalysis.coding.coder.code_sentences` uses it: for each code
the model has, the model decides (probability ≥ 0.5); codes with too few examples to train
keep the dictionary's decision. A model code's evidence names the model, its probability and
the n-grams that weighed most for it, beside the keywords when they matched too.

Training is deterministic (fixed solver, no random state involved), so the same sheets give
the same file byte for byte.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pbanalysis.errors import InputError
from pbanalysis.io import paths

__all__ = [
    "MODEL_FILE",
    "NGRAMS",
    "THRESHOLD",
    "model_path",
    "load_model",
    "write_model",
    "cv_table",
    "predict",
    "vectorizer",
    "features",
]

MODEL_FILE = "model.json"
NGRAMS = (2, 3)
THRESHOLD = 0.5
"""A code is given when the model's probability is at least this."""
_EVIDENCE_NGRAMS = 3


def model_path(codebook_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the model of a codebook folder lives: ``<codebook folder>/model.json``."""
    return (Path(codebook_dir) if codebook_dir else paths.data_file("codebook")) / MODEL_FILE


def vectorizer(vocabulary: list[str] | None = None, idf: list[float] | None = None) -> Any:
    """The character n-gram TF-IDF vectorizer: new, or as stored in a model."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    made = TfidfVectorizer(
        analyzer="char",
        ngram_range=NGRAMS,
        min_df=2,
        sublinear_tf=True,
        vocabulary=vocabulary,
        dtype=np.float64,
    )
    if idf is not None:
        made.idf_ = np.asarray(idf, dtype=np.float64)
    return made


def features(made: Any, texts: Sequence[str], dictionary: np.ndarray, fit: bool) -> Any:
    """The features of ``texts``: character n-grams (TF-IDF, fitted when ``fit``) followed by
    the dictionary's decision for each code (``dictionary``: one row per text, 0 or 1)."""
    from scipy.sparse import csr_matrix, hstack

    grams = made.fit_transform(texts) if fit else made.transform(texts)
    return hstack([grams, csr_matrix(dictionary)], format="csr")


def write_model(model: dict, path: str | os.PathLike[str] | None = None) -> Path:
    """Write ``model`` as JSON (sorted keys, numbers exactly as computed), atomically."""
    target = Path(path) if path else model_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    text = json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    temporary.write_text(text + "\n", encoding="utf-8")
    os.replace(temporary, target)
    return target


def cv_table(model: dict) -> pd.DataFrame:
    """The cross-validated agreement stored in a model, one row per framework."""
    return pd.DataFrame(
        [{"framework": name, **figures} for name, figures in model.get("cv", {}).items()]
    )


def load_model(codebook_dir: str | os.PathLike[str] | None = None) -> dict | None:
    """The model of a codebook folder, ``None`` when there is none."""
    path = model_path(codebook_dir)
    if not path.exists():
        return None
    stat = path.stat()
    return _loaded(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=2)
def _loaded(path: str, mtime_ns: int, size: int) -> dict:
    try:
        model = json.loads(Path(path).read_text(encoding="utf-8"))
        for framework, part in model["frameworks"].items():
            stored = vectorizer(part["vocabulary"], part["idf"])
            width = len(part["vocabulary"]) + len(part["codes"])
            for code, entry in part["models"].items():
                if len(entry["weights"]) != width:
                    raise ValueError(f"{framework}/{code}: weights do not fit the features")
                entry["array"] = np.asarray(entry["weights"], dtype=np.float64)
            part["vectorizer"] = stored
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a model written by pbanalysis train ({exc})") from None
    return model


def predict(
    model: dict, framework: str, texts: Sequence[str], dictionary: np.ndarray
) -> dict[str, list[tuple[float, str]]]:
    """For each code the model has: per text, its probability and, where it is at least the
    threshold, the n-grams that weighed most for it (``|``-joined)."""
    part = model["frameworks"].get(framework)
    if part is None or not texts:
        return {}
    matrix = features(part["vectorizer"], texts, dictionary, fit=False)
    vocabulary = part["vocabulary"]
    width = len(vocabulary)
    out = {}
    for code, entry in part["models"].items():
        weights = entry["array"]
        scores = matrix @ weights + entry["intercept"]
        probabilities = 1.0 / (1.0 + np.exp(-scores))
        rows = []
        for n, probability in enumerate(probabilities.tolist()):
            grams = ""
            if probability >= model["threshold"]:
                start, end = matrix.indptr[n], matrix.indptr[n + 1]
                weighed = sorted(
                    (-(value * weights[column]), vocabulary[column])
                    for column, value in zip(
                        matrix.indices[start:end].tolist(),
                        matrix.data[start:end].tolist(),
                        strict=True,
                    )
                    if column < width and weights[column] > 0
                )
                grams = "|".join(gram for _, gram in weighed[:_EVIDENCE_NGRAMS])
            rows.append((probability, grams))
        out[code] = rows
    return out
