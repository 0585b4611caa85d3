"""Areas like this one: an area's statistical neighbours among all the region's areas at its
level, why they are alike, where they are, and how it compares with them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.charts import neighbour_parts_chart, neighbour_parts_frame, neighbour_parts_text
from dashboard.components import live_map, profile_view
from dashboard.components.area_picker import area_picker
from dashboard.failures import or_stop
from dashboard.maps.base import digest
from dashboard.state import NEIGHBOURS_MAP_KEY, select_area
from dashboard.text import plain
from data.areas.neighbours import NOT_IN_DATA, context_choices, default_keys
from data.exports import tables_zip
from indices.neighbours import DEFAULT_K

#: The colours of the area and of its neighbours on the map (distinct in greyscale too).
AREA_FILL, NEIGHBOUR_FILL = "#440154", "#5ec962"

work = cache.current()
borough, areas, run = work.borough, work.areas, work.run

st.title("Areas like this one")
st.caption(
    "The areas most like the one chosen on their context (how built up, how old, how they "
    "live, how deprived), found among all the region's areas at this level, not only "
    f"{plain(borough.name)}'s: its statistical neighbours, in the spirit of CIPFA's nearest "
    "neighbours. Comparing an area with places like it says more than comparing it with "
    "the borough as a whole. The method is on the Methods page.")
code = area_picker(areas.table, run, key="neighbours_area")

region = cache.neighbours()  # the default set: what the choices are made from
choices = context_choices(region.areas, {i.column: i.name for i in run.spec.indicators})
left, right = st.columns([3, 1])
chosen = left.multiselect(
    "Context indicators (what makes areas alike)", list(choices), default=default_keys(),
    format_func=choices.get, key="neighbours_context",
    help="The default set is chosen in the spirit of CIPFA's model: density, age, tenure "
         "and deprivation. Add any other indicator of the data, or take one out.")
k = right.number_input("Neighbours", min_value=1, max_value=30, value=DEFAULT_K, step=1,
                       key="neighbours_k", help="How many of the nearest areas to list.")
if not chosen:
    st.info("Choose at least one context indicator to find areas like this one.",
            icon=":material/info:")
    st.stop()
weights = st.data_editor(
    pd.DataFrame({"Context indicator": [choices[c] for c in chosen],
                  "Weight": [1.0] * len(chosen)}),
    hide_index=True, width="stretch", disabled=["Context indicator"],
    key=f"neighbours_weights_{digest(chosen)}",
    column_config={"Weight": st.column_config.NumberColumn(
        "Weight", min_value=0.0, step=0.5, help="Weights are divided by their sum, so only "
        "their sizes against each other count.")})
given = weights["Weight"].fillna(0.0).astype(float).clip(lower=0.0).tolist()
if sum(given) <= 0:
    st.warning("Give at least one context indicator a weight above 0.", icon=":material/warning:")
    st.stop()
region = cache.neighbours(tuple(chosen), tuple(given))
st.caption("Weights used: " + "; ".join(
    f"{plain(region.names[c])} {w:.0%}" for c, w in region.model.weights.items()) + ". "
    + NOT_IN_DATA)
near = or_stop(lambda: region.nearest(code, int(k)))

st.subheader(plain(near.name))
listed = near.table
labels = pd.Series([f"{r}. {n}" for r, n in zip(listed["rank"], listed["name"], strict=True)],
                   index=listed.index)
table_column, map_column = st.columns([1, 1], gap="medium")
with table_column:
    st.markdown(f"#### Its {len(listed)} nearest neighbours")
    st.dataframe(pd.DataFrame({"Rank": listed["rank"].to_numpy(),
                               "Area": listed["name"].to_numpy(), "Code": listed.index,
                               "Borough": listed["borough"].to_numpy(),
                               "Distance": listed["distance"].round(3).to_numpy()}),
                 hide_index=True, width="stretch")
    others = int(listed["borough"].ne(str(region.areas.table.at[code, "lad_name"])).sum())
    st.caption(f"Among {len(region.areas.table):,} {region.areas.plural} of the region; "
               f"{others} of them in another borough. Distance 0 would be the same on every "
               "context indicator.")

with map_column:
    st.markdown("#### Where they are")
    codes = (code, *listed.index)
    clicked = live_map.clicked(NEIGHBOURS_MAP_KEY)
    if clicked in areas.table.index and clicked != code:
        select_area(clicked)
        st.rerun()
    shapes = region.areas.areas.set_index("code").loc[list(codes)]
    tips, fills = [], []
    for shown in codes:
        row = shapes.loc[shown]
        where = str(region.areas.table.at[shown, "lad_name"])
        if shown == code:
            tips.append([str(row["name"]), shown, where, "the area chosen"])
            fills.append(AREA_FILL)
        else:
            tips.append([str(row["name"]), shown, where,
                         f"{listed.at[shown, 'distance']:.3f} (neighbour "
                         f"{listed.at[shown, 'rank']})"])
            fills.append(NEIGHBOUR_FILL)
    paint = {"codes": list(codes), "fill": fills, "tips": tips,
             "fields": ["Code", "Borough", "Distance"],
             "legend": {"title": "Areas like this one", "note": "",
                        "rows": [[AREA_FILL, "The area chosen"],
                                 [NEIGHBOUR_FILL, "Its neighbours"]]},
             "public": False}
    paint["id"] = digest(paint)
    live_map.live_map(cache.neighbours_map_base(codes), paint, code, key=NEIGHBOURS_MAP_KEY,
                      height=440)
    st.caption("The area chosen in dark purple, its neighbours in green; hover for each "
               "one's distance.")

st.markdown("#### Why they are alike")
frame = neighbour_parts_frame(near.parts, region.names, labels)
st.altair_chart(neighbour_parts_chart(frame), width="stretch")
st.caption("Each bar is a neighbour's distance squared, split into what each context "
           "indicator adds: a short bar is a close neighbour, and a long part is where it "
           "differs most. In words: " + plain(neighbour_parts_text(frame, near.name)))

st.markdown("#### Compared with its neighbours")
counts = near.counts
st.write(f"On the index's indicators, {plain(near.name)} is worse than its neighbours on "
         f"{counts['worse']}, similar on {counts['similar']} and better on "
         f"{counts['better']}.")
st.dataframe(profile_view.neighbour_comparison_frame(near), hide_index=True, width="stretch")
st.caption("Worse: more need than the neighbours' mean by more than one standard deviation "
           "of their values; better: less need by as much; similar otherwise. Values hidden "
           "by the small-number rule are not used or shown.")

comparison = near.comparison.drop(columns="hidden")
st.download_button(
    "Download the neighbours (CSV in a ZIP, with metadata)",
    lambda: tables_zip({"neighbours": listed, "comparison": comparison,
                        "parts_of_distance_squared": near.parts.rename(columns=region.names)},
                       region.about(f"{near.name} ({code})")),
    f"neighbours_{code}.zip", "application/zip", key="neighbours_download",
    icon=":material/download:", on_click="ignore")
