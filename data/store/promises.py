"""Community reporting, "you said, we did": the promises made to communities, and what
became of each.

A promise records what people asked for, what was promised in answer, by whom
(organisation and role), where and when, the areas and themes it belongs to, when it is
due, and where it stands: promised, in progress, done (saying what was done) or not
possible (saying why). A promise that is not yet done or found impossible after its due
date is late. Versions, history, soft retiring, export and import come from
:class:`data.store.records.VersionedStore`.

A promise is public when it is marked public, is current, and any personal data its
words seem to hold (see :mod:`data.store.privacy`) has been checked by an editor:
:func:`promise_is_public`, applied by every query for public promises. Unlike a note, a
promise carries no one's own words, so it needs no consent to publish.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from data.errors import RecordProblem
from data.store.models import PROMISE_STATUSES, VISIBILITIES, Promise, PromiseChange
from data.store.privacy import personal_data
from data.store.records import (
    PlacedStore,
    dates_of,
    flags_of,
    placing_of,
    text_of,
)
from indices.tables import neutralise

#: The longest a promise's words can be, in characters (each of asked, promised, progress
#: and reason).
MAX_WORDS = 5_000
#: The columns a CSV file of promises must have.
REQUIRED_COLUMNS = {"lad_code", "asked", "promised", "by_organisation", "made_at", "made_on",
                    "status", "visibility"}
#: Where a promise stands on a day: its status, or late, in the order a tracker lists them.
STANDINGS = ("late", "in progress", "promised", "done", "not possible")
#: How each standing is said to people.
STANDING_WORDS = {"late": "Late", "in progress": "In progress", "promised": "Not yet started",
                  "done": "Done", "not possible": "Not possible"}
#: The fields whose words are checked for personal data.
WORDS = ("asked", "promised", "progress", "reason")


def clean_promise(fields: Mapping[str, Any], row: int | None = None,
                  areas: Iterable[str] | None = None, themes: Iterable[str] | None = None,
                  ) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check and tidy a promise's fields.

    Parameters
    ----------
    fields : Mapping
        ``lad_code``, ``asked``, ``promised``, ``by_organisation``, ``made_at``,
        ``made_on`` (a date or ``YYYY-MM-DD``), ``status`` (one of
        :data:`~data.store.models.PROMISE_STATUSES`) and ``visibility``; optionally
        ``by_role``, ``areas`` and ``themes`` (lists, or ``;``-separated text; no areas
        means the whole borough), ``due`` (a date), ``progress`` (what was done; needed
        when done), ``reason`` (needed when not possible) and ``privacy_checked``.
        ``personal_data`` is worked out from the words, whatever is given.
    row : int, optional
        The row of a file the fields came from, for the problems.
    areas : iterable of str, optional
        The area codes a promise can be made for; None accepts any code.
    themes : iterable of str, optional
        The theme list the themes must come from; None accepts any theme.

    Returns
    -------
    promise : dict
        The tidied fields.
    problems : list of Problem
        Empty when the promise can be saved.
    """
    problems: list[RecordProblem] = []

    def fault(column: str, message: str) -> None:
        problems.append(RecordProblem(row, column, text_of(fields.get(column)), message))

    promise: dict[str, Any] = {key: text_of(fields.get(key)) for key in (
        *WORDS, "by_organisation", "by_role", "made_at", "status", "visibility")}
    promise |= placing_of(fields, fault, areas, themes, "promise")
    for field, what in (("asked", "what people asked for"), ("promised", "what was promised")):
        if not promise[field]:
            fault(field, f"say {what}.")
    for field in WORDS:
        if len(promise[field]) > MAX_WORDS:
            fault(field, f"at most {MAX_WORDS:,} characters; shorten it.")
    if not promise["by_organisation"]:
        fault("by_organisation", "say which organisation made the promise.")
    if not promise["made_at"]:
        fault("made_at", "say where it was made: the meeting or conversation.")
    if promise["status"] not in PROMISE_STATUSES:
        fault("status", f"use one of: {', '.join(PROMISE_STATUSES)}.")
    elif promise["status"] == "not possible" and not promise["reason"]:
        fault("reason", "say why it is not possible: the people who asked are owed a reason.")
    elif promise["status"] == "done" and not promise["progress"]:
        fault("progress", "say what was done, for the people who asked.")
    if promise["visibility"] not in VISIBILITIES:
        fault("visibility", "use public (anyone may read it) or internal (staff only).")
    promise |= dates_of(fields, ("made_on",), fault, optional=("due",))
    if promise["due"] and promise["made_on"] and promise["due"] < promise["made_on"]:
        fault("due", "the due date is before the day the promise was made; check both.")
    promise |= flags_of(fields, ("privacy_checked",), fault)
    promise["personal_data"] = "; ".join(personal_data("\n".join(promise[f] for f in WORDS)))
    return promise, problems


def promise_is_public(promise: Mapping[str, Any]) -> bool:
    """Whether a promise may be shown to the public: current, marked public, and free of
    unchecked personal data."""
    return (promise.get("visibility") == "public" and not promise.get("retired")
            and (not promise.get("personal_data") or bool(promise.get("privacy_checked"))))


def is_overdue(promise: Mapping[str, Any], today: date) -> bool:
    """Whether a promise is late: its due date has passed and it is neither done nor found
    not possible."""
    due = promise.get("due")
    return due is not None and due < today and promise["status"] in ("promised", "in progress")


def standing(promise: Mapping[str, Any], today: date) -> str:
    """Where a promise stands on a day: ``"late"`` when :func:`is_overdue`, else its
    status."""
    return "late" if is_overdue(promise, today) else str(promise["status"])


def ordered(promises: Iterable[Mapping[str, Any]], today: date) -> list[dict[str, Any]]:
    """Promises in a tracker's order: late ones first, then those in progress, those not
    yet started, those done and those not possible; within each, the newest made first."""
    return sorted((dict(p) for p in promises),
                  key=lambda p: (STANDINGS.index(standing(p, today)), -p["made_on"].toordinal(),
                                 -p["id"]))


def tally(promises: Iterable[Mapping[str, Any]], today: date) -> dict[str, int]:
    """How many promises stand where (see :data:`STANDINGS`), with ``"all"``."""
    counts = dict.fromkeys(STANDINGS, 0)
    for promise in promises:
        counts[standing(promise, today)] += 1
    return {"all": sum(counts.values()), **counts}


def tally_sentence(counts: Mapping[str, int], place: str) -> str:
    """The tracker in a sentence: "Of 5 promises made for Oldham, 2 are done, 1 is in
    progress, 1 is late and 1 was not possible."."""
    if not counts["all"]:
        return f"No promise made for {place} is recorded yet."
    verbs = {"done": ("is", "are"), "in progress": ("is", "are"), "promised": ("is", "are"),
             "late": ("is", "are"), "not possible": ("was", "were")}
    words = {"promised": "not yet started", "not possible": "not possible"}
    parts = [f"{counts[s]:,} {verbs[s][counts[s] != 1]} {words.get(s, s)}"
             for s in ("done", "in progress", "promised", "late", "not possible") if counts[s]]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return (f"Of {counts['all']:,} promise{'s' * (counts['all'] != 1)} made for {place}, "
            f"{joined}.")


def what_happened(promise: Mapping[str, Any], today: date) -> str:
    """What has happened, in words: what was done, why it was not possible, or how it
    stands ("It was due by 31 July 2026; nothing has been reported yet.")."""
    due, progress = promise.get("due"), promise["progress"]
    by = f"{due:%-d %B %Y}" if due else ""
    state = standing(promise, today)
    if state == "done":
        return f"Done: {progress}"
    if state == "not possible":
        return f"Not possible: {promise['reason']}"
    if state == "late":
        return f"It was due by {by}; " + (f"so far: {progress}" if progress else
                                           "nothing has been reported yet.")
    said = "Under way" if state == "in progress" else "Not started yet"
    return said + (f", due by {by}" if by else "") + (f": {progress}" if progress else ".")


def for_a_card(promises: Iterable[Mapping[str, Any]], today: date,
               limit: int = 320) -> dict[str, Any] | None:
    """The promise a card tells residents about: the one changed last whose request and
    what happened (see :func:`what_happened`) fit in ``limit`` characters, whole; None when
    none does."""
    fitting = [p for p in promises
               if len(p["asked"]) + len(what_happened(p, today)) <= limit]
    return dict(max(fitting, key=lambda p: (p["updated_at"], p["id"]))) if fitting else None


#: The columns of the public tracker, as a download names them.
TRACKER_COLUMNS = ("You said", "We promised", "Who promised", "Made at", "Made on", "For",
                   "Themes", "Due", "Where it stands", "What happened", "Last changed")


def tracker_rows(promises: Iterable[Mapping[str, Any]], today: date,
                 names: Mapping[str, str], borough: str) -> list[dict[str, str]]:
    """The tracker as rows of text, in :func:`ordered` order, with the columns of
    :data:`TRACKER_COLUMNS`.

    Parameters
    ----------
    promises : iterable of Mapping
        The promises (only public ones, for anything the public sees).
    today : date
        The day the tracker is for: what is late is late on this day.
    names : Mapping
        Area codes and their names (a code without a name is shown as it is).
    borough : str
        The borough's name, for promises made for the whole of it.
    """
    rows = []
    for p in ordered(promises, today):
        by = p["by_organisation"] + (f" ({p['by_role']})" if p["by_role"] else "")
        rows.append(dict(zip(TRACKER_COLUMNS, (
            p["asked"], p["promised"], by, p["made_at"], f"{p['made_on']:%-d %B %Y}",
            "; ".join(names.get(c, c) for c in p["areas"]) or f"the whole of {borough}",
            "; ".join(p["themes"]), f"{p['due']:%-d %B %Y}" if p["due"] else "",
            STANDING_WORDS[standing(p, today)],
            p["reason"] if p["status"] == "not possible" else
            p["progress"] or "Nothing reported yet.",
            f"{p['updated_at']:%-d %B %Y}"), strict=True)))
    return rows


def tracker_csv(promises: Iterable[Mapping[str, Any]], today: date,
                names: Mapping[str, str], borough: str) -> str:
    """The tracker (see :func:`tracker_rows`) as CSV, text a spreadsheet would take for a
    formula quoted (see :func:`indices.tables.neutralise`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TRACKER_COLUMNS)
    writer.writeheader()
    for row in tracker_rows(promises, today, names, borough):
        writer.writerow({k: neutralise(v) for k, v in row.items()})
    return out.getvalue()


class PromiseStore(PlacedStore):
    """Promises in a database opened with :func:`data.store.db.open_engine`."""

    kind, plural = "promise", "promises"
    model = Promise
    change_model = PromiseChange
    change_key = "promise_id"
    fields = ("id", "lad_code", "asked", "promised", "by_organisation", "by_role", "made_at",
              "made_on", "areas", "themes", "due", "status", "progress", "reason",
              "visibility", "personal_data", "privacy_checked", "retired", "version",
              "updated_at", "updated_by")
    clean = staticmethod(clean_promise)
    checked_words = WORDS
    required, dated = frozenset(REQUIRED_COLUMNS), "made_on"
    is_public = staticmethod(promise_is_public)

    def promises(self, lad_code: str | None = None, areas: Iterable[str] | None = None,
                 public: bool = False, include_retired: bool = False,
                 whole_borough: bool = True) -> list[dict[str, Any]]:
        """Return promises, newest made first (see :meth:`PlacedStore.placed`; public ones
        by :func:`promise_is_public`)."""
        return self.placed(lad_code, areas, public, include_retired, whole_borough)
