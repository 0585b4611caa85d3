"""Saved editions of a built index, against SQLite and a real PostgreSQL server: what an
edition keeps, listing, reading back its results, versions and history, retiring, the
checks, and export and import without loss."""

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import inspect

from data.errors import EditionError, RecordError, StaleEditError
from data.exports import results_table
from data.store.db import open_engine
from data.store.editions import EditionStore, clean_edition
from indices.build import build_index
from indices.spec import spec_from_dict, spec_from_yaml

OLDHAM = "E08000004"
SPEC = spec_from_dict({"code": "mini", "name": "Mini index", "domains": [
    {"code": "d", "name": "D", "indicators": [
        {"code": "a", "column": "a", "direction": "higher_is_worse", "source": "f.csv",
         "year": "2025"},
        {"code": "b", "column": "b", "direction": "higher_is_better"}]}]})
TABLE = pd.DataFrame({"area_name": ["One", "Two", "Three"], "a": [1.0, 2.0, 4.0],
                      "b": [3.0, 1.0, 2.0]}, index=pd.Index(["X1", "X2", "X3"], name="code"))


@pytest.fixture
def store(store_url):
    engine = open_engine(store_url)
    yield EditionStore(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def built():
    run = build_index(SPEC, TABLE)
    intervals = pd.DataFrame({"median_rank": [1.0, 2.0, 3.0], "rank_p05": [1.0, 1.0, 2.0],
                              "rank_p95": [2.0, 3.0, 3.0]}, index=TABLE.index)
    return run, results_table(run, TABLE, None, intervals)


def test_migrations_make_the_tables(store):
    assert {"editions", "edition_changes"} <= set(inspect(store.engine).get_table_names())


def test_an_edition_keeps_the_spec_the_vintages_and_the_results(store, built):
    run, results = built
    kept = store.keep(run, results, OLDHAM, "lsoa", "Spring 2026", "ann",
                      date(2026, 4, 1), "first")
    assert (kept["spec_code"], kept["edition_date"], kept["note"]) == (
        "mini", date(2026, 4, 1), "first")
    assert spec_from_yaml(kept["spec_yaml"]) == SPEC
    assert kept["vintages"][0] == {"indicator": "a", "name": "a", "column": "a",
                                   "source": "f.csv", "year": "2025"}
    back = store.results(kept["id"])
    assert list(back.index) == ["X1", "X2", "X3"]
    for column in ("score", "rank", "rank_p05", "rank_p95", "d_score", "d_rank"):
        assert back[column].tolist() == pytest.approx(results[column].tolist()), column
    assert back["area_name"].tolist() == ["One", "Two", "Three"]


def test_editions_are_listed_newest_first_by_level(store, built):
    run, results = built
    old = store.keep(run, results, OLDHAM, "lsoa", "Old", "ann", date(2025, 1, 1))
    new = store.keep(run, results, OLDHAM, "lsoa", "New", "ann", date(2026, 1, 1))
    store.keep(run, results, OLDHAM, "ward", "Wards", "ann", date(2026, 2, 1))
    store.keep(run, results, "E08000001", "lsoa", "Bolton's", "ann")
    assert [e["id"] for e in store.editions(OLDHAM, "lsoa")] == [new["id"], old["id"]]
    assert [e["name"] for e in store.editions(OLDHAM)] == ["Wards", "New", "Old"]
    assert "results" not in store.editions(OLDHAM)[0]


def test_a_stale_rename_is_refused_retiring_keeps_the_history(store, built):
    run, results = built
    kept = store.keep(run, results, OLDHAM, "lsoa", "Spring", "ann")
    store.edit(kept["id"], 1, {"name": "Spring refresh"}, "ben")
    with pytest.raises(StaleEditError):
        store.edit(kept["id"], 1, {"name": "Mine"}, "cat")
    store.retire(kept["id"], 2, "cat")
    assert store.editions(OLDHAM) == []
    assert [e["name"] for e in store.editions(OLDHAM, include_retired=True)] == [
        "Spring refresh"]
    assert [h["action"] for h in store.history(kept["id"])] == ["create", "edit", "retire"]
    assert len(store.results(kept["id"])) == 3  # a retired edition can still be compared


def test_an_unknown_edition_is_said_plainly(store):
    with pytest.raises(EditionError, match="There is no saved edition 99"):
        store.results(99)


def test_every_fault_of_an_edition_is_named(store, built):
    run, results = built
    with pytest.raises(RecordError) as refused:
        store.keep(run, results, OLDHAM, "lsoa", "", "ann")
    assert "name" in str(refused.value)
    _, problems = clean_edition({"lad_code": "", "level": "lsoa", "name": "x" * 201,
                                 "edition_date": "1 April", "spec_yaml": "code: [",
                                 "results": [{"code": "X1"}]})
    assert {p.column for p in problems} == {"lad_code", "name", "edition_date", "spec_yaml",
                                            "results"}


def test_export_imports_back_without_loss(store, built, tmp_path):
    run, results = built
    store.keep(run, results, OLDHAM, "lsoa", "Spring", "ann", date(2026, 4, 1))
    gone = store.keep(run, results, OLDHAM, "ward", "Wards", "ann", date(2026, 5, 1))
    store.retire(gone["id"], 1, "ben")
    target = EditionStore(open_engine(f"sqlite:///{tmp_path / 'copy.sqlite3'}"))
    assert target.import_json(store.export_json(), "json", "t") == 2
    assert target.export_records() == store.export_records()
