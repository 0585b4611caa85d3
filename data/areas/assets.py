"""Community assets from the open Greater Manchester file: what a place has, not only lacks."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from data.areas.geography import GREATER_MANCHESTER
from data.opendata.files import read_table
from data.opendata.sources import COMMUNITY_ASSETS
from data.userfiles.coordinates import BRITISH_NATIONAL_GRID

#: Plain names of the asset types in the file.
ASSET_TYPES = {
    "library": "Library",
    "gp_practice": "GP practice",
    "pharmacy": "Pharmacy",
    "dentist": "Dentist",
    "care_home": "Care home",
    "food_bank": "Food bank",
    "park_green_flag": "Green Flag park",
    "polling_station_venue": "Community venue (polling station)",
    "jobcentre": "Jobcentre",
    "school": "School",
    "further_education": "Further education",
    "place_of_worship": "Place of worship",
    "post_office": "Post office",
    "hospital": "Hospital",
    "fire_station": "Fire station",
    "community_organisation": "Voluntary or community organisation",
}

_COLUMNS = ["asset_id", "asset_type", "asset_subtype", "name", "address", "postcode", "lon",
            "lat", "lsoa21cd", "wd24cd", "lad_code"]


def load_assets(root: Path, lad_code: str | None = None) -> gpd.GeoDataFrame:
    """Return the community assets (of a borough, or all of Greater Manchester), in WGS84.

    Names missing in the source are given as the asset type, so none is blank.
    With no asset file in the data folder (a borough fetched from the
    publishers: there is no national open register), there are no assets.
    """
    if not (Path(root) / COMMUNITY_ASSETS).is_file():
        return gpd.GeoDataFrame(columns=[*_COLUMNS, "type_name", "geometry"],
                                geometry="geometry", crs=4326)
    frame = read_table(root, COMMUNITY_ASSETS, _COLUMNS)[_COLUMNS]
    if lad_code is not None and lad_code != GREATER_MANCHESTER:
        frame = frame[frame["lad_code"] == lad_code]
    frame = frame.assign(
        type_name=frame["asset_type"].map(ASSET_TYPES).fillna(frame["asset_type"]),
        name=frame["name"].fillna("").astype(str).str.strip(),
    )
    frame["name"] = frame["name"].where(frame["name"] != "", frame["type_name"])
    return gpd.GeoDataFrame(frame.reset_index(drop=True),
                            geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=4326)


def assets_near(assets: gpd.GeoDataFrame, area: BaseGeometry, within: float = 800.0
                ) -> pd.DataFrame:
    """Return the assets inside an area or within ``within`` metres of it, nearest first.

    Parameters
    ----------
    assets : geopandas.GeoDataFrame
        From :func:`load_assets` (in WGS84, or already in British National Grid
        to save projecting them again).
    area : shapely geometry
        The area's boundary, in WGS84.
    within : float
        How far outside the area to look, in metres.

    Returns
    -------
    pandas.DataFrame
        The assets' columns plus ``distance_m`` (0 inside the area) and ``inside``.
    """
    shape = gpd.GeoSeries([area], crs=4326).to_crs(BRITISH_NATIONAL_GRID).iloc[0]
    points = assets if assets.crs.to_epsg() == BRITISH_NATIONAL_GRID \
        else assets.to_crs(BRITISH_NATIONAL_GRID)
    distance = points.geometry.distance(shape)
    near = pd.DataFrame(assets.drop(columns="geometry")).assign(
        distance_m=distance.round(0), inside=distance <= 0)
    return near[near["distance_m"] <= within].sort_values(["distance_m", "name"])


def need_against_assets(scores: pd.Series, per_1000: pd.Series, names: pd.Series
                        ) -> pd.DataFrame:
    """Place each area by need (index score) and assets (per 1,000 residents) against medians.

    Returns
    -------
    pandas.DataFrame
        Indexed by area code: ``name``, ``score``, ``per_1000`` and ``quadrant``
        (``high need, few assets``, ``high need, more assets``, ``lower need, few
        assets`` or ``lower need, more assets``), most in need first.
    """
    frame = pd.DataFrame({"name": names.reindex(scores.index), "score": scores,
                          "per_1000": per_1000.reindex(scores.index).fillna(0)})
    need = frame["score"] > frame["score"].median()
    few = frame["per_1000"] < frame["per_1000"].median()
    frame["quadrant"] = (need.map({True: "high need", False: "lower need"}) + ", "
                         + few.map({True: "few assets", False: "more assets"}))
    return frame.sort_values("score", ascending=False)


def filter_assets(assets: pd.DataFrame, category: str | None = None, search: str = "",
                  include_retired: bool = False) -> pd.DataFrame:
    """The assets of a register in one category, whose name, address or subcategory holds
    some text (without case), current ones only unless asked: the register's filters.

    Parameters
    ----------
    assets : pandas.DataFrame
        A register (``category``, ``name``, ``address``, ``subcategory``, ``retired``).
    category : str, optional
        Only this category (default: any).
    search : str
        Text to look for (default: none, every asset).
    include_retired : bool
        Keep retired assets too (default: current ones only).

    Returns
    -------
    pandas.DataFrame
        The assets kept, in the register's order, indexed from 0.
    """
    keep = pd.Series(True, index=assets.index)
    if category:
        keep &= assets["category"] == category
    if not include_retired:
        keep &= ~assets["retired"].astype(bool)
    needle = search.strip().lower()
    if needle:
        text = assets["name"] + " " + assets["address"] + " " + assets["subcategory"]
        keep &= text.str.lower().str.contains(needle, regex=False)
    return assets[keep].reset_index(drop=True)


def _folded(text: pd.Series | str) -> pd.Series | str:
    """Text compared without case, spacing or punctuation ("St. Mary's " ~ "st marys")."""
    if isinstance(text, str):
        return " ".join("".join(c for c in text.casefold() if c.isalnum() or c.isspace()).split())
    return text.fillna("").astype(str).map(_folded)


def same_name_and_address(assets: pd.DataFrame, name: str, address: str) -> pd.DataFrame:
    """The assets of a register with this name and address, compared without case,
    spacing or punctuation: likely the same asset entered twice.

    Parameters
    ----------
    assets : pandas.DataFrame
        The register's assets (``name``, ``address``).
    name, address : str
        Those of the asset about to be added.
    """
    if assets.empty:
        return assets
    same = (_folded(assets["name"]) == _folded(name)) & (
        _folded(assets["address"]) == _folded(address or ""))
    return assets[same]
