"""Ranks and deciles of scores, higher scores meaning more need."""

from __future__ import annotations

import numpy as np
from scipy.stats import rankdata


def rank_within(scores: np.ndarray) -> np.ndarray:
    """Rank scores among themselves, 1 being the highest score (the most need).

    Tied scores share the best rank of their group ("min" ranking); missing
    scores get no rank (NaN).
    """
    scores = np.asarray(scores, dtype=float)
    ranks = np.full(scores.shape, np.nan)
    present = ~np.isnan(scores)
    ranks[present] = rankdata(-scores[present], method="min")
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
    """Turn ranks out of ``size`` into deciles, 1 holding the tenth most in need."""
    ranks = np.asarray(ranks, dtype=float)
    return np.where(np.isnan(ranks), np.nan, np.clip(np.ceil(ranks * 10 / size), 1, 10))
