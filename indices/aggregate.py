"""Aggregation methods: combine weighted children into their parent's score.

Every method takes a matrix of children's normalised scores (one row per area,
one column per child, NaN where missing), their weights, and the missing-value
rule, and returns one score per area. The first line of each docstring is the
plain-language description shown on the Methods page.
"""

from __future__ import annotations

import inspect

import numpy as np

from indices.errors import DataError
from indices.registry import Registry

AGGREGATORS: Registry = Registry("aggregation method")

#: Smallest score a geometric mean uses (on the 0 to 100 scales it needs).
GEOMETRIC_FLOOR = 1.0

#: How an area with some missing children is scored.
MISSING_RULES = {
    "reweight": (
        "the area is scored on the children it has, their weights scaled up to fill the gap"
    ),
    "propagate": "the area's score is missing if any child is missing",
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
        Matrix of shape (areas, children).
    weights : numpy.ndarray
        Weights of the children, shape (children,).
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


@AGGREGATORS.register("arithmetic")
def arithmetic(values: np.ndarray, weights: np.ndarray, missing: str) -> np.ndarray:
    """Weighted arithmetic mean: the weighted sum of the children's scores.

    Strength in one child fully offsets need in another.
    """
    if not np.isnan(values).any():
        return values @ weights
    w = effective_weights(values, weights, missing)
    total = np.sum(np.nan_to_num(values) * np.nan_to_num(w), axis=1)
    return np.where(np.isnan(w[:, 0]), np.nan, total)


@AGGREGATORS.register("geometric")
def geometric(values: np.ndarray, weights: np.ndarray, missing: str) -> np.ndarray:
    """Weighted geometric mean: the product of the children's scores, each raised to its
    weight, with scores below 1 counted as 1.

    Need in one child is only partly offset by strength in another. Needs
    scores of 0 or more: use it with minmax, percentile or exponential
    normalisation (0 to 100), not z-scores. Scores are floored at 1, as COINr
    advises, so that one child at the very bottom does not make the whole
    score 0.
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
    """Aggregate children's scores with a method looked up by name.

    Parameters
    ----------
    values : numpy.ndarray
        Matrix of shape (areas, children), NaN where missing.
    weights : numpy.ndarray
        The children's weights.
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


def describe(method: str) -> str:
    """Return the plain-language description of an aggregation method."""
    return inspect.getdoc(AGGREGATORS.get(method)).split("\n\n")[0].replace("\n", " ")
