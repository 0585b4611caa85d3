"""Qualitative notes: what people say about a place, kept beside its numbers.

Versions, history, soft retiring, export and import come from
:class:`data.store.records.VersionedStore`. A note is public only when it is marked
public, the person agreed to it being published, and any personal data its text seems to
hold (see :mod:`data.store.privacy`) has been checked by an editor: :func:`is_public`,
applied by every query for public notes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from data.errors import RecordError, RecordProblem
from data.store.models import NOTE_SOURCES, VISIBILITIES, Note, NoteChange
from data.store.privacy import personal_data
from data.store.records import (
    VersionedStore,
    dates_of,
    flags_of,
    known_themes,
    list_of,
    now,
    text_of,
    writing,
)

if TYPE_CHECKING:
    from data.store.conversations import Conversations

MAX_TEXT = 20_000
REQUIRED_COLUMNS = {"area_code", "text", "note_date", "author", "source", "visibility"}


def import_key(note: Mapping[str, Any]) -> str:
    """What recognises the same record imported twice: a fingerprint of its text (in any
    case, with spaces and line breaks run together), date, area and author.

    Parameters
    ----------
    note : Mapping
        ``text``, ``note_date`` (a date or ISO text), ``area_code`` and ``author``.

    Returns
    -------
    str
        64 hexadecimal characters (SHA-256).
    """
    def squeeze(value: Any) -> str:
        return re.sub(r"\s+", " ", text_of(value)).casefold()

    when = note.get("note_date")
    parts = [squeeze(note.get("text")), str(when.isoformat() if hasattr(when, "isoformat")
                                            else text_of(when)),
             text_of(note.get("area_code")).upper(), squeeze(note.get("author"))]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def is_public(note: Mapping[str, Any]) -> bool:
    """Whether a note may be shown to the public: current, marked public, consented to, and
    free of unchecked personal data."""
    return (note.get("visibility") == "public" and bool(note.get("consent"))
            and not note.get("retired")
            and (not note.get("personal_data") or bool(note.get("privacy_checked"))))


def _public() -> ColumnElement[bool]:
    """:func:`is_public` as a condition of a query (retiring aside)."""
    return and_(Note.visibility == "public", Note.consent.is_(True),
                or_(Note.personal_data == "", Note.privacy_checked.is_(True)))


def clean_note(fields: Mapping[str, Any], row: int | None = None,
               areas: Iterable[str] | None = None,
               indicators: Iterable[str] | None = None,
               themes: Iterable[str] | None = None,
               ) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check and tidy a note's fields.

    Parameters
    ----------
    fields : Mapping
        ``area_code``, ``text``, ``note_date`` (a date or ``YYYY-MM-DD``),
        ``author``, ``source``, ``themes`` (a list or ``;``-separated text),
        ``visibility``, and optionally ``indicator``, ``consent`` and
        ``privacy_checked`` (true or false, yes or no; false when absent).
        ``personal_data`` and ``import_key`` are worked out, whatever is given.
    row : int, optional
        The row of a file the fields came from, for the problems.
    areas, indicators : iterable of str, optional
        The known area codes and indicator codes to check against.
    themes : iterable of str, optional
        The theme list: each theme must be one of them (in any case; the list's
        spelling is kept). None accepts any theme.

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
    note["themes"], unknown = known_themes(note["themes"], themes)
    if unknown:
        fault("themes", unknown)
    note |= flags_of(fields, ("consent", "privacy_checked"), fault)
    note["personal_data"] = "; ".join(personal_data(note["text"]))
    note |= dates_of(fields, ("note_date",), fault)
    note["import_key"] = import_key(note)
    return note, problems


class NoteStore(VersionedStore):
    """Notes in a database opened with :func:`data.store.db.open_engine`."""

    kind, plural = "note", "notes"
    model = Note
    change_model = NoteChange
    change_key = "note_id"
    fields = ("id", "area_code", "note_date", "author", "source", "themes", "visibility",
              "consent", "personal_data", "privacy_checked", "indicator", "text", "retired",
              "version", "updated_at", "updated_by")
    clean = staticmethod(clean_note)
    required, checked_words = frozenset(REQUIRED_COLUMNS), ("text",)

    def notes(self, area: str | Iterable[str] | None = None, visibility: str | None = None,
              include_retired: bool = False, search: str = "", source: str | None = None,
              theme: str | None = None) -> list[dict[str, Any]]:
        """Return notes, newest first, filtered.

        Parameters
        ----------
        area : str or iterable of str, optional
            Only the notes of this area, or of these areas.
        visibility : str, optional
            ``public``: only notes that may be shown to the public (see
            :func:`is_public`), for anything residents see; ``internal``: only notes
            marked internal.
        include_retired : bool
            Include retired notes (never public ones).
        search : str
            Only notes whose text, author or themes contain this (any case).
        source, theme : str, optional
            Only notes of this source, or with this theme.
        """
        query = select(Note)
        if isinstance(area, str):
            query = query.where(Note.area_code == area)
        elif area is not None:
            query = query.where(Note.area_code.in_(list(area)))
        if visibility == "public":
            query = query.where(_public(), Note.retired.is_(False))
        elif visibility is not None:
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
        """Return the number of current notes per area (``public``: of those the public may
        read, see :func:`is_public`)."""
        query = select(Note.area_code, func.count()).where(Note.retired.is_(False))
        if visibility == "public":
            query = query.where(_public())
        elif visibility is not None:
            query = query.where(Note.visibility == visibility)
        with Session(self.engine) as session:
            return dict(session.execute(query.group_by(Note.area_code)).all())

    def import_conversations(self, conversations: Conversations, who: str,
                             themes: Iterable[str] | None = None) -> tuple[int, int]:
        """Store a conversation file's records as notes; all or nothing.

        A record already stored (from this file or another, retired or not) is
        recognised by its :func:`import_key` (its text, date, place and who recorded it)
        and skipped, as is a repeat of a row within the file; so a file imported twice
        adds nothing the second time.

        Parameters
        ----------
        conversations : Conversations
            The file as read by :func:`data.store.conversations.read_conversations`.
        who : str
            Who is importing it, for the record of changes.
        themes : iterable of str, optional
            The theme list the records' themes must come from.

        Returns
        -------
        added, skipped : int
            How many records were stored, and how many were already there.

        Raises
        ------
        RecordError
            Listing every problem of the file (row, column as the file names it, value
            and what to do); nothing is stored.
        """
        themes = None if themes is None else list(themes)
        problems = list(conversations.problems)
        said = {(p.row, p.column) for p in problems}
        headings = conversations.headings
        cleaned = []
        for record, row in zip(conversations.records, conversations.rows, strict=True):
            values, faults = clean_note(record, row, themes=themes)
            faults += self.fits(values, row)
            for fault in faults:
                column = headings.get(fault.column, fault.column)
                if fault.column != "area_code" and (row, column) not in said:
                    problems.append(dataclasses.replace(fault, column=column))
            cleaned.append(values)
        if problems:
            raise RecordError(problems, conversations.label)
        with Session(self.engine) as session:
            known = set(session.scalars(select(Note.import_key)))
        fresh = []
        for values in cleaned:
            if values["import_key"] not in known:
                known.add(values["import_key"])
                fresh.append(values)
        self._who_fits(who)
        with writing(self.engine, f"the import of {conversations.label}") as session:
            for values in fresh:
                row = Note(**values, retired=False, version=1, updated_at=now(),
                           updated_by=who)
                session.add(row)
                session.flush()
                self._record(session, row, "import", who)
        return len(fresh), len(cleaned) - len(fresh)
