import numpy as np
import pytest
from scipy.stats import rankdata

from indices.kernels import average_ranks, cell_sums, fill_sort_keys, fill_value_keys, write_ranks


def ranks_of(scores, dtype=np.int32):
    """Ranks from the kernels (one row per draw): sort keys, sort, write."""
    ranks = np.zeros(scores.shape, dtype=dtype)
    keys = np.empty(scores.shape[1])
    for row, out in zip(scores, ranks, strict=True):
        fill_sort_keys(row, keys)
        keys.sort()
        write_ranks(keys, out)
    return ranks


def expected_ranks(row):
    """1 for the highest score; equal scores: the later area first; missing ones last."""
    value = np.where(np.isnan(row), -np.inf, row)
    order = np.lexsort((np.arange(len(row)), value))[::-1]  # descending (score, area)
    ranks = np.empty(len(row), dtype=np.int32)
    ranks[order] = np.arange(1, len(row) + 1)
    return ranks


@pytest.mark.parametrize("size", [1, 2, 7, 300])
def test_ranks_are_exact_with_ties_missing_and_infinite_scores(size):
    rng = np.random.default_rng(size)
    scores = rng.integers(-3, 4, size=(5, size)).astype(np.float32)
    scores[1] += rng.standard_normal(size).astype(np.float32)
    scores[rng.random(scores.shape) < 0.15] = np.nan
    scores[rng.random(scores.shape) < 0.05] = np.inf
    scores[rng.random(scores.shape) < 0.05] = -np.inf
    scores[3] = 1.0
    scores[4] = np.nan
    for got, row in zip(ranks_of(scores), scores, strict=True):
        np.testing.assert_array_equal(got, expected_ranks(row))


def test_negative_zero_ranks_just_below_zero():
    scores = np.array([[0.0, -0.0, 0.0]], dtype=np.float32)
    np.testing.assert_array_equal(ranks_of(scores), [[2, 3, 1]])


def test_ranks_in_16_bits():
    scores = np.random.default_rng(1).standard_normal((4, 50)).astype(np.float32)
    for got, row in zip(ranks_of(scores, np.uint16), scores, strict=True):
        np.testing.assert_array_equal(got, expected_ranks(row))


def test_extreme_scores_keep_their_order():
    big = np.finfo(np.float32).max
    tiny = np.finfo(np.float32).smallest_subnormal
    scores = np.array([[big, -big, tiny, -tiny, 0.0, np.inf, -np.inf, np.nan, 1.0, -1.0]],
                      dtype=np.float32)
    np.testing.assert_array_equal(ranks_of(scores), [[2, 8, 4, 6, 5, 1, 10, 9, 3, 7]])


def average_ranks_of(columns):
    keys = np.empty(columns.shape)
    fill_value_keys(columns, keys)
    keys.sort(axis=1)
    ranks = np.empty(columns.shape)
    average_ranks(columns, keys, ranks)
    return ranks


def test_average_ranks_match_scipy_with_ties_and_missing_values():
    rng = np.random.default_rng(5)
    columns = rng.integers(0, 6, size=(4, 40)).astype(float)
    columns[rng.random(columns.shape) < 0.2] = np.nan
    columns[2] = np.nan  # nothing to rank
    columns[3] = 7.0  # one tie over the whole row
    np.testing.assert_array_equal(average_ranks_of(columns),
                                  rankdata(columns, axis=1, nan_policy="omit"))


@pytest.mark.parametrize("size", [5, 200])  # a few (put in order one by one) and many
def test_average_ranks_tell_apart_values_alike_in_single_precision(size):
    rng = np.random.default_rng(size)
    alike = 1.0 + rng.permutation(size) * 1e-12  # all 1.0 in single precision
    alike[::4] = 1.0  # with ties among them
    columns = np.array([np.concatenate([alike, [0.5, 2.0, np.nan, np.inf, -np.inf, 1e300,
                                                -1e300, 0.0, -0.0]])])
    np.testing.assert_array_equal(average_ranks_of(columns),
                                  rankdata(columns, axis=1, nan_policy="omit"))


def test_cell_sums_by_hand():
    ranks = np.array([[1, 2, 3], [3, 1, 2], [2, 3, 1], [1, 3, 2]], dtype=np.uint16)
    sums = np.zeros((2, 2), dtype=np.int64)
    squares = np.zeros(2, dtype=np.int64)
    # cells: draws 0-2 and draw 3; areas 0 and 2
    cell_sums(ranks, np.array([0, 2]), np.array([0, 3]), sums, squares)
    np.testing.assert_array_equal(sums, [[1 + 3 + 2, 3 + 2 + 1], [1, 2]])
    np.testing.assert_array_equal(squares, [1 + 9 + 4 + 1, 9 + 4 + 1 + 4])
