import numpy as np
from scipy.stats import rankdata

from indices.ranking import deciles, rank_against, rank_within

NAN = np.nan


def test_rank_within_puts_the_highest_score_first_and_shares_ties():
    np.testing.assert_array_equal(rank_within([3.0, 1.0, 3.0, NAN]), [1, 3, 1, NAN])


def test_rank_against_a_reference():
    reference = np.array([1.0, 2.0, 3.0, 4.0, NAN])
    # 5 beats all four -> 1; 0.5 is below all four -> 5; 3 has one strictly higher -> 2
    np.testing.assert_array_equal(rank_against([5.0, 0.5, 3.0, NAN], reference),
                                  [1, 5, 2, NAN])


def test_deciles_of_ranks():
    # out of 3: ceil(1 * 10 / 3) = 4, ceil(20 / 3) = 7, 10
    np.testing.assert_array_equal(deciles([1, 2, 3, NAN], 3), [4, 7, 10, NAN])
    np.testing.assert_array_equal(deciles(np.arange(1, 21), 20),
                                  np.repeat(np.arange(1, 11), 2))


def test_rank_within_matches_min_ranking_on_many_ties():
    rng = np.random.default_rng(7)
    scores = np.round(rng.normal(size=5_000), 1)
    scores[rng.integers(0, scores.size, 300)] = NAN
    present = ~np.isnan(scores)
    expected = np.full(scores.size, NAN)
    expected[present] = rankdata(-scores[present], method="min")
    np.testing.assert_array_equal(rank_within(scores), expected)


def test_rank_within_of_nothing_but_missing_scores():
    np.testing.assert_array_equal(rank_within([NAN, NAN]), [NAN, NAN])
