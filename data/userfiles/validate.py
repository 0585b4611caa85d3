"""Validating the files users bring: boundaries, indicator tables, point files and lookups.

:func:`validate_file` reads a file, checks it and returns a
:class:`~data.userfiles.problems.ValidationReport` of every problem, with the file, row,
column and value and what to do, plus the loaded frame when nothing blocks it.
A file with any error is not loaded at all; warnings (coordinates converted,
geometries repaired) do not block. Bad input never raises: each fault becomes a
problem in the report.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

import geopandas as gpd
import pandas as pd

from data.errors import UnreadableFile
from data.userfiles.checks import (
    MISSING,
    Findings,
    Reference,
    check_area_ids,
    check_header,
    check_names,
    code_column,
    find_id_column,
    is_numeric,
    numbers,
    text_cells,
)
from data.userfiles.coordinates import BRITISH_NATIONAL_GRID, WGS84, infer_epsg
from data.userfiles.problems import Problem, ValidationReport
from data.userfiles.read import LAYER_SUFFIXES, Table, read_layer, read_table
from data.userfiles.shapes import (
    check_geometries,
    check_inside,
    check_points,
    neither_system,
    to_wgs84,
)
from data.userfiles.vintage import codes_2011_only

__all__ = ["KINDS", "Problem", "ValidatedFile", "ValidationReport", "guess_kind",
           "validate_file", "validate_upload"]

KINDS = ("boundaries", "indicators", "points", "lookup")

#: Column names of coordinates (compared lower-case, spaces as underscores), with
#: the coordinate system they imply (None: decided from the values).
COORDINATE_NAMES = (
    ({"lon", "lng", "long", "longitude"}, {"lat", "latitude"}, WGS84),
    ({"easting", "eastings", "east"}, {"northing", "northings", "north"},
     BRITISH_NATIONAL_GRID),
    ({"x"}, {"y"}, None),
)
NEIGHBOURHOOD_CODE = {"neighbourhood_code", "neighbourhood_cd", "neighbourhood_id",
                      "nbhd_code", "nbhd_cd", "nbhd_id"}
NEIGHBOURHOOD_NAME = {"neighbourhood_name", "neighbourhood_nm", "neighbourhood", "nbhd_name",
                      "nbhd_nm", "nbhd"}
#: The columns of a neighbourhood lookup, in order: each LSOA and its neighbourhood.
NEIGHBOURHOOD_COLUMNS = ["lsoa21cd", "neighbourhood_code", "neighbourhood_name"]


@dataclass
class ValidatedFile:
    """A checked file: its report, and the frame when the report has no errors.

    Attributes
    ----------
    report : ValidationReport
        Every problem and note.
    frame : pandas.DataFrame or geopandas.GeoDataFrame or None
        None unless the report is usable. Boundaries and points: a
        GeoDataFrame in WGS84 (points gain ``lon`` and ``lat``); indicators: the
        numeric columns indexed by the id column; lookups: ``lsoa21cd``,
        ``neighbourhood_code`` and ``neighbourhood_name``.
    id_column : str or None
        The column identifying each area (boundaries and indicators).
    """

    report: ValidationReport
    frame: pd.DataFrame | gpd.GeoDataFrame | None
    id_column: str | None = None


def _normal(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _named(columns, names: set[str]) -> str | None:
    return next((c for c in columns if _normal(c) in names), None)


def _coordinate_columns(columns) -> tuple[str, str, int | None] | None:
    for xs, ys, epsg in COORDINATE_NAMES:
        x, y = _named(columns, xs), _named(columns, ys)
        if x and y:
            return x, y, epsg
    return None


def _kind_of_table(columns) -> str:
    if _coordinate_columns(columns):
        return "points"
    if _named(columns, NEIGHBOURHOOD_CODE | NEIGHBOURHOOD_NAME):
        return "lookup"
    return "indicators"


def guess_kind(path: str | Path) -> str:
    """Guess what a file holds from its type and header.

    Returns
    -------
    str
        ``"boundaries"`` for GeoJSON, GeoPackage and zip files; for tables,
        ``"points"`` when there are coordinate columns (lon/lat,
        easting/northing or x/y), ``"lookup"`` when a column names
        neighbourhoods, otherwise ``"indicators"`` (also for files that
        cannot be read, so that the report says why).
    """
    path = Path(path)
    if path.suffix.lower() in LAYER_SUFFIXES:
        return "boundaries"
    try:
        return _kind_of_table(read_table(path, path.name).cells.columns)
    except UnreadableFile:
        return "indicators"


def _reference(boundaries: gpd.GeoDataFrame | None, lookup: pd.DataFrame | None) -> Reference:
    retired = codes_2011_only(lookup) if lookup is not None else {}
    if boundaries is None:
        return Reference(retired=retired)
    cells = text_cells(boundaries.drop(columns=boundaries.geometry.name))
    column = code_column(cells) or cells.columns[0]
    return Reference(boundaries.to_crs(WGS84), column, retired)


def _indicators(found: Findings, table: Table, requested: str | None,
                reference: Reference) -> tuple[pd.DataFrame | None, str | None]:
    cells, rows = table.cells, table.rows
    column = find_id_column(found, cells, requested)
    if column is None:
        return None, None
    ids = cells[column]
    check_area_ids(found, ids, rows, column, reference, "indicators")
    others = [c for c in cells.columns if c != column]
    blank = [c for c in others if cells[c].isin(MISSING).all()]
    for name in blank:
        found.warning("the column is blank in every row, so it was left out.",
                      "Fill it in (if its cells are formulas, save the file again from Excel "
                      "or paste them as values), or delete the column.", column=name)
    others = [c for c in others if c not in blank]
    measured = [c for c in others if is_numeric(cells[c])]
    if len(measured) < len(others):
        found.note("Columns of text, not loaded: "
                   + ", ".join(repr(c) for c in others if c not in measured) + ".")
    if not measured:
        found.error("there is no column of numbers besides the id column.",
                    "Add the indicator columns, with one number per area.")
        return None, column
    frame = pd.DataFrame({c: numbers(found, cells, rows, c) for c in measured})
    frame.index = pd.Index(ids, name=column)
    return frame, column


def _points(found: Findings, table: Table,
            reference: Reference) -> tuple[gpd.GeoDataFrame | None, None]:
    cells, rows = table.cells, table.rows
    columns = _coordinate_columns(cells.columns)
    if columns is None:
        found.error("no columns hold coordinates; the columns are: "
                    + ", ".join(map(repr, cells.columns)) + ".",
                    "Name the coordinate columns lon and lat (WGS84 longitude/latitude) or "
                    "easting and northing (British National Grid).")
        return None, None
    x_name, y_name, epsg = columns
    for name in (x_name, y_name):
        for row in pd.Series(rows)[cells[name].isin(MISSING).to_numpy()]:
            found.error("the point has no coordinate.",
                        "Fill in the coordinates, or delete the row.", row, name)
    x, y = numbers(found, cells, rows, x_name), numbers(found, cells, rows, y_name)
    if not found.report.usable:
        return None, None
    pair = f"{x_name}/{y_name}"
    found.note(f"Coordinates read from columns {x_name!r} and {y_name!r}.")
    if epsg is None:
        bounds = (x.min(), y.min(), x.max(), y.max())
        epsg = infer_epsg(bounds)
        if epsg is None:
            neither_system(found, bounds, pair)
            return None, None
        found.note(f"Columns {pair} read as "
                   f"{'longitude/latitude' if epsg == WGS84 else 'British National Grid'} "
                   "(from their range).")
    points = check_points(found, x, y, rows, epsg, pair)
    if points is None:
        return None, None
    check_inside(found, points, rows, reference)
    frame = cells.apply(_all_numbers)
    frame[x_name], frame[y_name] = x, y
    return gpd.GeoDataFrame(frame.assign(lon=points.x, lat=points.y), geometry=points), None


def _all_numbers(column: pd.Series) -> pd.Series:
    present = ~column.isin(MISSING)
    parsed = pd.to_numeric(column.where(present), errors="coerce")
    return parsed if parsed.notna().sum() == present.sum() else column


def _lookup(found: Findings, table: Table, requested: str | None,
            reference: Reference) -> tuple[pd.DataFrame | None, None]:
    cells, rows = table.cells, table.rows
    column = find_id_column(found, cells, requested)
    code = _named(cells.columns, NEIGHBOURHOOD_CODE)
    name = _named(cells.columns, NEIGHBOURHOOD_NAME)
    if not (code or name):
        found.error("no column names the neighbourhood; the columns are: "
                    + ", ".join(map(repr, cells.columns)) + ".",
                    "Name the columns neighbourhood_code and neighbourhood_name (one of them "
                    "is enough).")
    if column is None or not (code or name):
        return None, None
    ids = cells[column]
    check_area_ids(found, ids, rows, column, reference, "lookup")
    codes, names = cells[code or name], cells[name or code]
    for column_name in dict.fromkeys([code or name, name or code]):
        check_names(found, cells[column_name], rows, column_name)
    for row in pd.Series(rows)[(codes == "").to_numpy()]:
        found.error("the row names no neighbourhood.",
                    "Fill in the neighbourhood, or delete the row.", row, code or name)
    first: dict[str, tuple[int, str]] = {}
    for row, key, label in zip(rows, codes, names, strict=True):
        seen = first.setdefault(key, (row, label))
        if key and seen[1] != label:
            found.error(f"neighbourhood {key!r} is called {seen[1]!r} on row {seen[0]}.",
                        "Give each neighbourhood code one name.", row, name, label)
    frame = pd.DataFrame({"lsoa21cd": ids, "neighbourhood_code": codes,
                          "neighbourhood_name": names})[NEIGHBOURHOOD_COLUMNS]
    found.note(f"{frame['neighbourhood_code'].nunique()} neighbourhoods made of {len(frame)} "
               "LSOAs.")
    return frame, None


def _boundaries(found: Findings, path: Path, requested: str | None,
                reference: Reference) -> tuple[gpd.GeoDataFrame | None, str | None]:
    layer = read_layer(path, found.label)
    for note in layer.notes:
        found.note(note)
    frame = layer.frame
    if frame.empty:
        found.error("the file has no features.", "Export the layer again with its areas.")
        return None, None
    cells = text_cells(frame.drop(columns=frame.geometry.name))
    rows = list(range(1, len(frame) + 1))
    column = find_id_column(found, cells, requested)
    ids = cells[column] if column else pd.Series([None] * len(frame))
    geometries = to_wgs84(found, check_geometries(found, frame, ids, column))
    if column:
        check_area_ids(found, ids, rows, column, reference, "boundaries")
    if geometries is None or column is None:
        return None, column
    return frame.set_geometry(geometries.rename(frame.geometry.name), crs=WGS84), column


def validate_file(path: str | Path, kind: str | None = None, *,
                  boundaries: gpd.GeoDataFrame | None = None, id_column: str | None = None,
                  lookup: pd.DataFrame | None = None, name: str | None = None) -> ValidatedFile:
    """Check a user's file and load it when nothing blocks it.

    Parameters
    ----------
    path : str or Path
        The file: GeoJSON, GeoPackage or zipped shapefile (boundaries); CSV or
        XLSX (indicators, points, lookup).
    kind : str, optional
        One of :data:`KINDS`; guessed by :func:`guess_kind` when None.
    boundaries : geopandas.GeoDataFrame, optional
        Reference areas (the 2021 LSOAs) to check codes and points against;
        nothing is checked against areas when None.
    id_column : str, optional
        The column identifying each area; by default, the column of ONS codes.
    lookup : pandas.DataFrame, optional
        The LSOA 2011 to 2021 lookup (:func:`data.userfiles.vintage.load_lsoa_lookup`),
        to recognise 2011 LSOA codes; not checked when None.
    name : str, optional
        The file name to report (default: the path's name).

    Returns
    -------
    ValidatedFile
        The report, and the frame when the report has no errors.
    """
    path = Path(path)
    label = name or path.name
    suffix = Path(label).suffix.lower()
    kind = kind or ("boundaries" if suffix in LAYER_SUFFIXES else None)
    report = ValidationReport(label, kind or "indicators")  # until the header says otherwise
    found = Findings(report, label, "feature" if kind == "boundaries" else "row")
    if kind is not None and kind not in KINDS:
        found.error(f"{kind!r} is not a kind of file the app reads.",
                    f"Use one of: {', '.join(KINDS)}.")
        return ValidatedFile(report, None)
    frame = column = None
    try:
        reference = _reference(boundaries, lookup)
        if kind == "boundaries":
            frame, column = _boundaries(found, path, id_column, reference)
        else:
            table = read_table(path, label)
            report.kind = kind = kind or _kind_of_table(table.cells.columns)
            found.label = table.label
            for note in table.notes:
                found.note(note)
            if table.encoding == "cp1252":
                found.warning("the file is not UTF-8; it was read as Windows-1252 text.",
                              "Check accented letters and symbols such as £; save it as "
                              "'CSV UTF-8' to be sure.")
            cells = check_header(found, table.cells)
            if cells is not None:
                table = Table(table.label, cells, table.rows, table.encoding, table.notes)
                if kind == "indicators":
                    frame, column = _indicators(found, table, id_column, reference)
                elif kind == "points":
                    frame, column = _points(found, table, reference)
                else:
                    frame, column = _lookup(found, table, id_column, reference)
    except UnreadableFile as error:
        found.error(str(error), error.fix)
    return ValidatedFile(report, frame if report.usable else None, column)


def validate_upload(data: bytes, filename: str, kind: str | None = None, *,
                    boundaries: gpd.GeoDataFrame | None = None, id_column: str | None = None,
                    lookup: pd.DataFrame | None = None) -> ValidatedFile:
    """Check an uploaded file given as bytes (as Streamlit gives it); see :func:`validate_file`.

    Parameters
    ----------
    data : bytes
        The file's contents.
    filename : str
        The name it was uploaded under; its suffix says its type.
    """
    name = PureWindowsPath(filename).name or "upload"  # a browser may send a Windows path
    with tempfile.TemporaryDirectory(prefix="tci-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return validate_file(path, kind, boundaries=boundaries, id_column=id_column,
                             lookup=lookup, name=name)
