"""Briefings page: a neighbourhood's briefing PDF, or every one at a level as a ZIP."""

from __future__ import annotations

import io

import streamlit as st

from dashboard import cache
from dashboard.reports.briefing import area_codes, briefing_pdf, file_name, write_all
from dashboard.state import BRIEFING_ARCHIVE_KEY, select_area, selected_area
from dashboard.text import plain

st.title("Neighbourhood briefings")
make = cache.briefing_maker()  # with the public notes as they are when it is called
context = cache.briefing_context()
st.caption("A4 briefings of two to four pages: headline figures and rank interval, maps, "
           f"domains, every indicator against {context.borough.name} and "
           f"{context.borough.region_name}, change since IMD 2019, community assets nearby, "
           "method and sources. Small numbers are hidden.")

level = context.level
codes = area_codes(context)
names = level.table["area_name"]
st.caption(f"Briefings are made for {context.borough.name}'s {plain(level.describe())}: "
           "choose other areas in the sidebar.")

st.markdown("#### One briefing")
code = selected_area(codes)
chosen = st.selectbox("Area", codes, index=codes.index(code), key="briefing_area",
                      format_func=lambda c: f"{names[c]} ({c})")
if chosen != code:
    select_area(chosen)
st.download_button(
    f"Download the briefing for {plain(names[chosen])} (PDF)",
    data=lambda: briefing_pdf(make(), chosen),
    file_name=file_name(context, chosen), mime="application/pdf",
    icon=":material/download:", key="briefing_one", on_click="ignore",
)

st.markdown("#### Every briefing")
st.write(f"{len(codes)} briefings, one for each of the {level.plural}, in one ZIP file.")
if st.button("Make every briefing", key="briefing_all"):
    bar = st.progress(0.0, text="Starting…")
    buffer = io.BytesIO()

    def progress(done: int, total: int, code: str) -> None:
        bar.progress(done / total, text=f"{done} of {total}: {plain(names[code])}")

    write_all(context, buffer, progress, workers=2)
    st.session_state[BRIEFING_ARCHIVE_KEY] = (cache.level_signature(), buffer.getvalue())
    bar.progress(1.0, text=f"All {len(codes)} briefings are ready.")
made_for, archive = st.session_state.get(BRIEFING_ARCHIVE_KEY, (None, None))
if archive and made_for == cache.level_signature():
    st.download_button(f"Download all {len(codes)} briefings (ZIP)", archive,
                       f"briefings_{context.borough.name.lower()}_{level.level}.zip",
                       "application/zip", icon=":material/folder_zip:",
                       key="briefing_zip", on_click="ignore")
