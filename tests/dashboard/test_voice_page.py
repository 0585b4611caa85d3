"""What people say, across the borough: the themes map, themes over time and themes beside
the numbers, for staff and for the public (Streamlit's AppTest, on a database of the test's
own)."""

from datetime import date, timedelta

import pytest

from dashboard.text import plain
from data.store.db import open_engine
from data.store.notes import NoteStore
from data.store.themes import ThemeStore
from tests.dashboard.test_app import open_page

HERE, THERE = "E01005434", "E01005320"  # Oldham 024B, Oldham 024A


@pytest.fixture
def stores(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    engine = open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}")
    notes, themes = NoteStore(engine), ThemeStore(engine)
    themes.add({"name": "crime", "domain": "crime"}, "ann")
    themes.add({"name": "parking", "domain": "environment"}, "ann")
    when = (date.today() - timedelta(days=20)).isoformat()
    base = {"note_date": when, "author": "Asha", "source": "resident", "visibility": "public",
            "consent": True}
    for n in range(8):  # here: crime in every record
        notes.add({**base, "area_code": HERE, "text": f"Break-ins {n}", "themes": "crime"}, "a")
    for n in range(12):  # there: parking, and crime twice
        notes.add({**base, "area_code": THERE, "text": f"Cars {n}",
                   "themes": "parking" + ("; crime" if n < 2 else "")}, "a")
    notes.add({**base, "area_code": HERE, "text": "Staff only", "themes": "parking",
               "visibility": "internal"}, "a")
    yield notes
    engine.dispose()


def _page(theme: str | None = None):
    app = open_page("views/voice.py")
    if theme:
        app.selectbox(key="voice_theme").set_value(theme).run()
    assert not app.exception
    return app


def test_the_map_says_where_a_theme_is_raised_and_hides_small_counts(stores, monkeypatch):
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    app = _page("crime")
    said = " ".join(c.value for c in app.caption)
    # crime: 8 records here, 2 there (fewer than 5: hidden from the public)
    assert plain("8: Oldham 024B; fewer than 5 records: 1 area") in said
    assert app.get("imgs") or app.get("image")
    app.radio(key="voice_measure").set_value("share of the area's records").run()
    said = " ".join(c.value for c in app.caption)
    assert plain("100%: Oldham 024B") in said and "17%" not in said
    assert not any(e.label.startswith("Every area's count") for e in app.expander)


def test_staff_see_every_count_and_internal_records(stores):
    app = _page("parking")
    said = " ".join(c.value for c in app.caption)
    assert plain("7 to 12: Oldham 024A; 1 to 6: Oldham 024B") in said
    (counts,) = [d.value for d in app.dataframe if "Records" in d.value.columns
                 and "Share" in d.value.columns]
    assert counts.loc[HERE, "parking"] == 1


def test_themes_over_time_and_beside_the_numbers(stores, monkeypatch):
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    app = _page()
    tables = {tuple(d.value.columns): d.value for d in app.dataframe}
    (beside,) = [t.value for t in app.table]
    crime = beside.set_index("Theme").loc["crime"]
    # crime: 10 of 20 public records; here 8 of 8, at least 1.5 times the borough's share,
    # and Oldham 024B is the most in need of Oldham's LSOAs on crime
    assert crime["Raised most in"] == plain("Oldham 024B")
    assert crime["What it suggests"] == "They agree"
    assert crime["Index domain"] == "Crime and safety"
    assert app.get("vega_lite_chart")  # the chart of themes over time
    (monthly,) = [t for cols, t in tables.items() if "crime" in cols and "parking" in cols]
    assert (monthly["crime"] == "hidden").any() or (monthly["crime"] != "").any()
