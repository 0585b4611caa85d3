"""Neighbourhood profile page: every figure for one neighbourhood."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard import cache, stores
from dashboard.components import (
    notes_view,
    profile_view,
    promises_view,
    records_view,
    stories_view,
)
from dashboard.components.area_picker import area_picker
from dashboard.reports.briefing import briefing_file_name, briefing_pdf
from dashboard.roles import can_edit
from dashboard.state import role
from dashboard.text import plain, plain_table
from data.areas.assets import ASSET_TYPES, assets_near
from data.areas.capacity import listing
from data.areas.change import describe_change
from data.areas.profiles import build_profile
from data.readiness.results import beside
from data.store.promises import ordered, tally, tally_sentence
from indices.editions import describe_move

#: How many of the area's promises the profile shows (late ones first); the rest are on the
#: You said, we did page.
PROMISES_SHOWN = 5

work = cache.current()
borough, areas, run = work.borough, work.areas, work.run

st.title("Neighbourhood profile")
code = area_picker(areas.table, run, key="profile_area")
profile = build_profile(code, run, areas.table, borough.region, areas.hidden, borough.name)

profile_view.headline(profile)
briefings = cache.briefing_maker()  # made when the button is clicked, not before
st.download_button(
    "Download this neighbourhood's briefing (PDF)",
    data=lambda: briefing_pdf(briefings(), code),
    file_name=briefing_file_name(code, profile.name), mime="application/pdf",
    icon=":material/picture_as_pdf:", key="profile_briefing", on_click="ignore",
)
intervals = cache.rank_intervals()
profile_view.rank_interval(profile, intervals.areas, intervals.settings.draws)
st.markdown("#### Domains")
profile_view.domains(profile)
profile_view.drivers(run, profile)
st.markdown("#### Indicators")
profile_view.indicators(profile, borough.region_name)
st.markdown("#### Compared with areas like it")
profile_view.compared_with_neighbours(cache.neighbours(), code)
st.markdown("#### Compared with the borough and the region")
profile_view.compared(profile, work)

st.markdown("#### Change since 2019")
over_time = cache.over_time()
if not isinstance(over_time, str):
    st.write(plain(describe_move(over_time.change, code, over_time.labels,
                                 f"{borough.name}'s {len(areas.table)} {areas.plural}")))
    st.caption(f"The index built on the {len(over_time.editions.used)} of its indicators that "
               "IoD2019 has too.")
    st.page_link("views/over_time.py", icon=":material/history:",
                 label="How every area moved, on the Change over time page")
moved = describe_change(cache.imd_change(), areas.members.index[areas.members == code])
if moved:
    st.write(moved["summary"])
    st.caption(moved["detail"])
else:
    st.write("No national IMD figures for this area.")

st.markdown("#### Community assets nearest to it")
register = cache.asset_register()
if len(register):
    points = gpd.GeoDataFrame(register, crs=4326,
                              geometry=gpd.points_from_xy(register["lon"], register["lat"]))
    area = areas.areas.set_index("code").geometry[code]
    near = assets_near(points, area, within=1500).head(10)
    st.table(plain_table(pd.DataFrame({
        "Name": near["name"], "Category": near["category"].map(ASSET_TYPES).fillna(
            near["category"]),
        "Where": ["inside" if i else f"{d:,.0f} m away"
                  for i, d in zip(near["inside"], near["distance_m"], strict=True)],
        "Address": near["address"].fillna("")})), hide_index=True, border="horizontal")

st.markdown("#### Voluntary and community organisations working here")
here = listing(cache.sector().serving(code), profile.name, borough.name)
if len(here):
    st.dataframe(here, hide_index=True, width="stretch")
    st.caption("From the organisations' own answers to the asset survey, read by the council. "
               "Staff and volunteer figures are shown where an organisation agreed.")
else:
    st.write("No organisation that has answered the asset survey says it works here yet.")
st.page_link("views/sector.py", icon=":material/volunteer_activism:",
             label="The voluntary sector's capacity across the borough")

st.markdown("#### How ready partners are to work together")
profile_view.readiness_beside(beside(cache.readiness_summaries(borough.code),
                                     areas.within(code)), borough.name)

editable = can_edit(role())
st.markdown("#### You said, we did")
names, today = work.place_names(), date.today()
promises = ordered(stores.promise_store().promises(borough.code, areas=areas.within(code),
                                                   public=not editable), today)
st.write(plain(tally_sentence(tally(promises, today),
                              f"{profile.name} or all of {borough.name}")))
for promise in promises[:PROMISES_SHOWN]:
    with st.container(border=True):
        promises_view.card(promise, today, names, borough.name, staff=editable)
more = len(promises) - PROMISES_SHOWN
st.page_link("views/promises.py", icon=":material/handshake:",
             label=(f"The other {more}, and every promise in the borough" if more > 0 else
                    "Every promise in the borough") + ", on the You said, we did page")

themes = stores.theme_store().names() if editable else []
stories_view.stories_panel(stores.story_store(), borough.code, code, areas.within(code), names,
                           borough.name, editable, themes)

notes_view.notes_panel(stores.note_store(), code, profile.name,
                       {i.code: i.name for i in run.spec.indicators},
                       list(areas.table.index), editable, within=areas.within(code),
                       themes=themes, borough=(borough.name, list(names)))
if editable:
    with st.expander("Export or import every note"):
        records_view.transfer(stores.note_store(), "notes", areas=list(areas.table.index))
