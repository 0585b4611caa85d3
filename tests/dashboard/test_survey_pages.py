"""The asset survey in the app (Streamlit's AppTest, on a database of the test's own): the
open survey page as an organisation sees it, the editors' page (links, the moderation
queue, imports through the column matching), and what the organisations accepted add to
the Voluntary sector page, the profile and meeting mode."""

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.state import MEETING_CARD_KEY, SURVEY_SENT_KEY
from dashboard.text import plain
from data.areas.geography import area_locator
from data.store.db import open_engine
from data.store.surveys import SurveyAnswerStore
from tests.dashboard.test_app import APP, open_page

OLDHAM = "E08000004"
CODE = "E01005434"  # Oldham 024B
HOSTILE = '<img src=x onerror=alert(1)> **bold** [link](http://x)'


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    engine = open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}")
    yield SurveyAnswerStore(engine)
    engine.dispose()


def _survey(token: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["survey"] = token
    app.run()
    return app


def _fill(app: AppTest, name: str = "Friends of Alexandra Park", **more) -> AppTest:
    app.text_input(key="survey_name").set_value(name)
    app.multiselect(key="survey_fields_of_work").set_value(more.get("fields", ["health"]))
    app.text_input(key="survey_postcode").set_value(more.get("postcode", "OL8 1AA"))
    app.multiselect(key="survey_lsoas").set_value([CODE])
    app.number_input(key="survey_staff").set_value(3)
    app.number_input(key="survey_staff_fte").set_value(2.5)
    app.number_input(key="survey_volunteers").set_value(12)
    app.number_input(key="survey_share_council").set_value(more.get("council", 70))
    app.number_input(key="survey_share_donations").set_value(30)
    app.text_input(key="survey_contact_email").set_value("secret.contact@example.org")
    app.radio(key="survey_figures_public").set_value("yes")
    next(b for b in app.button if b.label == "Send the answers").click()
    return app.run()


def _said(app: AppTest) -> str:
    return " ".join(m.value for m in [*app.markdown, *app.caption, *app.success, *app.error,
                                      *app.warning, *app.info])


def test_an_unknown_or_closed_link_opens_nothing(store):
    app = _survey("made-up")
    assert not app.exception
    assert "not open" in app.warning[0].value and not app.get("form")
    link, token = store.links.open_link(OLDHAM, "", "ann")
    store.links.retire(link["id"], link["version"], "ann")
    assert "not open" in _survey(token).warning[0].value


def test_the_survey_shows_nothing_else_of_the_app(store, monkeypatch):
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    _, token = store.links.open_link(OLDHAM, "", "ann")
    app = _survey(token)
    assert not app.exception and app.title[0].value == "Community organisations survey"
    assert not app.sidebar.children  # no borough, no page list, no sign-out
    assert not app.get("page_link")


def test_answers_go_to_the_queue_and_the_organisation_gets_a_private_link(store):
    _, token = store.links.open_link(OLDHAM, "", "ann")
    app = _fill(_survey(token))
    assert not app.exception
    assert "have reached the council" in app.success[0].value
    private = app.code[0].value
    assert "?survey=" in private and token not in private
    waiting = store.queue(OLDHAM)
    assert [a["answers"]["name"] for a in waiting] == ["Friends of Alexandra Park"]
    assert waiting[0]["answers"]["funding_shares"] == {"council": 70.0, "donations": 30.0}
    assert store.assets.assets(OLDHAM).empty  # nothing reaches the register yet
    # the private link opens the same organisation's answers, filled in
    again = _survey(private.split("?survey=")[1])
    assert again.text_input(key="survey_name").value == "Friends of Alexandra Park"
    assert "answers from last time" in again.info[0].value


def test_bad_answers_are_said_by_question_and_nothing_is_stored(store):
    _, token = store.links.open_link(OLDHAM, "", "ann")
    app = _fill(_survey(token), name=" ", postcode="nowhere", council=10)
    said = app.error[0].value
    assert "Organisation name" in said and "Postcode of the base" in said
    assert "Income by source" in said and plain("add up to 40%") in said
    assert store.queue(OLDHAM) == [] and not app.get("code")


def test_a_session_may_send_only_so_many(store):
    _, token = store.links.open_link(OLDHAM, "", "ann")
    app = _survey(token)
    for n in range(3):
        _fill(app, name=f"Group {n}")
        assert app.session_state[SURVEY_SENT_KEY]["name"] == f"Group {n}"
        next(b for b in app.button if b.label.startswith("Send answers for another")).click()
        app.run()
    _fill(app, name="Group 4")
    assert "sent 3 answers already" in app.error[0].value and len(store.queue(OLDHAM)) == 3


def test_hostile_text_is_shown_as_text(store):
    _, token = store.links.open_link(OLDHAM, "", "ann")
    app = _fill(_survey(token), name=HOSTILE)
    assert plain(HOSTILE) in app.success[0].value
    assert store.queue(OLDHAM)[0]["answers"]["name"] == HOSTILE


def _accepted(store, oldham, **fields):
    answer = _submitted(store, **fields)
    return store.accept(answer["id"], answer["version"], "ann", (-2.1, 53.54),
                        locate=area_locator(oldham.lsoas))


def _submitted(store, name="Friends of Alexandra Park", **fields):
    link, _ = store.links.open_link(OLDHAM, "", "ann")
    answers = {"name": name, "fields_of_work": "health", "postcode": "OL8 1AA",
               "serves": CODE, "staff": 3, "staff_fte": 2.5, "volunteers": 12,
               "figures_public": True, "contact_email": "secret.contact@example.org",
               **fields}
    return store.submit(link, answers, f"session of {name}")


def test_viewers_cannot_open_the_editors_page(store, monkeypatch):
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    _submitted(store)
    app = open_page()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("views/asset_survey.py")  # not in their page list at all


def test_an_editor_accepts_and_the_organisation_reaches_every_page(store):
    answer = _submitted(store)
    app = open_page("views/asset_survey.py")
    assert not app.exception
    assert "Waiting to be read (1)" in [t.label for t in app.tabs]
    assert plain("secret.contact@example.org") in " ".join(str(t.value) for t in app.table)
    app.selectbox(key=f"survey_home_{answer['id']}").set_value(CODE)
    next(b for b in app.button if b.key == f"survey_accept_{answer['id']}").click()
    app.run()
    assert not app.exception
    asset = store.assets.assets(OLDHAM, category="community_organisation").iloc[0]
    assert asset["name"] == "Friends of Alexandra Park" and asset["area_code"] == CODE
    assert store.get(answer["id"])["status"] == "accepted"

    sector = open_page("views/sector.py")
    assert not sector.exception
    assert "**1 organisation has** told the council about themselves" in _said(sector)
    by_field = sector.dataframe[0].value
    assert by_field.set_index("field_of_work").loc["Health", "organisations"] == 1
    assert pd.isna(by_field.set_index("field_of_work").loc["Health", "staff_fte"])  # one org

    profile = AppTest.from_file(APP, default_timeout=60)
    profile.query_params["area"] = CODE
    profile.run()
    profile.switch_page("views/profile.py").run()
    listed = next(d.value for d in profile.dataframe if "Organisation" in d.value.columns)
    assert listed.iloc[0].to_dict()["Organisation"] == "Friends of Alexandra Park"
    assert listed.iloc[0]["Paid staff (FTE)"] == "2.5"  # it agreed to its figures being shown
    assert "secret.contact" not in _said(profile)


def test_meeting_mode_names_the_organisations_residents_can_turn_to(store, monkeypatch, tci,
                                                                    oldham):
    _accepted(store, oldham)
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    order = tci.ranks[tci.spec.code].sort_values().index.tolist()
    meeting = AppTest.from_file(APP, default_timeout=60)
    meeting.query_params["mode"] = "meeting"
    meeting.session_state[MEETING_CARD_KEY] = order.index(CODE)
    meeting.run()
    assert not meeting.exception
    assert "Organisations you can turn to:" in _said(meeting)
    # a town centre's places: the five most common kinds named, the rest counted
    kinds = re.search(r"In the neighbourhood: (.*?); and (\d+) other places\.", _said(meeting))
    assert kinds and kinds[1].count(";") == 4, _said(meeting)
    assert plain("Friends of Alexandra Park") in _said(meeting)
    assert "secret.contact" not in _said(meeting)


def test_an_editor_merges_the_answers_chosen(store, oldham):
    kept = store.assets.add({"name": "Alexandra Park Friends", "category": "library",
                             "lon": -2.1, "lat": 53.53, "postcode": "OL8 1AB", "staff": 1},
                            "ann", locate=area_locator(oldham.lsoas))
    answer = _submitted(store)
    app = open_page("views/asset_survey.py")
    app.selectbox(key=f"survey_target_{answer['id']}").set_value(kept["id"])
    app.run()
    for box in app.checkbox:
        if box.key.startswith(f"survey_take_{answer['id']}_{kept['id']}_") and \
                not box.key.endswith(("_staff", "_staff_fte")):
            box.uncheck()
    next(b for b in app.button if b.key == f"survey_merge_{answer['id']}").click()
    app.run()
    assert not app.exception
    merged = store.assets.get(kept["id"])
    assert (merged["name"], merged["staff"], merged["staff_fte"]) == (
        "Alexandra Park Friends", 3, 2.5)
    assert merged["fields_of_work"] == [] and merged["version"] == 2


def test_an_editor_rejects_with_a_reason(store):
    answer = _submitted(store)
    app = open_page("views/asset_survey.py")
    next(b for b in app.button if b.key == f"survey_reject_{answer['id']}").click()
    app.run()
    assert "say why" in app.error[0].value and store.get(answer["id"])["status"] == "waiting"
    app.text_input(key=f"survey_reason_{answer['id']}").set_value("Not in the borough")
    next(b for b in app.button if b.key == f"survey_reject_{answer['id']}").click()
    app.run()
    assert store.get(answer["id"])["status"] == "rejected"
    assert "No answers are waiting" in app.info[0].value


def test_links_are_made_and_closed_on_the_editors_page(store):
    app = open_page("views/asset_survey.py")
    app.text_input(key="survey_link_label").set_value("Sector survey 2026")
    next(b for b in app.button if b.key == "survey_link_make").click()
    app.run()
    link = store.links.campaigns(OLDHAM)[0]
    assert link["label"] == "Sector survey 2026"
    assert any(link["token"] in c.value for c in app.code)
    next(b for b in app.button if b.key == f"survey_close_{link['id']}").click()
    app.run()
    assert store.links.find(link["token"]) is None


def test_the_capacity_tables_follow_the_suppression_rule(store, oldham):
    for n in range(5):
        _accepted(store, oldham, name=f"Group {n}", volunteer_hours=100)
    app = open_page("views/sector.py")
    assert not app.exception
    by_field = app.dataframe[0].value.set_index("field_of_work")
    assert by_field.loc["Health", "staff_fte"] == 12.5  # five organisations: shown
    assert by_field.loc["Environment", "organisations"] == 0
    by_area = app.dataframe[1].value.set_index("code")
    assert by_area.loc[CODE, "organisations"] == 5 and by_area.loc[CODE, "staff_fte"] == 12.5
    assert "Download the capacity tables (CSV in a ZIP, with metadata)" in [
        b.proto.label for b in app.get("download_button")]


def test_a_survey_only_server_serves_the_survey_and_nothing_else(store, monkeypatch):
    monkeypatch.setenv("TCI_SURVEY_ONLY", "1")
    app = open_page()  # the app's own address, no link
    assert not app.exception
    assert "not open" in app.warning[0].value and not app.sidebar.children
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("views/profile.py")
    _, token = store.links.open_link(OLDHAM, "", "ann")
    assert _survey(token).text_input(key="survey_name").value == ""


def test_need_against_capacity_lists_the_areas_most_in_need_with_none(store, oldham, tci):
    _accepted(store, oldham)
    app = open_page("views/sector.py")
    assert app.selectbox(key="sector_field").value == "health"
    said = _said(app)
    assert "of the 142 LSOAs (2021)** have more need than the median on" in said
    gap = next(d.value for d in app.dataframe if "per_1000" in d.value.columns)
    health = tci.scores["health"]
    assert CODE not in set(gap["code"])  # it has an organisation
    assert set(gap["code"]) <= set(health[health > health.median()].index)
    app.selectbox(key="sector_measure").set_value("people_fte_per_1000").run()
    assert not app.exception and "left off the chart" in _said(app)


def test_an_organisation_accepted_outside_the_app_reaches_the_next_run(store, monkeypatch,
                                                                      tci, oldham):
    """The sector is counted once per register (cache.sector): one changed by another
    process (the command line, another server) is counted again on the next run."""
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    order = tci.ranks[tci.spec.code].sort_values().index.tolist()
    meeting = AppTest.from_file(APP, default_timeout=60)
    meeting.query_params["mode"] = "meeting"
    meeting.session_state[MEETING_CARD_KEY] = order.index(CODE)
    meeting.run()
    assert "Organisations you can turn to:" not in _said(meeting)
    _accepted(store, oldham)
    meeting.run()
    assert not meeting.exception
    assert plain("Friends of Alexandra Park") in _said(meeting)
