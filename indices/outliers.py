"""Outlier treatment: tame indicators whose distribution is dominated by a few extreme areas.

As in COINr: an indicator is treated when its skewness is beyond ``skew`` (in
either direction) and its excess kurtosis beyond ``kurtosis``. The most extreme
value, on the side of the skew, is winsorised (set to the next value in), one
at a time, until the indicator is within the thresholds or ``max_winsorised``
values have been changed. If that is not enough, the winsorising is undone and
the indicator is log-transformed instead. Every changed cell is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

OUTLIER_METHODS = ("none", "winsorise")

#: The outlier treatments as menus name them.
OUTLIER_LABELS = {"none": "none", "winsorise": "trim extreme values (winsorise)"}


@dataclass(frozen=True)
class OutlierRule:
    """When and how far to treat outliers."""

    method: str = "none"
    skew: float = 2.0
    kurtosis: float = 3.5
    max_winsorised: int = 5


def shape(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the skewness and excess kurtosis of each column, ignoring missing values.

    The moment estimators without small-sample correction (as ``scipy.stats.skew``
    and ``kurtosis`` with ``bias=True``); a column with fewer than three values
    or no spread gets 0 for both.
    """
    x = np.atleast_2d(values.T).T
    with np.errstate(all="ignore"):
        deviation = x - np.nanmean(x, axis=0)
        m2 = np.nanmean(deviation**2, axis=0)
        skew = np.nanmean(deviation**3, axis=0) / m2**1.5
        kurt = np.nanmean(deviation**4, axis=0) / m2**2 - 3
    usable = (np.count_nonzero(~np.isnan(x), axis=0) >= 3) & (m2 > 0)
    return np.where(usable, skew, 0.0), np.where(usable, kurt, 0.0)


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
    logged = np.log(x - present.min() + 1) if high else -np.log(present.max() - x + 1)
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
