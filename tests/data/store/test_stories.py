"""Stories of places, against SQLite and a real PostgreSQL server: their checks, versions
and history, the public rule they share with notes, featuring, the theme list, and export
and import."""

import json
from datetime import date

import pytest
from sqlalchemy import inspect

from data.errors import RecordError, StaleEditError
from data.store.db import open_engine
from data.store.stories import StoryStore, featured_first
from data.store.themes import ThemeStore

OLDHAM = "E08000004"
STORY = {"lad_code": OLDHAM, "title": "The garden that brought a street together",
         "story": "Two neighbours cleared the alley behind Hollins Road.\n\nBy summer twenty "
                  "households grew food there, and older residents came out again.",
         "what_changed": "Fewer people say they feel lonely; the alley is no longer "
                         "fly-tipped.",
         "story_date": "2026-05-20", "author": "Asha (community connector)",
         "source": "community conversation", "areas": "E01005376", "themes": "green spaces",
         "picture_caption": "Raised beds between the backs of terraced houses.",
         "visibility": "public", "consent": "yes"}


@pytest.fixture
def store(store_url):
    engine = open_engine(store_url)
    yield StoryStore(engine)
    engine.dispose()


def test_migrations_make_the_tables(store):
    assert {"stories", "story_changes"} <= set(inspect(store.engine).get_table_names())


def test_add_read_back_and_find_by_area(store):
    story = store.add(STORY, "asha")
    assert story["story_date"] == date(2026, 5, 20) and story["areas"] == ["E01005376"]
    assert store.get(story["id"])["story"] == STORY["story"]  # paragraphs kept
    borough = store.add({**STORY, "areas": "", "title": "Oldham's food banks"}, "asha")
    store.add({**STORY, "areas": "E01005400"}, "asha")
    assert [s["id"] for s in store.stories(OLDHAM, areas=["E01005376"])] == [
        borough["id"], story["id"]]
    assert [s["id"] for s in store.stories(OLDHAM, areas=["E01005376"],
                                           whole_borough=False)] == [story["id"]]


def test_every_problem_is_named_and_nothing_is_saved(store):
    with pytest.raises(RecordError) as refused:
        store.add({**STORY, "title": "", "story": "x" * 20_001, "source": "gossip",
                   "story_date": "May", "featured": "perhaps", "areas": "E01999999",
                   "themes": "bins"}, "asha", areas=["E01005376"], themes=["green spaces"])
    assert {p.column for p in refused.value.problems} == {
        "title", "story", "source", "story_date", "featured", "areas", "themes"}
    assert store.stories() == []


def test_public_needs_consent_and_checked_personal_data(store):
    shown = store.add(STORY, "asha")
    store.add({**STORY, "consent": "no"}, "asha")
    store.add({**STORY, "visibility": "internal"}, "asha")
    held = store.add({**STORY, "what_changed": "Jo (07700 900123) runs it now."}, "asha")
    assert held["personal_data"] == "a phone number"
    assert [s["id"] for s in store.stories(public=True)] == [shown["id"]]
    store.edit(held["id"], 1, {"privacy_checked": True}, "ben")
    assert len(store.stories(public=True)) == 2
    store.edit(held["id"], 2, {"picture_caption": "Write to jo@example.org"}, "ben")
    assert len(store.stories(public=True)) == 1  # new words, not read yet


def test_a_stale_edit_is_refused_and_history_is_kept(store):
    story = store.add(STORY, "asha")
    store.edit(story["id"], 1, {"featured": True}, "ben")
    with pytest.raises(StaleEditError) as refused:
        store.edit(story["id"], 1, {"title": "Mine"}, "cat")
    assert refused.value.current["featured"] is True
    store.retire(story["id"], 2, "cat")
    assert store.stories() == [] and store.stories(public=True) == []
    assert [h["action"] for h in store.history(story["id"])] == ["create", "edit", "retire"]


def test_featured_stories_come_first(store):
    old = store.add({**STORY, "story_date": "2025-01-01", "featured": True}, "asha")
    new = store.add(STORY, "asha")
    assert [s["id"] for s in featured_first(store.stories())] == [old["id"], new["id"]]


def test_renaming_a_theme_reaches_stories(store):
    themes = ThemeStore(store.engine)
    green = themes.add({"name": "green spaces"}, "ann")
    story = store.add(STORY, "asha", themes=themes.names())
    themes.edit(green["id"], 1, {"name": "Parks and green spaces"}, "ann")
    assert store.get(story["id"])["themes"] == ["Parks and green spaces"]


def test_export_imports_back_without_loss(store, tmp_path):
    store.add(STORY, "asha")
    gone = store.add({**STORY, "areas": "", "what_changed": '=1+1; "quoted"'}, "asha")
    store.retire(gone["id"], 1, "ben")
    assert [s["title"] for s in json.loads(store.export_json())["stories"]] == [
        STORY["title"]] * 2
    for kind in ("json", "csv"):
        target = StoryStore(open_engine(f"sqlite:///{tmp_path / f'copy-{kind}.sqlite3'}"))
        added = getattr(target, f"import_{kind}")(getattr(store, f"export_{kind}")(), kind, "t")
        assert added == 2 and target.export_records() == store.export_records()
