"""Normalisation methods: put indicators on a common, need-oriented scale.

Every method takes a matrix of raw values (one row per area, one column per
indicator, NaN where missing) and, per column, whether higher values mean more
need; it returns values on which higher always means more need. Each column is
normalised on its own, and missing values stay missing.

Each method is registered with a plain label for menus, and the first line of
its docstring is the plain-language description shown on the Methods page.
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
from scipy.special import ndtri

from indices.errors import DataError, SpecError
from indices.registry import Registry

NORMALISERS: Registry = Registry("normalisation method")

#: Constant of the IMD exponential transformation (see the IoD technical report).
EXP_CONSTANT = 23.0


def _orient(values: np.ndarray, higher_is_worse: np.ndarray) -> np.ndarray:
    return values if higher_is_worse.all() else values * np.where(higher_is_worse, 1.0, -1.0)


def _counts(x: np.ndarray) -> np.ndarray:
    return np.count_nonzero(~np.isnan(x), axis=0)


def _ascending_ranks(oriented: np.ndarray) -> np.ndarray:
    """Rank each column so that 1 is the least in need; ties share their mean rank.

    Missing values stay missing and are not counted. The same numbers as
    ``scipy.stats.rankdata(method="average", nan_policy="omit")`` along axis 0,
    from sorting each column (see :mod:`indices.kernels`).
    """
    from indices.kernels import average_ranks, fill_value_keys  # loads numba: when needed

    columns = np.ascontiguousarray(oriented.T, dtype=np.float64)  # one row per indicator
    keys = np.empty(columns.shape)
    fill_value_keys(columns, keys)
    keys.sort(axis=1)
    ranks = np.empty(columns.shape)
    average_ranks(columns, keys, ranks)
    return ranks.T


@NORMALISERS.register("zscore", "z-scores (standardised)")
def zscore(values: np.ndarray, higher_is_worse: np.ndarray) -> np.ndarray:
    """Standardised to mean 0 and standard deviation 1 (z-score) across the areas.

    The standard deviation is the sample one (n - 1), as in COINr. An
    indicator with no spread gets 0 everywhere.
    """
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if np.isnan(values).any():
            x = _orient(values, higher_is_worse)
            mean = np.nanmean(x, axis=0)
            sd = np.where(_counts(x) > 1, np.nanstd(x, axis=0, ddof=1), 0.0)
            return (x - mean) / np.where(sd > 0, sd, np.inf)  # no spread: 0, missing stays
        # no missing values: centre once, as numpy's std does, and turn the sign last
        # (0 - z is exact, so the numbers, zeros' signs included, are those of
        # standardising the oriented values)
        z = values - values.mean(axis=0)
        sd = (np.sqrt((z * z).sum(axis=0) / (len(z) - 1)) if len(z) > 1
              else np.zeros(z.shape[1]))
        z /= np.where(sd > 0, sd, np.inf)
        for j in np.flatnonzero(~np.asarray(higher_is_worse)):  # a column at a time: fastest
            np.subtract(0.0, z[:, j], out=z[:, j])
        return z


@NORMALISERS.register("minmax", "min–max rescaling (0 to 100)")
def minmax(values: np.ndarray, higher_is_worse: np.ndarray) -> np.ndarray:
    """Rescaled from 0 (least need among the areas) to 100 (most need), in proportion
    to the value.

    An indicator with no spread gets 50 everywhere.
    """
    x = _orient(values, higher_is_worse)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
        spread = high - low
        scaled = x - low
        scaled /= spread
        scaled *= 100.0
        if (spread > 0).all():
            return scaled
        return np.where(spread > 0, scaled, np.where(np.isnan(x), np.nan, 50.0))


@NORMALISERS.register("percentile", "percentile ranks (0 to 100)")
def percentile(values: np.ndarray, higher_is_worse: np.ndarray) -> np.ndarray:
    """Percentile rank from 0 (least need) to 100 (most need): the share of the other
    areas with less need.

    Computed as 100 (r - 1) / (n - 1) with r the ascending rank (ties share
    their mean rank); a single area gets 50.
    """
    x = _orient(values, higher_is_worse)
    n = _counts(x)
    scaled = _ascending_ranks(x)
    with np.errstate(all="ignore"):
        scaled -= 1
        scaled /= n - 1
        scaled *= 100.0
    if (n > 1).all():
        return scaled
    return np.where(n > 1, scaled, np.where(np.isnan(x), np.nan, 50.0))


@NORMALISERS.register("rank_normal", "rank-based normal scores")
def rank_normal(values: np.ndarray, higher_is_worse: np.ndarray) -> np.ndarray:
    """Rank-based normal score: the rank turned into the matching point of a standard
    normal distribution.

    Computed as the inverse normal of (r - 0.5) / n with r the ascending rank,
    as in the IoD's health and education domains.
    """
    x = _orient(values, higher_is_worse)
    with np.errstate(all="ignore"):
        return ndtri((_ascending_ranks(x) - 0.5) / _counts(x))


@NORMALISERS.register("exponential", "exponential transformation (as in the IMD)")
def exponential(
    values: np.ndarray, higher_is_worse: np.ndarray, reference_size: int | None = None
) -> np.ndarray:
    """IMD exponential transformation of the rank: from about 0 (least need) to 100
    (most need), stretching the most deprived end.

    With R = (N - rank + 1) / N, rank 1 the most in need and N the number of
    areas, the score is -23 ln(1 - R (1 - exp(-100/23))). Without
    ``reference_size`` the values are ranked among the loaded areas. With
    ``reference_size`` N the values must already be national ranks from 1 to
    N: ranks where 1 is the most in need are "higher is better"; ranks
    counted the other way are "higher is worse" and are turned round.
    """
    if reference_size is None:
        oriented = _orient(values, higher_is_worse)
        size = _counts(oriented)
        ranks = size + 1 - _ascending_ranks(oriented)
    else:
        size = reference_size
        present = values[~np.isnan(values)]
        bad = present[(present < 1) | (present > size) | (present != np.round(present))]
        if bad.size:
            raise DataError(
                f"exponential normalisation with reference_size {size} needs whole-number "
                f"ranks from 1 to {size}, but found {bad[0]:g}. Give national ranks, or "
                "remove reference_size to rank the values among the loaded areas."
            )
        ranks = np.where(higher_is_worse, size + 1 - values, values)
    with np.errstate(all="ignore"):
        share = (size - ranks + 1) / size
        return -EXP_CONSTANT * np.log(1 - share * (1 - np.exp(-100 / EXP_CONSTANT)))


def method_parameters(name: str) -> list[str]:
    """Return the names of the optional parameters a normalisation method takes."""
    signature = inspect.signature(NORMALISERS.get(name))
    return [p for p in signature.parameters if p not in ("values", "higher_is_worse")]


def check_parameters(name: str, params: dict, where: str) -> None:
    """Check the parameters given for a normalisation method.

    Raises
    ------
    UnknownMethodError
        If the method does not exist.
    SpecError
        If a parameter is not one the method takes, or ``reference_size`` is
        not a positive whole number.
    """
    allowed = method_parameters(name)
    for key, value in params.items():
        if key not in allowed:
            takes = f"takes only: {', '.join(allowed)}" if allowed else "takes no parameters"
            raise SpecError(
                f"{where}: normalisation {name!r} has no parameter {key!r}; it {takes}."
            )
        if key == "reference_size" and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            raise SpecError(
                f"{where}: reference_size must be a positive whole number (the number of "
                f"areas in the national ranking, e.g. 33755 for 2021 LSOAs), not {value!r}."
            )


def normalise(
    values: np.ndarray, method: str, higher_is_worse: bool | np.ndarray, **params
) -> np.ndarray:
    """Normalise indicators with a method looked up by name.

    Parameters
    ----------
    values : numpy.ndarray
        Raw values of one indicator (1-D) or of several (one column each), NaN
        where missing.
    method : str
        A name in :data:`NORMALISERS`.
    higher_is_worse : bool or numpy.ndarray
        Whether a higher raw value means more need (one per column).
    **params
        The method's own parameters (``reference_size`` for ``exponential``).

    Returns
    -------
    numpy.ndarray
        Normalised values in the shape given, higher meaning more need, NaN
        where missing.
    """
    function = NORMALISERS.get(method)
    values = np.asarray(values, dtype=float)
    matrix = values.reshape(len(values), -1)
    direction = np.broadcast_to(np.asarray(higher_is_worse, dtype=bool), matrix.shape[1:])
    return function(matrix, direction, **params).reshape(values.shape)
