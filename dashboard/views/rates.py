"""Rates page: counts per neighbourhood as rates with 95% intervals, and a funnel plot; and
age-standardised rates and ratios from a user's counts by age band."""

from __future__ import annotations

import streamlit as st

from dashboard import cache
from dashboard.charts import funnel_chart, funnel_chart_text, funnel_dispersion_text
from dashboard.formatting import format_value, rates_table
from dashboard.roles import can_edit
from dashboard.state import OVERDISPERSION_FOR_KEY, OVERDISPERSION_KEY, role
from dashboard.text import plain
from data.areas.counts import measure_funnel
from data.errors import ImpossibleCountError, UnreadableFile
from data.stats.standardised import (
    ESP2013,
    RATIO_INTERVALS,
    directly_standardised,
    guess_columns,
    indirectly_standardised,
)
from data.stats.suppression import hidden, suppression_rule
from data.userfiles.read import table_of
from indices.tables import for_spreadsheets

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


def funnel() -> None:
    """The app's own counts as rates, against the borough on a funnel plot."""
    code = st.selectbox("Count", list(measures), key="rates_measure",
                        format_func=lambda c: f"{measures[c].name} ({measures[c].unit})")
    measure = measures[code]
    table = areas.table
    try:
        result = measure_funnel(table, measure)
    except ImpossibleCountError as error:  # names the areas and values, and what to do
        st.error(plain(str(error)), icon=":material/error:")
        return
    rule = suppression_rule()
    # the app's own counts carry secondary suppression; published counts are checked here
    small = (areas.hidden[measure.count] if measure.count in areas.hidden
             else hidden(table[measure.count], rule.threshold))
    names = table["area_name"]
    if result.areas["rate"].isna().all():
        st.info(f"There is no {plain(measure.name.lower())} data for {borough.name}.",
                icon=":material/info:")
        return

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


def standardised_rates() -> None:
    """Age-standardised rates or ratios from counts by age band an editor uploads."""
    st.markdown("#### Age-standardised rates from your own counts")
    st.caption("Counts and populations by area and five-year age band (such as emergency "
               "admissions by age), as OHID's technical guidance standardises them: the directly "
               "standardised rate per 100,000 on the European Standard Population 2013, with "
               "Dobson's 95% interval (none below 10 events), or the indirectly standardised "
               "ratio (observed over expected, times 100) against the areas together, with its "
               "exact or Byar interval. Bands are named as the standard names them: "
               + ", ".join(ESP2013) + ".")
    if not can_edit(role()):
        st.info("Working with your own counts needs the editor role.", icon=":material/lock:")
        return
    upload = st.file_uploader("Counts and populations by area and age band (CSV or Excel)",
                              type=["csv", "xlsx"], key="rates_standardise_file")
    if upload is None:
        return
    try:
        counts_table = table_of(upload.getvalue(), upload.name)
    except UnreadableFile as error:
        st.error(f"{plain(upload.name)} cannot be read: {plain(str(error))}",
                 icon=":material/error:")
        return
    headings = [str(h) for h in counts_table.cells.columns]
    guessed = guess_columns(headings)
    columns = st.columns(4)
    chosen = {field: columns[i].selectbox(label, headings, index=headings.index(guessed[field])
                                          if guessed[field] else None, key=f"rates_std_{field}",
                                          placeholder="Choose its column")
              for i, (field, label) in enumerate((("area", "Area"), ("band", "Age band"),
                                                  ("count", "Count"),
                                                  ("population", "Population")))}
    a, b = st.columns(2)
    method = a.radio("Standardise", ["dsr", "ratio"], horizontal=True, key="rates_std_method",
                     format_func={"dsr": "directly (rate per 100,000)",
                                  "ratio": "indirectly (ratio to the areas together)"}.get)
    interval = b.radio("Ratio's interval", RATIO_INTERVALS, horizontal=True,
                       key="rates_std_interval", disabled=method != "ratio",
                       format_func={"exact": "exact Poisson", "byar": "Byar's"}.get)
    if None in chosen.values() or len(set(chosen.values())) < 4:
        st.info("Choose a different column for each of the four.", icon=":material/table:")
        return
    frame = counts_table.cells[list(chosen.values())].set_axis(list(chosen), axis=1)
    try:
        standardised = directly_standardised(frame, what=counts_table.label) if method == "dsr" \
            else indirectly_standardised(frame, interval=interval, what=counts_table.label)
    except ImpossibleCountError as error:  # names the area, band and value
        st.error(plain(str(error)), icon=":material/error:")
        return
    place_names = work.place_names()
    standardised.insert(0, "name", [place_names.get(str(c), "") for c in standardised.index])
    st.dataframe(standardised.rename_axis("area").reset_index(), hide_index=True, width="stretch",
                 placeholder="", column_config={
                     "area": "Area", "name": "Name", "count": "Events", "population": "Population",
                     "dsr": st.column_config.NumberColumn("Rate per 100,000", format="%.1f"),
                     "lower": st.column_config.NumberColumn("95% lower", format="%.1f"),
                     "upper": st.column_config.NumberColumn("95% upper", format="%.1f"),
                     "observed": "Observed", "expected": st.column_config.NumberColumn(
                         "Expected", format="%.1f"),
                     "ratio": st.column_config.NumberColumn("Ratio (100 = as expected)",
                                                            format="%.1f"),
                     "note": "Note"})
    st.download_button("Download these figures (CSV)",
                       for_spreadsheets(standardised).to_csv().encode("utf-8-sig"),
                       f"standardised_{method}.csv", "text/csv", key="rates_std_download",
                       on_click="ignore")


funnel()
standardised_rates()
