"""Meeting mode: the map on a big screen at a community meeting, in plain words.

Public notes, promises, stories and assets only, no editing control, bands instead of exact ranks
by choice; reachable at ?mode=meeting. Step through the neighbourhoods with the
left and right arrow keys: the card beside the map shows one, outlined on the map.
Laid out for a 1920×1080 projector: the map and the whole card fit one screen, and
every text is large enough to read from the back of a room.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import cache, stores
from dashboard.components import live_map
from dashboard.maps import band_of
from dashboard.state import MEETING_CARD_KEY, MEETING_MAP_KEY
from dashboard.text import plain
from data.areas.assets import ASSET_TYPES
from data.areas.capacity import turn_to
from data.areas.profiles import against_average, build_profile
from data.readiness.results import beside
from data.store.promises import for_a_card, tally, tally_sentence, what_happened
from data.store.stories import in_brief
from data.store.surveys import ORGANISATION_CATEGORY

#: How many kinds of place a card names (the most common); the others are counted together.
PLACE_KINDS = 5
#: Large type for the main area only (never the sidebar), and room for the map.
STYLE = """<style>
[data-testid="stMainBlockContainer"] {padding-top: 3.2rem; padding-bottom: 1rem}
[data-testid="stMain"] h1 {font-size: 2.5rem !important; padding-top: 0}
[data-testid="stMain"] h2 {font-size: 2.2rem !important}
[data-testid="stMain"] .stMarkdown p, [data-testid="stMain"] .stMarkdown li
    {font-size: 1.55rem; line-height: 1.4}
[data-testid="stMain"] [data-testid="stCaptionContainer"]
    {font-size: 1.3rem !important; color: #333}
[data-testid="stMain"] button p {font-size: 1.6rem; font-weight: 600}
[data-testid="stMain"] button {min-height: 3.4rem}
[data-testid="stMain"] [data-testid="stCheckbox"] p,
[data-testid="stMain"] [data-testid="stToggle"] p {font-size: 1.4rem}
</style>"""


work = cache.current()
borough, areas, run = work.borough, work.areas, work.run
spec = run.spec
ranks = run.ranks[spec.code]
order = ranks.sort_values().index.tolist()
size = int(ranks.notna().sum())

st.markdown(STYLE, unsafe_allow_html=True)  # our own fixed styles, no user text
st.title(f"How are {borough.name}'s neighbourhoods doing?")
st.markdown(
    f"Each of the {size} {'small neighbourhoods' if areas.level == 'lsoa' else areas.plural} "
    f"is shaded by the **{plain(spec.name)}**: **darker means more need**. It brings together "
    "money and work, health and hospital visits, crime and the local environment, from "
    "official statistics, to help us see where to listen and act first. It is not a league "
    "table: small differences do not matter."
)

position = st.session_state.get(MEETING_CARD_KEY, 0) % len(order)
clicked = live_map.clicked(MEETING_MAP_KEY)  # a neighbourhood clicked on the map gets the card
if clicked in order:
    position = order.index(clicked)
map_column, card_column = st.columns([3, 2], gap="medium")
with card_column:
    bands = st.toggle("Show bands instead of exact ranks", value=True, key="meeting_bands")
    back, forward = st.columns(2)
    if back.button("◀ Previous", key="meeting_previous", shortcut="Left",
                   help="Left arrow key", width="stretch"):
        position = (position - 1) % len(order)
    if forward.button("Next ▶", key="meeting_next", shortcut="Right", help="Right arrow key",
                      width="stretch"):
        position = (position + 1) % len(order)
st.session_state[MEETING_CARD_KEY] = position
code = order[position]

with map_column:
    base, paint = cache.map_parts(spec.code, "bands", public=True)
    live_map.live_map(base, paint, code, key=MEETING_MAP_KEY, height=760)

with card_column:
    profile = build_profile(code, run, areas.table, borough.region, areas.hidden, borough.name)
    with st.container(border=True):
        ward = profile.ward
        st.subheader(plain(profile.name + (f" · {ward}" if ward and ward != profile.name
                                           else "")))
        where = (band_of(ranks[code], size) if bands or profile.rank is None
                 else f"Rank {profile.rank} of {size}") or "No score"
        overall = against_average(profile.score, profile.average)
        st.markdown(f"**{where}**" + (f" · {overall} need than the {borough.name} average"
                                     if overall and overall != "the same" else
                                     f" · the same as the {borough.name} average"
                                     if overall else ""))
        sides: dict[str, list[str]] = {"more": [], "less": [], "the same": []}
        for row in profile.domains.itertuples():
            side = against_average(row.score, row.borough_average)
            if side:
                sides[side].append(plain(row.name))
        for side, names in sides.items():
            if names:
                st.markdown(f"{'As much' if side == 'the same' else side.capitalize()} need "
                            f"{'as' if side == 'the same' else 'than'} the {borough.name} "
                            f"average on: " + ", ".join(names) + ".")
        # what became of the last thing residents asked for here, a featured story, then
        # what people say: two of them at most, so the card still fits the screen
        voices = []
        promises = stores.promise_store().promises(borough.code, areas=areas.within(code),
                                                   public=True, whole_borough=False)
        latest = for_a_card(promises, date.today())
        if latest is not None:
            voices.append(f"**Last time you told us:** {plain(latest['asked'])} **Here is "
                          f"what happened:** {plain(what_happened(latest, date.today()))}")
        elif promises:  # each too long for the card
            voices.append("**What became of what you told us:** " + plain(tally_sentence(
                tally(promises, date.today()), profile.name)))
        featured = [s for s in stores.story_store().stories(
            borough.code, areas=areas.within(code), public=True, whole_borough=False)
            if s["featured"]]
        if featured:
            story = featured[0]
            voices.append(f"**A story from here: {plain(story['title'])}.** "
                          + plain(in_brief(story)))
        if len(voices) < 2:  # how ready the partners are, in one line, if there is room
            ready = [s for s in beside(cache.readiness_summaries(borough.code),
                                       areas.within(code)) if s["shown"]]
            if ready:  # the area's own partnership before the borough's
                voices.append(f"**How ready partners are to work together:** "
                              f"{plain(ready[0]['sentence'])}")
        for voice in voices:
            st.markdown(voice)
        for note in stores.note_store().notes(area=areas.within(code),
                                              visibility="public")[:2 - len(voices)]:
            st.markdown(f"“{plain(note['text'])}” — {plain(note['source'])}, "
                        f"{note['note_date']:%B %Y}")
        assets = cache.asset_register()
        # places here; the organisations residents can turn to have a line of their own
        places_here = (assets["area_code"].map(areas.members) == code) & \
            (assets["category"] != ORGANISATION_CATEGORY)
        categories = assets[places_here]["category"]
        inside = categories.map(ASSET_TYPES).fillna(categories).value_counts()
        if len(inside):  # the most common kinds, so that a town centre's card still fits
            rest = int(inside.iloc[PLACE_KINDS:].sum())
            st.markdown("In the neighbourhood: " + "; ".join(
                f"{plain(kind)} {count}" for kind, count in inside.iloc[:PLACE_KINDS].items())
                + (f"; and {rest} other place{'s' * (rest != 1)}." if rest else "."))
        helpers = turn_to(cache.sector().serving(code))
        if helpers:
            st.markdown(f"**Organisations you can turn to:** {plain(helpers)}.")
    st.caption(f"Neighbourhood {position + 1} of {len(order)}, most in need first, outlined "
               "in pink on the map. Use the left and right arrow keys to move between them.")
