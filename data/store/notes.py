"""Qualitative notes: what people say about a place, kept beside its numbers.

Versions, history, soft retiring, export and import come from
:class:`data.store.records.VersionedStore`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.errors import RecordProblem
from data.store.models import NOTE_SOURCES, VISIBILITIES, Note, NoteChange
from data.store.records import VersionedStore, date_of, list_of, text_of

MAX_TEXT = 20_000
REQUIRED_COLUMNS = {"area_code", "text", "note_date", "author", "source", "visibility"}


def clean_note(fields: Mapping[str, Any], row: int | None = None,
               areas: Iterable[str] | None = None,
               indicators: Iterable[str] | None = None,
               ) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check and tidy a note's fields.

    Parameters
    ----------
    fields : Mapping
        ``area_code``, ``text``, ``note_date`` (a date or ``YYYY-MM-DD``),
        ``author``, ``source``, ``themes`` (a list or ``;``-separated text),
        ``visibility`` and optionally ``indicator``.
    row : int, optional
        The row of a file the fields came from, for the problems.
    areas, indicators : iterable of str, optional
        The known area codes and indicator codes to check against.

    Returns
    -------
    note : dict
        The tidied fields.
    problems : list of Problem
        Empty when the note can be saved.
    """
    problems: list[RecordProblem] = []

    def fault(column: str, message: str) -> None:
        problems.append(RecordProblem(row, column, text_of(fields.get(column)), message))

    note = {key: text_of(fields.get(key)) for key in ("area_code", "text", "author", "source",
                                                      "visibility")}
    note["themes"] = list_of(fields.get("themes"))
    note["indicator"] = text_of(fields.get("indicator")) or None
    if not note["text"]:
        fault("text", "a note needs some text.")
    elif len(note["text"]) > MAX_TEXT:
        fault("text", f"a note can be at most {MAX_TEXT:,} characters; split it.")
    if not note["author"]:
        fault("author", "say who wrote or gathered the note.")
    if note["source"] not in NOTE_SOURCES:
        fault("source", f"use one of: {', '.join(NOTE_SOURCES)}.")
    if note["visibility"] not in VISIBILITIES:
        fault("visibility", "use public (anyone may read it) or internal (staff only).")
    known = set(areas) if areas is not None else None
    if not note["area_code"]:
        fault("area_code", "say which area the note is about (its code).")
    elif known is not None and note["area_code"] not in known:
        fault("area_code", "no area has this code; check it against the area list.")
    if note["indicator"] and indicators is not None and note["indicator"] not in set(indicators):
        fault("indicator", "no indicator has this code; leave it empty or use an "
              "indicator code of the index.")
    try:
        note["note_date"] = date_of(fields.get("note_date"))
        if note["note_date"] is None:
            raise ValueError
    except ValueError:
        fault("note_date", "give the date as YYYY-MM-DD, for example 2026-03-14.")
        note["note_date"] = None
    return note, problems


class NoteStore(VersionedStore):
    """Notes in a database opened with :func:`data.store.db.open_engine`."""

    kind = "note"
    model = Note
    change_model = NoteChange
    change_key = "note_id"
    fields = ("id", "area_code", "note_date", "author", "source", "themes", "visibility",
              "indicator", "text", "retired", "version", "updated_at", "updated_by")
    clean = staticmethod(clean_note)

    def notes(self, area: str | None = None, visibility: str | None = None,
              include_retired: bool = False, search: str = "", source: str | None = None,
              theme: str | None = None) -> list[dict[str, Any]]:
        """Return notes, newest first, filtered.

        Parameters
        ----------
        area : str, optional
            Only this area's notes.
        visibility : str, optional
            Only ``public`` (for anything shown to the public) or ``internal`` notes.
        include_retired : bool
            Include retired notes.
        search : str
            Only notes whose text, author or themes contain this (any case).
        source, theme : str, optional
            Only notes of this source, or with this theme.
        """
        query = select(Note)
        if area is not None:
            query = query.where(Note.area_code == area)
        if visibility is not None:
            query = query.where(Note.visibility == visibility)
        if not include_retired:
            query = query.where(Note.retired.is_(False))
        if source:
            query = query.where(Note.source == source)
        query = query.order_by(Note.note_date.desc(), Note.id.desc())
        with Session(self.engine) as session:
            rows = [self._as_dict(n) for n in session.scalars(query)]
        needle = search.strip().lower()
        if needle:
            rows = [r for r in rows if needle in " ".join(
                [r["text"], r["author"], *r["themes"]]).lower()]
        if theme:
            rows = [r for r in rows if theme in r["themes"]]
        return rows

    def counts(self, visibility: str | None = None) -> dict[str, int]:
        """Return the number of current notes per area."""
        query = select(Note.area_code, func.count()).where(Note.retired.is_(False))
        if visibility is not None:
            query = query.where(Note.visibility == visibility)
        with Session(self.engine) as session:
            return dict(session.execute(query.group_by(Note.area_code)).all())

    def import_csv(self, text: str, source: str, who: str,  # type: ignore[override]
                   areas: Iterable[str] | None = None) -> int:
        """Add the notes of a CSV file; all or nothing (see VersionedStore.import_csv)."""
        return super().import_csv(text, source, who, REQUIRED_COLUMNS,
                                  areas=None if areas is None else list(areas))

    def import_json(self, text: str, source: str, who: str,  # type: ignore[override]
                    areas: Iterable[str] | None = None) -> int:
        """Add the notes of a JSON export; all or nothing (see VersionedStore.import_json)."""
        return super().import_json(text, source, who,
                                   areas=None if areas is None else list(areas))
