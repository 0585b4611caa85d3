"""Imputation: fill missing indicator values, flagging every cell filled.

Every method takes a matrix of values (one row per area, one column per
indicator, NaN where missing) and, for the within-group methods, a group label
per area, and returns the filled matrix. Each method is registered with a plain
label for menus, and the first line of its docstring is the plain-language
description shown on the Methods page.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from indices.errors import DataError
from indices.registry import Registry

IMPUTERS: Registry = Registry("imputation method")

#: Methods that need a group column.
GROUP_METHODS = frozenset({"group_mean", "group_median"})


@IMPUTERS.register("none", "none (leave them missing)")
def none(values: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """No imputation: missing values stay missing and are handled by the missing-value rule."""
    return values


@IMPUTERS.register("mean", "mean over all areas")
def mean(values: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Each missing value is replaced by the indicator's mean over all areas."""
    return np.where(np.isnan(values), np.nanmean(values, axis=0), values)


@IMPUTERS.register("median", "median over all areas")
def median(values: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Each missing value is replaced by the indicator's median over all areas."""
    return np.where(np.isnan(values), np.nanmedian(values, axis=0), values)


def _within(values: np.ndarray, groups: np.ndarray, statistic: str) -> np.ndarray:
    frame = pd.DataFrame(values)
    by_group = frame.groupby(np.asarray(groups), sort=False).transform(statistic).to_numpy()
    overall = getattr(np, f"nan{statistic}")(values, axis=0)
    fill = np.where(np.isnan(by_group), overall, by_group)
    return np.where(np.isnan(values), fill, values)


@IMPUTERS.register("group_mean", "mean of its group")
def group_mean(values: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Each missing value is replaced by the indicator's mean within the area's group (for
    example its ward); where the whole group is missing, by the mean over all areas."""
    return _within(values, groups, "mean")


@IMPUTERS.register("group_median", "median of its group")
def group_median(values: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Each missing value is replaced by the indicator's median within the area's group;
    where the whole group is missing, by the median over all areas."""
    return _within(values, groups, "median")


def impute(
    values: np.ndarray, method: str, groups: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Impute missing values with a method looked up by name.

    Parameters
    ----------
    values : numpy.ndarray
        Matrix of shape (areas, indicators), NaN where missing.
    method : str
        A name in :data:`IMPUTERS`.
    groups : numpy.ndarray, optional
        A group label per area, for ``group_mean`` and ``group_median``.

    Returns
    -------
    imputed : numpy.ndarray
        The filled matrix; an indicator missing everywhere stays missing.
    flags : numpy.ndarray
        True where a cell was filled.

    Raises
    ------
    DataError
        If a within-group method is given no groups.
    """
    function = IMPUTERS.get(method)
    if method == "none":
        return values, np.zeros(values.shape, dtype=bool)
    if method in GROUP_METHODS and groups is None:
        raise DataError(f"imputation {method!r} needs a group column; name it with 'group'.")
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-missing columns stay missing
        imputed = function(values, groups)
    return imputed, np.isnan(values) & ~np.isnan(imputed)
