"""Promises made to communities ("you said, we did"), against SQLite and a real PostgreSQL
server: their checks, versions and history, the public rule, lateness, the tracker, the
theme list they share with notes, export and import, and the upgrade that adds them."""

import csv
import io
import json
from datetime import date

import pytest
from sqlalchemy import inspect

from data.errors import RecordError, StaleEditError
from data.store.db import open_engine
from data.store.promises import (
    PromiseStore,
    for_a_card,
    is_overdue,
    ordered,
    promise_is_public,
    standing,
    tally,
    tally_sentence,
    tracker_csv,
    tracker_rows,
    what_happened,
)
from data.store.themes import ThemeStore

OLDHAM = "E08000004"
PROMISE = {"lad_code": OLDHAM, "asked": "The path by the brook floods every winter.",
           "promised": "We will clear the drains and resurface the path.",
           "by_organisation": "Oldham Council", "by_role": "Highways team",
           "made_at": "Coldhurst community meeting", "made_on": "2026-03-10",
           "areas": "E01005376; E05004303", "themes": "parks; roads", "due": "2026-06-30",
           "status": "promised", "visibility": "public"}
HOSTILE = '=HYPERLINK("http://x","<script>alert(1)</script>")'
TODAY = date(2026, 7, 1)


@pytest.fixture
def store(store_url):
    engine = open_engine(store_url)
    yield PromiseStore(engine)
    engine.dispose()


def test_migrations_make_the_tables(store):
    assert {"promises", "promise_changes"} <= set(inspect(store.engine).get_table_names())


def test_add_read_back_and_find_by_area(store):
    promise = store.add(PROMISE, "asha")
    assert promise["areas"] == ["E01005376", "E05004303"] and promise["themes"] == [
        "parks", "roads"]
    assert promise["made_on"] == date(2026, 3, 10) and promise["due"] == date(2026, 6, 30)
    borough_wide = store.add({**PROMISE, "areas": ""}, "asha")
    elsewhere = store.add({**PROMISE, "areas": "E01005400"}, "asha")
    store.add({**PROMISE, "lad_code": "E08000001", "areas": ""}, "asha")
    found = [p["id"] for p in store.promises(OLDHAM, areas=["E01005376"])]
    assert found == [borough_wide["id"], promise["id"]]
    assert [p["id"] for p in store.promises(OLDHAM, areas=["E01005376"],
                                            whole_borough=False)] == [promise["id"]]
    assert elsewhere["id"] not in found
    assert len(store.promises(OLDHAM)) == 3 and len(store.promises()) == 4


def test_every_problem_is_named_and_nothing_is_saved(store):
    with pytest.raises(RecordError) as refused:
        store.add({**PROMISE, "asked": "", "by_organisation": "", "made_on": "10/03/2026",
                   "status": "maybe", "visibility": "everyone", "areas": "E01999999",
                   "themes": "bins"}, "asha", areas=["E01005376", "E05004303"],
                  themes=["parks", "roads"])
    said = {p.column: p.message for p in refused.value.problems}
    assert set(said) == {"asked", "by_organisation", "made_on", "status", "visibility",
                         "areas", "themes"}
    assert "E01999999" in said["areas"] and "bins is not in the theme list" in said["themes"]
    assert store.promises() == []


def test_not_possible_needs_a_reason_and_done_says_what_was_done(store):
    promise = store.add(PROMISE, "asha")
    with pytest.raises(RecordError, match="say why it is not possible"):
        store.edit(promise["id"], 1, {"status": "not possible"}, "ben")
    with pytest.raises(RecordError, match="say what was done"):
        store.edit(promise["id"], 1, {"status": "done"}, "ben")
    with pytest.raises(RecordError, match="before the day the promise was made"):
        store.edit(promise["id"], 1, {"due": "2026-01-01"}, "ben")
    refused = store.edit(promise["id"], 1, {"status": "not possible",
                                            "reason": "The land belongs to the railway."}, "ben")
    assert refused["version"] == 2 and refused["status"] == "not possible"


def test_a_stale_edit_is_refused_and_the_newer_version_shown(store):
    promise = store.add(PROMISE, "asha")
    store.edit(promise["id"], 1, {"status": "in progress", "progress": "Drains cleared."},
               "ben")
    with pytest.raises(StaleEditError) as refused:
        store.edit(promise["id"], 1, {"status": "done", "progress": "All done."}, "cat")
    assert refused.value.current["progress"] == "Drains cleared."
    assert store.get(promise["id"])["status"] == "in progress"


def test_retiring_keeps_the_promise_and_its_history(store):
    promise = store.add(PROMISE, "asha")
    store.edit(promise["id"], 1, {"status": "done", "progress": "Resurfaced in May."}, "ben")
    store.retire(promise["id"], 2, "cat")
    assert store.promises() == [] and store.promises(public=True) == []
    assert store.promises(include_retired=True)[0]["retired"] is True
    history = store.history(promise["id"])
    assert [(h["action"], h["changed_by"], h["record"]["status"]) for h in history] == [
        ("create", "asha", "promised"), ("edit", "ben", "done"), ("retire", "cat", "done")]
    store.restore(promise["id"], 3, "cat")
    assert [p["id"] for p in store.promises(public=True)] == [promise["id"]]


def test_only_public_promises_without_unchecked_personal_data_are_public(store):
    shown = store.add(PROMISE, "asha")
    store.add({**PROMISE, "visibility": "internal"}, "asha")
    held = store.add({**PROMISE, "asked": "Call Jo on 07700 900123 about the path."}, "asha")
    assert held["personal_data"] == "a phone number" and not promise_is_public(held)
    assert [p["id"] for p in store.promises(public=True)] == [shown["id"]]
    checked = store.edit(held["id"], 1, {"privacy_checked": True}, "ben")
    assert promise_is_public(checked)
    # new words undo the check: they have not been read yet
    rewritten = store.edit(held["id"], 2, {"progress": "Write to jo@example.org."}, "ben")
    assert rewritten["personal_data"] == "an e-mail address; a phone number"
    assert not rewritten["privacy_checked"] and not promise_is_public(rewritten)


def test_late_means_due_passed_and_not_yet_done(store):
    promise = store.add(PROMISE, "asha")
    assert not is_overdue(promise, date(2026, 6, 30)) and is_overdue(promise, TODAY)
    assert standing(promise, TODAY) == "late"
    assert not is_overdue({**promise, "status": "done"}, TODAY)
    assert not is_overdue({**promise, "status": "not possible"}, TODAY)
    assert not is_overdue({**promise, "due": None}, TODAY)
    assert what_happened(promise, TODAY) == (
        "It was due by 30 June 2026; nothing has been reported yet.")
    assert what_happened({**promise, "progress": "Drains cleared."}, TODAY) == (
        "It was due by 30 June 2026; so far: Drains cleared.")
    assert what_happened({**promise, "status": "in progress", "progress": "Drains cleared."},
                         date(2026, 5, 1)) == "Under way, due by 30 June 2026: Drains cleared."
    assert what_happened({**promise, "due": None}, TODAY) == "Not started yet."
    assert what_happened({**promise, "status": "not possible", "reason": "Railway land."},
                         TODAY) == "Not possible: Railway land."


def test_a_card_tells_of_the_promise_changed_last_that_fits_it(store):
    first = store.add(PROMISE, "asha")
    long = store.add({**PROMISE, "asked": "The path floods. " * 30}, "asha")
    assert for_a_card([first, long], TODAY)["id"] == first["id"]  # the newer is too long
    changed = store.edit(first["id"], 1, {"progress": "Drains cleared."}, "ben")
    newer = store.add({**PROMISE, "asked": "Lights."}, "asha")
    assert for_a_card([changed, newer], TODAY)["id"] == newer["id"]
    assert for_a_card([long], TODAY) is None


def test_the_tracker_counts_orders_and_says_where_each_promise_stands(store):
    late = store.add(PROMISE, "asha")
    done = store.add({**PROMISE, "status": "done", "progress": "Resurfaced.",
                      "made_on": "2026-05-01"}, "asha")
    going = store.add({**PROMISE, "status": "in progress", "due": "2026-12-01",
                       "made_on": "2026-01-01"}, "asha")
    no = store.add({**PROMISE, "status": "not possible", "reason": "Railway land.",
                    "areas": ""}, "asha")
    promises = store.promises(OLDHAM)
    assert [p["id"] for p in ordered(promises, TODAY)] == [late["id"], going["id"], done["id"],
                                                           no["id"]]
    counts = tally(promises, TODAY)
    assert counts == {"all": 4, "late": 1, "in progress": 1, "promised": 0, "done": 1,
                      "not possible": 1}
    assert tally_sentence(counts, "Oldham") == (
        "Of 4 promises made for Oldham, 1 is done, 1 is in progress, 1 is late and 1 was not "
        "possible.")
    assert tally_sentence(tally([], TODAY), "Oldham") == (
        "No promise made for Oldham is recorded yet.")
    rows = tracker_rows(promises, TODAY, {"E01005376": "Oldham 024B"}, "Oldham")
    assert rows[0]["For"] == "Oldham 024B; E05004303" and rows[0]["Where it stands"] == "Late"
    assert rows[-1]["For"] == "the whole of Oldham"
    assert rows[-1]["What happened"] == "Railway land."


def test_hostile_words_are_kept_as_text_and_quoted_in_the_tracker_download(store):
    promise = store.add({**PROMISE, "asked": HOSTILE}, "asha")
    assert store.get(promise["id"])["asked"] == HOSTILE
    read = list(csv.DictReader(io.StringIO(tracker_csv([promise], TODAY, {}, "Oldham"))))
    assert read[0]["You said"] == "'" + HOSTILE  # a spreadsheet shows it, never runs it


def test_renaming_and_merging_themes_reach_promises(store):
    themes = ThemeStore(store.engine)
    parks = themes.add({"name": "parks"}, "ann")
    roads = themes.add({"name": "roads"}, "ann")
    promise = store.add(PROMISE, "asha", themes=themes.names())
    themes.edit(parks["id"], 1, {"name": "Parks and green spaces"}, "ann")
    assert store.get(promise["id"])["themes"] == ["Parks and green spaces", "roads"]
    _, moved = themes.merge(roads["id"], 1, parks["id"], "ann")
    assert moved == 1 and store.get(promise["id"])["themes"] == ["Parks and green spaces"]
    assert store.history(promise["id"])[-1]["action"] == "theme"


def test_export_imports_back_without_loss(store, tmp_path):
    store.add(PROMISE, "asha")
    done = store.add({**PROMISE, "areas": "", "due": "", "status": "done",
                      "progress": 'Resurfaced; "new" lights, =1+1'}, "asha")
    store.retire(done["id"], 1, "ben")
    for kind in ("json", "csv"):
        target = PromiseStore(open_engine(f"sqlite:///{tmp_path / f'copy-{kind}.sqlite3'}"))
        added = getattr(target, f"import_{kind}")(getattr(store, f"export_{kind}")(), kind, "t")
        assert added == 2 and target.export_records() == store.export_records()
        assert target.add(PROMISE, "asha")["id"] == 3  # ids carry on
    assert json.loads(store.export_json())["promises"][1]["areas"] == []


def test_an_import_with_a_bad_row_stores_nothing(store):
    text = store.export_csv()
    header = text.splitlines()[0]
    good = ",".join(["", OLDHAM, "Bins", "Weekly bins", "Council", "", "Meeting", "2026-01-05",
                     "", "", "", "promised", "", "", "public", "", "false", "false", "",
                     "", ""])
    bad = good.replace("promised,", "done,")
    with pytest.raises(RecordError) as refused:
        store.import_csv("\n".join([header, good, bad]), "promises.csv", "asha")
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "progress")]
    assert store.promises() == []
    assert store.import_csv("\n".join([header, good]), "promises.csv", "asha") == 1


def test_the_upgrade_adds_promises_beside_the_notes_already_stored(store_url):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from data.store.db import MIGRATIONS
    from data.store.notes import NoteStore

    engine = create_engine(store_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        connection.execute(text(
            "INSERT INTO notes (id, area_code, text, note_date, author, source, themes, "
            "visibility, consent, personal_data, privacy_checked, import_key, retired, "
            "version, updated_at, updated_by) VALUES (1, 'E01005376', 'The park is lovely.', "
            "'2025-01-02', 'Asha', 'meeting', '[]', 'public', :yes, '', :no, '', :no, 1, "
            "'2025-01-02 10:00:00', 'asha')"), {"yes": True, "no": False})
    engine.dispose()
    upgraded = open_engine(store_url)
    assert NoteStore(upgraded).get(1)["text"] == "The park is lovely."
    assert PromiseStore(upgraded).add(PROMISE, "asha")["id"] == 1
    upgraded.dispose()
