"""Read the command line's indicator tables (CSV) into one table by area id, and make the
text of tables written for spreadsheets safe to open.

This is the engine's only contact with files besides the YAML spec; it is here
so that ``python -m indices`` works on its own. Problems are reported with the
file, row and column, and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from indices.errors import DataError, TableError

#: Line of the first data row in a CSV with a header line.
_FIRST_ROW = 2

#: Text a spreadsheet would take for a formula: it starts with one of ``= + - @``, a tab or
#: a carriage return, after any single quotes already put in front.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def neutralise(value: object) -> object:
    """A cell's value made safe for a spreadsheet, as OWASP advises against CSV injection.

    Text that a spreadsheet would take for a formula (``=HYPERLINK(...)``, ``+1``,
    ``@SUM(...)``) gets a single quote in front, which spreadsheets show as text; plain
    numbers such as ``-2.5`` and every other value are left as they are. :func:`restore`
    undoes it exactly, so an export imported again gives back what was exported.
    """
    if isinstance(value, str) and _FORMULA.match(value) and not _is_number(value):
        return "'" + value
    return value


def restore(value: object) -> object:
    """The value :func:`neutralise` was given (for imports of the app's own exports)."""
    if isinstance(value, str) and value.startswith("'") and _FORMULA.match(value):
        return value[1:]
    return value


def for_spreadsheets(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table with every text cell, index label and column name neutralised.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table to be written as CSV or Excel.

    Returns
    -------
    pandas.DataFrame
        The same numbers; text as :func:`neutralise` makes it.
    """
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = safe.columns.map(neutralise)
    if not pd.api.types.is_numeric_dtype(safe.index):
        safe.index = safe.index.map(neutralise).rename(frame.index.name)
    return safe


def read_csv_table(path: str | Path, id_column: str) -> pd.DataFrame:
    """Read one CSV table, as text, indexed by its id column.

    Parameters
    ----------
    path : str or Path
        The CSV file.
    id_column : str
        The column holding area ids; every id must be present and unique.

    Returns
    -------
    pandas.DataFrame
        All columns as text (empty cells missing), indexed by id. Its
        ``attrs["rows"]`` maps each id to its line in the file.

    Raises
    ------
    TableError
        If the file is missing, unreadable, lacks the id column, or has
        empty or repeated ids.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except FileNotFoundError:
        raise TableError(f"{path}: no such file. Check the path.") from None
    except pd.errors.EmptyDataError:
        raise TableError(f"{path}: the file is empty. Give a CSV with a header row.") from None
    except (pd.errors.ParserError, UnicodeDecodeError, OSError) as error:
        reason = str(error).strip().splitlines()[0]
        raise TableError(
            f"{path}: cannot be read as CSV ({reason}). Save it as comma-separated UTF-8 text."
        ) from None
    if id_column not in frame.columns:
        raise TableError(
            f"{path}: there is no id column {id_column!r}. The columns are: "
            f"{', '.join(frame.columns)}. Give the right column with --id."
        )
    ids = frame[id_column].str.strip()
    if ids.isna().any():
        row = int(ids.isna().to_numpy().argmax()) + _FIRST_ROW
        raise TableError(f"{path}, row {row}, column {id_column!r}: the id is empty. Fill it in "
                         "or delete the row.")
    repeated = ids[ids.duplicated(keep=False)]
    if not repeated.empty:
        first = repeated.iloc[0]
        rows = [str(n + _FIRST_ROW) for n in ids.index[ids == first]]
        raise TableError(
            f"{path}, column {id_column!r}: id {first!r} appears on rows {' and '.join(rows)}. "
            "Each area must appear once: remove or merge the repeated rows."
        )
    frame = frame.set_axis(ids.to_numpy(), axis=0).drop(columns=id_column)
    frame.index.name = id_column
    frame.attrs["rows"] = {area: n + _FIRST_ROW for n, area in enumerate(frame.index)}
    return frame


def _as_numbers(frame: pd.DataFrame, column: str, path: Path) -> pd.Series:
    text = frame[column].str.strip()
    numbers = pd.to_numeric(text, errors="coerce")
    bad = (numbers.isna() | numbers.isin([float("inf"), float("-inf")])) & text.notna()
    if bad.any():
        area = bad.idxmax()
        raise DataError(
            f"{path}, row {frame.attrs['rows'][area]}, column {column!r}: {text[area]!r} is not "
            "a (finite) number. Correct it, or leave the cell empty to mark it missing."
        )
    return numbers.astype(float)


def read_tables(
    paths: Sequence[str | Path], id_column: str, columns: Sequence[str],
    text_columns: Sequence[str] = (),
) -> pd.DataFrame:
    """Read the named numeric (and text) columns from several CSV tables into one table.

    Areas are matched by id across the files; an area missing from a file
    has missing values for that file's columns.

    Parameters
    ----------
    paths : sequence of str or Path
        The CSV files.
    id_column : str
        The id column every file must have.
    columns : sequence of str
        The numeric columns wanted (each must be in exactly one file).
    text_columns : sequence of str
        Columns wanted as text, such as a group code (each in exactly one file).

    Returns
    -------
    pandas.DataFrame
        Indexed by id, one float column per numeric column, then the text columns.

    Raises
    ------
    TableError, DataError
        Naming the file, row, column and value at fault.
    """
    tables = [(Path(p), read_csv_table(p, id_column)) for p in paths]
    found: dict[str, Path] = {}
    parts = []
    wanted = list(columns) + [c for c in text_columns if c not in columns]
    for path, frame in tables:
        for column in wanted:
            if column in frame.columns:
                if column in found:
                    raise DataError(
                        f"column {column!r} is in both {found[column]} and {path}; keep it in one "
                        "file so that it is clear which values to use."
                    )
                found[column] = path
                parts.append(frame[column].rename(column) if column not in columns
                             else _as_numbers(frame, column, path).rename(column))
    absent = [c for c in wanted if c not in found]
    if absent:
        files = ", ".join(str(p) for p, _ in tables)
        raise DataError(
            f"no column {', '.join(map(repr, absent))} in the data ({files}). Add a --data file "
            "that has it, or correct the indicator's 'column' in the spec."
        )
    table = pd.concat(parts, axis=1, join="outer")
    table.index.name = id_column
    return table
