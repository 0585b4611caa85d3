"""Partnership readiness in the store, against SQLite and a real PostgreSQL server:
partnerships, waves on a version of the instrument, one link per wave, responses checked
field by field, the limits of the open survey, anonymity, hostile text, history and
retiring, imports all or nothing, and export and import without loss."""

from datetime import date, datetime, timedelta

import pytest
import yaml
from sqlalchemy import inspect

from data.errors import (
    InstrumentError,
    RecordError,
    StaleEditError,
    StoreError,
    SurveyLimitReached,
)
from data.readiness.instrument import load_instrument
from data.readiness.results import MIN_GROUP
from data.store.db import open_engine
from data.store.readiness import Limits, ReadinessStore

OLDHAM = "E08000004"
HOSTILE = "<script>alert(1)</script> '; DROP TABLE readiness_responses; -- \u202e **x**"
ANSWERS = {"sector": "public", "role_level": "strategic", "ladder": "involve",
           "answers": {"citizens": {"importance": 3, "prevalence": 1},
                       "places": {"importance": "na", "prevalence": None}}}


@pytest.fixture
def store(store_url):
    engine = open_engine(store_url)
    yield ReadinessStore(engine)
    engine.dispose()


@pytest.fixture
def wave(store):
    partnership = store.add_partnership("Oldham Partnership", OLDHAM, "ann",
                                        place_code="E05004677", description="Coldhurst")
    return store.open_wave(partnership["id"], "2026", "ann", opened_on=date(2026, 3, 1))


@pytest.fixture
def secret(store, wave):
    return store.make_link(wave["id"], "ann")[1]


def test_migrations_make_the_tables(store):
    assert {"readiness_partnerships", "readiness_waves", "readiness_links",
            "readiness_responses", "readiness_response_changes"} <= set(
        inspect(store.engine).get_table_names())


def test_partnerships_and_waves_record_their_place_and_instrument(store, wave):
    [partnership] = store.partnerships_of(OLDHAM)
    assert partnership["place_code"] == "E05004677" and store.partnerships_of("E08000001") == []
    assert store.add_partnership("Whole borough", OLDHAM, "ann")["place_code"] == OLDHAM
    assert (wave["instrument_code"], wave["instrument_version"]) == ("cri", "1")
    assert store.instrument_of(wave) == load_instrument("cri_v1")
    assert store.instrument_of(wave["id"]) is store.instrument_of(wave)  # read once
    later = store.open_wave(partnership["id"], "2027", "ann", opened_on=date(2027, 3, 1))
    assert [w["label"] for w in store.waves_of(partnership["id"])] == ["2026", "2027"]
    assert later["opened_on"] == date(2027, 3, 1)
    with pytest.raises(RecordError) as refused:
        store.add_partnership("", "", "ann")
    assert {p.column for p in refused.value.problems} == {"name", "lad_code"}
    with pytest.raises(InstrumentError, match="no such instrument"):
        store.open_wave(partnership["id"], "2028", "ann", instrument="cri_v9")


def test_a_reworded_instrument_is_its_own_version(store, wave, tmp_path):
    data = load_instrument().to_dict()
    data["version"], data["categories"][1]["name"] = "1-oldham", "Citizens' voice"
    text = yaml.safe_dump(data)
    path = tmp_path / "cri_oldham.yaml"
    path.write_text(text, encoding="utf-8")
    own = store.open_wave(wave["partnership_id"], "2026 (our words)", "ann",
                          instrument=str(path))
    assert own["instrument_version"] == "1-oldham"
    assert store.instrument_of(own).category("citizens").name == "Citizens' voice"
    _, secret = store.make_link(own["id"], "ann")
    assert store.submit(secret, ANSWERS, "s")["instrument_version"] == "1-oldham"


def test_one_open_link_per_wave_and_closing(store, wave, secret):
    assert store.find(secret)["partnership"]["name"] == "Oldham Partnership"
    assert store.link_of(wave["id"])["token"] == secret
    link, newer = store.make_link(wave["id"], "ann")
    assert store.find(secret) is None and store.find(newer)["wave"]["id"] == wave["id"]
    assert store.links.get(link["id"])["token_hash"] != newer  # found by its hash
    assert store.find("") is None and store.find("x" * 65) is None
    store.close_wave(wave["id"], wave["version"], "ann", closed_on=date(2026, 4, 1))
    assert store.find(newer) is None and store.link_of(wave["id"]) is None
    with pytest.raises(StoreError, match="is closed"):
        store.make_link(wave["id"], "ann")
    with pytest.raises(StoreError, match="not open"):
        store.submit(newer, ANSWERS, "s")


def test_answers_are_stored_with_the_version_and_read_as_the_long_table(store, wave, secret):
    response = store.submit(secret, ANSWERS, "session 1")
    assert response["instrument_version"] == "1" and response["source"] == "survey"
    assert response["answers"]["citizens"] == {"importance": 3, "prevalence": 1}
    assert response["answers"]["places"] == {"importance": "na", "prevalence": None}
    assert response["answers"]["markets"] == {"importance": None, "prevalence": None}
    long = store.long_table(wave["id"])
    assert len(long) == 8 * 2  # every category and question of the wave's instrument
    citizens = long[long["category"] == "citizens"].set_index("question")
    assert citizens.loc["importance", "score"] == 3.0
    places = long[long["category"] == "places"].set_index("question")
    assert places.loc["importance", "not_applicable"] and \
        not places.loc["prevalence", "not_applicable"]
    assert long["ladder"].unique().tolist() == ["involve"]


def test_every_problem_is_said_by_question_and_nothing_is_stored(store, wave, secret):
    with pytest.raises(RecordError) as refused:
        store.submit(secret, {"sector": "church", "role_level": "", "ladder": "shout",
                              "answers": {"citizens": {"importance": 4, "prevalence": "lots"},
                                          "weather": {"importance": 1}}}, "s")
    assert {p.column for p in refused.value.problems} == {
        "sector", "role_level", "ladder", "citizens_importance", "citizens_prevalence",
        "answers"}
    assert store.responses(wave["id"]) == []


def test_the_signature_changes_with_any_partnership_wave_or_response(store, wave, secret):
    """What the cached summaries beside each place are keyed by: (number, sum of versions)
    of the partnerships, waves and responses."""
    first = store.signature()
    assert first == (1, 1, 1, 1, 0, 0)
    response = store.submit(secret, ANSWERS, "session 1")
    assert store.signature() == (1, 1, 1, 1, 1, 1)
    store.retire(response["id"], 1, "ann")  # an edit keeps the count, not the versions
    assert store.signature() == (1, 1, 1, 1, 1, 2)
    store.waves.edit(wave["id"], wave["version"], {"label": "2026 (spring)"}, "ann")
    assert store.signature() == (1, 1, 1, 2, 1, 2)


def test_a_name_is_stored_only_when_chosen(store, wave, secret):
    anonymous = store.submit(secret, {**ANSWERS, "name": "Ann Smith",
                                      "organisation": "Oldham Council"}, "s1")
    assert (anonymous["named"], anonymous["name"], anonymous["organisation"]) == (False, "", "")
    named = store.submit(secret, {**ANSWERS, "named": True, "name": "Ann Smith",
                                  "organisation": "Oldham Council"}, "s2")
    assert (named["name"], named["organisation"]) == ("Ann Smith", "Oldham Council")
    exported = {r["id"]: r for r in store.export_records()}
    assert exported[anonymous["id"]]["name"] == exported[anonymous["id"]]["organisation"] == ""
    assert all(h["record"]["name"] == "" for h in store.history(anonymous["id"]))


def test_hostile_text_is_kept_as_text_and_its_size_limited(store, wave, secret):
    response = store.submit(secret, {**ANSWERS, "named": True, "name": HOSTILE + "\x00\x07"},
                            "s")
    assert store.get(response["id"])["name"] == HOSTILE  # control characters taken out
    with pytest.raises(RecordError) as refused:
        store.submit(secret, {**ANSWERS, "named": True, "organisation": "x" * 201}, "s2")
    assert [p.column for p in refused.value.problems] == ["organisation"]


def test_the_limits_per_session_link_and_hour(store_url):
    engine = open_engine(store_url)
    store = ReadinessStore(engine, Limits(per_session=1, per_link_hour=2, per_hour=4))
    partnership = store.add_partnership("P", OLDHAM, "ann")
    waves = [store.open_wave(partnership["id"], label, "ann") for label in ("a", "b")]
    secrets = [store.make_link(w["id"], "ann")[1] for w in waves]
    store.submit(secrets[0], ANSWERS, "one")
    with pytest.raises(SurveyLimitReached, match="received already"):
        store.submit(secrets[0], ANSWERS, "one")
    store.submit(secrets[1], ANSWERS, "one")  # the same session may answer another wave
    store.submit(secrets[0], ANSWERS, "two")
    with pytest.raises(SurveyLimitReached, match="in the last hour"):
        store.submit(secrets[0], ANSWERS, "three")  # two an hour through this link
    store.submit(secrets[1], ANSWERS, "three")
    with pytest.raises(SurveyLimitReached, match="in the last hour"):
        store.submit(secrets[1], ANSWERS, "four")  # four an hour through all links
    later = datetime.now() + timedelta(hours=2)
    assert store.submit(secrets[1], ANSWERS, "four", when=later)["id"]
    assert len(store.responses(waves[0]["id"])) == 2
    engine.dispose()


def test_retiring_history_and_stale_edits(store, wave, secret):
    response = store.submit(secret, ANSWERS, "s")
    retired = store.retire(response["id"], 1, "ann")
    assert store.responses(wave["id"]) == []
    assert [r["id"] for r in store.responses(wave["id"], include_retired=True)] == [
        response["id"]]
    assert [h["action"] for h in store.history(response["id"])] == ["create", "retire"]
    with pytest.raises(StaleEditError):
        store.restore(response["id"], 1, "ann")
    store.restore(response["id"], retired["version"], "ann")
    partnership = store.partnerships_of()[0]
    store.partnerships.retire(partnership["id"], partnership["version"], "ann")
    assert store.find(secret) is None and store.partnerships_of() == []
    with pytest.raises(StoreError, match="retired"):
        store.open_wave(partnership["id"], "2027", "ann")


def test_imports_are_all_or_nothing_by_row(store, wave):
    good = {**ANSWERS, "sector": "Voluntary and community", "role_level": "Front line"}
    with pytest.raises(RecordError) as refused:
        store.import_responses(wave["id"], [good, {**good, "sector": "nobody"}], "x.csv",
                               "ann", rows=[2, 3])
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "sector")]
    assert store.responses(wave["id"]) == []
    assert store.import_responses(wave["id"], [good, good], "x.csv", "ann") == 2
    [first, _] = store.responses(wave["id"])
    assert first["sector"] == "voluntary" and first["source"] == "x.csv"
    assert store.history(first["id"])[0]["action"] == "import"


def test_export_and_import_lose_nothing(store, wave, secret, store_url, tmp_path):
    store.submit(secret, {**ANSWERS, "named": True, "name": HOSTILE}, "s1")
    store.submit(secret, {**ANSWERS, "sector": "private"}, "s2")
    store.retire(store.responses(wave["id"])[1]["id"], 1, "ann")
    documents = store.export_all()
    other = ReadinessStore(open_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}"))
    assert other.import_all(documents, "bob") == {
        "readiness_partnerships": 1, "readiness_waves": 1, "readiness_links": 1,
        "readiness_responses": 2}
    assert other.export_all() == documents
    assert other.find(secret)["wave"]["label"] == "2026"  # the link opens the same wave
    assert other.long_table(wave["id"]).equals(store.long_table(wave["id"]))
    # and as CSV
    third = ReadinessStore(open_engine(f"sqlite:///{tmp_path / 'third.sqlite3'}"))
    for kind in ("partnerships", "waves", "links"):
        getattr(third, kind).import_csv(getattr(store, kind).export_csv(), "x.csv", "bob")
    third.import_csv(store.export_csv(), "x.csv", "bob")
    assert third.export_all() == documents
    # an import of any bad record stores nothing
    fourth = ReadinessStore(open_engine(f"sqlite:///{tmp_path / 'fourth.sqlite3'}"))
    with pytest.raises(RecordError, match="sector"):
        fourth.import_json(documents["readiness_responses"].replace('"private"', '"pirate"'),
                           "x.json", "bob")
    assert fourth.responses(wave["id"], include_retired=True) == []


def _answered(store, partnership: dict, label: str, count: int, importance: int = 3,
              prevalence: int = 1) -> None:
    """A wave of ``count`` partners answering only the collaborative behaviours category."""
    wave = store.open_wave(partnership["id"], label, "ann")
    if count:
        store.import_responses(wave["id"], [
            {"sector": "public", "role_level": "strategic", "ladder": "consult",
             "behaviours_importance": importance, "behaviours_prevalence": prevalence}
            for _ in range(count)], "answers.csv", "ann")


def test_a_partnership_is_summed_up_by_its_latest_wave_large_enough(store):
    """2025: five partners, importance 3 and prevalence 1; 2026: four partners, too few. The
    summary is 2025's: means 3.0 and 1.0."""
    partnership = store.add_partnership("Coldhurst Partnership", OLDHAM, "ann",
                                        place_code="E01005434")
    _answered(store, partnership, "2025", MIN_GROUP)
    _answered(store, partnership, "2026", MIN_GROUP - 1, 2, 2)
    assert store.summaries(OLDHAM) == [{
        "partnership": "Coldhurst Partnership", "place": "E01005434", "wave": "2025",
        "respondents": 5, "shown": True, "whole_borough": False,
        "sentence": "Partners say working across organisations matters a great deal (3.0 of "
                    "3), but fewer say it happens in their organisation (1.0 of 3)."}]


def test_without_a_wave_large_enough_the_latest_says_too_few(store):
    partnership = store.add_partnership("Oldham Together", OLDHAM, "ann")
    _answered(store, partnership, "Spring", 2)
    _answered(store, partnership, "Autumn", MIN_GROUP - 1)
    store.add_partnership("Not started", OLDHAM, "ann")  # no wave: left out
    [found] = store.summaries(OLDHAM)
    assert (found["wave"], found["respondents"], found["shown"]) == ("Autumn", 4, False)
    assert found["whole_borough"] and found["place"] == OLDHAM
    assert found["sentence"].startswith("Not enough partners have answered yet")
    assert store.summaries("E08000001") == []
