"""Neighbourhood geography: the boroughs, their LSOAs and their wards."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.errors import DataFileError
from data.opendata.files import read_boundaries
from data.opendata.sources import (
    LAD_BOUNDARIES,
    LSOA21_BOUNDARIES,
    MSOA21_BOUNDARIES,
    WARD_BOUNDARIES,
)

#: The ten boroughs of Greater Manchester by ONS code.
BOROUGHS: dict[str, str] = {
    "E08000001": "Bolton",
    "E08000002": "Bury",
    "E08000003": "Manchester",
    "E08000004": "Oldham",
    "E08000005": "Rochdale",
    "E08000006": "Salford",
    "E08000007": "Stockport",
    "E08000008": "Tameside",
    "E08000009": "Trafford",
    "E08000010": "Wigan",
}
DEFAULT_BOROUGH = "E08000004"
REGION_NAME = "Greater Manchester"
#: The code that stands for all ten boroughs together (the combined authority's).
GREATER_MANCHESTER = "E47000001"


def place_name(code: str, known: dict[str, str] | None = None) -> str:
    """The name of a borough code (among ``known``, default :data:`BOROUGHS`), or of
    :data:`GREATER_MANCHESTER`; an unknown code is its own name."""
    return REGION_NAME if code == GREATER_MANCHESTER else (known or BOROUGHS).get(code, code)


def boroughs(root: Path) -> dict[str, str]:
    """Return the boroughs the data folder's LSOAs are in, code -> name, in code order.

    The ten of Greater Manchester for the Greater Manchester folder; the one
    fetched for a borough fetched from the publishers.
    """
    frame = read_boundaries(root, LSOA21_BOUNDARIES, ["lad_code", "lad_name"])
    pairs = frame[["lad_code", "lad_name"]].drop_duplicates("lad_code").sort_values("lad_code")
    return dict(pairs.itertuples(index=False))


def places(known: dict[str, str]) -> list[str]:
    """Return the codes a user may choose: the boroughs, and :data:`GREATER_MANCHESTER`
    when all ten of its boroughs are there."""
    return [*known] + ([GREATER_MANCHESTER] if set(BOROUGHS) <= set(known) else [])


LSOA_COLUMNS = ["lsoa21cd", "lsoa21nm", "wd24cd", "wd24nm", "lad_code", "lad_name"]


def msoa_names(lsoa_names: pd.Series) -> pd.Series:
    """The 2021 MSOA each 2021 LSOA is in, by name: an LSOA's name is its MSOA's and a
    letter ("Oldham 001A" is in "Oldham 001")."""
    return lsoa_names.str[:-1]


def select_borough(
    frame: gpd.GeoDataFrame, lad_code: str | None, name: str = "the boundaries"
) -> gpd.GeoDataFrame:
    """Return the rows of a borough (all rows for None or :data:`GREATER_MANCHESTER`).

    Raises
    ------
    DataFileError
        If no row has the code; the message lists the codes there are.
    """
    if lad_code is None or lad_code == GREATER_MANCHESTER:
        return frame.reset_index(drop=True)
    chosen = frame[frame["lad_code"] == lad_code]
    if not chosen.empty:
        return chosen.reset_index(drop=True)
    if lad_code in BOROUGHS:
        raise DataFileError(f"{name} has no areas in {BOROUGHS[lad_code]} ({lad_code}).")
    codes = sorted(set(frame["lad_code"]))
    whole = set(BOROUGHS) <= set(codes)
    names = (dict(zip(frame["lad_code"], frame["lad_name"], strict=True))
             if "lad_name" in frame else BOROUGHS)
    raise DataFileError(
        f"{lad_code!r} is not the code of a borough in {name}. Use one of: "
        + ", ".join(f"{code} ({place_name(code, names)})" for code in codes)
        + (f", or {GREATER_MANCHESTER} for all of {REGION_NAME}." if whole else
           ". For another borough, fetch its data: python -m data fetch --borough NAME.")
    )


def load_lsoas(root: Path, lad_code: str | None = DEFAULT_BOROUGH) -> gpd.GeoDataFrame:
    """Return the 2021 LSOAs of a borough (or of Greater Manchester when ``lad_code`` is None).

    Columns: ``lsoa21cd``, ``lsoa21nm``, ``wd24cd``, ``wd24nm``, ``lad_code``,
    ``lad_name`` and the geometry, in WGS84.
    """
    frame = read_boundaries(root, LSOA21_BOUNDARIES, LSOA_COLUMNS)
    return select_borough(frame[LSOA_COLUMNS + ["geometry"]], lad_code, LSOA21_BOUNDARIES)


def load_wards(root: Path, lad_code: str | None = DEFAULT_BOROUGH) -> gpd.GeoDataFrame:
    """Return the electoral wards (May 2023) of a borough, in WGS84.

    Columns: ``ward_code``, ``ward_name``, ``lad_code`` and the geometry.
    """
    frame = read_boundaries(root, WARD_BOUNDARIES, ["wd23cd", "wd23nm", "lad_code"])
    frame = frame.rename(columns={"wd23cd": "ward_code", "wd23nm": "ward_name"})
    return select_borough(frame[["ward_code", "ward_name", "lad_code", "geometry"]], lad_code,
                    WARD_BOUNDARIES)


def load_msoas(root: Path, lad_code: str | None = DEFAULT_BOROUGH) -> gpd.GeoDataFrame:
    """Return the 2021 MSOAs of a borough, in WGS84: ``code``, ``name``, ``lad_code``, geometry."""
    frame = read_boundaries(root, MSOA21_BOUNDARIES, ["msoa21cd", "msoa21nm", "lad_code"])
    frame = frame.rename(columns={"msoa21cd": "code", "msoa21nm": "name"})
    return select_borough(frame[["code", "name", "lad_code", "geometry"]], lad_code,
                          MSOA21_BOUNDARIES)


def load_districts(root: Path, lad_code: str | None = DEFAULT_BOROUGH) -> gpd.GeoDataFrame:
    """Return the borough's (or every borough's) outline, in WGS84: ``code``, ``name``, geometry."""
    frame = read_boundaries(root, LAD_BOUNDARIES, ["lad_code", "lad_name"])
    frame = frame.assign(code=frame["lad_code"]).rename(columns={"lad_name": "name"})
    return select_borough(frame[["code", "name", "lad_code", "geometry"]], lad_code,
                          LAD_BOUNDARIES)


def area_locator(lsoas: gpd.GeoDataFrame):
    """Return a function giving the (LSOA, ward, borough) codes of a WGS84 point, or None.

    Parameters
    ----------
    lsoas : geopandas.GeoDataFrame
        The LSOAs to search, from :func:`load_lsoas`.
    """
    from shapely.geometry import Point

    index = lsoas.sindex

    def locate(lon: float, lat: float) -> tuple[str, str, str] | None:
        hits = index.query(Point(lon, lat), predicate="intersects")
        if not len(hits):
            return None
        row = lsoas.iloc[int(hits[0])]
        return row["lsoa21cd"], row["wd24cd"], row["lad_code"]

    return locate
