"""Rates page: counts per neighbourhood as rates with 95% intervals, and a funnel plot."""

from __future__ import annotations

import streamlit as st

from dashboard import cache
from dashboard.charts import funnel_chart, funnel_chart_text, funnel_dispersion_text
from dashboard.formatting import format_value, rates_table
from dashboard.state import OVERDISPERSION_FOR_KEY, OVERDISPERSION_KEY
from dashboard.text import plain
from data.areas.counts import measure_funnel
from data.errors import ImpossibleCountError
from data.stats.suppression import hidden, suppression_rule

work = cache.current()
borough, areas = work.borough, work.areas
measures = cache.counts()

st.title("Rates and funnel plot")
st.caption(
    "Counts as rates, with 95% confidence intervals (Byar's method, the exact method below 10 "
    "events, Wilson's for percentages), and each neighbourhood against the "
    f"{borough.name} rate. A neighbourhood outside the funnel's limits differs from "
    f"{borough.name} by more than chance alone would usually give; inside, it may not "
    "differ at all."
)
code = st.selectbox("Count", list(measures), key="rates_measure",
                    format_func=lambda c: f"{measures[c].name} ({measures[c].unit})")
measure = measures[code]
table = areas.table
try:
    result = measure_funnel(table, measure)
except ImpossibleCountError as error:  # names the areas and values, and what to do
    st.error(plain(str(error)), icon=":material/error:")
    st.stop()
rule = suppression_rule()
# the app's own counts carry secondary suppression; published counts are checked here
small = (areas.hidden[measure.count] if measure.count in areas.hidden
         else hidden(table[measure.count], rule.threshold))
names = table["area_name"]
if result.areas["rate"].isna().all():
    st.info(f"There is no {plain(measure.name.lower())} data for {borough.name}.",
            icon=":material/info:")
    st.stop()

st.metric(f"{borough.name} rate", f"{format_value(result.target)} {plain(measure.unit)}")
st.markdown("#### Funnel plot")
# the toggle starts on when the exact funnel shows more spread than chance, for each count
context = (borough.name, areas.plural, code)
if st.session_state.get(OVERDISPERSION_FOR_KEY) != context:
    st.session_state.pop(OVERDISPERSION_KEY, None)
    st.session_state[OVERDISPERSION_FOR_KEY] = context
widen = st.toggle(
    "Allow for over-dispersion (Spiegelhalter 2005)", key=OVERDISPERSION_KEY,
    value=bool(result.dispersion.p_value < 0.05),
    help="Neighbourhoods often differ by more than chance (deprivation, housing, roads). "
    "This widens the limits by that extra spread, so that only those that stand out even "
    "so lie outside them.")
if widen:
    result = measure_funnel(table, measure, overdispersion=True)
st.altair_chart(funnel_chart(result, names, small, measure.unit, measure.denominator_name),
                width="stretch")
without = int(result.areas["rate"].isna().sum())
st.caption(
    plain(funnel_chart_text(result, names, small, measure.unit, borough.name))  # no Markdown
    + f" Dashed lines: 95% limits; dotted: 99.8% limits; the solid line is the {borough.name}"
    " rate. " + funnel_dispersion_text(result, borough.name)
    + (f" {int(small.sum())} {areas.plural} with a hidden count (under {rule.threshold}, or "
       "hidden so that a total cannot give one away) are not plotted: their place on the chart "
       "would give the count away." if small.any() else "")
    + (f" {without} have no data for this count." if without else "")
)
st.markdown(f"#### Every one of the {plain(areas.describe())}")
st.dataframe(rates_table(result, names, small), hide_index=True, width="stretch")
