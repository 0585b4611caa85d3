"""Rates page: counts per neighbourhood as rates with 95% intervals, and a funnel plot;
age-standardised rates and ratios from a user's counts by age band; and the slope and
relative index of inequality across deprivation deciles."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.charts import funnel_chart, funnel_chart_text, funnel_dispersion_text
from dashboard.formatting import format_value, rates_table
from dashboard.roles import can_edit
from dashboard.state import OVERDISPERSION_FOR_KEY, OVERDISPERSION_KEY, role
from dashboard.text import plain
from data.areas.counts import measure_funnel
from data.errors import ImpossibleCountError, InequalityError, UnreadableFile
from data.exports import tables_zip
from data.stats.inequality import (
    VALUE_TYPES,
    Inequality,
    guess_quantile_columns,
    quantile_table,
    slope_index,
)
from data.stats.standardised import (
    ESP2013,
    RATIO_INTERVALS,
    directly_standardised,
    guess_columns,
    indirectly_standardised,
)
from data.stats.suppression import hidden, suppression_rule
from data.userfiles.read import Table, table_of
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


def _table_of(upload) -> Table | None:
    """An uploaded file's table, or None once it has said why the file cannot be read."""
    try:
        return table_of(upload.getvalue(), upload.name)
    except UnreadableFile as error:
        st.error(f"{plain(upload.name)} cannot be read: {plain(str(error))}",
                 icon=":material/error:")
        return None


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
    counts_table = _table_of(upload)
    if counts_table is None:
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


#: The value types of an uploaded table, in words.
_VALUE_WORDS = {"rate": "a rate", "proportion": "a proportion (0 to 1)", "other": "other"}


def _gap_words(result: Inequality, unit: str) -> str:
    """The SII and RII with their 95% intervals, in plain words."""
    low, high = result.limits[0.95]
    rii_low, rii_high = result.rii_limits[0.95]
    unit = f" {unit}" if unit else ""
    if low <= 0 <= high:
        side = ("the interval includes no gap at all, so the difference between the ends may "
                "be chance")
    else:
        side = ("higher at the most deprived end" if result.sii < 0 else
                "higher at the least deprived end")
    # the gap as most deprived less least deprived: the SII turned round
    text = (f"The gap between the most and least deprived ends is {format_value(-result.sii)}"
            f"{unit}, 95% CI {format_value(-high)} to {format_value(-low)} ({side}). ")
    text += (f"The slope index of inequality (least deprived end less most deprived end, as "
             f"OHID gives it) is {format_value(result.sii)}{unit} "
             f"({format_value(low)} to {format_value(high)}); the relative index is "
             f"{result.rii:.2f} (95% CI {rii_low:.2f} to {rii_high:.2f}): the least deprived "
             f"end has {result.rii:.2f} times the value at the most deprived end")
    if result.rii > 0 and result.rii < 1:
        text += f", so the most deprived end has {1 / result.rii:.2f} times the least's"
    return text + "."


def _inequality_chart(frame: pd.DataFrame, line: pd.DataFrame, unit: str,
                      label: str) -> alt.LayerChart:
    """Each quantile's value with its interval at its rank, and the fitted line."""
    title = f"Value ({unit})" if unit else "Value"
    x = alt.X("rank:Q", title="Population ranked from the most deprived (0) to the least "
              "deprived (1)", scale=alt.Scale(domain=[0, 1]))
    fitted = alt.Chart(line).mark_line(color="#000000", strokeWidth=1.5).encode(
        x=x, y=alt.Y("fitted:Q", title=title))
    bars = alt.Chart(frame).mark_rule(color="#3b528b").encode(x=x, y="lower:Q", y2="upper:Q")
    points = alt.Chart(frame).mark_point(filled=True, size=70, color="#3b528b").encode(
        x=x, y=alt.Y("value:Q", title=title),
        tooltip=[alt.Tooltip("quantile:N", title=label),
                 alt.Tooltip("value:Q", title="Value", format=",.2f"),
                 alt.Tooltip("lower:Q", title="95% CI from", format=",.2f"),
                 alt.Tooltip("upper:Q", title="95% CI to", format=",.2f"),
                 alt.Tooltip("population:Q", title="Population", format=",.0f")])
    return (bars + points + fitted).properties(height=360)


def _show_inequality(result: Inequality, unit: str, label: str, scale: float = 1.0,
                     counts: pd.DataFrame | None = None, about: list | None = None,
                     name: str = "inequality") -> None:
    """The SII and RII in words, the chart with its text alternative, and the download.

    ``scale`` turns the quantiles' values into the unit shown (100 for a percentage);
    ``counts`` (the quantile table of counts, with a ``hidden`` column) has its hidden
    quantiles' counts, values and intervals left out of what is shown."""
    st.markdown(plain(_gap_words(result, unit)))
    frame = result.quantiles.assign(
        value=result.quantiles["value"] * scale,
        lower=result.quantiles.get("lower", np.nan) * scale,
        upper=result.quantiles.get("upper", np.nan) * scale,
        fitted=result.quantiles["fitted"] * scale).rename_axis("quantile").reset_index()
    hide = (counts["hidden"].reindex(frame["quantile"]).fillna(False).to_numpy(dtype=bool)
            if counts is not None else np.zeros(len(frame), dtype=bool))
    if counts is not None:
        frame.insert(1, "count", counts["count"].reindex(frame["quantile"]).to_numpy())
        frame.loc[hide, ["count", "value", "lower", "upper"]] = np.nan
    ranks = np.linspace(0, 1, 51)
    line = pd.DataFrame({"rank": ranks, "fitted": result.fitted(ranks) * scale})
    st.altair_chart(_inequality_chart(frame[~hide], line, unit, label), width="stretch")
    described = "; ".join(
        f"{label} {q}" + (" (most deprived)" if i == 0 else " (least deprived)"
                          if i == len(frame) - 1 else "")
        + (": hidden (a count under the small-number threshold)" if secret else
           f": {format_value(v)}" + (f" (95% CI {format_value(lo)} to {format_value(hi)})"
                                      if not np.isnan(lo) else ""))
        for i, (q, v, lo, hi, secret) in enumerate(zip(
            frame["quantile"], frame["value"], frame["lower"], frame["upper"], hide,
            strict=True)))
    st.caption(plain(
        f"Each {label.lower()}'s value at the middle of its share of the population, with its "
        f"95% interval, and the fitted line, from {format_value(line['fitted'].iloc[0])} at "
        f"the most deprived end to {format_value(line['fitted'].iloc[-1])} at the least "
        f"deprived end. {described}. {result.method()}"))
    shown = frame.drop(columns=["se"]).set_index("quantile")
    about = [*(about or []), ("method", result.method()),
             ("direction", "SII: the fitted value at the least deprived end (rank 1) less that "
              "at the most deprived end (rank 0); RII: the first over the second"),
             ("value type", result.value_type), ("transformed", str(result.transform)),
             ("multiplier", f"{result.multiplier:g}"), ("draws", str(result.draws)),
             ("seed", str(result.seed))]
    st.download_button("Download these figures (CSV, with metadata)",
                       tables_zip({"inequality": result.summary(), "quantiles": shown}, about),
                       f"{name}.zip", "application/zip", key=f"{name}_download",
                       on_click="ignore")


def _own_inequality() -> None:
    """The SII and RII of the app's own counts over the borough's LSOAs by IMD decile."""
    table = borough.table
    if "IMD_decile" not in table.columns or not measures:
        st.info(f"There are no counts with deprivation deciles for {borough.name}.",
                icon=":material/info:")
        return
    code = st.selectbox("Count", list(measures), key="rates_sii_measure",
                        format_func=lambda c: f"{measures[c].name} ({measures[c].unit})")
    measure = measures[code]
    try:
        deciles = quantile_table(table[measure.count], table[measure.denominator],
                                 table["IMD_decile"], measure.per, measure.years,
                                 measure.proportion, what=measure.name)
        result = slope_index(deciles, "proportion" if measure.proportion else "rate",
                             transform=True, multiplier=measure.per if measure.proportion
                             else 1.0, rows=list(deciles.index), what=measure.name)
    except (ImpossibleCountError, InequalityError) as error:
        st.info(f"The slope index cannot be made for {plain(measure.name.lower())}: "
                f"{plain(str(error))}", icon=":material/info:")
        return
    rule = suppression_rule()
    deciles["hidden"] = hidden(deciles["count"], rule.threshold)
    absent = sorted(set(range(1, 11)) - set(deciles.index))
    st.caption(plain(
        f"{borough.name}'s {len(table)} LSOAs (2021) grouped by their decile of the Index of "
        "Multiple Deprivation 2025 (decile 1: the most deprived tenth of England), their "
        f"{measure.name.lower()} counted in each"
        + (f"; no LSOA is in decile {', '.join(map(str, absent))}" if absent else "") + "."))
    _show_inequality(result, "percentage points" if measure.proportion else measure.unit,
                     "Decile",
                     measure.per if measure.proportion else 1.0, deciles,
                     [("indicator", measure.name), ("unit", measure.unit),
                      ("borough", borough.name),
                      ("quantiles", "IMD 2025 deciles of the borough's 2021 LSOAs"),
                      ("small numbers", rule.describe())], f"inequality_{code}")


def _uploaded_inequality(upload) -> None:
    """The SII and RII of a table of quantiles an editor uploads."""
    quantiles = _table_of(upload)
    if quantiles is None:
        return
    headings = [str(h) for h in quantiles.cells.columns]
    guessed = guess_quantile_columns(headings)
    fields = (("quantile", "Quantile (1 = most deprived)"), ("value", "Value"),
              ("population", "Population"), ("lower", "95% lower limit"),
              ("upper", "95% upper limit"), ("se", "Standard error"))
    columns = st.columns(3)
    chosen = {field: columns[i % 3].selectbox(
        label, headings, index=headings.index(guessed[field]) if guessed[field] else None,
        key=f"rates_sii_{field}", placeholder="Choose its column")
        for i, (field, label) in enumerate(fields)}
    a, b = st.columns(2)
    value_type = a.radio("The value is", VALUE_TYPES, horizontal=True, key="rates_sii_type",
                         format_func=_VALUE_WORDS.get)
    limits = chosen["lower"] is not None and chosen["upper"] is not None
    transform = b.toggle("Fit on the log (logit) scale, as OHID recommends for rates and "
                         "proportions", value=value_type != "other" and limits,
                         key="rates_sii_transform", disabled=value_type == "other" or not limits)
    needed = ["quantile", "value", "population"] + (["lower", "upper"] if limits else ["se"])
    picked = [chosen[f] for f in needed]
    if None in picked or len(set(picked)) < len(picked):
        st.info("Choose a different column for the quantile, the value, the population and "
                "either the standard error or both limits.", icon=":material/table:")
        return
    frame = quantiles.cells[picked].set_axis(needed, axis=1)
    try:
        result = slope_index(frame, value_type, transform and value_type != "other" and limits,
                             rows=quantiles.rows, what=quantiles.label)
    except InequalityError as error:  # names the row, column and value
        st.error(plain(str(error)), icon=":material/error:")
        return
    _show_inequality(result, "", "Quantile", about=[("file", quantiles.label)],
                     name="inequality_upload")


def inequality() -> None:
    """The slope and relative index of inequality: of the app's own counts across the
    borough's deprivation deciles, or of a table of quantiles an editor uploads."""
    st.markdown("#### Inequality between the most and least deprived")
    st.caption("The slope index of inequality (SII) is the gap between the two ends of a line "
               "fitted through every deprivation decile's value, each weighted by its share of "
               "the population; the relative index (RII) is the ratio of the two ends. Both are "
               "made as OHID's technical guidance and its PHEindicatormethods package make "
               "them, with 95% confidence intervals from 10,000 simulated draws.")
    upload = None
    if can_edit(role()):
        upload = st.file_uploader("Your own table of deprivation deciles or quintiles: each "
                                  "with its value, population and 95% limits or standard "
                                  "error (CSV or Excel)", type=["csv", "xlsx"],
                                  key="rates_sii_file")
    if upload is None:
        _own_inequality()
    else:
        _uploaded_inequality(upload)


funnel()
standardised_rates()
inequality()
