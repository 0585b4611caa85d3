"""Stories on the profile, in meeting mode and on the Community conversations page, for
viewers and editors (Streamlit's AppTest, on a database of the test's own)."""

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.state import MEETING_CARD_KEY
from dashboard.text import plain
from data.store.db import open_engine
from data.store.stories import StoryStore
from tests.dashboard.test_app import APP, open_page

CODE = "E01005434"
STORY = {"lad_code": "E08000004", "title": "The garden that brought a street together",
         "story": "Two neighbours cleared the alley.\n\nBy summer twenty households grew "
                  "food there.", "what_changed": "The alley is no longer fly-tipped.",
         "story_date": "2026-05-20", "author": "Asha", "source": "community conversation",
         "areas": CODE, "picture_caption": "Raised beds behind terraced houses.",
         "visibility": "public", "consent": True, "featured": True}


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    engine = open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}")
    yield StoryStore(engine)
    engine.dispose()


def _profile(code: str = CODE) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["area"] = code
    app.run()
    app.switch_page("views/profile.py").run()
    assert not app.exception
    return app


def _said(app: AppTest) -> str:
    return " ".join(m.value for m in app.markdown)


def test_viewers_read_public_consented_stories_only(store, monkeypatch):
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    store.add(STORY, "asha")
    store.add({**STORY, "title": "Nobody agreed", "consent": False}, "asha")
    store.add({**STORY, "title": "Staff only", "visibility": "internal"}, "asha")
    store.add({**STORY, "title": "Ring me", "story": "Call 07700 900123."}, "asha")
    said = _said(_profile())
    assert plain(STORY["title"]) in said and plain("By summer twenty households") in said
    assert plain("The alley is no longer fly-tipped.") in said
    assert not any(t in said for t in ("Nobody agreed", "Staff only", "Ring me"))
    assert not any(e.label == "Tell a story" for e in _profile().expander)


def test_an_editor_tells_a_story_on_the_profile_and_retires_it(store):
    app = _profile()
    form = "story_add"
    app.text_input(key=f"{form}_title").input("The bus that came back")
    app.text_area(key=f"{form}_story").input("Residents petitioned for the 409.")
    app.button(key=f"FormSubmitter:{form}-Add story").click().run()
    assert not app.exception and not app.error
    (story,) = store.stories()
    assert story["areas"] == [CODE] and story["visibility"] == "internal"
    assert app.toast[0].value == "Story added."
    app.button(key=f"story_retire_{story['id']}").click().run()
    assert store.get(story["id"])["retired"] is True


def test_a_stale_story_edit_is_refused(store):
    story = store.add(STORY, "asha")
    app = _profile()
    store.edit(story["id"], 1, {"title": "A colleague's title"}, "ben")
    edit = f"story_edit_{story['id']}"
    app.text_input(key=f"{edit}_title").input("Mine")
    app.button(key=f"FormSubmitter:{edit}-Save story").click().run()
    assert "changed by ben" in app.error[0].value
    assert store.get(story["id"])["title"] == "A colleague's title"


def test_meeting_mode_features_the_areas_story(store, monkeypatch, tci):
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    store.add(STORY, "asha")
    order = tci.ranks[tci.spec.code].sort_values().index.tolist()
    meeting = AppTest.from_file(APP, default_timeout=60)
    meeting.query_params["mode"] = "meeting"
    meeting.session_state[MEETING_CARD_KEY] = order.index(CODE)
    meeting.run()
    said = _said(meeting)
    assert f"A story from here: {plain(STORY['title'])}." in said.replace("**", "")
    assert plain("The alley is no longer fly-tipped.") in said


def test_the_conversations_page_lists_and_exports_every_story(store):
    store.add(STORY, "asha")
    app = open_page("views/conversations.py")
    assert not app.exception
    (table,) = [d for d in app.dataframe if "Title" in d.value.columns]
    assert list(table.value["Title"]) == [STORY["title"]]
    assert list(table.value["Who may read it"]) == ["public"]
