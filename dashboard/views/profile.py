"""Neighbourhood profile page: every figure for one neighbourhood."""

from __future__ import annotations

import streamlit as st

from dashboard import cache
from dashboard.components import notes_view, profile_view
from dashboard.components.area_picker import area_picker
from dashboard.reports.briefing import briefing_pdf, file_name
from data.profiles import build_profile

borough, result = cache.current()

st.title("Neighbourhood profile")
code = area_picker(borough.table, result, key="profile_area")
profile = build_profile(code, result, borough.table, borough.region, borough.hidden)

profile_view.headline(profile)
briefings = cache.briefing_context("lsoa")
st.download_button(
    "Download this neighbourhood's briefing (PDF)",
    data=lambda: briefing_pdf(briefings, code),
    file_name=file_name(briefings, code), mime="application/pdf",
    icon=":material/picture_as_pdf:", key="profile_briefing", on_click="ignore",
)
intervals = cache.rank_intervals()
profile_view.rank_interval(profile, intervals.areas, intervals.settings.draws)
st.markdown("#### Domains")
profile_view.domains(profile)
st.markdown("#### Indicators")
profile_view.indicators(profile)

notes_view.notes_panel(cache.note_store(), code, profile.name,
                       {i.code: i.name for i in result.spec.indicators},
                       list(borough.table.index))
with st.expander("Export or import every note"):
    notes_view.notes_transfer(cache.note_store(), list(borough.table.index))
