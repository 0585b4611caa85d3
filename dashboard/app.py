"""Thriving Community Index: the Streamlit app's entry point and page router.

Run with ``streamlit run dashboard/app.py`` from the repository root.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # streamlit puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import cache, roles  # noqa: E402
from dashboard.components import notes_view  # noqa: E402
from data.geography import (  # noqa: E402
    BOROUGHS,
    DEFAULT_BOROUGH,
    GREATER_MANCHESTER,
    place_name,
)
from data.levels import level_choices  # noqa: E402
from data.sources import ATTRIBUTION  # noqa: E402

PLACES = [*BOROUGHS, GREATER_MANCHESTER]

MEETING = st.query_params.get("mode") == "meeting"

# A local icon: a Material icon or emoji here would be fetched from the internet.
st.set_page_config(page_title="Thriving Community Index",
                   page_icon=str(Path(__file__).parent / "static" / "icon.png"), layout="wide",
                   initial_sidebar_state="collapsed" if MEETING else "auto")
st.session_state["role"] = roles.current_role()
if cache.BOROUGH_KEY not in st.session_state:  # a link may name the borough: ?borough=E08000005
    asked = st.query_params.get("borough")
    st.session_state[cache.BOROUGH_KEY] = asked if asked in PLACES else DEFAULT_BOROUGH
LEVELS = level_choices(st.session_state[cache.BOROUGH_KEY] == GREATER_MANCHESTER,
                       cache.neighbourhood_store().names())
if st.session_state.get(cache.LEVEL_KEY) not in LEVELS:  # ?level=ward, or a level now gone
    asked = st.query_params.get("level")
    st.session_state[cache.LEVEL_KEY] = asked if asked in LEVELS else "lsoa"

meeting = st.Page("views/meeting.py", title="Meeting mode", icon=":material/co_present:",
                  url_path="meeting")
# Pages live in views/, not pages/: a pages/ folder would also be served on its own,
# outside this router.
pages = st.navigation([meeting], position="hidden") if MEETING else st.navigation(
    [
        st.Page("views/explore.py", title="Map", icon=":material/map:", default=True),
        st.Page("views/profile.py", title="Neighbourhood profile", icon=":material/article:",
                url_path="profile"),
        st.Page("views/assets.py", title="Community assets", icon=":material/diversity_3:",
                url_path="assets"),
        st.Page("views/briefings.py", title="Briefings", icon=":material/picture_as_pdf:",
                url_path="briefings"),
        st.Page("views/downloads.py", title="Downloads", icon=":material/download:",
                url_path="downloads"),
        st.Page("views/your_data.py", title="Your data", icon=":material/upload_file:",
                url_path="your-data"),
    ] + ([st.Page("views/builder.py", title="Index builder", icon=":material/tune:",
                  url_path="builder")] if roles.can_administer(st.session_state["role"]) else [])
    + [
        st.Page("views/robustness.py", title="Robustness", icon=":material/insights:",
                url_path="robustness"),
        st.Page("views/rates.py", title="Rates", icon=":material/stacked_line_chart:",
                url_path="rates"),
        st.Page("views/methods.py", title="Methods", icon=":material/menu_book:",
                url_path="methods"),
        meeting,
    ]
)
if not MEETING:
    st.sidebar.selectbox("Borough", list(PLACES), format_func=place_name, key=cache.BOROUGH_KEY,
                         help="Any of the ten boroughs, or all of Greater Manchester.")
    st.sidebar.selectbox("Areas", list(LEVELS), format_func=LEVELS.get, key=cache.LEVEL_KEY,
                         help="The areas the index is built, mapped and ranked over. Define "
                         "your own neighbourhoods on the Your data page.")
    if roles.can_edit(st.session_state["role"]) and not roles.sign_in_configured():
        notes_view.who_field()
    with st.sidebar:
        if roles.sign_in_configured():
            st.caption(f"Signed in as {st.user.get('email')} ({st.session_state['role']})")
            st.button("Sign out", on_click=st.logout, key="sign_out")
        elif st.session_state["role"] == "viewer":
            st.caption("Read-only: this app is set up for viewing.")
        st.caption(ATTRIBUTION)
pages.run()
