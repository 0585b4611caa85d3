"""Voluntary sector page: the capacity of the borough's voluntary and community
organisations, from their survey answers, beside need; the sector's funding and the
support it needs; and the tables to download."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import cache, stores
from dashboard.charts import need_assets_chart
from dashboard.roles import can_edit
from dashboard.state import role
from dashboard.text import plain
from data.areas.capacity import (
    COLUMN_NOTES,
    COUNTING_RULE,
    FIELDS_OF_WORK,
    dependent,
    domain_of,
    hide_small,
    need_against_capacity,
    public_tables,
)
from data.exports import tables_zip
from data.stats.suppression import suppression_rule

work = cache.current()
borough, areas, run = work.borough, work.areas, work.run
rule = suppression_rule()
sector = cache.sector()
names = areas.table["area_name"]

st.title(f"Voluntary sector: {borough.name}")
st.caption("What the borough's voluntary and community organisations say of themselves in the "
           "asset survey, once the council has read their answers: where they work, with how "
           "many paid staff and volunteers, how they are funded and what support they need.")
if sector.orgs.empty:
    st.info("No organisation's survey answers are in the register yet. Editors send the "
            "survey's link to organisations from the Asset survey page.",
            icon=":material/volunteer_activism:")
    st.stop()
tables = public_tables(sector, names, rule.threshold)

NUMBERS = {"organisations": st.column_config.NumberColumn("Organisations", format="%.2f"),
           "organisations_per_1000": st.column_config.NumberColumn(
               "Organisations per 1,000 residents", format="%.3f"),
           "staff_fte": st.column_config.NumberColumn("Paid staff (FTE)", format="%.1f"),
           "volunteers": st.column_config.NumberColumn("Volunteers", format="%.0f"),
           "volunteer_hours": st.column_config.NumberColumn("Volunteer hours a month",
                                                            format="%.0f"),
           "people_fte_per_1000": st.column_config.NumberColumn(
               "People (FTE) per 1,000 residents", format="%.2f"),
           "name": "Neighbourhood", "code": "Code", "residents": "Residents"}
#: What capacity is measured in, against need.
MEASURES = {"organisations_per_1000": "Organisations per 1,000 residents",
            "people_fte_per_1000": "People (paid FTE and volunteers' hours) per 1,000 "
                                   "residents"}
shown_columns = ["organisations", "organisations_per_1000", "staff_fte", "volunteers",
                 "volunteer_hours", "people_fte_per_1000"]

whole = tables["by_field"]
total = whole.loc["All fields"]
count = int(total["organisations"])
st.markdown(f"**{count} {'organisation has' if count == 1 else 'organisations have'}** told "
            "the council about themselves"
            + (f": {total['staff_fte']:,.0f} paid staff (full-time equivalent) and "
               f"{total['volunteers']:,.0f} volunteers giving {total['volunteer_hours']:,.0f} "
               "hours a month." if pd.notna(total["staff_fte"]) else "."))
st.caption(f"How they are counted: {COUNTING_RULE} Staff, volunteer and hours figures made "
           f"from 1 to {rule.threshold - 1} organisations are hidden, as one organisation's own "
           "figures could be read from them; where an area's hidden figures could be worked out "
           "from the borough's total, the next smallest area's are hidden too.")

st.markdown("#### By field of work")
st.dataframe(whole.reset_index()[["field_of_work", *shown_columns]], hide_index=True,
             width="stretch", placeholder=rule.value_text,
             column_config={**NUMBERS, "field_of_work": "Field of work (ICNPO group)"})

st.markdown(f"#### By {areas.label}")
st.dataframe(tables["by_area"].reset_index()[["name", "code", "residents", *shown_columns]],
             hide_index=True, width="stretch", placeholder=rule.value_text,
             column_config=NUMBERS)

st.markdown("#### Need against capacity")
working = {f for fields_of in sector.orgs["fields_of_work"] for f in fields_of}
# the fields an index domain stands beside, those with organisations first
domain_codes = [d.code for d in run.spec.domains]
fields = sorted((f for f in FIELDS_OF_WORK if domain_of(f, domain_codes)),
                key=lambda f: f not in working)
if not fields:
    st.info("The index has no domain a field of work serves (such as health or crime).")
else:
    a, b = st.columns(2)
    field = a.selectbox("Field of work", fields, format_func=lambda f: FIELDS_OF_WORK[f][1],
                        key="sector_field")
    measure = b.selectbox("Capacity as", list(MEASURES), format_func=MEASURES.get,
                          key="sector_measure")
    domain = domain_of(field, domain_codes)
    domain_name = next(d.name for d in run.spec.domains if d.code == domain)
    long = tables["by_area_and_field"]
    shown = long[long["field_of_work"] == FIELDS_OF_WORK[field][1]].set_index("code")[measure]
    placed = need_against_capacity(run.scores[domain], sector.by_area(field)[measure], names)
    st.caption(f"{FIELDS_OF_WORK[field][1]} organisations against the {domain_name} domain of "
               f"the index: {MEASURES[measure].lower()}. Dashed lines are the medians."
               + (" Areas whose people figures are hidden (made from 1 to "
                  f"{rule.threshold - 1} organisations) are left off the chart."
                  if shown.isna().any() else ""))
    st.altair_chart(need_assets_chart(
        placed.assign(per_1000=shown.reindex(placed.index)).dropna(subset=["per_1000"]),
        x_title=f"{domain_name} score (higher = more need)",
        y_title=MEASURES[measure], what="capacity"), width="stretch")
    gap = placed[placed["quadrant"] == "high need, little capacity"]
    st.markdown(f"**{len(gap)} of the {len(placed)} {areas.plural}** have more need than the "
                f"median on {plain(domain_name)} and little capacity in this field"
                + (":" if len(gap) else "."))
    st.dataframe(gap.assign(code=gap.index, score=gap["score"].round(2),
                            per_1000=shown.reindex(gap.index).round(3))[
        ["name", "code", "score", "per_1000"]], hide_index=True, width="stretch",
        placeholder=rule.value_text,
        column_config={"name": "Neighbourhood", "code": "Code",
                       "score": f"{domain_name} score", "per_1000": MEASURES[measure]})

left, right = st.columns(2)
with left:
    st.markdown("#### Where the sector's income comes from")
    mix = tables["funding_mix"]
    st.dataframe(mix, hide_index=True, width="stretch", placeholder=rule.value_text,
                 column_config={"source": "Source", "organisations": "Organisations with any",
                                "mean_share": st.column_config.NumberColumn(
                                    "Mean share (%)", format="%.0f"),
                                "income_share": st.column_config.NumberColumn(
                                    "Share of all income (%)", format="%.0f")})
    relying = dependent(sector.orgs)
    st.markdown(f"**{len(relying)} of the {len(sector.orgs)} organisations** get more than "
                "half their income from one source.")
    if can_edit(role()) and len(relying):  # an organisation's funding is not public
        st.dataframe(relying.assign(share=relying["share"].round(0)), hide_index=True,
                     width="stretch", column_config={"id": "Ref.", "name": "Organisation",
                                                     "source": "Source", "share": "Share (%)"})
with right:
    st.markdown("#### The support organisations need")
    st.dataframe(tables["support"], hide_index=True, width="stretch",
                 placeholder=rule.value_text,
                 column_config={"support": "Support", "organisations": "Organisations",
                                "share": st.column_config.NumberColumn(
                                    "Share of those answering (%)", format="%.0f")})

years = hide_small(stores.survey_answer_store().sector_by_year(borough.code), rule.threshold)
if len(years) > 1:
    st.markdown("#### Change from year to year")
    st.caption("The answers accepted each year, added up: an organisation that did not answer "
               "in a year is not in that year's figures.")
    st.dataframe(years.reset_index()[["year", "organisations", "staff_fte", "volunteers",
                                      "volunteer_hours"]], hide_index=True, width="stretch",
                 placeholder=rule.value_text, column_config={**NUMBERS, "year": "Year"})

about = [("title", f"The voluntary and community sector's capacity: {borough.name}"),
         ("level", areas.label), ("created", date.today().isoformat()),
         ("counting rule", COUNTING_RULE),
         ("fields of work", "International Classification of Nonprofit Organizations "
                            "(ICNPO), United Nations Handbook on Non-Profit Institutions, "
                            "2003: its twelve groups."),
         ("source", "The asset survey's answers, as accepted into the asset register by the "
                    "council's editors; residents from Census 2021."),
         ("suppression", f"Staff, volunteer and hours figures made from 1 to "
                         f"{rule.threshold - 1} organisations are left empty; where an area's "
                         "could be worked out from the borough's total, the next smallest "
                         "area's are left empty too. Support counts from 1 to "
                         f"{rule.threshold - 1} are left empty, and the funding mix when fewer "
                         f"than {rule.threshold} organisations gave their funding."),
         *((f"column: {k}", v) for k, v in COLUMN_NOTES.items())]
st.download_button("Download the capacity tables (CSV in a ZIP, with metadata)",
                   lambda: tables_zip(tables, about), f"sector_capacity_{borough.code}.zip",
                   "application/zip", key="sector_download", on_click="ignore")
