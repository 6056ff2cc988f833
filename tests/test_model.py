"""The supervised coding layer: ``pbanalysis train`` and its use by the coder.

The sheets here are invented sentences (no third-party text)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pbanalysis.cli import main
from pbanalysis.coding import code_sentences
from pbanalysis.coding.model import load_model, write_model
from pbanalysis.coding.training import train_model
from pbanalysis.errors import InputError
from pbanalysis.io import paths

SERVICE = [
    "街道新设暖心驿站{}处，方便群众。",
    "社区暖心驿站第{}批投用。",
    "全镇暖心驿站覆盖{}个村。",
]
WEATHER = ["今天天气晴朗，气温{}度。", "午后有阵雨，风力{}级。", "傍晚云层渐厚，湿度{}成。"]


def _sheet(tmp_path: Path) -> Path:
    rows = []
    for doc in range(6):
        for number in range(6):
            pattern = (SERVICE if number % 2 == 0 else WEATHER)[number % 3]
            rows.append(
                {
                    "doc_id": f"d{doc}",
                    "sentence_id": number + 1,
                    "text": pattern.format(doc * 7 + number),
                    "levers": "service" if number % 2 == 0 else "none",
                    "pillars": "none",
                    "bready": "none",
                }
            )
    path = tmp_path / "sheet.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.fixture()
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "codebook"
    shutil.copytree(paths.data_file("codebook"), folder)
    (folder / "model.json").unlink(missing_ok=True)
    return folder


def test_training_is_deterministic_and_records_its_data(tmp_path: Path, book: Path):
    sheet = _sheet(tmp_path)
    one = write_model(train_model([sheet], codebook_dir=book), tmp_path / "one.json")
    two = write_model(train_model([sheet], codebook_dir=book), tmp_path / "two.json")
    assert one.read_bytes() == two.read_bytes()
    model = json.loads(one.read_text(encoding="utf-8"))
    assert (
        model["trained_on"][0]["file"] == "sheet.csv"
        and len(model["trained_on"][0]["sha256"]) == 64
    )
    assert set(model["frameworks"]["levers"]["models"]) == {
        "service"
    }  # the only code with examples
    cv = model["cv"]["levers"]
    assert (cv["sentences"], cv["articles"], cv["folds"]) == (36, 6, 5)
    assert cv["kappa_with_model"] > cv["kappa_dictionary"]


def test_the_coder_uses_the_model_beside_the_dictionary(tmp_path: Path, book: Path):
    write_model(train_model([_sheet(tmp_path)], codebook_dir=book), book / "model.json")
    sentences = pd.DataFrame(
        {
            "doc_id": ["x", "x"],
            "sentence_id": [1, 2],
            "text": ["村里暖心驿站又添新点。", "明日天气多云。"],
        }
    )
    plain = code_sentences(sentences, "levers", codebook_dir=book, use_model=False)
    assert "service" not in set(plain["code"])
    coded = code_sentences(sentences, "levers", codebook_dir=book)
    first = coded[coded["sentence_id"] == 1]
    assert first["code"].tolist() == ["service"]
    assert first["evidence"].iloc[0].startswith("model p=")
    assert "驿站" in first["evidence"].iloc[0]
    assert coded[coded["sentence_id"] == 2]["code"].tolist() == ["none"]
    # the same input gives the same table
    pd.testing.assert_frame_equal(coded, code_sentences(sentences, "levers", codebook_dir=book))


def test_a_damaged_model_is_one_clear_error(book: Path):
    (book / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not a model written by pbanalysis train"):
        load_model(book)


def test_train_on_the_command_line(tmp_path: Path, capsys):
    sheet = _sheet(tmp_path)
    target = tmp_path / "model.json"
    assert main(["train", str(sheet), "--output", str(target)]) == 0
    err = capsys.readouterr().err
    assert "levers: dictionary" in err and "with the model" in err
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == 1
    assert main(["train", str(tmp_path / "missing.csv"), "--output", str(target)]) == 2
    message = capsys.readouterr().err.strip()
    assert message.startswith("pbanalysis: error:") and len(message.splitlines()) == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("doc_id,sentence_id,text,levers\nd,1,某句,nonsense\n", encoding="utf-8")
    assert main(["train", str(bad), "--output", str(target)]) == 2
    assert "unknown code" in capsys.readouterr().err
