"""The editors' readiness panels (Streamlit's AppTest, on a database of the test's own):
a partnership made with its place, a wave opened, its link made, shown and closed, the
wave closed; viewers see none of it. (The import panel needs a file upload, which AppTest
cannot make; its matching and checking are tested in tests/data/readiness/.)"""

import pytest
from streamlit.testing.v1 import AppTest

from data.areas.geography import load_lsoas
from data.settings import data_root
from data.store.db import open_engine
from data.store.readiness import ReadinessStore

OLDHAM = "E08000004"


def _panel(lad_code: str, role: str) -> None:
    import streamlit as st

    from dashboard.components.readiness_admin import partnerships_panel
    from dashboard.state import ROLE_KEY, show_flash

    st.session_state[ROLE_KEY] = role
    show_flash()
    partnerships_panel(lad_code)


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    engine = open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}")
    yield ReadinessStore(engine)
    engine.dispose()


def _app(role: str = "editor") -> AppTest:
    app = AppTest.from_function(_panel, args=(OLDHAM, role), default_timeout=60)
    return app.run()


def test_viewers_see_nothing_to_change(store):
    app = _app("viewer")
    assert not app.exception and "needs the editor role" in app.info[0].value
    assert not app.get("text_input")


def test_a_partnership_its_wave_and_its_link(store):
    app = _app()
    assert not app.exception
    app.text_input(key="readiness_new_name").set_value("Coldhurst Partnership")
    ward = sorted(load_lsoas(data_root(), OLDHAM)["wd24cd"])[0]
    app.selectbox(key="readiness_new_place").set_value(ward)
    next(b for b in app.button if b.label == "Add the partnership").click()
    app.run()
    [partnership] = store.partnerships_of(OLDHAM)
    assert partnership["name"] == "Coldhurst Partnership"
    assert partnership["place_code"] == ward
    key = f"readiness_p{partnership['id']}"
    assert app.text_input(key=f"{key}_label").value.isdigit()  # this year
    app.text_input(key=f"{key}_label").set_value("2026")
    app.button(key=f"{key}_open").click()
    app.run()
    [wave] = store.waves_of(partnership["id"])
    assert wave["label"] == "2026" and wave["instrument_version"] == "1"
    app.button(key=f"{key}_w{wave['id']}_link").click()
    app.run()
    link = store.link_of(wave["id"])
    assert f"?readiness={link['token']}" in app.code[0].value
    assert "0 responses" in " ".join(m.value for m in app.markdown)
    app.button(key=f"{key}_w{wave['id']}_close_link").click()
    app.run()
    assert store.link_of(wave["id"]) is None and not app.get("code")
    app.button(key=f"{key}_w{wave['id']}_close").click()
    app.run()
    assert store.waves_of(partnership["id"])[0]["closed_on"] is not None
    assert "closed" in " ".join(m.value for m in app.markdown)


def test_a_partnership_without_a_name_is_refused_with_the_reason(store):
    app = _app()
    next(b for b in app.button if b.label == "Add the partnership").click()
    app.run()
    assert "give the partnership" in app.error[0].value and store.partnerships_of() == []
