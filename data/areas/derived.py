"""Indicators derived from point files and counts: what the published tables lack.

Each measure states its sources and method in plain words, shown on the
Methods page. Measures are computed for every LSOA of Greater Manchester, so
that borough and regional comparisons use the same definition.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.opendata.files import data_file, read_table
from data.opendata.sources import BURGLARY_POINTS, CENSUS2021, GREENSPACE_ACCESS, ROAD_CASUALTIES
from data.userfiles.coordinates import BRITISH_NATIONAL_GRID

#: Access point types a person on foot can use.
PEDESTRIAN_ACCESS = ("Pedestrian", "Motor Vehicle And Pedestrian")


@dataclass(frozen=True)
class DerivedMeasure:
    """A column computed from other data, with the plain account of how.

    A rate made from a count names its ``count_column`` (small counts hide
    both), the ``denominator`` column it is per :data:`PER` of, and its
    ``period``: a function giving the years the count covers.
    """

    column: str
    name: str
    unit: str
    sources: tuple[str, ...]
    method: str
    compute: Callable[[Path, gpd.GeoDataFrame, pd.DataFrame], pd.Series]
    count_column: str | None = None
    denominator: str | None = None
    period: Callable[[Path], float] | None = None


#: The denominator of rates per resident: Census 2021 usual residents.
RESIDENTS = "usual_residents_2021"

#: Rates are per this many residents (a year).
PER = 1000.0


def lsoa_counts(points: pd.DataFrame, lsoas: gpd.GeoDataFrame) -> pd.Series:
    """Count points per 2021 LSOA.

    Parameters
    ----------
    points : pandas.DataFrame
        One row per point, with the ``lsoa21cd`` it falls in (the point files
        carry it, assigned by point-in-polygon against the 2021 LSOA
        boundaries; see SOURCES.md).
    lsoas : geopandas.GeoDataFrame
        The LSOAs to count in, with ``lsoa21cd``.

    Returns
    -------
    pandas.Series
        Points per LSOA (0 where none), indexed by ``lsoa21cd``.
    """
    counts = points["lsoa21cd"].value_counts().reindex(lsoas["lsoa21cd"], fill_value=0)
    return counts.rename_axis("lsoa21cd")


def _days_spanned(dates: pd.Series) -> float:
    """Years from the first to the last of some dates, both days counted."""
    dates = pd.to_datetime(dates)
    return ((dates.max() - dates.min()).days + 1) / 365.25


def _months_spanned(months: pd.Series) -> float:
    """Years from the first to the last of some "YYYY-MM" months, both months counted."""
    numbers = months.str[:4].astype(int) * 12 + months.str[5:7].astype(int)
    return (numbers.max() - numbers.min() + 1) / 12


#: The columns each point file must have.
POINT_COLUMNS = {ROAD_CASUALTIES: ("date", "lsoa21cd"),
                 BURGLARY_POINTS: ("month", "lsoa21cd", "lad_code")}


def _points(root: Path, name: str) -> pd.DataFrame:
    """A point file's table, read once while the file is unchanged: its counts, its rates
    and its period all come from it. Callers must not change it."""
    stat = data_file(root, name).stat()
    return _read_points(Path(root), name, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read_points(root: Path, name: str, modified: int, size: int) -> pd.DataFrame:
    return read_table(root, name, POINT_COLUMNS[name])


def road_casualty_years(root: Path) -> float:
    """Length of the period the STATS19 file covers, in years (first to last day)."""
    return _days_spanned(_points(root, ROAD_CASUALTIES)["date"])


def road_casualty_counts(root: Path, lsoas: gpd.GeoDataFrame) -> tuple[pd.Series, float]:
    """Count STATS19 casualties per 2021 LSOA.

    Returns
    -------
    counts : pandas.Series
        Casualties per LSOA (0 where none), indexed by ``lsoa21cd``.
    years : float
        Length of the period the file covers, in years.
    """
    casualties = _points(root, ROAD_CASUALTIES)
    return lsoa_counts(casualties, lsoas), _days_spanned(casualties["date"])


def burglary_years(root: Path) -> float:
    """Length of the period the burglary file covers, in years (whole months)."""
    return _months_spanned(_points(root, BURGLARY_POINTS)["month"])


def burglary_counts(root: Path, lsoas: gpd.GeoDataFrame) -> tuple[pd.Series, float]:
    """Count police.uk burglaries per 2021 LSOA, where the file covers the LSOA.

    The file holds the points of some boroughs only (Oldham's): the boroughs
    it covers are those named in its ``lad_code`` column. LSOAs of other
    boroughs get no count (NaN), not zero.

    Returns
    -------
    counts : pandas.Series
        Burglaries per LSOA (0 where none, NaN outside the boroughs covered),
        indexed by ``lsoa21cd``.
    years : float
        Length of the period the file covers, in years.
    """
    points = _points(root, BURGLARY_POINTS)
    covered = lsoas["lad_code"].isin(points["lad_code"].unique()).to_numpy()
    counts = lsoa_counts(points, lsoas).astype(float).where(covered)
    return counts, _months_spanned(points["month"])


def _per_resident_year(counts: pd.Series, years: float, table: pd.DataFrame) -> pd.Series:
    return counts / table[RESIDENTS].reindex(counts.index) * PER / years


def _road_casualties_n(root: Path, lsoas: gpd.GeoDataFrame, table: pd.DataFrame) -> pd.Series:
    return road_casualty_counts(root, lsoas)[0].astype(float)


def _road_casualty_rate(root: Path, lsoas: gpd.GeoDataFrame, table: pd.DataFrame) -> pd.Series:
    return _per_resident_year(*road_casualty_counts(root, lsoas), table)


def _burglaries_n(root: Path, lsoas: gpd.GeoDataFrame, table: pd.DataFrame) -> pd.Series:
    return burglary_counts(root, lsoas)[0]


def _burglary_rate(root: Path, lsoas: gpd.GeoDataFrame, table: pd.DataFrame) -> pd.Series:
    return _per_resident_year(*burglary_counts(root, lsoas), table)


def _greenspace_distance(root: Path, lsoas: gpd.GeoDataFrame, table: pd.DataFrame) -> pd.Series:
    points = read_table(root, GREENSPACE_ACCESS, ["access_type", "lon", "lat"])
    points = points[points["access_type"].isin(PEDESTRIAN_ACCESS)]
    access = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(points["lon"], points["lat"]), crs=4326
    ).to_crs(BRITISH_NATIONAL_GRID)
    centres = lsoas[["lsoa21cd", "geometry"]].to_crs(BRITISH_NATIONAL_GRID)
    centres["geometry"] = centres.geometry.centroid
    nearest = gpd.sjoin_nearest(centres, access, distance_col="distance")
    return nearest.groupby("lsoa21cd")["distance"].min().reindex(lsoas["lsoa21cd"])


MEASURES: tuple[DerivedMeasure, ...] = (
    DerivedMeasure(
        "road_casualties_n", "Road casualties (count)", "casualties, Jan 2019 to Jun 2024",
        (ROAD_CASUALTIES,),
        "The number of people injured in reported road collisions located in the LSOA.",
        _road_casualties_n,
        count_column="road_casualties_n",
    ),
    DerivedMeasure(
        "road_casualties_per_1000_year", "Road casualties", "per 1,000 residents a year",
        (ROAD_CASUALTIES, CENSUS2021),
        "People injured in reported road collisions located in the LSOA (STATS19, January "
        "2019 to June 2024), per 1,000 usual residents (Census 2021), per year. Counted where "
        "the collision happened, not where the casualty lives, so LSOAs crossed by busy roads "
        "score high.",
        _road_casualty_rate,
        count_column="road_casualties_n", denominator=RESIDENTS, period=road_casualty_years,
    ),
    DerivedMeasure(
        "burglaries_n", "Burglaries (count)", "burglaries, Feb 2016 to Jan 2019",
        (BURGLARY_POINTS,),
        "The number of burglaries recorded by Greater Manchester Police (police.uk) located "
        "in the LSOA, February 2016 to January 2019. The file covers Oldham only: elsewhere "
        "the count is missing, not zero.",
        _burglaries_n,
        count_column="burglaries_n",
    ),
    DerivedMeasure(
        "burglaries_per_1000_year", "Burglaries", "per 1,000 residents a year",
        (BURGLARY_POINTS, CENSUS2021),
        "Burglaries recorded by Greater Manchester Police located in the LSOA (police.uk, "
        "February 2016 to January 2019, 36 months), per 1,000 usual residents (Census 2021, "
        "so the denominator is counted two to five years after the burglaries), per year. "
        "police.uk moves each crime to a nearby anonymous map point, so a few may count in a "
        "neighbouring LSOA. The file covers Oldham only: elsewhere the rate is missing, not "
        "zero.",
        _burglary_rate,
        count_column="burglaries_n", denominator=RESIDENTS, period=burglary_years,
    ),
    DerivedMeasure(
        "greenspace_access_distance_m", "Distance to green space", "metres",
        (GREENSPACE_ACCESS, "lsoa21_greater_manchester.geojson"),
        "Straight-line distance from the LSOA's centroid to the nearest pedestrian access "
        "point of a public green space (OS Open Greenspace). Only access points inside Greater "
        "Manchester are known, so areas on the county edge may be nearer to green space than "
        "shown.",
        _greenspace_distance,
    ),
)


def measure(column: str) -> DerivedMeasure | None:
    """Return the derived measure that makes a column, or None."""
    return next((m for m in MEASURES if m.column == column), None)


def count_columns() -> dict[str, str]:
    """Return each derived rate column with the count column it is made from."""
    return {m.column: m.count_column for m in MEASURES if m.count_column}


def unavailable(root: Path) -> list[DerivedMeasure]:
    """Return the measures a source file of which is not in the data folder.

    Road casualties, burglary points and green-space access have no national
    open source the app fetches, so a borough fetched from the publishers has
    none of these files.
    """
    return [m for m in MEASURES if not all((Path(root) / s).is_file() for s in m.sources)]


def derive_all(root: Path, lsoas: gpd.GeoDataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Compute every derived measure for the given LSOAs (empty where a source is absent).

    Parameters
    ----------
    root : Path
        The data folder.
    lsoas : geopandas.GeoDataFrame
        The LSOAs, with ``lsoa21cd`` and geometry.
    table : pandas.DataFrame
        The LSOAs' published columns (census counts), indexed by ``lsoa21cd``.

    Returns
    -------
    pandas.DataFrame
        One column per measure, indexed by ``lsoa21cd``; a measure listed by
        :func:`unavailable` has no values.
    """
    absent = unavailable(root)
    return pd.DataFrame(
        {m.column: float("nan") if m in absent else m.compute(root, lsoas, table)
         for m in MEASURES}, index=lsoas["lsoa21cd"]
    )
