import numpy as np
import pandas as pd

from data.suppression import SUPPRESSED_TEXT, THRESHOLD, hidden, hidden_cells, rule


def test_counts_from_1_to_4_are_hidden_and_zero_is_shown():
    counts = pd.Series([0, 1, 4, 5, np.nan, 12])
    assert hidden(counts).tolist() == [False, True, True, False, False, False]
    assert THRESHOLD == 5 and "fewer than 5" in SUPPRESSED_TEXT


def test_rates_are_hidden_with_their_counts():
    table = pd.DataFrame({"n": [2, 9], "rate": [0.4, 1.8]}, index=["a", "b"])
    cells = hidden_cells(table, {"rate": "n", "n": "n"})
    assert cells.loc["a"].tolist() == [True, True]
    assert cells.loc["b"].tolist() == [False, False]


def test_the_rule_in_plain_words_follows_the_threshold():
    assert rule().startswith("Counts from 1 to 4, and rates made from them, are hidden")
    assert rule(10).startswith("Counts from 1 to 9,")
