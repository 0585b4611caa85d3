"""Reading the data folder's files, with messages that name the file and the fix."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.errors import DataFileError
from data.settings import DATA_ROOT_ENV


def data_file(root: Path, name: str) -> Path:
    """Return the path of a file in the data folder.

    Raises
    ------
    DataFileError
        If the file is not there.
    """
    path = Path(root) / name
    if not path.is_file():
        raise DataFileError(
            f"{name} is missing from the data folder {root}. Put the file there, or point "
            f"{DATA_ROOT_ENV} at a folder that has it."
        )
    return path


def _check_columns(frame: pd.DataFrame, name: str, required: Iterable[str]) -> None:
    absent = [c for c in required if c not in frame.columns]
    if absent:
        raise DataFileError(
            f"{name} has no column {', '.join(map(repr, absent))}. Use the file as published "
            "(see SOURCES.md), or rename its columns to match."
        )


def read_table(root: Path, name: str, required: Iterable[str]) -> pd.DataFrame:
    """Read a CSV file of the data folder and check it has the columns needed."""
    path = data_file(root, name)
    try:
        frame = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise DataFileError(f"{name} cannot be read as CSV: {error}".strip()) from None
    _check_columns(frame, name, required)
    return frame


def read_area_table(root: Path, name: str, id_column: str) -> pd.DataFrame:
    """Read a CSV with one row per area, indexed by its id column.

    Raises
    ------
    DataFileError
        If the file is missing or unreadable, lacks the id column, or repeats an id.
    """
    frame = read_table(root, name, [id_column])
    repeated = frame[id_column][frame[id_column].duplicated()]
    if not repeated.empty:
        row = int(repeated.index[0]) + 2
        raise DataFileError(
            f"{name}, row {row}, column {id_column!r}: {repeated.iloc[0]!r} appears more than "
            "once. Each area must have one row."
        )
    return frame.set_index(id_column)


def read_boundaries(root: Path, name: str, required: Iterable[str]) -> gpd.GeoDataFrame:
    """Read a boundary file of the data folder in WGS84 and check its columns."""
    path = data_file(root, name)
    try:
        frame = gpd.read_file(path)
    except Exception as error:  # pyogrio raises several unrelated types
        raise DataFileError(f"{name} cannot be read as boundaries: {error}") from None
    _check_columns(frame, name, required)
    return frame.to_crs(4326) if frame.crs and frame.crs.to_epsg() != 4326 else frame
