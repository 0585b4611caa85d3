"""Normalisation methods: put indicators on a common, need-oriented scale.

Every method takes the raw values of one indicator (NaN where missing) and
whether higher values mean more need, and returns values on which higher
always means more need. Missing values stay missing.

The first line of each method's docstring is the plain-language description
shown on the Methods page.
"""

from __future__ import annotations

import inspect

import numpy as np
from scipy.special import ndtri
from scipy.stats import rankdata

from indices.errors import DataError, SpecError
from indices.registry import Registry

NORMALISERS: Registry = Registry("normalisation method")

#: Constant of the IMD exponential transformation (see the IoD technical report).
EXP_CONSTANT = 23.0


def _orient(values: np.ndarray, higher_is_worse: bool) -> np.ndarray:
    return values if higher_is_worse else -values


def _need_ranks(oriented: np.ndarray) -> np.ndarray:
    """Rank so that 1 is the most in need; ties share their mean rank; NaN stays NaN."""
    ranks = np.full(oriented.shape, np.nan)
    present = ~np.isnan(oriented)
    ranks[present] = rankdata(-oriented[present], method="average")
    return ranks


@NORMALISERS.register("zscore")
def zscore(values: np.ndarray, higher_is_worse: bool) -> np.ndarray:
    """Standardised to mean 0 and standard deviation 1 (z-score) across the areas.

    The standard deviation is the sample one (n - 1), as in COINr. An
    indicator with no spread gets 0 everywhere.
    """
    x = _orient(values, higher_is_worse)
    mean = np.nanmean(x)
    sd = np.nanstd(x, ddof=1) if np.count_nonzero(~np.isnan(x)) > 1 else 0.0
    if not sd:
        return np.where(np.isnan(x), np.nan, 0.0)
    return (x - mean) / sd


@NORMALISERS.register("minmax")
def minmax(values: np.ndarray, higher_is_worse: bool) -> np.ndarray:
    """Rescaled from 0 (least need among the areas) to 100 (most need), in proportion
    to the value.

    An indicator with no spread gets 50 everywhere.
    """
    x = _orient(values, higher_is_worse)
    low, high = np.nanmin(x), np.nanmax(x)
    if high == low:
        return np.where(np.isnan(x), np.nan, 50.0)
    return (x - low) / (high - low) * 100.0


@NORMALISERS.register("percentile")
def percentile(values: np.ndarray, higher_is_worse: bool) -> np.ndarray:
    """Percentile rank from 0 (least need) to 100 (most need): the share of the other
    areas with less need.

    Computed as 100 (r - 1) / (n - 1) with r the ascending rank (ties share
    their mean rank); a single area gets 50.
    """
    x = _orient(values, higher_is_worse)
    n = np.count_nonzero(~np.isnan(x))
    if n < 2:
        return np.where(np.isnan(x), np.nan, 50.0)
    ascending = n + 1 - _need_ranks(x)
    return (ascending - 1) / (n - 1) * 100.0


@NORMALISERS.register("rank_normal")
def rank_normal(values: np.ndarray, higher_is_worse: bool) -> np.ndarray:
    """Rank-based normal score: the rank turned into the matching point of a standard
    normal distribution.

    Computed as the inverse normal of (r - 0.5) / n with r the ascending rank,
    as in the IoD's health and education domains.
    """
    x = _orient(values, higher_is_worse)
    n = np.count_nonzero(~np.isnan(x))
    ascending = n + 1 - _need_ranks(x)
    return ndtri((ascending - 0.5) / n)


@NORMALISERS.register("exponential")
def exponential(
    values: np.ndarray, higher_is_worse: bool, reference_size: int | None = None
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
        ranks = _need_ranks(_orient(values, higher_is_worse))
        size = np.count_nonzero(~np.isnan(ranks))
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
        ranks = size + 1 - values if higher_is_worse else values
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


def normalise(values: np.ndarray, method: str, higher_is_worse: bool, **params) -> np.ndarray:
    """Normalise one indicator's values with a method looked up by name.

    Parameters
    ----------
    values : numpy.ndarray
        Raw values, NaN where missing.
    method : str
        A name in :data:`NORMALISERS`.
    higher_is_worse : bool
        Whether a higher raw value means more need.
    **params
        The method's own parameters (``reference_size`` for ``exponential``).

    Returns
    -------
    numpy.ndarray
        Normalised values, higher meaning more need, NaN where missing.
    """
    function = NORMALISERS.get(method)
    return function(np.asarray(values, dtype=float), higher_is_worse, **params)


def describe(method: str) -> str:
    """Return the plain-language description of a normalisation method."""
    return inspect.getdoc(NORMALISERS.get(method)).split("\n\n")[0].replace("\n", " ")
