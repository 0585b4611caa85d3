"""The Change over time page: the index on IoD2019 and IoD2025, and saved editions kept and
compared by an editor; the profile's sentence (Streamlit's AppTest, on a state folder of
the test's own)."""

import pytest

from dashboard.roles import READ_ONLY_ENV
from dashboard.text import plain
from data.store.db import open_engine
from data.store.editions import EditionStore
from tests.dashboard.test_app import open_page


@pytest.fixture
def state(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    return tmp_path


def _named(app, label: str):
    return next(t for t in app.text_input if t.label == label)


def _words(app) -> str:
    return " ".join(m.value for m in app.markdown)


def test_the_page_shows_the_index_on_both_editions_and_its_movers(state):
    app = open_page("views/over_time.py")
    assert not app.exception and not app.error
    words = _words(app)
    assert plain("with the 6 indicators both have") in words
    assert plain("Of Oldham's 142 LSOAs") in words
    assert plain("moved by more than the index's own uncertainty") in words
    assert [e.label for e in app.expander][0] == "The 12 indicators left out, and why"
    tables = app.dataframe
    left_out = tables[0].value
    assert "Census 2021 only" in " ".join(left_out["Why"])
    more_need = tables[1].value
    assert len(more_need) == 10 and (more_need["Places moved"].diff().dropna() <= 0).all()
    assert plain("No edition of the index over LSOAs (2021) has been kept yet") in words


def test_an_editor_keeps_two_editions_and_compares_them(state):
    app = open_page("views/over_time.py")
    _named(app, "Name of the edition").input("Autumn 2026")
    app.button[0].click().run()
    assert not app.exception and not app.error
    assert "Autumn 2026" in app.dataframe[-1].value["Edition"].tolist()
    _named(app, "Name of the edition").input("Winter 2026")
    app.button[0].click().run()
    assert not app.exception
    store = EditionStore(open_engine(f"sqlite:///{state / 'tci.sqlite3'}"))
    assert [e["name"] for e in store.editions("E08000004", "lsoa")] == [
        "Winter 2026", "Autumn 2026"]
    assert {"Earlier edition", "Later edition"} <= {s.label for s in app.selectbox}
    words = _words(app)
    assert plain("(2021), 0 moved towards more need") in words
    assert plain("142 kept their rank") in words


def test_a_viewer_sees_editions_but_cannot_keep_one(state, monkeypatch):
    monkeypatch.setenv(READ_ONLY_ENV, "1")
    app = open_page("views/over_time.py")
    assert not app.exception
    assert not [b for b in app.button if "Keep the index" in b.label]
    assert plain("an editor can keep one") in _words(app)


def test_the_profile_says_how_the_area_moved_since_2019(state):
    app = open_page("views/profile.py")
    assert not app.exception
    assert "on IoD2019 and" in _words(app) and "on IoD2025" in _words(app)
