"""The voluntary sector's capacity by area, worked by hand: the counting rule, per 1,000
residents, suppression, the funding mix, dependence on one source, support wanted, and
need against capacity."""

import math

import pandas as pd
import pytest

from data.areas.capacity import (
    FTE_HOURS_A_MONTH,
    borough_capacity,
    capacity,
    dependent,
    domain_of,
    funding_mix,
    hide_small,
    listing,
    need_against_capacity,
    organisations,
    public_figures,
    serving,
    shares,
    support_wanted,
)

RESIDENTS = pd.Series({"A1": 1500.0, "A2": 500.0, "B1": 1000.0})
WARD_OF = pd.Series({"A1": "WA", "A2": "WA", "B1": "WB"})
REGISTER = pd.DataFrame([
    # serves ward A: shared 0.75 / 0.25 by residents
    {"id": 1, "name": "Park friends", "area_code": "B1", "serves": ["WA"],
     "serves_borough": False, "fields_of_work": ["environment"], "staff_fte": 2.0,
     "volunteers": 10, "volunteer_hours": FTE_HOURS_A_MONTH, "survey_year": 2026,
     "retired": False, "funding_shares": {"council": 80.0, "donations": 20.0},
     "income_band": "£10,000 to £100,000", "support_needs": ["funding"],
     "figures_public": True, "staff": 3},
    # names no area: its base
    {"id": 2, "name": "Food share", "area_code": "B1", "serves": [], "serves_borough": False,
     "fields_of_work": ["social_services", "health"], "staff_fte": 1.0, "volunteers": 4,
     "volunteer_hours": 0.0, "survey_year": 2026, "retired": False,
     "funding_shares": {"donations": 50.0, "lottery_trusts": 50.0},
     "income_band": "under £10,000", "support_needs": ["funding", "premises"],
     "figures_public": False, "staff": 1},
    # the whole borough: 1500/3000, 500/3000, 1000/3000
    {"id": 3, "name": "Advice line", "area_code": "A1", "serves": [], "serves_borough": True,
     "fields_of_work": ["law_advocacy"], "staff_fte": 6.0, "volunteers": None,
     "volunteer_hours": None, "survey_year": 2026, "retired": False, "funding_shares": {},
     "income_band": "", "support_needs": [], "figures_public": True, "staff": 6},
    # not surveyed, and retired: left out
    {"id": 4, "name": "Library", "area_code": "A1", "serves": [], "serves_borough": False,
     "fields_of_work": [], "staff_fte": None, "volunteers": None, "volunteer_hours": None,
     "survey_year": None, "retired": False, "funding_shares": {}, "income_band": "",
     "support_needs": [], "figures_public": False, "staff": None},
    {"id": 5, "name": "Closed club", "area_code": "A1", "serves": [], "serves_borough": False,
     "fields_of_work": ["other"], "staff_fte": 9.0, "volunteers": 9, "volunteer_hours": 9.0,
     "survey_year": 2025, "retired": True, "funding_shares": {}, "income_band": "",
     "support_needs": [], "figures_public": False, "staff": 9},
])


@pytest.fixture
def orgs():
    return organisations(REGISTER)


def test_only_current_surveyed_organisations_count(orgs):
    assert list(orgs["id"]) == [1, 2, 3]


def test_an_organisation_is_shared_by_residents_among_the_areas_it_serves(orgs):
    shared = shares(orgs, RESIDENTS, WARD_OF).set_index(["id", "lsoa"])["share"]
    assert shared[(1, "A1")] == 0.75 and shared[(1, "A2")] == 0.25
    assert shared[(2, "B1")] == 1.0
    assert shared[(3, "A1")] == 0.5 and math.isclose(shared[(3, "B1")], 1 / 3)
    assert shared.groupby(level="id").sum().round(12).tolist() == [1.0, 1.0, 1.0]


def test_capacity_per_area_and_per_1000_residents(orgs):
    shared = shares(orgs, RESIDENTS, WARD_OF)
    table = capacity(orgs, shared, pd.Series({"A1": "A1", "A2": "A2", "B1": "B1"}), RESIDENTS)
    # A1: 0.75 of org 1 + 0.5 of org 3
    assert table.loc["A1", "organisations"] == 1.25
    assert table.loc["A1", "staff_fte"] == 0.75 * 2 + 0.5 * 6
    assert table.loc["A1", "volunteers"] == 7.5
    assert math.isclose(table.loc["A1", "people_fte"], 0.75 * 3 + 0.5 * 6)
    assert table.loc["A1", "contributing"] == 2
    assert math.isclose(table.loc["A1", "staff_fte_per_1000"], 4.5 / 1500 * 1000)
    # B1: all of org 2 and a third of org 3
    assert math.isclose(table.loc["B1", "staff_fte"], 1 + 2)


def test_areas_of_a_level_add_up_their_lsoas(orgs):
    shared = shares(orgs, RESIDENTS, WARD_OF)
    wards = capacity(orgs, shared, WARD_OF, pd.Series({"WA": 2000.0, "WB": 1000.0}))
    assert wards.loc["WA", "organisations"] == pytest.approx(1 + 4 / 6)
    assert wards.loc["WA", "staff_fte_per_1000"] == pytest.approx((2 + 4) / 2000 * 1000)


def test_capacity_by_field_of_work(orgs):
    shared = shares(orgs, RESIDENTS, WARD_OF)
    health = capacity(orgs, shared, pd.Series({"A1": "A1", "A2": "A2", "B1": "B1"}),
                      RESIDENTS, field="health")
    assert health["organisations"].to_dict() == {"A1": 0.0, "A2": 0.0, "B1": 1.0}


def test_small_numbers_hide_the_figures_but_not_the_count(orgs):
    shared = shares(orgs, RESIDENTS, WARD_OF)
    table = capacity(orgs, shared, pd.Series({"A1": "A1", "A2": "A2", "B1": "B1"}), RESIDENTS)
    shown = hide_small(table, threshold=2)
    assert shown.loc["A1", "staff_fte"] == 4.5  # two organisations
    assert shown.loc["A2", "staff_fte"] == table.loc["A2", "staff_fte"]  # two as well
    assert shown.loc["B1", "organisations"] == table.loc["B1", "organisations"]
    one = hide_small(table.assign(contributing=[1, 1, 1]), threshold=2)
    assert one[["staff_fte", "people_fte_per_1000", "volunteer_hours"]].isna().all().all()
    assert one["organisations"].notna().all()


def test_the_borough_in_all_and_by_field(orgs):
    table = borough_capacity(orgs, 3000.0)
    assert table.loc["All fields", "organisations"] == 3
    assert table.loc["All fields", "staff_fte"] == 9.0
    assert table.loc["Health", "organisations"] == 1
    assert table.loc["All fields", "staff_fte_per_1000"] == 3.0


def test_the_funding_mix_by_organisation_and_by_income(orgs):
    mix = funding_mix(orgs)
    assert mix.loc["donations", "organisations"] == 2
    assert mix.loc["donations", "mean_share"] == 35.0  # (20 + 50) / 2
    # income-weighted: 55,000 x 20% + 5,000 x 50% of 60,000
    assert mix.loc["donations", "income_share"] == pytest.approx(
        (55_000 * 0.2 + 5_000 * 0.5) / 60_000 * 100)
    assert mix["income_share"].sum() == pytest.approx(100)


def test_dependence_on_one_source_is_more_than_half(orgs):
    found = dependent(orgs)
    assert found[["id", "source", "share"]].values.tolist() == [[1, "Council grants", 80.0]]


def test_support_wanted(orgs):
    wanted = support_wanted(orgs)
    assert wanted.loc["funding", "organisations"] == 2
    assert wanted.loc["funding", "share"] == pytest.approx(200 / 3)
    assert wanted.index[0] == "funding"


def test_need_against_capacity_and_the_domain_a_field_serves():
    scores = pd.Series({"A1": 3.0, "A2": 2.0, "B1": 1.0, "B2": 0.0})
    per_1000 = pd.Series({"A1": 0.0, "A2": 5.0, "B1": 0.0})
    placed = need_against_capacity(scores, per_1000, pd.Series({c: c for c in scores.index}))
    assert placed.loc["A1", "quadrant"] == "high need, little capacity"
    assert placed.loc["A2", "quadrant"] == "high need, more capacity"
    assert placed.loc["B2", "quadrant"] == "lower need, little capacity"
    assert domain_of("health", ["socio_economic", "health"]) == "health"
    assert domain_of("social_services", ["income", "health"]) == "income"
    assert domain_of("religion", ["health"]) is None


def test_organisations_of_an_area_and_their_public_figures(orgs):
    shared = shares(orgs, RESIDENTS, WARD_OF)
    here = serving(orgs, shared, ["B1"])
    assert list(here["name"]) == ["Food share", "Advice line"]  # the borough-wide last
    assert list(here["elsewhere"]) == [0, 2]
    food = here.iloc[0].to_dict()
    assert public_figures(food) == {"staff": None, "staff_fte": None, "volunteers": None,
                                    "volunteer_hours": None}
    assert public_figures(here.iloc[1].to_dict())["staff_fte"] == 6.0
    listed = listing(here, "B1", "Oldham").set_index("Organisation")
    assert listed.loc["Food share", "Paid staff (FTE)"] == "not published"
    assert listed.loc["Advice line", "Paid staff (FTE)"] == "6"
    assert listed.loc["Advice line", "Volunteers"] == "not given"
    assert listed.loc["Advice line", "Where"] == "all of Oldham"
    assert listed.loc["Food share", "Where"] == "here"


@pytest.mark.parametrize(("pounds", "band"), [
    (None, ""), (0, "under £10,000"), (9_999, "under £10,000"),
    (10_000, "£10,000 to £100,000"), (999_999, "£100,000 to £1 million"),
    (1_000_000, "£1 million to £10 million"), (10_000_000, "over £10 million")])
def test_an_income_falls_in_its_band(pounds, band):
    from data.areas.capacity import income_band_of
    assert income_band_of(pounds) == band


def test_no_organisation_shows_zero_and_a_lone_hidden_area_is_protected(orgs):
    table = pd.DataFrame({"organisations": [0.0, 1.0, 3.0, 6.0], "contributing": [0, 1, 6, 6],
                          "staff_fte": [0.0, 2.0, 5.0, 9.0],
                          "staff_fte_per_1000": [0.0, 1.0, 2.0, 3.0]},
                         index=["Z", "A", "B", "C"])
    alone = hide_small(table, threshold=5)
    assert alone.loc["Z", "staff_fte"] == 0 and pd.isna(alone.loc["A", "staff_fte"])
    assert alone.loc["B", "staff_fte"] == 5  # no total shown beside them
    totalled = hide_small(table, threshold=5, totalled=True)
    # A alone hidden could be worked out from the total: the next smallest goes too
    assert totalled["staff_fte"].isna().tolist() == [False, True, True, False]
    assert totalled["organisations"].notna().all()
