"""Robustness page: how much each neighbourhood's rank depends on the choices made."""

from __future__ import annotations

import streamlit as st

from dashboard import cache
from dashboard.charts import (
    rank_interval_chart,
    rank_interval_frame,
    rank_interval_text,
    shares_chart,
)
from dashboard.text import plain
from indices.aggregate import AGGREGATORS
from indices.normalise import NORMALISERS
from indices.tables import for_spreadsheets

work = cache.current()
borough, areas, run = work.borough, work.areas, work.run

st.title("How robust are the ranks?")
st.caption(
    "The index is rebuilt many times with its weights nudged and other reasonable methods, "
    "and sometimes one indicator left out. A neighbourhood whose rank barely moves is robustly "
    "placed; a long line means its rank depends on choices that could fairly have been made "
    "otherwise. The profiles, map and downloads show the intervals of these settings."
)

with st.expander("What to vary", expanded=False):
    left, right = st.columns(2)
    left.select_slider("Draws", [100, 250, 500, 1000, 2000, 5000], key="robust_draws")
    left.number_input("Seed (the same seed gives the same result)", 0, 10**9,
                      key="robust_seed")
    left.slider("Perturb each weight by up to (%)", 0, 50, key="robust_spread")
    right.multiselect("Normalisations to draw from", NORMALISERS.names(), key="robust_norms",
                      format_func=NORMALISERS.label,
                      help="With none chosen, every draw keeps the spec's own.")
    right.multiselect("Aggregations to draw from", AGGREGATORS.names(), key="robust_aggs",
                      format_func=AGGREGATORS.label,
                      help="With none chosen, every draw keeps the spec's own.")
    right.checkbox("Leave each indicator out in turn", key="robust_loo")
result = cache.rank_intervals()  # with the settings above, kept for the session
names = areas.table["area_name"]

st.markdown("#### Every neighbourhood's rank and its interval")
st.altair_chart(rank_interval_chart(result.areas, names), width="stretch")
st.caption(plain(rank_interval_text(result.areas, names))  # names and codes, no Markdown
           + " Lines span the 5th to 95th percentile rank over the draws; open circles are the "
           "median; short black bars the rank as built.")

st.markdown("#### Which choices matter most")
st.altair_chart(shares_chart(result.shares), width="stretch")
ordered = result.shares.sort_values(ascending=False)  # as the bars are
st.caption("; ".join(f"{choice}: {share:.0%}" for choice, share in ordered.items())
           + ". Each choice's share of the variance of ranks across the draws (first-order "
           "effect); the rest comes from the weights and from choices acting together.")

table = rank_interval_frame(result.areas, names)[
    ["name", "code", "rank", "median_rank", "rank_p05", "rank_p95", "width"]]
st.dataframe(table, hide_index=True, width="stretch", column_config={
    "code": "Code", "name": "Neighbourhood", "rank": "Rank as built",
    "median_rank": st.column_config.NumberColumn("Median rank", format="%.1f"),
    "rank_p05": st.column_config.NumberColumn("5th percentile rank", format="%.1f"),
    "rank_p95": st.column_config.NumberColumn("95th percentile rank", format="%.1f"),
    "width": st.column_config.NumberColumn("Interval width (ranks)", format="%.1f")})
st.download_button("Download the intervals (CSV)", for_spreadsheets(table).to_csv(index=False),
                   "rank_intervals.csv", "text/csv", key="robust_download")
