"""Themes counted by area and against the borough, worked by hand."""

from datetime import date

import pytest

from data.stats.suppression import SuppressionRule
from data.stats.themes import (
    how_often,
    theme_sentences,
    theme_table,
    themes_by_area,
    themes_over_time,
    voice_and_numbers,
)


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


def _roll_up(counts):
    """Areas X (made of A and B) and Y (of C), as a level's roll-up gives them."""
    totals = {"X": counts.get("A", 0) + counts.get("B", 0), "Y": counts.get("C", 0)}
    return {code: n for code, n in totals.items() if n}


def test_themes_are_counted_per_area_of_the_level():
    table = themes_by_area(NOTES, ["X", "Y", "Z"], _roll_up)
    assert list(table.columns) == ["records", "bins", "housing", "parking"]
    assert table.loc["X"].tolist() == [8, 0, 2, 4]  # a record counts once for a theme
    assert table.loc["Y"].tolist() == [1, 1, 0, 0] and table.loc["Z"].tolist() == [0, 0, 0, 0]
    assert themes_by_area(NOTES, ["X"], _roll_up, since=date(2026, 3, 10)).loc[
        "X", "records"] == 1


def test_themes_over_time_are_counted_by_month_and_small_counts_hidden():
    notes = NOTES + [_note("A", ["parking"], day=1) | {"note_date": date(2026, 4, 2)}]
    months = themes_over_time(notes, {"A", "B"})
    march = months[months["month"] == date(2026, 3, 1)].set_index("theme")["records"]
    assert march.to_dict() == {"housing": 2.0, "parking": 4.0}
    assert months[months["month"] == date(2026, 4, 1)]["records"].tolist() == [1.0]
    hidden = themes_over_time(notes, {"A", "B"}, rule=SuppressionRule(threshold=3))
    assert hidden["hidden"].tolist() == [True, False, True]
    assert hidden["records"].isna().tolist() == [True, False, True]


def test_voice_and_numbers_agree_where_the_theme_is_raised_most_in_high_need():
    import pandas as pd

    # ten areas; crime is raised in 6 of P's 6 records and 5 of Q's 10, once in R's 10
    areas = list("PQRSTUVWXY")
    by_area = pd.DataFrame({"records": [6, 10, 10] + [2] * 7,
                            "crime": [6, 5, 1] + [0] * 7,
                            "parking": [0, 0, 6] + [0] * 7}, index=areas)
    ranks = pd.DataFrame({"crime": [1, 9, 2, 3, 4, 5, 6, 7, 8, 10],
                          "environment": [1, 2, 10, 3, 4, 5, 6, 7, 8, 9]}, index=areas)
    out = voice_and_numbers(by_area, ranks, {"crime": "crime", "parking": "environment",
                                             "bins": "environment"})
    # crime: borough share 12/40 = 30%; P (100%) and Q (50%) are at least 1.5 times it;
    # P is among the 4 (40%) most in need on crime, Q is not: 1 of 2, half, so they agree
    assert out.loc["crime"].tolist() == ["crime", 12, ["P", "Q"], 1, "agree"]
    # parking is raised most in R, which is the least in need on the environment
    assert out.loc["parking", "verdict"] == "differ"
    assert "bins" not in out.index  # never raised
    public = voice_and_numbers(by_area, ranks, {"crime": "crime"}, SuppressionRule(7))
    assert public.loc["crime", "raised_most"] == []  # 6 and 5 records: below the threshold
    assert public.loc["crime", "verdict"] == ""
