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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import bdtrik, pdtrik

from data.rates import rate_interval, wilson_interval

#: Each control limit: its column, the confidence it stands for, and its side.
LIMITS = (("lower_998", 0.998, "lower"), ("lower_95", 0.95, "lower"),
          ("upper_95", 0.95, "upper"), ("upper_998", 0.998, "upper"))

#: Where an area lies, from highest to lowest.
STATUSES = ("above 99.8% limit", "above 95% limit", "within the limits", "below 95% limit",
            "below 99.8% limit")


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
    """

    target: float
    areas: pd.DataFrame
    grid: pd.DataFrame
    per: float
    years: float
    proportion: bool


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
        Counts (continuous); a lower limit that no count can fall below is 0.
    """
    expected = np.asarray(expected, dtype=float)
    tail = (1 - confidence) / 2
    q = 1 - tail if side == "upper" else tail
    if trials is None:
        limit = pdtrik(q, expected)
    else:
        trials = np.asarray(trials, dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            limit = bdtrik(q, trials, expected / trials)
    return np.maximum(limit + 1, 0.0) if side == "upper" else np.maximum(limit, 0.0)


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


def _status(rates: pd.Series, limits: pd.DataFrame) -> pd.Series:
    above_998, above_95, within, below_95, below_998 = STATUSES
    conditions = [rates > limits["upper_998"], rates > limits["upper_95"],
                  rates < limits["lower_998"], rates < limits["lower_95"], rates.notna()]
    status = np.select(conditions, [above_998, above_95, below_998, below_95, within], "")
    return pd.Series(status, index=rates.index).replace("", None)


def funnel(counts: pd.Series, denominators: pd.Series, per: float = 1000.0, years: float = 1.0,
           target: float | None = None, proportion: bool = False, points: int = 200) -> Funnel:
    """Compare every area's rate with a target, as a funnel plot does.

    Parameters
    ----------
    counts, denominators : pandas.Series
        Events (or, for proportions, the part) and population (or the whole)
        of each area, on the same index. Areas with a missing count or a
        denominator that is not positive get no rate and no status.
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

    Returns
    -------
    Funnel
    """
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
    limits = control_limits(base.where(usable), target, per, years, proportion)
    areas = pd.DataFrame({"count": count, "denominator": base, "rate": rate, "low": low,
                          "high": high, "expected": target / per * exposure}, index=count.index)
    areas = areas.join(limits.set_axis(count.index))
    areas["status"] = _status(areas["rate"], areas[list(limits.columns)])
    sizes = base[usable]
    start, stop = (float(sizes.min()) * 0.9, float(sizes.max()) * 1.1) if len(sizes) else (1, 2)
    span = np.linspace(max(start, 1.0), stop, points)
    grid = control_limits(span, target, per, years, proportion)
    grid.insert(0, "denominator", span)
    grid["target"] = target
    return Funnel(target, areas, grid, per, years, proportion)
