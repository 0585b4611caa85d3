"""The Community conversations page: importing a campaign's file, the privacy check and the
theme list (Streamlit's AppTest, on a database of the test's own)."""

import pytest

from dashboard.text import plain
from data.store.db import open_engine
from data.store.notes import NoteStore
from data.store.themes import ThemeStore
from tests.dashboard.test_app import open_page
from tests.data.store.test_conversations import GOOD, THEMES


@pytest.fixture
def stores(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    engine = open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}")
    yield NoteStore(engine), ThemeStore(engine)
    engine.dispose()


def _upload(app, text: str, name: str = "door-knock.csv"):
    app.file_uploader(key="conversations_file").upload(name, text.encode("utf-8"), "text/csv")
    app.run()
    app.button(key="conversations_import").click().run()
    assert not app.exception
    return app


def test_a_campaign_file_is_imported_once(stores):
    notes, themes = stores
    for name in THEMES:
        themes.add({"name": name}, "ann")
    app = _upload(open_page("views/conversations.py"), GOOD)
    assert app.success[0].value == f"Imported 4 records from {plain('door-knock.csv')}."
    assert len(notes.notes()) == 4
    app.button(key="conversations_import").click().run()
    assert app.success[0].value == (f"Imported 0 records from {plain('door-knock.csv')}; 4 "
                                    "were already stored, and skipped.")
    assert len(notes.notes()) == 4


def test_a_bad_file_is_reported_by_row_and_stores_nothing(stores):
    notes, _ = stores
    app = _upload(open_page("views/conversations.py"),
                  GOOD.replace("E01005320", "<b>E01</b>", 1))
    assert app.error[0].value.startswith(f"{plain('door-knock.csv')} has 5 problems to fix.")
    report = app.dataframe[-1].value
    assert list(report.columns) == ["Row", "Column", "Value", "What to do"]
    assert report.iloc[0].tolist()[:3] == [2, "LSOA", "<b>E01</b>"]
    assert "not in the theme list" in " ".join(report["What to do"])
    assert notes.notes() == []


def test_a_record_with_personal_data_waits_for_an_editor(stores):
    notes, _ = stores
    note = notes.add({"area_code": "E01005320", "text": "Ring Jo on 07700 900123",
                      "note_date": "2026-03-01", "author": "Asha", "source": "resident",
                      "visibility": "public", "consent": True}, "asha")
    app = open_page("views/conversations.py")
    assert any("07700 900123" in m.value for m in app.markdown)
    app.button(key=f"conversations_checked_note_{note['id']}").click().run()
    assert not app.exception and app.toast[0].value == "Marked as checked."
    assert [n["id"] for n in notes.notes(visibility="public")] == [note["id"]]
    assert any(c.value == "Nothing is held back." for c in app.caption)


def test_stories_and_promises_with_personal_data_wait_there_too(stores):
    from data.store.promises import PromiseStore
    from data.store.stories import StoryStore
    from tests.dashboard.test_promises_page import PROMISE
    from tests.dashboard.test_stories_view import STORY

    story = StoryStore(stores[0].engine).add({**STORY, "what_changed": "Mail jo@example.org"},
                                             "asha")
    promise = PromiseStore(stores[0].engine).add(
        {**PROMISE, "asked": "Ring 0161 496 0000 about the path"}, "asha")
    app = open_page("views/conversations.py")
    said = " ".join(m.value for m in app.markdown)
    assert "Story, " in said and "Promise, " in said
    for kind, record in (("story", story), ("promise", promise)):
        app.button(key=f"conversations_checked_{kind}_{record['id']}").click().run()
        assert not app.exception
    assert StoryStore(stores[0].engine).get(story["id"])["privacy_checked"] is True
    assert PromiseStore(stores[0].engine).get(promise["id"])["privacy_checked"] is True


def test_an_analyst_renames_and_merges_themes(stores):
    notes, themes = stores
    cars, parking = (themes.add({"name": n}, "ann") for n in ("cars", "parking"))
    note = notes.add({"area_code": "E01005320", "text": "Cars everywhere", "themes": "cars",
                      "note_date": "2026-03-01", "author": "Asha", "source": "resident",
                      "visibility": "internal"}, "asha")
    app = open_page("views/conversations.py")
    app.selectbox(key="theme_chosen").set_value(cars["id"]).run()
    app.text_input(key=f"theme_edit_{cars['id']}_name").input("Cars and vans")
    app.button(key=f"FormSubmitter:theme_edit_{cars['id']}-Save theme").click().run()
    assert not app.exception and notes.get(note["id"])["themes"] == ["Cars and vans"]
    app.selectbox(key=f"theme_into_{cars['id']}").set_value(parking["id"]).run()
    app.button(key=f"theme_merge_{cars['id']}").click().run()
    assert app.toast[0].value == "Merged into parking: 1 record (notes and promises) changed."
    assert notes.get(note["id"])["themes"] == ["parking"] and themes.names() == ["parking"]


def test_viewers_have_no_such_page(stores, monkeypatch):
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page("views/conversations.py")


def test_postcodes_are_placed_once_the_boroughs_lookup_is_fetched(stores, tmp_path,
                                                                 monkeypatch, root):
    from tests.data.fetch.publisher_site import PublisherSite

    notes, _ = stores
    site = PublisherSite(root)
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    site.write_mirror(mirror)
    monkeypatch.setenv("TCI_FETCH_MIRROR", str(mirror))
    postcodes = [f["properties"] for f in site.layers["NSPL_LATEST_UK"]
                 if f["properties"]["LAD25CD"] == "E08000004"]
    live, gone = postcodes[1], postcodes[0]  # the first of each borough is terminated
    text = ("What was said,Date,Recorded by,Source,Postcode\n"
            f"The bins,2026-03-01,Asha,resident,{live['PCDS'].lower()}\n")
    app = open_page("views/conversations.py")
    assert "get Oldham's postcodes" in app.info[0].value
    app = _upload(app, text)
    assert "no postcode lookup yet" in " ".join(app.dataframe[-1].value["What to do"])
    app.button(key="conversations_postcodes").click().run()
    assert not app.exception and not app.error
    assert "ONS National Statistics Postcode Lookup" in " ".join(c.value for c in app.caption)
    app.button(key="conversations_import").click().run()
    assert app.success, [e.value for e in app.error]
    (note,) = notes.notes()
    assert note["area_code"] == live["LSOA21CD"] and live["PCDS"] not in str(note)
    app = _upload(app, text.replace(live["PCDS"].lower(), gone["PCDS"]))
    assert "terminated in 2019-06" in " ".join(app.dataframe[-1].value["What to do"])
