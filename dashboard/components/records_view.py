"""What the forms and controls of notes, promises and stories share: who changes are
recorded under, who may read a record, the check of its personal data, saving, retiring and
restoring the version the person saw, and its history."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from dashboard.roles import sign_in_configured
from dashboard.state import WHO_KEY, flash, saw, version_seen
from dashboard.text import plain
from data.errors import RecordError, StaleEditError, StoreError
from data.store.models import VISIBILITIES
from data.store.privacy import describe
from data.store.records import VersionedStore


def who() -> str:
    """Who changes are recorded under: the signed-in address, or the name given in the sidebar."""
    if sign_in_configured():
        return str(st.user.get("email") or "signed-in user")
    return st.session_state.get(WHO_KEY) or "local user"


def who_field() -> None:
    """Ask, once per session, for the name to record changes under."""
    st.sidebar.text_input("Your name, for the record of changes", key=WHO_KEY,
                          placeholder="local user")


#: How each visibility is offered.
VISIBILITY_WORDS = {"public": "public (residents, briefings)",
                    "internal": "internal (staff only)"}


def visibility(where: Any, record: Mapping, key: str, default: str = "internal") -> str:
    """The "Who may read it" choice, in a column or the page (``where``)."""
    return where.radio("Who may read it", VISIBILITIES, horizontal=True,
                       index=VISIBILITIES.index(record.get("visibility", default)),
                       format_func=VISIBILITY_WORDS.get, key=f"{key}_visibility")


def placing(record: Mapping, key: str, places: Mapping[str, str], themes: list[str],
            label: str, areas: list[str] | None = None) -> tuple[list[str], list[str]]:
    """The areas (none: the whole borough) and themes of a record, side by side; the
    record's own themes are offered too, should one have been retired from the list since.
    ``areas`` are those a new record starts with."""
    left, right = st.columns(2)
    chosen_areas = left.multiselect(label, list(places), record.get("areas", areas or []),
                                    format_func=places.get, key=f"{key}_areas",
                                    placeholder="The whole borough")
    chosen = right.multiselect("Themes", list(dict.fromkeys([*themes,
                                                             *record.get("themes", [])])),
                               record.get("themes", []), key=f"{key}_themes",
                               placeholder="Choose themes")
    return chosen_areas, chosen


def privacy_check(record: Mapping, key: str) -> dict[str, bool]:
    """For a record whose words seem to hold personal data, the box an editor ticks once
    they have read them; returns ``privacy_checked`` only when the box was changed (left
    alone, a change of the words undoes an earlier check)."""
    if not record.get("personal_data"):
        return {}
    checked = st.checkbox(f"I have read it: {describe(record['personal_data'].split('; '))}, "
                          "and nothing in it identifies anyone",
                          record.get("privacy_checked", False), key=f"{key}_checked")
    return {"privacy_checked": checked} if checked != record.get("privacy_checked") else {}


def held_back(record: Mapping, public: bool) -> str:
    """Why a record marked public is kept from the public ("" when it is not): for an
    editor. ``public`` is whether the public may read it, retiring aside."""
    if public or record["visibility"] != "public":
        return ""
    if "consent" in record and not record["consent"]:
        return "no consent to publish"
    return f"{describe(record['personal_data'].split('; '))}; an editor must read it"


def staff_line(record: Mapping, public: bool) -> None:
    """Who may read a record and its last change, for editors."""
    why = held_back(record, public)
    said = f"marked public, held back: {why}" if why else \
        "public" if record["visibility"] == "public" else "internal (staff only)"
    st.caption(plain(f"{said} · version {record['version']}, last changed by "
                     f"{record['updated_by']} on {record['updated_at']:%d %b %Y %H:%M}")
               + (" · **retired**" if record["retired"] else ""))


def save_or_retire(store: VersionedStore, record: dict, changes: dict | None,
                   show: Callable[[Mapping], None], rerun: Callable[[], None] = st.rerun,
                   **context: Any) -> None:
    """Save a record's changes (when its form was submitted) and offer to retire or restore
    it, each acting on the version the person saw: a colleague's change saved in between is
    refused, and the newer version shown with ``show``, never lost.

    Parameters
    ----------
    store : VersionedStore
        Where the record is kept.
    record : dict
        The record as the page shows it.
    changes : dict or None
        What its form returned.
    show : callable
        Shows a record (the newer version, after a refused change).
    rerun : callable
        Runs the page (or the panel) again after a change.
    **context
        What the store checks the changed record against (areas, themes...).
    """
    kind = store.kind
    seen = version_seen(kind, record)
    try:
        if changes is not None:
            saw(kind, store.edit(record["id"], seen, changes, who(), **context))
            flash(f"{kind.capitalize()} saved.")
            rerun()
        # a click on "Retire" after a colleague retired the record (so the button now reads
        # "Restore") is refused by its version, not taken as "Restore"
        retired = record["retired"]
        if st.button("Restore" if retired else "Retire", key=f"{kind}_retire_{record['id']}"):
            saw(kind, (store.restore if retired else store.retire)(record["id"], seen, who()))
            flash(f"{kind.capitalize()} {'restored' if retired else 'retired'}.")
            rerun()
    except StaleEditError as error:  # errors quote users' words
        st.error(plain(str(error)))
        show(error.current)
    except RecordError as error:
        st.error(plain(str(error)))
    saw(kind, record)


def history(store: VersionedStore, record_id: int,
            detail: Callable[[Mapping], str] | None = None) -> None:
    """Every change to a record, oldest first: which version, what, who and when (and a
    detail of the record after it, such as its status)."""
    for change in store.history(record_id):
        st.caption(f"Version {change['version']}: {change['action']} by "
                   f"{plain(change['changed_by'])} on {change['changed_at']:%d %b %Y %H:%M}"
                   + (f" · {plain(detail(change['record']))}" if detail else ""))


def transfer(store: VersionedStore, what: str, **context: Any) -> None:
    """Export every record of a store as CSV or JSON, and import records from such files
    (all or nothing, every problem listed).

    Parameters
    ----------
    store : VersionedStore
        Where the records are kept.
    what : str
        What the imported records are, for the uploader ("promises made in Oldham").
    **context
        What the store checks imported records against (areas, themes...).
    """
    plural = store.plural
    left, right = st.columns(2)
    # made when clicked, with the records as they are then, not on every run of the page
    for kind, mime in (("csv", "text/csv"), ("json", "application/json")):
        left.download_button(f"Export every {store.kind} ({kind.upper()})",
                             getattr(store, f"export_{kind}"), f"{plural}.{kind}", mime,
                             key=f"{plural}_export_{kind}", on_click="ignore")
    upload = right.file_uploader(f"Import {what} (CSV or JSON, as exported)",
                                 type=["csv", "json"], key=f"{plural}_import")
    if upload is not None and right.button("Import", key=f"{plural}_import_go"):
        try:
            text = upload.getvalue().decode("utf-8-sig")
            reader = store.import_json if upload.name.lower().endswith(".json") \
                else store.import_csv
            added = reader(text, upload.name, who(), **context)
            right.success(f"Imported {added} {plural} from {plain(upload.name)}.")
        except UnicodeDecodeError:
            right.error(f"{plain(upload.name)} is not UTF-8 text; save it as UTF-8 and try "
                        "again.")
        except StoreError as error:  # quotes the file's values
            right.error(plain(str(error)))
