"""Users' own tables by 2021 LSOA, saved between sessions and joined into the area table.

An indicator table adds its columns as they are. A point file (crimes, incidents,
services) adds one count per LSOA, in a column ending ``_n``: counts are summed
for larger areas, can be made into rates per 1,000 residents in the index
builder, and are hidden when small, like the app's own counts.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.areas.table import COUNT_SUFFIX
from data.errors import UserTableError
from data.store.named_files import NamedFiles


def column_slug(name: str) -> str:
    """A column name made from a table name: lower case, letters, digits and underscores."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")
    return slug if slug and not slug[0].isdigit() else f"t_{slug}"


def points_per_lsoa(points: gpd.GeoDataFrame, lsoas: gpd.GeoDataFrame, name: str) -> pd.DataFrame:
    """Count points per 2021 LSOA.

    Parameters
    ----------
    points : geopandas.GeoDataFrame
        The points, in WGS84.
    lsoas : geopandas.GeoDataFrame
        The LSOAs to count in (``lsoa21cd``, ``lad_code`` and geometry,
        WGS84). LSOAs with no point get 0 in the boroughs the points cover
        (those with at least one point), and no count (NaN) elsewhere: a
        file of one borough's crimes says nothing about its neighbours.
    name : str
        What the points are; the count column is ``<name>_n``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``lsoa21cd``, one column of counts. Points in no LSOA are
        not counted.
    """
    joined = gpd.sjoin(points[["geometry"]], lsoas[["lsoa21cd", "lad_code", "geometry"]],
                       how="inner", predicate="within")
    counts = joined["lsoa21cd"].value_counts().reindex(lsoas["lsoa21cd"], fill_value=0)
    covered = lsoas["lad_code"].isin(joined["lad_code"].unique()).to_numpy()
    counts = counts.astype(float).where(covered)
    return counts.rename(column_slug(name) + COUNT_SUFFIX).rename_axis("lsoa21cd").to_frame()


class UserTableStore(NamedFiles):
    """A folder of saved tables by 2021 LSOA, one CSV each.

    Parameters
    ----------
    folder : Path
        Where the files live (created if needed).
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, ".csv", "table")

    def save(self, name: str, table: pd.DataFrame, area_table: pd.DataFrame) -> Path:
        """Save a table indexed by 2021 LSOA code, whole or not at all.

        Parameters
        ----------
        name : str
            What to call it.
        table : pandas.DataFrame
            The columns to add, indexed by 2021 LSOA code.
        area_table : pandas.DataFrame
            The region's area table without users' tables: its codes are the
            ones allowed and its columns cannot be replaced.

        Raises
        ------
        UserTableError
            If its index is not 2021 LSOA codes of the region, or a column has
            the name of one already in the area table or in a saved table.
        """
        strangers = table.index.difference(area_table.index)
        if len(strangers):
            raise UserTableError(
                f"{name}: {len(strangers)} of its {len(table)} codes, such as {strangers[0]!r}, "
                "are not 2021 LSOAs of the region. Only tables by 2021 LSOA can be added; "
                "convert a 2011 table with python -m data to-lsoa21.")
        taken = set(area_table.columns) | {c for other in self.names() if other != name.strip()
                                           for c in self.load(other).columns}
        clashes = sorted(taken & set(table.columns))
        if clashes:
            raise UserTableError(
                f"{name}: there is already a column {clashes[0]!r} in the area table or a saved "
                "table. Rename the column in your file, or delete the other table first.")
        return self.write(name, table.rename_axis("lsoa21cd").to_csv())

    def load(self, name: str) -> pd.DataFrame:
        """Load a saved table, indexed by ``lsoa21cd``."""
        text = self.existing(name).read_text(encoding="utf-8")
        return pd.read_csv(io.StringIO(text), index_col="lsoa21cd")

    def joined(self) -> pd.DataFrame:
        """Every saved table side by side, indexed by ``lsoa21cd`` (empty when none)."""
        tables = [self.load(name) for name in self.names()]
        return pd.concat(tables, axis=1) if tables else pd.DataFrame()
