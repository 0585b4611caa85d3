"""Partnership readiness page: how ready a partnership's members say they are to work
together, wave by wave (the Collaboration Readiness Index as a self-assessment), with its
charts, its sectors, its change since an earlier wave, the downloads and the briefing;
editors also run the partnerships, their waves and links, and import answers here."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import cache, stores
from dashboard.charts import (
    readiness_gap_chart,
    readiness_gap_text,
    readiness_ladder_chart,
    readiness_ladder_text,
    readiness_radar_chart,
    readiness_radar_text,
    readiness_scatter_chart,
    readiness_scatter_text,
    readiness_spread_chart,
    readiness_spread_text,
)
from dashboard.components import readiness_admin
from dashboard.reports.readiness import (
    category_rows,
    change_rows,
    make_report,
    overall_rows,
    readiness_file_name,
    readiness_pdf,
)
from dashboard.roles import can_edit
from dashboard.state import role
from dashboard.text import plain
from data.exports import tables_xlsx, tables_zip
from data.readiness.instrument import SECTORS
from data.readiness.results import (
    GROUP_RULE,
    MIN_GROUP,
    RULES,
    results_tables,
    summary_sentence,
)

work = cache.current()
borough = work.borough
store = stores.readiness_store()
editable = can_edit(role())

st.title("Partnership readiness")
st.caption("How ready the partners of a place (the council, the NHS, the police, the "
           "voluntary and community sector, businesses) say they are to work together: for "
           "each factor, how much it matters to working together well and how far it "
           "happens in their own organisation, scored from 0 (not at all) to 3 (a great "
           "deal). The partners answer through a survey link, anonymously.")

if editable:
    with st.expander("Partnerships, waves and survey links", icon=":material/settings:"):
        readiness_admin.partnerships_panel(borough.code)

partnerships = {p["id"]: p for p in store.partnerships_of(borough.code)}
if not partnerships:
    st.info(f"No partnership of {borough.name} has run the readiness survey yet."
            + (" Make one above, open a wave and send its link to the partners." if editable
               else " The council's editors set one up."), icon=":material/groups:")
    st.stop()

left, right = st.columns(2)
chosen = left.selectbox("Partnership", list(partnerships),
                        format_func=lambda i: partnerships[i]["name"],
                        key="readiness_partnership")
partnership = partnerships[chosen]
waves = {w["id"]: w for w in store.waves_of(partnership["id"])}
if not waves:
    st.info(f"{plain(partnership['name'])} has no wave of the survey yet."
            + (" Open one above." if editable else ""), icon=":material/groups:")
    st.stop()
order = list(waves)
wave_id = right.selectbox("Wave", order[::-1], format_func=lambda i: waves[i]["label"],
                          key="readiness_wave")
wave = waves[wave_id]
earlier_ids = order[:order.index(wave_id)]
earlier_id = None
if earlier_ids:
    earlier_id = st.selectbox("Compare with the earlier wave", earlier_ids[::-1],
                              format_func=lambda i: waves[i]["label"],
                              key="readiness_earlier")

instrument = store.instrument_of(wave)
place_code = partnership.get("place_code") or borough.code
place = (f"the whole of {borough.name}" if place_code == borough.code
         else work.place_names().get(place_code, place_code))
report = make_report(partnership, wave, instrument, store.long_table(wave_id), place,
                     (waves[earlier_id], store.long_table(earlier_id))
                     if earlier_id is not None else None)
results, names = report.results, report.names

first, second, third = st.columns(3)
first.metric("Partners who answered", results.respondents)
second.metric("Instrument", f"version {instrument.version}", help=instrument.label)
third.metric("Smallest group shown", f"{MIN_GROUP} people",
             help="No figure is made from fewer people, so nobody's answers can be picked out.")
st.caption(f"Serving {plain(place)}. Answered on the {plain(instrument.label)}. "
           + GROUP_RULE)

if editable:
    with st.expander("Import answers gathered elsewhere (CSV or Excel)",
                     icon=":material/upload_file:"):
        readiness_admin.import_panel(wave)

if not results.shown:
    st.info(f"{results.respondents} of the {MIN_GROUP} answers needed so far: the results are "
            f"not shown yet, so that no one's answers can be picked out. They appear once "
            f"{MIN_GROUP} partners have answered.", icon=":material/lock:")
    st.stop()

st.markdown(f"**{plain(summary_sentence(results, names))}**")

st.markdown("#### The results by category")
rows = category_rows(report)
table = pd.DataFrame([{
    "Category": r["name"], "Importance": r["importance"]["mean"],
    "Importance 95% CI": r["importance"]["interval"], "Answered (importance)":
    r["importance"]["n"], "“A great deal” (importance)": r["importance"]["great"],
    "Prevalence": r["prevalence"]["mean"], "Prevalence 95% CI": r["prevalence"]["interval"],
    "Answered (prevalence)": r["prevalence"]["n"],
    "“A great deal” (prevalence)": r["prevalence"]["great"], "Gap": r["gap"],
    "Gap 95% CI": r["gap_interval"]} for r in rows])
st.dataframe(table, hide_index=True, width="stretch")
st.caption("Importance: how much it matters to organisations in the area working well "
           "together. Prevalence: how far it is true of the partner's own organisation. The "
           "gap is importance less prevalence. Answered: those who gave a score (“not "
           f"applicable” is not scored). “–”: fewer than {MIN_GROUP} gave one, so it is not "
           "shown.")

st.markdown("#### Overall")
st.dataframe(pd.DataFrame([{
    "Across": r["name"], "Importance": r["importance"]["mean"],
    "Importance 95% CI": r["importance"]["interval"], "Prevalence": r["prevalence"]["mean"],
    "Prevalence 95% CI": r["prevalence"]["interval"], "Partners": r["n"]}
    for r in overall_rows(results)]), hide_index=True, width="stretch")
st.caption("Each partner's own mean over the categories they scored, then the mean over the "
           "partners: the six categories of readiness and all eight are given apart.")

st.markdown("#### Charts")
groups = {"": "Every partner", **{s: f"{SECTORS.get(s, s)} ({r.respondents})"
                                  for s, r in report.sectors.items() if r.shown}}
group = st.radio("Whose answers", list(groups), format_func=groups.get, horizontal=True,
                 key="readiness_group",
                 help=f"A sector is offered when at least {MIN_GROUP} of its partners "
                      "answered (and the other sectors' answers cannot be worked out from "
                      "it).")
shown = results if not group else report.sectors[group]
hidden = [SECTORS.get(s, s) for s, r in report.sectors.items() if not r.shown]
if hidden:
    st.caption("Not offered, too few partners to show: " + plain(", ".join(hidden)) + ".")
st.markdown("**Importance against prevalence**")
st.altair_chart(readiness_radar_chart(shown, names), width="content")
st.caption(plain(readiness_radar_text(shown, names)))
st.markdown("**Each category: does it happen as much as it matters?**")
st.altair_chart(readiness_scatter_chart(shown, names), width="content")
st.caption(plain(readiness_scatter_text(shown, names)))
st.markdown("**The gap, largest first**")
st.altair_chart(readiness_gap_chart(shown, names), width="stretch")
st.caption(plain(readiness_gap_text(shown, names)))
st.markdown("**How far partners agree**")
st.altair_chart(readiness_spread_chart(shown, names), width="content")
st.caption(plain(readiness_spread_text(shown, names)))
st.markdown("**How far partners involve the public (the participation ladder)**")
if not shown.ladder.empty:
    st.altair_chart(readiness_ladder_chart(shown), width="stretch")
st.caption(plain(readiness_ladder_text(shown)))

st.markdown("#### By sector")
by_sector = {}
for sector, part in report.sectors.items():
    if part.shown:
        by_sector[f"{SECTORS.get(sector, sector)}: importance"] = [
            part.questions.at[(c, "importance"), "mean"] for c in part.categories]
        by_sector[f"{SECTORS.get(sector, sector)}: prevalence"] = [
            part.questions.at[(c, "prevalence"), "mean"] for c in part.categories]
if by_sector:
    st.dataframe(pd.DataFrame({"Category": [names.get(c, c) for c in results.categories],
                               **by_sector}), hide_index=True, width="stretch",
                 placeholder="–", column_config={
                     column: st.column_config.NumberColumn(column, format="%.1f")
                     for column in by_sector})
for sector, part in report.sectors.items():
    if not part.shown:
        st.markdown(f"{SECTORS.get(sector, sector)}: not shown"
                    + (f" (fewer than {MIN_GROUP} partners)." if part.respondents < MIN_GROUP
                       else ", as the smaller sectors' answers could be worked out from it."))
if not report.sectors:
    st.write("No partner gave their sector.")

if earlier_id is not None:
    earlier = waves[earlier_id]["label"]
    st.markdown(f"#### Change since {plain(earlier)}")
    changes = change_rows(report)
    if changes:
        st.dataframe(pd.DataFrame([{
            "Category": r["name"], "Question": r["question"], plain(earlier): r["before"],
            plain(wave["label"]): r["after"], "Change": r["change"],
            "95% CI": r["interval"], "More than chance?": r["verdict"]} for r in changes]),
            hide_index=True, width="stretch")
        st.caption("Welch's t-test, two-sided, at 5%. The answers are anonymous, so the two "
                   "waves are compared as separate groups of people.")
    else:
        st.write(f"Nothing to compare: the earlier wave has fewer than {MIN_GROUP} answers.")

st.markdown("#### Downloads")
tables = results_tables(results, names, report.sectors, report.change)
about = [("title", f"Partnership readiness: {partnership['name']}, {wave['label']}"),
         ("partnership", partnership["name"]), ("place", place), ("wave", wave["label"]),
         ("instrument", instrument.label), ("respondents", str(results.respondents)),
         ("created", date.today().isoformat()),
         ("minimum group", f"{MIN_GROUP} respondents"),
         *(("rule", rule) for rule in RULES),
         ("columns", "n: those who gave a score; not_applicable, missing: the others; mean, "
                     "mean_low, mean_high: the mean and its 95% confidence interval; sd: "
                     "the standard deviation; great_deal (with _low, _high): the share "
                     "answering a great deal and its Wilson interval; share_0 to share_3: "
                     "the share giving each answer; gap (gap_low, gap_high): importance less "
                     "prevalence and the interval of the paired differences; empty: fewer "
                     f"than {MIN_GROUP} answered.")]
stem = readiness_file_name(partnership, wave).removesuffix(".pdf")
one, two, three = st.columns(3)
one.download_button("Tables (CSV in a ZIP, with metadata)", lambda: tables_zip(tables, about),
                    f"{stem}.zip", "application/zip", key="readiness_csv", on_click="ignore")
two.download_button("Tables (Excel, with metadata)", lambda: tables_xlsx(tables, about),
                    f"{stem}.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    key="readiness_xlsx", on_click="ignore")
three.download_button("Readiness briefing (PDF)", lambda: readiness_pdf(report),
                      readiness_file_name(partnership, wave), "application/pdf",
                      icon=":material/picture_as_pdf:", key="readiness_pdf",
                      on_click="ignore")
