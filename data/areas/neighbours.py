"""Areas like this one: each area's statistical neighbours among all the region's areas at
its level, on context indicators, and how it compares with them on the index's indicators
(the method is :mod:`indices.neighbours`).

The candidates are every area of the region at the level (all ten Greater Manchester
boroughs' LSOAs, wards or MSOAs, or every neighbourhood of a set of your own), so an area's
neighbours may lie in any borough. The caller gives them as the areas of a
:class:`data.workspace.Workspace` over :data:`CANDIDATES` (the whole region) at the level.

The default context set, in the spirit of CIPFA's Nearest Neighbours Model (which compares
councils on population, density, age, ethnicity, tenure, deprivation and the like), is
:data:`DEFAULT_CONTEXT`, each measure with the reason it is there. Shares are made from the
counts of an area's LSOAs summed (so a ward's share is its households', not an average of
its LSOAs' shares).

Values hidden by the small-number rule (``hidden``) are treated as missing, in the distance
as in the comparison: they are never used, so nothing shown (a distance, its parts or a
verdict) can give them away.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data.areas.geography import GREATER_MANCHESTER
from data.areas.levels import LevelData
from data.areas.table import COLUMN_NAMES, POPULATION
from data.errors import DataLayerError
from data.opendata.files import read_table
from data.opendata.sources import ATTRIBUTION
from data.stats.suppression import suppression_rule
from data.userfiles.coordinates import BRITISH_NATIONAL_GRID
from data.userfiles.vintage import load_lsoa_lookup, lsoa11_to_lsoa21
from indices.build import IndexRun
from indices.errors import NeighbourError
from indices.neighbours import (
    COMPARISON_SDS,
    DEFAULT_K,
    MIN_COMPARED,
    MIN_SHARED_WEIGHT,
    NeighbourModel,
    compare,
    verdict_counts,
)

#: ONS mid-2020 population estimates by broad age on 2011 LSOAs (the age structure; the
#: Census 2021 age tables are not in the data folder).
POPULATION_2020 = "population_mid2020_lsoa11_greater_manchester.csv"
_AGE_COLUMNS = ["pop_total_mid2020", "pop_0_15_mid2020", "pop_65plus_mid2020"]

#: The place whose areas are the candidates: the whole region (every area of the data folder).
CANDIDATES = GREATER_MANCHESTER

#: What stands for an area's land in hectares, worked out from its boundary.
HECTARES = "hectares"


@dataclass(frozen=True)
class ContextMeasure:
    """A context indicator areas are compared on.

    Either a share (or rate) made from counts summed over an area's LSOAs: ``numerator``
    over ``denominator`` times ``scale``; or a ``column`` of the level's table as it is.
    """

    key: str
    name: str
    unit: str
    reason: str
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 100.0
    column: str | None = None


#: The default context set, with why each is in it.
DEFAULT_CONTEXT: tuple[ContextMeasure, ...] = (
    ContextMeasure(
        "population_density", "Population density", "residents per hectare",
        "How built up a place is: dense inner-city streets and spread-out suburbs and "
        "villages ask different things of services (CIPFA's model uses density and "
        "sparsity). Census 2021 residents over the land inside the area's boundary.",
        numerator=POPULATION, denominator=HECTARES, scale=1.0),
    ContextMeasure(
        "aged_65_plus", "Residents aged 65 and over", "% of residents, mid-2020",
        "Age shapes need for health and care: an older population asks more of both. ONS "
        "mid-2020 estimates, carried from 2011 to 2021 LSOAs by the ONS lookup.",
        numerator="pop_65plus_mid2020", denominator="pop_total_mid2020"),
    ContextMeasure(
        "aged_under_16", "Residents under 16", "% of residents, mid-2020",
        "Places where many residents are under 16 need schools, nurseries and family "
        "services. ONS "
        "mid-2020 estimates, carried from 2011 to 2021 LSOAs by the ONS lookup.",
        numerator="pop_0_15_mid2020", denominator="pop_total_mid2020"),
    ContextMeasure(
        "social_renting", "Households renting socially", "% of households, Census 2021",
        "Tenure says what kind of housing a place has and who lives there; council and "
        "housing association homes go with particular needs and services.",
        numerator="hh_social_rented_n", denominator="households_2021"),
    ContextMeasure(
        "private_renting", "Households renting privately", "% of households, Census 2021",
        "Private renting marks younger, more mobile populations (students, new arrivals), "
        "who move on and use services differently from owners.",
        numerator="hh_private_rented_n", denominator="households_2021"),
    ContextMeasure(
        "household_deprivation", "Households deprived in three or four dimensions",
        "% of households, Census 2021",
        "The Census's own measure of deprivation (employment, education, health and "
        "disability, housing), counted by households.",
        numerator="hh_deprived_3plus_dims_n", denominator="households_2021"),
    ContextMeasure(
        "income_deprivation", "Income deprivation", "share of residents, IoD2025",
        "The share of residents on low incomes, the core of the Index of Multiple "
        "Deprivation: places alike in deprivation are alike in much else.",
        column="Income_score"),
)

#: What CIPFA's model has and the data folder lacks, said on the Methods page.
NOT_IN_DATA = ("Ethnic mix is not in the default set: the Census 2021 ethnic group table is "
               "not in the data folder. Upload it as a table of your own (Your data) to "
               "choose it.")

#: Columns that describe areas rather than measure them, or are ranks and deciles.
_NOT_CONTEXT = {"lsoa21nm", "wd24cd", "wd24nm", "lad_code", "lad_name", "area_name",
                "ward_name"}


def default_keys() -> list[str]:
    """The keys of the default context set, in order."""
    return [m.key for m in DEFAULT_CONTEXT]


def _measure(key: str) -> ContextMeasure | None:
    return next((m for m in DEFAULT_CONTEXT if m.key == key), None)


def context_choices(areas: LevelData, indicator_names: Mapping[str, str] | None = None
                    ) -> dict[str, str]:
    """Every context indicator that can be chosen, key -> plain name: the default set
    first, then every other column of numbers of the level's table (ranks and deciles
    left out), named as the index names it or as the data names what it counts.

    Parameters
    ----------
    areas : LevelData
        The candidate areas.
    indicator_names : mapping, optional
        Column -> the index's name for it.
    """
    names = dict(indicator_names or {})
    choices = {m.key: m.name for m in DEFAULT_CONTEXT}
    table = areas.table
    for column in sorted(table.columns):
        if (column in _NOT_CONTEXT or column.endswith(("_rank", "_decile"))
                or not pd.api.types.is_numeric_dtype(table[column])):
            continue
        choices.setdefault(column, names.get(column) or _label(column))
    return choices


def _label(column: str) -> str:
    """A column of the data as people read it: what it counts, or its name in words."""
    if column in COLUMN_NAMES:
        return COLUMN_NAMES[column][0].upper() + COLUMN_NAMES[column][1:]
    words = column.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@functools.lru_cache(maxsize=2)
def _ages(root: Path, modified: int) -> pd.DataFrame | None:
    """Residents by broad age on 2021 LSOAs (counts of split LSOAs shared equally)."""
    try:
        table = read_table(root, POPULATION_2020, ["lsoa11cd", *_AGE_COLUMNS])
        lookup = load_lsoa_lookup(root)
    except DataLayerError:  # a data folder without them (a borough fetched)
        return None
    table = table.set_index("lsoa11cd")[_AGE_COLUMNS].astype(float)
    return lsoa11_to_lsoa21(table, lookup, _AGE_COLUMNS)[_AGE_COLUMNS]


def age_counts(root: Path) -> pd.DataFrame | None:
    """Residents in total, under 16 and 65 and over (mid-2020) per 2021 LSOA, or None when
    the data folder lacks the estimates or the 2011 to 2021 lookup."""
    path = Path(root) / POPULATION_2020
    return _ages(Path(root), path.stat().st_mtime_ns if path.is_file() else 0)


def context_table(areas: LevelData, lsoas: pd.DataFrame, root: Path,
                  keys: Sequence[str] | None = None) -> pd.DataFrame:
    """The context indicators of every candidate area.

    Parameters
    ----------
    areas : LevelData
        The candidate areas (the region's, at a level).
    lsoas : pandas.DataFrame
        The region's LSOA table (indexed by ``lsoa21cd``), whose counts are summed.
    root : Path
        The data folder (for the age estimates).
    keys : sequence of str, optional
        Which indicators (see :func:`context_choices`); default :data:`DEFAULT_CONTEXT`.

    Returns
    -------
    pandas.DataFrame
        Areas x the keys; missing where unknown and where the small-number rule hides a
        value.

    Raises
    ------
    NeighbourError
        If a key is neither a default measure nor a column of the level's table.
    """
    keys = list(keys) if keys is not None else default_keys()
    members = areas.members
    counts = lsoas.reindex(members.index)
    ages = age_counts(root)
    if ages is not None:
        counts = counts.join(ages.reindex(counts.index).drop(
            columns=counts.columns.intersection(ages.columns)))
    columns = {}
    for key in keys:
        measure = _measure(key)
        if measure is None:
            if key not in areas.table.columns:
                raise NeighbourError(
                    f"{key!r} is not a context indicator of these areas; choose one of: "
                    f"{', '.join(context_choices(areas))}.")
            values = areas.table[key].astype(float)
            if key in areas.hidden:
                values = values.mask(areas.hidden[key].reindex(values.index, fill_value=False)
                                     .astype(bool))
            columns[key] = values
        elif measure.column is not None:
            columns[key] = (areas.table[measure.column].astype(float)
                            if measure.column in areas.table else _missing(areas))
        else:
            columns[key] = _share(measure, counts, members, areas)
    return pd.DataFrame(columns, index=areas.table.index)


def _missing(areas: LevelData) -> pd.Series:
    return pd.Series(float("nan"), index=areas.table.index)


def _share(measure: ContextMeasure, counts: pd.DataFrame, members: pd.Series,
           areas: LevelData) -> pd.Series:
    """A measure's numerator over its denominator, both summed over each area's LSOAs."""
    if measure.numerator not in counts:
        return _missing(areas)
    top = counts[measure.numerator].astype(float).groupby(members).sum(min_count=1)
    if measure.denominator == HECTARES:
        land = areas.areas.set_index("code").geometry.to_crs(BRITISH_NATIONAL_GRID).area
        bottom = land / 10_000
    elif measure.denominator in counts:
        bottom = counts[measure.denominator].astype(float).groupby(members).sum(min_count=1)
    else:
        return _missing(areas)
    top, bottom = top.reindex(areas.table.index), bottom.reindex(areas.table.index)
    return top / bottom.where(bottom > 0) * measure.scale


def context_name(key: str, choices: Mapping[str, str]) -> str:
    """What a context indicator is called (its key when not among the choices)."""
    return choices.get(key, key)


def index_values(run: IndexRun, hidden: pd.DataFrame) -> pd.DataFrame:
    """The index's indicators' values (rates where the spec makes them), with those the
    small-number rule hides made missing, so that no comparison uses or reveals them."""
    values = run.values.astype(float).copy()
    for indicator in run.spec.indicators:
        if indicator.column in hidden and indicator.code in values:
            mask = hidden[indicator.column].reindex(values.index, fill_value=False)
            values[indicator.code] = values[indicator.code].mask(mask.astype(bool))
    return values


@dataclass(frozen=True)
class AreaNeighbours:
    """One area's statistical neighbours and how it compares with them.

    Attributes
    ----------
    code, name : str
        The area.
    table : pandas.DataFrame
        Its neighbours, nearest first, indexed by code: ``rank``, ``name``, ``borough``
        and ``distance``.
    parts : pandas.DataFrame
        Neighbours x context indicators (by key): each indicator's part of the squared
        distance (the parts of a row add up to the distance squared).
    shares : pandas.DataFrame
        The same as shares of the squared distance (rows add up to 1).
    comparison : pandas.DataFrame
        Per index indicator (by code): ``name``, ``value``, ``neighbours_mean``,
        ``neighbours_sd``, ``compared``, ``difference``, ``verdict`` and ``hidden`` (the
        area's own value is hidden by the small-number rule: no value and no verdict).
    counts : dict
        How many index indicators are better, similar and worse.
    """

    code: str
    name: str
    table: pd.DataFrame
    parts: pd.DataFrame
    shares: pd.DataFrame
    comparison: pd.DataFrame
    counts: dict[str, int]


@dataclass(frozen=True)
class RegionNeighbours:
    """The region's areas at a level, ready to give any one's neighbours.

    Make it with :meth:`of`.

    Attributes
    ----------
    areas : LevelData
        The candidate areas.
    model : indices.neighbours.NeighbourModel
        Their standardised context indicators and weights.
    names : dict
        Context key -> plain name.
    values : pandas.DataFrame
        The index's indicators' values over the candidates (hidden ones missing).
    run : IndexRun
        The index over the candidates (for its indicators' names and directions).
    """

    areas: LevelData
    model: NeighbourModel
    names: dict[str, str]
    values: pd.DataFrame
    run: IndexRun

    @classmethod
    def of(cls, areas: LevelData, run: IndexRun, lsoas: pd.DataFrame, root: Path,
           keys: Sequence[str] | None = None,
           weights: Mapping[str, float] | None = None) -> RegionNeighbours:
        """Prepare the candidates' neighbours.

        Parameters
        ----------
        areas : LevelData
            The region's areas at the level.
        run : IndexRun
            The index built over them.
        lsoas : pandas.DataFrame
            The region's LSOA table (counts summed into shares).
        root : Path
            The data folder.
        keys : sequence of str, optional
            The context indicators (default :data:`DEFAULT_CONTEXT`).
        weights : mapping, optional
            Key -> weight (default equal); divided by their sum.

        Raises
        ------
        NeighbourError
            If an indicator is unknown or has no value anywhere, or a weight is wrong.
        """
        table = context_table(areas, lsoas, root, keys)
        names = context_choices(areas, {i.column: i.name for i in run.spec.indicators})
        empty = [c for c in table.columns if table[c].notna().sum() == 0]
        if empty:
            raise NeighbourError(
                f"{context_name(empty[0], names)} has no value for any of these areas: "
                "leave it out of the context indicators.")
        model = NeighbourModel.of(table, weights)
        return cls(areas, model, {k: context_name(k, names) for k in table.columns},
                   index_values(run, areas.hidden), run)

    def nearest(self, code: str, k: int = DEFAULT_K) -> AreaNeighbours:
        """An area's k nearest neighbours, why they are alike, and how it compares.

        Raises
        ------
        NeighbourError
            If the area is not among the candidates.
        """
        if code not in self.areas.table.index:
            raise NeighbourError(
                f"{code!r} is not among the {len(self.areas.table):,} areas compared; choose "
                "an area of the same level.")
        near = self.model.nearest(code, k)
        table = self.areas.table
        listed = pd.DataFrame({
            "rank": near["rank"], "name": table["area_name"].reindex(near.index).astype(str),
            "borough": table["lad_name"].reindex(near.index).astype(str),
            "distance": near["distance"]}, index=near.index)
        parts = self.model.breakdown(code, list(near.index))
        shares = self.model.shares(code, list(near.index))
        spec = self.run.spec
        comparison = compare(self.values, code, list(near.index),
                             {i.code: i.higher_is_worse for i in spec.indicators})
        comparison.insert(0, "name", [spec.indicator(c).name for c in comparison.index])
        hidden = self.areas.hidden
        comparison["hidden"] = [
            bool(hidden[column].get(code, False)) if column in hidden else False
            for column in (spec.indicator(c).column for c in comparison.index)]
        return AreaNeighbours(code, str(table.at[code, "area_name"]), listed, parts, shares,
                              comparison, verdict_counts(comparison))

    def all_nearest(self, k: int = DEFAULT_K) -> pd.DataFrame:
        """Every candidate area's k nearest neighbours, as one long table.

        Returns
        -------
        pandas.DataFrame
            One row per area and neighbour: ``code``, ``name``, ``borough``, ``rank``,
            ``neighbour_code``, ``neighbour_name``, ``neighbour_borough`` and ``distance``.
        """
        codes, distances = self.model.all_nearest(k)
        long = codes.stack(future_stack=True).rename("neighbour_code").to_frame()
        long["distance"] = distances.stack(future_stack=True)
        long = long.dropna(subset=["neighbour_code"]).reset_index()
        long = long.rename(columns={"neighbour": "rank"})
        return self.describe(long)

    def describe(self, long: pd.DataFrame) -> pd.DataFrame:
        """A long table of areas and neighbours with their names and boroughs."""
        names = self.areas.table["area_name"].astype(str)
        boroughs = self.areas.table["lad_name"].astype(str)
        out = pd.DataFrame({
            "code": long["code"], "name": long["code"].map(names),
            "borough": long["code"].map(boroughs), "rank": long["rank"].astype(int),
            "neighbour_code": long["neighbour_code"],
            "neighbour_name": long["neighbour_code"].map(names),
            "neighbour_borough": long["neighbour_code"].map(boroughs),
            "distance": long["distance"].astype(float)})
        return out.reset_index(drop=True)

    def about(self, area: str | None = None) -> list[tuple[str, str]]:
        """The metadata of a download of neighbours, as (field, value) rows."""
        rows = [("what", "Statistical neighbours (areas like this one)"
                 + (f" of {area}" if area else ""))]
        rows += [("method", self.method()),
                 ("context indicators", "; ".join(
                     f"{self.names[k]}: weight {w:.3f}" for k, w in self.model.weights.items())),
                 ("distance", "the square root of the weighted sum of squared differences of "
                  "z-scores; 0 means alike on every indicator"),
                 ("rank", "1 is the nearest neighbour"),
                 ("small numbers", suppression_rule().describe()),
                 ("attribution", ATTRIBUTION)]
        return rows

    def method(self) -> str:
        """The method in one paragraph: the indicators and weights, the rule for missing
        values and for the comparison (for exports' metadata)."""
        chosen = "; ".join(f"{self.names[k]} ({w:.0%})" for k, w in self.model.weights.items())
        return (
            f"Statistical neighbours among {len(self.areas.table):,} {self.areas.plural} of "
            f"the region. Context indicators and their weights: {chosen}. Each indicator is "
            "turned into z-scores over all these areas; the distance between two areas is "
            "the square root of the weighted sum of the squared differences of their "
            "z-scores (weights adding up to 1). An indicator missing for either area, or "
            "hidden by the small-number rule, is left out of that pair and the other "
            "weights scaled up; a pair is compared only when the indicators both have "
            f"carry at least {MIN_SHARED_WEIGHT:.0%} of the weight. Ties are broken by "
            "code. On each indicator of the index, an area is worse than its neighbours "
            f"when its value is more than {COMPARISON_SDS:g} standard deviation of theirs "
            "from their mean in the direction of more need, better when as far the other "
            f"way, similar otherwise (no comparison with fewer than {MIN_COMPARED} "
            "neighbours' values).")
