"""Promises made to communities ("you said, we did"): each one as a card, the tracker's
counts, and the form and controls editors change them with."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import streamlit as st

from dashboard.components import records_view
from dashboard.text import plain
from data.store.models import PROMISE_STATUSES
from data.store.promises import (
    STANDING_WORDS,
    PromiseStore,
    promise_is_public,
    standing,
    tally,
    tracker_csv,
    what_happened,
)
from data.workspace import Workspace

#: How each standing is marked: a word in a coloured badge (the word says it; the colour
#: only helps).
BADGES = {state: f":{colour}-badge[{STANDING_WORDS[state]}]" for state, colour in (
    ("late", "red"), ("in progress", "orange"), ("promised", "gray"), ("done", "green"),
    ("not possible", "violet"))}


def tracker_download(store: PromiseStore, work: Workspace, key: str) -> None:
    """A button that downloads the borough's public tracker as CSV, made when clicked (see
    :func:`data.store.promises.tracker_csv`)."""
    borough = work.borough
    st.download_button(
        "Download the public tracker (CSV)",
        data=lambda: tracker_csv(store.promises(borough.code, public=True), date.today(),
                                 work.place_names(), borough.name),
        file_name=f"you-said-we-did_{borough.code}_{date.today():%Y-%m-%d}.csv",
        mime="text/csv", icon=":material/download:", key=key, on_click="ignore",
        help=f"Every public promise made in {borough.name}, with where it stands today.")


def counts(promises: list[dict], today: date) -> None:
    """The tracker's counts, as a row of figures."""
    tallied = tally(promises, today)
    labels = {"all": "Promises"} | {s: STANDING_WORDS[s] for s in
                                     ("done", "in progress", "promised", "late", "not possible")}
    for column, (key, label) in zip(st.columns(len(labels)), labels.items(), strict=True):
        column.metric(label, f"{tallied[key]:,}")


def card(promise: Mapping, today: date, names: Mapping[str, str], borough: str,
         staff: bool = False) -> None:
    """One promise: what people said, what was promised and by whom, and what happened.

    Parameters
    ----------
    promise : Mapping
        The promise.
    today : date
        The day it is late on, or not.
    names : Mapping
        Area codes and their names.
    borough : str
        The borough's name, for a promise made for the whole of it.
    staff : bool
        Also say who may read it and when it was last changed (for editors).
    """
    state = standing(promise, today)
    where = "; ".join(names.get(c, c) for c in promise["areas"]) or f"the whole of {borough}"
    by = promise["by_organisation"] + (f", {promise['by_role']}" if promise["by_role"] else "")
    st.markdown(f"{BADGES[state]} **You said:** {plain(promise['asked'])}  \n"
                f"**We promised:** {plain(promise['promised'])}  \n"
                f"**What happened:** {plain(what_happened(promise, today))}")
    st.caption(plain(f"{by} · {promise['made_at']}, {promise['made_on']:%-d %B %Y} · for "
                     f"{where}" + (f" · {'; '.join(promise['themes'])}"
                                   if promise["themes"] else "")))
    if staff:
        records_view.staff_line(promise, promise_is_public({**promise, "retired": False}))


def form(key: str, promise: Mapping, places: Mapping[str, str], themes: list[str]
         ) -> dict | None:
    """A form for a promise's fields; returns them when submitted.

    Parameters
    ----------
    key : str
        The form's key; its fields are keyed by it, so what a person typed stays while a
        colleague's newer version is shown above it.
    promise : Mapping
        The promise being changed (empty for a new one).
    places : Mapping
        The area codes a promise can be made for, with their names.
    themes : list of str
        The theme list (the promise's own themes are offered too, should one have been
        retired since).
    """
    with st.form(key, clear_on_submit=not promise):
        asked = st.text_area("What people asked for (you said)", promise.get("asked", ""),
                             height=80, key=f"{key}_asked")
        promised = st.text_area("What was promised (we will)", promise.get("promised", ""),
                                height=80, key=f"{key}_promised")
        left, right = st.columns(2)
        organisation = left.text_input("Organisation that promised it",
                                       promise.get("by_organisation", ""), key=f"{key}_org")
        role = right.text_input("Their role or team (optional)", promise.get("by_role", ""),
                                key=f"{key}_role")
        left, middle, right = st.columns([2, 1, 1])
        made_at = left.text_input("Where it was made (the meeting or conversation)",
                                  promise.get("made_at", ""), key=f"{key}_at")
        made_on = middle.date_input("When", promise.get("made_on") or date.today(),
                                    format="DD/MM/YYYY", key=f"{key}_on")
        due = right.date_input("Due (optional)", promise.get("due"), format="DD/MM/YYYY",
                               key=f"{key}_due")
        areas, chosen = records_view.placing(promise, key, places, themes,
                                             "For which areas (none: the whole borough)")
        left, right = st.columns(2)
        status = left.selectbox("Where it stands", PROMISE_STATUSES,
                                index=PROMISE_STATUSES.index(promise.get("status", "promised")),
                                key=f"{key}_status")
        visibility = records_view.visibility(right, promise, key, default="public")
        progress = st.text_area("What has been done (we did); needed once it is done",
                                promise.get("progress", ""), height=68, key=f"{key}_progress")
        reason = st.text_area("Why it is not possible; needed with that status",
                              promise.get("reason", ""), height=68, key=f"{key}_reason")
        fields = records_view.privacy_check(promise, key)
        if st.form_submit_button("Save promise" if promise else "Add promise", type="primary"):
            return {"asked": asked, "promised": promised, "by_organisation": organisation,
                    "by_role": role, "made_at": made_at, "made_on": made_on, "due": due,
                    "areas": areas, "themes": chosen, "status": status,
                    "visibility": visibility, "progress": progress, "reason": reason,
                    **fields}
    return None


def edit_controls(store: PromiseStore, promise: dict, places: Mapping[str, str],
                  themes: list[str], today: date, borough: str) -> None:
    """The edit form, the retire button and the history of a promise (see
    :func:`~dashboard.components.records_view.save_or_retire`)."""
    changes = form(f"promise_edit_{promise['id']}", promise, places, themes)
    records_view.save_or_retire(store, promise, changes,
                                lambda p: card(p, today, places, borough, staff=True),
                                areas=list(places), themes=[*themes, *promise["themes"]])
    records_view.history(store, promise["id"], lambda p: STANDING_WORDS[p["status"]])
