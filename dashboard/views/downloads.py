"""Downloads page: the working index's results, with their metadata, in a file; and the
public tracker of promises made to communities; and the asset register in Open Referral UK
form."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, stores
from dashboard.components import promises_view
from dashboard.failures import or_stop
from dashboard.text import plain
from data.exports import FORMATS, export_results, file_name, results_table
from data.stats.suppression import suppression_rule

work = cache.current()
borough, areas, run = work.borough, work.areas, work.run
spec = run.spec
intervals = cache.rank_intervals().areas
compared = or_stop(work.comparisons)  # 95% limits and comparisons of rates

st.title("Download the results")
st.caption(
    f"The {plain(spec.name)} for {borough.name}'s {plain(areas.describe())} (choose other "
    "areas in the sidebar): the score, rank, decile and rank interval; each domain's score "
    "and rank; each indicator's value and rank, and for rates and proportions made from "
    "counts their 95% confidence limits and how they compare with the borough and the region. "
    "Every file carries its metadata: the spec "
    "that rebuilds the index, data vintages, sources and licences, the suppression rule, the "
    "attribution and what each column means."
)
st.info(f"{suppression_rule().describe()} Hidden cells are left blank, and the row's "
        "'suppressed' column names them.",
        icon=":material/visibility_off:")

fmt = st.radio("Format", list(FORMATS), format_func=lambda f: FORMATS[f].label,
               key="download_format")
st.download_button(
    f"Download as {FORMATS[fmt].label}",
    data=lambda: export_results(fmt, run, areas, borough.name, borough.sources, intervals,
                                compared),
    file_name=file_name(spec.code, borough.name, areas.level, fmt), mime=FORMATS[fmt].mime,
    icon=":material/download:", key="download_results", on_click="ignore",
)

st.markdown("#### What the file holds")
st.dataframe(results_table(run, areas.table, areas.hidden, intervals, compared), height=360)

st.markdown("#### You said, we did")
st.caption(f"Every public promise made to communities in {borough.name}: what people asked "
           "for, what was promised and by whom, where it stands today and what happened. "
           "The You said, we did page shows them.")
promises_view.tracker_download(stores.promise_store(), work, "download_promises")

st.markdown("#### Community assets and organisations")
st.caption(f"The asset register of {borough.name} in Open Referral UK form (JSON): each "
           "asset as a service at its location, with its category, and, for voluntary and "
           "community organisations, their fields of work (ICNPO groups) and what they say "
           "in the asset survey. Contacts are left out, and so are an organisation's staff, "
           "volunteer and funding figures unless it agreed to their being published. The "
           "sector's capacity tables are on the Voluntary sector page.")
st.download_button("Download the register (Open Referral UK JSON)",
                   data=lambda: stores.asset_store().export_oruk(borough.code),
                   file_name=f"community_assets_{borough.code}_oruk.json",
                   mime="application/json", icon=":material/download:",
                   key="download_register_oruk", on_click="ignore")
