"""The notes store, against SQLite and a real PostgreSQL server."""

import json
from datetime import date

import pytest
from sqlalchemy import inspect

from data.errors import RecordError, StaleEditError, StoreError
from data.store.db import database_url, open_engine
from data.store.notes import NoteStore, import_key, is_public

NOTE = {"area_code": "E01005376", "text": "The youth club closed in May; parents worry.",
        "note_date": "2026-06-01", "author": "Asha (community connector)",
        "source": "community conversation", "themes": "young people; services",
        "visibility": "public", "consent": "yes", "indicator": "income"}
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
    with pytest.raises(RecordError) as refused:
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
    with pytest.raises(RecordError) as refused:
        store.import_json(json.dumps({"notes": rows}), "bad.json", "importer",
                          areas=["E01005376"])
    found = [(p.row, p.column) for p in refused.value.problems]
    assert found == [(2, "source"), (3, "id"), (4, "note_date")]
    assert str(refused.value).startswith("bad.json: 3 problem(s), nothing was saved")
    assert len(store.notes()) == 1


def test_csv_without_its_columns(store):
    with pytest.raises(RecordError, match="column 'author'.*missing from the header"):
        store.import_csv("area_code,text\nE1,hello\n", "notes.csv", "x")
    with pytest.raises(RecordError, match="not valid JSON"):
        store.import_json("{", "notes.json", "x")


@pytest.mark.slow
def test_an_unreachable_database_names_the_setting():
    with pytest.raises(StoreError, match="Check TCI_DATABASE_URL"):
        open_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_an_unreachable_database_is_said_at_once_not_tried_again(monkeypatch):
    import data.store.db as db

    waits = []
    monkeypatch.setattr(db.time, "sleep", waits.append)
    with pytest.raises(StoreError):
        open_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert waits == []  # before, twenty tries: about six seconds before the message


def test_the_default_is_a_sqlite_file_in_the_state_folder(tmp_path):
    assert database_url({"TCI_STATE_DIR": str(tmp_path)}) == \
        f"sqlite:///{tmp_path / 'tci.sqlite3'}"
    assert database_url({"TCI_DATABASE_URL": "postgresql://x/y"}) == "postgresql://x/y"


@pytest.mark.parametrize("fields, column, message", [
    ({"author": "A" * 201}, "author", "it is 201 characters long; at most 200 fit."),
    ({"text": "nul \x00 byte"}, "text", "it holds a NUL character (code 0)"),
])
def test_what_the_database_cannot_hold_is_refused_the_same_on_both(store, fields, column,
                                                                    message):
    with pytest.raises(RecordError) as refused:
        store.add({**NOTE, **fields}, "asha")
    assert [p.column for p in refused.value.problems] == [column]
    assert message in str(refused.value)
    assert store.notes() == []


def test_a_name_too_long_for_the_record_of_changes_is_refused(store):
    with pytest.raises(RecordError, match="at most 200 fit") as refused:
        store.add(NOTE, "x" * 201)
    assert [p.column for p in refused.value.problems] == ["your name"]
    note = store.add(NOTE, "asha")
    with pytest.raises(RecordError, match="at most 200 fit"):
        store.retire(note["id"], 1, "x" * 201)
    assert store.get(note["id"])["retired"] is False


def test_an_imported_id_too_large_is_refused(store):
    record = {**NOTE, "id": 2**63, "note_date": "2026-05-04", "themes": [],
              "visibility": "public"}
    with pytest.raises(RecordError, match="the number is too large"):
        store.import_json(json.dumps({"notes": [record]}), "notes.json", "importer")
    assert store.notes() == []


def _other_database(store_url: str, server: str, folder, label: str) -> str:
    """A new, empty database of the other kind: PostgreSQL for SQLite and back."""
    if not store_url.startswith("sqlite"):
        return f"sqlite:///{folder / f'{label}.sqlite3'}"
    import uuid

    import psycopg

    name = f"{label}_{uuid.uuid4().hex[:12]}"
    port = server.rsplit(":", 1)[1]
    with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres",
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def test_an_export_from_either_database_imports_into_the_other(store, store_url,
                                                              postgres_server, tmp_path):
    store.add({**NOTE, "text": HOSTILE, "themes": "parks; young people"}, "asha")
    retired = store.add({**NOTE, "visibility": "internal", "author": "=cmd|' /C calc'!A0"},
                        "ben")
    store.retire(retired["id"], 1, "ben")
    for kind in ("json", "csv"):
        target = NoteStore(open_engine(_other_database(store_url, postgres_server, tmp_path,
                                                       f"copy_{kind}")))
        exported = getattr(store, f"export_{kind}")()
        assert getattr(target, f"import_{kind}")(exported, f"notes.{kind}", "importer") == 2
        assert target.export_records() == store.export_records()
        added = target.add(NOTE, "cat")  # a new id follows the imported ones
        assert added["id"] == max(r["id"] for r in store.export_records()) + 1


def test_a_change_waits_for_a_busy_sqlite_database_then_says_so(tmp_path, monkeypatch):
    import sqlite3

    import data.store.db as db
    import data.store.records as records

    monkeypatch.setattr(db, "BUSY_SECONDS", 1)
    monkeypatch.setattr(records, "BUSY_SECONDS", 1)
    path = tmp_path / "busy.sqlite3"
    store = NoteStore(open_engine(f"sqlite:///{path}"))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process's long import
    with pytest.raises(StoreError, match="the database was busy with another change .* for "
                       "1 seconds, so the new note was not saved. Try again in a moment."):
        store.add(NOTE, "asha")
    other.execute("ROLLBACK")
    assert store.add(NOTE, "asha")["id"] == 1


def _open_store(url: str) -> int:
    return len(NoteStore(open_engine(url)).notes())


@pytest.mark.slow
def test_a_fresh_database_opened_by_six_processes_at_once_is_migrated_once(store_url):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(6, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert list(pool.map(_open_store, [store_url] * 6)) == [0] * 6


# ------------------------------------------------------------------ what may be public


def _public_ids(store):
    return {n["id"] for n in store.notes(visibility="public")}


def test_a_public_note_without_consent_is_never_public(store):
    agreed = store.add(NOTE, "asha")
    refused = store.add({**NOTE, "consent": "no"}, "asha")
    unsaid = store.add({k: v for k, v in NOTE.items() if k != "consent"}, "asha")
    assert _public_ids(store) == {agreed["id"]}
    assert store.counts("public") == {NOTE["area_code"]: 1}
    assert not is_public(refused) and not is_public(unsaid) and is_public(agreed)
    assert store.get(unsaid["id"])["consent"] is False


def test_personal_data_holds_a_note_back_until_an_editor_has_checked_it(store):
    note = store.add({**NOTE, "text": "Ring Jo on 07700 900123 about the club."}, "asha")
    assert note["personal_data"] == "a phone number"
    assert _public_ids(store) == set() and store.counts("public") == {}
    checked = store.edit(note["id"], 1, {"privacy_checked": True}, "ben")
    assert _public_ids(store) == {note["id"]} and is_public(checked)
    # a change of the text undoes the check: the new text has not been read
    edited = store.edit(note["id"], 2, {"text": "Ring Jo on 07700 900124."}, "ben")
    assert edited["privacy_checked"] is False and _public_ids(store) == set()
    cleaned = store.edit(note["id"], 3, {"text": "Ring the club, not Jo."}, "ben")
    assert cleaned["personal_data"] == "" and _public_ids(store) == {note["id"]}


def test_personal_data_is_worked_out_from_the_text_whatever_is_given(store):
    note = store.add({**NOTE, "text": "jo@example.org", "personal_data": ""}, "asha")
    assert note["personal_data"] == "an e-mail address"


def test_retired_and_internal_notes_are_never_public(store):
    retired = store.add(NOTE, "asha")
    store.retire(retired["id"], 1, "asha")
    store.add({**NOTE, "visibility": "internal"}, "asha")
    assert store.notes(visibility="public", include_retired=True) == []


def test_consent_must_be_yes_or_no(store):
    with pytest.raises(RecordError) as refused:
        store.add({**NOTE, "consent": "maybe"}, "asha")
    assert refused.value.problems[0].column == "consent"


def test_notes_of_several_areas_are_read_at_once(store):
    first = store.add(NOTE, "asha")
    second = store.add({**NOTE, "area_code": "E01005377"}, "asha")
    store.add({**NOTE, "area_code": "E01005378"}, "asha")
    assert {n["id"] for n in store.notes(area=["E01005376", "E01005377"])} == {
        first["id"], second["id"]}


def test_themes_are_checked_against_the_list_and_take_its_spelling(store):
    note = store.add({**NOTE, "themes": "young people; SERVICES; Services"}, "asha",
                     themes=["Young people", "Services", "Housing"])
    assert note["themes"] == ["Young people", "Services"]
    with pytest.raises(RecordError) as refused:
        store.add({**NOTE, "themes": "parking"}, "asha", themes=["Housing"])
    problem = refused.value.problems[0]
    assert problem.column == "themes" and "parking is not in the theme list" in \
        problem.message and "Housing" in problem.message


def test_the_import_key_ignores_case_and_spacing_but_not_the_words():
    base = {"text": "The youth club  closed.", "note_date": date(2026, 6, 1),
            "area_code": "E01005376", "author": "Asha"}
    assert import_key(base) == import_key({**base, "text": "the YOUTH club closed.\n",
                                           "note_date": "2026-06-01", "author": "asha "})
    for change in ({"text": "The youth club opened."}, {"note_date": date(2026, 6, 2)},
                   {"area_code": "E01005377"}, {"author": "Ben"}):
        assert import_key({**base, **change}) != import_key(base)


def test_consent_and_checks_survive_export_and_import(store, tmp_path):
    store.add({**NOTE, "text": "Ring 07700 900123", "privacy_checked": "yes"}, "asha")
    store.add({**NOTE, "consent": "no"}, "asha")
    for kind in ("json", "csv"):
        target = NoteStore(open_engine(f"sqlite:///{tmp_path / f'copy-{kind}.sqlite3'}"))
        getattr(target, f"import_{kind}")(getattr(store, f"export_{kind}")(), kind, "t")
        assert target.export_records() == store.export_records()
        assert _public_ids(target) == _public_ids(store) == {1}


def test_the_upgrade_keeps_published_notes_public_and_checks_every_text(store_url):
    """Notes written before consent was recorded: public ones were published on purpose,
    so they count as consented, unless their text seems to hold personal data; their themes
    start the theme list."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from data.store.db import MIGRATIONS
    from data.store.themes import ThemeStore

    engine = create_engine(store_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        for number, (said, visibility, themes) in enumerate([
                ("The park is lovely.", "public", '["Parks", "young people"]'),
                ("Ring me on 07700 900123.", "public", '["parks"]'),
                ("Staff only.", "internal", "[]")], start=1):
            connection.execute(text(
                "INSERT INTO notes (id, area_code, text, note_date, author, source, themes, "
                "visibility, retired, version, updated_at, updated_by) VALUES (:id, "
                "'E01005376', :said, '2025-01-02', 'Asha', 'meeting', :themes, :visibility, "
                ":no, 1, '2025-01-02 10:00:00', 'asha')"),
                {"id": number, "said": said, "themes": themes, "visibility": visibility,
                 "no": False})
    engine.dispose()
    upgraded = open_engine(store_url)
    notes = NoteStore(upgraded)
    assert [notes.get(i)["consent"] for i in (1, 2, 3)] == [True, True, False]
    assert [n["id"] for n in notes.notes(visibility="public")] == [1]
    assert notes.get(2)["personal_data"] == "a phone number"
    themes = ThemeStore(upgraded)
    assert themes.names() == ["Parks", "young people"]
    assert themes.add({"name": "Housing"}, "ann")["id"] == 3  # ids carry on after the upgrade
    upgraded.dispose()
