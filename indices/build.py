"""Build an index: normalise indicators, aggregate up the tree, rank every node."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indices.aggregate import aggregate
from indices.errors import DataError
from indices.normalise import normalise
from indices.ranking import deciles, rank_against, rank_within
from indices.spec import IndexSpec


@dataclass(frozen=True)
class IndexResult:
    """Everything a build produced, indexed by area id.

    Attributes
    ----------
    spec : IndexSpec
        The spec that made this result.
    raw : pandas.DataFrame
        Each indicator's raw values, one column per indicator code.
    normalised : pandas.DataFrame
        Each indicator's normalised values (higher = more need).
    scores : pandas.DataFrame
        The score of every node: a column for the index (named after the
        spec's code), one per domain and one per indicator (its normalised
        value). Higher means more need.
    ranks : pandas.DataFrame
        Rank of every node's score, 1 = most in need.
    deciles : pandas.DataFrame
        Decile of every node's rank, 1 = the tenth most in need.
    """

    spec: IndexSpec
    raw: pd.DataFrame
    normalised: pd.DataFrame
    scores: pd.DataFrame
    ranks: pd.DataFrame
    deciles: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """Return one row per area: ``score``, ``rank``, ``decile`` and each domain's score."""
        code = self.spec.code
        out = pd.DataFrame(
            {
                "score": self.scores[code],
                "rank": self.ranks[code].astype("Int64"),
                "decile": self.deciles[code].astype("Int64"),
            }
        )
        for domain in self.spec.domains:
            out[domain.code] = self.scores[domain.code]
        return out


def _numeric_values(table: pd.DataFrame, spec: IndexSpec) -> pd.DataFrame:
    if table.empty:
        raise DataError("the data has no rows; give a table with one row per area.")
    if table.index.has_duplicates:
        dupes = table.index[table.index.duplicated()].unique()[:5]
        raise DataError(
            f"area ids must be unique, but {', '.join(map(str, dupes))} appear more than once. "
            "Remove or merge the duplicated rows."
        )
    missing = [i for i in spec.indicators if i.column not in table.columns]
    if missing:
        names = ", ".join(f"{i.column!r} (indicator {i.code!r})" for i in missing)
        raise DataError(
            f"the data has no column {names}. Add the column to the data, or correct the "
            "indicator's 'column' in the spec."
        )
    values = {}
    for indicator in spec.indicators:
        column = table[indicator.column]
        converted = pd.to_numeric(column, errors="coerce")
        bad = converted.isna() & column.notna()
        if bad.any():
            area = bad.idxmax()
            raise DataError(
                f"column {indicator.column!r} (indicator {indicator.code!r}) has a value that is "
                f"not a number for area {area}: {column[area]!r}. Correct it, or leave the cell "
                "empty to mark it missing."
            )
        values[indicator.code] = converted.astype(float)
    raw = pd.DataFrame(values, index=table.index)
    return raw.replace([np.inf, -np.inf], np.nan)


def _normalise_all(spec: IndexSpec, raw: pd.DataFrame) -> pd.DataFrame:
    columns = {}
    for indicator in spec.indicators:
        method = spec.normalisation_of(indicator)
        try:
            columns[indicator.code] = normalise(
                raw[indicator.code].to_numpy(), method.method, indicator.higher_is_worse,
                **method.params,
            )
        except DataError as error:
            raise DataError(f"indicator {indicator.code!r}: {error}") from None
    return pd.DataFrame(columns, index=raw.index)


def _aggregate_node(
    name: str, values: pd.DataFrame, weights: dict[str, float], method: str, missing: str
) -> np.ndarray:
    try:
        return aggregate(
            values[list(weights)].to_numpy(), np.array(list(weights.values())), method, missing
        )
    except DataError as error:
        raise DataError(f"{name}: {error}") from None


def build_index(
    spec: IndexSpec, table: pd.DataFrame, reference: pd.DataFrame | None = None
) -> IndexResult:
    """Build an index over the areas of a table.

    Parameters
    ----------
    spec : IndexSpec
        The index to build.
    table : pandas.DataFrame
        One row per area, indexed by area id, with a column per indicator.
        Empty cells are missing values and are handled as the spec says.
    reference : pandas.DataFrame, optional
        Scores of a national reference (for example an earlier build over
        all of England), one column per node code. Nodes found there are
        ranked against it instead of among the loaded areas, and their
        deciles are out of its size.

    Returns
    -------
    IndexResult

    Raises
    ------
    DataError
        If the table lacks an indicator's column, holds text where numbers
        are expected, repeats an area id, or a method cannot use the values.
    """
    raw = _numeric_values(table, spec)
    normalised = _normalise_all(spec, raw)
    scores = normalised.copy()
    for domain in spec.domains:
        scores[domain.code] = _aggregate_node(
            f"domain {domain.code!r}", normalised, spec.weights(domain),
            spec.aggregation_of(domain), spec.missing,
        )
    scores[spec.code] = _aggregate_node(
        f"index {spec.code!r}", scores, spec.weights(), spec.aggregation, spec.missing
    )
    order = [spec.code] + [d.code for d in spec.domains] + [i.code for i in spec.indicators]
    scores = scores[order]
    ranks, decs = {}, {}
    for node in order:
        values = scores[node].to_numpy()
        if reference is not None and node in reference:
            base = reference[node].dropna().to_numpy(dtype=float)
            ranks[node] = rank_against(values, base)
            size = base.size
        else:
            ranks[node] = rank_within(values)
            size = int(np.count_nonzero(~np.isnan(values)))
        decs[node] = deciles(ranks[node], max(size, 1))
    return IndexResult(
        spec=spec,
        raw=raw,
        normalised=normalised,
        scores=scores,
        ranks=pd.DataFrame(ranks, index=raw.index),
        deciles=pd.DataFrame(decs, index=raw.index),
    )
