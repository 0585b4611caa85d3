"""The asset survey, as an organisation sees it through its link: nothing else of the app.

Reached without signing in (``?survey=SECRET``), so it is written for the open internet:
it shows no page list and no link to any other page, reads no other organisation's
answers, limits every answer's size and the submissions per session, link and hour (see
:data:`data.store.surveys.LIMITS`), and shows what people typed as text.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import cache, stores
from dashboard.state import SURVEY_PARAM, SURVEY_SENT_KEY, survey_address
from dashboard.text import plain
from data.areas.capacity import FIELDS_OF_WORK, FUNDING_SOURCES, INCOME_BANDS, SUPPORT_NEEDS
from data.errors import RecordError, StoreError
from data.stats.suppression import suppression_rule
from data.store.surveys import CAMPAIGN, LIMITS, QUESTIONS

answers_store = stores.survey_answer_store()
token = str(st.query_params.get(SURVEY_PARAM, ""))
link = answers_store.links.find(token)
st.title("Community organisations survey")
if link is None:
    st.warning("This survey link is not open: it may have been closed, or mistyped. Ask the "
               "council for a new one.", icon=":material/link_off:")
    st.stop()
places = cache.survey_places(link["lad_code"])

sent = st.session_state.get(SURVEY_SENT_KEY)
if sent:
    st.success(f"Thank you: the answers for {plain(sent['name'])} have reached the council. "
               "Someone will read them before they appear in the register of community "
               "organisations.", icon=":material/check_circle:")
    if sent.get("private"):
        st.markdown("**Keep this link.** It lets your organisation change its answers, or give "
                    "next year's, without an account. Anyone with the link can do so, so keep "
                    "it as you would a password.")
        st.code(sent["private"], language=None, wrap_lines=True)
    if st.button("Send answers for another organisation", key="survey_again"):
        del st.session_state[SURVEY_SENT_KEY]
        st.rerun()
    st.stop()

before = (answers_store.latest(link) or {}).get("answers", {}) \
    if link["purpose"] != CAMPAIGN else {}
st.write(f"{plain(places.name)} Council is mapping the voluntary and community organisations "
         "that work in the borough: what they do, where, and with what, so that support goes "
         "where it is needed. It takes about ten minutes. Questions marked * are needed.")
if before:
    st.info("Your answers from last time are filled in: change what has changed, and send "
            "them again.", icon=":material/history:")
st.caption("What is published: your organisation's name, fields of work, base and the areas "
           "you serve, and, only if you agree below, your staff and volunteer figures. Your "
           "contact details are for the council alone. Answers are read by council staff "
           "before anything is published.")


def _served_default(kind: str) -> list[str]:
    codes = before.get("serves", [])
    return [c for c in codes if c in (places.wards if kind == "wards" else places.lsoas)]


with st.form("survey_form", enter_to_submit=False):
    st.subheader("Your organisation")
    st.text_input("Organisation name *", before.get("name", ""), max_chars=LIMITS.text,
                  key="survey_name")
    a, b = st.columns(2)
    a.text_input("Charity number (if registered)", before.get("charity_number", ""),
                 max_chars=12, key="survey_charity_number")
    b.text_input("Company number (if registered)", before.get("company_number", ""),
                 max_chars=10, key="survey_company_number")
    st.multiselect("Fields of work *", list(FIELDS_OF_WORK),
                   default=before.get("fields_of_work", []),
                   format_func=lambda c: FIELDS_OF_WORK[c][1], key="survey_fields_of_work",
                   placeholder="Choose one or more",
                   help="The groups of the International Classification of Nonprofit "
                   "Organizations, which national figures for the sector use.")
    st.subheader("Where you are and who you serve")
    a, b = st.columns([3, 1])
    a.text_input("Address of your base", before.get("address", ""), max_chars=500,
                 key="survey_address")
    b.text_input("Postcode of your base *", before.get("postcode", ""), max_chars=10,
                 key="survey_postcode")
    st.text_area("Other venues you work from: one a line, as address, postcode",
                 "\n".join(f"{v['address']}, {v['postcode']}"
                           for v in before.get("venues", [])),
                 max_chars=LIMITS.long_text, height=90, key="survey_venues",
                 placeholder="Church hall, Union Street, OL1 1XX")
    st.checkbox(f"We serve the whole of {places.name}",
                bool(before.get("serves_borough")), key="survey_serves_borough")
    st.multiselect("Or the wards you serve", list(places.wards), _served_default("wards"),
                   format_func=places.wards.get, key="survey_wards",
                   placeholder="Choose wards")
    st.multiselect("Or particular neighbourhoods", list(places.lsoas), _served_default("lsoas"),
                   format_func=places.lsoas.get, key="survey_lsoas",
                   placeholder="Choose neighbourhoods",
                   help="Small areas of about 1,500 residents (the Census's LSOAs), named "
                   "with their ward. Leave both empty if you serve only where you are based.")
    st.subheader("People")
    a, b, c, d = st.columns(4)

    def _number(column, label: str, field: str, step: float) -> None:
        value = before.get(field)
        column.number_input(label, min_value=0.0, max_value=1_000_000.0,
                            value=None if value is None else float(value), step=step,
                            key=f"survey_{field}", placeholder="none")

    _number(a, "Paid staff (people)", "staff", 1.0)
    _number(b, "Paid staff (full-time equivalent)", "staff_fte", 0.5)
    _number(c, "Volunteers (people)", "volunteers", 1.0)
    _number(d, "Volunteer hours a month (all together)", "volunteer_hours", 10.0)
    st.subheader("Money")
    st.selectbox("Annual income", INCOME_BANDS,
                 index=INCOME_BANDS.index(before["income_band"])
                 if before.get("income_band") in INCOME_BANDS else None,
                 key="survey_income_band", placeholder="Choose a band")
    st.write("Where your income comes from, in per cent (adding up to 100; leave the rest "
             "at 0):")
    columns = st.columns(3)
    for i, (code, label) in enumerate(FUNDING_SOURCES.items()):
        columns[i % 3].number_input(label, 0, 100,
                                    int(before.get("funding_shares", {}).get(code, 0)),
                                    step=5, key=f"survey_share_{code}")
    st.multiselect("Support you need", list(SUPPORT_NEEDS), before.get("support_needs", []),
                   format_func=SUPPORT_NEEDS.get, key="survey_support_needs",
                   placeholder="Choose any")
    st.subheader("Contact (for the council only, never published)")
    contact = before.get("contact", {})
    a, b, c = st.columns(3)
    a.text_input("Name", contact.get("name", ""), max_chars=LIMITS.text,
                 key="survey_contact_name")
    b.text_input("E-mail", contact.get("email", ""), max_chars=LIMITS.text,
                 key="survey_contact_email")
    c.text_input("Telephone", contact.get("phone", ""), max_chars=30,
                 key="survey_contact_phone")
    st.radio("May the council publish your staff and volunteer figures?",
             ["no", "yes"], index=1 if before.get("figures_public") else 0, horizontal=True,
             format_func={"no": "No: count them only in totals of "
                                f"{suppression_rule().threshold} organisations or more",
                          "yes": "Yes, with our name"}.get, key="survey_figures_public")
    sent_now = st.form_submit_button("Send the answers", type="primary")

if sent_now:
    get = st.session_state.get
    answers = {
        "name": get("survey_name"), "charity_number": get("survey_charity_number"),
        "company_number": get("survey_company_number"),
        "fields_of_work": get("survey_fields_of_work"), "address": get("survey_address"),
        "postcode": get("survey_postcode"),
        "venues": "; ".join(line.strip() for line in str(get("survey_venues") or "")
                            .splitlines() if line.strip()),
        "serves_borough": bool(get("survey_serves_borough")),
        "serves": [*get("survey_wards", []), *get("survey_lsoas", [])],
        "staff": get("survey_staff"), "staff_fte": get("survey_staff_fte"),
        "volunteers": get("survey_volunteers"), "volunteer_hours": get("survey_volunteer_hours"),
        "income_band": get("survey_income_band") or "",
        "funding_shares": {code: get(f"survey_share_{code}") or 0 for code in FUNDING_SOURCES},
        "support_needs": get("survey_support_needs"),
        "contact_name": get("survey_contact_name"),
        "contact_email": get("survey_contact_email"),
        "contact_phone": get("survey_contact_phone"),
        "figures_public": get("survey_figures_public") == "yes",
    }
    context = get_script_run_ctx()
    try:
        answer = answers_store.submit(link, answers, context.session_id if context else "",
                                      **places.context)
    except RecordError as error:
        st.error("Some answers need another look:\n\n" + "\n".join(
            f"- **{QUESTIONS.get(p.column, p.column)}**: {plain(p.message)}"
            for p in error.problems), icon=":material/edit:")
    except StoreError as error:  # a limit reached, or the database busy
        st.error(plain(str(error)), icon=":material/hourglass_top:")
    else:
        private = ""
        if link["purpose"] == CAMPAIGN:
            _, secret = answers_store.links.private_link(link["lad_code"], "survey",
                                                         answer_id=answer["id"])
            private = survey_address(secret)
        st.session_state[SURVEY_SENT_KEY] = {"name": answer["answers"]["name"],
                                             "private": private}
        st.rerun()
