"""Briefings page: a neighbourhood's briefing PDF, or every one at a level as a ZIP."""

from __future__ import annotations

import io

import streamlit as st

from dashboard import cache
from dashboard.reports.briefing import area_codes, briefing_pdf, file_name, write_all
from dashboard.state import select_area, selected_area
from data.levels import LEVELS

st.title("Neighbourhood briefings")
st.caption("A4 briefings of two to four pages: headline figures and rank interval, maps, "
           "domains, every indicator against the borough and Greater Manchester, change since "
           "IMD 2019, community assets nearby, method and sources. Small numbers are hidden.")

PLURALS = {"lsoa": "LSOAs (2021)", "ward": "Electoral wards (2024)"}
level = st.radio("Level", list(LEVELS), format_func=PLURALS.get, horizontal=True,
                 key="briefing_level")
context = cache.briefing_context(level)
codes = area_codes(context)
names = context.level.table["area_name"]

st.markdown("#### One briefing")
if level == "lsoa":
    code = selected_area(codes)
    index = codes.index(code)
else:
    index = 0
chosen = st.selectbox("Area", codes, index=index, key=f"briefing_area_{level}",
                      format_func=lambda c: f"{names[c]} ({c})")
if level == "lsoa" and chosen != code:
    select_area(chosen)
st.download_button(
    f"Download the briefing for {names[chosen]} (PDF)",
    data=lambda: briefing_pdf(context, chosen),
    file_name=file_name(context, chosen), mime="application/pdf",
    icon=":material/download:", key="briefing_one", on_click="ignore",
)

st.markdown("#### Every briefing")
st.write(f"{len(codes)} briefings at the {LEVELS[level]} level, in one ZIP file.")
if st.button("Make every briefing", key="briefing_all"):
    bar = st.progress(0.0, text="Starting…")
    buffer = io.BytesIO()

    def progress(done: int, total: int, code: str) -> None:
        bar.progress(done / total, text=f"{done} of {total}: {names[code]}")

    write_all(context, buffer, progress, workers=2)
    st.session_state[f"briefing_zip_{level}"] = buffer.getvalue()
    bar.progress(1.0, text=f"All {len(codes)} briefings are ready.")
archive = st.session_state.get(f"briefing_zip_{level}")
if archive:
    st.download_button(f"Download all {len(codes)} briefings (ZIP)", archive,
                       f"briefings_{context.borough.name.lower()}_{level}.zip",
                       "application/zip", icon=":material/folder_zip:",
                       key="briefing_zip", on_click="ignore")
