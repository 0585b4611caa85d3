"""Neighbourhood profiles: one area's index results beside its borough and region."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.areas.table import POPULATION
from indices.build import IndexRun


@dataclass(frozen=True)
class AreaProfile:
    """What a profile shows for one area.

    Attributes
    ----------
    code, name, ward : str
        The area's code and name, and the name of its ward.
    borough : str
        The name of the areas it is ranked and averaged among (a borough, or
        Greater Manchester).
    district : str
        The name of the borough the area is in.
    score : float
        The index score (higher = more need).
    average : float
        The mean index score of the areas it is ranked among (what the profile
        and meeting mode compare the score with).
    rank : int or None
        Rank within the borough, 1 = most in need; None when it has no score.
    decile : int or None
        Decile within the borough (decile 1 = the most-in-need tenth of areas); None among
        fewer than ten areas.
    areas : int
        Number of areas ranked.
    imd_decile, imd_rank : int or None
        National IMD 2025 decile (1 = most deprived tenth of England) and rank of 33,755.
    domains : pandas.DataFrame
        One row per domain: ``code``, ``name``, ``score``, ``borough_average``,
        ``rank``, ``decile``.
    indicators : pandas.DataFrame
        One row per indicator: ``domain``, ``code``, ``name``, ``value``,
        ``unit``, ``borough``, ``region``, ``rank`` (within the borough, 1 =
        most in need), ``hidden`` (the value is suppressed), ``direction``,
        ``source``, ``year``.
    """

    code: str
    name: str
    ward: str
    borough: str
    district: str
    score: float
    average: float
    rank: int | None
    decile: int | None
    areas: int
    imd_decile: int | None
    imd_rank: int | None
    domains: pd.DataFrame
    indicators: pd.DataFrame


def weighted_means(table: pd.DataFrame, columns: list[str], weights: pd.Series) -> pd.Series:
    """Return each column's mean over the rows, weighted, skipping missing cells.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows to average over.
    columns : list of str
        Columns to average.
    weights : pandas.Series
        Weight of each row (aligned on the index), such as its population.

    Returns
    -------
    pandas.Series
        One mean per column; NaN where a column has no values.
    """
    values = table[columns].astype(float)
    w = weights.reindex(values.index).astype(float).to_numpy()[:, None]
    present = values.notna().to_numpy()
    totals = np.where(present, w, 0.0).sum(axis=0)
    sums = np.nansum(values.to_numpy() * w, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.Series(np.where(totals > 0, sums / totals, np.nan), index=columns)


def comparison_figures(spec, table: pd.DataFrame) -> pd.Series:
    """Each indicator's figure for a group of areas (a borough, a region), in spec order.

    A rate the spec makes from a count is recomputed from the summed counts and
    denominators; any other indicator is averaged weighted by resident population.
    """
    means = weighted_means(table, spec.columns, table[POPULATION])
    figures = []
    for indicator, mean in zip(spec.indicators, means, strict=True):
        if indicator.denominator:
            counts, base = table[indicator.column], table[indicator.denominator]
            both = counts.notna() & base.notna()
            total = base[both].sum()
            mean = counts[both].sum() / total * indicator.scale if total > 0 else np.nan
        figures.append(mean)
    return pd.Series(figures, index=[i.code for i in spec.indicators])


def against_average(score: float, average: float) -> str | None:
    """Say whether a score is ``"more"`` or ``"less"`` need than an average, or ``"the same"``
    (None without a score).

    Scores are need-oriented whatever the normalisation and aggregation (higher = more
    need), but only z-scores centre on 0: the comparison is always with the average of
    the areas, as the profile's domain chart draws it.
    """
    if pd.isna(score) or pd.isna(average):
        return None
    if np.isclose(score, average, rtol=1e-9, atol=1e-12):
        return "the same"
    return "more" if score > average else "less"


def _optional_int(value: object) -> int | None:
    return None if pd.isna(value) else int(value)


def build_profile(
    code: str,
    result: IndexRun,
    borough: pd.DataFrame,
    region: pd.DataFrame,
    hidden: pd.DataFrame | None = None,
    place: str | None = None,
) -> AreaProfile:
    """Assemble the profile of one area.

    Parameters
    ----------
    code : str
        The area's id (``lsoa21cd``), one of the result's areas.
    result : IndexRun
        The index built over the borough's areas.
    borough : pandas.DataFrame
        The borough's rows of the area table (see :func:`data.areas.table.load_area_table`), or
        of a level's table (with ``area_name`` and ``ward_name``).
    region : pandas.DataFrame
        The area table's rows for the whole region, for comparison.
    hidden : pandas.DataFrame, optional
        Per data column, True where an area's value must be hidden (small
        numbers); such values and their ranks come out missing, flagged in
        the ``hidden`` column.
    place : str, optional
        The name of the areas the result ranks (default: the area's borough).

    Returns
    -------
    AreaProfile

    Raises
    ------
    KeyError
        If the code is not one of the result's areas.
    """
    if code not in result.scores.index:
        raise KeyError(code)
    spec = result.spec
    row = borough.loc[code]
    ranked = int(result.ranks[spec.code].notna().sum())
    domains = pd.DataFrame(
        {
            "code": [d.code for d in spec.domains],
            "name": [d.name for d in spec.domains],
            "score": [result.scores.at[code, d.code] for d in spec.domains],
            "borough_average": [result.scores[d.code].mean() for d in spec.domains],
            "rank": [_optional_int(result.ranks.at[code, d.code]) for d in spec.domains],
            "decile": [_optional_int(result.deciles.at[code, d.code]) for d in spec.domains],
        }
    )
    borough_figures = comparison_figures(spec, borough)
    region_figures = comparison_figures(spec, region)
    indicators = pd.DataFrame(
        {
            "domain": [spec.domain_of(i.code).name for i in spec.indicators],
            "code": [i.code for i in spec.indicators],
            "name": [i.name for i in spec.indicators],
            "value": [result.values.at[code, i.code] for i in spec.indicators],
            "unit": [i.unit for i in spec.indicators],
            "borough": borough_figures.to_numpy(),
            "region": region_figures.to_numpy(),
            "rank": [_optional_int(result.ranks.at[code, i.code]) for i in spec.indicators],
            "hidden": [
                bool(hidden is not None and i.column in hidden and hidden.at[code, i.column])
                for i in spec.indicators
            ],
            "direction": [i.direction for i in spec.indicators],
            "source": [i.source for i in spec.indicators],
            "year": [i.year for i in spec.indicators],
        }
    )
    indicators.loc[indicators["hidden"], ["value", "rank"]] = None
    return AreaProfile(
        code=code,
        name=str(row.get("area_name", row.get("lsoa21nm"))),
        ward=str(row.get("ward_name", row.get("wd24nm"))),
        borough=place or str(row["lad_name"]),
        district=str(row["lad_name"]),
        score=float(result.scores.at[code, spec.code]),
        average=float(result.scores[spec.code].mean()),
        rank=_optional_int(result.ranks.at[code, spec.code]),
        decile=_optional_int(result.deciles.at[code, spec.code]),
        areas=ranked,
        imd_decile=_optional_int(row.get("IMD_decile")),
        imd_rank=_optional_int(row.get("IMD_rank")),
        domains=domains,
        indicators=indicators,
    )
