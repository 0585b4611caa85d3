"""Running partnership readiness, for editors: the partnerships of a borough and the place
each serves, their waves (each on a version of the instrument), each wave's link to share,
and answers gathered elsewhere imported through a column-matching step. The results page
shows these panels; the survey itself is :mod:`dashboard.views.readiness_survey`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import streamlit as st

from dashboard import cache, stores
from dashboard.components.records_view import who
from dashboard.failures import refused_file
from dashboard.roles import can_edit
from dashboard.state import (
    READINESS_MATCHING_KEY,
    READINESS_PROBLEM_KEY,
    flash,
    place,
    readiness_address,
    role,
)
from dashboard.text import plain
from data.areas.geography import GREATER_MANCHESTER
from data.errors import DataLayerError, RecordError, UnreadableFile
from data.readiness.imports import NEEDED, file_fields, match_columns, responses_from_table
from data.readiness.instrument import DEFAULT_INSTRUMENT, instrument_names, load_instrument
from data.userfiles.read import table_of


def _act(change: Callable[[], Any], done: str) -> None:
    """Make a change from a button's callback: say it was done, or keep why it was refused
    to show (a stale edit, a closed wave, a busy database)."""
    try:
        change()
        flash(done)
    except DataLayerError as error:
        st.session_state[READINESS_PROBLEM_KEY] = plain(str(error))


def place_choices(lad_code: str) -> dict[str, str]:
    """The places a partnership of a borough can serve: the whole borough, each ward and
    each neighbourhood (2021 LSOA), code -> name."""
    places = cache.survey_places(lad_code)
    return {lad_code: f"The whole of {places.name}",
            **{c: f"{n} (ward)" for c, n in places.wards.items()}, **places.lsoas}


def _problem() -> None:
    problem = st.session_state.pop(READINESS_PROBLEM_KEY, None)
    if problem:
        st.error(problem, icon=":material/error:")


def partnerships_panel(lad_code: str | None = None) -> None:
    """The partnerships of a borough (the one chosen by default), for editors: make one
    with the place it serves; open a wave on a version of the instrument; make, show and
    close its link; close a wave."""
    if not can_edit(role()):
        st.info("Setting up partnerships and their surveys needs the editor role.",
                icon=":material/lock:")
        return
    lad_code = lad_code or place()[1]
    if lad_code == GREATER_MANCHESTER:
        st.info("Partnerships belong to a borough: choose one in the sidebar.",
                icon=":material/location_city:")
        return
    store = stores.readiness_store()
    choices = place_choices(lad_code)
    _problem()
    with st.expander("Add a partnership"), st.form("readiness_new_partnership"):
        st.text_input("Name of the partnership", max_chars=200, key="readiness_new_name",
                      placeholder="Coldhurst Neighbourhood Partnership")
        st.selectbox("The place it serves", list(choices), format_func=choices.get,
                     key="readiness_new_place")
        st.text_area("Who is in it (optional)", max_chars=5000, key="readiness_new_about",
                     placeholder="The council, the NHS trust, Greater Manchester Police, "
                     "Action Together")
        if st.form_submit_button("Add the partnership"):
            get = st.session_state.get
            _act(lambda: store.add_partnership(get("readiness_new_name", ""), lad_code, who(),
                                               get("readiness_new_place") or lad_code,
                                               get("readiness_new_about", "")),
                 f"Added the partnership {plain(get('readiness_new_name', ''))}.")
            st.rerun()
    partnerships = store.partnerships_of(lad_code)
    if not partnerships:
        st.caption("No partnership of this borough has been added yet.")
    for partnership in partnerships:
        _partnership(store, partnership, choices)


def _partnership(store, partnership: Mapping[str, Any], choices: Mapping[str, str]) -> None:
    key = f"readiness_p{partnership['id']}"
    with st.container(border=True):
        st.markdown(f"**{plain(partnership['name'])}** · "
                    f"{plain(choices.get(partnership['place_code'], partnership['place_code']))}")
        if partnership["description"]:
            st.caption(plain(partnership["description"]))
        for wave in store.waves_of(partnership["id"]):
            _wave(store, wave, key)
        a, b, c = st.columns([2, 2, 1], vertical_alignment="bottom")
        a.text_input("Name of a new wave", str(date.today().year), max_chars=100,
                     key=f"{key}_label")
        names = instrument_names()
        b.selectbox("Questions", names, index=names.index(DEFAULT_INSTRUMENT),
                    format_func=lambda n: load_instrument(n).label, key=f"{key}_instrument")
        c.button("Open the wave", key=f"{key}_open", on_click=_act, args=(
            lambda: store.open_wave(partnership["id"], st.session_state.get(f"{key}_label", ""),
                                    who(), st.session_state.get(f"{key}_instrument")
                                    or DEFAULT_INSTRUMENT),
            f"Opened a wave of {plain(partnership['name'])}."))


def _wave(store, wave: Mapping[str, Any], key: str) -> None:
    key = f"{key}_w{wave['id']}"
    answered = len(store.responses(wave["id"]))
    closed = wave["closed_on"] is not None
    st.markdown(f"Wave **{plain(wave['label'])}**: {answered} "
                f"{'response' if answered == 1 else 'responses'} · opened "
                f"{wave['opened_on']:%d %b %Y}"
                + (f" · closed {wave['closed_on']:%d %b %Y}" if closed else "")
                + f" · {plain(store.instrument_of(wave).label)}")
    if closed:
        return
    link = store.link_of(wave["id"])
    if link is None:
        st.button("Make the survey link", key=f"{key}_link", on_click=_act, args=(
            lambda: store.make_link(wave["id"], who()),
            f"Made the link of the wave {plain(wave['label'])}: share it with the partners."))
    else:
        st.caption("Share this link with the partners. Anyone with it can answer, once per "
                   "browser; it shows nothing else of the app.")
        st.code(readiness_address(link["token"]), language=None, wrap_lines=True)
    a, b = st.columns(2)
    if link is not None:
        a.button("Close the link", key=f"{key}_close_link", on_click=_act, args=(
            lambda: store.close_link(wave["id"], who()),
            "Closed the link: it no longer opens the survey."))
    b.button("Close the wave", key=f"{key}_close", on_click=_act, args=(
        lambda: store.close_wave(wave["id"], wave["version"], who()),
        f"Closed the wave {plain(wave['label'])}: it takes no more answers."))


def import_panel(wave: Mapping[str, Any]) -> None:
    """Import a wave's answers gathered elsewhere (a CSV or Excel file, such as a form
    tool's export or a paper survey typed up): match the file's columns to the questions,
    and every row is checked as the survey checks it; nothing is added unless every row is
    good."""
    if not can_edit(role()):
        st.info("Importing answers needs the editor role.", icon=":material/lock:")
        return
    store = stores.readiness_store()
    instrument = store.instrument_of(wave)
    fields = file_fields(instrument)
    key = f"readiness_import_{wave['id']}"
    st.write("Answers collected elsewhere: one row per person, with a column for their "
             "sector, their role and each question they answered (a score from 0 to 3, its "
             "words such as \"a great deal\", or \"not applicable\"). Nothing is added unless "
             "every row is good.")
    upload = st.file_uploader("File of answers (CSV or XLSX)", type=["csv", "xlsx"],
                              key=f"{key}_file")
    if upload is None:
        return
    try:
        table = table_of(upload.getvalue(), upload.name)
    except UnreadableFile as error:
        st.error(plain(f"{error} {error.fix}"))
        return
    headings = [str(h) for h in table.cells.columns]
    # the matching is kept for a file of the same columns: a corrected file keeps it
    layout = hashlib.sha256("\n".join(headings).encode()).hexdigest()[:12]
    kept = st.session_state.setdefault(READINESS_MATCHING_KEY, {})
    guessed = kept.get(layout) or match_columns(headings, instrument)
    st.caption(f"{plain(table.label)}: {len(table.rows)} rows. Check each match; a name is "
               "kept only where the \"Give my name\" column says yes.")
    matched: dict[str, str | None] = {}
    columns = st.columns(3)
    options = [None, *headings]
    for i, (field, label) in enumerate(fields.items()):
        matched[field] = columns[i % 3].selectbox(
            label + (" *" if field in NEEDED else ""), options,
            index=options.index(guessed.get(field)) if guessed.get(field) in options else 0,
            format_func=lambda h: "(none)" if h is None else h, key=f"{key}_{layout}_{field}")
    kept[layout] = matched
    if st.button("Check and import", key=f"{key}_go", type="primary"):
        responses, problems = responses_from_table(table.cells, table.rows, matched, instrument)
        try:
            if problems:
                raise RecordError(problems, table.label)
            added = store.import_responses(wave["id"], responses, table.label, who(),
                                           rows=table.rows)
        except RecordError as error:
            refused_file(table.label, error.problems, matched=True)
        else:
            flash(f"Added {added} people's answers from {plain(table.label)} to the wave "
                  f"{plain(wave['label'])}.")
            st.rerun()
