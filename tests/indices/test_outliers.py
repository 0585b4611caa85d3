from pathlib import Path

import numpy as np
import pytest
from scipy.stats import kurtosis, skew

from indices.outliers import OutlierRule, shape, treat_outliers

RULE = OutlierRule("winsorise")


def test_shape_is_the_bias_adjusted_estimators_coinr_uses():
    x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100])
    s, k = shape(x[:, None])
    assert np.isclose(s[0], skew(x, bias=False)) and np.isclose(k[0], kurtosis(x, bias=False))


def test_shape_gives_excels_published_worked_values():
    # Microsoft's examples for SKEW and KURT: 0.359543 and -0.151799637
    x = np.array([3.0, 4, 5, 2, 3, 4, 5, 6, 4, 7])
    s, k = shape(np.column_stack([x, np.r_[x[:9], np.nan]]))
    assert round(s[0], 6) == 0.359543 and round(k[0], 6) == -0.151800
    assert np.isclose(s[1], skew(x[:9], bias=False))  # a missing value is left out


def test_too_few_values_or_no_spread_give_zero():
    s, k = shape(np.array([[1.0, 5.0], [2.0, 5.0], [4.0, 5.0]]))
    assert s[0] != 0 and k[0] == 0  # three values: a skewness but no kurtosis
    assert s[1] == 0 and k[1] == 0


def test_one_extreme_value_is_winsorised_to_the_next():
    # skew 3.12 and excess kurtosis 9.8 are past 2 and 3.5; after 100 -> 9 they are not
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


def test_coinrs_log_transform_is_an_option():
    x = np.r_[np.ones(30), np.arange(2.0, 9.0), 1000.0, 2000.0]
    treated, _, _ = treat_outliers(x[:, None], OutlierRule("winsorise", max_winsorised=1,
                                                           log="coinr"))
    np.testing.assert_allclose(treated[:, 0], np.log(x - 1 + 0.01 * (2000 - 1)))
    low, _, _ = treat_outliers(-x[:, None], OutlierRule("winsorise", max_winsorised=1,
                                                        log="coinr"))
    np.testing.assert_allclose(low[:, 0], -np.log(-1 + 0.01 * (2000 - 1) + x))


def test_a_spec_names_its_log_transform_and_keeps_it(tmp_path):
    from indices.errors import SpecError
    from indices.spec import spec_from_yaml, spec_to_yaml

    text = (Path(__file__).resolve().parents[2] / "indices" / "specs" / "tci_oldham.yaml") \
        .read_text()
    made = spec_from_yaml(text.replace("outliers: none", "outliers: {method: winsorise, "
                                                          "log: coinr}")
                          if "outliers: none" in text else text + "\noutliers: {method: "
                          "winsorise, log: coinr}\n")
    assert made.outliers.log == "coinr"
    assert spec_from_yaml(spec_to_yaml(made)).outliers == made.outliers
    with pytest.raises(SpecError, match="unknown log 'ln'"):
        spec_from_yaml(text + "\noutliers: {method: winsorise, log: ln}\n")


def test_none_changes_nothing():
    x = np.array([[1.0], [1000.0], [1.0], [1.0], [1.0]])
    treated, flags, _ = treat_outliers(x, OutlierRule("none"))
    assert (treated == x).all() and not flags.any()
