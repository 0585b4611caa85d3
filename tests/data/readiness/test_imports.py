"""Answers gathered elsewhere: a file's columns matched to the questions (by name, label
or the statement itself), and every problem named by the file's row, column and value."""

import pandas as pd
import pytest

from data.readiness.imports import match_columns, matching_problems, responses_from_table
from data.readiness.instrument import load_instrument


@pytest.fixture(scope="module")
def instrument():
    return load_instrument()


HEADINGS = ["Timestamp", "Sector", "Role level", "Citizens importance",
            "Citizens prevalence", "Urgency - importance"]


def test_columns_are_guessed_by_name_label_or_statement(instrument):
    matched = match_columns([*HEADINGS, "Residents' voice: how important"], instrument)
    assert matched["sector"] == "Sector" and matched["role_level"] == "Role level"
    assert matched["citizens_importance"] in ("Citizens importance",
                                              "Residents' voice: how important")
    assert matched["citizens_prevalence"] == "Citizens prevalence"
    assert matched["urgency_importance"] == "Urgency - importance"
    assert matched["markets_importance"] is None
    assert "Timestamp" not in matched.values()
    statement = instrument.category("systems").statements["importance"]
    assert match_columns([statement], instrument)["systems_importance"] == statement


def test_a_matching_that_cannot_be_read_is_said(instrument):
    problems = matching_problems({"sector": "Sector", "ladder": "Sector",
                                  "role_level": "Gone"}, HEADINGS, instrument)
    assert {(p.row, p.column, p.message.split(";")[0]) for p in problems} == {
        (1, "(answers)", "match at least one column to a question of the instrument."),
        (1, "Sector", "this column is matched to two fields"),
        (1, "Gone", "the file has no column of this heading.")}
    assert [p.column for p in matching_problems({}, HEADINGS, instrument)][:2] == [
        "Your sector", "Your role"]


def test_rows_are_checked_by_row_column_and_value(instrument):
    cells = pd.DataFrame([["2026-05-01", "Public", "Strategic", "3", "A little", ""],
                          ["2026-05-02", "Church", "Front line", "9", "n/a", "2"],
                          ["2026-05-03", "Voluntary", "Middle management", "", "", ""]],
                         columns=HEADINGS)
    matched = match_columns(HEADINGS, instrument)
    responses, problems = responses_from_table(cells, [2, 3, 4], matched, instrument)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "Sector", "Church"), (3, "Citizens importance", "9"), (4, "answers", "")]
    good = cells.iloc[[0]]
    responses, problems = responses_from_table(good, [2], matched, instrument)
    assert problems == []
    assert responses[0]["answers"]["citizens"] == {"importance": 3, "prevalence": 1}
    assert responses[0]["sector"] == "public" and responses[0]["name"] == ""
