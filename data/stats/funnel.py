"""Funnel plots: each area's rate against a target, with control limits that narrow with size.

An area's count is compared with what the target rate would give at its
denominator. The control limits are exact (Spiegelhalter 2005; the PHE/APHO
funnel plot guidance): at a denominator where ``E`` events are expected, the
upper limit is the count whose exact Poisson confidence interval just reaches
down to ``E``, and the lower limit the count whose interval just reaches up to
it. Counts are taken as continuous (the chi-squared form of the exact
interval), so the limits are smooth lines. An area lies above the upper 95%
limit exactly when, were the target true, a count as high as its own would
happen less than 2.5% of the time. Proportions use the binomial in the same
way (the Clopper-Pearson form).

95% limits (about two standard deviations) flag areas worth a look; 99.8%
limits (about three) flag those unlikely to differ by chance alone, even
among many areas.

Over-dispersion
---------------
When areas differ by more than chance (deprivation, housing, policing), many
fall outside exact limits. Spiegelhalter's additive random-effects method
(Spiegelhalter DJ, "Handling over-dispersion of performance indicators",
Qual Saf Health Care 2005;14:347-351; also "Funnel plots for comparing
institutional performance", Stat Med 2005;24:1185-1202, Table 1; the method of
the PHE/OHID and NHS Digital funnel plot guidance) widens them. Each area's
indicator is put on a scale where its variance is steady:

* counts (Poisson): the square root of the ratio of observed to expected,
  ``Y_i = sqrt(O_i / E_i)``, target ``theta0 = 1``, ``s_i = 1 / (2 sqrt(E_i))``,
  where ``E_i = target / per * denominator_i * years``; so
  ``z_i = (Y_i - theta0) / s_i = 2 (sqrt(O_i) - sqrt(E_i))``;
* proportions (binomial): the arcsine square root, ``Y_i = asin(sqrt(p_i))``,
  ``theta0 = asin(sqrt(p0))``, ``s_i = 1 / (2 sqrt(n_i))``; so
  ``z_i = 2 sqrt(n_i) (asin(sqrt(p_i)) - asin(sqrt(p0)))``.

(For counts the z-score equals that of ``sqrt(O_i)`` against ``sqrt(E_i)``
with ``s = 1/2``, but the between-area variance ``tau^2`` must be on a scale
common to all areas, the rate's, so the ratio form is used.)

The z-scores of the ``I`` areas with a rate are Winsorised at their 10th and
90th percentiles (numpy's linear interpolation between order statistics), and
``phi = sum(z_w^2) / I``. Without over-dispersion ``I * phi`` is about
chi-squared on ``I - 1`` degrees of freedom (one lost to a target estimated
from the areas); the p-value is ``P(chi2(I - 1) >= I * phi)``
(``scipy.special.chdtrc``, as ``scipy.stats.chi2.sf`` computes it). The paper's
test, ``I * phi`` above ``I - 1`` plus a critical value, is the same as this
p-value being small. Then, with
``w_i = 1 / s_i^2``::

    tau^2 = max(0, (I * phi - (I - 1)) / (sum(w_i) - sum(w_i^2) / sum(w_i)))

and the adjusted limits are ``theta0 +/- z_alpha * sqrt(s^2 + tau^2)`` on the
transformed scale (``z_alpha`` = 1.960 for 95%, 3.090 for 99.8%), floored at 0
(and, for proportions, capped at pi/2) and turned back: a rate of
``target * limit^2``, a proportion of ``sin(limit)^2``. Where few events are
expected this normal approximation can fall inside the exact limits (with
under about 3.7 expected no count is below the exact lower 95% limit, yet the
approximate one is above 0); the funnel then keeps the exact limit, so that
allowing for over-dispersion never flags an area the exact limits would not.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import bdtrik, chdtrc, ndtri, pdtrik

from data.stats.rates import check_counts, rate_interval, wilson_interval

#: Each control limit: its column, the confidence it stands for, and its side.
LIMITS = (("lower_998", 0.998, "lower"), ("lower_95", 0.95, "lower"),
          ("upper_95", 0.95, "upper"), ("upper_998", 0.998, "upper"))

#: Where an area lies, from highest to lowest.
STATUSES = ("above 99.8% limit", "above 95% limit", "within the limits", "below 95% limit",
            "below 99.8% limit")


#: Share of the z-scores Winsorised in each tail (Spiegelhalter's default).
WINSOR = 0.1


@dataclass(frozen=True)
class Dispersion:
    """How widely areas spread about the target, beyond chance (Spiegelhalter 2005).

    Attributes
    ----------
    phi : float
        Over-dispersion factor: the mean of the Winsorised squared z-scores;
        about 1 when areas differ by chance alone. NaN with fewer than two
        areas.
    tau2 : float
        Between-area variance on the transformed scale (0 when ``I * phi``
        is no more than ``I - 1``); NaN when it cannot be estimated.
    p_value : float
        Chance of a spread as wide as this were areas to differ by chance
        alone: ``P(chi2(I - 1) >= I * phi)``.
    adjusted : bool
        Whether the funnel's limits and statuses allow for ``tau2``.
    """

    phi: float
    tau2: float
    p_value: float
    adjusted: bool


@dataclass(frozen=True)
class Funnel:
    """A funnel plot's figures.

    Attributes
    ----------
    target : float
        The rate (per ``per`` a year) or percentage the areas are compared with.
    areas : pandas.DataFrame
        One row per area, as given: ``count``, ``denominator``, ``rate``,
        ``low`` and ``high`` (its 95% confidence interval), ``expected`` (the
        count the target would give), the four limits of :data:`LIMITS` at the
        area's denominator (as rates), and ``status`` (one of
        :data:`STATUSES`; missing where the area has no rate).
    grid : pandas.DataFrame
        The limits across denominators, for drawing the funnel's lines:
        ``denominator``, the four limits and ``target``.
    per, years : float
        Rates are per ``per`` of the denominator a year, over ``years`` years.
    proportion : bool
        Whether the counts are parts of their denominators (binomial) rather
        than events among them (Poisson).
    dispersion : Dispersion
        The over-dispersion of the areas' rates, and whether the limits
        allow for it.
    """

    target: float
    areas: pd.DataFrame
    grid: pd.DataFrame
    per: float
    years: float
    proportion: bool
    dispersion: Dispersion = Dispersion(np.nan, np.nan, np.nan, False)


def count_limits(expected: np.ndarray, confidence: float, side: str, trials: np.ndarray | None
                 = None) -> np.ndarray:
    """Return the count at a funnel's control limit where ``expected`` events are expected.

    Parameters
    ----------
    expected : numpy.ndarray
        Expected counts under the target (target rate times exposure).
    confidence : float
        The limit's two-sided confidence, such as 0.95 or 0.998.
    side : str
        ``"upper"`` or ``"lower"``.
    trials : numpy.ndarray, optional
        For proportions, the denominators (numbers of trials); the binomial is
        used instead of the Poisson.

    Returns
    -------
    numpy.ndarray
        Counts (continuous), from 0 up to the number of trials for proportions: a lower
        limit that no count can fall below is 0, and an upper limit no count can pass is
        the number of trials (a proportion of 100%). Where nothing is expected (a target
        of 0) both limits are 0; where everything is (a proportion of 100%), the trials.
    """
    expected = np.asarray(expected, dtype=float)
    tail = (1 - confidence) / 2
    q = 1 - tail if side == "upper" else tail
    with np.errstate(invalid="ignore", divide="ignore"):
        if trials is None:
            limit = pdtrik(q, expected)
            most = np.full(expected.shape, np.inf)
        else:
            most = np.asarray(trials, dtype=float)
            chance = expected / most
            limit = np.where(chance >= 1, most, bdtrik(q, most, np.clip(chance, 0.0, 1.0)))
        limit = np.where(expected == 0, -1.0 if side == "upper" else 0.0, limit)
    bound = np.minimum(np.maximum(limit + 1, 0.0), most) if side == "upper" else \
        np.maximum(limit, 0.0)
    return np.where(np.isnan(expected), np.nan, bound)


def control_limits(denominators: np.ndarray, target: float, per: float = 1000.0,
                   years: float = 1.0, proportion: bool = False) -> pd.DataFrame:
    """Return the funnel's 95% and 99.8% limits, as rates, at each denominator.

    Parameters
    ----------
    denominators : numpy.ndarray
        Population (or households) of each area.
    target : float
        The target rate, per ``per`` of the denominator a year (a percentage
        when ``per`` is 100 and ``proportion`` is true).
    per, years : float
        Rate base and length of the period in years.
    proportion : bool
        Use the binomial (counts that are parts of their denominator).

    Returns
    -------
    pandas.DataFrame
        One row per denominator: ``lower_998``, ``lower_95``, ``upper_95``,
        ``upper_998``. NaN where the denominator is not positive.
    """
    exposure = np.asarray(denominators, dtype=float) * years
    with np.errstate(invalid="ignore"):
        exposure = np.where(exposure > 0, exposure, np.nan)
    expected = target / per * exposure
    trials = exposure if proportion else None
    return pd.DataFrame({
        column: count_limits(expected, confidence, side, trials) / exposure * per
        for column, confidence, side in LIMITS
    })


def z_scores(counts: np.ndarray, exposure: np.ndarray, target: float, per: float = 1000.0,
             proportion: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Return areas' z-scores against the target on the variance-stabilised scale, and weights.

    Parameters
    ----------
    counts, exposure : numpy.ndarray
        Each area's count and exposure (denominator times years).
    target : float
        The target rate per ``per`` a year (a percentage when ``per`` is 100
        and ``proportion`` is true).
    per : float
        Rate base.
    proportion : bool
        Counts are parts of their exposure: the arcsine square root transform
        instead of the square root.

    Returns
    -------
    z : numpy.ndarray
        ``2 (sqrt(O) - sqrt(E))`` with ``E = target / per * exposure``, or for
        proportions ``2 sqrt(n) (asin(sqrt(O / n)) - asin(sqrt(target / per)))``.
    weights : numpy.ndarray
        ``w = 1 / s^2``: ``4 E`` (``s = 1 / (2 sqrt(E))`` on the square root
        of ``O / E``), or ``4 n`` (``s = 1 / (2 sqrt(n))``) for proportions.
    """
    counts = np.asarray(counts, dtype=float)
    exposure = np.asarray(exposure, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        if proportion:
            share = np.clip(counts / exposure, 0.0, 1.0)
            theta0 = np.arcsin(np.sqrt(np.clip(target / per, 0.0, 1.0)))
            return 2 * np.sqrt(exposure) * (np.arcsin(np.sqrt(share)) - theta0), 4 * exposure
        expected = target / per * exposure
        return 2 * (np.sqrt(counts) - np.sqrt(expected)), 4 * expected


def winsorise(z: np.ndarray, share: float = WINSOR) -> np.ndarray:
    """Return z-scores with those beyond the ``share`` and ``1 - share`` quantiles set to them.

    The quantiles interpolate linearly between order statistics (numpy's
    default): with 10 z-scores and ``share`` 0.1 the lower one is
    ``z(1) + 0.9 (z(2) - z(1))`` of the sorted ``z(1) <= ... <= z(10)``.
    """
    z = np.asarray(z, dtype=float)
    if not len(z):
        return z
    low, high = np.quantile(z, [share, 1 - share])
    return np.clip(z, low, high)


def estimate_dispersion(z: np.ndarray, weights: np.ndarray, share: float = WINSOR) -> Dispersion:
    """Return the over-dispersion of areas' z-scores (Spiegelhalter 2005), not yet applied.

    Parameters
    ----------
    z, weights : numpy.ndarray
        The ``I`` areas' z-scores and weights ``w = 1 / s^2``, as from
        :func:`z_scores`; areas with a missing z-score are left out.
    share : float
        Share Winsorised in each tail.

    Returns
    -------
    Dispersion
        ``phi = mean(winsorised z^2)``; ``p_value = P(chi2(I - 1) >= I * phi)``;
        ``tau2 = max(0, (I phi - (I - 1)) / (sum w - sum w^2 / sum w))``. All
        NaN when ``I`` is below 2; ``adjusted`` is false.
    """
    z = np.asarray(z, dtype=float)
    weights = np.asarray(weights, dtype=float)
    keep = np.isfinite(z) & np.isfinite(weights)
    z, weights = z[keep], weights[keep]
    count = len(z)
    if count < 2:
        return Dispersion(np.nan, np.nan, np.nan, False)
    phi = float(np.mean(winsorise(z, share) ** 2))
    statistic = count * phi
    p_value = float(chdtrc(count - 1, statistic))
    spread = float(weights.sum() - (weights ** 2).sum() / weights.sum()) if weights.sum() > 0 \
        else 0.0
    tau2 = max(0.0, (statistic - (count - 1)) / spread) if spread > 0 else np.nan
    return Dispersion(phi, tau2, p_value, False)


def adjusted_limits(denominators: np.ndarray, target: float, tau2: float, per: float = 1000.0,
                    years: float = 1.0, proportion: bool = False) -> pd.DataFrame:
    """Return the funnel's limits widened for over-dispersion, as rates, at each denominator.

    Parameters
    ----------
    denominators : numpy.ndarray
        Population (or households) of each area.
    target : float
        The target rate, per ``per`` of the denominator a year.
    tau2 : float
        Between-area variance on the transformed scale
        (:func:`estimate_dispersion`); 0 gives normal approximations to the
        exact limits.
    per, years : float
        Rate base and length of the period in years.
    proportion : bool
        Use the arcsine square root scale instead of the square root.

    Returns
    -------
    pandas.DataFrame
        Like :func:`control_limits`: ``theta0 +/- z_alpha sqrt(s^2 + tau2)``
        floored at 0 (capped at pi/2 for proportions), turned back to rates
        (``target * limit^2``) or proportions (``sin(limit)^2``, times ``per``).
    """
    exposure = np.asarray(denominators, dtype=float) * years
    with np.errstate(invalid="ignore", divide="ignore"):
        exposure = np.where(exposure > 0, exposure, np.nan)
        if proportion:
            theta0 = np.arcsin(np.sqrt(np.clip(target / per, 0.0, 1.0)))
            s2 = 1 / (4 * exposure)
        else:
            theta0 = 1.0
            s2 = 1 / (4 * target / per * exposure)
        columns = {}
        for column, confidence, side in LIMITS:
            z_alpha = ndtri(1 - (1 - confidence) / 2) * (1 if side == "upper" else -1)
            limit = np.maximum(theta0 + z_alpha * np.sqrt(s2 + tau2), 0.0)
            if proportion:
                columns[column] = np.sin(np.minimum(limit, np.pi / 2)) ** 2 * per
            else:
                columns[column] = target * limit ** 2
    return pd.DataFrame(columns)


def widest(exact: pd.DataFrame, adjusted: pd.DataFrame) -> pd.DataFrame:
    """Return the lower of each pair of lower limits and the higher of each pair of upper ones.

    Parameters
    ----------
    exact, adjusted : pandas.DataFrame
        Limits as from :func:`control_limits` and :func:`adjusted_limits`, row
        for row.

    Returns
    -------
    pandas.DataFrame
        Limits at least as wide as either, so that allowing for
        over-dispersion never narrows the exact limits where few events are
        expected.
    """
    return pd.DataFrame({
        column: np.fmin(exact[column], adjusted[column]) if side == "lower"
        else np.fmax(exact[column], adjusted[column])
        for column, _, side in LIMITS
    }, index=exact.index)


def _status(rates: pd.Series, limits: pd.DataFrame) -> pd.Series:
    above_998, above_95, within, below_95, below_998 = STATUSES
    conditions = [rates > limits["upper_998"], rates > limits["upper_95"],
                  rates < limits["lower_998"], rates < limits["lower_95"], rates.notna()]
    status = np.select(conditions, [above_998, above_95, below_998, below_95, within], "")
    return pd.Series(status, index=rates.index).replace("", None)


def make_funnel(counts: pd.Series, denominators: pd.Series, per: float = 1000.0,
                years: float = 1.0, target: float | None = None, proportion: bool = False,
                points: int = 200, overdispersion: bool = False, what: str = "count"
                ) -> Funnel:
    """Compare every area's rate with a target, as a funnel plot does.

    Parameters
    ----------
    counts, denominators : pandas.Series
        Events (or, for proportions, the part) and population (or the whole)
        of each area, on the same index. Areas with a missing count or denominator get
        no rate and no status; impossible ones are refused (see
        :func:`data.stats.rates.check_counts`).
    per : float
        Rates per this many of the denominator (100 makes percentages).
    years : float
        Length of the period the counts cover; rates are per year.
    target : float, optional
        The rate to compare with; by default the rate of all the areas
        together (their counts over their denominators), such as the borough's;
        NaN when no area has both.
    proportion : bool
        Counts are parts of their denominators: Wilson intervals and binomial
        limits instead of Byar/exact intervals and Poisson limits.
    points : int
        Number of denominators in the grid of limits.
    overdispersion : bool
        Widen the limits for over-dispersion (Spiegelhalter 2005: see the
        module's notes; never narrower than the exact limits) when the areas
        spread more than chance would give (``tau2 > 0``); the statuses are
        then against the widened limits. The dispersion is estimated either
        way.
    what : str
        What the counts are, for the message refusing impossible ones.

    Returns
    -------
    Funnel
    """
    check_counts(counts, denominators, proportion, what)
    count = counts.astype(float)
    base = denominators.reindex(count.index).astype(float)
    usable = count.notna() & (base > 0)
    if target is None:
        total = float(base[usable].sum()) * years
        target = float(count[usable].sum()) / total * per if total > 0 else np.nan
    exposure = base.where(usable) * years
    if proportion:
        rate, low, high = (v * per for v in wilson_interval(count.where(usable), exposure))
    else:
        rate, low, high = rate_interval(count.where(usable), exposure, per)
    z, weights = z_scores(count[usable], exposure[usable], target, per, proportion)
    spread = estimate_dispersion(z, weights)
    adjust = bool(overdispersion and spread.tau2 > 0)
    if adjust:
        spread = dataclasses.replace(spread, adjusted=True)

    def limits_at(sizes: np.ndarray) -> pd.DataFrame:
        exact = control_limits(sizes, target, per, years, proportion)
        if not adjust:
            return exact
        return widest(exact, adjusted_limits(sizes, target, spread.tau2, per, years, proportion))

    limits = limits_at(base.where(usable))
    areas = pd.DataFrame({"count": count, "denominator": base, "rate": rate, "low": low,
                          "high": high, "expected": target / per * exposure}, index=count.index)
    areas = areas.join(limits.set_axis(count.index))
    areas["status"] = _status(areas["rate"], areas[list(limits.columns)])
    sizes = base[usable]
    start, stop = (float(sizes.min()) * 0.9, float(sizes.max()) * 1.1) if len(sizes) else (1, 2)
    span = np.linspace(max(start, 1.0), stop, points)
    grid = limits_at(span)
    grid.insert(0, "denominator", span)
    grid["target"] = target
    return Funnel(target, areas, grid, per, years, proportion, spread)
