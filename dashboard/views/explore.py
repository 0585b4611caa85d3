"""Map page: the index, a domain or an indicator over the borough's neighbourhoods."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from dashboard import cache
from dashboard.components import profile_view
from dashboard.components.area_picker import area_picker
from dashboard.maps import SCHEME_LABELS, highlight
from dashboard.state import select_area
from data.assets import ASSET_TYPES
from data.profiles import build_profile

borough, areas, result = cache.current()
spec = result.spec

st.title(f"{spec.name}: {borough.name}")
st.caption(
    f"{areas.describe()}. Darker areas have more need (on the map of change since 2019, red "
    "means more deprived, blue less). Click "
    "an area, or pick it from the list, to see its profile."
)

measures = {spec.code: f"{spec.name} (overall)"}
if areas.level == "lsoa":
    measures[cache.CHANGE] = "Change since IMD 2019 (national decile)"
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
with profile_column:
    code = area_picker(areas.table, result, key="explore_area")

with map_column:
    clicked = st_folium(
        cache.choropleth(node, scheme, basemap,
                         tuple(st.session_state.get("explore_assets", ()))),
        key="explore_map",
        height=640,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        feature_group_to_add=highlight(areas.areas, code),
    )
    st.multiselect(
        "Show community assets on the map", list(ASSET_TYPES), format_func=ASSET_TYPES.get,
        key="explore_assets", placeholder="Choose categories to show (none shown)")
    feature = (clicked or {}).get("last_active_drawing") or {}
    clicked_code = (feature.get("properties") or {}).get("code")
    if clicked_code and clicked_code != st.session_state.get("explore_last_click"):
        st.session_state["explore_last_click"] = clicked_code
        if clicked_code in areas.table.index:
            select_area(clicked_code)
            st.rerun()

with profile_column:
    profile = build_profile(code, result, areas.table, borough.region, areas.hidden,
                            borough.name)
    profile_view.headline(profile)
    intervals = cache.rank_intervals()
    profile_view.rank_interval(profile, intervals.areas, intervals.settings.draws)
    profile_view.domains(profile)
    st.page_link("views/profile.py", label="Open the full profile, with every indicator",
                 icon=":material/article:")
