"""Confidence intervals against published worked examples."""

import numpy as np
import pytest

from data.stats.rates import (
    byar_interval,
    count_interval,
    exact_interval,
    rate_interval,
    wilson_interval,
)


def test_exact_poisson_limits_from_the_standard_tables():
    # 95% limits of a Poisson count (e.g. Geigy Scientific Tables): 0 -> 0 to 3.689,
    # 5 -> 1.624 to 11.668, 9 -> 4.115 to 17.084
    low, high = exact_interval([0, 5, 9])
    np.testing.assert_allclose(low, [0, 1.6235, 4.1153], atol=1e-3)
    np.testing.assert_allclose(high, [3.6889, 11.6683, 17.0848], atol=1e-3)


def test_byar_matches_the_worked_example():
    # APHO technical briefing 3: 20 events -> 12.22 to 30.89
    low, high = byar_interval([20])
    assert low[0] == pytest.approx(12.22, abs=0.01) and high[0] == pytest.approx(30.89, abs=0.01)


def test_exact_below_ten_and_byar_from_ten():
    low, high = count_interval([9, 10])
    assert low[0] == pytest.approx(exact_interval([9])[0][0])
    assert low[1] == pytest.approx(byar_interval([10])[0][0])


def test_rates_per_thousand():
    rate, low, high = rate_interval([20, 3], [4000, 0])
    assert rate[0] == 5 and low[0] == pytest.approx(12.22 / 4, abs=0.01)
    assert np.isnan(rate[1]) and np.isnan(high[1])


def test_wilson_matches_newcombes_example():
    # Newcombe (1998), example: 81 of 263 -> 0.2553 to 0.3662
    p, low, high = wilson_interval([81], [263])
    assert p[0] == pytest.approx(81 / 263)
    assert low[0] == pytest.approx(0.2553, abs=1e-4) and high[0] == pytest.approx(0.3662, abs=1e-4)
    assert np.isnan(wilson_interval([0], [0])[0][0])
