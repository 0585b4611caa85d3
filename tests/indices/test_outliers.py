import numpy as np
from scipy.stats import kurtosis, skew

from indices.outliers import OutlierRule, shape, treat_outliers

RULE = OutlierRule("winsorise")


def test_shape_matches_scipy():
    x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100])
    s, k = shape(x[:, None])
    assert np.isclose(s[0], skew(x)) and np.isclose(k[0], kurtosis(x))


def test_one_extreme_value_is_winsorised_to_the_next():
    # skew 2.63 and excess kurtosis 5.0 are past 2 and 3.5; after 100 -> 9 they are not
    x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100])
    treated, flags, notes = treat_outliers(np.column_stack([x, np.arange(10.0)]), RULE)
    assert treated[:, 0].tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 9]
    assert flags[:, 0].tolist() == [False] * 9 + [True] and not flags[:, 1].any()
    assert notes == ["winsorised the 1 highest value(s)", ""]


def test_negative_skew_winsorises_the_lowest():
    x = -np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100])
    treated, flags, notes = treat_outliers(x[:, None], RULE)
    assert treated[9, 0] == -9 and notes == ["winsorised the 1 lowest value(s)"]


def test_log_transform_when_winsorising_is_not_enough():
    x = np.r_[np.ones(30), np.arange(2.0, 9.0), 1000.0, 2000.0]
    treated, flags, notes = treat_outliers(x[:, None], OutlierRule("winsorise",
                                                                   max_winsorised=1))
    assert notes == ["log-transformed (winsorising was not enough)"]
    np.testing.assert_allclose(treated[:, 0], np.log(x - 1 + 1))
    assert flags.all()


def test_none_changes_nothing():
    x = np.array([[1.0], [1000.0], [1.0], [1.0], [1.0]])
    treated, flags, _ = treat_outliers(x, OutlierRule("none"))
    assert (treated == x).all() and not flags.any()
