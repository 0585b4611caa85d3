"""You said, we did: the public tracker of what was promised to communities, what is done
and what is late, for the borough or one area; editors record promises and what became of
them."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import cache, stores
from dashboard.components import promises_view, records_view
from dashboard.components.records_view import who
from dashboard.roles import can_edit
from dashboard.state import flash, role, show_flash
from dashboard.text import plain
from data.errors import RecordError
from data.store.promises import (
    STANDING_WORDS,
    STANDINGS,
    ordered,
    standing,
    tally,
    tally_sentence,
)

#: How many promises the page lists at once (each, for editors, with its form).
SHOWN = 50

work = cache.current()
borough, areas = work.borough, work.areas
store = stores.promise_store()
editor = can_edit(role())
today = date.today()
names = work.place_names()
lad_code = borough.code

st.title("You said, we did")
show_flash()
st.write(f"What people in {borough.name} asked for, what was promised in answer and by whom, "
         "and what has happened since. A promise is late when its due date has passed and it "
         "is not yet done. " + ("Internal and held-back promises are shown to you as staff; "
                                "the public sees only public ones." if editor else ""))

left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
options = ["", *areas.table.index]
chosen = left.selectbox(
    "For", options, key="promises_area",
    format_func=lambda c: f"all of {borough.name}" if not c else names.get(c, c),
    help="An area's promises are those made for it or for the LSOAs in it, and those made "
    f"for the whole of {borough.name}.")
shown = middle.multiselect("Where it stands", STANDINGS, key="promises_standing",
                           format_func=STANDING_WORDS.get, placeholder="Any")
include_retired = editor and right.checkbox("Show retired", key="promises_retired")

promises = store.promises(lad_code, areas=areas.within(chosen) if chosen else None,
                          public=not editor, include_retired=include_retired)
place = names.get(chosen, chosen) if chosen else borough.name
promises_view.counts(promises, today)
st.caption(plain(tally_sentence(tally(promises, today), place)))
listed = [p for p in ordered(promises, today)
          if not shown or standing(p, today) in shown]
if promises and not listed:
    st.caption("No promise matches.")
theme_list = stores.theme_store().names() if editor else []
for promise in listed[:SHOWN]:
    with st.container(border=True):
        promises_view.card(promise, today, names, borough.name, staff=editor)
        if editor:
            with st.expander("Update, retire or see the history"):
                promises_view.edit_controls(store, promise, names, theme_list, today,
                                            borough.name)
if len(listed) > SHOWN:
    st.caption(f"The first {SHOWN} of {len(listed):,} are shown, late ones first; choose an "
               "area or where they stand to see the others, or download the tracker.")

promises_view.tracker_download(store, work, "promises_download")

if not editor:
    st.stop()

with st.expander("Record a promise"):
    fields = promises_view.form("promise_add", {}, names, theme_list)
    if fields is not None:
        try:
            store.add({**fields, "lad_code": lad_code}, who(), areas=list(names),
                      themes=theme_list)
            flash("Promise recorded.")
            st.rerun()
        except RecordError as error:
            st.error(plain(str(error)))

with st.expander("Export or import every promise"):
    records_view.transfer(store, f"promises made in {borough.name}", areas=list(names),
                          themes=theme_list)
