"""What drives a score: contributions that add up to the score, worked by hand on a small
spec, through missing values; shares, the words, the flag of one dominant indicator, and
strengths and weaknesses."""

import math

import numpy as np
import pandas as pd
import pytest

from indices.build import build_index
from indices.contributions import (
    contributions,
    drivers,
    shares,
    strengths_and_weaknesses,
)
from indices.spec import spec_from_dict

SPEC = {
    "code": "t", "name": "Test", "version": "1", "normalisation": "minmax",
    "missing": "reweight",
    "domains": [
        {"code": "money", "name": "Money", "weight": 0.75, "indicators": [
            {"code": "income", "name": "Income", "column": "income", "weight": 2,
             "direction": "higher_is_worse"},
            {"code": "work", "name": "Work", "column": "work", "weight": 1,
             "direction": "higher_is_worse"}]},
        {"code": "place", "name": "Place", "weight": 0.25, "indicators": [
            {"code": "crime", "name": "Crime", "column": "crime", "weight": 1,
             "direction": "higher_is_worse"}]}],
}
TABLE = pd.DataFrame({"income": [0.0, 5.0, 10.0], "work": [10.0, 0.0, np.nan],
                      "crime": [0.0, 10.0, 5.0]}, index=["a", "b", "c"])


@pytest.fixture(scope="module")
def run():
    return build_index(spec_from_dict(SPEC), TABLE)


def test_contributions_add_up_to_the_score(run):
    parts = contributions(run)
    np.testing.assert_allclose(parts.sum(axis=1), run.scores["t"])


def test_contributions_by_hand(run):
    parts = contributions(run)
    # b: minmax gives income 50, work 0, crime 100; weights 2/3 and 1/3 in money (as
    # rescaled), money 0.75 and place 0.25 in the index
    weights = run.weights
    assert parts.loc["b", "income"] == pytest.approx(
        run.normalised.loc["b", "income"] * weights["income"] * weights["money"])
    assert parts.loc["b", "crime"] == pytest.approx(100 * weights["crime"] * weights["place"])
    # c misses work: income carries the whole of money's weight
    assert parts.loc["c", "work"] == 0
    assert parts.loc["c", "income"] == pytest.approx(
        run.normalised.loc["c", "income"] * (weights["income"] + weights["work"])
        * weights["money"])


def test_a_geometric_index_has_no_contributions():
    spec = spec_from_dict({**SPEC, "aggregation": "geometric"})
    assert contributions(build_index(spec, TABLE)) is None


def test_the_words_name_what_makes_most_of_the_score_and_flag_one_dominant():
    row = pd.Series({"income": 30.0, "work": -10.0, "crime": 60.0})
    said = drivers(row, {"income": "Income deprivation", "crime": "Crime"}, "Oldham 024B")
    assert said["named"] == ["crime"] and said["dominant"] == "crime"
    assert said["sentence"].startswith("Most of Oldham 024B's score comes from Crime (60%).")
    assert "Crime alone makes 60% of it" in said["sentence"]
    even = drivers(pd.Series({"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0}), {}, "X")
    assert even["named"] == ["a", "b"] and even["dominant"] is None
    assert even["sentence"] == "Most of X's score comes from a and b (50%)."
    assert shares(row).round(2).tolist() == [0.6, 0.3, 0.1]
    assert math.isnan(shares(pd.Series({"a": 0.0})).iloc[0])


def test_strengths_and_weaknesses_from_the_ranks():
    ranks = pd.Series({"a": 1.0, "b": 140.0, "c": 70.0, "d": np.nan, "e": 2.0})
    best, worst = strengths_and_weaknesses(ranks, 2)
    assert worst == ["a", "e"] and best == ["b", "c"]
