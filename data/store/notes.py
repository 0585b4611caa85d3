"""Qualitative notes: what people say about a place, kept beside its numbers.

Every change is kept with who and when (``note_changes``). Deleting is soft:
a retired note stays, with its history. Two people editing the same note cannot
overwrite each other: each edit names the version it started from, and an edit
of a version that is no longer the newest is refused, showing the newer one.
Imports are all or nothing, and list every bad row.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from data.store.db import StoreError
from data.store.models import NOTE_SOURCES, VISIBILITIES, Note, NoteChange

#: The fields of a note, in export order.
FIELDS = ("id", "area_code", "note_date", "author", "source", "themes", "visibility",
          "indicator", "text", "retired", "version", "updated_at", "updated_by")
_EDITABLE = ("area_code", "note_date", "author", "source", "themes", "visibility", "indicator",
             "text")
MAX_TEXT = 20_000


@dataclass(frozen=True)
class Problem:
    """One fault in a note or an imported row: where, what, and how to fix it."""

    row: int | None
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}, " if self.row is not None else ""
        return f"{where}column {self.column!r}, value {self.value!r}: {self.message}"


class NoteError(StoreError):
    """A note cannot be saved as it is; ``problems`` lists every fault."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        prefix = f"{source}: " if source else ""
        lines = "; ".join(str(p) for p in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"{prefix}{len(problems)} problem(s), nothing was saved: {lines}{more}")


class StaleEditError(StoreError):
    """Someone else saved the note first; ``current`` is the newer version."""

    def __init__(self, current: dict[str, Any]) -> None:
        self.current = current
        super().__init__(
            f"note {current['id']} was changed by {current['updated_by']} at "
            f"{current['updated_at']:%d %b %Y %H:%M} (now version {current['version']}), after "
            "you started editing, so your change was not saved. The newer version is shown: "
            "apply your change to it and save again."
        )


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _themes(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.replace(",", ";").split(";")
    return tuple(t.strip() for t in (value or ()) if str(t).strip())


def clean_note(fields: Mapping[str, Any], row: int | None = None,
               areas: Iterable[str] | None = None,
               indicators: Iterable[str] | None = None) -> tuple[dict[str, Any], list[Problem]]:
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
    problems: list[Problem] = []

    def fault(column: str, message: str) -> None:
        problems.append(Problem(row, column, _text(fields.get(column)), message))

    note = {key: _text(fields.get(key)) for key in ("area_code", "text", "author", "source",
                                                    "visibility")}
    note["themes"] = list(_themes(fields.get("themes")))
    note["indicator"] = _text(fields.get("indicator")) or None
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
    when = fields.get("note_date")
    if isinstance(when, datetime):
        when = when.date()
    if not isinstance(when, date):
        try:
            when = date.fromisoformat(_text(when))
        except ValueError:
            fault("note_date", "give the date as YYYY-MM-DD, for example 2026-03-14.")
            when = None
    note["note_date"] = when
    return note, problems


def _as_dict(note: Note) -> dict[str, Any]:
    return {field: (list(note.themes) if field == "themes" else getattr(note, field))
            for field in FIELDS}


def _snapshot(note: Note) -> dict[str, Any]:
    data = _as_dict(note)
    data["note_date"] = data["note_date"].isoformat()
    data["updated_at"] = data["updated_at"].isoformat()
    return data


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class NoteStore:
    """Notes in a database opened with :func:`data.store.db.open_engine`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _record(self, session: Session, note: Note, action: str, who: str) -> None:
        session.add(NoteChange(note_id=note.id, version=note.version, action=action,
                               changed_at=note.updated_at, changed_by=who,
                               snapshot=_snapshot(note)))

    def add(self, fields: Mapping[str, Any], who: str, areas: Iterable[str] | None = None,
            indicators: Iterable[str] | None = None) -> dict[str, Any]:
        """Save a new note and return it.

        Raises
        ------
        NoteError
            Listing every problem with the fields; nothing is saved.
        """
        note, problems = clean_note(fields, None, areas, indicators)
        if problems:
            raise NoteError(problems)
        with Session(self.engine) as session, session.begin():
            row = Note(**note, retired=False, version=1, updated_at=_now(), updated_by=who)
            session.add(row)
            session.flush()
            self._record(session, row, "create", who)
            return _as_dict(row)

    def get(self, note_id: int) -> dict[str, Any]:
        """Return a note, retired or not.

        Raises
        ------
        StoreError
            If there is no note with that id.
        """
        with Session(self.engine) as session:
            row = session.get(Note, note_id)
            if row is None:
                raise StoreError(f"there is no note {note_id}.")
            return _as_dict(row)

    def _change(self, note_id: int, expected_version: int, who: str, action: str,
                values: dict[str, Any]) -> dict[str, Any]:
        with Session(self.engine) as session, session.begin():
            done = session.execute(
                update(Note)
                .where(Note.id == note_id, Note.version == expected_version)
                .values(**values, version=Note.version + 1, updated_at=_now(), updated_by=who)
            )
            row = session.get(Note, note_id, populate_existing=True)
            if row is None:
                raise StoreError(f"there is no note {note_id}.")
            if done.rowcount == 0:
                raise StaleEditError(_as_dict(row))
            self._record(session, row, action, who)
            return _as_dict(row)

    def edit(self, note_id: int, expected_version: int, changes: Mapping[str, Any], who: str,
             areas: Iterable[str] | None = None,
             indicators: Iterable[str] | None = None) -> dict[str, Any]:
        """Change a note, if nobody has changed it since ``expected_version``.

        Raises
        ------
        NoteError
            If the changed note would not be valid (nothing is saved).
        StaleEditError
            If the note has a newer version than ``expected_version``.
        """
        current = self.get(note_id)
        merged = {**{k: current[k] for k in _EDITABLE}, **dict(changes)}
        note, problems = clean_note(merged, None, areas, indicators)
        if problems:
            raise NoteError(problems)
        return self._change(note_id, expected_version, who, "edit", note)

    def retire(self, note_id: int, expected_version: int, who: str) -> dict[str, Any]:
        """Retire a note: it no longer shows, but stays with its history."""
        return self._change(note_id, expected_version, who, "retire", {"retired": True})

    def restore(self, note_id: int, expected_version: int, who: str) -> dict[str, Any]:
        """Bring a retired note back."""
        return self._change(note_id, expected_version, who, "restore", {"retired": False})

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
            rows = [_as_dict(n) for n in session.scalars(query)]
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

    def history(self, note_id: int) -> list[dict[str, Any]]:
        """Return every change to a note, oldest first."""
        query = select(NoteChange).where(NoteChange.note_id == note_id) \
            .order_by(NoteChange.version)
        with Session(self.engine) as session:
            return [{"version": c.version, "action": c.action, "changed_at": c.changed_at,
                     "changed_by": c.changed_by, "note": c.snapshot}
                    for c in session.scalars(query)]

    # ----------------------------------------------------------------- export and import

    def export_records(self) -> list[dict[str, Any]]:
        """Every note, retired ones too, as plain records (dates as ISO text)."""
        with Session(self.engine) as session:
            return [_snapshot(n) for n in session.scalars(select(Note).order_by(Note.id))]

    def export_json(self) -> str:
        """Every note as a JSON document."""
        return json.dumps({"notes": self.export_records()}, ensure_ascii=False, indent=1)

    def export_csv(self) -> str:
        """Every note as CSV (themes joined by "; ")."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FIELDS)
        writer.writeheader()
        for record in self.export_records():
            writer.writerow({**record, "themes": "; ".join(record["themes"]),
                             "retired": "true" if record["retired"] else "false",
                             "indicator": record["indicator"] or ""})
        return out.getvalue()

    def _import(self, records: list[dict[str, Any]], source: str, who: str,
                areas: Iterable[str] | None, first_row: int) -> int:
        known = list(areas) if areas is not None else None
        problems: list[Problem] = []
        cleaned = []
        with Session(self.engine) as session:
            existing = set(session.scalars(select(Note.id)))
        seen: set[int] = set()
        for offset, record in enumerate(records):
            row = first_row + offset
            note, faults = clean_note(record, row, known)
            problems += faults
            extra: dict[str, Any] = {}
            raw_id = _text(record.get("id"))
            if raw_id:
                if not raw_id.isdigit():
                    problems.append(Problem(row, "id", raw_id, "an id must be a whole number; "
                                            "leave it empty to add the note as new."))
                elif int(raw_id) in existing or int(raw_id) in seen:
                    problems.append(Problem(row, "id", raw_id, "a note with this id already "
                                            "exists; leave the id empty to add it as new."))
                else:
                    extra["id"] = int(raw_id)
                    seen.add(int(raw_id))
            retired = _text(record.get("retired")).lower()
            if retired not in ("", "true", "false", "1", "0"):
                problems.append(Problem(row, "retired", retired, "use true or false."))
            extra["retired"] = retired in ("true", "1")
            version = _text(record.get("version"))
            extra["version"] = int(version) if version.isdigit() else 1
            extra["updated_by"] = _text(record.get("updated_by")) or who
            try:
                extra["updated_at"] = (datetime.fromisoformat(_text(record["updated_at"]))
                                       if _text(record.get("updated_at")) else _now())
            except ValueError:
                problems.append(Problem(row, "updated_at", _text(record.get("updated_at")),
                                        "give a date and time as YYYY-MM-DDTHH:MM:SS."))
            cleaned.append({**note, **extra})
        if problems:
            raise NoteError(problems, source)
        with Session(self.engine) as session, session.begin():
            for values in cleaned:
                row = Note(**values)
                session.add(row)
                session.flush()
                self._record(session, row, "import", who)
        return len(cleaned)

    def import_json(self, text: str, source: str, who: str,
                    areas: Iterable[str] | None = None) -> int:
        """Add the notes of a JSON export; all or nothing. Returns how many were added.

        Raises
        ------
        NoteError
            Listing every bad record (with its position, from 1) and column.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise NoteError([Problem(error.lineno, "(file)", "", f"not valid JSON: {error.msg}; "
                                     "export notes from the app to see the layout.")],
                            source) from None
        records = data.get("notes") if isinstance(data, dict) else data
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise NoteError([Problem(None, "notes", "", "expected a list of notes under "
                                     "'notes'; export notes from the app to see the layout.")],
                            source)
        return self._import(records, source, who, areas, first_row=1)

    def import_csv(self, text: str, source: str, who: str,
                   areas: Iterable[str] | None = None) -> int:
        """Add the notes of a CSV file; all or nothing. Returns how many were added.

        Raises
        ------
        NoteError
            Listing every bad row (as numbered in the file, the header being row 1).
        """
        reader = csv.DictReader(io.StringIO(text))
        required = {"area_code", "text", "note_date", "author", "source", "visibility"}
        missing = required - set(reader.fieldnames or ())
        if missing:
            raise NoteError([Problem(1, c, "", "this column is missing from the header.")
                             for c in sorted(missing)], source)
        return self._import(list(reader), source, who, areas, first_row=2)
