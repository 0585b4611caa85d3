"""Reading the files users bring: CSV and XLSX tables, GeoJSON, GeoPackage and zipped shapefiles.

Readers return every cell as text so that the checks in :mod:`data.validate` can
name the row, column and value of each fault; anything that stops a file being
read at all raises :class:`~data.errors.UnreadableFile` with what to do.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.errors import UnreadableFile

TABLE_SUFFIXES = (".csv", ".xlsx")
LAYER_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")

_TABLE_FIX = "Save the table as CSV (UTF-8) or as an Excel workbook (.xlsx)."
_LAYER_FIX = "Save the boundaries as GeoJSON, as a GeoPackage, or as a shapefile zipped with " \
    "its .shp, .shx, .dbf and .prj files."


@dataclass(frozen=True)
class Table:
    """A table as the user wrote it.

    Attributes
    ----------
    label : str
        The file name, with the sheet for a workbook: how problems name the file.
    cells : pandas.DataFrame
        Every cell as stripped text (``""`` when blank), under the header's
        names; rows that are entirely blank are left out.
    rows : list of int
        For each row of ``cells``, its row number as the user sees it (the
        header is row 1).
    encoding : str or None
        ``"utf-8"`` or ``"cp1252"`` for a CSV file, None for a workbook.
    notes : tuple of str
        How the file was read, when that needs saying.
    """

    label: str
    cells: pd.DataFrame
    rows: list[int]
    encoding: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layer:
    """A layer of map features as read, in the coordinate system the file gives (if any)."""

    frame: gpd.GeoDataFrame
    notes: tuple[str, ...] = ()


def read_bytes(path: Path) -> bytes:
    """Return a file's contents.

    Raises
    ------
    UnreadableFile
        If there is no file at the path, it cannot be opened, or it is empty.
    """
    if not path.is_file():
        raise UnreadableFile("there is no file at this path.",
                             "Check the folder and the file name.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"the file cannot be opened ({error.strerror}).",
                             "Check that the file is readable and not locked by another "
                             "program.") from None
    if not data.strip():
        raise UnreadableFile("the file is empty.",
                             "Export the data again; the file has nothing in it.")
    return data


def _decode(data: bytes) -> tuple[str, str]:
    if b"\x00" in data:
        raise UnreadableFile(
            "the file is not plain text (it has NUL bytes, as UTF-16 text or a workbook has).",
            "Save it as 'CSV UTF-8 (comma delimited)', or upload a workbook as .xlsx.")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"the text is neither UTF-8 nor Windows-1252 (byte 0x{data[error.start]:02x} at "
            f"position {error.start}).",
            "Save it as 'CSV UTF-8 (comma delimited)'.") from None


def _table(label: str, grid: pd.DataFrame, encoding: str | None,
           notes: tuple[str, ...] = ()) -> Table:
    grid = grid.fillna("").astype(str).apply(lambda column: column.str.strip())
    header = list(grid.iloc[0])
    body = grid.iloc[1:]
    body = body[(body != "").any(axis=1)]
    if body.empty:
        raise UnreadableFile("the table has a header row but no data rows.",
                             "Export the table again with its data.")
    rows = [int(position) + 1 for position in body.index]
    cells = pd.DataFrame(body.to_numpy(), columns=header)
    return Table(label, cells, rows, encoding, notes)


def read_csv(data: bytes, name: str) -> Table:
    """Read a CSV file's bytes as text cells.

    Raises
    ------
    UnreadableFile
        If the bytes are not text, or not a well-formed CSV table.
    """
    text, encoding = _decode(data)
    try:
        grid = pd.read_csv(io.StringIO(text), header=None, dtype=str, keep_default_na=False,
                           skip_blank_lines=False)
    except pd.errors.ParserError as error:
        raise UnreadableFile(f"the file cannot be read as CSV ({str(error).strip()}).",
                             "Check that every row has as many cells as the header and that "
                             "every quote is closed.") from None
    return _table(name, grid.reset_index(drop=True), encoding)


def read_xlsx(data: bytes, name: str) -> Table:
    """Read the first non-empty sheet of an Excel workbook's bytes as text cells.

    Raises
    ------
    UnreadableFile
        If the bytes are not an .xlsx workbook, or every sheet is empty.
    """
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=str,
                               engine="openpyxl")
    except Exception as error:  # openpyxl and zipfile raise many unrelated types
        raise UnreadableFile(f"the file cannot be read as an Excel workbook ({error}).",
                             "Open it in Excel and save it as 'Excel Workbook (.xlsx)', or "
                             "as CSV.") from None
    filled = {sheet: grid for sheet, grid in sheets.items() if grid.notna().any().any()}
    if not filled:
        raise UnreadableFile("the file is empty.",
                             "Export the data again; the file has nothing in it.")
    sheet, grid = next(iter(filled.items()))
    notes = ()
    if len(sheets) > 1:
        others = ", ".join(repr(s) for s in sheets if s != sheet)
        notes = (f"Read sheet {sheet!r}; the workbook's other sheets ({others}) were not read.",)
    return _table(f"{name}, sheet {sheet!r}", grid.reset_index(drop=True), None, notes)


def read_table(path: Path, name: str) -> Table:
    """Read a CSV or XLSX file (chosen by the suffix of ``name``).

    Raises
    ------
    UnreadableFile
        If the file is absent, empty, of another type, or cannot be read.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise _wrong_type(suffix, "a table", TABLE_SUFFIXES)
    data = read_bytes(path)
    return read_xlsx(data, name) if suffix == ".xlsx" else read_csv(data, name)


def _wrong_type(suffix: str, what: str, suffixes: tuple[str, ...]) -> UnreadableFile:
    return UnreadableFile(
        f"{suffix or 'a file without a suffix'!s} is not a type of file the app reads as "
        f"{what} ({', '.join(suffixes)}).",
        _TABLE_FIX if what == "a table" else _LAYER_FIX)


def _zip_member(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        raise UnreadableFile("the file is not a zip archive.", _LAYER_FIX) from None
    shapefiles = [n for n in names if n.lower().endswith(".shp") and "__MACOSX" not in n]
    if not shapefiles:
        raise UnreadableFile(
            f"the zip holds no shapefile (.shp); it holds: {', '.join(names) or 'nothing'}.",
            _LAYER_FIX)
    if len(shapefiles) > 1:
        raise UnreadableFile(
            f"the zip holds {len(shapefiles)} shapefiles ({', '.join(shapefiles)}).",
            "Zip one shapefile per file.")
    return shapefiles[0]


def read_layer(path: Path, name: str) -> Layer:
    """Read the first layer of a GeoJSON file, a GeoPackage or a zipped shapefile.

    Raises
    ------
    UnreadableFile
        If the file is absent, empty, of another type, or cannot be read.
    """
    import pyogrio

    suffix = Path(name).suffix.lower()
    if suffix not in LAYER_SUFFIXES:
        raise _wrong_type(suffix, "boundaries", LAYER_SUFFIXES)
    read_bytes(path)
    source = f"/vsizip/{path}/{_zip_member(path)}" if suffix == ".zip" else str(path)
    notes: tuple[str, ...] = ()
    try:
        layers = [str(layer) for layer in pyogrio.list_layers(source)[:, 0]]
        if len(layers) > 1:
            notes = (f"Read layer {layers[0]!r}; the file's other layers "
                     f"({', '.join(map(repr, layers[1:]))}) were not read.",)
        frame = gpd.read_file(source, layer=layers[0] if layers else None)
    except Exception as error:  # pyogrio raises several unrelated types
        raise UnreadableFile(f"the file cannot be read as boundaries ({error}).",
                             _LAYER_FIX) from None
    return Layer(frame, notes)
