import numpy as np
import pandas as pd
import pytest

from data.errors import SuppressionSettingError
from data.stats.suppression import (
    SuppressionRule,
    hidden,
    hidden_cells,
    secondary,
    suppression_rule,
)

PRIMARY_ONLY = SuppressionRule(secondary=False)


def test_counts_from_1_to_4_are_hidden_and_zero_is_shown():
    counts = pd.Series([0, 1, 4, 5, np.nan, 12])
    assert hidden(counts).tolist() == [False, True, True, False, False, False]
    rule = suppression_rule({})
    assert rule.threshold == 5 and rule.hidden_text == "hidden (small-number rule)"
    assert "Counts from 1 to 4" in rule.describe() and "secondary" in rule.describe()


def test_the_threshold_is_configurable():
    rule = suppression_rule({"TCI_SUPPRESS_BELOW": "10"})
    assert rule.threshold == 10
    assert "Counts from 1 to 9" in rule.describe()
    assert hidden(pd.Series([9, 10]), rule.threshold).tolist() == [True, False]


@pytest.mark.parametrize("value", ["ten", "1", "0", "-3", "4.5"])
def test_a_bad_threshold_says_what_to_set(value):
    with pytest.raises(SuppressionSettingError, match=rf"TCI_SUPPRESS_BELOW is set to "
                       rf"'{value}': it must be a whole number of 2 or more"):
        suppression_rule({"TCI_SUPPRESS_BELOW": value})


def test_rates_are_hidden_with_their_counts():
    table = pd.DataFrame({"n": [2, 9], "rate": [0.4, 1.8]}, index=["a", "b"])
    cells = hidden_cells(table, {"rate": "n", "n": "n"}, PRIMARY_ONLY)
    assert cells.loc["a"].tolist() == [True, True]
    assert cells.loc["b"].tolist() == [False, False]


def test_a_lone_hidden_cell_takes_the_smallest_other_count_with_it():
    # total 29 is shown: with only "a" hidden, a = 29 - 9 - 12 - 6 = 2 could be worked out
    counts = pd.Series([2, 9, 12, 6], index=list("abcd"))
    first = hidden(counts)
    out = secondary(counts, first, [pd.Series("x", index=counts.index)])
    assert out.tolist() == [True, False, False, True]  # d (6) is the smallest other count


def test_secondary_prefers_a_count_above_zero_and_falls_back_to_zero():
    counts = pd.Series([3, 0, 7], index=list("abc"))
    groups = [pd.Series("x", index=counts.index)]
    assert secondary(counts, hidden(counts), groups).tolist() == [True, False, True]
    only_zeros = pd.Series([3, 0, 0], index=list("abc"))
    assert secondary(only_zeros, hidden(only_zeros), groups).tolist() == [True, True, False]


def test_two_hidden_cells_need_nothing_more_and_missing_counts_are_ignored():
    counts = pd.Series([2, 3, 50, np.nan], index=list("abcd"))
    groups = [pd.Series("x", index=counts.index)]
    assert secondary(counts, hidden(counts), groups).tolist() == [True, True, False, False]


def test_secondary_suppression_runs_through_nested_totals():
    # wards w1 = {a, b}, w2 = {c, d}; the borough total covers all four
    table = pd.DataFrame({"n": [2, 8, 20, 30], "ward": ["w1", "w1", "w2", "w2"]},
                         index=list("abcd"))
    cells = hidden_cells(table, {"n": "n"}, SuppressionRule(), groups=["ward"])
    # a is hidden; b goes to protect w1's total; the borough total then has two hidden
    assert cells["n"].tolist() == [True, True, False, False]
    table.loc["c", "n"] = 3  # now w2 has c hidden alone: d goes too
    cells = hidden_cells(table, {"n": "n"}, SuppressionRule(), groups=["ward"])
    assert cells["n"].tolist() == [True, True, True, True]


def test_every_group_with_a_hidden_cell_ends_with_none_or_two_or_more(oldham):
    region = oldham.region
    counts = region["road_casualties_n"]
    cells = hidden_cells(region, {"n": "road_casualties_n"}, groups=["wd24cd", "lad_code"])
    for column in ("wd24cd", "lad_code"):
        per_group = cells["n"].groupby(region[column]).sum()
        assert not (per_group == 1).any()
    assert cells["n"].sum() >= hidden(counts).sum()
