"""Meeting mode: the map on a big screen at a community meeting, in plain words.

Public notes and assets only, no editing control, bands instead of exact ranks
by choice; reachable at ?mode=meeting. Step through the neighbourhoods with the
left and right arrow keys.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from dashboard import cache
from dashboard.maps import band_of
from dashboard.text import plain
from data.assets import ASSET_TYPES

CARD_KEY = "meeting_card"

borough, areas, run = cache.current()
spec = run.spec
ranks = run.ranks[spec.code]
order = ranks.sort_values().index.tolist()
size = int(ranks.notna().sum())

st.markdown(
    "<style>h1 {font-size: 2.6rem !important} .stMarkdown p {font-size: 1.25rem}</style>",
    unsafe_allow_html=True,  # our own fixed styles, no user text
)
st.title(f"How are {borough.name}'s neighbourhoods doing?")
st.markdown(
    f"Each of the {size} {'small neighbourhoods' if areas.level == 'lsoa' else areas.plural} "
    f"is shaded by the **{plain(spec.name)}**: "
    "**darker means more need**. It brings together money and work, health and hospital "
    "visits, crime and the local environment, from official statistics. It helps us see "
    "where to listen and act first. It is not a league table: small differences do not matter."
)
bands = st.toggle("Show bands instead of exact ranks", value=True, key="meeting_bands")

st_folium(cache.meeting_map(), key="meeting_map", height=700, use_container_width=True,
          returned_objects=[])

position = st.session_state.get(CARD_KEY, 0) % len(order)
left, middle, right = st.columns([1, 6, 1])
if left.button("◀ Previous", key="meeting_previous", shortcut="Left",
               help="Left arrow key", width="stretch"):
    position = (position - 1) % len(order)
if right.button("Next ▶", key="meeting_next", shortcut="Right", help="Right arrow key",
                width="stretch"):
    position = (position + 1) % len(order)
st.session_state[CARD_KEY] = position

code = order[position]
row = areas.table.loc[code]
with middle.container(border=True):
    place = "more" if run.scores.at[code, spec.code] > 0 else "less"
    where = band_of(ranks[code], size) if bands else f"Rank {int(ranks[code])} of {size}"
    ward = row["ward_name"]
    st.subheader(row["area_name"] + (f" · {ward}" if ward and ward != row["area_name"] else ""))
    st.markdown(f"**{where}** · {place} need than the borough overall")
    above = [d.name for d in spec.domains if run.scores.at[code, d.code] > 0]
    below = [d.name for d in spec.domains if run.scores.at[code, d.code] <= 0]
    if above:
        st.markdown("More need than the borough on: " + ", ".join(map(plain, above)) + ".")
    if below:
        st.markdown("Less need than the borough on: " + ", ".join(map(plain, below)) + ".")
    notes = cache.note_store().notes(area=code, visibility="public")[:3]
    for note in notes:
        st.markdown(f"“{plain(note['text'])}” — {plain(note['source'])}, "
                    f"{note['note_date']:%B %Y}")
    assets = cache.borough_assets()
    categories = assets[assets["area_code"].map(areas.members) == code]["category"]
    inside = categories.map(ASSET_TYPES).fillna(categories).value_counts()
    if len(inside):
        st.markdown("In the neighbourhood: " + "; ".join(
            f"{plain(kind)} {count}" for kind, count in inside.items()) + ".")
st.caption(f"Neighbourhood {position + 1} of {len(order)}, most in need first. Use the left "
           "and right arrow keys to move between them.")
