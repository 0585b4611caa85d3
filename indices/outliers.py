"""Outlier treatment: tame indicators whose distribution is dominated by a few extreme areas.

As in COINr: an indicator is treated when its skewness is beyond ``skew`` (in
either direction) and its excess kurtosis beyond ``kurtosis``. The most extreme
value, on the side of the skew, is winsorised (set to the next value in), one
at a time, until the indicator is within the thresholds or ``max_winsorised``
values have been changed. If that is not enough, the winsorising is undone and
the indicator is log-transformed instead, on the side of its skew: ``log(x - min + 1)``
(COINr's ``log_CT_orig``, the default here), or with ``log: coinr``
``log(x - min + 0.01 (max - min))`` (COINr's default, ``log_CT``; mirrored,
``-log(max + 0.01 (max - min) - x)``, for a negative skew). Every changed cell is
flagged. Skewness and kurtosis are COINr's bias-adjusted estimators (see :func:`shape`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

OUTLIER_METHODS = ("none", "winsorise")
#: The log transforms: a constant of 1, or COINr's of a hundredth of the range.
LOG_TRANSFORMS = ("plus_one", "coinr")
#: The log transforms as menus name them.
LOG_LABELS = {"plus_one": "log(x − min + 1)", "coinr": "COINr's: log(x − min + 1% of range)"}

#: The outlier treatments as menus name them.
OUTLIER_LABELS = {"none": "none", "winsorise": "trim extreme values (winsorise)"}


@dataclass(frozen=True)
class OutlierRule:
    """When and how far to treat outliers."""

    method: str = "none"
    skew: float = 2.0
    kurtosis: float = 3.5
    max_winsorised: int = 5
    #: The log transform when winsorising is not enough: ``"plus_one"`` or ``"coinr"``.
    log: str = "plus_one"


def shape(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the skewness and excess kurtosis of each column, ignoring missing values.

    The bias-adjusted (type 2) estimators COINr uses, as Excel's ``SKEW`` and ``KURT`` and
    ``scipy.stats.skew`` and ``kurtosis`` with ``bias=False``: with ``g1 = m3 / m2**1.5``
    and ``g2 = m4 / m2**2 - 3`` from the moments about the mean,
    ``G1 = g1 * sqrt(n (n - 1)) / (n - 2)`` and
    ``G2 = ((n + 1) g2 + 6) (n - 1) / ((n - 2) (n - 3))``. A column with no spread, or
    fewer than three values (four for the kurtosis), gets 0.
    """
    x = np.atleast_2d(values.T).T
    n = np.count_nonzero(~np.isnan(x), axis=0).astype(float)
    with np.errstate(all="ignore"):
        deviation = x - np.nanmean(x, axis=0)
        m2 = np.nanmean(deviation**2, axis=0)
        g1 = np.nanmean(deviation**3, axis=0) / m2**1.5
        g2 = np.nanmean(deviation**4, axis=0) / m2**2 - 3
        skew = g1 * np.sqrt(n * (n - 1)) / (n - 2)
        kurt = ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))
    spread = m2 > 0
    return (np.where(spread & (n >= 3), skew, 0.0), np.where(spread & (n >= 4), kurt, 0.0))


def _outlying(x: np.ndarray, rule: OutlierRule) -> np.ndarray:
    skew, kurt = shape(x)
    return (np.abs(skew) > rule.skew) & (kurt > rule.kurtosis)


def _treat_column(x: np.ndarray, rule: OutlierRule) -> tuple[np.ndarray, np.ndarray, str]:
    flags = np.zeros(x.shape, dtype=bool)
    treated = x.copy()
    high = shape(x)[0][0] > 0
    for _ in range(rule.max_winsorised):
        present = treated[~np.isnan(treated)]
        extreme = present.max() if high else present.min()
        inner = present[present != extreme]
        if inner.size == 0:
            break
        cells = treated == extreme
        treated[cells] = inner.max() if high else inner.min()
        flags |= cells
        if not _outlying(treated, rule)[0]:
            side = "highest" if high else "lowest"
            return treated, flags, f"winsorised the {int(flags.sum())} {side} value(s)"
    present = x[~np.isnan(x)]
    shift = 0.01 * (present.max() - present.min()) if rule.log == "coinr" else 1.0
    logged = np.log(x - present.min() + shift) if high else \
        -np.log(present.max() + shift - x)
    return logged, ~np.isnan(x), "log-transformed (winsorising was not enough)"


def treat_outliers(
    values: np.ndarray, rule: OutlierRule
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Treat outliers in each column of a matrix.

    Parameters
    ----------
    values : numpy.ndarray
        Matrix of shape (areas, indicators), NaN where missing.
    rule : OutlierRule
        Thresholds and method; ``method="none"`` leaves the values as they are.

    Returns
    -------
    treated : numpy.ndarray
        The treated matrix.
    flags : numpy.ndarray
        True where a cell was changed.
    notes : list of str
        Per column, what was done ("" when nothing).
    """
    flags = np.zeros(values.shape, dtype=bool)
    notes = [""] * values.shape[1]
    if rule.method == "none":
        return values, flags, notes
    treated = values.copy()
    for j in np.flatnonzero(_outlying(values, rule)):
        treated[:, j], flags[:, j], notes[j] = _treat_column(values[:, j], rule)
    return treated, flags, notes
