"""The theme list: adding, renaming, merging and retiring themes, with the notes that use
them, against SQLite and a real PostgreSQL server."""

import pytest

from data.errors import RecordError, StaleEditError, StoreError
from data.store.db import open_engine
from data.store.notes import NoteStore
from data.store.themes import ThemeStore

NOTE = {"area_code": "E01005376", "text": "Cars park on the pavement.",
        "note_date": "2026-06-01", "author": "Asha", "source": "community conversation",
        "visibility": "public", "consent": "yes"}


@pytest.fixture
def stores(store_url):
    engine = open_engine(store_url)
    yield ThemeStore(engine), NoteStore(engine)
    engine.dispose()


def test_themes_are_listed_alphabetically_and_names_are_unique_in_any_case(stores):
    themes, _ = stores
    themes.add({"name": "  parking and   traffic "}, "ann")
    themes.add({"name": "Housing", "description": "Repairs, rents, damp"}, "ann")
    assert themes.names() == ["Housing", "parking and traffic"]
    with pytest.raises(RecordError) as refused:
        themes.add({"name": "HOUSING"}, "ann")
    assert "already a theme of this name" in str(refused.value)
    with pytest.raises(RecordError, match="semicolon"):
        themes.add({"name": "bins; litter"}, "ann")
    with pytest.raises(RecordError, match="no domain of the index"):
        themes.add({"name": "Bins", "domain": "rubbish"}, "ann", domains=["health"])


def test_renaming_a_theme_renames_it_in_every_note_with_history(stores):
    themes, notes = stores
    parking = themes.add({"name": "parking"}, "ann")
    one = notes.add({**NOTE, "themes": "parking; housing"}, "asha")
    other = notes.add({**NOTE, "themes": "housing"}, "asha")
    renamed = themes.edit(parking["id"], 1, {"name": "Parking and traffic"}, "ann")
    assert renamed["version"] == 2
    assert notes.get(one["id"])["themes"] == ["Parking and traffic", "housing"]
    assert notes.get(one["id"])["version"] == 2 and notes.get(other["id"])["version"] == 1
    change = notes.history(one["id"])[-1]
    assert (change["action"], change["changed_by"]) == ("theme", "ann")
    assert [h["record"]["name"] for h in themes.history(parking["id"])] == [
        "parking", "Parking and traffic"]


def test_a_stale_rename_changes_no_note(stores):
    themes, notes = stores
    parking = themes.add({"name": "parking"}, "ann")
    note = notes.add({**NOTE, "themes": "parking"}, "asha")
    themes.edit(parking["id"], 1, {"description": "cars"}, "ben")
    with pytest.raises(StaleEditError):
        themes.edit(parking["id"], 1, {"name": "traffic"}, "ann")
    assert notes.get(note["id"])["themes"] == ["parking"]
    assert themes.get(parking["id"])["name"] == "parking"


def test_merging_moves_the_notes_and_retires_the_theme(stores):
    themes, notes = stores
    cars = themes.add({"name": "cars"}, "ann")
    parking = themes.add({"name": "parking"}, "ann")
    both = notes.add({**NOTE, "themes": "cars; parking"}, "asha")
    only = notes.add({**NOTE, "themes": "cars"}, "asha")
    notes.retire(only["id"], 1, "asha")
    merged, moved = themes.merge(cars["id"], 1, parking["id"], "ann")
    assert moved == 2 and merged["retired"] and "Merged into parking." in merged["description"]
    assert notes.get(both["id"])["themes"] == ["parking"]
    assert notes.get(only["id"])["themes"] == ["parking"]  # retired notes follow too
    assert themes.names() == ["parking"]
    assert themes.history(cars["id"])[-1]["action"] == "merge"
    with pytest.raises(StoreError, match="retired"):
        themes.merge(parking["id"], 1, cars["id"], "ann")
    with pytest.raises(StoreError, match="into itself"):
        themes.merge(parking["id"], 1, parking["id"], "ann")


def test_a_retired_theme_comes_back_only_while_its_name_is_free(stores):
    themes, _ = stores
    old = themes.add({"name": "Bins"}, "ann")
    themes.retire(old["id"], 1, "ann")
    assert themes.names() == [] and len(themes.themes(include_retired=True)) == 1
    themes.add({"name": "bins"}, "ben")
    with pytest.raises(RecordError, match="rename this one first"):
        themes.restore(old["id"], 2, "ann")
    themes.edit(old["id"], 2, {"name": "Bins (old)"}, "ann")
    assert themes.restore(old["id"], 3, "ann")["retired"] is False


def test_the_theme_list_exports_and_imports_without_loss(stores, tmp_path):
    themes, _ = stores
    themes.add({"name": "Housing", "description": "<b>damp</b>, =rent", "domain": "living"},
               "ann")
    retired = themes.add({"name": "Old"}, "ann")
    themes.retire(retired["id"], 1, "ann")
    for kind in ("json", "csv"):
        target = ThemeStore(open_engine(f"sqlite:///{tmp_path / f'{kind}.sqlite3'}"))
        getattr(target, f"import_{kind}")(getattr(themes, f"export_{kind}")(), kind, "t")
        assert target.export_records() == themes.export_records()
