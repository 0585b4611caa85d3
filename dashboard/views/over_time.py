"""Change over time page: the working index built on IoD2019 and on IoD2025 with the
indicators both have, and any two saved editions of the index, compared the same way."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import cache, stores
from dashboard.components import live_map
from dashboard.components.records_view import who
from dashboard.failures import or_stop
from dashboard.roles import can_edit
from dashboard.state import CHANGE_MAP_KEY, EDITIONS_MAP_KEY, flash, role, show_flash
from dashboard.text import plain
from data.areas.change import BRIDGE_RULE
from data.errors import RecordError
from data.exports import results_table, tables_zip
from indices.editions import CHANGE_COLUMNS, movers

#: How many areas each list of movers shows.
MOVERS = 10

work = cache.current()
borough, areas, run = work.borough, work.areas, work.run
of_what = f"{borough.name}'s {len(areas.table)} {areas.plural}"
editable = can_edit(role())
show_flash()


def _yes(value: object) -> str:
    return "" if value is pd.NA or pd.isna(value) else "Yes" if bool(value) else "No"


def _movers_table(rows: pd.DataFrame, labels: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame({
        "Area": rows["area_name"].map(plain), f"Rank, {labels[0]}": rows["rank_before"],
        f"Rank, {labels[1]}": rows["rank_after"],
        "Places moved": rows["rank_change"].abs().astype(int),
        "More than the uncertainty": rows["beyond_uncertainty"].map(_yes),
        "Boundaries changed": rows["boundary_change"].map({True: "Yes", False: ""})})


def change_view(change: pd.DataFrame, labels: tuple[str, str], node: str, map_key: str,
                about: list[tuple[str, str]], file_stem: str) -> None:
    """Show how the areas moved between two builds: in words, on a map, as the lists of the
    furthest movers each way, and as a download."""
    beyond = change["beyond_uncertainty"].fillna(False).astype(bool)
    worse, better = movers(change, MOVERS)
    st.write(plain(
        f"Of {of_what}, {int((change['rank_change'] < 0).sum())} moved towards more need "
        f"against the others from {labels[0]} to {labels[1]}, "
        f"{int((change['rank_change'] > 0).sum())} towards less, and "
        f"{int((change['rank_change'] == 0).sum())} kept their rank. "
        f"{int(beyond.sum())} moved by more than the index's own uncertainty (their rank "
        "intervals do not overlap)."))
    base, paint = cache.map_parts(node, "quantile")
    live_map.live_map(base, paint, None, key=map_key, height=480)
    st.caption("Red: the area now ranks as more in need against the others than it did; blue: "
               "less. The darker shades moved by more than the index's own uncertainty. Ranks "
               "compare areas with each other, so a move says how an area stands against the "
               "others, not whether it got better or worse in itself.")
    for title, rows in (("Moved furthest towards more need", worse),
                        ("Moved furthest towards less need", better)):
        st.markdown(f"##### {title}")
        if len(rows):
            st.dataframe(_movers_table(rows, labels), hide_index=True, width="stretch")
        else:
            st.write("None.")
    if change["boundary_change"].any():
        st.caption(f"{int(change['boundary_change'].sum())} areas have 2021 LSOAs that were "
                   "split or merged from 2011 ones: their earlier figures are carried over by "
                   "the ONS lookup, so their move is less like for like.")
    columns = {"area_name": "area_name", **{c: c for c in CHANGE_COLUMNS}}
    about = about + [(f"column: {c}", text) for c, text in CHANGE_COLUMNS.items()]
    st.download_button("Download the change for every area (CSV in a ZIP, with metadata)",
                       lambda: tables_zip({"change": change[list(columns)]}, about),
                       f"{file_stem}.zip", "application/zip", key=f"{map_key}_download",
                       on_click="ignore")


st.title(f"Change over time: {borough.name}")
st.markdown("#### The index on IoD2019 and on IoD2025")
found = cache.over_time()
if isinstance(found, str):
    st.info(found)
else:
    spec = found.editions.now
    st.write(plain(f"{run.spec.name}, built twice over the same {areas.plural}: once on "
                   f"the 2019 English Indices of Deprivation and once on the 2025 ones, with "
                   f"the {len(found.editions.used)} indicators both have: "
                   + "; ".join(i.name for i in spec.indicators) + "."))
    left_out = found.editions.left_out
    if left_out:
        with st.expander(f"The {len(left_out)} indicators left out, and why"):
            st.dataframe(pd.DataFrame({
                "Indicator": [plain(run.spec.indicator(c).name) for c in left_out],
                "Why": [plain(why) for why in left_out.values()]}),
                hide_index=True, width="stretch")
    st.caption(BRIDGE_RULE)
    change_view(found.change, found.labels, cache.INDEX_CHANGE, CHANGE_MAP_KEY, [
        ("title", f"{run.spec.name} on IoD2019 and IoD2025: {borough.name}"),
        ("level", areas.label), ("created", date.today().isoformat()),
        ("indicators used", ", ".join(found.editions.used)),
        *((f"left out: {code}", why) for code, why in left_out.items()),
        ("bridging", BRIDGE_RULE)], f"index_change_{borough.code}")

st.markdown("#### Saved editions")
st.write("An edition keeps a built index as it was: its spec, the vintages of its data and "
         "its results, so that it can be compared with a later one in the same way.")
store = stores.edition_store()
level = cache.level_signature().level
if editable:
    with st.form("keep_edition", clear_on_submit=True):
        name = st.text_input("Name of the edition", max_chars=200,
                             placeholder="For example: Spring 2026 refresh")
        kept_on = st.date_input("Date of the edition", value=date.today(), format="DD/MM/YYYY")
        note = st.text_area("What changed (optional)", max_chars=5000)
        if st.form_submit_button("Keep the index as it is now as an edition"):
            results = results_table(run, areas.table, areas.hidden,
                                    cache.rank_intervals().areas)
            try:
                kept = store.keep(run, results, borough.code, level, name, who(), kept_on,
                                  note)
            except RecordError as error:
                st.error(plain(str(error)), icon=":material/error:")
            else:
                flash(f"Kept the edition “{kept['name']}”.")
                st.rerun()
editions = store.editions(borough.code, level)
if not editions:
    st.write(plain(f"No edition of the index over {areas.plural} has been kept yet"
                   + ("." if editable else "; an editor can keep one.")))
else:
    names = {e["id"]: f"{e['name']} ({e['edition_date']:%-d %B %Y})" for e in editions}
    st.dataframe(pd.DataFrame({
        "Edition": [e["name"] for e in editions],
        "Date": [f"{e['edition_date']:%-d %B %Y}" for e in editions],
        "Index": [e["spec_code"] for e in editions],
        "What changed": [e["note"] for e in editions]}), hide_index=True, width="stretch")
    if len(editions) > 1:
        first, second = st.columns(2)
        ids = list(names)
        earlier = first.selectbox("Earlier edition", ids, index=len(ids) - 1,
                                  format_func=names.get, key="editions_earlier")
        later = second.selectbox("Later edition", ids, index=0, format_func=names.get,
                                 key="editions_later")
        if earlier == later:
            st.info("Choose two different editions to compare.")
        else:
            change, labels = cache.editions_change(earlier, later)
            if change.empty:
                st.info("These two editions have no area in common; choose two built over the "
                        "same areas.")
            else:
                change_view(change, labels, f"{cache.EDITIONS}{earlier}:{later}",
                            EDITIONS_MAP_KEY, [
                                ("title", f"{labels[0]} against {labels[1]}: {borough.name}"),
                                ("level", areas.label), ("created", date.today().isoformat())],
                            f"editions_change_{borough.code}")
    if editable:
        with st.expander("Retire an edition"):
            retiring = st.selectbox("Edition", list(names), format_func=names.get,
                                    key="editions_retire")
            if st.button("Retire it (it is kept in the history, not deleted)"):
                version = next(e["version"] for e in editions if e["id"] == retiring)
                or_stop(lambda: store.retire(retiring, version, who()))
                flash(f"Retired the edition {names[retiring]}.")
                st.rerun()
