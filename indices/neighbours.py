"""Statistical neighbours: the areas most like an area on context indicators, in the spirit of
CIPFA's Nearest Neighbours Model.

The method, each step stated so that it can be checked by hand:

- **Standardise.** Each context indicator is turned into z-scores over all the candidate
  areas: (value − mean) / standard deviation, the standard deviation of the areas with a
  value (divided by their number, not one less). An indicator with no spread (one value for
  all) has z = 0 everywhere and tells no area apart.
- **Weigh.** The analyst's weights are divided by their sum, so that they add up to 1, as
  CIPFA's model weighs its indicators.
- **Distance.** Between areas a and b, d(a, b) = sqrt(Σ w_i (z_ai − z_bi)²): a weighted
  Euclidean distance on the z-scores.
- **Missing values.** An indicator missing for either area is left out of that pair's
  distance, and the weights of the indicators both have are scaled up to add to 1 again.
  A pair is compared only when the indicators both have carry at least
  :data:`MIN_SHARED_WEIGHT` of the weight; otherwise neither is the other's neighbour.
- **Nearest.** An area's k nearest (default :data:`DEFAULT_K`; CIPFA gives 15 for local
  authorities, which are fewer and larger) are the other areas with the smallest distance,
  ties broken by code (the smaller code first).
- **Why alike.** Each neighbour's squared distance splits exactly into one part per
  indicator, w_i (z_ai − z_bi)² (with the weights as the missing values leave them): the
  parts add up to d², and each part's share of d² says how much of the difference that
  indicator makes.
- **Compared with its neighbours.** On each indicator of an index, an area is *worse* than
  its neighbours when its value is further than :data:`COMPARISON_SDS` standard deviation of
  the neighbours' values (one less than their number, as a sample) from the neighbours' mean,
  in the direction of more need; *better* when as far the other way; *similar* otherwise.
  With fewer than :data:`MIN_COMPARED` neighbours' values, or no value of its own, there is
  no comparison.

Everything here is numpy and pandas, vectorised over areas (no loop over pairs of areas).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indices.errors import NeighbourError

#: How many nearest neighbours an area is given unless asked otherwise.
DEFAULT_K = 10
#: A pair of areas is compared only when the indicators both have carry at least this share
#: of the weight.
MIN_SHARED_WEIGHT = 0.5
#: How many standard deviations of its neighbours' values an area's value must be from their
#: mean to count as better or worse than them.
COMPARISON_SDS = 1.0
#: The fewest neighbours' values a comparison is made from.
MIN_COMPARED = 3
#: The verdicts of the comparison with the neighbours.
BETTER, SIMILAR, WORSE = "better", "similar", "worse"
VERDICTS = (BETTER, SIMILAR, WORSE)
#: Rows of areas whose distances to every area are worked out at a time (bounds memory).
CHUNK = 512


def standardise(table: pd.DataFrame) -> pd.DataFrame:
    """Turn each column into z-scores over the areas that have a value.

    Parameters
    ----------
    table : pandas.DataFrame
        Areas x indicators, numeric; missing values stay missing.

    Returns
    -------
    pandas.DataFrame
        (value − mean) / standard deviation (``ddof=0``) per column; 0 where a column has
        no spread.
    """
    values = table.astype(float)
    mean = values.mean()
    sd = values.std(ddof=0)
    z = (values - mean) / sd.where(sd > 0)
    flat = sd.fillna(0) <= 0
    z.loc[:, flat] = values.loc[:, flat].where(values.loc[:, flat].isna(), 0.0)
    return z


def normalised_weights(columns: Sequence[str],
                       weights: Mapping[str, float] | None = None) -> pd.Series:
    """The weights of the indicators, divided by their sum so that they add up to 1.

    Parameters
    ----------
    columns : sequence of str
        The indicators.
    weights : mapping, optional
        Indicator -> weight (default: equal weights); indicators not named weigh 1.

    Raises
    ------
    NeighbourError
        If a weight is negative or not a number, or none is above zero.
    """
    raw = pd.Series({c: float((weights or {}).get(c, 1.0)) for c in columns}, dtype=float)
    bad = raw[~np.isfinite(raw) | (raw < 0)]
    if len(bad):
        raise NeighbourError(
            f"The weight of {bad.index[0]!r} is {bad.iloc[0]}: give each indicator a weight "
            "of 0 or more.")
    if raw.sum() <= 0:
        raise NeighbourError("Every weight is 0: give at least one indicator a weight above 0.")
    return raw / raw.sum()


def _squared(z: np.ndarray, present: np.ndarray, w: np.ndarray,
             rows: np.ndarray | slice) -> tuple[np.ndarray, np.ndarray]:
    """The squared distances of some areas (``rows``) to every area, and the weight their
    shared indicators carry; one pass per indicator, vectorised over the pairs."""
    n_rows = z[rows].shape[0]
    total = np.zeros((n_rows, z.shape[0]))
    shared = np.zeros((n_rows, z.shape[0]))
    for i in range(z.shape[1]):
        diff = np.subtract(z[rows, i][:, None], z[None, :, i])
        np.multiply(diff, diff, out=diff)
        diff *= w[i]
        if present[:, i].all():  # the common case: nobody lacks it
            total += diff
            shared += w[i]
        else:
            both = present[rows, i][:, None] & present[None, :, i]
            total += np.where(both, diff, 0.0)
            shared += np.where(both, w[i], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        squared = np.where(shared >= MIN_SHARED_WEIGHT - 1e-12, total / shared, np.nan)
    return squared, shared


@dataclass(frozen=True)
class NeighbourModel:
    """The candidate areas on their standardised context indicators, with the weights.

    Make it with :meth:`of`. Areas are kept in code order, which breaks ties.

    Attributes
    ----------
    values : pandas.DataFrame
        The context indicators as given (areas x indicators), in code order.
    z : pandas.DataFrame
        Their z-scores (see :func:`standardise`).
    weights : pandas.Series
        Each indicator's weight, adding up to 1.
    """

    values: pd.DataFrame
    z: pd.DataFrame
    weights: pd.Series

    @classmethod
    def of(cls, table: pd.DataFrame,
           weights: Mapping[str, float] | None = None) -> NeighbourModel:
        """Standardise a table of candidate areas and weigh its indicators.

        Parameters
        ----------
        table : pandas.DataFrame
            Candidate areas (indexed by code) x context indicators.
        weights : mapping, optional
            Indicator -> weight (default equal); see :func:`normalised_weights`.

        Raises
        ------
        NeighbourError
            If the table has no indicator, fewer than two areas, a repeated code or a
            column that is not numbers, or a weight is wrong.
        """
        if table.shape[1] == 0:
            raise NeighbourError("Choose at least one context indicator to compare areas on.")
        if len(table) < 2:
            raise NeighbourError("Neighbours need at least two areas to compare.")
        repeated = table.index[table.index.duplicated()]
        if len(repeated):
            raise NeighbourError(f"The area {repeated[0]!r} is in the table twice; give each "
                                 "area one row.")
        words = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
        if words:
            raise NeighbourError(f"The context indicator {words[0]!r} is not numbers; choose "
                                 "columns of numbers.")
        unknown = sorted(set(weights or {}) - set(table.columns))
        if unknown:
            raise NeighbourError(f"A weight is given for {unknown[0]!r}, which is not one of "
                                 f"the indicators: {', '.join(map(str, table.columns))}.")
        values = table.sort_index().astype(float)
        return cls(values, standardise(values), normalised_weights(list(values.columns),
                                                                   weights))

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        z = self.z.to_numpy(dtype=float)
        present = ~np.isnan(z)
        return np.where(present, z, 0.0), present, self.weights.to_numpy(dtype=float)

    def _position(self, code: str) -> int:
        if code not in self.z.index:
            raise NeighbourError(f"{code!r} is not one of the {len(self.z):,} candidate areas.")
        return int(self.z.index.get_loc(code))

    def distances(self, code: str) -> pd.Series:
        """The distance from an area to every other area (missing where they cannot be
        compared), in code order; the area itself is left out."""
        z, present, w = self._arrays()
        at = self._position(code)
        squared, _ = _squared(z, present, w, np.array([at]))
        out = pd.Series(np.sqrt(squared[0]), index=self.z.index, name="distance")
        return out.drop(code)

    def nearest(self, code: str, k: int = DEFAULT_K) -> pd.DataFrame:
        """An area's k nearest neighbours, nearest first, ties broken by code.

        Returns
        -------
        pandas.DataFrame
            Indexed by the neighbours' codes: ``distance`` and ``rank`` (1 = nearest);
            fewer than k rows when fewer areas can be compared with it.
        """
        _check_k(k)
        found = self.distances(code).dropna()
        order = np.lexsort((found.index.to_numpy(dtype=str), found.to_numpy()))[:k]
        chosen = found.iloc[order]
        return pd.DataFrame({"distance": chosen.to_numpy(),
                             "rank": np.arange(1, len(chosen) + 1)},
                            index=pd.Index(chosen.index, name="code"))

    def breakdown(self, code: str, others: Sequence[str]) -> pd.DataFrame:
        """Each other area's squared distance from an area, split by indicator.

        Returns
        -------
        pandas.DataFrame
            Others x indicators: w_i (z_ai − z_bi)² with the weights scaled over the
            indicators both areas have (missing for the others), so that each row adds up
            to the squared distance.
        """
        a = self.z.loc[code]
        rows = self.z.loc[list(others)]
        both = rows.notna() & a.notna()
        shared = both.mul(self.weights, axis=1).sum(axis=1)
        parts = (rows - a) ** 2 * self.weights
        return parts.where(both).div(shared.where(shared > 0), axis=0)

    def shares(self, code: str, others: Sequence[str]) -> pd.DataFrame:
        """Each indicator's share of each other area's squared distance (rows add to 1; a
        distance of 0 has no shares)."""
        parts = self.breakdown(code, others)
        total = parts.sum(axis=1, min_count=1)
        return parts.div(total.where(total > 0), axis=0)

    def all_nearest(self, k: int = DEFAULT_K) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Every area's k nearest neighbours at once, vectorised over the pairs of areas.

        Returns
        -------
        codes : pandas.DataFrame
            Areas x neighbours 1..k: each neighbour's code (missing where an area has
            fewer).
        distances : pandas.DataFrame
            The same shape: the distances.
        """
        _check_k(k)
        z, present, w = self._arrays()
        n = z.shape[0]
        k_shown = min(k, n - 1)
        codes = self.z.index.to_numpy(dtype=object)
        found = np.empty((n, k_shown), dtype=object)
        near = np.full((n, k_shown), np.nan)
        for start in range(0, n, CHUNK):
            rows = np.arange(start, min(start + CHUNK, n))
            squared, _ = _squared(z, present, w, rows)
            squared[np.arange(len(rows)), rows] = np.nan  # not its own neighbour
            ranked = np.where(np.isnan(squared), np.inf, squared)
            order = _smallest(ranked, k_shown)
            taken = np.take_along_axis(ranked, order, axis=1)
            valid = np.isfinite(taken)
            near[rows] = np.where(valid, np.sqrt(np.where(valid, taken, 0.0)), np.nan)
            found[rows] = np.where(valid, codes[order], None)
        columns = pd.RangeIndex(1, k_shown + 1, name="neighbour")
        index = pd.Index(self.z.index, name="code")
        return (pd.DataFrame(found, index=index, columns=columns),
                pd.DataFrame(near, index=index, columns=columns))


def _smallest(ranked: np.ndarray, k: int) -> np.ndarray:
    """Per row, the columns of the k smallest values, smallest first, ties in column order
    (code order): a partial sort, the whole row never sorted."""
    kth = np.partition(ranked, k - 1, axis=1)[:, [k - 1]]
    less = ranked < kth
    equal = ranked == kth
    wanted = k - less.sum(axis=1, keepdims=True)  # ties at the k-th value: the first ones
    chosen = less | (equal & (np.cumsum(equal, axis=1) <= wanted))
    columns = np.nonzero(chosen)[1].reshape(len(ranked), k)  # in column order
    values = np.take_along_axis(ranked, columns, axis=1)
    return np.take_along_axis(columns, np.argsort(values, axis=1, kind="stable"), axis=1)


def _check_k(k: int) -> None:
    if int(k) != k or k < 1:
        raise NeighbourError(f"The number of neighbours is {k!r}: give a whole number, 1 or "
                             "more.")


def compare(values: pd.DataFrame, code: str, neighbours: Sequence[str],
            higher_is_worse: Mapping[str, bool],
            sds: float = COMPARISON_SDS) -> pd.DataFrame:
    """How an area compares with its neighbours on each indicator of an index.

    Parameters
    ----------
    values : pandas.DataFrame
        Areas x indicators (missing where unknown or not to be used, such as a value
        hidden by the small-number rule).
    code : str
        The area.
    neighbours : sequence of str
        Its neighbours' codes.
    higher_is_worse : mapping of str to bool
        Per indicator, whether a higher value means more need.
    sds : float
        How many of the neighbours' standard deviations make a difference.

    Returns
    -------
    pandas.DataFrame
        Indexed by indicator: ``value``, ``neighbours_mean``, ``neighbours_sd`` (sample),
        ``compared`` (how many neighbours' values), ``difference`` (in their standard
        deviations, positive = more need) and ``verdict`` (better, similar, worse, or
        missing where no comparison is made).
    """
    if code not in values.index:
        raise NeighbourError(f"{code!r} has no row of values to compare.")
    columns = [c for c in values.columns if c in higher_is_worse]
    own = values.loc[code, columns].astype(float)
    theirs = values.reindex(list(neighbours))[columns].astype(float)
    mean, sd, count = theirs.mean(), theirs.std(ddof=1), theirs.notna().sum()
    sign = pd.Series({c: 1.0 if higher_is_worse[c] else -1.0 for c in columns})
    gap = (own - mean) * sign  # positive: more need than the neighbours
    with np.errstate(divide="ignore", invalid="ignore"):
        difference = gap / sd
    limit = sds * sd
    verdict = pd.Series(SIMILAR, index=columns, dtype=object)
    verdict[gap > limit] = WORSE
    verdict[gap < -limit] = BETTER
    verdict[own.isna() | (count < MIN_COMPARED)] = None
    return pd.DataFrame({"value": own, "neighbours_mean": mean, "neighbours_sd": sd,
                         "compared": count.astype(int), "difference": difference,
                         "verdict": verdict})


def verdict_counts(comparison: pd.DataFrame) -> dict[str, int]:
    """How many indicators are better, similar and worse (in that order)."""
    counted = comparison["verdict"].value_counts()
    return {v: int(counted.get(v, 0)) for v in VERDICTS}
