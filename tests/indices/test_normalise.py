import numpy as np
import pytest
from scipy.stats import rankdata

from indices.errors import DataError, SpecError, UnknownMethodError
from indices.normalise import NORMALISERS, check_parameters, method_parameters, normalise

NAN = np.nan


def close(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=0, atol=1e-9, equal_nan=True)


def test_zscore_uses_the_sample_standard_deviation():
    # mean 2, sample sd 1
    close(normalise([1, 2, 3], "zscore", True), [-1, 0, 1])
    close(normalise([1, 2, 3], "zscore", False), [1, 0, -1])


def test_zscore_keeps_missing_values_missing_and_flat_indicators_at_zero():
    close(normalise([1, NAN, 3], "zscore", True), [-1 / np.sqrt(2), NAN, 1 / np.sqrt(2)])
    close(normalise([4, 4, NAN], "zscore", True), [0, 0, NAN])


def test_minmax_runs_from_0_to_100_in_need_order():
    close(normalise([10, 20, 40], "minmax", True), [0, 100 / 3, 100])
    close(normalise([10, 20, 40], "minmax", False), [100, 200 / 3, 0])
    close(normalise([7, 7], "minmax", True), [50, 50])


def test_percentile_rank_with_ties():
    close(normalise([5, 1, 3], "percentile", True), [100, 0, 50])
    # ties share their mean rank 1.5: 100 * (1.5 - 1) / 2 = 25
    close(normalise([1, 1, 2], "percentile", True), [25, 25, 100])
    close(normalise([1, 1, 2], "percentile", False), [75, 75, 0])


def test_percentile_ranks_match_scipy_with_ties_and_missing_values():
    rng = np.random.default_rng(4)
    values = rng.integers(0, 8, size=(200, 5)).astype(float)
    values[rng.random(values.shape) < 0.2] = NAN
    values[::9, 1] = -0.0  # equal to 0.0
    ranks = rankdata(values, axis=0, method="average", nan_policy="omit")
    n = np.count_nonzero(~np.isnan(values), axis=0)
    np.testing.assert_array_equal(normalise(values, "percentile", True),
                                  (ranks - 1) / (n - 1) * 100.0)


def test_rank_normal_scores():
    # inverse normal of (r - 0.5) / 4 for r = 1..4
    expected = [-1.15034938, -0.31863936, 0.31863936, 1.15034938]
    np.testing.assert_allclose(normalise([10, 20, 30, 40], "rank_normal", True), expected,
                               atol=1e-8)
    np.testing.assert_allclose(normalise([10, 20, 30, NAN], "rank_normal", False)[:3],
                               [0.9674216, 0.0, -0.9674216], atol=1e-7)


def test_exponential_ranks_among_the_areas():
    # need ranks 3, 2, 1 of N = 3: R = 1/3, 2/3, 1; X = -23 ln(1 - R (1 - e^(-100/23)))
    close(normalise([10, 20, 30], "exponential", True), [9.177425077599056,
                                                          24.68064330052791, 100])


def test_exponential_of_national_ranks():
    # rank 1 of 10 (most deprived) -> R = 1 -> 100; rank 10 -> R = 0.1 -> 2.3902597
    close(normalise([1, 10], "exponential", False, reference_size=10),
          [100, 2.390259732416166])
    # ranks counted the other way round are turned round
    close(normalise([10, 1], "exponential", True, reference_size=10),
          [100, 2.390259732416166])


@pytest.mark.parametrize("bad", [0, 11, 2.5])
def test_exponential_refuses_values_that_are_not_national_ranks(bad):
    with pytest.raises(DataError, match=r"needs whole-number ranks from 1 to 10, but found"):
        normalise([1, bad], "exponential", False, reference_size=10)


def test_unknown_method_lists_the_methods():
    with pytest.raises(UnknownMethodError, match="exponential, minmax, percentile, "
                       "rank_normal, zscore"):
        normalise([1, 2], "zcore", True)


def test_parameters_are_checked():
    assert method_parameters("exponential") == ["reference_size"]
    with pytest.raises(SpecError, match="normalisation 'zscore' has no parameter 'size'; it "
                       "takes no parameters"):
        check_parameters("zscore", {"size": 3}, "spec")
    with pytest.raises(SpecError, match="reference_size must be a positive whole number"):
        check_parameters("exponential", {"reference_size": "many"}, "spec")


def test_every_method_has_a_plain_description():
    for method in ("zscore", "minmax", "percentile", "rank_normal", "exponential"):
        assert len(NORMALISERS.describe(method)) > 20 and "\n" not in NORMALISERS.describe(method)
