"""Community conversations page: import a campaign's records in bulk, read what is held back
for a privacy check, list, tell and transfer stories, and keep the theme list."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache, stores
from dashboard.components import records_view, stories_view
from dashboard.components.records_view import who
from dashboard.failures import refused_file
from dashboard.roles import can_administer, can_edit
from dashboard.state import flash, place, role, saw, show_flash, version_seen
from dashboard.text import plain, plain_table
from data.areas.postcodes import postcode_file, read_postcodes
from data.errors import (
    DataLayerError,
    RecordError,
    StaleEditError,
    StoreError,
    UnreadableFile,
)
from data.fetch.postcodes import fetch_postcodes
from data.opendata.sources import POSTCODE_LOOKUP
from data.store.conversations import COLUMNS, Places, read_conversations
from data.store.models import NOTE_SOURCES
from data.store.notes import is_public
from data.store.privacy import describe
from data.userfiles.read import table_of

work = cache.current()
borough, areas = work.borough, work.areas
notes, themes = stores.note_store(), stores.theme_store()
names = work.place_names()
editor, analyst = can_edit(role()), can_administer(role())

st.title("Community conversations")
show_flash()
if not editor:
    st.info("Importing conversations and keeping the theme list need the editor role. What "
            "people said is on each neighbourhood's profile.", icon=":material/lock:")
    st.stop()

importing, review, telling, listing = st.tabs(["Import conversations", "Held back for a check",
                                               "Stories", "Themes"])

with importing:
    st.write(f"A spreadsheet of conversation records, such as a door-knock or a listening "
             f"campaign: one row per record, placed in {borough.name} by its 2021 LSOA code, "
             "its coordinates, its postcode or its ward. The whole file is checked first; "
             "nothing is "
             "stored unless every row is good. A record already stored, recognised by its "
             "words (in any case and spacing), date, place and who recorded it, is skipped, "
             "so a file imported twice adds nothing the second time.")
    st.table(plain_table(pd.DataFrame({
        "Column": ["What was said", "Date", "Recorded by", "Source", "Themes", "Visibility",
                   "Consent", "LSOA", "Ward", "Longitude, Latitude", "Easting, Northing",
                   "Postcode"],
        "Also recognised as": [", ".join(COLUMNS[f][1:]) or "" for f in (
            "text", "note_date", "author", "source", "themes", "visibility", "consent",
            "lsoa", "ward", "lon", "easting", "postcode")],
        "What it holds": [
            "The words, as said or seen (required).",
            "14/03/2026 or 2026-03-14 (required).",
            "Who gathered it (required).",
            "One of: " + ", ".join(NOTE_SOURCES) + " (required).",
            "Themes from the theme list, separated by ;.",
            "public or internal; internal when empty.",
            "yes when the person agreed to their words being made public; no when empty.",
            f"A 2021 LSOA code of {borough.name}, such as {areas.members.index[0]}.",
            "A ward's name or code.",
            "Decimal degrees (WGS84), such as -2.11 and 53.54.",
            "Metres on the British National Grid, such as 393029 and 403815.",
            "A full postcode, such as OL1 1AA: placed in its LSOA by the ONS postcode lookup; "
            "the postcode itself is not kept."]})),
        hide_index=True, border="horizontal")
    lookup = postcode_file(place()[0], [borough.code])
    if lookup is not None:
        st.caption(f"Postcodes are placed with the ONS National Statistics Postcode Lookup, "
                   f"kept in {plain(str(lookup))}. {plain(POSTCODE_LOOKUP.attribution)}.")
    else:
        st.info(f"To place records by postcode, get {borough.name}'s postcodes from the ONS "
                "National Statistics Postcode Lookup first (once; get them again after ONS's "
                "next quarterly release).", icon=":material/markunread_mailbox:")
        if st.button(f"Get {borough.name}'s postcodes", key="conversations_postcodes"):
            try:
                with st.spinner(f"Getting {borough.name}'s postcodes from the ONS…"):
                    lookup = fetch_postcodes(borough.code,
                                             sorted(set(borough.lsoas["lad_code"])),
                                             borough.name)
                st.rerun()
            except DataLayerError as error:  # says what to check
                st.error(plain(str(error)), icon=":material/error:")
    upload = st.file_uploader("A conversation file (CSV or Excel)", type=["csv", "xlsx"],
                              key="conversations_file")
    if upload is not None and st.button("Check and import", type="primary",
                                        key="conversations_import"):
        try:
            places = Places.of(borough.name, borough.lsoas, borough.wards,
                               read_postcodes(lookup) if lookup is not None else None)
            read = read_conversations(table_of(upload.getvalue(), upload.name), places)
            added, skipped = notes.import_conversations(read, who(), themes.names())
            again = (f"; {skipped} {'was' if skipped == 1 else 'were'} already stored, and "
                     "skipped." if skipped else ".")
            st.success(f"Imported {added} record{'s' * (added != 1)} from "
                       f"{plain(upload.name)}{again}", icon=":material/check_circle:")
        except UnreadableFile as error:
            st.error(f"{plain(upload.name)} cannot be read: {plain(str(error))}",
                     icon=":material/error:")
        except RecordError as error:
            refused_file(upload.name, error.problems)
        except DataLayerError as error:  # a store's error, or a broken postcode lookup
            st.error(plain(str(error)), icon=":material/error:")

with review:
    story_store, promise_store = stores.story_store(), stores.promise_store()

    def _unread(records: list[dict]) -> list[dict]:
        return [r for r in records if r["personal_data"] and not r["privacy_checked"]]

    # (store, record, its date, where, its words) of every current record held back
    held = [(notes, n, n["note_date"], names.get(n["area_code"], n["area_code"]), n["text"])
            for n in _unread(notes.notes())]
    held += [(story_store, s, s["story_date"], "; ".join(names.get(c, c) for c in s["areas"]),
              f"{s['title']}: {s['story']} {s['what_changed']} {s['picture_caption']}")
             for s in _unread(story_store.stories(borough.code))]
    held += [(promise_store, p, p["made_on"], "; ".join(names.get(c, c) for c in p["areas"]),
              f"{p['asked']} / {p['promised']} / {p['progress']} {p['reason']}")
             for p in _unread(promise_store.promises(borough.code))]
    st.write("Notes, stories and promises whose words seem to hold an e-mail address, a phone "
             "number or a full postcode are never shown to the public until an editor has "
             "read them. Remove the detail where the record is kept (a neighbourhood's "
             "profile, or the You said, we did page), or confirm it identifies nobody (a "
             "shop's phone number, a council office's postcode).")
    if not held:
        st.caption("Nothing is held back.")
    for store, record, when, where, words in held[:50]:
        kind = store.kind
        with st.container(border=True):
            st.markdown(f"**{kind.capitalize()}, {when:%d %b %Y}** · "
                        f"{plain(where or 'the whole of ' + borough.name)} · "
                        f"{plain(describe(record['personal_data'].split('; ')))}  \n"
                        f"{plain(words.strip())}")
            seen = version_seen(kind, record)
            if st.button("I have read it: nothing in it identifies anyone",
                         key=f"conversations_checked_{kind}_{record['id']}"):
                try:
                    store.edit(record["id"], seen, {"privacy_checked": True}, who())
                    flash("Marked as checked.")
                    st.rerun()
                except StaleEditError as error:
                    st.error(plain(str(error)))
            saw(kind, record)
    if len(held) > 50:
        st.caption(f"The first 50 of {len(held)} are shown; check them to see the rest.")

with telling:
    told = story_store.stories(borough.code, include_retired=True)
    st.write(f"Stories of {borough.name}'s places: longer than notes, told to make sense of "
             "how and why something changed. Each area's stories are on its profile, where "
             "they are told and changed; featured ones come first in meeting mode and in "
             "briefings. Only stories marked public, with consent, and with any personal "
             "data read by an editor, are ever shown to the public.")
    if told:
        st.dataframe(pd.DataFrame({
            "Title": [s["title"] for s in told],
            "Date": [s["story_date"] for s in told],
            "Areas": ["; ".join(names.get(c, c) for c in s["areas"]) or
                      f"the whole of {borough.name}" for s in told],
            "Featured": ["yes" if s["featured"] else "" for s in told],
            "Who may read it": ["retired" if s["retired"] else
                                "public" if is_public(s) else "staff only" for s in told]}),
            hide_index=True, width="stretch")
    else:
        st.caption("No story has been told yet.")
    stories_view.tell(story_store, f"Tell a story of the whole of {borough.name}",
                      "story_borough", borough.code, names, themes.names())
    with st.expander("Export or import every story"):
        records_view.transfer(story_store, f"stories of {borough.name}", areas=list(names),
                              themes=themes.names())

with listing:
    every = themes.themes(include_retired=True)
    used: dict[str, int] = {}
    for note in notes.notes():
        for theme in note["themes"]:
            used[theme] = used.get(theme, 0) + 1
    domains = {d.code: d.name for d in work.run.spec.domains}
    st.write("The themes the notes form, imports and filters offer. Renaming a theme renames "
             "it in every note; merging moves its notes to another theme and retires it. "
             "Every change is kept.")
    if every:
        st.dataframe(pd.DataFrame({
            "Theme": [t["name"] for t in every],
            "Index domain": [domains.get(t["domain"], t["domain"]) for t in every],
            "Notes": [used.get(t["name"], 0) for t in every],
            "Status": ["retired" if t["retired"] else "in use" for t in every],
            "Description": [t["description"] for t in every]}),
            hide_index=True, width="stretch")
    else:
        st.caption("The theme list is empty.")
    if not analyst:
        st.caption("Changing the theme list needs the admin role.")
        st.stop()

    def _form(key: str, theme: dict) -> dict | None:
        with st.form(key, clear_on_submit=not theme):
            name = st.text_input("Name", theme.get("name", ""), key=f"{key}_name")
            options = ["", *domains]
            domain = st.selectbox("The index domain it speaks to", options,
                                  index=options.index(theme.get("domain", "")
                                                      if theme.get("domain", "") in options
                                                      else ""),
                                  format_func=lambda c: domains.get(c, "none"),
                                  key=f"{key}_domain")
            description = st.text_input("Description", theme.get("description", ""),
                                        key=f"{key}_description")
            if st.form_submit_button("Save theme" if theme else "Add theme", type="primary"):
                return {"name": name, "domain": domain, "description": description}
        return None

    with st.expander("Add a theme"):
        fields = _form("theme_add", {})
        if fields is not None:
            try:
                themes.add(fields, who(), domains=list(domains))
                flash(f"Theme {plain(fields['name'].strip())} added.")
                st.rerun()
            except RecordError as error:
                st.error(plain(str(error)))
    chosen = st.selectbox("Change a theme", [t["id"] for t in every], index=None,
                          format_func={t["id"]: t["name"] + (" (retired)" if t["retired"]
                                                              else "") for t in every}.get,
                          placeholder="Choose a theme", key="theme_chosen")
    if chosen is not None:
        theme = themes.get(chosen)
        seen = version_seen("theme", theme)
        try:
            fields = _form(f"theme_edit_{chosen}", theme)
            if fields is not None:
                themes.edit(chosen, seen, fields, who(), domains=list(domains))
                flash("Theme saved.")
                st.rerun()
            others = {t["id"]: t["name"] for t in every if not t["retired"] and t["id"] != chosen}
            if not theme["retired"] and others:
                left, right = st.columns([3, 1], vertical_alignment="bottom")
                into = left.selectbox("Merge its notes into", list(others),
                                      format_func=others.get, key=f"theme_into_{chosen}")
                if right.button("Merge", key=f"theme_merge_{chosen}"):
                    _, moved = themes.merge(chosen, seen, into, who())
                    flash(f"Merged into {plain(others[into])}: {moved} "
                          f"{'record' if moved == 1 else 'records'} (notes and promises) "
                          "changed.")
                    st.rerun()
            if st.button("Restore" if theme["retired"] else "Retire",
                         key=f"theme_retire_{chosen}"):
                (themes.restore if theme["retired"] else themes.retire)(chosen, seen, who())
                flash("Theme restored." if theme["retired"] else "Theme retired.")
                st.rerun()
        except StaleEditError as error:
            st.error(plain(str(error)))
        except StoreError as error:  # RecordError too: they quote users' words
            st.error(plain(str(error)))
        saw("theme", theme)
        for change in themes.history(chosen):
            st.caption(f"Version {change['version']}: {change['action']} by "
                       f"{plain(change['changed_by'])} on {change['changed_at']:%d %b %Y %H:%M}"
                       f" · {plain(change['record']['name'])}")
