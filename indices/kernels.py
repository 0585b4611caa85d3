"""Compiled loops of the sensitivity analysis (numba).

Each kernel is compiled on its first call and cached on disk (``cache=True``),
so later processes load it instead of compiling it again. Numba keeps the
cache in ``__pycache__`` beside this file, or, where the checkout is
read-only, in the user's cache folder (``NUMBA_CACHE_DIR`` sets another).
"""

from __future__ import annotations

import numpy as np
from numba import njit

_HIGH_BIT = np.uint32(0x80000000)
_MINUS_INFINITY = np.uint32(0xFF800000)  # the bits of single-precision -inf
_LOW_WORD = np.uint64(0xFFFFFFFF)
_TILE = 64  # areas per tile of the transposing copy


@njit(cache=True, nogil=True)
def fill_sort_keys(scores: np.ndarray, keys: np.ndarray) -> None:  # pragma: no cover - compiled
    """Make keys whose ascending order is the ascending order of each row's scores.

    Parameters
    ----------
    scores : numpy.ndarray
        Single-precision scores, one row per draw (C-contiguous); NaN for an
        area without a score, which sorts as -inf.
    keys : numpy.ndarray
        Unsigned 64-bit output of the same shape: the score's bits, made to
        sort in numeric order (-0 just below +0), above the area's position,
        so that equal scores sort by area order.
    """
    n = scores.shape[1]
    for d in range(scores.shape[0]):
        row = scores[d]
        bits = row.view(np.uint32)
        out = keys[d]
        for i in range(n):
            b = _MINUS_INFINITY if row[i] != row[i] else bits[i]
            k = ~b if b & _HIGH_BIT else b | _HIGH_BIT
            out[i] = (np.uint64(k) << np.uint64(32)) | np.uint64(i)


@njit(cache=True, nogil=True)
def write_ranks(keys: np.ndarray, ranks: np.ndarray, by_area: np.ndarray,
                first: int) -> None:  # pragma: no cover - compiled
    """Write each area's rank in each draw from its sorted keys.

    Parameters
    ----------
    keys : numpy.ndarray
        Keys made by :func:`fill_sort_keys`, each row sorted ascending.
    ranks : numpy.ndarray
        Scratch space of the same shape and integer type as ``by_area``:
        each draw's ranks, 1 for the highest key.
    by_area : numpy.ndarray
        Ranks (integers that hold the number of areas), one row per area and
        one column per draw: column ``first + d`` gets row ``d``'s ranks.
    first : int
        Column of the first row of ``keys``.
    """
    draws, n = keys.shape
    for d in range(draws):
        row = keys[d]
        out = ranks[d]
        for p in range(n):
            out[np.int64(row[p] & _LOW_WORD)] = n - p
    for start in range(0, n, _TILE):  # copied over in tiles of areas, to stay in cache
        for area in range(start, min(start + _TILE, n)):
            for d in range(draws):
                by_area[area, first + d] = ranks[d, area]
