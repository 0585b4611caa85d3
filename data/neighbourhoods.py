"""User-defined neighbourhoods: made from a lookup or from boundaries, saved between sessions.

A neighbourhood is a set of 2021 LSOAs, so that every figure can be built from
LSOA data with the same rules as wards. Neighbourhood boundaries are turned into
that set by best fit, as ONS builds its own lookups: each LSOA goes to the
neighbourhood its representative point (a point inside the LSOA, near its
centre) falls in.
"""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.checks import odd_characters
from data.levels import Neighbourhoods
from data.named_files import NamedFileError, NamedFiles

#: The columns of a lookup, in order.
LOOKUP_COLUMNS = ["lsoa21cd", "neighbourhood_code", "neighbourhood_name"]


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
    points = gpd.GeoDataFrame({"lsoa21cd": lsoas["lsoa21cd"].to_numpy()},
                              geometry=lsoas.to_crs(27700).representative_point(), crs=27700)
    shapes = polygons[[code, name, "geometry"]].to_crs(27700).rename(
        columns={code: "neighbourhood_code", name: "neighbourhood_name"})
    joined = gpd.sjoin(points, shapes, how="left", predicate="within")
    joined = joined.drop_duplicates("lsoa21cd").set_index("lsoa21cd")
    unassigned = joined.index[joined["neighbourhood_code"].isna()].tolist()
    lookup = joined.dropna(subset=["neighbourhood_code"])[LOOKUP_COLUMNS[1:]].astype(str)
    return lookup, unassigned


class NeighbourhoodStore(NamedFiles):
    """A folder of saved neighbourhood sets, one lookup CSV each.

    Parameters
    ----------
    folder : Path
        Where the files live (created if needed).
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, ".csv", "neighbourhood set")

    def save(self, name: str, lookup: pd.DataFrame) -> Neighbourhoods:
        """Save a lookup (indexed by ``lsoa21cd``) under a name, whole or not at all.

        Raises
        ------
        NamedFileError
            If a neighbourhood's code or name holds characters that could make a path or
            markup, or that cannot be seen (see :func:`data.checks.odd_characters`), or
            the name is not a valid one for a saved set.
        """
        for column in LOOKUP_COLUMNS[1:]:
            for value in lookup[column].astype(str).unique():
                odd = odd_characters(value)
                if odd:
                    raise NamedFileError(
                        f"the neighbourhood {column.split('_')[1]} {value!r} cannot be used: "
                        f"{odd}. Correct it in the file and upload it again.")
        frame = lookup[LOOKUP_COLUMNS[1:]].reset_index()
        frame.columns = LOOKUP_COLUMNS
        self.write(name, frame.to_csv(index=False))
        return Neighbourhoods(name.strip(), frame.set_index("lsoa21cd"))

    def groupings(self) -> pd.DataFrame:
        """Every saved set's neighbourhood of each LSOA, one column per set (for suppression)."""
        sets = [self.load(name) for name in self.names()]
        return pd.DataFrame({s.name: s.lookup["neighbourhood_code"] for s in sets})

    def load(self, name: str) -> Neighbourhoods:
        """Load a saved set.

        Raises
        ------
        NamedFileError
            If there is none of that name, or its file no longer has the lookup's columns.
        """
        text = self.existing(name).read_text(encoding="utf-8")
        frame = pd.read_csv(io.StringIO(text), dtype=str)
        if list(frame.columns) != LOOKUP_COLUMNS:
            raise NamedFileError(
                f"the saved neighbourhood set {name!r} has columns {list(frame.columns)}, not "
                f"{LOOKUP_COLUMNS}: upload its lookup again.")
        return Neighbourhoods(name, frame.set_index("lsoa21cd"))
