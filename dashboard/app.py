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

from dashboard.components import notes_view  # noqa: E402
from data.sources import ATTRIBUTION  # noqa: E402

# A local icon: a Material icon or emoji here would be fetched from the internet.
st.set_page_config(page_title="Thriving Community Index",
                   page_icon=str(Path(__file__).parent / "static" / "icon.png"), layout="wide")

# Pages live in views/, not pages/: a pages/ folder would also be served on its own,
# outside this router.
pages = st.navigation(
    [
        st.Page("views/explore.py", title="Map", icon=":material/map:", default=True),
        st.Page("views/profile.py", title="Neighbourhood profile", icon=":material/article:",
                url_path="profile"),
        st.Page("views/assets.py", title="Community assets", icon=":material/diversity_3:",
                url_path="assets"),
        st.Page("views/briefings.py", title="Briefings", icon=":material/picture_as_pdf:",
                url_path="briefings"),
        st.Page("views/builder.py", title="Index builder", icon=":material/tune:",
                url_path="builder"),
        st.Page("views/robustness.py", title="Robustness", icon=":material/insights:",
                url_path="robustness"),
        st.Page("views/methods.py", title="Methods", icon=":material/menu_book:",
                url_path="methods"),
    ]
)
notes_view.who_field()
with st.sidebar:
    st.caption(ATTRIBUTION)
pages.run()
