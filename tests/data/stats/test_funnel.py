"""Funnel plot limits against published tables and hand-worked Poisson and binomial tails,
and Spiegelhalter's (2005) over-dispersion worked by hand."""

import re

import numpy as np
import pandas as pd
import pytest

from data.stats.funnel import (
    STATUSES,
    adjusted_limits,
    control_limits,
    count_limits,
    estimate_dispersion,
    make_funnel,
    winsorise,
    z_scores,
)


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
    result = make_funnel(counts, pd.Series(1000, index=counts.index), per=1000, target=2)
    assert result.areas["status"].tolist() == [
        "within the limits", "above 95% limit", "above 95% limit", "above 99.8% limit"]
    assert result.areas["expected"].tolist() == [2, 2, 2, 2]


def test_low_counts_fall_below_the_limits_worked_by_hand():
    # Poisson(20): P(Y <= 11) = 0.0214, P(Y <= 12) = 0.0390, P(Y <= 7) = 0.00078,
    # P(Y <= 8) = 0.0021.
    counts = pd.Series([12, 11, 8, 7])
    result = make_funnel(counts, pd.Series([2000] * 4), per=1000, target=10)
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
    result = make_funnel(counts, pd.Series([2000, 1000], index=counts.index), per=1000, years=3)
    assert result.target == pytest.approx(36 / 9000 * 1000)  # 4 per 1,000 a year
    assert result.areas.at["a", "rate"] == pytest.approx(5)
    assert result.areas.at["a", "expected"] == pytest.approx(24)
    # Byar's interval of 30 events, 20.24 to 42.83, over 6,000 person-years
    assert result.areas.at["a", "low"] == pytest.approx(20.24 / 6, abs=0.01)
    assert result.areas.at["a", "high"] == pytest.approx(42.83 / 6, abs=0.01)


def test_areas_without_a_count_or_a_denominator_have_no_status():
    result = make_funnel(pd.Series([np.nan, 4, 4]), pd.Series([1000, np.nan, 1000]), target=4)
    assert result.areas["status"].isna().tolist() == [True, True, False]
    assert np.isnan(result.areas.at[0, "upper_95"])


@pytest.mark.parametrize(("counts", "bases", "proportion", "says"), [
    ([3, -2], [100, 100], False, "E01000002: the count is -2; a count cannot be negative"),
    ([3, 4], [100, 0], False, "E01000002: the denominator is 0, so no rate can be made"),
    ([3, 4], [100, -5], False, "E01000002: the denominator is -5"),
    ([3, 12], [100, 10], True, "E01000002: the part (12) is larger than its whole (10)"),
])
def test_impossible_counts_are_refused_naming_the_area_and_the_value(counts, bases,
                                                                     proportion, says):
    from data.errors import ImpossibleCountError

    index = ["E01000001", "E01000002"]
    with pytest.raises(ImpossibleCountError, match=re.escape(says)) as raised:
        make_funnel(pd.Series(counts, index=index), pd.Series(bases, index=index),
                    per=100 if proportion else 1000, proportion=proportion,
                    what="Road casualties")
    assert str(raised.value).startswith("Road casualties: ")


def test_a_message_names_five_areas_and_counts_the_rest():
    from data.errors import ImpossibleCountError

    index = [f"E0100000{n}" for n in range(8)]
    with pytest.raises(ImpossibleCountError, match="and 3 more areas like these"):
        make_funnel(pd.Series([-1] * 8, index=index), pd.Series([100] * 8, index=index))


@pytest.mark.parametrize(("target", "size"), [(50, 5), (50, 1), (90, 3)])
def test_proportion_limits_stay_within_0_and_100_per_cent(target, size):
    limits = control_limits(np.array([float(size)]), target, per=100, proportion=True)
    assert ((limits >= 0) & (limits <= 100)).all().all(), limits
    assert limits.loc[0, "upper_998"] == 100  # p0 = 0.5 at n = 5 had given 101.8%


def test_proportion_limits_of_a_target_of_0_or_100_per_cent_are_not_missing():
    none = control_limits(np.array([20.0, 200.0]), 0, per=100, proportion=True)
    assert (none == 0).all().all()
    every = control_limits(np.array([20.0]), 100, per=100, proportion=True)
    assert (every == 100).all().all()


def test_the_grid_spans_the_areas_and_narrows():
    result = make_funnel(pd.Series([10, 40]), pd.Series([1000, 4000]))
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
    result = make_funnel(counts, pd.Series([20] * 4), per=100, target=50, proportion=True)
    assert result.areas["status"].tolist() == [
        "within the limits", "above 95% limit", "above 95% limit", "above 99.8% limit"]
    # Wilson's interval for 15 of 20 (Newcombe's method 3): 53.1% to 88.8%
    assert result.areas.at[1, "low"] == pytest.approx(53.13, abs=0.01)
    assert result.areas.at[1, "high"] == pytest.approx(88.81, abs=0.01)


def test_no_usable_area_gives_no_target_and_no_status():
    result = make_funnel(pd.Series([np.nan, np.nan]), pd.Series([1000, 1000]))
    assert np.isnan(result.target) and result.areas["status"].isna().all()


# Ten areas against a target of 10 per 1,000 a year, with expected counts E = 4, 9, ..., 121
# (perfect squares, so sqrt(E) = 2, 3, ..., 11) and observed counts that are squares too.
EXPECTED = [4, 9, 16, 25, 36, 49, 64, 81, 100, 121]
OBSERVED = [1, 16, 9, 36, 25, 81, 49, 100, 64, 225]
SPREAD = pd.Series(OBSERVED, index=list("abcdefghij"))
SIZES = pd.Series([e * 100 for e in EXPECTED], index=SPREAD.index)  # 10 per 1,000: E = n / 100
# Worked by hand (checked in plain Python with the math module only):
# z = 2 (sqrt(O) - sqrt(E)) = 2 x (-1, 1, -1, 1, -1, 2, -1, 1, -2, 4)
#   = -2, 2, -2, 2, -2, 4, -2, 2, -4, 8
# sorted: -4, -2, -2, -2, -2, 2, 2, 2, 4, 8
# 10th percentile (position 0.9): -4 + 0.9 x (-2 - -4) = -2.2
# 90th percentile (position 8.1): 4 + 0.1 x (8 - 4) = 4.4
# Winsorised: -4 -> -2.2 and 8 -> 4.4; squares 4.84 + 4 x 4 + 3 x 4 + 16 + 19.36 = 68.2
# phi = 68.2 / 10 = 6.82; I phi = 68.2 against chi-squared on 9 degrees of freedom:
# P = erfc(sqrt(34.1)) + exp(-34.1) sum_{j=1..4} 34.1^(j - 1/2) / Gamma(j + 1/2) = 3.4283e-11
# w = 4E: sum w = 4 x 505 = 2020; sum w^2 = 16 x 39,973 = 639,568;
# sum w - sum w^2 / sum w = 2020 - 316.6178 = 1703.3822
# tau2 = (68.2 - 9) / 1703.3822 = 0.0347544
PHI, TAU2, P_VALUE = 6.82, 0.034754384985956885, 3.428252403200503e-11


def test_z_scores_winsorised_and_the_dispersion_worked_by_hand():
    z, weights = z_scores(SPREAD.to_numpy(), SIZES.to_numpy(), target=10, per=1000)
    assert z.tolist() == pytest.approx([-2, 2, -2, 2, -2, 4, -2, 2, -4, 8])
    assert weights.tolist() == pytest.approx([4 * e for e in EXPECTED])
    assert winsorise(z).tolist() == pytest.approx([-2, 2, -2, 2, -2, 4, -2, 2, -2.2, 4.4])
    spread = estimate_dispersion(z, weights)
    assert spread.phi == pytest.approx(PHI)
    assert spread.tau2 == pytest.approx(TAU2)
    assert spread.p_value == pytest.approx(P_VALUE, rel=1e-6)
    assert not spread.adjusted


def test_the_funnel_reports_the_dispersion_and_widens_only_when_asked():
    exact = make_funnel(SPREAD, SIZES, per=1000, target=10)
    assert (exact.dispersion.phi, exact.dispersion.tau2) == pytest.approx((PHI, TAU2))
    assert not exact.dispersion.adjusted
    assert exact.areas.at["j", "status"] == "above 99.8% limit"  # z = 8
    wide = make_funnel(SPREAD, SIZES, per=1000, target=10, overdispersion=True)
    assert wide.dispersion.adjusted and wide.dispersion.tau2 == pytest.approx(TAU2)
    # At E = 25: s^2 = 1 / 100; limits 10 (1 +/- z_alpha sqrt(0.01 + 0.0347544))^2
    # = 3.42652 to 20.01192 (95%, z = 1.959964) and 1.19892 to 27.34875 (99.8%, z = 3.090232)
    limits = wide.areas.loc["d", ["lower_998", "lower_95", "upper_95", "upper_998"]]
    assert limits.tolist() == pytest.approx([1.19892, 3.42652, 20.01192, 27.34875], abs=1e-4)
    # At E = 121: upper 95% limit 10 (1 + 1.959964 sqrt(1/484 + 0.0347544))^2 = 18.936, so
    # area j (225 of 121 expected, 18.60 per 1,000) is within the widened limits
    assert wide.areas.at["j", "upper_95"] == pytest.approx(18.936, abs=1e-3)
    assert wide.areas.at["j", "status"] == "within the limits"
    assert list(wide.areas.columns) == list(exact.areas.columns)
    assert list(wide.grid.columns) == list(exact.grid.columns)


def test_a_lower_limit_below_zero_on_the_root_scale_is_zero():
    # At E = 4: 1 - 3.090232 sqrt(1/16 + 0.0347544) = 0.0363 > 0, but with tau2 = 1 it is below 0
    limits = adjusted_limits(np.array([400, 400]), target=10, tau2=1.0, per=1000)
    assert (limits["lower_998"] == 0).all() and (limits["lower_95"] == 0).all()
    limits = adjusted_limits(np.array([400]), target=10, tau2=TAU2, per=1000)
    assert limits.at[0, "lower_998"] == pytest.approx(10 * 0.0362914 ** 2, rel=1e-4)


def test_adjusted_limits_are_wider_than_the_exact_ones():
    exact = make_funnel(SPREAD, SIZES, per=1000, target=10).grid
    wide = make_funnel(SPREAD, SIZES, per=1000, target=10, overdispersion=True).grid
    assert (wide["upper_95"] > exact["upper_95"]).all()
    assert (wide["upper_998"] > exact["upper_998"]).all()
    assert (wide["lower_95"] <= exact["lower_95"]).all()
    assert (wide["lower_998"] <= exact["lower_998"]).all()
    # where 10 or more events are expected the widened lower limits are below the exact ones
    # (at E = 10: exact 95% about 4.8 per 1,000; 10 (1 - 1.96 sqrt(0.025 + tau2))^2 = 2.7)
    assert (wide["lower_95"] < exact["lower_95"])[exact["denominator"] >= 1000].all()
    assert (wide["upper_95"] - wide["lower_95"] > exact["upper_95"] - exact["lower_95"]).all()


def test_where_few_events_are_expected_the_exact_limit_is_kept():
    # 3.6 expected (360 at 10 per 1,000): P(Y = 0) = exp(-3.6) = 0.0273 > 0.025, so the exact
    # lower 95% limit is 0; on the root scale it is 10 (1 - 1.959964 sqrt(1/14.4 + tau2))^2
    # = 10 x 0.367327^2 = 1.3493 per 1,000, which the funnel does not use.
    approximate = adjusted_limits(np.array([360]), target=10, tau2=TAU2, per=1000)
    assert approximate.at[0, "lower_95"] == pytest.approx(1.3493, abs=1e-4)
    counts = pd.concat([SPREAD, pd.Series([0], index=["k"])])
    sizes = pd.concat([SIZES, pd.Series([360], index=["k"])])
    wide = make_funnel(counts, sizes, per=1000, target=10, overdispersion=True)
    assert wide.dispersion.adjusted
    assert wide.areas.at["k", "lower_95"] == 0
    assert wide.areas.at["k", "status"] == "within the limits"


def test_counts_as_expected_are_not_over_dispersed_and_keep_the_exact_limits():
    # O = E = 10, 20, ..., 100: every z-score is 0, so phi = 0, tau2 = max(0, (0 - 9) / ...) = 0
    # and P(chi2(9) >= 0) = 1
    sizes = pd.Series(range(1000, 11_000, 1000))
    counts = sizes / 100
    exact = make_funnel(counts, sizes, per=1000, target=10)
    assert (exact.dispersion.phi, exact.dispersion.tau2, exact.dispersion.p_value) == (0, 0, 1)
    limits = control_limits(sizes.to_numpy(), target=10, per=1000)
    pd.testing.assert_frame_equal(exact.areas[list(limits.columns)].reset_index(drop=True),
                                  limits)
    asked = make_funnel(counts, sizes, per=1000, target=10, overdispersion=True)
    assert not asked.dispersion.adjusted
    assert asked.areas["status"].tolist() == exact.areas["status"].tolist()
    pd.testing.assert_frame_equal(asked.grid, exact.grid)


def test_proportions_use_the_arcsine_square_root_worked_by_hand():
    # 4 areas of 100 against 50%: asin(sqrt(0.25)) = pi/6, asin(sqrt(0.5)) = pi/4,
    # asin(sqrt(0.75)) = pi/3, and s = 1 / (2 sqrt(100)) = 1/20, so
    # z = 20 (pi/6 - pi/4), 20 (pi/3 - pi/4), 0, 0 = -a, a, 0, 0 with a = 5 pi / 3.
    # Sorted -a, 0, 0, a: 10th percentile (position 0.3) -0.7a, 90th (2.7) 0.7a;
    # phi = 2 x 0.49 a^2 / 4 = 0.245 x 25 pi^2 / 9 = 6.716814;
    # w = 400 each: sum w - sum w^2 / sum w = 1600 - 400 = 1200;
    # tau2 = (4 phi - 3) / 1200 = 0.0198894; P(chi2(3) >= 4 phi = 26.867) = 6.2769e-6
    # 95% limits at 100: 100 sin^2(pi/4 +/- 1.959964 sqrt(1/400 + tau2)) = 22.3258% to 77.6742%
    counts = pd.Series([25, 75, 50, 50])
    result = make_funnel(counts, pd.Series([100] * 4), per=100, target=50, proportion=True,
                         overdispersion=True)
    z, weights = z_scores(counts.to_numpy(), np.full(4, 100.0), target=50, per=100,
                          proportion=True)
    a = 5 * np.pi / 3
    assert z.tolist() == pytest.approx([-a, a, 0, 0])
    assert weights.tolist() == [400] * 4
    spread = result.dispersion
    assert spread.phi == pytest.approx(6.716814, rel=1e-6)
    assert spread.tau2 == pytest.approx(0.0198894, rel=1e-5)
    assert spread.p_value == pytest.approx(6.2769e-6, rel=1e-4)
    assert result.areas.at[0, "lower_95"] == pytest.approx(22.3258, abs=1e-4)
    assert result.areas.at[0, "upper_95"] == pytest.approx(77.6742, abs=1e-4)
    assert result.areas.at[0, "upper_998"] == pytest.approx(89.9247, abs=1e-4)
    assert result.areas["status"].tolist() == ["within the limits"] * 4
    # a share of 0% or 100% stays within 0 to pi/2, however wide tau2
    limits = adjusted_limits(np.array([100]), target=50, tau2=10.0, per=100, proportion=True)
    assert limits.iloc[0].tolist() == pytest.approx([0, 0, 100, 100])


def test_too_few_areas_give_no_dispersion_and_the_exact_limits():
    result = make_funnel(pd.Series([5, np.nan]), pd.Series([1000, 1000]), target=4,
                         overdispersion=True)
    assert np.isnan(result.dispersion.phi) and np.isnan(result.dispersion.p_value)
    assert not result.dispersion.adjusted
    assert result.areas.at[0, "upper_95"] == pytest.approx(
        control_limits(np.array([1000]), 4).at[0, "upper_95"])
