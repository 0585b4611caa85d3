"""Neighbourhood levels: LSOAs, and the wards, MSOAs, boroughs and user-defined
neighbourhoods made from them.

Aggregating LSOA columns to a level follows one rule per column: counts, and the
numerators and denominators an index divides into rates, are summed (so rates
are recomputed from the sums); everything else is averaged weighted by resident
population, which for a rate per resident is the same as recomputing it. Ranks
and deciles of LSOAs are dropped: they do not average into anything meaningful.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from data.areas.borough import BoroughData
from data.areas.derived import count_columns
from data.areas.geography import msoa_names
from data.areas.table import POPULATION
from data.errors import LevelError
from data.stats.suppression import hidden_cells
from indices.spec import IndexSpec

#: The boundaries the wards are drawn with (``wards2023_greater_manchester.geojson``);
#: in Greater Manchester the codes of the LSOA-to-ward lookup (2024) are the same wards.
WARD_VINTAGE = "May 2023"

#: The built-in levels and what they are called.
LEVELS = {
    "lsoa": "LSOA (2021)",
    "ward": f"electoral ward ({WARD_VINTAGE})",
    "msoa": "MSOA (2021)",
    "borough": "borough",
}

#: The level of user-defined neighbourhoods.
CUSTOM = "custom"

#: How a level's areas are called in the plural, for captions and lists.
PLURALS = {"lsoa": "LSOAs (2021)", "ward": f"electoral wards ({WARD_VINTAGE})",
           "msoa": "MSOAs (2021)", "borough": "boroughs", CUSTOM: "neighbourhoods"}


#: What each level's area codes are called in its table (and in exports).
CODE_NAMES = {"lsoa": "lsoa21cd", "ward": "ward_code", "msoa": "msoa21cd", "borough": "lad_code",
              CUSTOM: "neighbourhood_code"}

#: The columns of a level's areas.
AREA_COLUMNS = ["code", "name", "ward", "geometry"]


@dataclass(frozen=True)
class Neighbourhoods:
    """A set of user-defined neighbourhoods, as the LSOAs each is made of.

    Attributes
    ----------
    name : str
        What the set is called (for example "Oldham districts 2024").
    lookup : pandas.DataFrame
        Indexed by ``lsoa21cd``: ``neighbourhood_code`` and ``neighbourhood_name``.
    """

    name: str
    lookup: pd.DataFrame


@dataclass(frozen=True)
class LevelData:
    """A borough's areas at one level.

    Attributes
    ----------
    level : str
        A key of :data:`LEVELS`, or :data:`CUSTOM`.
    label : str
        What the level is called ("MSOA (2021)", or the neighbourhood set's name).
    table : pandas.DataFrame
        One row per area, indexed by its code, with ``area_name``,
        ``ward_name`` (its ward, when it lies in one; else empty) and
        ``lad_name`` and the data columns.
    areas : geopandas.GeoDataFrame
        ``code``, ``name``, ``ward`` (as ``ward_name``) and geometry of each area.
    hidden : pandas.DataFrame
        Per count-based column, True where the value must be hidden.
    members : pandas.Series
        The area each of the borough's LSOAs is in, indexed by ``lsoa21cd``.
    """

    level: str
    label: str
    table: pd.DataFrame
    areas: gpd.GeoDataFrame
    hidden: pd.DataFrame
    members: pd.Series

    @property
    def plural(self) -> str:
        """What the areas are called in the plural ("electoral wards (May 2023)")."""
        return PLURALS[self.level]

    def describe(self) -> str:
        """How many areas of which kind: "142 LSOAs (2021)", "6 neighbourhoods (Districts)"."""
        own = f" ({self.label})" if self.level == CUSTOM else ""
        one = "neighbourhood" if self.level == CUSTOM else LEVELS[self.level]
        return f"{len(self.table):,} {one if len(self.table) == 1 else self.plural}{own}"

    def within(self, code: str) -> list[str]:
        """The area's code and those of the 2021 LSOAs it is made of: the codes what is
        said about the area (notes, conversations) can be stored against."""
        return list(dict.fromkeys([code, *self.members.index[self.members == code]]))

    def roll_up(self, counts: Mapping[str, int]) -> dict[str, int]:
        """Counts stored against areas and LSOAs, as counts per area of this level (an
        area's own and its LSOAs'; counts of codes in no area are left out)."""
        totals = {code: int(counts.get(code, 0)) for code in self.table.index}
        if self.level != "lsoa":
            for lsoa, area in self.members.items():
                if lsoa in counts and area in totals:
                    totals[area] += int(counts[lsoa])
        return {code: n for code, n in totals.items() if n}


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


def lsoas_to_areas(table: pd.DataFrame, members: pd.Series, names: pd.Series,
                   summed: set[str]) -> pd.DataFrame:
    """Aggregate LSOA rows to the areas they are members of.

    Parameters
    ----------
    table : pandas.DataFrame
        LSOA rows (indexed by ``lsoa21cd``) with ``wd24nm``, ``lad_name``,
        the population column and data columns.
    members : pandas.Series
        The area code of each LSOA (indexed by ``lsoa21cd``).
    names : pandas.Series
        The name of each area, indexed by its code.
    summed : set of str
        Columns to sum (see :func:`summed_columns`); other numeric columns are
        averaged weighted by resident population.

    Returns
    -------
    pandas.DataFrame
        One row per area, indexed by ``code``: ``area_name``, ``ward_name``
        (its ward, when all its LSOAs are in one; else empty), ``lad_name``
        (the borough with most of its residents) and the numeric columns.
    """
    table = table.loc[members.index]
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])
               and not c.endswith(("_rank", "_decile"))]
    weights = table[POPULATION]
    sums = table[[c for c in numeric if c in summed]].groupby(members).sum(min_count=1)
    averaged = [c for c in numeric if c not in summed]
    present = table[averaged].notna()
    weighted = table[averaged].mul(weights, axis=0).groupby(members).sum(min_count=1)
    weight_totals = present.mul(weights, axis=0).groupby(members).sum()
    means = weighted / weight_totals.where(weight_totals > 0)
    wards = table["wd24nm"].groupby(members)
    out = pd.DataFrame({"area_name": names.reindex(sums.index),
                        "ward_name": wards.first().where(wards.nunique() == 1, ""),
                        "lad_name": _largest(table["lad_name"], weights, members)})
    out = out.join(sums).join(means)
    out.index.name = "code"
    return out[["area_name", "ward_name", "lad_name"] + numeric]


def _largest(labels: pd.Series, weights: pd.Series, members: pd.Series) -> pd.Series:
    """Per area, the label holding most of its weight."""
    totals = weights.groupby([members, labels]).sum()
    return totals.groupby(level=0).idxmax().map(lambda pair: pair[1])


def _from_lsoas(borough: BoroughData, members: pd.Series) -> gpd.GeoDataFrame:
    """The outline of each area, dissolved from its LSOAs."""
    lsoas = borough.lsoas.set_index("lsoa21cd").loc[members.index]
    return lsoas[["geometry"]].assign(code=members).dissolve("code").reset_index()


def _members(borough: BoroughData, level: str,
             neighbourhoods: Neighbourhoods | None) -> tuple[pd.Series, pd.Series, str]:
    """Each LSOA's area at a level, the areas' names, and the level's label."""
    lsoas = borough.lsoas.set_index("lsoa21cd")
    if level == "ward":
        return lsoas["wd24cd"], lsoas.groupby("wd24cd")["wd24nm"].first(), LEVELS[level]
    if level == "msoa":
        names = msoa_names(lsoas["lsoa21nm"])
        if borough.msoas is None:  # no MSOA boundaries: the names stand for the codes
            return names, pd.Series(names.unique(), index=names.unique()), LEVELS[level]
        codes = borough.msoas.set_index("name")["code"]
        unmatched = names[~names.isin(codes.index)]
        if not unmatched.empty:
            raise LevelError(
                f"LSOA {unmatched.index[0]} ({lsoas.at[unmatched.index[0], 'lsoa21nm']}) has "
                f"no MSOA called {unmatched.iloc[0]!r} in the MSOA boundaries. Use the 2021 "
                "LSOA and MSOA boundary files of the same release.")
        return names.map(codes), borough.msoas.set_index("code")["name"], LEVELS[level]
    if level == "borough":
        if lsoas["lad_code"].nunique() < 2:
            raise LevelError(
                f"The borough level compares boroughs, and {borough.name} is one borough. "
                "Choose all of the region to compare its boroughs, or another level.")
        return lsoas["lad_code"], lsoas.groupby("lad_code")["lad_name"].first(), LEVELS[level]
    if level == CUSTOM:
        if neighbourhoods is None:
            raise LevelError("No neighbourhoods are defined yet: upload a lookup of LSOAs to "
                             "neighbourhoods, or neighbourhood boundaries, on the Your data page.")
        lookup = neighbourhoods.lookup.reindex(lsoas.index).dropna(subset=["neighbourhood_code"])
        if lookup.empty:
            raise LevelError(
                f"None of the neighbourhoods of {neighbourhoods.name!r} are in {borough.name}. "
                "Choose the borough they were made for.")
        names = lookup.groupby("neighbourhood_code")["neighbourhood_name"].first()
        return lookup["neighbourhood_code"], names, neighbourhoods.name
    raise LevelError(f"{level!r} is not a level; use one of: {', '.join([*LEVELS, CUSTOM])}.")


def level_data(borough: BoroughData, level: str, summed: set[str],
               neighbourhoods: Neighbourhoods | None = None) -> LevelData:
    """Return the borough's areas at a level.

    Parameters
    ----------
    borough : BoroughData
        The borough's (or region's) LSOAs and their table.
    level : str
        A key of :data:`LEVELS`, or :data:`CUSTOM` with ``neighbourhoods``.
    summed : set of str
        Columns aggregated by summing (see :func:`summed_columns`).
    neighbourhoods : Neighbourhoods, optional
        The user-defined neighbourhoods, for the custom level. LSOAs in none
        of them are left out.

    Raises
    ------
    LevelError
        If the level is unknown, or cannot be made for the borough.
    """
    if level == "lsoa":
        table = borough.table.assign(area_name=borough.table["lsoa21nm"],
                                     ward_name=borough.table["wd24nm"])
        areas = borough.lsoas.rename(columns={"lsoa21cd": "code", "lsoa21nm": "name",
                                              "wd24nm": "ward"})
        return LevelData(level, LEVELS[level], table, areas[AREA_COLUMNS],
                         borough.hidden.loc[table.index],
                         pd.Series(table.index, index=table.index))
    members, names, label = _members(borough, level, neighbourhoods)
    summed = set(summed) | set(borough.counts.values())
    table = lsoas_to_areas(borough.table, members, names, summed).rename_axis(CODE_NAMES[level])
    outlines = {"ward": borough.wards.rename(columns={"ward_code": "code", "ward_name": "name"}),
                "msoa": borough.msoas, "borough": borough.districts}.get(level)
    if outlines is not None and set(table.index) <= set(outlines["code"]):
        areas = outlines.set_index("code").loc[table.index].reset_index()
    else:
        areas = _from_lsoas(borough, members).set_index("code").loc[table.index].reset_index()
    areas["name"] = table["area_name"].to_numpy()
    areas["ward"] = table["ward_name"].to_numpy()
    groups = ["lad_name"] if level != "borough" else []
    return LevelData(level, label, table, areas[AREA_COLUMNS],
                     hidden_cells(table, borough.counts, groups=groups), members)


def level_choices(whole_region: bool, neighbourhood_sets: Iterable[str]) -> dict[str, str]:
    """The levels that can be chosen, as key -> label for a menu.

    Parameters
    ----------
    whole_region : bool
        Whether the areas chosen are several boroughs (the borough level needs them).
    neighbourhood_sets : iterable of str
        Names of the saved user-defined neighbourhood sets; each is offered as
        ``"custom:NAME"``.
    """
    keys = ["lsoa", "ward", "msoa"] + (["borough"] if whole_region else [])
    choices = {key: PLURALS[key][0].upper() + PLURALS[key][1:] for key in keys}
    choices.update({f"{CUSTOM}:{name}": f"Neighbourhoods: {name}" for name in neighbourhood_sets})
    return choices
