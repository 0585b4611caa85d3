"""Everything the app needs about one borough, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.areas.derived import count_columns
from data.areas.geography import (
    BOROUGHS,
    DEFAULT_BOROUGH,
    REGION_NAME,
    load_districts,
    load_lsoas,
    load_msoas,
    load_wards,
    msoa_names,
    place_name,
    select_borough,
)
from data.areas.table import COUNT_SUFFIX, column_sources, load_area_table
from data.opendata.sources import LAD_BOUNDARIES, MSOA21_BOUNDARIES
from data.stats.suppression import hidden_cells


@dataclass(frozen=True)
class BoroughData:
    """A borough's areas and data, with its region's for comparison.

    Attributes
    ----------
    code, name : str
        The borough's ONS code and name.
    lsoas : geopandas.GeoDataFrame
        The borough's 2021 LSOAs with ward and geometry (WGS84).
    wards : geopandas.GeoDataFrame
        The borough's electoral wards.
    msoas, districts : geopandas.GeoDataFrame or None
        The borough's MSOAs (2021) and its outline (every borough's, for the
        region): ``code``, ``name`` and geometry; None when the data folder
        has no such file (fetched data), and they are made from the LSOAs.
    table : pandas.DataFrame
        The area table's rows for the borough, indexed by ``lsoa21cd``.
    region : pandas.DataFrame
        The area table's rows for every area in the data folder (all of Greater
        Manchester, or the boroughs fetched), for comparison.
    sources : dict
        The data file each column of the tables comes from.
    counts : dict
        Value column -> the count it is made from, for every column made from
        counts (the app's own and the users' point counts), for suppression.
    hidden : pandas.DataFrame
        For each column made from small counts, True where the value must be
        hidden from the public (see :mod:`data.stats.suppression`), for all of
        Greater Manchester, protected against being worked out from the
        totals of wards, MSOAs and boroughs.
    region_name : str
        What ``region`` covers: Greater Manchester when the data has its ten
        boroughs, otherwise the names of the boroughs in the data.
    """

    code: str
    name: str
    lsoas: gpd.GeoDataFrame
    wards: gpd.GeoDataFrame
    msoas: gpd.GeoDataFrame | None
    districts: gpd.GeoDataFrame | None
    table: pd.DataFrame
    region: pd.DataFrame
    sources: dict[str, str]
    counts: dict[str, str]
    hidden: pd.DataFrame
    region_name: str = REGION_NAME


def _region_name(lsoas: gpd.GeoDataFrame) -> str:
    """Greater Manchester when all ten of its boroughs are there, else the boroughs' names."""
    if set(BOROUGHS) <= set(lsoas["lad_code"]):
        return REGION_NAME
    return " and ".join(sorted(set(lsoas["lad_name"])))


def _optional(load, root: Path, name: str, lad_code: str) -> gpd.GeoDataFrame | None:
    """Boundaries the app can do without (it makes them from LSOAs): None when absent."""
    return load(root, lad_code) if (Path(root) / name).is_file() else None


def _hidden(region: pd.DataFrame, counts: dict[str, str],
            totals: pd.DataFrame | None) -> pd.DataFrame:
    """Which LSOA values to hide, protected from the totals of every grouping shown."""
    groups = [region["wd24cd"], msoa_names(region["lsoa21nm"]), region["lad_code"]]
    if totals is not None:
        groups += [totals[c].reindex(region.index) for c in totals]
    return hidden_cells(region, counts, groups=groups)


def load_borough(root: Path, lad_code: str = DEFAULT_BOROUGH,
                 extra: pd.DataFrame | None = None,
                 totals: pd.DataFrame | None = None) -> BoroughData:
    """Load a borough's (or, for GREATER_MANCHESTER, all ten Greater Manchester boroughs')
    boundaries and area table.

    Parameters
    ----------
    root : Path
        The data folder.
    lad_code : str
        The borough, or :data:`data.areas.geography.GREATER_MANCHESTER`.
    extra : pandas.DataFrame, optional
        Users' own columns by ``lsoa21cd`` (see :mod:`data.store.tables`),
        joined into the area table; columns ending ``_n`` are counts.
    totals : pandas.DataFrame, optional
        More groupings of LSOAs whose totals are shown (one column each,
        such as users' neighbourhoods, indexed by ``lsoa21cd``), protected by
        secondary suppression beside wards, MSOAs and boroughs.

    Raises
    ------
    data.errors.DataLayerError
        If a file is missing or malformed, or no area of the data has the code.
    """
    region_lsoas = load_lsoas(root, None)
    region = load_area_table(root, region_lsoas)
    sources = column_sources(root)
    counts = count_columns()
    if extra is not None and not extra.empty:
        # saving refuses names already taken; a name the app takes later stays the app's
        region = region.join(extra.drop(columns=region.columns.intersection(extra.columns)))
        sources |= {c: "your own table" for c in extra if c not in sources}
        counts |= {c: c for c in extra if c.endswith(COUNT_SUFFIX)}
    lsoas = select_borough(region_lsoas, lad_code)
    return BoroughData(
        code=lad_code,
        name=place_name(lad_code, dict(zip(lsoas["lad_code"], lsoas["lad_name"], strict=True))),
        lsoas=lsoas,
        wards=load_wards(root, lad_code),
        msoas=_optional(load_msoas, root, MSOA21_BOUNDARIES, lad_code),
        districts=_optional(load_districts, root, LAD_BOUNDARIES, lad_code),
        table=region.loc[lsoas["lsoa21cd"]],
        region=region,
        sources=sources,
        counts=counts,
        hidden=_hidden(region, counts, totals),
        region_name=_region_name(region_lsoas),
    )
