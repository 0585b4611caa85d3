"""What people say, across the borough: each theme by area on a map, themes over time, and
each theme beside the index domain it speaks to."""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import cache, stores
from dashboard.components.notes_view import PERIODS
from dashboard.reports.svg import band_of, band_words, classes, value_map
from dashboard.roles import can_edit
from dashboard.state import role
from dashboard.text import plain, plain_table
from data.stats.suppression import suppression_rule
from data.stats.themes import (
    HIGH_NEED,
    RAISED_MOST,
    themes_by_area,
    themes_over_time,
    voice_and_numbers,
)

work = cache.current()
borough, areas, run = work.borough, work.areas, work.run
staff = can_edit(role())
rule = None if staff else suppression_rule()

st.title("What people say")
st.write(f"The themes of what people in {borough.name} said, from notes and community "
         "conversations, by area and over time, and beside what the index's numbers say. "
         + ("You see every record, internal ones too, and every count (staff view)." if staff
            else "Public records only; small counts are hidden."))
left, middle, right = st.columns([2, 3, 2])
period = left.selectbox("Over", list(PERIODS), index=1, key="voice_period")
days = PERIODS[period]
since = date.today() - timedelta(days=days) if days else None
records = stores.note_store().notes(visibility=None if staff else "public")
by_area = themes_by_area(records, areas.table.index, areas.roll_up, since=since)
themes = [c for c in by_area.columns if c != "records"]
if not themes:
    st.info(f"No record raised a theme in {borough.name} over {period}. Themes come from "
            "the notes form and conversation imports.", icon=":material/forum:")
    st.stop()
ranked = sorted(themes, key=lambda t: -by_area[t].sum())
theme = middle.selectbox("Theme", ranked, key="voice_theme")
measure = right.radio("Shown as", ["records", "share of the area's records"],
                      key="voice_measure", horizontal=True)

# ------------------------------------------------------------------------------ the map
count = by_area[theme]
least = rule.threshold if rule is not None else 1
hidden = set(count.index[(count > 0) & (count < least)])
share = count / by_area["records"].where(by_area["records"] > 0)
values = count if measure == "records" else share.fillna(0)


def _said(value: float) -> str:
    return f"{value:,.0f}" if measure == "records" else f"{value:.0%}"


what = f"{theme}: {'records raising it' if measure == 'records' else 'share of records'}"
st.image(value_map(areas.areas, values, hidden, _said,
                   f"Map of {areas.plural} in {borough.name}, {what}, over {period}",
                   hidden_text=f"fewer than {least} records" if hidden else "",
                   whole=measure == "records"),
         width=720)
visible = values.drop(index=list(hidden))
bands = classes(visible, whole=measure == "records")
placed = visible.map(lambda v: band_of(v, bands))
lines = []  # the map in words: its classes, darkest first, and the areas in each
for n in reversed(range(len(bands))):
    inside = placed.index[placed == n]
    if len(inside):
        lines.append(f"{band_words(bands[n], _said)}: "
                     + ", ".join(areas.table.loc[inside, "area_name"].astype(str)))
if hidden:
    lines.append(f"fewer than {least} records: {len(hidden)} "
                 f"{areas.plural if len(hidden) != 1 else 'area'}")
st.caption(plain(f"{what}, across {borough.name}'s {areas.describe()}. " + "; ".join(lines)
                 + "." if lines else f"No {areas.plural} raised {theme} over {period}."))
if staff:
    with st.expander("Every area's count (staff view)"):
        st.dataframe(pd.DataFrame({
            "Area": areas.table["area_name"], "Records": by_area["records"],
            theme: count, "Share": share.map(lambda s: "" if pd.isna(s) else f"{s:.0%}")}),
            hide_index=True, width="stretch")

# ------------------------------------------------------------------------ over time
st.markdown("#### Themes over time")
codes = list(work.place_names())
monthly = themes_over_time(records, codes, since=since, rule=rule)
chosen = st.multiselect("Themes", ranked, ranked[:5], key="voice_over_time",
                        placeholder="Choose themes")
shown = monthly[monthly["theme"].isin(chosen)]
if shown.empty:
    st.caption("No record raised these themes over this period.")
else:
    st.altair_chart(alt.Chart(shown).mark_line(point=True).encode(
        x=alt.X("month:T", title="Month", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("records:Q", title="Records raising it"),
        color=alt.Color("theme:N", title="Theme", scale=alt.Scale(scheme="viridis")),
        strokeDash=alt.StrokeDash("theme:N", legend=None),
        tooltip=[alt.Tooltip("month:T", title="Month", format="%B %Y"),
                 alt.Tooltip("theme:N", title="Theme"),
                 alt.Tooltip("records:Q", title="Records")]), width="stretch")
    table = shown.assign(month=shown["month"].map(lambda m: f"{m:%b %Y}"),
                         records=[("hidden" if h else f"{r:,.0f}")
                                  for r, h in zip(shown["records"], shown["hidden"],
                                                  strict=True)])
    with st.expander("The chart as a table"):
        st.dataframe(table.pivot(index="month", columns="theme", values="records")
                     .reindex(dict.fromkeys(table["month"])).fillna(""), width="stretch")
    if rule is not None and shown["hidden"].any():
        st.caption(f"A month's count from 1 to {rule.threshold - 1} is not shown.")

# ------------------------------------------------------------- beside the numbers
st.markdown("#### What people say, beside the numbers")
domains = {d.code: d.name for d in run.spec.domains}
listed = {t["name"]: t["domain"] for t in stores.theme_store().themes()
          if t["domain"] in domains}
compared = voice_and_numbers(by_area, run.ranks[list(domains)], listed, rule)
st.write(f"Each theme the theme list links to an index domain, and the {areas.plural} where "
         f"it is raised most (at least {RAISED_MOST:g} times as often as across "
         f"{borough.name}). Where at least half of those are among the {HIGH_NEED:.0%} of "
         f"{areas.plural} most in need on the domain, what people say and what the numbers "
         "say agree; where they are not, they differ, and the place is worth a closer look: "
         "a need the numbers miss, or a strength people see.")
if compared.empty:
    st.caption("No theme is linked to an index domain yet: analysts link them on the "
               "Community conversations page." if not listed else
               "None of the linked themes was raised over this period.")
else:
    names = areas.table["area_name"].astype(str)
    verdicts = {"agree": "They agree", "differ": "They differ: worth a closer look",
                "": "Not raised often enough in any one area to say"}
    # a plain table, which wraps its words rather than cutting them
    st.table(plain_table(pd.DataFrame({
        "Theme": compared.index, "Index domain": compared["domain"].map(domains),
        "Records": [f"fewer than {rule.threshold}" if rule is not None and 0 < r < rule.threshold
                    else f"{r:,}" for r in compared["records"]],
        "Raised most in": ["; ".join(names.get(c, c) for c in codes) for codes
                           in compared["raised_most"]],
        "Of those, most in need on the domain": [
            f"{n} of {len(codes)}" if codes else "" for n, codes
            in zip(compared["in_high_need"], compared["raised_most"], strict=True)],
        "What it suggests": compared["verdict"].map(verdicts)})),
        hide_index=True, border="horizontal")
if rule is not None:
    st.caption(rule.describe())
