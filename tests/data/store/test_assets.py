"""The asset register, against SQLite and a real PostgreSQL server."""

import pandas as pd
import pytest

from data.areas.geography import area_locator
from data.errors import RecordError, StaleEditError
from data.store.assets import AssetStore, asset_density
from data.store.db import open_engine

LIBRARY = {"name": "Fitton Hill Library", "category": "library", "lon": "-2.0951",
           "lat": "53.5302", "services": "books; job club", "staff": "2", "volunteers": "6",
           "funding": "council; lottery", "opening_hours": "Mon-Fri 9-5",
           "source": "council survey"}


@pytest.fixture
def store(store_url):
    engine = open_engine(store_url)
    yield AssetStore(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def locate(oldham):
    return area_locator(oldham.lsoas)


def test_add_places_the_asset_in_its_area(store, locate):
    asset = store.add(LIBRARY, "ann", locate=locate)
    assert asset["area_code"].startswith("E01") and asset["lad_code"] == "E08000004"
    assert asset["services"] == ["books", "job club"] and asset["staff"] == 2


def test_edit_verify_retire_and_history(store, locate):
    asset = store.add(LIBRARY, "ann", locate=locate)
    store.edit(asset["id"], 1, {"volunteers": 8}, "ben", locate=locate)
    with pytest.raises(StaleEditError):
        store.edit(asset["id"], 1, {"volunteers": 9}, "cat", locate=locate)
    verified = store.verify(asset["id"], 2, "dan")
    assert verified["last_verified"] is not None
    store.retire(asset["id"], 3, "eve")
    assert store.assets().empty
    assert [h["action"] for h in store.history(asset["id"])] == [
        "create", "edit", "verify", "retire"]


def test_bad_fields_are_all_reported(store, locate):
    with pytest.raises(RecordError) as refused:
        store.add({"name": "", "category": "", "lon": "53.5", "lat": "-2.1", "staff": "many"},
                  "ann", locate=locate)
    assert [p.column for p in refused.value.problems] == ["name", "category", "staff", "lon"]


def test_a_point_outside_every_area(store, locate):
    with pytest.raises(RecordError, match="outside every area"):
        store.add({**LIBRARY, "lon": "-1.5", "lat": "52.4"}, "ann", locate=locate)


def test_two_seeds_at_once_add_the_open_file_once(store, root):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:  # a session and the server's warm-up, say
        added = list(pool.map(lambda _: store.seed(root, "E08000004"), range(2)))
    assert sorted(added) == [0, 627] and len(store.assets("E08000004")) == 627


def test_seeding_from_the_open_file_once(store, root):
    assert store.seed(root, "E08000004") == 627
    assert store.seed(root, "E08000004") == 0
    table = store.assets("E08000004")
    assert len(table) == 627 and table["area_code"].str.startswith("E01").all()
    first = int(table["id"].iloc[0])
    assert store.history(first)[0]["action"] == "import"


def test_assets_added_before_the_open_file_do_not_stop_it_being_loaded(store, root, locate):
    store.add({**LIBRARY, "category": "community_organisation"}, "ann", locate=locate)
    assert store.seed(root, "E08000004") == 627
    assert store.seed(root, "E08000004") == 0 and len(store.assets("E08000004")) == 628


def test_export_and_import_lose_nothing(store, locate, tmp_path):
    store.add({**LIBRARY, "name": '<b onmouseover="x()">Hall</b>'}, "ann", locate=locate)
    store.add({**LIBRARY, "staff": "", "funding": ""}, "ann", locate=locate)
    for kind in ("json", "csv"):
        target = AssetStore(open_engine(f"sqlite:///{tmp_path / f'copy-{kind}.sqlite3'}"))
        exported = getattr(store, f"export_{kind}")()
        assert getattr(target, f"import_{kind}")(exported, f"assets.{kind}", "x") == 2
        assert target.export_records() == store.export_records()


def test_an_import_with_bad_rows_stores_nothing(store, locate):
    text = ("name,category,lon,lat,staff\nHall,community venue,-2.11,53.54,1\n"
            ",library,-2.11,53.54,\nChurch,place_of_worship,x,53.54,\n")
    with pytest.raises(RecordError) as refused:
        store.import_csv(text, "assets.csv", "x", locate=locate)
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "name"), (4, "lon")]
    assert store.assets().empty


def test_density_per_thousand_residents():
    assets = pd.DataFrame({"area_code": ["a", "a", "b"], "category": ["library", "gp", "gp"]})
    population = pd.Series({"a": 2000, "b": 1000, "c": 500})
    density = asset_density(assets, population)
    assert density["assets"].tolist() == [2, 1, 0]
    assert density["per_1000"].tolist() == [1.0, 1.0, 0.0]
    assert density.loc["a", "library"] == 1 and density.loc["c", "gp"] == 0


def test_a_postcode_too_long_for_its_column_is_refused_on_both_databases(store, locate):
    with pytest.raises(RecordError, match=r"column 'postcode'.*at most 10 fit"):
        store.add({**LIBRARY, "postcode": "OL1 1XX EXTRA"}, "ann", locate=locate)
    assert store.assets("E08000004").empty
