"""Thriving Community Index: the Streamlit app's entry point and page router.

Start it with ``tci app`` or ``python -m dashboard`` (``scripts/run_app.sh`` does), which
also warm its caches; the package is installed into ``.venv`` by ``scripts/setup.sh``.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from dashboard import cache, roles, state, stores
from dashboard.components import records_view
from dashboard.text import plain
from data.areas.geography import DEFAULT_BOROUGH, GREATER_MANCHESTER, place_name, places
from data.areas.levels import level_choices
from data.errors import DataRootNotFound
from data.fetch.borough import local_only_absent
from data.opendata.sources import ATTRIBUTION
from data.settings import DATA_ROOT_ENV, data_root


def main() -> None:
    """One run of the app: the page set-up, the sidebar, and the page asked for."""
    if state.READINESS_PARAM in st.query_params:
        readiness_survey()
        return
    if state.SURVEY_PARAM in st.query_params or roles.survey_only():
        survey()
        return
    in_meeting = st.query_params.get(state.MODE_PARAM) == "meeting"

    # A local icon: a Material icon or emoji here would be fetched from the internet.
    st.set_page_config(page_title="Thriving Community Index",
                       page_icon=str(Path(__file__).parent / "static" / "icon.png"), layout="wide",
                       initial_sidebar_state="collapsed" if in_meeting else "auto")
    st.session_state[state.ROLE_KEY] = roles.current_role()
    state.keep_settings()
    try:
        root = data_root()
    except DataRootNotFound as error:
        if os.environ.get(DATA_ROOT_ENV, "").strip():  # set, but wrong: fetching would not help
            st.error(str(error), icon=":material/error:")
            st.stop()
        st.session_state[state.NO_DATA_KEY] = str(error)  # a fresh machine: offer to fetch
        st.navigation([st.Page("views/fetch.py", title="Get the open data",
                               icon=":material/download:")], position="hidden").run()
        st.stop()
    names = cache.borough_names(root)
    choices = places(names)
    # a link may name the borough (?borough=E08000005) and the areas (?level=ward)
    if st.session_state.get(state.BOROUGH_KEY) not in choices:
        asked = st.query_params.get(state.BOROUGH_KEY)
        st.session_state[state.BOROUGH_KEY] = asked if asked in choices else (
            DEFAULT_BOROUGH if DEFAULT_BOROUGH in choices else choices[0])
    levels = level_choices(st.session_state[state.BOROUGH_KEY] == GREATER_MANCHESTER,
                           stores.neighbourhood_store().names())
    if st.session_state.get(state.LEVEL_KEY) not in levels:  # or a level now gone
        asked = st.query_params.get(state.LEVEL_KEY)
        st.session_state[state.LEVEL_KEY] = asked if asked in levels else "lsoa"

    meeting = st.Page("views/meeting.py", title="Meeting mode", icon=":material/co_present:",
                      url_path="meeting")
    # Pages live in views/, not pages/: a pages/ folder would also be served on its own,
    # outside this router.
    pages = st.navigation([meeting], position="hidden") if in_meeting else st.navigation(
        [
            st.Page("views/explore.py", title="Map", icon=":material/map:", default=True),
            st.Page("views/profile.py", title="Neighbourhood profile", icon=":material/article:",
                    url_path="profile"),
            st.Page("views/neighbours.py", title="Areas like this one",
                    icon=":material/compare_arrows:", url_path="neighbours"),
            st.Page("views/assets.py", title="Community assets", icon=":material/diversity_3:",
                    url_path="assets"),
            st.Page("views/sector.py", title="Voluntary sector",
                    icon=":material/volunteer_activism:", url_path="sector"),
            st.Page("views/readiness.py", title="Partnership readiness",
                    icon=":material/groups:", url_path="readiness"),
            st.Page("views/promises.py", title="You said, we did", icon=":material/handshake:",
                    url_path="promises"),
            st.Page("views/voice.py", title="What people say", icon=":material/record_voice_over:",
                    url_path="voice"),
        ] + ([st.Page("views/conversations.py", title="Community conversations",
                      icon=":material/forum:", url_path="conversations"),
              st.Page("views/asset_survey.py", title="Asset survey",
                      icon=":material/assignment:", url_path="asset-survey")]
             if roles.can_edit(state.role()) else []) + [
            st.Page("views/briefings.py", title="Briefings", icon=":material/picture_as_pdf:",
                    url_path="briefings"),
            st.Page("views/downloads.py", title="Downloads", icon=":material/download:",
                    url_path="downloads"),
            st.Page("views/your_data.py", title="Your data", icon=":material/upload_file:",
                    url_path="your-data"),
        ] + ([st.Page("views/builder.py", title="Index builder", icon=":material/tune:",
                      url_path="builder")]
             if roles.can_administer(state.role()) else [])
        + [
            st.Page("views/robustness.py", title="Robustness", icon=":material/insights:",
                    url_path="robustness"),
            st.Page("views/over_time.py", title="Change over time", icon=":material/history:",
                    url_path="over-time"),
            st.Page("views/rates.py", title="Rates", icon=":material/stacked_line_chart:",
                    url_path="rates"),
            st.Page("views/methods.py", title="Methods", icon=":material/menu_book:",
                    url_path="methods"),
            meeting,
        ],
        expanded=True,  # every page listed: none hidden behind "View more"
    )
    if not in_meeting:
        st.sidebar.selectbox("Borough", choices, format_func=lambda code: place_name(code, names),
                             key=state.BOROUGH_KEY, help="The boroughs in the data folder (all of "
                             "Greater Manchester's too, when the data has its ten).")
        st.sidebar.selectbox("Areas", list(levels), format_func=levels.get,
                             key=state.LEVEL_KEY, help="The areas the index is built, "
                             "mapped and ranked over. Define your own neighbourhoods on the "
                             "Your data page.")
        # the address names the borough and the areas, so that a shared link opens the same view
        st.query_params[state.BOROUGH_KEY] = st.session_state[state.BOROUGH_KEY]
        st.query_params[state.LEVEL_KEY] = st.session_state[state.LEVEL_KEY]
        if roles.can_edit(state.role()) and not roles.sign_in_configured():
            records_view.who_field()
        with st.sidebar:
            if roles.sign_in_configured():
                st.caption(f"Signed in as {plain(str(st.user.get('email')))} "
                           f"({state.role()})")
                st.button("Sign out", on_click=st.logout, key="sign_out")
            elif state.role() == "viewer":
                st.caption("Read-only: this app is set up for viewing.")
            absent = local_only_absent(root)
            if absent:
                st.info(f"No {', '.join(absent)} in this data: they have no national open source "
                        "to fetch. Upload your own.", icon=":material/upload_file:")
            st.caption(ATTRIBUTION)
    state.show_flash()
    pages.run()


def survey() -> None:
    """The asset survey of a link, before any sign-in, and nothing else: no sidebar, no
    page list, no other page reachable from it."""
    st.set_page_config(page_title="Community organisations survey",
                       page_icon=str(Path(__file__).parent / "static" / "icon.png"),
                       layout="centered", initial_sidebar_state="collapsed")
    st.navigation([st.Page("views/survey.py", title="Community organisations survey",
                           url_path="survey", default=True)], position="hidden").run()


def readiness_survey() -> None:
    """A partnership's readiness survey of a link, before any sign-in, and nothing else (as
    :func:`survey`)."""
    st.set_page_config(page_title="Partnership readiness survey",
                       page_icon=str(Path(__file__).parent / "static" / "icon.png"),
                       layout="centered", initial_sidebar_state="collapsed")
    st.navigation([st.Page("views/readiness_survey.py", title="Partnership readiness survey",
                           url_path="readiness-survey", default=True)],
                  position="hidden").run()


with cache.app_run():  # the server's warm-up keeps out of the way of every run, start to end
    main()
