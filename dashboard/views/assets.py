"""Community assets page: need against assets, and the asset register to keep up to date."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import cache, stores
from dashboard.charts import need_assets_chart
from dashboard.components.records_view import who
from dashboard.roles import can_edit
from dashboard.state import ASSETS_COUNTED_KEY, flash, role, saw, show_flash, version_seen
from dashboard.text import plain
from data.areas.assets import ASSET_TYPES, need_against_assets, same_name_and_address
from data.areas.geography import area_locator
from data.errors import DataLayerError, StoreError
from data.store.assets import asset_density

work = cache.current()
borough, areas, run = work.borough, work.areas, work.run
store = stores.asset_store()
locate = area_locator(borough.lsoas)
assets = cache.asset_register()
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

#: An asset's fields as its form asks for them.
FORM_FIELDS = ("name", "category", "subcategory", "lon", "lat", "address", "postcode",
               "services", "opening_hours", "staff", "volunteers", "funding", "source")


def _problem_key(form: str) -> str:
    return f"{form}.problem"


def asset_form(key: str, asset: dict, save: Callable[[dict], str | None]) -> None:
    """A form for an asset's fields; on submit ``save`` is called with them and returns what
    stops them being saved, if anything.

    It is called before the page runs again (a callback), so that the page then shows the
    change, or the reason next to the form, in one run. A new asset's form is emptied once
    the asset is saved, never before: a refusal keeps what was typed. The fields are those of
    the version shown, so that a colleague's change, once saved, is what the form shows.
    """
    fields = f"{key}.{asset.get('version', 0)}"

    def field(name: str) -> str:
        return f"{fields}.{name}"

    with st.form(key):
        a, b = st.columns(2)
        a.text_input("Name", asset.get("name", ""), key=field("name"))
        b.selectbox("Category", sorted(labels), format_func=labels.get,
                    index=sorted(labels).index(asset.get("category", "library")),
                    key=field("category"))
        a, b, c = st.columns(3)
        a.text_input("Subcategory", asset.get("subcategory", ""), key=field("subcategory"))
        # a new asset starts with no place: one left as it was would be saved somewhere wrong
        b.number_input("Longitude", -8.7, 1.8, asset.get("lon"), 0.0001, format="%.6f",
                       placeholder="for example -2.1168", key=field("lon"))
        c.number_input("Latitude", 49.8, 60.9, asset.get("lat"), 0.0001, format="%.6f",
                       placeholder="for example 53.5409", key=field("lat"))
        a, b = st.columns(2)
        a.text_input("Address", asset.get("address", ""), key=field("address"))
        b.text_input("Postcode", asset.get("postcode", ""), key=field("postcode"))
        st.text_input("Services (separated by ;)", "; ".join(asset.get("services", [])),
                      key=field("services"))
        st.text_input("Opening hours", asset.get("opening_hours", ""),
                      key=field("opening_hours"))
        a, b, c = st.columns(3)
        a.text_input("Staff", "" if asset.get("staff") is None else str(asset["staff"]),
                     key=field("staff"))
        b.text_input("Volunteers", "" if asset.get("volunteers") is None
                     else str(asset["volunteers"]), key=field("volunteers"))
        c.text_input("Funding sources (separated by ;)", "; ".join(asset.get("funding", [])),
                     key=field("funding"))
        st.text_input("Source of this information", asset.get("source", ""),
                      key=field("source"))
        if not asset:
            st.checkbox("It is a different asset from one with the same name and address in "
                        "the register", key=field("same_place"))
        st.form_submit_button("Save asset" if asset else "Add asset", type="primary",
                              on_click=_submitted, args=(key, fields, not asset, save))
    problem = st.session_state.pop(_problem_key(key), None)
    if problem:
        st.error(problem)


def _submitted(key: str, fields: str, new: bool, save: Callable[[dict], str | None]) -> None:
    values = {name: st.session_state.get(f"{fields}.{name}") for name in FORM_FIELDS}
    if new:
        values["same_place"] = bool(st.session_state.get(f"{fields}.same_place"))
    if values["lon"] is None or values["lat"] is None:
        problem = ("Give the asset's longitude and latitude (WGS84 degrees, as an online map "
                   "shows them), so that it is placed in its neighbourhood.")
    else:
        try:
            problem = save(values)
        except StoreError as error:  # a fault, a colleague's change first, a busy database
            problem = plain(str(error))  # quoting users' names and values
    if problem:
        st.session_state[_problem_key(key)] = problem
    elif new:  # saved: the form starts again empty
        for name in (*FORM_FIELDS, "same_place"):
            st.session_state.pop(f"{fields}.{name}", None)


def _act(change: Callable[[], dict], done: str, form: str) -> None:
    """Make a change to an asset (verify, retire, restore) and say so, or say why not."""
    try:
        saw("asset", change())
        flash(done)
    except StoreError as error:  # its message quotes users' names and values
        st.session_state[_problem_key(form)] = plain(str(error))


def edit(asset: dict, seen: int, values: dict) -> None:
    """Save an asset's edited fields, as of the version the person saw."""
    saw("asset", store.edit(asset["id"], seen, {**asset, **values}, who(), locate=locate))
    flash(f"Saved {plain(values['name'])}.")


def add(values: dict) -> str | None:
    """Add an asset to the register, unless one of the same name and address is there
    (and it was not said to be another one); return why not, if not."""
    same_place = values.pop("same_place")
    twins = same_name_and_address(cache.asset_register(), values["name"], values["address"])
    if len(twins) and not same_place:
        return (f"{plain(values['name'])} at {plain(values['address']) or 'no address'} is "
                f"already in the register (id {', '.join(map(str, twins['id']))}): edit that "
                "one above, or tick that this is a different asset and add it again.")
    store.add(values, who(), locate=locate)
    flash(f"Added {plain(values['name'])} to the register.")
    return None


def _counted(register: pd.DataFrame) -> int:
    """A fingerprint of what the counts at the top of the page are made from: which assets
    are in the register, and each one's neighbourhood and category."""
    return int(pd.util.hash_pandas_object(register[["id", "area_code", "category"]],
                                          index=False).sum())


st.session_state[ASSETS_COUNTED_KEY] = _counted(assets)


@st.fragment
def register() -> None:
    """The register, and its forms for editors. A change made here runs only this part of the
    page again, unless it changes the counts above (an asset added, moved or retired): then
    the whole page."""
    if _counted(cache.asset_register()) != st.session_state.get(ASSETS_COUNTED_KEY):
        st.rerun(scope="app")
    show_flash()  # in a run of this part alone, the app's own call does not run
    st.markdown("#### The register")
    left, middle, right = st.columns([2, 2, 1])
    category = left.selectbox("Category", ["any", *sorted(labels)], key="assets_category",
                              format_func=lambda c: "any" if c == "any" else labels[c])
    search = middle.text_input("Search names and addresses", key="assets_search")
    retired = right.checkbox("Show retired", key="assets_retired")
    shown = cache.asset_register(None if category == "any" else category, search, retired)
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

    if can_edit(role()):  # viewers read the register; editors keep it up to date
        # keyed by the filter: after a new search the picker starts on a listed asset, never
        # on one chosen before and no longer shown
        editing(shown, f"assets_chosen_{category}_{search}_{retired}")


def editing(shown: pd.DataFrame, picker: str) -> None:
    """The forms and buttons that keep the register up to date: ``picker`` is the key of the
    choice of the asset to edit, among those ``shown``."""
    if len(shown):
        names = dict(zip(shown["id"], shown["name"], strict=True))
        chosen = st.selectbox("Edit, verify or retire", list(names), key=picker,
                              format_func=lambda i: f"{names[i]} ({i})")
        asset = store.get(int(chosen))
        # every write names the version the person saw, so that a colleague's change saved in
        # between (a rename, a retirement) is refused and shown rather than lost or undone
        seen = version_seen("asset", asset)
        st.markdown(plain(f"{asset['name']} · version {asset['version']}, last changed by "
                          f"{asset['updated_by']} on {asset['updated_at']:%d %b %Y %H:%M}"))
        form = f"asset_edit_{asset['id']}"
        asset_form(form, asset, lambda values: edit(asset, seen, values))
        a, b = st.columns(2)
        a.button(f"Verified today: {plain(asset['name'])} is still there",
                 key=f"asset_verify_{asset['id']}", on_click=_act, args=(
                     lambda: store.verify(asset["id"], seen, who()),
                     f"Recorded that {plain(asset['name'])} was still there today.", form))
        b.button("Restore" if asset["retired"] else "Retire (closed or gone)",
                 key=f"asset_retire_{asset['id']}", on_click=_act, args=(
                     lambda: (store.restore if asset["retired"] else store.retire)(
                         asset["id"], seen, who()),
                     f"{'Restored' if asset['retired'] else 'Retired'} {plain(asset['name'])}.",
                     form))
        saw("asset", asset)
        history = st.expander("History", key="assets_history_open", on_change="rerun")
        if history.open:  # drawn when opened: a page that opens with it closed draws less
            for change in store.history(asset["id"]):
                history.caption(f"Version {change['version']}: {change['action']} by "
                           f"{plain(change['changed_by'])} on "
                           f"{change['changed_at']:%d %b %Y %H:%M}")

        years = stores.survey_answer_store().years(asset["id"]) \
            if asset["survey_year"] is not None else []
        if years:  # what the organisation said in the asset survey, year by year
            st.caption("Its answers to the asset survey, year by year:")
            st.dataframe(pd.DataFrame([{
                "Year": y["year"], "Paid staff": y["answers"].get("staff"),
                "Paid staff (FTE)": y["answers"].get("staff_fte"),
                "Volunteers": y["answers"].get("volunteers"),
                "Volunteer hours a month": y["answers"].get("volunteer_hours"),
                "Income": y["answers"].get("income_band")} for y in years]),
                hide_index=True, width="stretch", placeholder="")

    adding = st.expander("Add an asset", key="assets_add_open", on_change="rerun")
    if adding.open:
        with adding:
            asset_form("asset_add", {}, add)

    transfer = st.expander("Export or import the register", key="assets_transfer_open",
                           on_change="rerun")
    if not transfer.open:
        return
    with transfer:
        a, b = st.columns(2)
        # made when clicked, as the register is then, not on every run of the page
        a.download_button("Export the register (CSV)", store.export_csv, "assets.csv", "text/csv",
                          key="assets_export_csv", on_click="ignore")
        a.download_button("Export the register (JSON)", store.export_json, "assets.json",
                          "application/json", key="assets_export_json", on_click="ignore")
        a.download_button("Export as Open Referral UK (JSON, with contacts: for staff)",
                          lambda: store.export_oruk(borough.code, public=False),
                          "assets_oruk.json", "application/json", key="assets_export_oruk",
                          on_click="ignore")
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
            except UnicodeDecodeError:
                b.error(f"{plain(upload.name)} is not UTF-8 text; save it as UTF-8 and try "
                        "again.")
            except DataLayerError as error:  # quotes the file's values
                b.error(plain(str(error)))
            else:
                flash(f"Imported {added} assets from {plain(upload.name)}.")
                st.rerun(scope="app")  # the counts at the top of the page include them


register()
