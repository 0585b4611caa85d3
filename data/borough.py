"""Everything the app needs about one borough, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.areas import column_sources, load_area_table
from data.derived import count_columns
from data.geography import (
    BOROUGHS,
    DEFAULT_BOROUGH,
    REGION_NAME,
    load_lsoas,
    load_wards,
    place_name,
    select_borough,
)
from data.suppression import hidden_cells


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
    table : pandas.DataFrame
        The area table's rows for the borough, indexed by ``lsoa21cd``.
    region : pandas.DataFrame
        The area table's rows for every area in the data folder (all of Greater
        Manchester, or the boroughs fetched), for comparison.
    sources : dict
        The data file each column of the tables comes from.
    hidden : pandas.DataFrame
        For each column made from small counts, True where the value must be
        hidden from the public (see :mod:`data.suppression`), for all of
        Greater Manchester.
    region_name : str
        What ``region`` covers: Greater Manchester when the data has its ten
        boroughs, otherwise the names of the boroughs in the data.
    """

    code: str
    name: str
    lsoas: gpd.GeoDataFrame
    wards: gpd.GeoDataFrame
    table: pd.DataFrame
    region: pd.DataFrame
    sources: dict[str, str]
    hidden: pd.DataFrame
    region_name: str = REGION_NAME


def _region_name(lsoas: gpd.GeoDataFrame) -> str:
    """Greater Manchester when all ten of its boroughs are there, else the boroughs' names."""
    if set(BOROUGHS) <= set(lsoas["lad_code"]):
        return REGION_NAME
    return " and ".join(sorted(set(lsoas["lad_name"])))


def load_borough(root: Path, lad_code: str = DEFAULT_BOROUGH) -> BoroughData:
    """Load a borough's (or, for GREATER_MANCHESTER, all ten Greater Manchester boroughs')
    boundaries and area table.

    Raises
    ------
    data.errors.DataLayerError
        If a file is missing or malformed, or no area of the data has the code.
    """
    region_lsoas = load_lsoas(root, None)
    region = load_area_table(root, region_lsoas)
    lsoas = select_borough(region_lsoas, lad_code)
    return BoroughData(
        code=lad_code,
        name=place_name(lad_code, dict(zip(lsoas["lad_code"], lsoas["lad_name"], strict=True))),
        lsoas=lsoas,
        wards=load_wards(root, lad_code),
        table=region.loc[lsoas["lsoa21cd"]],
        region=region,
        sources=column_sources(root),
        hidden=hidden_cells(region, count_columns()),
        region_name=_region_name(region_lsoas),
    )
