"""Funnel plot limits against published tables and hand-worked Poisson and binomial tails."""

import numpy as np
import pandas as pd
import pytest

from data.funnel import STATUSES, control_limits, count_limits, funnel


def test_limits_meet_the_exact_confidence_limits_of_the_standard_tables():
    # The 95% exact limits of 5 events are 1.6235 to 11.6683 (Geigy Scientific Tables):
    # 5 events sit on the upper limit where 1.6235 are expected, on the lower where 11.6683.
    assert count_limits(np.array([1.6235]), 0.95, "upper")[0] == pytest.approx(5, abs=1e-3)
    assert count_limits(np.array([11.6683]), 0.95, "lower")[0] == pytest.approx(5, abs=1e-3)
    # With 0 events the upper limit is 3.6889: below that no count can fall under the limit.
    assert count_limits(np.array([3.6889]), 0.95, "lower")[0] == pytest.approx(0, abs=1e-3)
    assert count_limits(np.array([2.0]), 0.95, "lower")[0] == 0


def test_statuses_follow_the_poisson_tails_worked_by_hand():
    # Poisson(2): P(Y >= 5) = 0.0527, P(Y >= 6) = 0.0166, P(Y >= 8) = 0.0011,
    # P(Y >= 9) = 0.00024, so with 2 expected 5 is within, 6 and 8 above the 95% limit
    # and 9 above the 99.8% limit.
    counts = pd.Series([5, 6, 8, 9], index=list("abcd"))
    result = funnel(counts, pd.Series(1000, index=counts.index), per=1000, target=2)
    assert result.areas["status"].tolist() == [
        "within the limits", "above 95% limit", "above 95% limit", "above 99.8% limit"]
    assert result.areas["expected"].tolist() == [2, 2, 2, 2]


def test_low_counts_fall_below_the_limits_worked_by_hand():
    # Poisson(20): P(Y <= 11) = 0.0214, P(Y <= 12) = 0.0390, P(Y <= 7) = 0.00078,
    # P(Y <= 8) = 0.0021.
    counts = pd.Series([12, 11, 8, 7])
    result = funnel(counts, pd.Series([2000] * 4), per=1000, target=10)
    assert result.areas["status"].tolist() == [
        "within the limits", "below 95% limit", "below 95% limit", "below 99.8% limit"]


def test_limits_approach_the_normal_ones_for_large_counts():
    # 10,000 expected: about 10,000 +/- 1.96 x 100 and +/- 3.09 x 100
    limits = control_limits(np.array([1_000_000]), target=10, per=1000).iloc[0] * 1000
    assert limits["upper_95"] == pytest.approx(10_000 + 196, abs=2)
    assert limits["lower_95"] == pytest.approx(10_000 - 196, abs=2)
    assert limits["upper_998"] == pytest.approx(10_000 + 309, abs=2)
    assert limits["lower_998"] == pytest.approx(10_000 - 309, abs=2)


def test_rates_per_year_and_the_pooled_target():
    counts = pd.Series([30, 6], index=["a", "b"])
    result = funnel(counts, pd.Series([2000, 1000], index=counts.index), per=1000, years=3)
    assert result.target == pytest.approx(36 / 9000 * 1000)  # 4 per 1,000 a year
    assert result.areas.at["a", "rate"] == pytest.approx(5)
    assert result.areas.at["a", "expected"] == pytest.approx(24)
    # Byar's interval of 30 events, 20.24 to 42.83, over 6,000 person-years
    assert result.areas.at["a", "low"] == pytest.approx(20.24 / 6, abs=0.01)
    assert result.areas.at["a", "high"] == pytest.approx(42.83 / 6, abs=0.01)


def test_areas_without_a_count_or_a_denominator_have_no_status():
    result = funnel(pd.Series([np.nan, 4, 4]), pd.Series([1000, 0, 1000]), target=4)
    assert result.areas["status"].isna().tolist() == [True, True, False]
    assert np.isnan(result.areas.at[0, "upper_95"])


def test_the_grid_spans_the_areas_and_narrows():
    result = funnel(pd.Series([10, 40]), pd.Series([1000, 4000]))
    grid = result.grid
    assert grid["denominator"].iloc[0] == 900 and grid["denominator"].iloc[-1] == 4400
    assert (grid["target"] == result.target).all()
    assert grid["upper_95"].is_monotonic_decreasing
    assert (grid["upper_998"] > grid["upper_95"]).all()
    assert (grid["lower_95"] > grid["lower_998"]).all()
    assert set(STATUSES) >= set(result.areas["status"])


def test_proportions_follow_the_binomial_worked_by_hand():
    # Binomial(20, 0.5): P(X >= 14) = 0.0577, P(X >= 15) = 0.0207, P(X >= 17) = 0.0013,
    # P(X >= 18) = 0.0002.
    counts = pd.Series([14, 15, 17, 18])
    result = funnel(counts, pd.Series([20] * 4), per=100, target=50, proportion=True)
    assert result.areas["status"].tolist() == [
        "within the limits", "above 95% limit", "above 95% limit", "above 99.8% limit"]
    # Wilson's interval for 15 of 20 (Newcombe's method 3): 53.1% to 88.8%
    assert result.areas.at[1, "low"] == pytest.approx(53.13, abs=0.01)
    assert result.areas.at[1, "high"] == pytest.approx(88.81, abs=0.01)


def test_no_usable_area_gives_no_target_and_no_status():
    result = funnel(pd.Series([np.nan, np.nan]), pd.Series([1000, 1000]))
    assert np.isnan(result.target) and result.areas["status"].isna().all()
