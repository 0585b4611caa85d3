"""Conversation records in bulk: reading, placing, checking and storing a campaign's file,
against Oldham's real boundaries and both databases."""

from datetime import date

import pytest

from data.errors import RecordError
from data.store.conversations import Places, read_conversations
from data.store.db import open_engine
from data.store.notes import NoteStore
from data.userfiles.read import table_of

TODAY = date(2026, 12, 1)
HEADER = "What was said,Date,Recorded by,Source,Themes,Visibility,Consent,LSOA,Ward," \
         "Longitude,Latitude,Easting,Northing\n"
GOOD = (HEADER +
        "The youth club closed,14/03/2026,Asha,community conversation,young people,public,"
        "yes,E01005320,,,,,\n"
        "Buses are late,2026-03-15,Asha,Community Conversation,transport,,,,Hollinwood,,,,\n"
        "Cars on the pavement,15/03/2026,Ben,resident,parking,public,no,,,-2.10663290534134,"
        "53.5309485,,\n"
        "Damp in the flats,16.03.2026,Ben,survey,housing,internal,yes,,,,,393029.16,"
        "403815.43\n")
THEMES = ["Young people", "Transport", "Parking", "Housing"]


@pytest.fixture(scope="module")
def places(oldham):
    return Places.of(oldham.name, oldham.lsoas, oldham.wards)


def _read(text, places, name="campaign.csv"):
    return read_conversations(table_of(text.encode("utf-8"), name), places, TODAY)


def test_each_way_of_saying_where_places_the_record(places, oldham):
    read = _read(GOOD, places)
    assert read.problems == []
    hollinwood = oldham.wards.set_index("ward_name").at["Hollinwood", "ward_code"]
    assert [r["area_code"] for r in read.records] == [
        "E01005320", hollinwood, "E01005320", "E01005320"]
    assert [r["note_date"] for r in read.records] == [
        "2026-03-14", "2026-03-15", "2026-03-15", "2026-03-16"]
    assert read.records[1]["visibility"] == "internal" and read.records[1]["source"] == \
        "community conversation"
    assert read.rows == [2, 3, 4, 5]


def test_a_file_without_its_columns_is_refused_by_heading(places):
    read = _read("Comment,Longitude\nhello,-2.1\n", places)
    columns = [p.column for p in read.problems]
    assert columns == ["date", "recorded by", "source", "lat", "lsoa"]
    assert all(p.row == 1 for p in read.problems)
    assert "has a lon column but not this one" in read.problems[3].message


@pytest.mark.parametrize("cells, column, words", [
    ({"Date": "03/14/2026"}, "Date", "day/month/year"),
    ({"Date": "01/02/2027"}, "Date", "after today"),
    ({"Date": ""}, "Date", "say when"),
    ({"LSOA": "E01000001"}, "LSOA", "not a 2021 LSOA of Oldham"),
    ({"LSOA": "", "Ward": "Atlantis"}, "Ward", "no ward of Oldham"),
    ({"LSOA": "", "Longitude": "-2.2447", "Latitude": "53.4808"}, "Longitude",
     "outside Oldham"),  # Manchester town hall
    ({"LSOA": "", "Longitude": "53.53", "Latitude": "-2.10"}, "Longitude", "swapped"),
    ({"LSOA": "", "Easting": "north", "Northing": "403815"}, "Easting", "give a number"),
    ({"LSOA": ""}, "LSOA", "does not say where"),
])
def test_a_bad_cell_is_named_by_row_column_and_value(places, cells, column, words):
    row = {"What was said": "Hello", "Date": "14/03/2026", "Recorded by": "Asha",
           "Source": "resident", "Themes": "", "Visibility": "", "Consent": "",
           "LSOA": "E01005320", "Ward": "", "Longitude": "", "Latitude": "", "Easting": "",
           "Northing": "", **cells}
    read = _read(HEADER + ",".join(row.values()) + "\n", places)
    assert [(p.row, p.column) for p in read.problems] == [(2, column)]
    assert words in read.problems[0].message
    assert read.problems[0].value == row.get(column, "")


def test_without_a_postcode_lookup_a_postcode_is_reported_not_guessed(places):
    read = _read("text,date,author,source,postcode\nHi,2026-01-01,Asha,resident,OL1 1AA\n",
                 places)
    assert [(p.row, p.column) for p in read.problems] == [(2, "postcode")]
    assert "no postcode lookup yet" in read.problems[0].message


def test_postcodes_are_placed_in_their_lsoa_and_faults_said_by_row(oldham):
    from data.areas.postcodes import Postcodes

    # made-up postcodes: two live in Oldham, one terminated, one in another borough
    lookup = Postcodes({"OL1 1AA": "E01005320", "OL9 9ZZ": "E01005376",
                        "M1 1AA": "E01033677"}, {"OL2 2BB": "2019-06"})
    places = Places.of(oldham.name, oldham.lsoas, oldham.wards, lookup)
    read = _read("text,date,author,source,postcode,ward\n"
                 "One,2026-01-01,Asha,resident,ol11aa,\n"
                 "Two,2026-01-01,Asha,resident, OL9  9ZZ ,\n"
                 "Three,2026-01-01,Asha,resident,OL2 2BB,\n"
                 "Four,2026-01-01,Asha,resident,M1 1AA,\n"
                 "Five,2026-01-01,Asha,resident,OL1,\n"
                 "Six,2026-01-01,Asha,resident,SW1A 1AA,\n"
                 "Seven,2026-01-01,Asha,resident,,Hollinwood\n", places)
    assert [r["area_code"] for r in read.records][:2] == ["E01005320", "E01005376"]
    said = {p.row: p.message for p in read.problems}
    assert set(said) == {4, 5, 6, 7} and all(p.column == "postcode" for p in read.problems)
    assert "terminated in 2019-06" in said[4]
    assert "outside Oldham" in said[5]
    assert "not a full postcode" in said[6]
    assert "SW1A 1AA is not a postcode of Oldham" in said[7]
    assert read.records[-1]["area_code"].startswith("E05")  # the ward, where no postcode
    assert all("postcode" not in r for r in read.records)  # the postcode is not kept


@pytest.fixture
def store(store_url):
    engine = open_engine(store_url)
    yield NoteStore(engine)
    engine.dispose()


def test_a_good_file_is_stored_once_however_often_it_is_imported(store, places):
    assert store.import_conversations(_read(GOOD, places), "asha", THEMES) == (4, 0)
    notes = store.notes()
    assert {n["themes"][0] for n in notes} == set(THEMES)  # the list's spelling
    assert [n["id"] for n in store.notes(visibility="public")] == [1]  # no consent on row 4
    assert store.history(1)[0]["action"] == "import"
    # the same file again, and a copy with one new row and a retyped old one
    assert store.import_conversations(_read(GOOD, places), "asha", THEMES) == (0, 4)
    again = GOOD.replace("Buses are late", "BUSES are  late") + \
        "Bins not emptied,17/03/2026,Ben,survey,,,,E01005320,,,,,\n"
    assert store.import_conversations(_read(again, places), "asha", THEMES) == (1, 4)
    assert len(store.notes()) == 5


def test_a_file_with_any_fault_stores_nothing_and_names_columns_as_the_file_does(
        store, places):
    bad = GOOD + ",17/03/2026,,rumour,bins,everyone,perhaps,E01005320,,,,,\n" \
        "Fine,bad date,Ben,survey,,,,E01000001,,,,,\n"
    with pytest.raises(RecordError) as refused:
        store.import_conversations(_read(bad, places), "asha", THEMES)
    found = [(p.row, p.column) for p in refused.value.problems]
    assert found == [(7, "Date"), (7, "LSOA"), (6, "What was said"), (6, "Recorded by"),
                     (6, "Source"), (6, "Visibility"), (6, "Themes"), (6, "Consent")]
    assert str(refused.value).startswith("campaign.csv: 8 problem(s), nothing was saved")
    assert store.notes(include_retired=True) == []


def test_a_workbook_is_read_like_a_csv_file(store, places, tmp_path):
    import pandas as pd

    frame = pd.read_csv(__import__("io").StringIO(GOOD), dtype=str, keep_default_na=False)
    frame["Date"] = pd.to_datetime(frame["Date"], format="mixed", dayfirst=True)
    path = tmp_path / "campaign.xlsx"
    frame.to_excel(path, index=False)
    read = read_conversations(table_of(path.read_bytes(), path.name), places, TODAY)
    assert read.problems == [] and [r["note_date"] for r in read.records] == [
        "2026-03-14", "2026-03-15", "2026-03-15", "2026-03-16"]
    assert store.import_conversations(read, "asha", THEMES) == (4, 0)
