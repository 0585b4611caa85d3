"""Conversation records in bulk: a spreadsheet from a door-knock or a listening campaign,
checked whole and placed on the map, then stored as notes.

Each row says what was said, when, who recorded it, its source, and where: a 2021 LSOA
code, coordinates (longitude and latitude, or easting and northing, placed in the LSOA
they fall in), a postcode (placed in its LSOA by the ONS postcode lookup, see
:mod:`data.areas.postcodes`; the postcode itself is not kept), or a ward (code or name).
Every fault is reported with its row, column and value; nothing is stored from a file
with any (see
:meth:`data.store.notes.NoteStore.import_conversations`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import geopandas as gpd
import pandas as pd

from data.areas.postcodes import Postcodes
from data.errors import RecordProblem
from data.store.models import NOTE_SOURCES
from data.userfiles.coordinates import BRITISH_NATIONAL_GRID, WGS84
from data.userfiles.read import Table

#: The columns a conversation file may have, by what they hold, with the headings each is
#: recognised by (in any case, with spaces, hyphens or underscores).
COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "what was said", "comment", "conversation"),
    "note_date": ("date", "note date", "when"),
    "author": ("recorded by", "recorder", "author", "who recorded it"),
    "source": ("source",),
    "themes": ("themes", "theme"),
    "visibility": ("visibility", "who may read it"),
    "consent": ("consent", "consent to publish"),
    "lsoa": ("lsoa", "lsoa code", "lsoa21cd", "area code"),
    "ward": ("ward", "ward code", "ward name"),
    "lon": ("lon", "longitude", "lng"),
    "lat": ("lat", "latitude"),
    "easting": ("easting", "eastings"),
    "northing": ("northing", "northings"),
    "postcode": ("postcode", "post code"),
}
REQUIRED = ("text", "note_date", "author", "source")
#: The ways a row can say where, most exact first.
PLACES = (("lsoa",), ("lon", "lat"), ("easting", "northing"), ("postcode",), ("ward",))
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y",
                "%d.%m.%Y", "%d %B %Y", "%d %b %Y")


def _heading(text: str) -> str:
    return " ".join(re.sub(r"[_\-]", " ", text).casefold().split())


@dataclass(frozen=True)
class Places:
    """Where the records of one borough can be placed.

    Attributes
    ----------
    name : str
        The borough's name, for the messages.
    lsoas : geopandas.GeoDataFrame
        The borough's 2021 LSOAs: ``lsoa21cd`` and geometry, in British National Grid.
    wards : dict
        Each ward's code and its name (in any case) -> its code.
    postcodes : Postcodes, optional
        The borough's postcode lookup; without it, rows cannot be placed by postcode.
    """

    name: str
    lsoas: gpd.GeoDataFrame
    wards: dict[str, str]
    postcodes: Postcodes | None = None

    @classmethod
    def of(cls, name: str, lsoas: gpd.GeoDataFrame, wards: pd.DataFrame,
           postcodes: Postcodes | None = None) -> Places:
        """The places of a borough, from its LSOAs (``lsoa21cd`` and geometry in any
        coordinate system), wards (``ward_code`` and ``ward_name``) and, if it has one,
        its postcode lookup."""
        keyed = {code.casefold(): code for code in wards["ward_code"]}
        keyed |= {_heading(n): c for n, c in zip(wards["ward_name"], wards["ward_code"],
                                                 strict=True)}
        return cls(name, lsoas[["lsoa21cd", "geometry"]].to_crs(BRITISH_NATIONAL_GRID)
                   .reset_index(drop=True), keyed, postcodes)

    @property
    def codes(self) -> list[str]:
        """Every code a record can be stored against: the LSOAs' and the wards'."""
        return [*self.lsoas["lsoa21cd"], *sorted(set(self.wards.values()))]

    def lsoa_at(self, x: float, y: float, epsg: int) -> str | None:
        """The LSOA a point falls in (on a boundary: the first), or None outside."""
        point = gpd.GeoSeries(gpd.points_from_xy([x], [y]), crs=epsg).to_crs(
            BRITISH_NATIONAL_GRID)
        _, hits = self.lsoas.sindex.query(point, predicate="intersects")
        return str(self.lsoas["lsoa21cd"].iloc[sorted(hits)[0]]) if len(hits) else None


def _date(value: str) -> date | None:
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(value, form).date()
        except ValueError:
            continue
    return None


def _number(value: str) -> float | None:
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


@dataclass(frozen=True)
class Conversations:
    """A conversation file, read and placed, ready to be checked as notes and stored.

    Attributes
    ----------
    label : str
        The file (and sheet), for the messages.
    records : list of dict
        Each row as a note's fields (``area_code`` being the LSOA, or the ward when
        the row gives only a ward), for :func:`data.store.notes.clean_note`.
    rows : list of int
        Each record's row in the file (the header is row 1).
    problems : list of Problem
        What is wrong with the file so far, by row, column (the file's heading) and value.
    headings : dict
        Each note field -> the file's heading for it, so that later problems name the
        columns as the file does.
    """

    label: str
    records: list[dict[str, Any]]
    rows: list[int]
    problems: list[RecordProblem]
    headings: dict[str, str]


def read_conversations(table: Table, places: Places, today: date | None = None
                       ) -> Conversations:
    """Check a conversation file and place each record.

    Parameters
    ----------
    table : Table
        The file as read by :func:`data.userfiles.read.table_of`.
    places : Places
        The borough's LSOAs and wards.
    today : date, optional
        The day of the import (records cannot be dated after it); today by default.

    Returns
    -------
    Conversations
        The records, their rows, and the problems found.
    """
    today = today or date.today()
    found: dict[str, str] = {}
    for heading in table.cells.columns:
        for field, names in COLUMNS.items():
            if _heading(str(heading)) in names and field not in found:
                found[field] = str(heading)
    problems = [RecordProblem(1, names[0], "", "this column is missing from the header; "
                              f"name it {names[0]!r}.")
                for field, names in COLUMNS.items() if field in REQUIRED and field not in found]
    for pair in PLACES:
        if len(pair) == 2 and (pair[0] in found) != (pair[1] in found):
            given, missing = pair if pair[0] in found else pair[::-1]
            problems.append(RecordProblem(1, COLUMNS[missing][0], "", f"the file has a "
                                          f"{COLUMNS[given][0]} column but not this one; give "
                                          "both, or neither."))
    if not any(all(f in found for f in pair) for pair in PLACES):
        problems.append(RecordProblem(1, "lsoa", "", "the file does not say where: add a "
                                      "column of 2021 LSOA codes (lsoa), of coordinates "
                                      "(longitude and latitude, or easting and northing), of "
                                      "postcodes (postcode) or of wards (ward)."))
    headings = {field: found.get(field, names[0]) for field, names in COLUMNS.items()}
    headings["area_code"] = next((found[f] for f in ("lsoa", "lon", "easting", "postcode",
                                                     "ward") if f in found), "lsoa")
    if problems:
        return Conversations(table.label, [], [], problems, headings)
    records = []
    sources = {s.casefold(): s for s in NOTE_SOURCES}
    lsoas = set(places.lsoas["lsoa21cd"])
    for row, cells in zip(table.rows, table.cells.to_dict("records"), strict=True):
        def cell(field: str, cells: dict = cells) -> str:
            return str(cells[found[field]]).strip() if field in found else ""

        def fault(field: str, message: str, row: int = row) -> None:
            problems.append(RecordProblem(row, found.get(field, COLUMNS[field][0]),
                                          cell(field), message))

        record: dict[str, Any] = {"text": cell("text"), "author": cell("author"),
                                  "themes": cell("themes"),
                                  "visibility": cell("visibility").casefold() or "internal",
                                  "consent": cell("consent"), "note_date": None}
        source = cell("source")
        record["source"] = sources.get(source.casefold(), source)
        when = _date(cell("note_date"))
        if not cell("note_date"):
            fault("note_date", "say when it was said or recorded.")
        elif when is None:
            fault("note_date", "give the date as day/month/year (14/03/2026) or "
                  "year-month-day (2026-03-14).")
        elif when is not None and when > today:
            fault("note_date", "the date is after today; check the day and month are not "
                  "swapped.")
        else:
            record["note_date"] = when.isoformat() if when else ""
        record["area_code"] = _place(cell, fault, places, lsoas)
        records.append(record)
    return Conversations(table.label, records, list(table.rows), problems, headings)


def _place(cell, fault, places: Places, lsoas: set[str]) -> str:
    """The code a row is placed at ("" with a problem said when it cannot be)."""
    code = cell("lsoa").upper()
    if code:
        if code not in lsoas:
            fault("lsoa", f"this is not a 2021 LSOA of {places.name}; check the code (they "
                  "start E01).")
        return code
    for (x_field, y_field), epsg in ((("lon", "lat"), WGS84),
                                     (("easting", "northing"), BRITISH_NATIONAL_GRID)):
        if not (cell(x_field) or cell(y_field)):
            continue
        x, y = _number(cell(x_field)), _number(cell(y_field))
        if x is None or y is None:
            fault(x_field if x is None else y_field, "give a number (or leave both "
                  f"{x_field} and {y_field} empty).")
            return ""
        plausible = (-9 <= x <= 3 and 49 <= y <= 61) if epsg == WGS84 else \
            (0 <= x <= 700_000 and 0 <= y <= 1_300_000)
        if not plausible:
            fault(x_field, f"({x:g}, {y:g}) is not in Great Britain as {x_field} and "
                  f"{y_field}; check the columns are not swapped.")
            return ""
        lsoa = places.lsoa_at(x, y, epsg)
        if lsoa is None:
            fault(x_field, f"({x:g}, {y:g}) is outside {places.name}.")
            return ""
        return lsoa
    if cell("postcode"):
        if places.postcodes is None:
            fault("postcode", f"{places.name} has no postcode lookup yet, so postcodes cannot "
                  "be placed: get it on the Community conversations page (or with python -m "
                  "data postcodes), or give the LSOA code or the coordinates.")
            return ""
        lsoa, problem = places.postcodes.place(cell("postcode"), places.name)
        if lsoa is not None and lsoa not in lsoas:
            lsoa, problem = None, (f"this postcode is outside {places.name} (in {lsoa}); "
                                   "check it.")
        if lsoa is None:
            fault("postcode", problem)
        return lsoa or ""
    ward = cell("ward")
    if ward:
        code = places.wards.get(ward.casefold()) or places.wards.get(_heading(ward))
        if code is None:
            fault("ward", f"no ward of {places.name} has this name or code; check the "
                  "spelling against the ward list.")
        return code or ""
    fault("lsoa", "the row does not say where; give its LSOA code, coordinates, postcode or "
          "ward.")
    return ""
