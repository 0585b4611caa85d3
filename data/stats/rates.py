"""Rates and proportions with 95% confidence intervals, as public health analysts compute them.

Counts of events get the exact Poisson interval below 10 events and Byar's
approximation from 10 up (as in the PHE/APHO technical guidance); proportions
get the Wilson score interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# scipy.special's functions, which scipy.stats's distributions call, without the second
# it takes to import scipy.stats
from scipy.special import gammaincinv, ndtri

from data.errors import ImpossibleCountError

#: Counts below this get the exact interval; Byar's approximation from here up.
EXACT_BELOW = 10


#: How many of the faulty areas a message names before counting the rest.
NAMED = 5


def check_counts(counts: pd.Series, denominators: pd.Series, proportion: bool = False,
                 what: str = "count") -> None:
    """Refuse counts no rate or proportion can be made from, naming the areas and values.

    Missing counts and denominators are allowed (an area without a figure); a negative
    count or denominator, a denominator of zero with a count, and, for a proportion, a
    part larger than its whole, are not.

    Parameters
    ----------
    counts, denominators : pandas.Series
        Each area's count (or part) and denominator (or whole), by area code.
    proportion : bool
        Whether the counts are parts of their denominators.
    what : str
        What the counts are, for the message ("Road casualties").

    Raises
    ------
    ImpossibleCountError
        Listing the first :data:`NAMED` areas of each fault, and how many more.
    """
    count = pd.to_numeric(counts, errors="coerce").astype(float)
    base = pd.to_numeric(denominators.reindex(count.index), errors="coerce").astype(float)
    faults = [
        (count < 0, "the count is {c:g}; a count cannot be negative"),
        (base < 0, "the denominator is {d:g}; it cannot be negative"),
        ((base == 0) & count.notna(), "the denominator is 0, so no rate can be made; give "
                                      "the area's population or leave its count empty"),
    ]
    if proportion:
        faults.append((count > base, "the part ({c:g}) is larger than its whole ({d:g}), a "
                                     "proportion of over 100%"))
    lines = []
    for where, message in faults:
        codes = list(count.index[where.fillna(False).to_numpy(dtype=bool)])
        lines += [f"{code}: " + message.format(c=count[code], d=base[code])
                  for code in codes[:NAMED]]
        if len(codes) > NAMED:
            lines.append(f"and {len(codes) - NAMED} more areas like these")
    if lines:
        raise ImpossibleCountError(f"{what}: " + "; ".join(lines) + ". Correct the table, "
                                   "then load it again.")


def _z(confidence: float) -> float:
    return float(ndtri(1 - (1 - confidence) / 2))


def exact_interval(counts: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact Poisson interval of event counts (from the chi-squared distribution: its
    quantile ``chi2.ppf(q, 2k) / 2`` is ``gammaincinv(k, q)``)."""
    counts = np.asarray(counts, dtype=float)
    alpha = 1 - confidence
    with np.errstate(invalid="ignore"):
        low = np.where(counts > 0, gammaincinv(counts, alpha / 2), 0.0)
        high = gammaincinv(counts + 1, 1 - alpha / 2)
    return low, high


def byar_interval(counts: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Byar's approximation to the Poisson interval of event counts (counts above 0)."""
    counts = np.asarray(counts, dtype=float)
    z = _z(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        low = counts * (1 - 1 / (9 * counts) - z / (3 * np.sqrt(counts))) ** 3
        upper = counts + 1
        high = upper * (1 - 1 / (9 * upper) + z / (3 * np.sqrt(upper))) ** 3
    return low, high


def count_interval(counts: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Interval of event counts: exact below :data:`EXACT_BELOW` events, Byar's from there up."""
    counts = np.asarray(counts, dtype=float)
    exact_low, exact_high = exact_interval(counts, confidence)
    byar_low, byar_high = byar_interval(np.maximum(counts, 1), confidence)
    small = counts < EXACT_BELOW
    return np.where(small, exact_low, byar_low), np.where(small, exact_high, byar_high)


def rate_interval(
    counts: np.ndarray, denominators: np.ndarray, per: float = 1000.0, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Crude rates per ``per`` of the denominator, with their confidence interval.

    Returns
    -------
    rate, low, high : numpy.ndarray
        NaN where the denominator is not positive.
    """
    counts = np.asarray(counts, dtype=float)
    denominators = np.asarray(denominators, dtype=float)
    low, high = count_interval(counts, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(denominators > 0, per / denominators, np.nan)
    return counts * scale, low * scale, high * scale


def wilson_interval(
    successes: np.ndarray, trials: np.ndarray, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Proportion with its Wilson score interval; NaN where there are no trials."""
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = _z(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        centre = (2 * x + z**2) / (2 * (n + z**2))
        spread = z * np.sqrt(z**2 + 4 * x * (1 - p)) / (2 * (n + z**2))
    bad = ~(n > 0)
    return (np.where(bad, np.nan, p), np.where(bad, np.nan, centre - spread),
            np.where(bad, np.nan, centre + spread))
