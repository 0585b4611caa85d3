"""The area table: every published and derived column for each 2021 LSOA."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.areas.derived import MEASURES, derive_all
from data.opendata.files import data_file, read_area_table
from data.opendata.sources import CENSUS2021, IOD2025, IOD2025_INDICATORS

#: Tables with one row per 2021 LSOA, joined into the area table.
AREA_TABLES = (IOD2025, IOD2025_INDICATORS, CENSUS2021)

#: Descriptive columns repeated in every table; the boundaries' copy is kept.
_REPEATED = ("lsoa21nm", "lad_code", "lad_name")

#: Column of resident population used as the weight of comparisons.
POPULATION = "usual_residents_2021"

#: What the count and denominator columns of the area table count, in words.
COLUMN_NAMES = {
    "usual_residents_2021": "usual residents (Census 2021)",
    "disabled_n": "residents disabled under the Equality Act (Census 2021)",
    "households_2021": "households (Census 2021)",
    "hh_not_deprived_n": "households not deprived in any dimension (Census 2021)",
    "hh_deprived_3plus_dims_n": "households deprived in three or four dimensions (Census 2021)",
    "hh_overcrowded_n": "households with fewer bedrooms than they need (Census 2021)",
    "hh_social_rented_n": "households renting socially (Census 2021)",
    "hh_private_rented_n": "households renting privately (Census 2021)",
    "hh_owner_occupied_n": "households owning their home (Census 2021)",
    "road_casualties_n": "road casualties (STATS19)",
    "burglaries_n": "burglaries (police.uk)",
}


#: How the name of a column of counts ends (users' point counts per LSOA, for example).
COUNT_SUFFIX = "_n"


def column_name(column: str) -> str:
    """Return what a column counts, in words; a column of the user's own, as it is called."""
    return COLUMN_NAMES.get(column, column)


def load_area_table(root: Path, lsoas: gpd.GeoDataFrame) -> pd.DataFrame:
    """Join the published LSOA tables and the derived measures.

    Parameters
    ----------
    root : Path
        The data folder.
    lsoas : geopandas.GeoDataFrame
        The LSOAs to cover (usually all of Greater Manchester, so that
        comparisons can be made), from :func:`data.areas.geography.load_lsoas`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``lsoa21cd``: the boundaries' names, ward and borough,
        every column of the IoD2025, IoD2025 indicator and Census 2021
        tables, and the derived measures.
    """
    table = pd.DataFrame(lsoas.drop(columns="geometry")).set_index("lsoa21cd")
    for name in AREA_TABLES:
        published = read_area_table(root, name, "lsoa21cd")
        table = table.join(published.drop(columns=[c for c in _REPEATED if c in published]))
    return table.join(derive_all(root, lsoas, table))


def column_sources(root: Path) -> dict[str, str]:
    """Return the data file each column of the area table comes from.

    Derived measures are credited to their first source file.
    """
    sources: dict[str, str] = {}
    for name in AREA_TABLES:
        header = pd.read_csv(data_file(root, name), nrows=0).columns
        sources.update({c: name for c in header
                        if c not in sources and c not in _REPEATED and c != "lsoa21cd"})
    sources.update({m.column: m.sources[0] for m in MEASURES})
    return sources
