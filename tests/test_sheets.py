"""Coding sheets: sampling, XLSX/CSV round trip, scoring against the coder and between coders."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from pbanalysis.cli import main
from pbanalysis.coding import code_sentences
from pbanalysis.coding.sheets import read_sheet, sample_sheet, validate_sheets, write_sheet
from pbanalysis.errors import InputError

SENTENCES = pd.DataFrame(
    {
        "doc_id": ["a"] * 6 + ["b"] * 3,
        "sentence_id": [1, 2, 3, 4, 5, 6, 1, 2, 3],
        "text": [
            "在企业中建立党支部。",
            "开展融资对接活动。",
            "组建党员帮办代办队伍，为企业提供上门服务。",
            "今年以来，全市经济运行稳中向好。",
            "对群众反映的问题实行挂牌督办。",
            "评选一批党建示范企业。",
            "建立部门联席会议制度。",
            "开展政策宣讲。",
            "天气晴好。",
        ],
    }
)


def _filled(sheet: pd.DataFrame) -> pd.DataFrame:
    coded = code_sentences(sheet)
    out = sheet.copy()
    for name in ("levers", "pillars", "bready"):
        part = coded[coded["framework"] == name]
        codes = part.groupby(["doc_id", "sentence_id"])["code"].agg("|".join)
        out[name] = [codes[key] for key in zip(out["doc_id"], out["sentence_id"], strict=True)]
    return out


def test_sample_is_stratified_and_reproducible():
    first = sample_sheet(SENTENCES, 6, seed=3)
    assert first.equals(sample_sheet(SENTENCES, 6, seed=3))
    assert first["doc_id"].value_counts().to_dict() == {"a": 4, "b": 2}
    assert (first[["levers", "pillars", "bready"]] == "").all().all()


def test_xlsx_sheet_has_code_dropdowns_and_reads_back(tmp_path):
    sheet = _filled(sample_sheet(SENTENCES, 9))
    path = write_sheet(sheet, tmp_path / "s.xlsx")
    book = load_workbook(path)
    rules = book["coding"].data_validations.dataValidation
    assert len(rules) == 3 and all(rule.type == "list" for rule in rules)
    assert "organisation" in [c.value for c in book["codes"]["A"]]
    back = read_sheet(path)
    assert back[["levers", "pillars", "bready"]].equals(sheet[["levers", "pillars", "bready"]])


def test_validate_scores_sheets_against_coder_and_each_other(tmp_path):
    sheet = _filled(sample_sheet(SENTENCES, 9))
    write_sheet(sheet, tmp_path / "one.csv")
    other = sheet.copy()
    other["levers"] = "none"
    write_sheet(other, tmp_path / "two.csv")
    table = validate_sheets([tmp_path / "one.csv", tmp_path / "two.csv"])
    pooled = table[table["code"] == "ALL"].set_index(["sheet", "compared", "framework"])
    assert pooled.loc[("one.csv", "coder", "levers"), "kappa"] == pytest.approx(1.0)
    assert pooled.loc[("two.csv", "coder", "levers"), "kappa"] == pytest.approx(0.0)
    assert pooled.loc[("one.csv", "two.csv", "pillars"), "alpha"] == pytest.approx(1.0)
    assert pooled.loc[("one.csv", "two.csv", "levers"), "alpha"] < 0.5


def test_unfilled_sheet_is_one_clear_error(tmp_path, capsys):
    write_sheet(sample_sheet(SENTENCES, 3), tmp_path / "empty.csv")
    with pytest.raises(InputError):
        read_sheet(tmp_path / "empty.csv")
    assert main(["validate", str(tmp_path / "empty.csv")]) == 2
    assert "uncoded rows" in capsys.readouterr().err
    assert main(["sample", "--output", str(tmp_path / "x.txt")]) == 2
