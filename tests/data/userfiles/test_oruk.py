"""Open Referral UK imports into the asset register (JSON and CSV tables)."""

import io
import json
import zipfile

import pytest

from data.areas.geography import area_locator
from data.errors import OrukError, RecordError
from data.store.assets import AssetStore
from data.store.db import open_engine
from data.userfiles.oruk import read_zip, records_from_json, records_from_tables

SERVICE = {
    "id": "svc-1", "name": "Community pantry",
    "organization": {"id": "org-1", "name": "Hathershaw Help <Ltd>"},
    "service_at_locations": [{"id": "sal-1", "location": {
        "id": "loc-1", "name": "St Mary's Hall", "latitude": 53.5302, "longitude": -2.0951,
        "physical_addresses": [{"address_1": "1 Church Lane", "city": "Oldham",
                                "postal_code": "OL8 1AA"}]}}],
    "service_taxonomys": [{"taxonomy": {"name": "Food Bank"}}],
    "regular_schedules": [{"byday": "MO,WE", "opens_at": "10:00:00", "closes_at": "12:00:00"}],
    "fundings": [{"source": "National Lottery"}],
    "extension": {"staff": 1, "volunteers": 12},
}


def oruk_zip(**changes) -> bytes:
    tables = {
        "service.csv": "id,organization_id,name,x_staff,x_volunteers\n"
                       "svc-1,org-1,Community pantry,1,12\nsvc-2,org-1,Advice drop-in,,\n",
        "organization.csv": "id,name\norg-1,Hathershaw Help\n",
        "location.csv": "id,name,latitude,longitude\nloc-1,St Mary's Hall,53.5302,-2.0951\n"
                        "loc-2,Nowhere,,\n",
        "service_at_location.csv": "id,service_id,location_id\nsal-1,svc-1,loc-1\n"
                                   "sal-2,svc-2,loc-1\n",
        "physical_address.csv": "id,location_id,address_1,city,postal_code\n"
                                "a1,loc-1,1 Church Lane,Oldham,OL8 1AA\n",
        "taxonomy.csv": "id,name\nt1,Food Bank\nt2,Advice\n",
        "service_taxonomy.csv": "id,service_id,taxonomy_id\nst1,svc-1,t1\nst2,svc-2,t2\n",
        "regular_schedule.csv": "id,service_id,byday,opens_at,closes_at\nr1,svc-1,MO,10:00,12:00\n",
        "funding.csv": "id,service_id,source\nf1,svc-1,National Lottery\n",
    }
    tables.update(changes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in tables.items():
            if text is not None:
                archive.writestr(f"oruk/{name}", text)
    return buffer.getvalue()


def test_json_services_become_assets():
    [record] = records_from_json(json.dumps({"content": [SERVICE]}), "s.json")
    assert record["name"] == "St Mary's Hall" and record["subcategory"] == "Community pantry"
    assert record["category"] == "food_bank" and record["funding"] == ["National Lottery"]
    assert record["opening_hours"] == "Mon, Wed 10:00–12:00"
    assert record["address"] == "1 Church Lane, Oldham" and record["postcode"] == "OL8 1AA"
    assert (record["staff"], record["volunteers"]) == (1, 12)
    assert record["source"] == "Open Referral UK: Hathershaw Help <Ltd>"


def test_csv_tables_become_assets():
    records = records_from_tables(read_zip(oruk_zip(), "oruk.zip"))
    assert [r["source_id"] for r in records] == ["sal-1", "sal-2"]
    assert records[1]["category"] == "advice" and records[1]["staff"] == ""
    assert records[0]["opening_hours"] == "Mon 10:00–12:00"


def test_unreadable_files_say_what_they_lack():
    with pytest.raises(OrukError, match="not a ZIP file"):
        read_zip(b"plain text", "x.zip")
    with pytest.raises(OrukError, match="the ZIP has no location.csv"):
        read_zip(oruk_zip(**{"location.csv": None}), "x.zip")
    with pytest.raises(OrukError, match="expected a list of ORUK services"):
        records_from_json('{"items": 3}', "x.json")


@pytest.fixture
def store(store_url):
    engine = open_engine(store_url)
    yield AssetStore(engine)
    engine.dispose()


def test_importing_oruk_into_the_register(store, oldham):
    locate = area_locator(oldham.lsoas)
    assert store.import_oruk(json.dumps([SERVICE]).encode(), "services.json", "x",
                             locate=locate) == 1
    [asset] = store.assets().to_dict("records")
    assert asset["lad_code"] == "E08000004" and asset["volunteers"] == 12
    assert asset["source"].endswith("<Ltd>")  # kept as written; shown escaped


def test_a_bad_service_at_a_location_stops_the_whole_file(store, oldham):
    locate = area_locator(oldham.lsoas)
    data = oruk_zip(**{"service_at_location.csv": "id,service_id,location_id\n"
                                                  "sal-1,svc-1,loc-1\nsal-2,svc-2,loc-2\n"})
    with pytest.raises(RecordError) as refused:
        store.import_oruk(data, "oruk.zip", "x", locate=locate)
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "lon")]
    assert store.assets().empty
