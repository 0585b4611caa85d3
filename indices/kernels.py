"""Compiled ranking loops (numba): the sensitivity analysis's draws and percentile ranks.

Each kernel is compiled on its first call and cached on disk, so later
processes load it instead of compiling it again. Numba keeps the cache in
``__pycache__`` beside this file, or, where the checkout is read-only, in the
user's cache folder (``NUMBA_CACHE_DIR`` names another). Where no folder can
be written, each process compiles the kernels on its first call.

Ranks are kept one row per draw (``ranks[draw, area]``), in 16-bit integers
where the areas are few enough, so that a draw's ranks, written in score
order, land in a row small enough to stay in cache.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba import njit

_HIGH_BIT = np.uint32(0x80000000)
_MINUS_INFINITY = np.uint32(0xFF800000)  # the bits of single-precision -inf
_LARGEST_NAN = np.uint32(0x7FFFFFFF)  # bits whose key is above that of +inf
_AREA_BITS = np.uint64(2**30 - 1)
_SMALLEST_NORMAL = np.uint64(2**52)


def _compiled(function: Callable) -> Callable:
    """Compile a kernel with numba, cached on disk when a cache folder can be written."""
    try:
        return njit(cache=True, nogil=True)(function)
    except RuntimeError:  # numba found no folder it can write its cache to
        return njit(nogil=True)(function)


@_compiled
def _key(bits: np.uint32, position: int) -> np.uint64:
    """The key of a single-precision number's bits at a position (see :func:`fill_sort_keys`)."""
    k = ~bits if bits & _HIGH_BIT else bits | _HIGH_BIT
    return ((np.uint64(k) << np.uint64(30)) | np.uint64(position)) + _SMALLEST_NORMAL


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
        out[i] = _key(_MINUS_INFINITY if scores[i] != scores[i] else bits[i], i)


@_compiled
def write_ranks(keys: np.ndarray, ranks: np.ndarray) -> None:
    """Write each area's rank in one draw from the draw's sorted keys.

    Parameters
    ----------
    keys : numpy.ndarray
        Keys made by :func:`fill_sort_keys`, sorted ascending.
    ranks : numpy.ndarray
        The draw's row of integer ranks, of a type that holds the number of
        areas; 1 goes to the highest key.
    """
    n = keys.shape[0]
    words = keys.view(np.uint64)
    for p in range(n):
        ranks[np.int64(words[p] & _AREA_BITS)] = n - p


@_compiled
def cell_sums(ranks: np.ndarray, columns: np.ndarray, starts: np.ndarray, sums: np.ndarray,
              squares: np.ndarray) -> None:
    """Add up some areas' ranks over each cell of draws, and their squares over all draws.

    Parameters
    ----------
    ranks : numpy.ndarray
        Integer ranks, one row per draw, the draws of a cell in consecutive rows.
    columns : numpy.ndarray
        The areas (columns of ``ranks``) to add up.
    starts : numpy.ndarray
        The first row of each cell, ascending; a cell ends where the next starts.
    sums : numpy.ndarray
        64-bit integer output, zeroed, one row per cell and one column per area:
        the sum of the area's ranks over the cell's draws.
    squares : numpy.ndarray
        64-bit integer output, zeroed, one per area: the sum of its squared
        ranks over all the draws.
    """
    for c in range(starts.shape[0]):
        stop = starts[c + 1] if c + 1 < starts.shape[0] else ranks.shape[0]
        total = sums[c]
        for d in range(starts[c], stop):
            row = ranks[d]
            for j in range(columns.shape[0]):
                value = np.int64(row[columns[j]])
                total[j] += value
                squares[j] += value * value


@_compiled
def fill_value_keys(columns: np.ndarray, keys: np.ndarray) -> None:
    """Make keys that sort each row's values in ascending order, to single precision.

    Parameters
    ----------
    columns : numpy.ndarray
        Double-precision values, one row per indicator (at most 2**30 in a row);
        NaN for missing, which sorts last.
    keys : numpy.ndarray
        Double-precision output, same shape: as :func:`fill_sort_keys` makes them
        from the values rounded to single precision. Values that round alike are
        put in order by :func:`average_ranks`.
    """
    rounded = np.empty(columns.shape[1], dtype=np.float32)
    bits = rounded.view(np.uint32)
    for j in range(columns.shape[0]):
        values = columns[j]
        out = keys[j].view(np.uint64)
        for i in range(values.shape[0]):
            rounded[i] = values[i]
        for i in range(values.shape[0]):
            out[i] = _key(_LARGEST_NAN if values[i] != values[i] else bits[i], i)


@_compiled
def _order_alike(order: np.ndarray, ordered: np.ndarray, start: int, stop: int) -> None:
    """Sort ``ordered[start:stop]`` (values that round alike), and ``order`` with it."""
    if stop - start > 32:
        moves = np.argsort(ordered[start:stop], kind="mergesort")
        order[start:stop] = order[start:stop][moves]
        ordered[start:stop] = ordered[start:stop][moves]
        return
    for p in range(start + 1, stop):  # insertion sort of a few
        area, value = order[p], ordered[p]
        q = p
        while q > start and ordered[q - 1] > value:
            order[q], ordered[q] = order[q - 1], ordered[q - 1]
            q -= 1
        order[q], ordered[q] = area, value


@_compiled
def average_ranks(columns: np.ndarray, keys: np.ndarray, ranks: np.ndarray) -> None:
    """Rank each row's values from 1 (the least) up, ties sharing their mean rank.

    Parameters
    ----------
    columns : numpy.ndarray
        Values, one row per indicator; NaN for missing.
    keys : numpy.ndarray
        Their keys from :func:`fill_value_keys`, each row sorted ascending.
        Values that differ only beyond single precision are put in order here,
        so the ranks are those of the values themselves.
    ranks : numpy.ndarray
        Output, same shape as ``columns``: the ranks, NaN where missing.
    """
    n = columns.shape[1]
    order = np.empty(n, dtype=np.int64)
    ordered = np.empty(n)
    shift = np.uint64(30)
    for j in range(columns.shape[0]):
        values, words, out = columns[j], keys[j].view(np.uint64), ranks[j]
        for p in range(n):
            order[p] = np.int64(words[p] & _AREA_BITS)
            ordered[p] = values[order[p]]
        p = 0
        while p < n - 1:  # values alike in single precision but not in double: order them
            if (words[p] >> shift == words[p + 1] >> shift and ordered[p] != ordered[p + 1]
                    and ordered[p] == ordered[p]):
                start, stop = p, p + 2
                while start > 0 and words[start - 1] >> shift == words[p] >> shift:
                    start -= 1
                while stop < n and words[stop] >> shift == words[p] >> shift:
                    stop += 1
                _order_alike(order, ordered, start, stop)
                p = stop
            else:
                p += 1
        p = 0
        while p < n:  # runs of equal values share their mean rank
            value = ordered[p]
            if value != value:  # missing values come last
                for r in range(p, n):
                    out[order[r]] = np.nan
                break
            end = p + 1
            while end < n and ordered[end] == value:
                end += 1
            for r in range(p, end):
                out[order[r]] = (p + end + 1) * 0.5
            p = end
