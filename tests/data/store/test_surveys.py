"""The asset survey, against SQLite and a real PostgreSQL server: its links, the checks on
every answer, the limits of the open page, the moderation queue (accept, merge field by
field, reject), each year's answers, imports, and the upgrade that adds it all."""

import json
from datetime import datetime, timedelta

import pandas as pd
import pytest

from data.areas.postcodes import Postcodes
from data.errors import RecordError, StaleEditError, StoreError, SurveyLimitReached
from data.store.assets import AssetStore
from data.store.db import open_engine
from data.store.surveys import (
    Limits,
    SurveyAnswerStore,
    clean_answers,
    likely_duplicates,
    token_hash,
)

OLDHAM = "E08000004"
ANSWERS = {"name": "Friends of Alexandra Park", "charity_number": "1123456",
           "fields_of_work": "Environment; health", "address": "Park Lodge, King's Road",
           "postcode": "ol8 1aa", "venues": "St Mary's Hall, OL1 1AA",
           "serves": "E01005376; E01005400", "staff": "3", "staff_fte": "1.5",
           "volunteers": "20", "volunteer_hours": "80", "income_band": "£10,000 to £100,000",
           "funding_shares": "Council grants: 40; donations: 60",
           "support_needs": "funding; Volunteers", "contact_name": "Ann Lee",
           "contact_email": "ann@example.org", "contact_phone": "0161 555 0100",
           "figures_public": "yes"}
LSOAS = {"E01005376", "E01005400"}
POSTCODES = Postcodes({"OL8 1AA": "E01005376", "OL1 1AA": "E01005400"}, {"OL1 9ZZ": "2019-05"})
CONTEXT = {"lsoas": LSOAS, "wards": {"e05004303": "E05004303", "coldhurst": "E05004303"},
           "postcodes": POSTCODES, "borough": "Oldham"}
HOSTILE = '=HYPERLINK("http://x","<script>alert(1)</script>")'


@pytest.fixture
def store(store_url):
    engine = open_engine(store_url)
    yield SurveyAnswerStore(engine)
    engine.dispose()


def test_answers_are_tidied_and_placed_by_their_postcode():
    answers, problems = clean_answers(ANSWERS, **CONTEXT)
    assert problems == []
    assert answers["fields_of_work"] == ["environment", "health"]
    assert answers["postcode"] == "OL8 1AA" and answers["area_code"] == "E01005376"
    assert answers["venues"] == [{"address": "St Mary's Hall", "postcode": "OL1 1AA"}]
    assert answers["funding_shares"] == {"council": 40.0, "donations": 60.0}
    assert answers["support_needs"] == ["funding", "volunteers"]
    assert answers["contact"] == {"name": "Ann Lee", "email": "ann@example.org",
                                  "phone": "0161 555 0100"}
    assert answers["staff"] == 3 and answers["staff_fte"] == 1.5
    assert answers["figures_public"] is True


def test_a_ward_served_is_known_by_its_name():
    answers, problems = clean_answers({**ANSWERS, "serves": "Coldhurst"}, **CONTEXT)
    assert problems == [] and answers["serves"] == ["E05004303"]


@pytest.mark.parametrize(("field", "value", "says"), [
    ("name", "", "give the organisation's name"),
    ("fields_of_work", "knitting", "knitting is not a field of work"),
    ("fields_of_work", "", "at least one field"),
    ("postcode", "OL1", "not a full postcode"),
    ("postcode", "OL1 9ZZ", "terminated in 2019-05"),
    ("postcode", "M1 1AE", "not a postcode of Oldham"),
    ("charity_number", "12", "not a charity number"),
    ("serves", "E01999999", "not a neighbourhood (2021 LSOA) or a ward"),
    ("staff", "-1", "a whole number of people from 0"),
    ("staff", "2.5", "a whole number of people"),
    ("staff_fte", "9", "cannot be more than the number of paid staff"),
    ("volunteer_hours", "lots", "a number of hours"),
    ("income_band", "about a million", "choose one of"),
    ("funding_shares", "council: 40; nhs: 40", "add up to 80%"),
    ("funding_shares", "bake sales: 100", "bake sales is not a source"),
    ("funding_shares", "council: 140", "per cent from 0 to 100"),
    ("support_needs", "a van", "a van is not on the list"),
    ("contact_email", "ann.example.org", "not an e-mail address"),
    ("figures_public", "perhaps", "use yes or no"),
    ("name", "x" * 201, "at most 200 fit"),
])
def test_each_bad_answer_is_said_with_its_field(field, value, says):
    _, problems = clean_answers({**ANSWERS, field: value}, row=7, **CONTEXT)
    assert any(p.column == field and says in p.message and p.row == 7 for p in problems), \
        problems


def test_hostile_text_is_kept_as_text():
    answers, problems = clean_answers({**ANSWERS, "name": HOSTILE + "\x00\x07"}, **CONTEXT)
    assert problems == [] and answers["name"] == HOSTILE


def test_links_are_kept_hashed_and_closed_by_retiring(store):
    link, token = store.links.open_link(OLDHAM, "Sector survey 2026", "ann")
    assert link["token_hash"] == token_hash(token) and link["token"] == token
    assert store.links.find(token)["id"] == link["id"]
    assert store.links.find("not-a-link") is None and store.links.find("x" * 500) is None
    store.links.retire(link["id"], link["version"], "ann")
    assert store.links.find(token) is None
    private, secret = store.links.private_link(OLDHAM, "ann", asset_id=5)
    assert private["token"] == "" and store.links.find(secret)["asset_id"] == 5
    _, newer = store.links.private_link(OLDHAM, "ann", asset_id=5)
    assert store.links.find(secret) is None and store.links.find(newer) is not None


def test_answers_wait_for_moderation_and_reach_nothing_before(store):
    link, _ = store.links.open_link(OLDHAM, "", "ann")
    answer = store.submit(link, ANSWERS, "browser-1", **CONTEXT)
    assert answer["status"] == "waiting" and answer["year"] == datetime.now().year
    assert [a["id"] for a in store.queue(OLDHAM)] == [answer["id"]]
    assert store.assets.assets(OLDHAM).empty
    assert answer["updated_by"].startswith("session ") and "browser-1" not in str(answer)


def test_bad_answers_are_refused_whole(store):
    link, _ = store.links.open_link(OLDHAM, "", "ann")
    with pytest.raises(RecordError) as raised:
        store.submit(link, {**ANSWERS, "name": "", "staff": "many"}, "b", **CONTEXT)
    assert {p.column for p in raised.value.problems} == {"name", "staff"}
    assert store.queue(OLDHAM) == []


def test_the_open_page_is_limited_per_session_per_link_and_in_waiting(store_url):
    engine = open_engine(store_url)
    store = SurveyAnswerStore(engine, Limits(per_session=2, per_link_hour=3, per_hour=100,
                                             waiting=4))
    link, _ = store.links.open_link(OLDHAM, "", "ann")
    other, _ = store.links.open_link(OLDHAM, "", "ann")
    for _ in range(2):
        store.submit(link, ANSWERS, "browser-1", **CONTEXT)
    with pytest.raises(SurveyLimitReached, match="sent 2 answers already"):
        store.submit(link, ANSWERS, "browser-1", **CONTEXT)
    store.submit(link, ANSWERS, "browser-2", **CONTEXT)
    with pytest.raises(SurveyLimitReached, match="last hour"):
        store.submit(link, ANSWERS, "browser-3", **CONTEXT)
    later = datetime.now() + timedelta(hours=2)
    store.submit(other, ANSWERS, "browser-4", when=later, **CONTEXT)
    with pytest.raises(SurveyLimitReached, match="still to read"):
        store.submit(other, ANSWERS, "browser-5", when=later, **CONTEXT)
    assert len(store.queue(OLDHAM)) == 4
    engine.dispose()


def test_accepting_adds_the_organisation_with_its_history(store):
    link, _ = store.links.open_link(OLDHAM, "", "ann")
    answer = store.submit(link, ANSWERS, "b", **CONTEXT)
    private, secret = store.links.private_link(OLDHAM, "survey", answer_id=answer["id"])
    with pytest.raises(RecordError):  # no point on the map
        store.accept(answer["id"], answer["version"], "ann", None)
    asset = store.accept(answer["id"], answer["version"], "ann", (-2.10, 53.53))
    assert asset["category"] == "community_organisation"
    assert asset["fields_of_work"] == ["environment", "health"]
    assert asset["contact"]["email"] == "ann@example.org" and asset["area_code"] == "E01005376"
    assert asset["survey_year"] == answer["year"] and asset["staff_fte"] == 1.5
    assert store.get(answer["id"])["status"] == "accepted"
    assert store.get(answer["id"])["asset_id"] == asset["id"]
    assert store.links.find(secret)["asset_id"] == asset["id"]  # the private link adopted
    assert [c["action"] for c in store.assets.history(asset["id"])] == ["survey"]
    with pytest.raises(StoreError, match="already accepted"):
        store.accept(answer["id"], answer["version"] + 1, "ann", (-2.1, 53.5))


def test_merging_takes_the_fields_chosen_and_keeps_the_rest(store):
    assets = AssetStore(store.engine)
    kept = assets.add({"name": "Alexandra Park Friends", "category": "community_organisation",
                       "lon": -2.1, "lat": 53.53, "address": "The Lodge", "staff": 1}, "ann")
    link, _ = store.links.open_link(OLDHAM, "", "ann")
    answer = store.submit(link, ANSWERS, "b", **CONTEXT)
    merged = store.merge(answer["id"], answer["version"], kept["id"], kept["version"],
                         ["staff", "staff_fte", "fields_of_work"], "ann")
    assert merged["name"] == "Alexandra Park Friends" and merged["address"] == "The Lodge"
    assert merged["staff"] == 3 and merged["staff_fte"] == 1.5
    assert merged["survey_year"] == answer["year"] and merged["version"] == 2
    assert [c["action"] for c in assets.history(kept["id"])] == ["create", "survey"]
    assert store.get(answer["id"])["status"] == "merged"
    assert [a["id"] for a in store.years(kept["id"])] == [answer["id"]]


def test_a_stale_merge_is_refused_and_saves_nothing(store):
    assets = AssetStore(store.engine)
    kept = assets.add({"name": "Hall", "category": "library", "lon": -2.1, "lat": 53.53}, "a")
    assets.edit(kept["id"], 1, {"name": "Hall (renamed)"}, "bo")
    link, _ = store.links.open_link(OLDHAM, "", "ann")
    answer = store.submit(link, ANSWERS, "b", **CONTEXT)
    with pytest.raises(StaleEditError):
        store.merge(answer["id"], answer["version"], kept["id"], 1, ["staff"], "ann")
    assert store.get(answer["id"])["status"] == "waiting"
    assert assets.get(kept["id"])["staff"] is None


def test_rejecting_needs_a_reason(store):
    link, _ = store.links.open_link(OLDHAM, "", "ann")
    answer = store.submit(link, ANSWERS, "b", **CONTEXT)
    with pytest.raises(RecordError, match="say why"):
        store.reject(answer["id"], answer["version"], " ", "ann")
    rejected = store.reject(answer["id"], answer["version"], "Sent twice.", "ann")
    assert rejected["status"] == "rejected" and rejected["reason"] == "Sent twice."
    assert store.queue(OLDHAM) == [] and store.queue(OLDHAM, "rejected")[0]["id"] == answer["id"]


def test_each_year_is_kept_and_a_private_link_starts_from_the_last(store):
    link, _ = store.links.open_link(OLDHAM, "", "ann")
    first = store.submit(link, ANSWERS, "b", when=datetime(2025, 5, 1), **CONTEXT)
    asset = store.accept(first["id"], first["version"], "ann", (-2.1, 53.53))
    private, secret = store.links.private_link(OLDHAM, "ann", asset_id=asset["id"])
    assert store.latest(store.links.find(secret))["id"] == first["id"]
    second = store.submit(store.links.find(secret), {**ANSWERS, "volunteers": "35"}, "c",
                          when=datetime(2026, 5, 1), **CONTEXT)
    assert second["asset_id"] == asset["id"]
    store.merge(second["id"], second["version"], asset["id"], asset["version"],
                ["volunteers"], "ann")
    years = store.years(asset["id"])
    assert [(y["year"], y["answers"]["volunteers"]) for y in years] == [(2025, 20), (2026, 35)]


def test_answers_from_elsewhere_join_the_queue_all_or_nothing(store):
    rows = [ANSWERS, {**ANSWERS, "name": "Oldham Food Share", "postcode": "OL1 1AA"}]
    assert store.import_answers(rows, [2, 3], OLDHAM, "form.csv", "ann", 2026, **CONTEXT) == 2
    assert [a["source"] for a in store.queue(OLDHAM)] == ["form.csv", "form.csv"]
    with pytest.raises(RecordError) as raised:
        store.import_answers([ANSWERS, {**ANSWERS, "postcode": "nowhere"}], [2, 3], OLDHAM,
                             "bad.csv", "ann", 2026, **CONTEXT)
    assert [(p.row, p.column) for p in raised.value.problems] == [(3, "postcode")]
    assert len(store.queue(OLDHAM)) == 2


def test_answers_export_and_import_without_loss(store_url, tmp_path):
    engine = open_engine(store_url)
    store = SurveyAnswerStore(engine)
    link, _ = store.links.open_link(OLDHAM, "", "ann")
    answer = store.submit(link, {**ANSWERS, "name": HOSTILE}, "b", **CONTEXT)
    store.reject(answer["id"], answer["version"], "a test", "ann")
    text, kept = store.export_csv(), store.get(answer["id"])
    engine.dispose()
    fresh = open_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    copy = SurveyAnswerStore(fresh)
    assert copy.import_csv(text, "answers.csv", "bo") == 1
    again = copy.get(answer["id"])
    assert again["answers"] == kept["answers"] and again["answers"]["name"] == HOSTILE
    assert again["status"] == "rejected" and again["reason"] == "a test"
    fresh.dispose()


def test_likely_duplicates_by_charity_number_or_a_similar_name_nearby():
    register = pd.DataFrame({"id": [1, 2, 3, 4], "name": [
        "The Friends of Alexandra Park", "Friends of Alexandra Park Ltd", "Oldham Food Share",
        "Something Else"], "postcode": ["OL8 1AB", "M1 1AE", "OL8 1ZZ", "OL9 9ZZ"],
        "charity_number": ["", "", "", "1123456"]})
    answers, _ = clean_answers(ANSWERS, **CONTEXT)
    found = likely_duplicates(answers, register)
    assert list(found["id"]) == [1, 4]  # 2 is far away; 3 is another name
    assert found.set_index("id").loc[4, "why"] == "the same charity number"
    assert "similar name" in found.set_index("id").loc[1, "why"]


def test_the_upgrade_keeps_the_register_and_adds_the_survey_fields(store_url):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from data.store.db import MIGRATIONS

    engine = create_engine(store_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        connection.execute(text(
            "INSERT INTO assets (id, source_id, name, category, subcategory, address, postcode, "
            "lon, lat, area_code, ward_code, lad_code, services, opening_hours, funding, "
            "source, retired, version, updated_at, updated_by) VALUES (1, '', 'Library', "
            "'library', '', '', '', -2.1, 53.5, 'E01005376', '', 'E08000004', '[]', '', '[]', "
            "'', :no, 1, '2025-01-02 10:00:00', 'ann')"), {"no": False})
    engine.dispose()
    upgraded = open_engine(store_url)
    asset = AssetStore(upgraded).get(1)
    assert asset["name"] == "Library" and asset["fields_of_work"] == [] and \
        asset["funding_shares"] == {} and asset["figures_public"] is False
    upgraded.dispose()


def test_the_register_exports_as_open_referral_uk_with_the_survey_and_reads_back(store,
                                                                                 tmp_path):
    link, _ = store.links.open_link(OLDHAM, "", "ann")
    shy = store.submit(link, {**ANSWERS, "name": "Shy group", "figures_public": "no"}, "a",
                       **CONTEXT)
    open_ = store.submit(link, ANSWERS, "b", **CONTEXT)
    for answer in (shy, open_):
        store.accept(answer["id"], answer["version"], "ann", (-2.1, 53.53),
                     locate=lambda lon, lat: ("E01005376", "E05004303", OLDHAM))
    public = json.loads(store.assets.export_oruk(OLDHAM))["services"]
    by_name = {s["name"]: s for s in public}
    assert set(by_name) == {"Shy group", "Friends of Alexandra Park"}
    friends = by_name["Friends of Alexandra Park"]
    assert {"id": "health", "vocabulary": "ICNPO", "name": "Health"} in [
        t["taxonomy"] for t in friends["service_taxonomys"]]
    assert friends["extension"]["staff_fte"] == 1.5 and "contact" not in friends["extension"]
    assert "staff" not in by_name["Shy group"]["extension"]
    assert "funding_shares" not in by_name["Shy group"]["extension"]
    assert "ann@example.org" not in json.dumps(public)
    internal = store.assets.export_oruk(OLDHAM, public=False)
    assert "ann@example.org" in internal
    fresh = open_engine(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    copy = AssetStore(fresh)
    assert copy.import_oruk(internal.encode(), "register.json", "bo") == 2
    again = copy.assets().set_index("name").loc["Friends of Alexandra Park"]
    assert again["category"] == "community_organisation"
    assert again["fields_of_work"] == ["environment", "health"]
    assert again["funding_shares"] == {"council": 40.0, "donations": 60.0}
    assert again["survey_year"] == open_["year"] and again["staff_fte"] == 1.5
    assert again["contact"]["email"] == "ann@example.org"  # the staff's own copy keeps it
    fresh.dispose()


def test_a_charity_number_is_checked_against_the_register_and_fills_in_the_income():
    from data.store.surveys import charity_check, with_charity
    answers, _ = clean_answers({**ANSWERS, "income_band": ""}, **CONTEXT)
    registered = {"number": "1123456", "name": "FRIENDS OF ALEXANDRA PARK", "income": 154_000.0,
                  "activities": "Looks after the park.", "postcode": "OL8 1AA"}
    check = charity_check(answers, registered)
    assert check["found"] and check["same_name"] and check["band"] == "£100,000 to £1 million"
    assert check["same_band"] is None  # none was given
    assert with_charity(answers, registered)["income_band"] == "£100,000 to £1 million"
    given = {**answers, "income_band": "under £10,000", "name": "Someone Else Entirely"}
    check = charity_check(given, registered)
    assert check["same_band"] is False and check["same_name"] is False
    assert with_charity(given, registered)["income_band"] == "under £10,000"
    assert charity_check(answers, None) == {"found": False}
    assert charity_check({**answers, "charity_number": ""}, registered) == {"found": False}


def test_the_register_with_survey_answers_exports_to_csv_and_imports_without_loss(store,
                                                                                 tmp_path):
    link, _ = store.links.open_link(OLDHAM, "", "ann")
    answer = store.submit(link, {**ANSWERS, "name": HOSTILE}, "a", **CONTEXT)
    asset = store.accept(answer["id"], answer["version"], "ann", (-2.1, 53.53),
                         locate=lambda lon, lat: ("E01005376", "E05004303", OLDHAM))
    text = store.assets.export_csv()
    fresh = open_engine(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    copy = AssetStore(fresh)
    assert copy.import_csv(text, "assets.csv", "bo") == 1
    again = copy.get(asset["id"])
    for field in ("name", "fields_of_work", "venues", "serves", "funding_shares", "contact",
                  "support_needs", "staff_fte", "volunteer_hours", "figures_public",
                  "survey_year", "charity_number"):
        assert again[field] == asset[field], field
    fresh.dispose()
