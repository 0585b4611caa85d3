"""User-defined neighbourhoods: made from a lookup or from boundaries (saved between sessions
by :mod:`data.store.neighbourhoods`).

A neighbourhood is a set of 2021 LSOAs, so that every figure can be built from
LSOA data with the same rules as wards. Neighbourhood boundaries are turned into
that set by best fit, as ONS builds its own lookups: each LSOA goes to the
neighbourhood its representative point (a point inside the LSOA, near its
centre) falls in.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from data.userfiles.coordinates import BRITISH_NATIONAL_GRID
from data.userfiles.validate import NEIGHBOURHOOD_COLUMNS


def lookup_from_polygons(lsoas: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame,
                         code: str, name: str) -> tuple[pd.DataFrame, list[str]]:
    """Assign each LSOA to the neighbourhood polygon holding its representative point.

    Parameters
    ----------
    lsoas : geopandas.GeoDataFrame
        The 2021 LSOAs (``lsoa21cd`` and geometry).
    polygons : geopandas.GeoDataFrame
        The neighbourhoods, with a code and a name column.
    code, name : str
        The polygons' code and name columns.

    Returns
    -------
    lookup : pandas.DataFrame
        Indexed by ``lsoa21cd``: ``neighbourhood_code``, ``neighbourhood_name``.
    unassigned : list of str
        The LSOAs whose point falls in no neighbourhood.
    """
    grid = lsoas.to_crs(BRITISH_NATIONAL_GRID)
    points = gpd.GeoDataFrame({"lsoa21cd": lsoas["lsoa21cd"].to_numpy()},
                              geometry=grid.representative_point(), crs=BRITISH_NATIONAL_GRID)
    shapes = polygons[[code, name, "geometry"]].to_crs(BRITISH_NATIONAL_GRID).rename(
        columns={code: "neighbourhood_code", name: "neighbourhood_name"})
    joined = gpd.sjoin(points, shapes, how="left", predicate="within")
    joined = joined.drop_duplicates("lsoa21cd").set_index("lsoa21cd")
    unassigned = joined.index[joined["neighbourhood_code"].isna()].tolist()
    lookup = joined.dropna(subset=["neighbourhood_code"])[NEIGHBOURHOOD_COLUMNS[1:]].astype(str)
    return lookup, unassigned
