"""The app's caches: what they build once, and what they must read afresh every time."""

from streamlit.testing.v1 import AppTest

AREA = "E01005376"


def _maker():
    import streamlit as st

    from dashboard import cache

    st.session_state["make"] = cache.briefing_maker()


def test_a_briefing_prints_the_notes_as_they_are_when_it_is_made(tmp_path, monkeypatch):
    from data.store.db import open_engine
    from data.store.notes import NoteStore

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    store = NoteStore(open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}"))
    base = {"area_code": AREA, "note_date": "2026-05-04", "author": "Asha",
            "source": "community conversation", "visibility": "public"}
    first = store.add({**base, "text": "Mrs Jones at number 4 cannot climb the stairs."}, "a")
    other = store.add({**base, "text": "The new bench is well used."}, "a")
    app = AppTest.from_function(_maker, default_timeout=120)
    app.run()
    assert not app.exception
    make = app.session_state["make"]
    assert sorted(n["text"] for n in make().public_notes) == [
        "Mrs Jones at number 4 cannot climb the stairs.", "The new bench is well used."]

    store.edit(first["id"], 1, {"text": "REDACTED"}, "editor")  # as a page would, later
    store.edit(other["id"], 1, {"visibility": "internal"}, "editor")
    store.add({**base, "text": "A third, new note."}, "a")  # the count of public notes is 2
    texts = [n["text"] for n in make().public_notes if n["area_code"] == AREA]
    assert sorted(texts) == ["A third, new note.", "REDACTED"]
