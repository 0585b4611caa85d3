"""Ranks and deciles of scores, higher scores meaning more need."""

from __future__ import annotations

import numpy as np


def rank_within(scores: np.ndarray) -> np.ndarray:
    """Rank scores among themselves, 1 being the highest score (the most need).

    Tied scores share the best rank of their group ("min" ranking); missing
    scores get no rank (NaN).

    Parameters
    ----------
    scores : array_like
        One score per area; NaN where an area has none.

    Returns
    -------
    numpy.ndarray
        Float ranks, NaN where the score is missing.
    """
    scores = np.asarray(scores, dtype=float)
    ranks = np.full(scores.shape, np.nan)
    present = np.flatnonzero(~np.isnan(scores))
    if present.size:
        order = np.argsort(-scores[present])
        ordered = scores[present][order]
        # Each position takes the position of the first score of its tie group.
        starts = np.ones(ordered.size, dtype=bool)
        np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
        first = np.maximum.accumulate(np.where(starts, np.arange(ordered.size), 0))
        ranks[present[order]] = first + 1.0
    return ranks


def rank_against(scores: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Rank scores against a reference distribution, such as all of England.

    An area's rank is one more than the number of reference scores strictly
    higher than its own, so an area equal to the highest reference score
    ranks 1. Missing scores get no rank.
    """
    scores = np.asarray(scores, dtype=float)
    ordered = np.sort(np.asarray(reference, dtype=float)[~np.isnan(reference)])
    higher = ordered.size - np.searchsorted(ordered, scores, side="right")
    return np.where(np.isnan(scores), np.nan, higher + 1.0)


#: Fewest areas among which deciles are given (a decile of fewer areas means nothing).
DECILE_MIN_AREAS = 10


def deciles(ranks: np.ndarray, size: int) -> np.ndarray:
    """Turn ranks out of ``size`` into deciles: decile 1 = the most-in-need tenth of areas."""
    ranks = np.asarray(ranks, dtype=float)
    return np.where(np.isnan(ranks), np.nan, np.clip(np.ceil(ranks * 10 / size), 1, 10))
