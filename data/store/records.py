"""What every kind of record in the store shares: versions, history, soft retiring,
export and all-or-nothing import.

Every change is kept with who and when. Two people editing the same record
cannot overwrite each other: each edit names the version it started from, and
an edit of a version that is no longer the newest is refused, showing the newer
one. Imports list every bad row and store nothing from a file with any.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace as dataclasses_replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, Integer, String, func, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from data.errors import RecordError, RecordProblem, StaleEditError, StoreError
from data.store.db import BUSY_SECONDS
from indices.tables import neutralise, restore


def text_of(value: Any) -> str:
    """A cell or field as stripped text ("" for nothing, including a missing number)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def list_of(value: Any) -> list[str]:
    """A list field from a list, or from text separated by ``;``."""
    if isinstance(value, str):
        value = value.split(";")
    return [str(v).strip() for v in (value or ()) if str(v).strip()]


def flag_of(value: Any) -> bool:
    """A yes-or-no field from a bool or from text (yes, no, true, false, y, n, 1, 0; any
    case; nothing is no). Raises ValueError on other text."""
    if isinstance(value, bool):
        return value
    word = text_of(value).casefold()
    if word in ("", "no", "n", "false", "0"):
        return False
    if word in ("yes", "y", "true", "1"):
        return True
    raise ValueError(word)


def date_of(value: Any) -> date | None:
    """A date from a date or ISO text; None for nothing. Raises ValueError on bad text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(text_of(value)) if text_of(value) else None


def known_themes(given: list[str], themes: Iterable[str] | None) -> tuple[list[str], str]:
    """A record's themes as the theme list spells them, and what to do about any that are
    not on it ("" when all are, or when there is no list to check against).

    Parameters
    ----------
    given : list of str
        The record's themes, in any case.
    themes : iterable of str, optional
        The theme list; None accepts any theme.
    """
    if themes is None:
        return given, ""
    spelt = {t.casefold(): t for t in themes}
    unknown = [t for t in given if t.casefold() not in spelt]
    message = (f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not in the theme "
               "list; use one of: " + (", ".join(sorted(spelt.values())) or
                                       "(the list is empty)") +
               "; or ask an analyst to add it.") if unknown else ""
    return list(dict.fromkeys(spelt.get(t.casefold(), t) for t in given)), message


def unknown_areas(given: list[str], areas: Iterable[str] | None) -> str:
    """What to do about the codes of a record's areas that no area has ("" when every code
    is known, or when there is no list to check against)."""
    known = None if areas is None else set(areas)
    strange = [] if known is None else [c for c in given if c not in known]
    return (f"no area has the code {', '.join(strange)}; use the codes of the area list, or "
            "leave it empty for the whole borough.") if strange else ""


def for_areas(records: Iterable[Mapping[str, Any]], areas: Iterable[str],
              whole_borough: bool = True) -> list[dict[str, Any]]:
    """The records made for any of these area codes (their ``areas`` lists), and, with
    ``whole_borough``, those made for the whole borough (an empty list)."""
    wanted = set(areas)
    return [dict(r) for r in records
            if wanted & set(r["areas"]) or (whole_borough and not r["areas"])]


#: Says a problem with a field of the record being checked: its column and what to do.
Fault = Callable[[str, str], None]


def flags_of(fields: Mapping[str, Any], names: Iterable[str], fault: Fault) -> dict[str, bool]:
    """The yes-or-no fields of a record (see :func:`flag_of`; no when absent), each that
    is neither said as a problem (and taken as no)."""
    found = {}
    for name in names:
        try:
            found[name] = flag_of(fields.get(name))
        except ValueError:
            fault(name, "use yes or no (or true or false).")
            found[name] = False
    return found


def dates_of(fields: Mapping[str, Any], needed: Iterable[str], fault: Fault,
             optional: Iterable[str] = ()) -> dict[str, date | None]:
    """The date fields of a record (see :func:`date_of`): a bad date, or a needed one
    missing, is said as a problem (and taken as None)."""
    found: dict[str, date | None] = {}
    needed = set(needed)
    for name in [*needed, *optional]:
        try:
            found[name] = date_of(fields.get(name))
            if name in needed and found[name] is None:
                raise ValueError
        except ValueError:
            fault(name, "give the date as YYYY-MM-DD, for example 2026-03-14.")
            found[name] = None
    return found


def placing_of(fields: Mapping[str, Any], fault: Fault, areas: Iterable[str] | None,
               themes: Iterable[str] | None, what: str) -> dict[str, Any]:
    """Where a record of a borough belongs: its ``lad_code`` (needed), ``areas`` (none
    for the whole borough) and ``themes``, checked against the area codes and the theme
    list (None accepts any); ``what`` names the record in the messages ("promise")."""
    placing: dict[str, Any] = {"lad_code": text_of(fields.get("lad_code")),
                               "areas": list(dict.fromkeys(list_of(fields.get("areas"))))}
    placing["themes"], unknown = known_themes(list_of(fields.get("themes")), themes)
    for column, message in (("themes", unknown),
                            ("areas", unknown_areas(placing["areas"], areas)),
                            ("lad_code", "" if placing["lad_code"] else
                             f"say which borough the {what} belongs to (its code).")):
        if message:
            fault(column, message)
    return placing


def now() -> datetime:
    """The time of a change: UTC, to the second."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


Cleaner = Callable[..., tuple[dict[str, Any], list[RecordProblem]]]


@contextlib.contextmanager
def writing(engine: Engine, what: str):
    """A transaction for a change; if the database stays busy with another change (SQLite
    has one writer at a time) for :data:`~data.store.db.BUSY_SECONDS`, the change is
    refused with a message instead of an error."""
    try:
        with Session(engine) as session, session.begin():
            yield session
    except OperationalError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            raise
        raise StoreError(f"the database was busy with another change (such as a large "
                         f"import) for {BUSY_SECONDS} seconds, so {what} was not saved. Try "
                         "again in a moment.") from None


def _csv_cell(value: Any) -> Any:
    """A field as a CSV cell: a list of words joined by "; ", a mapping or a list of them
    as JSON, yes-or-no as true or false, nothing as an empty cell."""
    if isinstance(value, dict) or (isinstance(value, list) and
                                   any(isinstance(i, dict) for i in value)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


class VersionedStore:
    """A table of versioned records with a table of their changes.

    Subclasses set ``kind`` and ``plural`` (for messages and exports), ``model``,
    ``change_model``, ``change_key`` (the change table's column naming the record),
    ``fields`` (in export order), ``clean`` (checks and tidies a record's fields, returning
    them with the problems found) and, where they have them, ``required`` and
    ``checked_words``.
    """

    kind = "record"
    #: What the records are called together, in messages and exports ("notes").
    plural = "records"
    model: type
    change_model: type
    change_key: str
    fields: tuple[str, ...]
    clean: Cleaner
    #: The columns a CSV file of these records must have (see :meth:`import_csv`).
    required: frozenset[str] = frozenset()
    #: The fields of words whose personal data an editor checks (see
    #: :mod:`data.store.privacy`): a change to any of them undoes an earlier check.
    checked_words: tuple[str, ...] = ()

    #: Fields the store keeps itself; every other field is the user's to edit.
    BOOKKEEPING = ("id", "retired", "version", "updated_at", "updated_by")

    @property
    def editable(self) -> tuple[str, ...]:
        """The fields a user edits: all but the store's own bookkeeping."""
        return tuple(f for f in self.fields if f not in self.BOOKKEEPING)

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _as_dict(self, row: Any) -> dict[str, Any]:
        return {field: getattr(row, field) for field in self.fields}

    def _snapshot(self, row: Any) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, date) else v)
                for k, v in self._as_dict(row).items()}

    def _record(self, session: Session, row: Any, action: str, who: str) -> None:
        session.add(self.change_model(**{self.change_key: row.id}, version=row.version,
                                      action=action, changed_at=row.updated_at, changed_by=who,
                                      snapshot=self._snapshot(row)))

    #: The range of a whole number in an Integer column (PostgreSQL's; SQLite's is wider).
    INTEGER_RANGE = (-2**31, 2**31 - 1)

    def fits(self, values: Mapping[str, Any], row: int | None = None) -> list[RecordProblem]:
        """What in a record's values the database would refuse, checked the same way on
        SQLite and PostgreSQL: text longer than its column, a NUL character, or a whole
        number outside the column's range.

        Parameters
        ----------
        values : Mapping
            Column names and the values to be written.
        row : int, optional
            The row of an imported file, for the messages.

        Returns
        -------
        list of Problem
            Empty when every value fits.
        """
        problems = []
        low, high = self.INTEGER_RANGE
        columns = self.model.__table__.columns
        for name, value in values.items():
            if name not in columns:
                continue
            kind = columns[name].type
            if isinstance(value, str):
                if "\x00" in value:
                    problems.append(RecordProblem(row, name, value.replace("\x00", "")[:40],
                                            "it holds a NUL character (code 0), which text "
                                            "cannot hold; remove it."))
                elif isinstance(kind, String) and kind.length and len(value) > kind.length:
                    problems.append(RecordProblem(row, name, value[:40] + "…",
                                            f"it is {len(value):,} characters long; at most "
                                            f"{kind.length:,} fit. Shorten it."))
            elif isinstance(kind, Integer) and isinstance(value, int) and \
                    not isinstance(value, bool) and not low <= value <= high:
                problems.append(RecordProblem(row, name, str(value),
                                        f"the number is too large; at most {high:,}."))
        return problems

    def _who_fits(self, who: str) -> None:
        """Refuse a change whose author's name is too long for the record of changes."""
        problems = self.fits({"updated_by": who})
        if problems:
            problems = [dataclasses_replace(p, column="your name") for p in problems]
            raise RecordError(problems)

    def add(self, fields: Mapping[str, Any], who: str, **context: Any) -> dict[str, Any]:
        """Save a new record and return it.

        Raises
        ------
        RecordError
            Listing every problem with the fields (including what the database could not
            hold, see :meth:`fits`); nothing is saved.
        """
        self._who_fits(who)
        values, problems = type(self).clean(fields, None, **context)
        problems += self.fits(values)
        if problems:
            raise RecordError(problems)
        with writing(self.engine, f"the new {self.kind}") as session:
            return self._add_in(session, values, who)

    def _add_in(self, session: Session, values: Mapping[str, Any], who: str,
                action: str = "create") -> dict[str, Any]:
        """Save a new record of checked ``values`` inside a transaction already open."""
        row = self.model(**values, retired=False, version=1, updated_at=now(), updated_by=who)
        session.add(row)
        session.flush()
        self._record(session, row, action, who)
        return self._as_dict(row)

    def get(self, record_id: int) -> dict[str, Any]:
        """Return a record, retired or not.

        Raises
        ------
        StoreError
            If there is none with that id.
        """
        with Session(self.engine) as session:
            row = session.get(self.model, record_id)
            if row is None:
                raise StoreError(f"there is no {self.kind} {record_id}.")
            return self._as_dict(row)

    def _change(self, record_id: int, expected_version: int, who: str, action: str,
                values: dict[str, Any]) -> dict[str, Any]:
        self._who_fits(who)
        with writing(self.engine, f"the change to {self.kind} {record_id}") as session:
            return self._change_in(session, record_id, expected_version, who, action, values)

    def _change_in(self, session: Session, record_id: int, expected_version: int, who: str,
                   action: str, values: dict[str, Any]) -> dict[str, Any]:
        """Make a change inside a transaction that is already open (so that a change of
        several records is saved whole or not at all)."""
        model = self.model
        done = session.execute(
            update(model)
            .where(model.id == record_id, model.version == expected_version)
            .values(**values, version=model.version + 1, updated_at=now(), updated_by=who)
        )
        row = session.get(model, record_id, populate_existing=True)
        if row is None:
            raise StoreError(f"there is no {self.kind} {record_id}.")
        if done.rowcount == 0:
            raise StaleEditError(self.kind, self._as_dict(row))
        self._record(session, row, action, who)
        return self._as_dict(row)

    def edit(self, record_id: int, expected_version: int, changes: Mapping[str, Any], who: str,
             **context: Any) -> dict[str, Any]:
        """Change a record, if nobody has changed it since ``expected_version``.

        A change to the words of :attr:`checked_words` undoes an earlier check of their
        personal data, unless the same change confirms it again.

        Raises
        ------
        RecordError
            If the changed record would not be valid (nothing is saved).
        StaleEditError
            If the record has a newer version than ``expected_version``.
        """
        changes, current = dict(changes), self.get(record_id)
        if "privacy_checked" not in changes and any(
                field in changes and text_of(changes[field]) != current[field]
                for field in self.checked_words):
            changes["privacy_checked"] = False
        return self._change(record_id, expected_version, who, "edit",
                            self._edited(record_id, changes, context, current))

    def _edited(self, record_id: int, changes: Mapping[str, Any], context: dict[str, Any],
                current: dict[str, Any] | None = None) -> dict[str, Any]:
        """The record's values after ``changes`` (to ``current``, the record as it is, when
        already read), checked. Raises RecordError."""
        current = current or self.get(record_id)
        merged = {**{k: current[k] for k in self.editable}, **dict(changes)}
        values, problems = type(self).clean(merged, None, **context)
        problems += self.fits(values)
        if problems:
            raise RecordError(problems)
        return values

    def retire(self, record_id: int, expected_version: int, who: str) -> dict[str, Any]:
        """Retire a record: it no longer shows, but stays with its history."""
        return self._change(record_id, expected_version, who, "retire", {"retired": True})

    def restore(self, record_id: int, expected_version: int, who: str) -> dict[str, Any]:
        """Bring a retired record back."""
        return self._change(record_id, expected_version, who, "restore", {"retired": False})

    def replace_theme(self, session: Session, old: str, new: str | None, who: str) -> int:
        """In an open transaction, make every record (retired ones too) that has the theme
        ``old`` have ``new`` instead (or no longer have it, for None), each as a new
        version with its change recorded; return how many records changed. For records
        with a ``themes`` list."""
        changed = 0
        for record in session.scalars(select(self.model).order_by(self.model.id)).all():
            if old not in record.themes:
                continue
            themes = list(dict.fromkeys(new if t == old else t for t in record.themes
                                        if new is not None or t != old))
            self._change_in(session, record.id, record.version, who, "theme",
                            {"themes": themes})
            changed += 1
        return changed

    def history(self, record_id: int) -> list[dict[str, Any]]:
        """Return every change to a record, oldest first."""
        change = self.change_model
        query = select(change).where(getattr(change, self.change_key) == record_id) \
            .order_by(change.version)
        with Session(self.engine) as session:
            return [{"version": c.version, "action": c.action, "changed_at": c.changed_at,
                     "changed_by": c.changed_by, "record": c.snapshot}
                    for c in session.scalars(query)]

    # ----------------------------------------------------------------- export and import

    def export_records(self) -> list[dict[str, Any]]:
        """Every record, retired ones too, as plain records (dates as ISO text)."""
        with Session(self.engine) as session:
            return [self._snapshot(r)
                    for r in session.scalars(select(self.model).order_by(self.model.id))]

    def export_json(self) -> str:
        """Every record as a JSON document."""
        return json.dumps({self.plural: self.export_records()}, ensure_ascii=False, indent=1)

    def export_csv(self) -> str:
        """Every record as CSV (lists joined by "; ", empty cells for nothing; text that a
        spreadsheet would take for a formula quoted, see :func:`indices.tables.neutralise`,
        and read back as it was by :meth:`import_csv`)."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=self.fields)
        writer.writeheader()
        for record in self.export_records():
            writer.writerow({k: neutralise(_csv_cell(v)) for k, v in record.items()})
        return out.getvalue()

    def _import(self, records: list[dict[str, Any]], source: str, who: str, first_row: int,
                context: dict[str, Any]) -> int:
        problems: list[RecordProblem] = []
        cleaned = []
        with Session(self.engine) as session:
            existing = set(session.scalars(select(self.model.id)))
        seen: set[int] = set()
        for offset, record in enumerate(records):
            row = first_row + offset
            values, faults = type(self).clean(record, row, **context)
            problems += faults
            raw_id = text_of(record.get("id"))
            if raw_id:
                if not raw_id.isdigit():
                    problems.append(RecordProblem(row, "id", raw_id, "an id must be a whole "
                                                  "number; leave it empty to add the record as "
                                                  "new."))
                elif int(raw_id) in existing or int(raw_id) in seen:
                    problems.append(RecordProblem(row, "id", raw_id, f"a {self.kind} with this "
                                                  "id already exists; leave the id empty to add "
                                                  "it as new."))
                else:
                    values["id"] = int(raw_id)
                    seen.add(int(raw_id))
            retired = text_of(record.get("retired")).lower()
            if retired not in ("", "true", "false", "1", "0"):
                problems.append(RecordProblem(row, "retired", retired, "use true or false."))
            values["retired"] = retired in ("true", "1")
            version = text_of(record.get("version"))
            values["version"] = int(version) if version.isdigit() else 1
            values["updated_by"] = text_of(record.get("updated_by")) or who
            try:
                stamp = text_of(record.get("updated_at"))
                values["updated_at"] = datetime.fromisoformat(stamp) if stamp else now()
            except ValueError:
                problems.append(RecordProblem(row, "updated_at", text_of(record.get("updated_at")),
                                        "give a date and time as YYYY-MM-DDTHH:MM:SS."))
            problems += self.fits(values, row)
            cleaned.append(values)
        if problems:
            raise RecordError(problems, source)
        self._who_fits(who)
        with writing(self.engine, f"the import of {source}") as session:
            for values in cleaned:
                row = self.model(**values)
                session.add(row)
                session.flush()
                self._record(session, row, "import", who)
            self._advance_ids(session)
        return len(cleaned)

    def _advance_ids(self, session: Session) -> None:
        """After rows were imported with their ids, make PostgreSQL's next new id follow the
        largest (SQLite does this by itself); otherwise the next record added would clash."""
        if session.get_bind().dialect.name != "postgresql":
            return
        table = self.model.__table__.name
        largest = session.scalar(select(func.max(self.model.id)))
        if largest is not None:
            session.execute(text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n)"),
                            {"t": table, "n": largest})

    def import_json(self, text: str, source: str, who: str, **context: Any) -> int:
        """Add the records of a JSON export; all or nothing. Returns how many were added.

        Raises
        ------
        RecordError
            Listing every bad record (numbered from 1) and column.
        """
        key = self.plural
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise RecordError([RecordProblem(error.lineno, "(file)", "", f"not valid JSON: "
                                       f"{error.msg}; export from the app to see the layout.")],
                              source) from None
        records = data.get(key) if isinstance(data, dict) else data
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise RecordError([RecordProblem(None, key, "", f"expected a list of {key} under "
                                       f"{key!r}; export from the app to see the layout.")],
                              source)
        return self._import(records, source, who, 1, context)

    def import_csv(self, text: str, source: str, who: str, **context: Any) -> int:
        """Add the records of a CSV file; all or nothing. Returns how many were added.

        The file must have the columns of :attr:`required`; ``context`` is what each
        record is checked against (area codes, the theme list...).

        Raises
        ------
        RecordError
            Listing every bad row (as numbered in the file, the header being row 1).
        """
        reader = csv.DictReader(io.StringIO(text))
        missing = self.required - set(reader.fieldnames or ())
        if missing:
            raise RecordError([RecordProblem(1, c, "", "this column is missing from the header.")
                               for c in sorted(missing)], source)
        rows = [{key: restore(value) for key, value in row.items()} for row in reader]
        return self._import(rows, source, who, 2, context)


class PlacedStore(VersionedStore):
    """Versioned records of a borough made for some of its areas, or for the whole of it
    (an empty ``areas`` list), with themes from the theme list: promises and stories.

    Subclasses also set ``dated`` (the date field they are listed by, newest first) and
    ``is_public`` (the rule of what the public may read).
    """

    dated: str
    is_public: Callable[[Mapping[str, Any]], bool]

    def placed(self, lad_code: str | None = None, areas: Iterable[str] | None = None,
               public: bool = False, include_retired: bool = False,
               whole_borough: bool = True) -> list[dict[str, Any]]:
        """Return records, newest first.

        Parameters
        ----------
        lad_code : str, optional
            Only the records of this borough.
        areas : iterable of str, optional
            Only the records made for any of these area codes (and, with
            ``whole_borough``, those made for the whole borough).
        public : bool
            Only the records the public may read (by ``is_public``).
        include_retired : bool
            Include retired records (never public ones).
        whole_borough : bool
            With ``areas``, include the records made for the whole borough.
        """
        model = self.model
        query = select(model)
        if lad_code is not None:
            query = query.where(model.lad_code == lad_code)
        if public:
            query = query.where(model.visibility == "public")
        if public or not include_retired:
            query = query.where(model.retired.is_(False))
        query = query.order_by(getattr(model, self.dated).desc(), model.id.desc())
        with Session(self.engine) as session:
            rows = [self._as_dict(r) for r in session.scalars(query)]
        if public:
            rows = [r for r in rows if self.is_public(r)]
        return rows if areas is None else for_areas(rows, areas, whole_borough)
