"""Tables for spreadsheets: text that would run as a formula is neutralised, and read back
exactly as it was."""

import pandas as pd
import pytest

from indices.tables import for_spreadsheets, neutralise, restore


@pytest.mark.parametrize("text, safe", [
    ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
    ("+44 161 770 3000", "'+44 161 770 3000"),
    ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("'=already quoted", "''=already quoted"),
])
def test_text_a_spreadsheet_would_run_gets_a_quote_and_comes_back(text, safe):
    assert neutralise(text) == safe
    assert restore(safe) == text


@pytest.mark.parametrize("value", ["-2.5", "+3", "1e-3", "Oldham 031D", "it's = fine", "",
                                   "'quoted", -2.5, None])
def test_numbers_and_ordinary_text_are_left_alone(value):
    assert neutralise(value) == value
    assert restore(value) == value


def test_a_table_has_its_text_cells_index_and_header_neutralised_and_numbers_kept():
    frame = pd.DataFrame({"name": ["=1+1", "Alt"], "=evil": [-1.5, 2.0]},
                         index=pd.Index(["@A", "E01005376"], name="code"))
    safe = for_spreadsheets(frame)
    assert safe["name"].tolist() == ["'=1+1", "Alt"]
    assert safe["'=evil"].tolist() == [-1.5, 2.0]
    assert safe.index.tolist() == ["'@A", "E01005376"] and safe.index.name == "code"
    assert frame["name"].tolist() == ["=1+1", "Alt"]  # the original is untouched
