"""Build an index: every stage from raw values to ranks, kept in a run.

The stages, each a pure function of the one before:
denominate -> impute -> treat outliers -> normalise -> weight -> aggregate -> rank.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from indices.aggregate import aggregate
from indices.errors import DataError
from indices.impute import impute
from indices.normalise import normalise
from indices.outliers import treat_outliers
from indices.ranking import DECILE_MIN_AREAS, deciles, rank_against, rank_within
from indices.spec import IndexSpec, Normalisation
from indices.weighting import domain_weights


@dataclass(frozen=True, eq=False)
class IndexRun:
    """A build of an index: the spec, the data it was given and every stage's table.

    All tables are indexed by area id. Indicator tables have a column per
    indicator code.

    Attributes
    ----------
    spec : IndexSpec
        The spec that made this run.
    data : pandas.DataFrame
        The input columns the spec reads (values, denominators, groups).
    reference : pandas.DataFrame or None
        The national reference scores ranked against, if any.
    raw : pandas.DataFrame
        Each indicator's column as read.
    values : pandas.DataFrame
        After denomination: counts divided by their denominator (rates per
        1,000 by default); other indicators as read.
    imputed, imputed_flags : pandas.DataFrame
        After imputation, and True where a cell was filled.
    treated, treated_flags : pandas.DataFrame
        After outlier treatment, and True where a cell was changed.
    treatment_notes : pandas.Series
        Per indicator, what the outlier treatment did ("" when nothing).
    normalised : pandas.DataFrame
        Normalised values, higher meaning more need.
    weights : pandas.Series
        The weight each indicator and each domain carried (indicator weights
        within their domain, domain weights within the index), by code.
    scores : pandas.DataFrame
        The score of every node: a column for the index (the spec's code), one
        per domain and one per indicator (its normalised value).
    """

    spec: IndexSpec
    data: pd.DataFrame
    reference: pd.DataFrame | None
    raw: pd.DataFrame
    values: pd.DataFrame
    imputed: pd.DataFrame
    imputed_flags: pd.DataFrame
    treated: pd.DataFrame
    treated_flags: pd.DataFrame
    treatment_notes: pd.Series
    normalised: pd.DataFrame
    weights: pd.Series
    scores: pd.DataFrame

    def _rank(self, node: str) -> tuple[np.ndarray, np.ndarray]:
        values = self.scores[node].to_numpy()
        if self.reference is not None and node in self.reference:
            base = self.reference[node].dropna().to_numpy(dtype=float)
            ranks, size = rank_against(values, base), base.size
        else:
            ranks, size = rank_within(values), int(np.count_nonzero(~np.isnan(values)))
        if size < DECILE_MIN_AREAS:  # the one place the rule is applied
            return ranks, np.full(ranks.shape, np.nan)
        return ranks, deciles(ranks, size)

    @cached_property
    def _ranked(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        return {node: self._rank(node) for node in self.scores.columns}

    @cached_property
    def ranks(self) -> pd.DataFrame:
        """Rank of every node's score, 1 = most in need (computed on first use)."""
        return pd.DataFrame({n: r for n, (r, _) in self._ranked.items()}, index=self.scores.index)

    @cached_property
    def deciles(self) -> pd.DataFrame:
        """Decile of every node's rank, decile 1 = the most-in-need tenth of areas; none
        (NaN) among fewer than :data:`indices.ranking.DECILE_MIN_AREAS` areas ranked.

        Computed on first use.
        """
        return pd.DataFrame({n: d for n, (_, d) in self._ranked.items()},
                            index=self.scores.index)

    def summary(self) -> pd.DataFrame:
        """Return one row per area: ``score``, ``rank``, ``decile`` and each domain's score."""
        code = self.spec.code
        rank, decile = self._ranked[code] if "_ranked" in self.__dict__ else self._rank(code)
        out = pd.DataFrame(
            {
                "score": self.scores[code],
                "rank": pd.array(rank, dtype="Float64").astype("Int64"),
                "decile": pd.array(decile, dtype="Float64").astype("Int64"),
            }
        )
        for domain in self.spec.domains:
            out[domain.code] = self.scores[domain.code]
        return out

    def regenerate(self) -> IndexRun:
        """Build the run again from its spec and data: the same run, stage by stage."""
        return build_index(self.spec, self.data, self.reference)


def _matrix(table: pd.DataFrame, spec: IndexSpec) -> pd.DataFrame:
    """Return the spec's numeric columns as floats, with one message per fault."""
    if table.empty:
        raise DataError("the data has no rows; give a table with one row per area.")
    if table.index.has_duplicates:
        dupes = table.index[table.index.duplicated()].unique()[:5]
        raise DataError(
            f"area ids must be unique, but {', '.join(map(str, dupes))} appear more than once. "
            "Remove or merge the duplicated rows."
        )
    needed = spec.numeric_columns
    users = {i.denominator: i.code for i in spec.indicators if i.denominator}
    users.update({i.column: i.code for i in spec.indicators})
    missing = [c for c in needed if c not in table.columns]
    if missing:
        names = ", ".join(f"{c!r} (indicator {users[c]!r})" for c in missing)
        raise DataError(
            f"the data has no column {names}. Add the column to the data, or correct the "
            "indicator's 'column' or 'denominator' in the spec."
        )
    group = spec.group_column
    if group is not None and group not in table.columns:
        raise DataError(
            f"the data has no column {group!r}, which imputation groups areas by. Add it, or "
            "change the imputation's 'group' in the spec."
        )
    columns = table[needed]
    if all(pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t)
           for t in columns.dtypes):
        matrix = columns.to_numpy(dtype=float, na_value=np.nan)  # read-only: copy on write
        if np.isinf(matrix).any():
            matrix = np.where(np.isinf(matrix), np.nan, matrix)
        return pd.DataFrame(matrix, index=table.index, columns=needed, copy=False)
    converted = columns.apply(pd.to_numeric, errors="coerce")
    bad = converted.isna() & columns.notna()
    if bad.any().any():
        column = bad.any().idxmax()
        area = bad[column].idxmax()
        raise DataError(
            f"column {column!r} (indicator {users[column]!r}) has a value that is not a number "
            f"for area {area}: "
            f"{columns.at[area, column]!r}. Correct it, or leave the cell empty to mark it "
            "missing."
        )
    return converted.astype(float).replace([np.inf, -np.inf], np.nan)


def _denominate(spec: IndexSpec, numbers: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    raw = numbers[spec.columns].to_numpy()
    if not any(i.denominator for i in spec.indicators):
        return raw, raw
    values = raw.copy()
    for j, indicator in enumerate(spec.indicators):
        if indicator.denominator:
            denominator = numbers[indicator.denominator].to_numpy()
            with np.errstate(all="ignore"):
                values[:, j] = np.where(denominator > 0,
                                        raw[:, j] / denominator * indicator.scale, np.nan)
    return raw, values


def normalise_indicators(spec: IndexSpec, treated: np.ndarray, out: np.ndarray,
                         method: str | None = None) -> None:
    """Normalise every indicator into ``out`` (one column per indicator).

    Parameters
    ----------
    spec : IndexSpec
        Says each indicator's direction and normalisation.
    treated : numpy.ndarray
        The values to normalise, one column per indicator.
    out : numpy.ndarray
        Where to write the result, same shape.
    method : str, optional
        Use this method for every indicator instead of the spec's (an
        indicator whose own method it is keeps its parameters).
    """
    groups: dict[tuple, list[int]] = {}
    for j, indicator in enumerate(spec.indicators):
        method_ = spec.normalisation_of(indicator)
        if method is not None and method_.method != method:
            method_ = Normalisation(method)
        groups.setdefault((method_.method, tuple(sorted(method_.params.items()))), []).append(j)
    directions = np.array([i.higher_is_worse for i in spec.indicators])
    for (name, params), columns in groups.items():
        every = len(columns) == treated.shape[1]
        try:
            out[:, slice(None) if every else columns] = normalise(
                treated if every else treated[:, columns], name, directions[columns],
                **dict(params))
        except DataError as error:
            codes = ", ".join(repr(spec.indicators[j].code) for j in columns)
            raise DataError(f"indicator {codes}: {error}") from None


def _aggregate_node(name: str, values: np.ndarray, weights: np.ndarray, method: str,
                    missing: str) -> np.ndarray:
    try:
        return aggregate(values, weights, method, missing)
    except DataError as error:
        raise DataError(f"{name}: {error}") from None


def build_index(
    spec: IndexSpec, table: pd.DataFrame, reference: pd.DataFrame | None = None
) -> IndexRun:
    """Build an index over the areas of a table.

    Parameters
    ----------
    spec : IndexSpec
        The index to build.
    table : pandas.DataFrame
        One row per area, indexed by area id, with a column per indicator (and
        per denominator and group column the spec names). Empty cells are
        missing values and are handled as the spec says.
    reference : pandas.DataFrame, optional
        Scores of a national reference (for example an earlier build over
        all of England), one column per node code. Nodes found there are
        ranked against it instead of among the loaded areas, and their
        deciles are out of its size.

    Returns
    -------
    IndexRun

    Raises
    ------
    DataError
        If the table lacks a column, holds text where numbers are expected,
        repeats an area id, or a method cannot use the values.
    """
    numbers = _matrix(table, spec)
    index = numbers.index
    codes = [i.code for i in spec.indicators]
    raw, values = _denominate(spec, numbers)
    groups = None
    if spec.group_column is not None:
        groups = table[spec.group_column].astype(str).to_numpy()
    imputed, imputed_flags = impute(values, spec.imputation.method, groups)
    treated, treated_flags, notes = treat_outliers(imputed, spec.outliers)
    # one matrix for every node's score: the index, the domains, then the indicators
    first = 1 + len(spec.domains)
    all_scores = np.empty((len(index), first + len(codes)), order="F")
    normalised = all_scores[:, first:]
    normalise_indicators(spec, treated, normalised)

    weights: dict[str, float] = {}
    domain_scores = all_scores[:, 1:first]
    position = {code: j for j, code in enumerate(codes)}
    for d, domain in enumerate(spec.domains):
        columns = [position[i.code] for i in domain.indicators]
        given = np.array(list(spec.weights(domain).values()))
        try:
            used = domain_weights(normalised[:, columns], given, spec.weighting)
        except DataError as error:
            raise DataError(f"domain {domain.code!r}: {error}") from None
        weights.update(zip([i.code for i in domain.indicators], used, strict=True))
        domain_scores[:, d] = _aggregate_node(
            f"domain {domain.code!r}", normalised[:, columns], used,
            spec.aggregation_of(domain), spec.missing,
        )
    top = spec.weights()
    weights.update(top)
    all_scores[:, 0] = _aggregate_node(f"index {spec.code!r}", domain_scores,
                                       np.array(list(top.values())), spec.aggregation,
                                       spec.missing)

    def frame(matrix: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(matrix, index=index, columns=codes, copy=False)

    scores = pd.DataFrame(
        all_scores,
        index=index,
        columns=[spec.code] + [d.code for d in spec.domains] + codes,
        copy=False,
    )
    kept = list(dict.fromkeys(spec.numeric_columns + ([spec.group_column]
                                                      if spec.group_column else [])))
    return IndexRun(
        spec=spec,
        data=table[kept],
        reference=reference,
        raw=frame(raw),
        values=frame(values),
        imputed=frame(imputed),
        imputed_flags=frame(imputed_flags),
        treated=frame(treated),
        treated_flags=frame(treated_flags),
        treatment_notes=pd.Series(notes, index=codes, dtype=str),
        normalised=frame(normalised),
        weights=pd.Series(weights),
        scores=scores,
    )
