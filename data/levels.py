"""Neighbourhood levels: LSOAs, and wards made from them.

Aggregating LSOA columns to wards follows one rule per column: counts, and the
numerators and denominators an index divides into rates, are summed (so rates
are recomputed from the sums); everything else is averaged weighted by resident
population, which for a rate per resident is the same as recomputing it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from data.areas import POPULATION
from data.borough import BoroughData
from data.derived import count_columns
from data.suppression import hidden_cells
from indices.spec import IndexSpec

LEVELS = {"lsoa": "LSOA (2021)", "ward": "electoral ward (2024)"}


@dataclass(frozen=True)
class LevelData:
    """A borough's areas at one level.

    Attributes
    ----------
    level : str
        A key of :data:`LEVELS`.
    table : pandas.DataFrame
        One row per area, indexed by its code, with ``area_name``,
        ``ward_name`` and ``lad_name`` and the data columns.
    areas : geopandas.GeoDataFrame
        ``code``, ``name`` and geometry of each area.
    hidden : pandas.DataFrame
        Per count-based column, True where the value must be hidden.
    """

    level: str
    table: pd.DataFrame
    areas: gpd.GeoDataFrame
    hidden: pd.DataFrame


def aggregation_rule(column: str, summed: set[str]) -> str:
    """Say how a column is aggregated: ``"sum"`` or ``"population-weighted mean"``."""
    return "sum" if column in summed else "population-weighted mean"


def summed_columns(numerators_and_denominators: Iterable[str]) -> set[str]:
    """The columns aggregated by summing: population, counts, and the given columns."""
    counts = {c for pair in count_columns().items() for c in pair if c.endswith("_n")}
    return {POPULATION} | counts | set(numerators_and_denominators)


def summed_for(spec: IndexSpec) -> set[str]:
    """Return the columns summed when aggregating a spec's areas.

    Those of :func:`summed_columns`, with the numerators and denominators of
    the spec's rates.
    """
    return summed_columns(c for i in spec.indicators if i.denominator
                          for c in (i.column, i.denominator))


def to_wards(borough: BoroughData, summed: set[str]) -> pd.DataFrame:
    """Aggregate the borough's LSOA table to wards.

    Parameters
    ----------
    borough : BoroughData
        The borough's LSOAs and their table.
    summed : set of str
        Columns to sum (see :func:`summed_columns`); other numeric columns are
        averaged weighted by resident population.
    """
    table = borough.table
    # ranks and deciles of LSOAs do not average into anything meaningful for a ward
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])
               and not c.endswith(("_rank", "_decile"))]
    weights = table[POPULATION]
    ward = table["wd24cd"]
    sums = table[[c for c in numeric if c in summed]].groupby(ward).sum(min_count=1)
    averaged = [c for c in numeric if c not in summed]
    present = table[averaged].notna()
    weighted = (table[averaged].mul(weights, axis=0)).groupby(ward).sum(min_count=1)
    weight_totals = present.mul(weights, axis=0).groupby(ward).sum()
    means = weighted / weight_totals.where(weight_totals > 0)
    names = table.groupby("wd24cd")[["wd24nm", "lad_name"]].first()
    out = names.rename(columns={"wd24nm": "area_name"}).assign(
        ward_name=names["wd24nm"]).join(sums).join(means)
    out.index.name = "ward_code"
    return out[["area_name", "ward_name", "lad_name"] + numeric]


def level_data(borough: BoroughData, level: str, summed: set[str]) -> LevelData:
    """Return the borough's areas at a level (``"lsoa"`` or ``"ward"``).

    Raises
    ------
    KeyError
        If the level is not one of :data:`LEVELS`.
    """
    if level == "lsoa":
        table = borough.table.assign(area_name=borough.table["lsoa21nm"],
                                     ward_name=borough.table["wd24nm"])
        areas = borough.lsoas.rename(columns={"lsoa21cd": "code", "lsoa21nm": "name"})
        return LevelData(level, table, areas[["code", "name", "geometry"]],
                         borough.hidden.loc[table.index])
    if level == "ward":
        table = to_wards(borough, summed)
        areas = borough.wards.rename(columns={"ward_code": "code", "ward_name": "name"})
        return LevelData(level, table, areas[["code", "name", "geometry"]],
                         hidden_cells(table, count_columns()))
    raise KeyError(f"{level!r} is not a level; use one of: {', '.join(LEVELS)}")
