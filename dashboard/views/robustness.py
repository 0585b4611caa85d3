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
from indices.aggregate import AGGREGATORS
from indices.normalise import NORMALISERS
from indices.sensitivity import SensitivitySettings

borough, areas, run = cache.current()
default = SensitivitySettings()

st.title("How robust are the ranks?")
st.caption(
    "The index is rebuilt many times with its weights nudged and other reasonable methods, "
    "and sometimes one indicator left out. A neighbourhood whose rank barely moves is robustly "
    "placed; a long line means its rank depends on choices that could fairly have been made "
    "otherwise."
)

with st.expander("What to vary", expanded=False):
    left, right = st.columns(2)
    draws = left.select_slider("Draws", [100, 250, 500, 1000, 2000, 5000], value=default.draws,
                               key="robust_draws")
    seed = left.number_input("Seed (the same seed gives the same result)", 0, 10**9,
                             default.seed, key="robust_seed")
    spread = left.slider("Perturb each weight by up to (%)", 0, 50,
                         int(default.weight_range * 100), key="robust_spread")
    normalisations = right.multiselect("Normalisations to draw from", NORMALISERS.names(),
                                       default=list(default.normalisations),
                                       key="robust_norms",
                                       help="None chosen: keep the spec's own.")
    aggregations = right.multiselect("Aggregations to draw from", AGGREGATORS.names(),
                                     default=list(default.aggregations), key="robust_aggs",
                                     help="None chosen: keep the spec's own.")
    leave_one_out = right.checkbox("Leave each indicator out in turn", default.leave_one_out,
                                   key="robust_loo")
settings = SensitivitySettings(
    draws=draws, seed=int(seed), weight_range=spread / 100,
    normalisations=tuple(normalisations), aggregations=tuple(aggregations),
    leave_one_out=leave_one_out,
)
result = cache.rank_intervals(settings)
names = areas.table["area_name"]

st.markdown("#### Every neighbourhood's rank and its interval")
st.altair_chart(rank_interval_chart(result.areas, names), use_container_width=True)
st.caption(rank_interval_text(result.areas, names) + " Lines span the 5th to 95th percentile "
           "rank over the draws; dots are the median; black ticks the rank as built.")

st.markdown("#### Which choices matter most")
st.altair_chart(shares_chart(result.shares), use_container_width=True)
st.caption("; ".join(f"{choice}: {share:.0%}" for choice, share in result.shares.items())
           + ". Each choice's share of the variance of ranks across the draws (first-order "
           "effect); the rest comes from the weights and from choices acting together.")

table = rank_interval_frame(result.areas, names)[
    ["code", "name", "rank", "median_rank", "rank_p05", "rank_p95", "width"]]
st.dataframe(table.round(1), hide_index=True, use_container_width=True)
st.download_button("Download the intervals (CSV)", table.to_csv(index=False),
                   "rank_intervals.csv", "text/csv", key="robust_download")
