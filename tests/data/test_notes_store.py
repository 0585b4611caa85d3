"""The notes store, against SQLite and a real PostgreSQL server."""

import json
from datetime import date

import pytest
from sqlalchemy import inspect

from data.store.db import StoreError, database_url, open_engine
from data.store.notes import NoteError, NoteStore, StaleEditError

NOTE = {"area_code": "E01005376", "text": "The youth club closed in May; parents worry.",
        "note_date": "2026-06-01", "author": "Asha (community connector)",
        "source": "community conversation", "themes": "young people; services",
        "visibility": "public", "indicator": "income"}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def store(store_url):
    engine = open_engine(store_url)
    yield NoteStore(engine)
    engine.dispose()


def test_migrations_make_the_tables(store):
    tables = set(inspect(store.engine).get_table_names())
    assert {"notes", "note_changes", "alembic_version"} <= tables


def test_add_and_read_back(store):
    note = store.add(NOTE, "asha")
    assert note["version"] == 1 and note["themes"] == ["young people", "services"]
    assert note["note_date"] == date(2026, 6, 1)
    assert store.get(note["id"])["text"] == NOTE["text"]
    assert store.notes(area="E01005376") == [store.get(note["id"])]


def test_a_second_save_of_the_same_version_is_refused(store):
    note = store.add(NOTE, "asha")
    first = store.edit(note["id"], 1, {"text": "The youth club reopened."}, "ben")
    assert first["version"] == 2
    with pytest.raises(StaleEditError) as refused:
        store.edit(note["id"], 1, {"text": "Mine instead."}, "cat")
    assert refused.value.current["text"] == "The youth club reopened."
    assert "changed by ben" in str(refused.value) and "version 2" in str(refused.value)
    assert store.get(note["id"])["text"] == "The youth club reopened."


def test_retiring_is_soft_and_history_is_kept(store):
    note = store.add(NOTE, "asha")
    store.edit(note["id"], 1, {"visibility": "internal"}, "ben")
    store.retire(note["id"], 2, "cat")
    assert store.notes() == []
    assert store.notes(include_retired=True)[0]["retired"] is True
    history = store.history(note["id"])
    assert [(h["action"], h["changed_by"]) for h in history] == [
        ("create", "asha"), ("edit", "ben"), ("retire", "cat")]
    assert history[0]["record"]["visibility"] == "public"
    store.restore(note["id"], 3, "dan")
    assert store.notes()[0]["version"] == 4


def test_filters_and_counts(store):
    store.add(NOTE, "a")
    store.add({**NOTE, "visibility": "internal", "source": "front-line staff",
               "themes": "safety", "text": "Lighting on the path is out."}, "b")
    store.add({**NOTE, "area_code": "E01005320", "text": "Food bank queues are longer."}, "c")
    assert len(store.notes(area="E01005376")) == 2
    assert [n["text"] for n in store.notes(visibility="public", area="E01005376")] == [
        NOTE["text"]]
    assert len(store.notes(search="LIGHTING")) == 1
    assert len(store.notes(source="front-line staff")) == 1
    assert len(store.notes(theme="services")) == 2
    assert store.counts() == {"E01005376": 2, "E01005320": 1}
    assert store.counts("public") == {"E01005376": 1, "E01005320": 1}


def test_every_fault_is_reported(store):
    with pytest.raises(NoteError) as refused:
        store.add({**NOTE, "text": " ", "note_date": "14/03/2026", "source": "gossip",
                   "visibility": "secret", "area_code": "E0"}, "a",
                  areas=["E01005376"], indicators=["income"])
    columns = [p.column for p in refused.value.problems]
    assert columns == ["text", "source", "visibility", "area_code", "note_date"]
    assert store.notes() == []


def test_export_and_import_lose_nothing(store, store_url, tmp_path):
    store.add({**NOTE, "text": HOSTILE}, "asha")
    other = store.add({**NOTE, "themes": [], "indicator": "", "visibility": "internal"}, "ben")
    store.retire(other["id"], 1, "ben")
    for kind in ("json", "csv"):
        target = NoteStore(open_engine(f"sqlite:///{tmp_path / f'copy-{kind}.sqlite3'}"))
        exported = getattr(store, f"export_{kind}")()
        assert getattr(target, f"import_{kind}")(exported, f"notes.{kind}", "importer") == 2
        assert target.export_records() == store.export_records()
        assert getattr(target, f"export_{kind}")() == exported


def test_a_csv_export_neutralises_formulas_and_its_import_restores_them(store, tmp_path):
    formula = '=HYPERLINK("http://evil.example","click")'
    store.add({**NOTE, "text": formula, "author": "@admin"}, "+44 161")
    exported = store.export_csv()
    assert "'=HYPERLINK" in exported and "'@admin" in exported and "'+44 161" in exported
    target = NoteStore(open_engine(f"sqlite:///{tmp_path / 'copy.sqlite3'}"))
    target.import_csv(exported, "notes.csv", "importer")
    note = target.notes()[0]
    assert (note["text"], note["author"]) == (formula, "@admin")


def test_an_import_with_bad_rows_stores_nothing_and_lists_them_all(store):
    store.add(NOTE, "asha")
    good = store.export_records()[0]
    rows = [{**good, "id": ""}, {**good, "id": "", "source": "rumour"},
            {**good, "id": str(good["id"])}, {**good, "id": "", "note_date": "tomorrow"}]
    with pytest.raises(NoteError) as refused:
        store.import_json(json.dumps({"notes": rows}), "bad.json", "importer",
                          areas=["E01005376"])
    found = [(p.row, p.column) for p in refused.value.problems]
    assert found == [(2, "source"), (3, "id"), (4, "note_date")]
    assert str(refused.value).startswith("bad.json: 3 problem(s), nothing was saved")
    assert len(store.notes()) == 1


def test_csv_without_its_columns(store):
    with pytest.raises(NoteError, match="column 'author'.*missing from the header"):
        store.import_csv("area_code,text\nE1,hello\n", "notes.csv", "x")
    with pytest.raises(NoteError, match="not valid JSON"):
        store.import_json("{", "notes.json", "x")


def test_an_unreachable_database_names_the_setting():
    with pytest.raises(StoreError, match="Check TCI_DATABASE_URL"):
        open_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_the_default_is_a_sqlite_file_in_the_state_folder(tmp_path):
    assert database_url({"TCI_STATE_DIR": str(tmp_path)}) == \
        f"sqlite:///{tmp_path / 'tci.sqlite3'}"
    assert database_url({"TCI_DATABASE_URL": "postgresql://x/y"}) == "postgresql://x/y"
