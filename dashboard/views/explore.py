"""Map page: the index, a domain or an indicator over the borough's neighbourhoods."""

from __future__ import annotations

import streamlit as st

from dashboard import cache
from dashboard.components import live_map, profile_view
from dashboard.components.area_picker import area_picker
from dashboard.maps import SCHEME_LABELS
from dashboard.state import EXPLORE_ASSETS_KEY, EXPLORE_MAP_KEY, select_area
from dashboard.text import plain
from data.areas.assets import ASSET_TYPES
from data.areas.profiles import build_profile

work = cache.current()
borough, areas, run = work.borough, work.areas, work.run
spec = run.spec

st.title(f"{plain(spec.name)}: {borough.name}")
st.caption(
    f"{plain(areas.describe())}. Darker areas have more need (on the map of change since 2019, red "
    "means more deprived, blue less). Click "
    "an area, or pick it from the list, to see its profile."
)

measures = {spec.code: f"{spec.name} (overall)"}
if areas.level == "lsoa":
    measures[cache.CHANGE] = "Change since IMD 2019 (national decile)"
if any(i.iod2019 and i.iod2019.column for i in spec.indicators):
    measures[cache.INDEX_CHANGE] = "Change in the index's rank since IoD2019"
for domain in spec.domains:
    measures[domain.code] = f"Domain: {domain.name}"
    for indicator in domain.indicators:
        measures[indicator.code] = f"   {domain.name} · {indicator.name}"

what, how, background = st.columns([3, 2, 2])
node = what.selectbox("Show", list(measures), format_func=measures.get, key="explore_measure")
scheme = how.selectbox("Classes", list(SCHEME_LABELS), format_func=SCHEME_LABELS.get,
                       key="explore_scheme")
basemap = background.selectbox(
    "Background", [False, True], key="explore_basemap",
    format_func=lambda on: "OpenStreetMap (needs internet)" if on else "Plain (works offline)",
)

map_column, profile_column = st.columns([3, 2], gap="medium")
clicked = live_map.clicked(EXPLORE_MAP_KEY)  # before the map, so the map and profile follow it
if clicked in areas.table.index:
    select_area(clicked)
with profile_column:
    code = area_picker(areas.table, run, key="explore_area")

with map_column:
    base, paint = cache.map_parts(node, scheme, basemap,
                                  tuple(st.session_state.get(EXPLORE_ASSETS_KEY, ())))
    live_map.live_map(base, paint, code, key=EXPLORE_MAP_KEY, height=620)
    st.multiselect(
        "Show community assets on the map", list(ASSET_TYPES), format_func=ASSET_TYPES.get,
        key=EXPLORE_ASSETS_KEY, placeholder="Choose categories to show (none shown)")

with profile_column:
    profile = build_profile(code, run, areas.table, borough.region, areas.hidden,
                            borough.name)
    profile_view.headline(profile)
    intervals = cache.rank_intervals()
    profile_view.rank_interval(profile, intervals.areas, intervals.settings.draws)
    profile_view.domains(profile)
    st.page_link("views/profile.py", label="Open the full profile, with every indicator",
                 icon=":material/article:")
