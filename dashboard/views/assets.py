"""Community assets page: need against assets, and the asset register to keep up to date."""

from __future__ import annotations

import streamlit as st

from dashboard import cache
from dashboard.charts import need_assets_chart
from dashboard.components.notes_view import who
from dashboard.roles import can_edit
from dashboard.state import flash, saw, version_seen
from dashboard.text import plain
from data.assets import ASSET_TYPES, need_against_assets, same_name_and_address
from data.errors import DataLayerError
from data.geography import area_locator
from data.store.assets import asset_density
from data.store.records import RecordError, StaleEditError

borough, areas, run = cache.current()
store = cache.asset_store()
locate = area_locator(borough.lsoas)
assets = store.assets(borough.code)
labels = {**ASSET_TYPES, **{c: c for c in assets["category"].unique() if c not in ASSET_TYPES}}

st.title(f"Community assets: {borough.name}")
st.caption("What each neighbourhood has, from the open registers and your own updates: "
           "libraries, GP practices, food banks, places of worship, community venues and more.")

density = asset_density(assets.assign(area_code=assets["area_code"].map(areas.members)),
                        areas.table["usual_residents_2021"])
placed = need_against_assets(run.scores[run.spec.code], density["per_1000"],
                             areas.table["area_name"])
st.markdown("#### Need against assets")
st.altair_chart(need_assets_chart(placed), width="stretch")
gap = placed[placed["quadrant"] == "high need, few assets"]
st.caption(f"Dashed lines are the medians. {len(gap)} neighbourhoods have more need than "
           "the median and fewer assets per resident than the median; they are listed below.")
st.dataframe(gap.assign(code=gap.index, score=gap["score"].round(2),
                        per_1000=gap["per_1000"].round(2))[["name", "code", "score", "per_1000"]],
             hide_index=True, width="stretch", placeholder="",
             column_config={"name": "Neighbourhood", "code": "Code", "score": "Index score",
                            "per_1000": "Assets per 1,000 residents"})
with st.expander("Assets per neighbourhood, by category"):
    by_category = density.round(2).rename(columns={
        **labels, "assets": "Assets", "per_1000": "Assets per 1,000 residents"})
    by_category.insert(0, "Neighbourhood", areas.table["area_name"].reindex(density.index))
    by_category.insert(1, "Code", density.index)
    st.dataframe(by_category, hide_index=True, width="stretch", placeholder="")

st.markdown("#### The register")
left, middle, right = st.columns([2, 2, 1])
category = left.selectbox("Category", ["any", *sorted(labels)], key="assets_category",
                          format_func=lambda c: "any" if c == "any" else labels[c])
search = middle.text_input("Search names and addresses", key="assets_search")
retired = right.checkbox("Show retired", key="assets_retired")
shown = store.assets(borough.code, None if category == "any" else category, search, retired)
# each asset's neighbourhood by name (at the level chosen); missing values as blanks
st.dataframe(
    shown[["id", "name", "category", "address", "area_code", "staff", "volunteers",
           "last_verified", "retired", "version"]].assign(
        category=shown["category"].map(labels),
        area_code=shown["area_code"].map(areas.members).map(areas.table["area_name"])),
    hide_index=True, width="stretch", placeholder="",
    column_config={"id": "Ref.", "name": "Name", "category": "Category", "address": "Address",
                   "area_code": "Neighbourhood", "staff": "Staff", "volunteers": "Volunteers",
                   "last_verified": st.column_config.DateColumn("Last checked",
                                                                format="D MMM YYYY"),
                   "retired": "Retired", "version": "Version"})


def asset_form(key: str, asset: dict) -> dict | None:
    """A form for an asset's fields; returns them when submitted."""
    with st.form(key, clear_on_submit=not asset):
        a, b = st.columns(2)
        name = a.text_input("Name", asset.get("name", ""))
        kind = b.selectbox("Category", sorted(labels), format_func=labels.get,
                           index=sorted(labels).index(asset.get("category", "library")))
        a, b, c = st.columns(3)
        subcategory = a.text_input("Subcategory", asset.get("subcategory", ""))
        # a new asset starts with no place: one left as it was would be saved somewhere wrong
        lon = b.number_input("Longitude", -8.7, 1.8, asset.get("lon"), 0.0001, format="%.6f",
                             placeholder="for example -2.1168")
        lat = c.number_input("Latitude", 49.8, 60.9, asset.get("lat"), 0.0001, format="%.6f",
                             placeholder="for example 53.5409")
        a, b = st.columns(2)
        address = a.text_input("Address", asset.get("address", ""))
        postcode = b.text_input("Postcode", asset.get("postcode", ""))
        services = st.text_input("Services (separated by ;)", "; ".join(asset.get("services", [])))
        hours = st.text_input("Opening hours", asset.get("opening_hours", ""))
        a, b, c = st.columns(3)
        staff = a.text_input("Staff", "" if asset.get("staff") is None else str(asset["staff"]))
        volunteers = b.text_input("Volunteers", "" if asset.get("volunteers") is None
                                  else str(asset["volunteers"]))
        funding = c.text_input("Funding sources (separated by ;)",
                               "; ".join(asset.get("funding", [])))
        source = st.text_input("Source of this information", asset.get("source", ""))
        same_place = False if asset else st.checkbox(
            "It is a different asset from one with the same name and address in the register")
        if st.form_submit_button("Save asset" if asset else "Add asset", type="primary"):
            if lon is None or lat is None:
                st.error("Give the asset's longitude and latitude (WGS84 degrees, as an online "
                         "map shows them), so that it is placed in its neighbourhood.")
                return None
            return {"same_place": same_place, "name": name, "category": kind,
                    "subcategory": subcategory, "lon": lon, "lat": lat, "address": address,
                    "postcode": postcode, "services": services,
                    "opening_hours": hours, "staff": staff, "volunteers": volunteers,
                    "funding": funding, "source": source}
    return None


if not can_edit(st.session_state.get("role", "viewer")):
    st.stop()  # viewers read the register; editors keep it up to date below

if len(shown):
    # keyed by the filter: after a new search the picker starts on a listed asset, never
    # on one chosen before and no longer shown
    names = dict(zip(shown["id"], shown["name"], strict=True))
    chosen = st.selectbox("Edit, verify or retire", list(names),
                          key=f"assets_chosen_{category}_{search}_{retired}",
                          format_func=lambda i: f"{names[i]} ({i})")
    asset = store.get(int(chosen))
    # every write names the version the person saw, so that a colleague's change saved in
    # between (a rename, a retirement) is refused and shown rather than lost or undone
    seen = version_seen("asset", asset)
    st.markdown(plain(f"{asset['name']} · version {asset['version']}, last changed by "
                      f"{asset['updated_by']} on {asset['updated_at']:%d %b %Y %H:%M}"))
    try:
        changes = asset_form(f"asset_edit_{asset['id']}", asset)
        if changes is not None:
            changes.pop("same_place")
            saw("asset", store.edit(asset["id"], seen, {**asset, **changes}, who(),
                                    locate=locate))
            flash(f"Saved {plain(changes['name'])}.")
            st.rerun()
        a, b = st.columns(2)
        if a.button(f"Verified today: {plain(asset['name'])} is still there",
                    key=f"asset_verify_{asset['id']}"):
            saw("asset", store.verify(asset["id"], seen, who()))
            flash(f"Recorded that {plain(asset['name'])} was still there today.")
            st.rerun()
        if b.button("Restore" if asset["retired"] else "Retire (closed or gone)",
                    key=f"asset_retire_{asset['id']}"):
            saw("asset", (store.restore if asset["retired"] else store.retire)(
                asset["id"], seen, who()))
            flash(f"{'Restored' if asset['retired'] else 'Retired'} {plain(asset['name'])}.")
            st.rerun()
    except StaleEditError as error:  # errors quote users' names and values
        st.error(plain(str(error)))
    except RecordError as error:
        st.error(plain(str(error)))
    saw("asset", asset)
    with st.expander("History"):
        for change in store.history(asset["id"]):
            st.caption(f"Version {change['version']}: {change['action']} by "
                       f"{plain(change['changed_by'])} on {change['changed_at']:%d %b %Y %H:%M}")

with st.expander("Add an asset"):
    fields = asset_form("asset_add", {})
    if fields is not None:
        twins = same_name_and_address(assets, fields["name"], fields["address"])
        if len(twins) and not fields.pop("same_place"):
            st.error(f"{plain(fields['name'])} at {plain(fields['address']) or 'no address'} "
                     f"is already in the register (id {', '.join(map(str, twins['id']))}): "
                     "edit that one above, or tick that this is a different asset and add it "
                     "again.")
        else:
            fields.pop("same_place", None)
            try:
                store.add(fields, who(), locate=locate)
                flash(f"Added {plain(fields['name'])} to the register.")
                st.rerun()
            except RecordError as error:
                st.error(plain(str(error)))

with st.expander("Export or import the register"):
    a, b = st.columns(2)
    # made when clicked, as the register is then, not on every run of the page
    a.download_button("Export the register (CSV)", store.export_csv, "assets.csv", "text/csv",
                      key="assets_export_csv", on_click="ignore")
    a.download_button("Export the register (JSON)", store.export_json, "assets.json",
                      "application/json", key="assets_export_json", on_click="ignore")
    kind = b.radio("What kind of file", ["register", "oruk"], key="assets_import_kind",
                   format_func={"register": "this register's CSV or JSON (or a CSV with name, "
                                "category, lon, lat)",
                                "oruk": "Open Referral UK: API JSON, or the CSV tables in a "
                                "ZIP"}.get)
    upload = b.file_uploader("File to import", type=["csv", "json", "zip"], key="assets_import")
    if upload is not None and b.button("Import", key="assets_import_go"):
        try:
            name = upload.name.lower()
            if kind == "oruk":
                added = store.import_oruk(upload.getvalue(), upload.name, who(), locate=locate)
            elif name.endswith(".json"):
                added = store.import_json(upload.getvalue().decode("utf-8-sig"), upload.name,
                                          who(), locate=locate)
            else:
                added = store.import_csv(upload.getvalue().decode("utf-8-sig"), upload.name,
                                         who(), locate=locate)
            b.success(f"Imported {added} assets from {plain(upload.name)}.")
        except UnicodeDecodeError:
            b.error(f"{plain(upload.name)} is not UTF-8 text; save it as UTF-8 and try again.")
        except DataLayerError as error:  # quotes the file's values
            b.error(plain(str(error)))
