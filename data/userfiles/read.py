"""Reading the files users bring: CSV and XLSX tables, GeoJSON, GeoPackage and zipped shapefiles.

Readers return every cell as text so that the checks in :mod:`data.userfiles.validate` can
name the row, column and value of each fault; anything that stops a file being
read at all raises :class:`~data.errors.UnreadableFile` with what to do.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.errors import UnreadableFile
from data.settings import UNPACKED_RATIO, limits, too_large
from data.userfiles.checks import ONS_CODE

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
class FileFeatures:
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
    check_size(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"the file cannot be opened ({error.strerror}).",
                             "Check that the file is readable and not locked by another "
                             "program.") from None
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise UnreadableFile("the file is empty.",
                             "Export the data again; the file has nothing in it.")
    return data


def _megabytes(size: float) -> str:
    return f"{size / 1e6:.1f} MB"


def check_size(path: Path) -> None:
    """Refuse a file larger than :attr:`data.settings.Limits.file_mb`, before reading it.

    Raises
    ------
    UnreadableFile
        If the file is too large, naming the setting that raises the limit.
    """
    size, limit = path.stat().st_size, limits().file_mb
    if size > limit * 1e6:
        raise UnreadableFile(*too_large("the file", _megabytes(size), f"{limit:g} MB",
                                        "file_mb"))


def check_unpacked(archive: zipfile.ZipFile, packed: int) -> None:
    """Refuse a zip (or an Excel workbook, which is one) that unpacks to far more than its
    size: a "zip bomb" would take the server's memory and time.

    Raises
    ------
    UnreadableFile
        If the members add up to more than :data:`data.settings.UNPACKED_RATIO` times the
        file's size limit.
    """
    unpacked = sum(member.file_size for member in archive.infolist())
    limit = limits().file_mb * UNPACKED_RATIO
    if unpacked > limit * 1e6:
        raise UnreadableFile(*too_large(
            "the file unpacked", f"{_megabytes(unpacked)} from {_megabytes(packed)}",
            f"{limit:g} MB unpacked", "file_mb"))


def check_shape(rows: int, columns: int) -> None:
    """Refuse a table with more rows, columns or cells than :func:`data.settings.limits`.

    Raises
    ------
    UnreadableFile
        Naming the limit passed and the setting that raises it.
    """
    limit = limits()
    for count, most, what, name in ((columns, limit.columns, "columns", "columns"),
                                    (rows, limit.rows, "rows", "rows"),
                                    (rows * columns, limit.cells, "cells", "cells")):
        if count > most:
            raise UnreadableFile(*too_large(f"the number of {what} of the table", f"{count:,}",
                                            f"{most:,}", name))


def _decode(data: bytes) -> tuple[str, str]:
    if b"\x00" in data:
        raise UnreadableFile(
            "the file is not plain text (it has NUL bytes, as UTF-16 text or a workbook has).",
            "Save it as 'CSV UTF-8 (comma delimited)', or upload a workbook as .xlsx.")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("the file is UTF-16 text.", "Save it as 'CSV UTF-8 (comma "
                             "delimited)'.")
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
    start = _header_row(grid)
    if start:
        notes += (f"The header is on row {start + 1}; the {start} row"
                  f"{'s' if start > 1 else ''} above it (titles or notes) were left out.",)
    header = list(grid.iloc[start])
    body = grid.iloc[start + 1:]
    body = body[(body != "").any(axis=1)]
    if body.empty:
        raise UnreadableFile("the table has a header row but no data rows.",
                             "Export the table again with its data.")
    rows = [int(position) + 1 for position in body.index]
    cells = pd.DataFrame(body.to_numpy(), columns=header)
    return Table(label, cells, rows, encoding, notes)


#: How far down a table its header is looked for, below titles and notes.
_HEADER_SEARCH = 10


def _header_row(grid: pd.DataFrame) -> int:
    """The position of the header: the first row, unless it fills under half the table's
    width and a row below it (within the first :data:`_HEADER_SEARCH`) fills all of it."""
    filled = (grid.head(_HEADER_SEARCH) != "").sum(axis=1).to_numpy()
    width = grid.shape[1]
    if width < 2 or filled[0] * 2 >= width:
        return 0
    full = [n for n, count in enumerate(filled) if count == width]
    return full[0] if full else 0


def read_csv(data: bytes, name: str) -> Table:
    """Read a CSV file's bytes as text cells.

    Raises
    ------
    UnreadableFile
        If the bytes are not text, or not a well-formed CSV table.
    """
    text, encoding = _decode(data)
    delimiter = _delimiter(text)
    header = next(csv.reader([_first_line(text)], delimiter=delimiter), [])
    check_shape(text.count("\n"), len(header))
    try:
        grid = pd.read_csv(io.StringIO(text), header=None, dtype=str, keep_default_na=False,
                           skip_blank_lines=False, sep=delimiter)
    except pd.errors.EmptyDataError:
        raise UnreadableFile("the file is empty.",
                             "Export the data again; the file has nothing in it.") from None
    except pd.errors.ParserError as error:
        raise UnreadableFile(
            f"the file cannot be read as CSV: {_parser_fault(str(error), delimiter)}",
            "Check that every row has as many cells as the header and that every quote is "
            "closed.") from None
    notes = (() if delimiter == "," else
             (f"Cells read as separated by {_DELIMITER_NAMES[delimiter]}, not commas.",))
    return _table(name, grid.reset_index(drop=True), encoding, notes)


#: The separators of cells a CSV file may use, as people call them.
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def _delimiter(text: str) -> str:
    """The separator of a CSV's cells: commas unless its header has none and another
    separator (semicolons, as Excel writes in much of Europe, tabs or bars) splits it."""
    header = _first_line(text)
    if "," in header:
        return ","
    counts = {d: header.count(d) for d in _DELIMITER_NAMES if d != ","}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _parser_fault(error: str, delimiter: str) -> str:
    """pandas' "Expected 1 fields in line 2, saw 2" in words that name the cause."""
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", error)
    if found:
        expected, line, saw = found.groups()
        return (f"line {line} has {saw} cells where the lines above have {expected} (cells are "
                f"separated by {_DELIMITER_NAMES[delimiter]}).")
    return f"{error.strip()}."


def read_xlsx(data: bytes, name: str) -> Table:
    """Read the sheet of an Excel workbook's bytes that holds the data, as text cells.

    The sheet read is the first non-empty one whose cells include ONS area codes, or the
    first non-empty one when none does; a note names it when the workbook has others.

    Raises
    ------
    UnreadableFile
        If the bytes are not an .xlsx workbook (a password-protected workbook or an old
        .xls file is named as such), it unpacks to too much, it is larger than the
        limits, its formulas have no saved results, or every sheet is empty.
    """
    if data.startswith(_OLE):
        raise UnreadableFile(
            "the file is password-protected, or an old-style .xls workbook.",
            "Open it in Excel, remove the password (File, Info, Protect Workbook) and save it "
            "as 'Excel Workbook (.xlsx)', or save it as CSV.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_unpacked(archive, len(data))
            for sheet_rows, sheet_columns in _dimensions(archive):
                check_shape(sheet_rows, sheet_columns)
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=str,
                               engine="openpyxl")
    except UnreadableFile:
        raise
    except Exception as error:  # openpyxl and zipfile raise many unrelated types
        raise UnreadableFile(f"the file cannot be read as an Excel workbook ({error}).",
                             "Open it in Excel and save it as 'Excel Workbook (.xlsx)', or "
                             "as CSV.") from None
    filled = {sheet: grid for sheet, grid in sheets.items() if grid.notna().any().any()}
    if not filled:
        raise UnreadableFile("the file is empty.",
                             "Export the data again; the file has nothing in it.")
    for grid in filled.values():
        check_shape(*grid.shape)
    with_codes = [sheet for sheet, grid in filled.items() if _holds_codes(grid)]
    sheet = with_codes[0] if with_codes else next(iter(filled))
    grid = filled[sheet]
    _check_formulas(data, sheet, grid)
    notes = ()
    if len(sheets) > 1:
        others = ", ".join(repr(s) for s in sheets if s != sheet)
        notes = (f"Read sheet {sheet!r}; the workbook's other sheets ({others}) were not read.",)
    return _table(f"{name}, sheet {sheet!r}", grid.reset_index(drop=True), None, notes)


#: How an OLE compound file starts: an encrypted (password-protected) workbook, or .xls.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:([A-Z]+)(\d+)"')


def _dimensions(archive: zipfile.ZipFile) -> list[tuple[int, int]]:
    """Each worksheet's rows and columns as its own header says (when it says)."""
    from openpyxl.utils import column_index_from_string  # openpyxl loads with workbooks

    found = []
    for member in archive.namelist():
        if member.startswith("xl/worksheets/") and member.endswith(".xml"):
            with archive.open(member) as sheet:
                head = sheet.read(2048)
            match = _DIMENSION.search(head)
            if match:
                letters, rows = match.groups()
                found.append((int(rows), column_index_from_string(letters.decode())))
    return found


def _holds_codes(grid: pd.DataFrame) -> bool:
    text = grid.head(50).fillna("").astype(str)
    return bool(text.apply(lambda c: c.str.strip().str.fullmatch(ONS_CODE)).any().any())


def _check_formulas(data: bytes, sheet: str, grid: pd.DataFrame) -> None:
    """Refuse a sheet whose formulas were saved without their results (as some programs
    other than Excel write them): they would be read as blank cells."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    blank = grid.isna().to_numpy()
    if not blank.any() or not _has_formulas(data):
        return
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        for r, row in enumerate(book[sheet].iter_rows(values_only=True)):
            for c, value in enumerate(row):
                if (isinstance(value, str) and value.startswith("=") and r < blank.shape[0]
                        and c < blank.shape[1] and blank[r, c]):
                    cell = f"{get_column_letter(c + 1)}{r + 1}"
                    raise UnreadableFile(
                        f"cell {cell} of sheet {sheet!r} holds a formula ({value[:40]}) whose "
                        "result was not saved with the file, so it would be read as blank.",
                        "Open the file in Excel (which works out the formulas) and save it "
                        "again, or copy the cells and paste them as values.")
    finally:
        book.close()


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of a workbook holds a formula (a quick look at its XML)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                with archive.open(member) as sheet:
                    tail = b""
                    while chunk := sheet.read(1 << 20):
                        seen, tail = tail + chunk, chunk[-4:]  # a tag across two reads
                        if b"<f>" in seen or b"<f " in seen or b"<x:f" in seen:
                            return True
    return False


def read_table(path: Path, name: str) -> Table:
    """Read a CSV or XLSX file (chosen by the suffix of ``name``).

    Raises
    ------
    UnreadableFile
        If the file is absent, empty, of another type, or cannot be read.
    """
    table_suffix(name)
    return table_of(read_bytes(path), name)


def table_suffix(name: str) -> str:
    """The suffix of a table's file name, checked. Raises UnreadableFile for another type."""
    suffix = Path(name).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise _wrong_type(suffix, "a table", TABLE_SUFFIXES)
    return suffix


def table_of(data: bytes, name: str) -> Table:
    """Read a CSV or XLSX file's bytes (chosen by the suffix of ``name``), such as an upload.

    Raises
    ------
    UnreadableFile
        If the file is of another type, or cannot be read.
    """
    limit = limits().file_mb
    if len(data) > limit * 1e6:
        raise UnreadableFile(*too_large("the file", _megabytes(len(data)), f"{limit:g} MB",
                                        "file_mb"))
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise UnreadableFile("the file is empty.",
                             "Export the data again; the file has nothing in it.")
    return read_xlsx(data, name) if table_suffix(name) == ".xlsx" else read_csv(data, name)


def _wrong_type(suffix: str, what: str, suffixes: tuple[str, ...]) -> UnreadableFile:
    return UnreadableFile(
        f"{suffix or 'a file without a suffix'!s} is not a type of file the app reads as "
        f"{what} ({', '.join(suffixes)}).",
        _TABLE_FIX if what == "a table" else _LAYER_FIX)


def _zip_member(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            check_unpacked(archive, path.stat().st_size)
    except zipfile.BadZipFile:
        raise UnreadableFile("the file is not a zip archive.", _LAYER_FIX) from None
    unsafe = [n for n in names if n.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", n)]
    if unsafe:
        raise UnreadableFile(
            f"the zip holds a file whose name leads outside the zip ({unsafe[0]!r}).",
            "Zip the shapefile's files again, from the folder that holds them.")
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


def read_layer(path: Path, name: str) -> FileFeatures:
    """Read the first layer with features of a GeoJSON file, a GeoPackage or a zipped
    shapefile.

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
        filled = [layer for layer in layers
                  if pyogrio.read_info(source, layer=layer)["features"] != 0]
        chosen = (filled or layers or [None])[0]
        if len(layers) > 1:
            notes = (f"Read layer {chosen!r}; the file's other layers "
                     f"({', '.join(repr(x) for x in layers if x != chosen)}) were not read"
                     + (" (they are empty)." if len(filled) <= 1 else "."),)
        frame = gpd.read_file(source, layer=chosen)
    except Exception as error:  # pyogrio raises several unrelated types
        message = str(error).replace(source, name).replace(str(path), name)
        raise UnreadableFile(f"the file cannot be read as boundaries ({message}).",
                             _LAYER_FIX) from None
    return FileFeatures(frame, notes)
