"""A partnership's readiness survey, as a partner sees it through the wave's link: nothing
else of the app.

Reached without signing in (``?readiness=SECRET``), so it is written for the open
internet: it shows no page list and no link to any other page, shows no one's answers,
checks every answer in the store (see :meth:`data.store.readiness.ReadinessStore.submit`),
limits the responses per session, link and hour, and shows what people typed as text.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import stores
from dashboard.state import READINESS_PARAM, READINESS_SENT_KEY
from dashboard.text import plain
from data.errors import RecordError, StoreError
from data.readiness.answers import field_labels
from data.readiness.instrument import (
    LADDER,
    LADDER_MEANING,
    NOT_APPLICABLE,
    QUESTIONS,
    ROLE_LEVELS,
    SECTORS,
)
from data.readiness.results import MIN_GROUP

store = stores.readiness_store()
token = str(st.query_params.get(READINESS_PARAM, ""))
opened = store.find(token)
st.title("Partnership readiness survey")
if opened is None:
    st.warning("This survey link is not open: it may have been closed, or mistyped. Ask the "
               "partnership for a new one.", icon=":material/link_off:")
    st.stop()
partnership, wave = opened["partnership"], opened["wave"]
instrument = store.instrument_of(wave)

if wave["id"] in st.session_state.get(READINESS_SENT_KEY, ()):
    st.success(f"Thank you: your answers to {plain(partnership['name'])}'s survey "
               f"({plain(wave['label'])}) have been received.", icon=":material/check_circle:")
    st.write("The partnership will share what its partners said together, once at least "
             f"{MIN_GROUP} people have answered. You can close this page. If a colleague wants "
             "to answer on this computer, they should close the browser and open the link "
             "again.")
    st.stop()

st.markdown(f"**{plain(partnership['name'])}** · {plain(wave['label'])}")
st.write("The organisations of this partnership (the council, health services, the police, "
         "voluntary and community groups, businesses) want to know how ready they are to work "
         "together. For each of eight things that help organisations work together, you are "
         "asked two questions: how important it is in your area, and how far it is true of "
         "your own organisation today. It takes about five minutes.")
st.info("**Your answers are anonymous.** We do not ask for your name unless you choose to "
        "give it at the end. Results are only ever shown for groups of at least "
        f"{MIN_GROUP} people, so nobody's answers can be picked out.", icon=":material/lock:")
st.caption(f"Questions marked * are needed. The questions are the {plain(instrument.label)}.")

scale = {**instrument.scale, NOT_APPLICABLE: instrument.not_applicable}


def _scored(value) -> str:
    return f"{value} – {scale[value]}" if value != NOT_APPLICABLE else scale[value]


with st.form("readiness_form", enter_to_submit=False):
    st.subheader("About you")
    st.radio("Your sector *", list(SECTORS), format_func=SECTORS.get, index=None,
             key="readiness_sector")
    st.radio("Your role *", list(ROLE_LEVELS), format_func=ROLE_LEVELS.get, index=None,
             key="readiness_role_level")
    st.radio("When your organisation involves residents in a decision, how far does it "
             "usually go?", list(LADDER), format_func=LADDER.get, index=None,
             captions=[LADDER_MEANING[c] for c in LADDER], key="readiness_ladder")
    st.subheader("Working together")
    st.caption("For each statement: 0 means not at all, 3 a great deal. Choose "
               f"\"{plain(instrument.not_applicable)}\" if it does not apply to you; leave a "
               "question you would rather not answer.")
    for number, category in enumerate(instrument.categories, 1):
        with st.container(border=True):
            st.markdown(f"**{number}. {plain(category.name)}**"
                        + (f": {plain(category.description)}" if category.description else ""))
            for question in QUESTIONS:
                st.radio(plain(f"{category.statements[question]} "
                               f"{instrument.questions[question]}"),
                         list(scale), format_func=_scored, index=None, horizontal=True,
                         key=f"readiness_{category.code}_{question}")
    st.subheader("Your name (only if you want to give it)")
    st.checkbox("I choose to give my name and organisation with my answers",
                key="readiness_named")
    st.caption("Left unticked, nothing you type below is kept: your answers stay anonymous.")
    a, b = st.columns(2)
    a.text_input("Your name", max_chars=store.limits.text, key="readiness_name")
    b.text_input("Your organisation", max_chars=store.limits.text,
                 key="readiness_organisation")
    sent_now = st.form_submit_button("Send my answers", type="primary")

if sent_now:
    get = st.session_state.get
    answers = {"sector": get("readiness_sector") or "",
               "role_level": get("readiness_role_level") or "",
               "ladder": get("readiness_ladder") or "",
               "answers": {c.code: {q: get(f"readiness_{c.code}_{q}") for q in QUESTIONS}
                           for c in instrument.categories},
               "named": bool(get("readiness_named")), "name": get("readiness_name") or "",
               "organisation": get("readiness_organisation") or ""}
    context = get_script_run_ctx()
    labels = field_labels(instrument)
    try:
        store.submit(token, answers, context.session_id if context else "")
    except RecordError as error:
        st.error("Some answers need another look:\n\n" + "\n".join(
            f"- **{plain(labels.get(p.column, 'Your answers'))}**: {plain(p.message)}"
            for p in error.problems), icon=":material/edit:")
    except StoreError as error:  # a limit reached, the link closed, the database busy
        st.error(plain(str(error)), icon=":material/hourglass_top:")
    else:
        st.session_state[READINESS_SENT_KEY] = [*get(READINESS_SENT_KEY, []), wave["id"]]
        st.rerun()
