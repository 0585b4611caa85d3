"""Compiled loops of the sensitivity analysis (numba).

Each kernel is compiled on its first call and cached on disk, so later
processes load it instead of compiling it again. Numba keeps the cache in
``__pycache__`` beside this file, or, where the checkout is read-only, in the
user's cache folder (``NUMBA_CACHE_DIR`` names another). Where no folder can
be written, each process compiles the kernels on its first call.

Ranks are kept in blocks of draws: the rank of area ``a`` in draw ``c`` is
``ranks[c // width, a, c % width]``, so that one draw's ranks, written in
score order, land in a block small enough to stay in cache.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba import njit

_HIGH_BIT = np.uint32(0x80000000)
_MINUS_INFINITY = np.uint32(0xFF800000)  # the bits of single-precision -inf
_AREA_BITS = np.uint64(2**30 - 1)
_SMALLEST_NORMAL = np.uint64(2**52)


def _compiled(function: Callable) -> Callable:
    """Compile a kernel with numba, cached on disk when a cache folder can be written."""
    try:
        return njit(cache=True, nogil=True)(function)
    except RuntimeError:  # numba found no folder it can write its cache to
        return njit(nogil=True)(function)


@_compiled
def fill_sort_keys(scores: np.ndarray, keys: np.ndarray) -> None:
    """Make keys whose ascending order is the ascending order of one draw's scores.

    Parameters
    ----------
    scores : numpy.ndarray
        Single-precision scores of the areas (contiguous); NaN for an area
        without a score, which sorts as -inf.
    keys : numpy.ndarray
        Double-precision output, one per area (at most 2**30 areas), whose
        bits are the score's bits, made to sort in numeric order (-0 just
        below +0), above the area's position, so that equal scores sort by
        area order; plus 2**52, so that every key is a positive normal
        number. Read as numbers, they sort as those bits do, and numpy sorts
        doubles a little faster than 64-bit integers.
    """
    bits = scores.view(np.uint32)
    out = keys.view(np.uint64)
    for i in range(scores.shape[0]):
        b = _MINUS_INFINITY if scores[i] != scores[i] else bits[i]
        k = ~b if b & _HIGH_BIT else b | _HIGH_BIT
        out[i] = ((np.uint64(k) << np.uint64(30)) | np.uint64(i)) + _SMALLEST_NORMAL


@_compiled
def write_ranks(keys: np.ndarray, ranks: np.ndarray, draw: int) -> None:
    """Write each area's rank in one draw from the draw's sorted keys.

    Parameters
    ----------
    keys : numpy.ndarray
        Keys made by :func:`fill_sort_keys`, sorted ascending.
    ranks : numpy.ndarray
        Integer ranks in blocks of draws (see the module's docstring), of a
        type that holds the number of areas; the draw's get 1 for the highest
        key.
    draw : int
        The draw's position among all the draws.
    """
    n = keys.shape[0]
    block = ranks[draw // ranks.shape[2]]
    column = draw % ranks.shape[2]
    words = keys.view(np.uint64)
    for p in range(n):
        block[np.int64(words[p] & _AREA_BITS), column] = n - p


@_compiled
def gather_ranks(ranks: np.ndarray, first: int, out: np.ndarray) -> None:
    """Copy the ranks of consecutive areas over all draws into rows.

    Parameters
    ----------
    ranks : numpy.ndarray
        Integer ranks in blocks of draws (see the module's docstring).
    first : int
        The first area copied.
    out : numpy.ndarray
        One row per area from ``first`` on, one column per draw.
    """
    width = ranks.shape[2]
    draws = out.shape[1]
    full = draws // width  # blocks with every column in use
    for a in range(out.shape[0]):
        row = out[a]
        for b in range(full):
            source = ranks[b, first + a]
            for w in range(width):
                row[b * width + w] = source[w]
        for c in range(full * width, draws):
            row[c] = ranks[full, first + a, c - full * width]
