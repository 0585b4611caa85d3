"""The readiness survey page (Streamlit's AppTest, on a database of the test's own): a
partner answers through the wave's link, seeing nothing else of the app; a bad or closed
link opens nothing; bad answers are said by question; a session answers once; what people
type is shown and stored as text, and a name only when they chose to give it."""

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.state import READINESS_SENT_KEY
from dashboard.text import plain
from data.store.db import open_engine
from data.store.readiness import Limits, ReadinessStore
from tests.dashboard.test_app import APP

OLDHAM = "E08000004"
HOSTILE = '<img src=x onerror=alert(1)> **bold** [link](http://x)'


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    engine = open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}")
    yield ReadinessStore(engine)
    engine.dispose()


@pytest.fixture
def wave(store):
    partnership = store.add_partnership(HOSTILE, OLDHAM, "ann")
    return store.open_wave(partnership["id"], "2026", "ann")


def _survey(token: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["readiness"] = token
    app.run()
    return app


def _said(app: AppTest) -> str:
    return " ".join(m.value for m in [*app.markdown, *app.caption, *app.success, *app.error,
                                      *app.warning, *app.info])


def _answer(app: AppTest, sector="voluntary", named=False, name="", **scores) -> AppTest:
    if sector:
        app.radio(key="readiness_sector").set_value(sector)
    app.radio(key="readiness_role_level").set_value("front_line")
    app.radio(key="readiness_ladder").set_value("consult")
    for field, value in (scores or {"citizens_importance": 3,
                                    "citizens_prevalence": 1,
                                    "places_importance": "na"}).items():
        app.radio(key=f"readiness_{field}").set_value(value)
    app.checkbox(key="readiness_named").set_value(named)
    app.text_input(key="readiness_name").set_value(name)
    app.text_input(key="readiness_organisation").set_value("Oldham Food Share")
    next(b for b in app.button if b.label == "Send my answers").click()
    return app.run()


def test_a_bad_or_closed_link_opens_nothing(store, wave):
    app = _survey("made-up")
    assert not app.exception
    assert "not open" in app.warning[0].value and not app.get("radio")
    _, secret = store.make_link(wave["id"], "ann")
    store.close_link(wave["id"], "ann")
    assert "not open" in _survey(secret).warning[0].value
    _, secret = store.make_link(wave["id"], "ann")
    store.close_wave(wave["id"], wave["version"], "ann")
    assert "not open" in _survey(secret).warning[0].value


def test_the_survey_shows_its_partnership_and_nothing_else(store, wave, monkeypatch):
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    _, secret = store.make_link(wave["id"], "ann")
    app = _survey(secret)
    assert not app.exception and app.title[0].value == "Partnership readiness survey"
    assert not app.sidebar.children and not app.get("page_link")
    said = _said(app)
    assert plain(HOSTILE) in said and "2026" in said  # the partnership's name as text
    assert "anonymous" in said and "at least 5 people" in said
    # eight categories, two questions each, and the three about the person
    assert len(app.radio) == 8 * 2 + 3
    importance = app.radio(key="readiness_citizens_importance")
    assert importance.options == ["0 – Not at all", "1 – A little", "2 – Somewhat",
                                  "3 – A great deal", "Not applicable"]
    assert "Residents are involved in decisions" in importance.label
    assert app.radio(key="readiness_ladder").options[-1] == "Empower"


def test_answers_are_stored_once_and_anonymously(store, wave):
    _, secret = store.make_link(wave["id"], "ann")
    app = _answer(_survey(secret), name="Ann Smith")  # a name typed, but not chosen
    assert not app.exception
    assert "have been received" in app.success[0].value
    assert app.session_state[READINESS_SENT_KEY] == [wave["id"]]
    assert not app.get("radio")  # the thank-you alone
    [response] = store.responses(wave["id"])
    assert response["sector"] == "voluntary" and response["ladder"] == "consult"
    assert response["answers"]["citizens"] == {"importance": 3, "prevalence": 1}
    assert response["answers"]["places"] == {"importance": "na", "prevalence": None}
    assert (response["named"], response["name"], response["organisation"]) == (False, "", "")
    assert response["instrument_version"] == "1"


def test_a_name_is_kept_when_chosen_and_shown_nowhere(store, wave):
    _, secret = store.make_link(wave["id"], "ann")
    app = _answer(_survey(secret), named=True, name=HOSTILE)
    assert "have been received" in app.success[0].value and HOSTILE not in _said(app)
    [response] = store.responses(wave["id"])
    assert response["named"] and response["name"] == HOSTILE  # kept as typed, as text


def test_bad_answers_are_said_by_question_and_nothing_is_stored(store, wave):
    _, secret = store.make_link(wave["id"], "ann")
    app = _answer(_survey(secret), sector=None)
    said = app.error[0].value
    assert "Your sector" in said and "it is needed" in said
    assert store.responses(wave["id"]) == []
    app = _survey(secret)
    app.radio(key="readiness_sector").set_value("public")
    app.radio(key="readiness_role_level").set_value("strategic")
    next(b for b in app.button if b.label == "Send my answers").click()
    assert "answer at least one of the questions" in app.run().error[0].value
    assert store.responses(wave["id"]) == []


def test_a_session_answers_once_and_the_limits_hold(store, wave, monkeypatch):
    _, secret = store.make_link(wave["id"], "ann")
    app = _answer(_survey(secret))
    assert "have been received" in app.success[0].value
    del app.session_state[READINESS_SENT_KEY]  # as if the thank-you were got round
    app.run()
    _answer(app)
    assert "received already" in app.error[0].value
    assert len(store.responses(wave["id"])) == 1
    # through the link, at most so many an hour
    few = Limits(per_session=5, per_link_hour=1)
    monkeypatch.setattr(ReadinessStore.__init__, "__defaults__", (few,))
    app = _answer(_survey(secret))
    assert "try again in an hour" in app.error[0].value
    assert len(store.responses(wave["id"])) == 1
