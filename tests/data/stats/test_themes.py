"""Themes counted by area and against the borough, worked by hand."""

from datetime import date

import pytest

from data.stats.suppression import SuppressionRule
from data.stats.themes import how_often, theme_sentences, theme_table


def _note(area, themes, day=1):
    return {"area_code": area, "themes": themes, "note_date": date(2026, 3, day)}


# 2 records in A (both parking), 8 in the borough (A's and 6 in B: 2 parking, 1 housing)
NOTES = [_note("A", ["parking", "housing"]), _note("A", ["parking", "parking"]),
         _note("B", ["parking"]), _note("B", ["parking"]), _note("B", ["housing"]),
         _note("B", []), _note("B", []), _note("B", [], day=20), _note("C", ["bins"])]


def test_shares_and_their_ratio_follow_the_counts():
    table = theme_table(NOTES, area={"A"}, borough={"A", "B"})
    assert table.attrs == {"records": 2, "borough_records": 8}
    assert list(table.index) == ["parking", "housing"]
    assert table.loc["parking"].tolist() == pytest.approx([2, 4, 1.0, 0.5, 2.0])
    assert table.loc["housing", "ratio"] == pytest.approx(0.5 / 0.25)
    assert "bins" not in table.index  # another borough's record


def test_the_period_includes_both_days():
    table = theme_table(NOTES, {"B"}, {"A", "B"}, since=date(2026, 3, 1),
                        until=date(2026, 3, 19))
    assert table.attrs["records"] == 5 and table.attrs["borough_records"] == 7


@pytest.mark.parametrize("ratio, words", [
    (3.04, "3 times as often as"), (1.5, "1.5 times as often as"),
    (1.2, "about as often as"), (0.7, "about as often as"), (0.5, "less often than"),
    (float("nan"), ""),
])
def test_ratios_in_words(ratio, words):
    assert how_often(ratio) == words


def test_sentences_hide_small_counts_for_the_public():
    table = theme_table(NOTES, {"A", "B"}, {"A", "B"})
    staff = theme_sentences(table, "Oldham")
    assert staff[0] == "parking: 4 records (50%), raised about as often as in Oldham (50%)"
    public = theme_sentences(table, "Oldham", SuppressionRule(threshold=3))
    assert public == ["parking: 4 records (50%), raised about as often as in Oldham (50%)",
                      "housing: fewer than 3 records"]
