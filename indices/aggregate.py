"""Aggregation methods: combine a domain's indicators, or the index's domains, into one score.

Every method takes a matrix of the normalised scores combined (one row per
area, one column per indicator or domain, NaN where missing), their weights,
and the missing-value rule, and returns one score per area. Each method is
registered with a plain label for menus, and the first line of its docstring
is the plain-language description shown on the Methods page.
"""

from __future__ import annotations

import numpy as np

from indices.errors import DataError
from indices.registry import Registry

AGGREGATORS: Registry = Registry("aggregation method")

#: Smallest score a geometric mean uses (on the 0 to 100 scales it needs).
GEOMETRIC_FLOOR = 1.0

#: How an area missing some of a domain's indicators (or the index's domains) is scored.
MISSING_RULES = {
    "reweight": (
        "the area is scored on the indicators (or domains) it has, their weights scaled up to "
        "fill the gap"
    ),
    "propagate": "the area's score is missing if any of its indicators (or domains) is missing",
}

#: The missing-value rules as menus name them.
MISSING_LABELS = {
    "reweight": "share the weight among the indicators present",
    "propagate": "no score if any value is missing",
}


def effective_weights(values: np.ndarray, weights: np.ndarray, missing: str) -> np.ndarray:
    """Return the weight each cell carries once missing cells are dealt with.

    With ``reweight`` the weights of the cells an area has are scaled so that
    they add up to the same total as all the weights (an area missing nothing
    keeps the weights as given). With ``propagate`` an area missing any cell
    gets no weights at all. Missing cells carry weight 0.

    Parameters
    ----------
    values : numpy.ndarray
        Matrix of shape (areas, columns): the indicators or domains combined.
    weights : numpy.ndarray
        Their weights, shape (columns,).
    missing : str
        ``"reweight"`` or ``"propagate"``.

    Returns
    -------
    numpy.ndarray
        Matrix of the same shape as ``values``; a row of NaN where the area
        cannot be scored.
    """
    present = ~np.isnan(values)
    w = np.where(present, weights, 0.0)
    present_total = w.sum(axis=1, keepdims=True)
    scorable = present_total > 0
    if missing == "propagate":
        scorable &= present.all(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = w * (weights.sum() / present_total)
    return np.where(scorable, scaled, np.nan)


@AGGREGATORS.register("arithmetic", "weighted average (arithmetic mean)")
def arithmetic(values: np.ndarray, weights: np.ndarray, missing: str) -> np.ndarray:
    """Weighted arithmetic mean: the weighted sum of the scores of its indicators (for a
    domain) or of its domains (for the index).

    Strength on one indicator or domain fully offsets need on another.
    """
    if not np.isnan(values).any():
        return values @ weights
    w = effective_weights(values, weights, missing)
    total = np.sum(np.nan_to_num(values) * np.nan_to_num(w), axis=1)
    return np.where(np.isnan(w[:, 0]), np.nan, total)


@AGGREGATORS.register("geometric", "weighted geometric mean")
def geometric(values: np.ndarray, weights: np.ndarray, missing: str) -> np.ndarray:
    """Weighted geometric mean: the product of the scores of its indicators (for a domain) or
    of its domains (for the index), each raised to its weight, with scores below 1 counted
    as 1.

    Need on one indicator or domain is only partly offset by strength on
    another. Needs scores of 0 or more: use it with minmax, percentile or
    exponential normalisation (0 to 100), not z-scores. Scores are floored at
    1, as COINr advises, so that one indicator or domain at the very bottom
    does not make the whole score 0.
    """
    if np.nanmin(values, initial=0.0) < 0:
        raise DataError(
            f"geometric aggregation needs scores of 0 or more, but found {np.nanmin(values):g}. "
            "Normalise with minmax, percentile or exponential, or aggregate with arithmetic."
        )
    logs = np.log(np.maximum(values, GEOMETRIC_FLOOR))
    if not np.isnan(values).any():
        return np.exp(logs @ weights)
    w = effective_weights(values, weights, missing)
    logs = np.where(w > 0, np.nan_to_num(logs), 0.0)
    total = np.sum(logs * np.nan_to_num(w), axis=1)
    return np.where(np.isnan(w[:, 0]), np.nan, np.exp(total))


def aggregate(values: np.ndarray, weights: np.ndarray, method: str, missing: str) -> np.ndarray:
    """Aggregate the scores of indicators (or domains) with a method looked up by name.

    Parameters
    ----------
    values : numpy.ndarray
        Matrix of shape (areas, columns), NaN where missing.
    weights : numpy.ndarray
        The weights of the columns.
    method : str
        A name in :data:`AGGREGATORS`.
    missing : str
        A key of :data:`MISSING_RULES`.

    Returns
    -------
    numpy.ndarray
        One score per area, NaN where it cannot be scored.
    """
    function = AGGREGATORS.get(method)
    return function(np.asarray(values, dtype=float), np.asarray(weights, dtype=float), missing)
