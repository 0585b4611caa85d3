import numpy as np
import pytest

from indices.kernels import fill_sort_keys, write_ranks


def ranks_of(scores):
    """Ranks from the kernels: sort keys, sort, write ranks (one column per draw)."""
    keys = np.empty(scores.shape, dtype=np.uint64)
    fill_sort_keys(scores, keys)
    keys.sort(axis=1)
    by_area = np.zeros((scores.shape[1], len(scores) + 2), dtype=np.int32)
    write_ranks(keys, np.empty(scores.shape, dtype=np.int32), by_area, 1)
    assert (by_area[:, [0, -1]] == 0).all()  # only the columns asked for
    return by_area[:, 1:-1].T


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
    ranks = ranks_of(scores)
    for row, got in zip(scores, ranks, strict=True):
        np.testing.assert_array_equal(got, expected_ranks(row))


def test_negative_zero_ranks_just_below_zero():
    scores = np.array([[0.0, -0.0, 0.0]], dtype=np.float32)
    np.testing.assert_array_equal(ranks_of(scores), [[2, 3, 1]])
