"""Statistical neighbours: z-scores, weighted distances, missing values, the parts of a
distance, k and ties, and the comparison rule. Distances are hand-computed in the
docstrings."""

import math

import numpy as np
import pandas as pd
import pytest

from indices.errors import IndicesError, NeighbourError
from indices.neighbours import (
    BETTER,
    SIMILAR,
    WORSE,
    NeighbourModel,
    compare,
    normalised_weights,
    standardise,
    verdict_counts,
)


@pytest.fixture
def four():
    """x: 0, 2, 4, 6 (mean 3, sd √5); y: 1, 1, 3, 3 (mean 2, sd 1)."""
    return pd.DataFrame({"x": [0.0, 2.0, 4.0, 6.0], "y": [1.0, 1.0, 3.0, 3.0]},
                        index=["A", "B", "C", "D"])


def test_z_scores_over_every_area_with_the_population_sd(four):
    z = standardise(four)
    assert z["x"].tolist() == pytest.approx([-3 / math.sqrt(5), -1 / math.sqrt(5),
                                            1 / math.sqrt(5), 3 / math.sqrt(5)])
    assert z["y"].tolist() == pytest.approx([-1, -1, 1, 1])


def test_an_indicator_without_spread_is_zero_everywhere_it_has_a_value():
    z = standardise(pd.DataFrame({"flat": [5.0, 5.0, np.nan]}, index=list("abc")))
    assert z["flat"].iloc[:2].tolist() == [0.0, 0.0] and np.isnan(z["flat"].iloc[2])


def test_distances_by_hand_with_equal_weights(four):
    """Weights 1/2 each. d(A,B)² = ½(2/√5)² = 0.4; d(A,C)² = ½(4/√5)² + ½·2² = 1.6 + 2 = 3.6;
    d(A,D)² = ½(6/√5)² + ½·2² = 3.6 + 2 = 5.6."""
    model = NeighbourModel.of(four)
    d = model.distances("A")
    assert d.to_dict() == pytest.approx({"B": math.sqrt(0.4), "C": math.sqrt(3.6),
                                         "D": math.sqrt(5.6)})
    near = model.nearest("A")
    assert list(near.index) == ["B", "C", "D"] and list(near["rank"]) == [1, 2, 3]


def test_weights_are_divided_by_their_sum(four):
    """Weights 3 and 1 -> 0.75 and 0.25: d(A,B)² = 0.75·0.8 = 0.6; d(A,C)² = 0.75·3.2 +
    0.25·4 = 3.4."""
    model = NeighbourModel.of(four, {"x": 3, "y": 1})
    assert model.weights.to_dict() == {"x": 0.75, "y": 0.25}
    assert model.distances("A")[["B", "C"]].tolist() == pytest.approx(
        [math.sqrt(0.6), math.sqrt(3.4)])
    # the same as 30 and 10
    assert NeighbourModel.of(four, {"x": 30, "y": 10}).distances("A").tolist() == \
        pytest.approx(model.distances("A").tolist())


@pytest.mark.parametrize("weights, message", [({"x": -1}, "0 or more"),
                                              ({"x": 0, "y": 0}, "Every weight is 0"),
                                              ({"z": 1}, "not one of the indicators")])
def test_wrong_weights_are_refused_with_the_fix(four, weights, message):
    with pytest.raises(NeighbourError, match=message):
        NeighbourModel.of(four, weights)
    assert issubclass(NeighbourError, IndicesError)


def test_normalised_weights_default_to_equal():
    assert normalised_weights(["a", "b", "c", "d"]).tolist() == [0.25] * 4


def test_a_missing_value_leaves_its_indicator_out_of_that_pair():
    """D lacks x. x over A, B, C: 0, 2, 4 (mean 2, sd √(8/3)); y as before (z -1, -1, 1, 1).
    A to D: y alone, reweighted to 1: d = |-1 - 1| = 2; C to D: 0. A to B still uses both:
    ½(2/√(8/3))² = ½·1.5 = 0.75."""
    table = pd.DataFrame({"x": [0.0, 2.0, 4.0, np.nan], "y": [1.0, 1.0, 3.0, 3.0]},
                         index=["A", "B", "C", "D"])
    model = NeighbourModel.of(table)
    d = model.distances("A")
    assert d["D"] == pytest.approx(2.0) and d["B"] == pytest.approx(math.sqrt(0.75))
    assert model.distances("C")["D"] == pytest.approx(0.0)
    assert model.nearest("D").index[0] == "C"
    # with y weighing a quarter, what D shares with the others carries too little weight
    light = NeighbourModel.of(table, {"x": 3, "y": 1})
    assert light.distances("D").isna().all() and light.nearest("D").empty
    assert "D" not in light.nearest("A").index


def test_the_parts_add_up_to_the_distance_squared(four):
    """A to C: x part ½(4/√5)² = 1.6, y part ½·2² = 2; shares 1.6/3.6 and 2/3.6."""
    model = NeighbourModel.of(four)
    parts = model.breakdown("A", ["B", "C", "D"])
    assert parts.loc["C"].tolist() == pytest.approx([1.6, 2.0])
    assert parts.sum(axis=1).tolist() == pytest.approx((model.distances("A") ** 2).tolist())
    assert model.shares("A", ["C"]).loc["C"].tolist() == pytest.approx([4 / 9, 5 / 9])


def test_the_parts_add_up_with_missing_values_too():
    rng = np.random.default_rng(3)
    table = pd.DataFrame(rng.normal(size=(40, 5)), columns=list("abcde"),
                         index=[f"E{i:02d}" for i in range(40)])
    table = table.mask(rng.random(table.shape) < 0.15)
    model = NeighbourModel.of(table, {"a": 2, "b": 1, "c": 1, "d": 0.5, "e": 0.5})
    for code in table.index[:10]:
        near = model.nearest(code, 8)
        parts = model.breakdown(code, list(near.index))
        assert parts.sum(axis=1).tolist() == pytest.approx((near["distance"] ** 2).tolist())


def test_k_and_ties_broken_by_code():
    """One indicator, 0, 1, 2 for codes z, m, a: z and a are both 1 from m (in z-scores
    the same), so a, the smaller code, comes first."""
    table = pd.DataFrame({"x": [0.0, 1.0, 2.0]}, index=["z", "m", "a"])
    model = NeighbourModel.of(table)
    near = model.nearest("m")
    assert list(near.index) == ["a", "z"]
    assert near["distance"].iloc[0] == near["distance"].iloc[1]
    assert list(model.nearest("m", k=1).index) == ["a"]
    codes, distances = model.all_nearest(k=1)
    assert codes.at["m", 1] == "a" and codes.at["z", 1] == "m"
    with pytest.raises(NeighbourError, match="whole number, 1 or more"):
        model.nearest("m", k=0)
    with pytest.raises(NeighbourError, match="not one of the 3 candidate areas"):
        model.nearest("q")


def test_every_areas_neighbours_at_once_are_each_areas_own():
    rng = np.random.default_rng(7)
    table = pd.DataFrame(rng.normal(size=(300, 6)), columns=list("abcdef"),
                         index=[f"E{i:04d}" for i in rng.permutation(300)])
    table.iloc[::17, 2] = np.nan
    table.iloc[5] = table.iloc[6].to_numpy()  # two areas alike on everything: distance 0
    model = NeighbourModel.of(table, {"a": 2})
    codes, distances = model.all_nearest(k=10)
    assert codes.shape == (300, 10)
    for code in table.index:
        near = model.nearest(code, 10)
        assert codes.loc[code].tolist() == near.index.tolist()
        assert distances.loc[code].tolist() == pytest.approx(near["distance"].tolist())
    assert distances.at[table.index[5], 1] == 0.0


def test_fewer_neighbours_than_asked_are_left_blank(four):
    codes, distances = NeighbourModel.of(four).all_nearest(k=10)
    assert codes.shape == (4, 3)  # three others at most
    assert codes.loc["A"].tolist() == ["B", "C", "D"]


def test_a_bad_table_is_refused():
    with pytest.raises(NeighbourError, match="at least one context indicator"):
        NeighbourModel.of(pd.DataFrame(index=["a", "b"]))
    with pytest.raises(NeighbourError, match="twice"):
        NeighbourModel.of(pd.DataFrame({"x": [1.0, 2.0]}, index=["a", "a"]))
    with pytest.raises(NeighbourError, match="not numbers"):
        NeighbourModel.of(pd.DataFrame({"x": ["p", "q"]}, index=["a", "b"]))


@pytest.fixture
def values():
    """Neighbours n1..n4: 10, 12, 14, 16 (mean 13, sample sd √(20/3) = 2.58)."""
    return pd.DataFrame({"rate": [16.0, 10.0, 12.0, 14.0, 16.0],
                         "good": [16.0, 10.0, 12.0, 14.0, 16.0],
                         "near": [14.0, 10.0, 12.0, 14.0, 16.0],
                         "few": [20.0, 10.0, np.nan, np.nan, np.nan],
                         "own": [np.nan, 10.0, 12.0, 14.0, 16.0]},
                        index=["a", "n1", "n2", "n3", "n4"])


def test_the_comparison_rule_respects_each_indicators_direction(values):
    """16 is 3 above the mean 13, more than one sd (2.58): worse where higher is worse,
    better where higher is better; 14 is 1 above: similar."""
    result = compare(values, "a", ["n1", "n2", "n3", "n4"],
                     {"rate": True, "good": False, "near": True, "few": True, "own": True})
    assert result.at["rate", "neighbours_mean"] == pytest.approx(13)
    assert result.at["rate", "neighbours_sd"] == pytest.approx(math.sqrt(20 / 3))
    assert result.at["rate", "difference"] == pytest.approx(3 / math.sqrt(20 / 3))
    assert result.at["rate", "verdict"] == WORSE
    assert result.at["good", "verdict"] == BETTER
    assert result.at["good", "difference"] == pytest.approx(-3 / math.sqrt(20 / 3))
    assert result.at["near", "verdict"] == SIMILAR
    assert result.at["few", "verdict"] is None  # one neighbour's value: too few
    assert result.at["own", "verdict"] is None  # no value of its own
    assert verdict_counts(result) == {BETTER: 1, SIMILAR: 1, WORSE: 1}


def test_the_comparison_threshold_can_be_set(values):
    result = compare(values, "a", ["n1", "n2", "n3", "n4"], {"near": True}, sds=0.3)
    assert result.at["near", "verdict"] == WORSE  # 1 above the mean, 0.39 sd
