"""Get-the-data page: shown when no data is found, it fetches a borough from the publishers."""

from __future__ import annotations

import streamlit as st

from dashboard.state import NO_DATA_KEY
from dashboard.text import plain
from data.errors import DataLayerError
from data.fetch.borough import fetch_borough
from data.opendata.catalogue import NO_NATIONAL_SOURCE
from data.settings import DATA_ROOT_ENV, FETCH_MIRROR_ENV, fetch_folder

#: Session key of the reason no data was found, set by the app's router.

st.title("Get the open data")
st.warning(st.session_state.get(NO_DATA_KEY, "No data found."), icon=":material/folder_off:")
st.markdown(
    "The app can download a borough's open data from the original publishers: LSOA and ward "
    "boundaries and lookups from the ONS Open Geography Portal, the English Indices of "
    "Deprivation 2025 and 2019 from GOV.UK, and Census 2021 tables from Nomis. It shapes and "
    f"checks them, and keeps them in `{fetch_folder()}`, so this is needed once per borough. "
    f"Without internet, set `{FETCH_MIRROR_ENV}` to a folder of the publishers' files; or set "
    f"`{DATA_ROOT_ENV}` to a folder of data files."
)
borough = st.text_input("Borough: a district of England, by name or ONS code", value="Oldham",
                        key="fetch_borough", help="For example Oldham, Leeds or E08000035.")
if st.button("Fetch the open data", key="fetch_go", type="primary"):
    bar = st.progress(0.0, text="Starting…")
    detail = st.empty()

    def show(text: str, share: float | None) -> None:
        if share is None:
            detail.caption(text)
        else:
            bar.progress(share, text=text)

    try:
        result = fetch_borough(borough, progress=show)
    except DataLayerError as error:
        st.error(plain(str(error)), icon=":material/error:")  # quotes the borough asked for
    else:
        st.cache_data.clear()
        st.cache_resource.clear()
        st.success(f"{result.name}'s open data is ready.", icon=":material/check_circle:")
        st.button("Open the app", key="fetch_open")  # the rerun finds the fetched data

st.subheader("Not fetched: no national open source")
st.markdown("\n".join(f"- **{label.capitalize()}**: {reason}"
                      for label, reason in NO_NATIONAL_SOURCE.items()))
st.markdown("Upload your own files for these once the borough's data is loaded; the index is "
            "built without them until then.")
