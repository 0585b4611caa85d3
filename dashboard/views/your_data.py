"""Your data page: check a file of your own, then add it as neighbourhoods, a table or points."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import cache, stores
from dashboard.roles import can_edit
from dashboard.state import role
from dashboard.text import plain
from data.areas.neighbourhoods import lookup_from_polygons
from data.errors import DataLayerError
from data.settings import limits
from data.store.tables import points_per_lsoa
from data.userfiles.validate import KINDS
from indices.tables import for_spreadsheets

#: What a usable file can be used as, in words.
AS = {"boundaries": "neighbourhood boundaries", "lookup": "a lookup of LSOAs to neighbourhoods",
      "indicators": "an indicator table", "points": "points to count"}

KIND_LABELS = {
    None: "Work it out from the file",
    "boundaries": "Neighbourhood boundaries (GeoJSON, GeoPackage, zipped shapefile)",
    "lookup": "A lookup of 2021 LSOAs to neighbourhoods (CSV, XLSX)",
    "indicators": "An indicator table by 2021 LSOA (CSV, XLSX)",
    "points": "Points such as crimes or services (CSV, XLSX with lon/lat or easting/northing)",
}

work = cache.current()
borough, areas = work.borough, work.areas
editable = can_edit(role())
neighbourhoods, tables = stores.neighbourhood_store(), stores.user_table_store()

st.title("Your data")
REGION = borough.region_name
st.caption(
    "Check a file before it is used: every problem is listed with its row, column and value "
    "and what to do, and a file with any error is not loaded at all. Coordinates in British "
    "National Grid or WGS84 are converted, broken shapes repaired (and listed), codes checked "
    f"against the 2021 LSOAs of {REGION}, and 2011 LSOA codes recognised. The same "
    "check runs from the command line: python -m data validate FILE."
)


def _save(action, *args) -> None:
    try:
        action(*args)
    except DataLayerError as error:  # quotes the names and values given
        st.error(plain(str(error)), icon=":material/error:")
        return
    st.toast("Saved.")
    st.rerun()


if editable:
    limit = limits()
    upload = st.file_uploader(
        "A file of your own", key="your_file",
        type=["csv", "xlsx", "geojson", "json", "gpkg", "zip"],
        help=f"Up to {limit.file_mb:g} MB, {limit.rows:,} rows and {limit.columns:,} columns.")
    left, right = st.columns([3, 2])
    kind = left.selectbox("What it holds", [None, *KINDS], format_func=KIND_LABELS.get,
                          key="your_kind")
    id_column = right.text_input("Column of area codes (optional)", key="your_id",
                                 help="Left empty, the column of ONS codes is found by itself.")
else:  # checking a file takes the server's time: viewers of a public app cannot start it
    st.info("Checking and adding files needs the editor role.", icon=":material/lock:")
    upload = None

if upload is not None:
    checked = cache.validated_upload(upload.getvalue(), upload.name, kind, id_column or None)
    report = checked.report
    if report.usable:
        warned = len(report.warnings)
        st.success(f"{plain(upload.name)} can be used as {AS[report.kind]}"
                   + (f", with {warned} warning{'s' if warned > 1 else ''}." if warned else "."),
                   icon=":material/check_circle:")
    else:
        errors = len(report.errors)
        st.error(f"{plain(upload.name)} cannot be used: {errors} "
                 f"problem{'s' if errors > 1 else ''} to fix. Nothing from it has been loaded.",
                 icon=":material/error:")
    if report.problems:
        st.dataframe(report.to_frame(), hide_index=True, width="stretch")
        st.download_button("Download this report (CSV)",
                           for_spreadsheets(report.to_frame()).to_csv(index=False),
                           f"{Path(upload.name).stem}_report.csv", "text/csv",
                           key="your_report", on_click="ignore")
    for note in report.notes:  # they quote the file's headers and values
        st.caption(plain(note))

    if report.usable:
        frame = checked.frame
        name = st.text_input("Save it as", value=Path(upload.name).stem[:60], key="your_name")
        if report.kind == "lookup":
            if st.button("Save these neighbourhoods", key="your_save_lookup"):
                _save(neighbourhoods.save, name, frame.set_index("lsoa21cd"))
        elif report.kind == "boundaries":
            columns = [c for c in frame.columns if c != "geometry"]
            code_col = st.selectbox("Column of neighbourhood codes", columns, key="your_code")
            name_col = st.selectbox("Column of neighbourhood names", columns, key="your_label",
                                    index=min(1, len(columns) - 1))
            lookup, unassigned = lookup_from_polygons(cache.region_lsoas(), frame, code_col,
                                                      name_col)
            st.write(f"Each 2021 LSOA goes to the neighbourhood its inner point falls in: "
                     f"{lookup['neighbourhood_code'].nunique()} neighbourhoods, {len(lookup)} "
                     f"LSOAs; {len(unassigned)} LSOAs of {REGION} fall in none.")
            if lookup.empty:
                st.warning(f"No 2021 LSOA of {REGION} falls in these boundaries.")
            elif st.button("Save these neighbourhoods", key="your_save_polygons"):
                _save(neighbourhoods.save, name, lookup)
        elif report.kind == "indicators":
            st.write(f"{len(frame.columns)} columns for {len(frame)} areas: "
                     + ", ".join(plain(c) for c in frame.columns[:12])
                     + (" …" if len(frame.columns) > 12 else ""))
            if st.button("Add to the area table", key="your_save_table"):
                own = tables.joined().columns
                _save(tables.save, name, frame, borough.region.drop(columns=own))
        else:
            counts = points_per_lsoa(frame, cache.region_lsoas(), name)
            column = counts.columns[0]
            st.write(f"{int(counts[column].sum()):,} of {len(frame):,} points fall in a 2021 "
                     f"LSOA of {REGION}; they become the count column {plain(repr(column))}. "
                     "Make it a rate per 1,000 residents in the Index builder (denominator "
                     "usual_residents_2021, scale 1000); small counts are hidden.")
            if st.button("Add the counts to the area table", key="your_save_points"):
                own = tables.joined().columns
                _save(tables.save, name, counts, borough.region.drop(columns=own))

st.markdown("#### Saved")
sets, saved_tables = neighbourhoods.names(), tables.names()
if not sets and not saved_tables:
    st.write("Nothing yet.")
for label, store, names, hint in (
    ("Neighbourhoods", neighbourhoods, sets, "choose them under Areas in the sidebar"),
    ("Tables", tables, saved_tables, "their columns are in the Index builder"),
):
    if names:
        st.markdown(f"**{label}** ({hint})")
    for saved in names:
        row = st.columns([5, 1])
        row[0].write(plain(saved))
        if editable and row[1].button("Delete", key=f"your_delete_{label}_{saved}"):
            _save(store.delete, saved)
