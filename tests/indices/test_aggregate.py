import numpy as np
import pytest

from indices.aggregate import AGGREGATORS, aggregate, effective_weights
from indices.errors import DataError, UnknownMethodError

NAN = np.nan


def close(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=0, atol=1e-9, equal_nan=True)


def test_weighted_arithmetic_mean():
    values = np.array([[1.0, 2.0], [4.0, 0.0]])
    # 0.25 * 1 + 0.75 * 2 = 1.75; 0.25 * 4 + 0 = 1
    close(aggregate(values, np.array([0.25, 0.75]), "arithmetic", "reweight"), [1.75, 1.0])


def test_reweighting_scores_an_area_on_what_it_has():
    values = np.array([[3.0, NAN], [NAN, NAN]])
    close(aggregate(values, np.array([0.25, 0.75]), "arithmetic", "reweight"), [3.0, NAN])


def test_propagating_leaves_incomplete_areas_unscored():
    values = np.array([[1.0, 2.0], [3.0, NAN]])
    close(aggregate(values, np.array([0.5, 0.5]), "arithmetic", "propagate"), [1.5, NAN])


def test_weights_that_are_not_rescaled_keep_their_total():
    # weights 1 + 1: a full row sums, a row missing half is scaled to the same total
    values = np.array([[1.0, 2.0], [3.0, NAN]])
    close(aggregate(values, np.array([1.0, 1.0]), "arithmetic", "reweight"), [3.0, 6.0])
    close(effective_weights(values, np.array([1.0, 1.0]), "reweight"), [[1, 1], [2, 0]])


def test_weighted_geometric_mean():
    values = np.array([[4.0, 1.0], [0.0, 16.0], [9.0, NAN], [0.25, 0.5]])
    # sqrt(4 * 1) = 2; 0 counts as 1: sqrt(1 * 16) = 4; 9 alone reweighted to full weight;
    # scores below 1 count as 1
    close(aggregate(values, np.array([0.5, 0.5]), "geometric", "reweight"), [2.0, 4.0, 9.0, 1.0])


def test_geometric_refuses_negative_scores():
    with pytest.raises(DataError, match=r"geometric aggregation needs scores of 0 or more, but "
                       r"found -1\. Normalise with minmax"):
        aggregate(np.array([[-1.0, 2.0]]), np.array([0.5, 0.5]), "geometric", "reweight")


def test_unknown_aggregation_is_named():
    with pytest.raises(UnknownMethodError, match="unknown aggregation method 'median'. Use one "
                       "of: arithmetic, geometric"):
        aggregate(np.ones((1, 1)), np.ones(1), "median", "reweight")


def test_descriptions_are_one_line():
    assert AGGREGATORS.describe("arithmetic").startswith("Weighted arithmetic mean")
    assert AGGREGATORS.describe("geometric").startswith("Weighted geometric mean")
