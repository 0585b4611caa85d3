"""Asset survey page, for editors: the survey's links, the moderation queue of what
organisations answered (accept, merge field by field, reject), answers gathered elsewhere
imported through a column-matching step, and what was decided."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from dashboard import cache, stores
from dashboard.components import records_view
from dashboard.components.records_view import who
from dashboard.failures import refused_file
from dashboard.roles import can_edit
from dashboard.state import (
    SURVEY_MATCHING_KEY,
    SURVEY_NEW_LINK_KEY,
    SURVEY_PROBLEM_KEY,
    flash,
    place,
    role,
    saw,
    show_flash,
    survey_address,
    version_seen,
)
from dashboard.text import plain
from data.areas.capacity import FIELDS_OF_WORK, FUNDING_SOURCES, SUPPORT_NEEDS
from data.areas.geography import GREATER_MANCHESTER, area_locator
from data.errors import DataLayerError, RecordError, StoreError, UnreadableFile
from data.fetch.charities import fetch_charities
from data.opendata.sources import CHARITY_REGISTER
from data.store.surveys import (
    FILE_FIELDS,
    MERGED_FIELDS,
    QUESTIONS,
    answers_from_table,
    as_asset,
    charity_check,
    likely_duplicates,
    match_columns,
)
from data.userfiles.read import table_of

st.title("Asset survey")
show_flash()
if not can_edit(role()):
    st.info("Running the asset survey and reading its answers need the editor role. The "
            "organisations accepted are in the register on the Community assets page.",
            icon=":material/lock:")
    st.stop()
lad_code = place()[1]
if lad_code == GREATER_MANCHESTER:
    st.info("The asset survey is run by each borough: choose one in the sidebar.",
            icon=":material/location_city:")
    st.stop()
answers_store = stores.survey_answer_store()
links, assets = answers_store.links, answers_store.assets
places = cache.survey_places(lad_code)
work = cache.current()
locate = area_locator(work.borough.lsoas)
register = cache.asset_register()
register_of_charities = cache.charities()
waiting = answers_store.queue(lad_code)

st.write(f"Voluntary and community organisations of {plain(places.name)} tell the council "
         "what they do, where, and with what, through a link that needs no account. Their "
         "answers wait here until an editor accepts them into the register of community "
         "assets, merges them into an organisation already there, or rejects them.")
queue_tab, links_tab, import_tab, decided_tab = st.tabs(
    [f"Waiting to be read ({len(waiting)})", "Links", "Import answers", "Decided"])


def _words(field: str, value) -> str:
    """An answer as a person reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if field == "fields_of_work":
        return "; ".join(FIELDS_OF_WORK.get(v, (0, v))[1] for v in value)
    if field == "support_needs":
        return "; ".join(SUPPORT_NEEDS.get(v, v) for v in value)
    if field == "funding_shares":
        return "; ".join(f"{FUNDING_SOURCES.get(k, k)} {v:g}%" for k, v in value.items())
    if field == "venues":
        return "; ".join(f"{v['address']}, {v['postcode']}" for v in value)
    if field == "contact":
        return ", ".join(v for v in value.values() if v) or "–"
    if field == "serves":
        return "; ".join(places.wards.get(c) or places.lsoas.get(c, c) for c in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _act(change, done: str) -> None:
    try:
        change()
        flash(done)
    except StoreError as error:  # stale, decided already, a fault, a busy database
        st.session_state[SURVEY_PROBLEM_KEY] = plain(str(error))


def _home(answer: dict) -> str:
    """The LSOA an organisation is first put in: its postcode's, else the first it serves."""
    served = [lsoa for code in answer["answers"].get("serves", [])
              for lsoa in ([code] if code in places.lsoas else
                           [c for c, w in zip(work.borough.lsoas["lsoa21cd"],
                                              work.borough.lsoas["wd24cd"], strict=True)
                            if w == code])]
    return next((c for c in [answer["answers"].get("area_code"), *served]
                 if c in places.lsoas), next(iter(places.lsoas)))


with queue_tab:
    problem = st.session_state.pop(SURVEY_PROBLEM_KEY, None)
    if problem:
        st.error(problem)
    if not waiting:
        st.info("No answers are waiting. Share a link from the Links tab with the borough's "
                "organisations.", icon=":material/inbox:")
    else:
        names = {a["id"]: f"{a['answers']['name']} (sent {a['submitted_at']:%d %b %Y})"
                 for a in waiting}
        chosen = st.selectbox("Answers", list(names), format_func=names.get,
                              key="survey_queue_chosen")
        answer = answers_store.get(int(chosen))
        seen = version_seen("survey answer", answer)
        saw("survey answer", answer)
        offered = as_asset(answer["answers"], answer["year"])
        through = "the survey" if answer["source"] == "survey" else \
            f"a file: {plain(answer['source'])}"
        st.caption(f"Sent {answer['submitted_at']:%d %b %Y %H:%M} through {through}"
                   f" · year {answer['year']}"
                   + (" · an update from an organisation already in the register"
                      if answer["asset_id"] else ""))
        st.table(pd.DataFrame({"Question": [QUESTIONS[f] for f in MERGED_FIELDS],
                               "Answer": [_words(f, offered.get(f)) for f in MERGED_FIELDS]})
                 .map(plain), hide_index=True, border="horizontal")
        number = answer["answers"].get("charity_number")
        charity = register_of_charities.get(number) if number and register_of_charities \
            else None
        check = charity_check(answer["answers"], charity)
        if check["found"]:
            st.info(f"**The register of charities** has {plain(number)} as "
                    f"{plain(check['name'])}"
                    + ("" if check["same_name"] else ": **another name** from the one given")
                    + (f"; latest income £{check['income']:,.0f} ({check['band']})"
                       if check["income"] is not None else "")
                    + ("" if check["same_band"] in (None, True)
                       else f", **not the band given** ({answer['answers']['income_band']})")
                    + (". Its activities: " + plain(check["activities"])
                       if check["activities"] else ".")
                    + (" Accepting fills in the income band from it."
                       if not answer["answers"].get("income_band") and check["band"] else ""),
                    icon=":material/fact_check:")
        elif number and register_of_charities is not None:
            st.warning(f"The register of charities has no registered charity {plain(number)}: "
                       "check the number with the organisation.", icon=":material/help:")
        elif number:
            st.caption("The charity number is not checked: get the register of charities on "
                       "the Links tab.")
        twins = likely_duplicates(answer["answers"], register)
        if answer["asset_id"] and answer["asset_id"] not in set(twins["id"]):
            twins = pd.concat([register[register["id"] == answer["asset_id"]]
                               .assign(why="the organisation this private link is for",
                                       likeness=1.0), twins])
        if len(twins):
            st.warning(f"Likely already in the register: {len(twins)}. Merge into it rather "
                       "than add it twice.", icon=":material/content_copy:")
            st.dataframe(twins[["id", "name", "address", "postcode", "why"]], hide_index=True,
                         width="stretch", column_config={"id": "Ref.", "name": "Name",
                                                         "address": "Address",
                                                         "postcode": "Postcode",
                                                         "why": "Why it may be the same"})
        new, merge, reject = st.columns(3)
        with new.container(border=True):
            st.markdown("**Accept as a new organisation**")
            home = f"survey_home_{chosen}"
            st.selectbox("Put it on the map in", list(places.lsoas),
                         index=list(places.lsoas).index(_home(answer)),
                         format_func=places.lsoas.get, key=home,
                         help="It goes at a point inside this neighbourhood; move it to its "
                         "exact place on the Community assets page.")
            # the neighbourhood as chosen when the button is clicked (the callback runs first)
            st.button("Accept", key=f"survey_accept_{chosen}", type="primary",
                      on_click=_act, args=(
                          lambda: answers_store.accept(
                              answer["id"], seen, who(),
                              places.points[st.session_state[home]], locate=locate,
                              charity=charity),
                          f"Added {plain(answer['answers']['name'])} to the register."))
        with merge.container(border=True):
            st.markdown("**Merge into one in the register**")
            current = register.sort_values("name")
            order = [*twins["id"], *[i for i in current["id"] if i not in set(twins["id"])]]
            titles = dict(zip(current["id"], current["name"], strict=True))
            target = st.selectbox("Organisation", order, format_func=lambda i: f"{titles[i]} "
                                  f"({i})", key=f"survey_target_{chosen}")
            kept = assets.get(int(target)) if target is not None else None
            boxes = {}
            if kept is not None:
                st.caption("Tick the answers to take; the rest of the register's record stays.")
                for field in MERGED_FIELDS:
                    if kept.get(field) in (offered.get(field), None, "", [], {}) and \
                            offered.get(field) in (None, "", [], {}):
                        continue
                    if kept.get(field) == offered.get(field):
                        continue
                    boxes[field] = f"survey_take_{chosen}_{target}_{field}"
                    st.checkbox(f"{QUESTIONS[field]}: {plain(_words(field, offered.get(field)))}"
                                f" (now {plain(_words(field, kept.get(field)))})", True,
                                key=boxes[field])  # a label reads Markdown: the words escaped
                asset_seen = version_seen("asset", kept)
                saw("asset", kept)
                st.button("Merge the ticked answers", key=f"survey_merge_{chosen}",
                          on_click=_act, args=(
                              lambda: answers_store.merge(
                                  answer["id"], seen, kept["id"], asset_seen,
                                  [f for f, box in boxes.items() if st.session_state.get(box)],
                                  who(), locate=locate),
                              f"Merged the answers into {plain(kept['name'])}."))
        with reject.container(border=True):
            st.markdown("**Reject**")
            why = f"survey_reason_{chosen}"
            st.text_input("Why", key=why, max_chars=500,
                          placeholder="Not an organisation of the borough")
            # the reason as typed when the button is clicked (the callback runs before the page)
            st.button("Reject", key=f"survey_reject_{chosen}", on_click=_act, args=(
                lambda: answers_store.reject(answer["id"], seen, st.session_state.get(why, ""),
                                             who()),
                f"Rejected the answers of {plain(answer['answers']['name'])}."))

with links_tab:
    st.write("A campaign's link is for any organisation of the borough: share it by e-mail, "
             "newsletter or the council's website. Each organisation that answers gets its "
             "own private link, to change its answers or give next year's.")
    label = st.text_input("What the link is for", key="survey_link_label",
                          placeholder=f"Voluntary sector survey {pd.Timestamp.now().year}",
                          max_chars=200)
    if st.button("Make a campaign link", key="survey_link_make"):
        _, secret = links.open_link(lad_code, label, who())
        st.session_state[SURVEY_NEW_LINK_KEY] = survey_address(secret)
    for link in links.campaigns(lad_code):
        with st.container(border=True):
            st.markdown(f"**{plain(link['label'] or 'Campaign link')}** · made by "
                        f"{plain(link['updated_by'])} · "
                        f"{'closed' if link['retired'] else 'open'}")
            if not link["retired"]:
                st.code(survey_address(link["token"]), language=None, wrap_lines=True)
                st.button("Close this link", key=f"survey_close_{link['id']}", on_click=_act,
                          args=(lambda link=link: links.retire(link["id"], link["version"],
                                                               who()),
                                "Closed the link: it no longer opens the survey."))
    st.markdown("#### A private link for one organisation")
    st.caption("For an organisation already in the register (from the open registers, or one "
               "that lost its link): the link lets it give its answers without an account. "
               "Its earlier private links close. The link is shown once: copy it now.")
    names = dict(zip(register["id"], register["name"], strict=True))
    for_asset = st.selectbox("Organisation", sorted(names, key=lambda i: names[i]),
                             format_func=lambda i: f"{names[i]} ({i})",
                             key="survey_private_for", index=None,
                             placeholder="Choose an organisation")
    if for_asset is not None and st.button("Make its private link", key="survey_private_make"):
        _, secret = links.private_link(lad_code, who(), asset_id=int(for_asset),
                                       label=names[for_asset])
        st.session_state[SURVEY_NEW_LINK_KEY] = survey_address(secret)
    made = st.session_state.pop(SURVEY_NEW_LINK_KEY, None)
    if made:
        st.success("The new link:", icon=":material/link:")
        st.code(made, language=None, wrap_lines=True)
    st.markdown("#### The register of charities")
    if register_of_charities is None:
        st.caption("With the Charity Commission's register (Open Government Licence), a "
                   "charity number given in the survey is checked against the registered "
                   "name, income and activities. It is a large download (once; again now "
                   "and then for newer figures); a mirror folder (TCI_FETCH_MIRROR) works "
                   "too.")
    else:
        st.caption(f"{len(register_of_charities):,} registered charities are held for the "
                   f"check. {plain(CHARITY_REGISTER.attribution)}.")
    if st.button("Get the register of charities" if register_of_charities is None else
                 "Get it again", key="survey_charities"):
        try:
            with st.spinner("Getting the register of charities…"):
                fetch_charities()
            st.rerun()
        except DataLayerError as error:  # says what to check
            st.error(plain(str(error)), icon=":material/error:")

with import_tab:
    st.write("Answers collected elsewhere, such as an online form tool's CSV or Excel export: "
             "match the file's columns to the survey's answers, and every row is checked as "
             "the survey checks it. Nothing is added unless every row is good; the answers "
             "then wait to be read like any others.")
    upload = st.file_uploader("File of answers (CSV or XLSX)", type=["csv", "xlsx"],
                              key="survey_import_file")
    if upload is not None:
        try:
            table = table_of(upload.getvalue(), upload.name)
        except UnreadableFile as error:
            st.error(plain(str(error)))
            st.stop()
        headings = [str(h) for h in table.cells.columns]
        # the matching is kept for a file of the same columns: a corrected file keeps it
        layout = hashlib.sha256("\n".join(headings).encode()).hexdigest()[:12]
        kept_matching = st.session_state.setdefault(SURVEY_MATCHING_KEY, {})
        guessed = kept_matching.get(layout) or match_columns(headings)
        st.caption(f"{plain(table.label)}: {len(table.rows)} rows. Check each match.")
        matched = {}
        columns = st.columns(3)
        for i, (field, label) in enumerate(FILE_FIELDS.items()):
            choice = columns[i % 3].selectbox(
                label + (" *" if field in ("name", "fields_of_work", "postcode") else ""),
                [None, *headings], index=[None, *headings].index(guessed[field]),
                format_func=lambda h: "(none)" if h is None else h,
                key=f"survey_match_{layout}_{field}")
            matched[field] = choice
        kept_matching[layout] = matched
        year = st.number_input("The year of these answers", 2000, 2100,
                               pd.Timestamp.now().year, key="survey_import_year")
        if st.button("Check and import", key="survey_import_go", type="primary"):
            records, problems = answers_from_table(table.cells, table.rows, matched)
            try:
                if problems:
                    raise RecordError(problems, table.label)
                added = answers_store.import_answers(
                    records, table.rows, lad_code, table.label, who(), int(year),
                    headings={f: h for f, h in matched.items() if h}, **places.context)
            except RecordError as error:
                refused_file(table.label, error.problems, matched=True)
            else:
                flash(f"Added {added} organisations' answers from {plain(table.label)} to the "
                      "answers waiting to be read.")
                st.rerun()

with decided_tab:
    for status, heading in (("accepted", "Accepted as new"), ("merged", "Merged"),
                            ("rejected", "Rejected")):
        decided = answers_store.queue(lad_code, status)
        st.markdown(f"#### {heading} ({len(decided)})")
        if decided:
            st.dataframe(pd.DataFrame([{
                "Organisation": a["answers"]["name"], "Year": a["year"],
                "Sent": a["submitted_at"], "Register ref.": a["asset_id"],
                "Reason": a["reason"], "By": a["updated_by"]} for a in decided]),
                hide_index=True, width="stretch")
    with st.expander("Export or import every answer"):
        records_view.transfer(answers_store, "survey answers", **places.context)
