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

from data.sources import ATTRIBUTION  # noqa: E402

# A local icon: a Material icon or emoji here would be fetched from the internet.
st.set_page_config(page_title="Thriving Community Index",
                   page_icon=str(Path(__file__).parent / "static" / "icon.png"), layout="wide")

pages = st.navigation(
    [
        st.Page("pages/explore.py", title="Map", icon=":material/map:", default=True),
        st.Page("pages/profile.py", title="Neighbourhood profile", icon=":material/article:"),
        st.Page("pages/methods.py", title="Methods", icon=":material/menu_book:"),
    ]
)
with st.sidebar:
    st.caption(ATTRIBUTION)
pages.run()
