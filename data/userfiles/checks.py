"""Checks shared by every kind of user file: header, id column, codes and numbers.

Each check records what it finds in a :class:`Findings` (errors, warnings and
notes with the place in the file) rather than stopping at the first fault.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from data.opendata.sources import LOOKUP_2011_2021, LSOA21_BOUNDARIES
from data.userfiles.problems import ERROR, WARNING, Problem, ValidationReport
from data.userfiles.vintage import RULE

#: An ONS (GSS) code of an English area: E0 and seven digits (E01 LSOA, E05 ward, ...).
ONS_CODE = re.compile(r"E0[0-9]{7}")
#: Cells read as missing values rather than as text.
MISSING = frozenset({"", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "#N/A", "None"})
#: How many rows a problem is listed for before the rest are counted.
LISTED = 10
#: How many kinds of problem a report lists before the rest are counted together.
KINDS_LISTED = 100

NUMBER_FIX = ("Enter a plain number (no thousands separators, units or symbols such as * or %), "
              "or leave the cell blank if the value is missing.")
VINTAGE_FIX = {
    "indicators": "These codes are 2011 LSOAs; convert the table to 2021 LSOAs with "
    "'python -m data to-lsoa21 FILE -o OUT.csv --counts COLUMN ...' (in Python, "
    f"data.userfiles.vintage.lsoa11_to_lsoa21), which uses the ONS lookup {LOOKUP_2011_2021}: "
    f"{RULE}.",
    "boundaries": "These are 2011 LSOA boundaries; use the 2021 LSOA boundaries "
    f"({LSOA21_BOUNDARIES} in the data folder) instead.",
    "lookup": "These codes are 2011 LSOAs; list the 2021 LSOAs instead (the ONS lookup "
    f"{LOOKUP_2011_2021} gives the 2021 LSOAs each 2011 LSOA became).",
}


@dataclass
class Findings:
    """The problems and notes found in one file, recorded as they are found."""

    report: ValidationReport
    label: str
    unit: str = "row"
    #: Per kind of problem (severity, column, message): how many were found, and where its
    #: summary is in the report once more than :data:`LISTED` were.
    _seen: dict[tuple, int] = field(default_factory=dict, repr=False)
    _summaries: dict[tuple, int] = field(default_factory=dict, repr=False)

    def error(self, message: str, fix: str, row: int | None = None,
              column: str | None = None, value: object = None) -> None:
        """Record a problem that stops the file being loaded."""
        self._add(ERROR, message, fix, row, column, value)

    def warning(self, message: str, fix: str, row: int | None = None,
                column: str | None = None, value: object = None) -> None:
        """Record something that was dealt with and that the user should know about."""
        self._add(WARNING, message, fix, row, column, value)

    def note(self, text: str) -> None:
        """Record how the file was read."""
        self.report.notes.append(text)

    def _add(self, severity, message, fix, row, column, value) -> None:
        """Record a problem; of each kind, the first :data:`LISTED` and then a count of the
        rest, so that a file with a million faults gives a short report, not a huge one."""
        kind = (severity, column, message)
        if kind not in self._seen and len(self._seen) >= KINDS_LISTED:
            kind = (severity, None, "other problems")
            message = f"there are other problems of this file (the first {KINDS_LISTED} " \
                "kinds are listed)"
            fix, column, row, value = "Fix those listed, then check the file again.", None, \
                None, None
            self._seen.setdefault(kind, LISTED)
        seen = self._seen[kind] = self._seen.get(kind, 0) + 1
        if seen <= LISTED:
            self.report.problems.append(Problem(
                self.label, None if row is None else int(row), column,
                None if value is None else str(value), message, fix, severity))
            return
        summary = Problem(self.label, None, column, None,
                          f"{message} ({seen - LISTED:,} more {self.unit}s like this after the "
                          f"{LISTED} listed)", fix, severity)
        if kind in self._summaries:
            self.report.problems[self._summaries[kind]] = summary
        else:
            self._summaries[kind] = len(self.report.problems)
            self.report.problems.append(summary)


@dataclass(frozen=True)
class Reference:
    """What codes are checked against: the reference areas and the 2011 LSOAs that retired.

    Attributes
    ----------
    areas : geopandas.GeoDataFrame or None
        The reference boundaries (WGS84), or None to check nothing.
    column : str or None
        Their code column.
    retired : dict
        2011 LSOA codes that are not 2021 codes, each with the 2021 LSOAs it became.
    """

    areas: gpd.GeoDataFrame | None = None
    column: str | None = None
    retired: dict[str, list[str]] = field(default_factory=dict)

    @property
    def codes(self) -> set[str]:
        """The reference area codes."""
        return set() if self.areas is None else set(self.areas[self.column].astype(str))


def text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell of a frame as stripped text, blank for missing."""
    return frame.astype(object).where(frame.notna(), "").astype(str).apply(
        lambda column: column.str.strip())


def check_header(found: Findings, cells: pd.DataFrame) -> pd.DataFrame | None:
    """Drop unnamed columns (warning when they hold data); None when a name repeats."""
    keep = []
    for position, name in enumerate(cells.columns):
        column = cells.iloc[:, position]
        if name == "" and (column != "").any():
            found.warning("the column has no name in the header row, so it was left out.",
                          "Give the column a name in the header row if it holds data.",
                          row=1, column=f"column {position + 1}")
        keep.append(name != "")
    cells = cells.loc[:, keep]
    names = pd.Series(cells.columns)
    for name in names[names.duplicated()].unique():
        positions = [str(i + 1) for i, n in enumerate(cells.columns) if n == name]
        found.error(f"the header names this column {len(positions)} times (columns "
                    f"{', '.join(positions)}).", "Give each column a different name.",
                    row=1, column=name)
    return None if names.duplicated().any() else cells


def _columns_seen(cells: pd.DataFrame) -> str:
    return ", ".join(map(repr, cells.columns)) or "none"


def looks_like_codes(values: pd.Series) -> float:
    """The share of non-blank values that are ONS area codes (0 when all are blank)."""
    present = values[values != ""]
    return float(present.str.upper().str.fullmatch(ONS_CODE).mean()) if len(present) else 0.0


def code_column(cells: pd.DataFrame) -> str | None:
    """The column of ONS area codes: of several, the one with the most LSOA (E01) codes,
    then the most distinct values; None when no column holds codes."""
    candidates = [c for c in cells.columns if looks_like_codes(cells[c]) >= 0.8]
    if not candidates:
        return None
    return max(candidates, key=lambda c: (cells[c].str.startswith("E01").mean(),
                                          cells[c].nunique()))


def find_id_column(found: Findings, cells: pd.DataFrame, requested: str | None) -> str | None:
    """The column that identifies each row: ``requested``, or :func:`code_column`.

    Records an error and returns None when there is no such column.
    """
    if requested is not None:
        if requested not in cells.columns:
            found.error(f"there is no column {requested!r}; the columns are: "
                        f"{_columns_seen(cells)}.",
                        "Name one of these columns as the column of area codes (--id on "
                        "the command line).",
                        column=requested)
            return None
        return requested
    chosen = code_column(cells)
    if chosen is None:
        found.error("no column holds area codes (ONS codes such as E01005061); the columns "
                    f"are: {_columns_seen(cells)}.",
                    "Name the column that identifies each area with --id COLUMN (id_column= "
                    "in Python).")
        return None
    found.note(f"Id column: {chosen!r} (its values look like ONS area codes).")
    return chosen


#: Characters a code or a name of an area may not hold: they could make a path (file names
#: are made from codes) or markup of it.
_FORBIDDEN = set("/\\<>")
#: The longest code or name of an area, in characters.
NAME_LENGTH = 100
#: What to do about a code or a name that :func:`odd_characters` refuses.
ODD_FIX = ("Use letters, digits, spaces and ordinary punctuation only; retype the cell if "
           "the character cannot be seen.")


def odd_characters(value: str) -> str | None:
    """Say what in a code or a name could not be seen or could do harm; None when nothing.

    Invisible and direction-changing characters (zero-width spaces, right-to-left
    overrides), control characters, ``/``, ``\\``, ``<`` and ``>``, and names made only
    of dots, are named with their Unicode code point.
    """
    for char in value:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Zl", "Zp"):
            name = unicodedata.name(char, "control character").lower()
            return f"it holds an invisible character ({name}, U+{ord(char):04X})"
        if char in _FORBIDDEN:
            return f"it holds {char!r}, which cannot be part of a code or a name"
    if value.strip(".") == "" and value:
        return "it is made only of dots"
    return None


def _not_ons_because(value: str) -> str:
    """Why an id in a column of ONS codes is not one, as precisely as can be said."""
    odd = odd_characters(value)
    if odd:
        return odd
    if ONS_CODE.fullmatch(value.upper()):
        return f"it is in lower case; ONS codes are in capitals ({value.upper()})"
    for char in value:
        if not char.isascii():
            return (f"it holds {char!r} ({unicodedata.name(char, 'a character').title()}, "
                    f"U+{ord(char):04X}), which looks like a letter or digit of a code but "
                    "is not one")
    return "it is not E0 followed by seven digits"


def check_names(found: Findings, values: pd.Series, rows: list[int], column: str) -> None:
    """Record each code or name of an area that is too long or holds odd characters."""
    for row, value in zip(rows, values, strict=True):
        odd = odd_characters(value)
        if odd:
            found.error(f"{odd}.", ODD_FIX, row, column, value)
        elif len(value) > NAME_LENGTH:
            found.error(f"it is {len(value)} characters long; at most {NAME_LENGTH} are "
                        "kept.", "Shorten it.", row, column, value[:NAME_LENGTH] + "…")


def check_ids(found: Findings, ids: pd.Series, rows: list[int], column: str) -> bool:
    """Record blank, malformed (when the column holds ONS codes) and repeated ids.

    Returns True when the ids are ONS codes.
    """
    ons = looks_like_codes(ids) >= 0.8
    first: dict[str, int] = {}
    for row, value in zip(rows, ids, strict=True):
        if value == "":
            found.error("the id is blank.", "Fill in the area's code, or delete the row.",
                        row, column)
        elif ons and not ONS_CODE.fullmatch(value):
            found.error(f"the id is not an ONS area code: {_not_ons_because(value)}.",
                        "Correct the code.", row, column, value)
        elif not ons and (odd := odd_characters(value)):
            found.error(f"the id cannot be used: {odd}.", ODD_FIX, row, column, value)
        elif value in first:
            found.error(f"the id appears more than once (first in {found.unit} "
                        f"{first[value]}).",
                        "Keep one row per area: delete or merge the repeated rows.",
                        row, column, value)
        else:
            first[value] = row
    return ons


def check_area_ids(found: Findings, ids: pd.Series, rows: list[int], column: str,
                   reference: Reference, kind: str) -> None:
    """Check the ids (:func:`check_ids`) and, when they are ONS codes, the codes
    (:func:`check_codes`)."""
    if check_ids(found, ids, rows, column):
        check_codes(found, ids, rows, column, reference, kind)
    else:
        found.note(f"The ids in {column!r} are not ONS area codes, so they were not checked "
                   "against boundaries.")


def check_codes(found: Findings, ids: pd.Series, rows: list[int], column: str,
                reference: Reference, kind: str) -> None:
    """Say which codes are areas of the reference, which are 2011 LSOAs, and which neither."""
    if reference.areas is None:
        found.note("The codes were not checked against boundaries (none were given).")
        return
    known = reference.codes
    types = {code[:3] for code in known}
    present = ids[ids.str.fullmatch(ONS_CODE).fillna(False)]
    if not set(present.str[:3]) & types:
        found.note(f"The codes in {column!r} are not of the reference boundaries' kind "
                   f"({', '.join(sorted(types))}), so they were not checked against them.")
        return
    matched = present.isin(known)
    retired = present.isin(reference.retired.keys()) & ~matched
    where = dict(zip(ids.index, rows, strict=True))
    for index, code in present[retired].items():
        found.error(f"{code} is a 2011 LSOA code, not a 2021 one; in 2021 it became "
                    f"{', '.join(reference.retired[code])}.", VINTAGE_FIX[kind],
                    where[index], column, code)
    unknown = present[~matched & ~retired]
    if not matched.any():
        found.error(f"none of the codes in {column!r} is an area of the reference boundaries.",
                    "Check that the file is for 2021 LSOAs of the areas in the data, or name "
                    "the right column of area codes (--id on the command line).",
                    column=column)
        return
    fix = ("Correct the code if it is mistyped; if the area is outside the boundaries, there "
           "is nothing to do: the row is not matched to any area.")
    if len(unknown) <= LISTED:
        for index, code in unknown.items():
            found.warning("the code is not an area of the reference boundaries.", fix,
                          where[index], column, code)
    else:
        found.warning(f"{len(unknown)} codes are not areas of the reference boundaries (for "
                      f"example {', '.join(unknown.iloc[:5])}).", fix, column=column)
    found.note(f"{int(matched.sum())} of {len(ids)} codes are areas of the reference "
               f"boundaries; {len(known - set(present))} reference areas have no "
               f"{found.unit}.")


def numbers(found: Findings, cells: pd.DataFrame, rows: list[int], column: str) -> pd.Series:
    """A column as numbers (NaN when missing), recording each cell that is not a number."""
    text = cells[column]
    values = pd.to_numeric(text.where(~text.isin(MISSING)), errors="coerce").astype(float)
    bad = ~text.isin(MISSING) & ~np.isfinite(values)
    for row, value in zip(np.asarray(rows)[bad.to_numpy()], text[bad], strict=True):
        found.error("the value is not a number.", NUMBER_FIX, row, column, value)
    return values.where(~bad)


def is_numeric(values: pd.Series) -> bool:
    """True when at least half of a text column's non-missing cells are numbers."""
    present = values[~values.isin(MISSING)]
    return pd.to_numeric(present, errors="coerce").notna().mean() >= 0.5 if len(present) \
        else True
