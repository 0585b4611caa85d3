"""Areas like this one on the real Greater Manchester data: the default context set's columns,
shares made from summed counts, candidates from every borough, hidden values never used."""

import geopandas as gpd
import pandas as pd
import pytest

from data.areas.borough import load_borough
from data.areas.levels import CUSTOM, Neighbourhoods, level_data, summed_for
from data.areas.neighbours import (
    CANDIDATES,
    DEFAULT_CONTEXT,
    HECTARES,
    POPULATION_2020,
    RegionNeighbours,
    age_counts,
    context_choices,
    context_table,
    default_keys,
)
from data.userfiles.coordinates import BRITISH_NATIONAL_GRID
from data.workspace import Workspace
from indices.build import build_index
from indices.errors import NeighbourError
from indices.presets import load_preset


@pytest.fixture(scope="module")
def region(root):
    return Workspace(root, CANDIDATES, load_preset(), "lsoa")


@pytest.fixture(scope="module")
def found(root, region):
    return RegionNeighbours.of(region.areas, region.run, region.borough.table, root)


def test_the_default_sets_columns_are_in_the_real_data(root, region):
    table = region.borough.table
    ages = age_counts(root)
    assert ages is not None and (root / POPULATION_2020).is_file()
    for measure in DEFAULT_CONTEXT:
        for column in (measure.numerator, measure.denominator, measure.column):
            if column is None or column == HECTARES:
                continue
            assert column in table.columns or column in ages.columns, column
    context = context_table(region.areas, table, root)
    assert list(context.columns) == default_keys()
    assert len(context) == 1702 and context.notna().all().all()  # every LSOA has each
    assert context["social_renting"].between(0, 100).all()


def test_shares_and_density_by_hand(root, region):
    """Published counts: an LSOA's social renting is hh_social_rented_n over households_2021;
    its density its residents over its land (British National Grid, m² / 10,000); its share
    aged 65 and over the ONS mid-2020 count over the total (an LSOA unchanged since 2011)."""
    table = region.borough.table
    context = context_table(region.areas, table, root)
    code = "E01004766"  # Bolton 005A: 160 of 805 households rent socially
    assert context.at[code, "social_renting"] == pytest.approx(160 / 805 * 100)
    shape = gpd.GeoSeries([region.areas.areas.set_index("code").geometry[code]], crs=4326)
    hectares = shape.to_crs(BRITISH_NATIONAL_GRID).area.iloc[0] / 10_000
    assert context.at[code, "population_density"] == pytest.approx(1658 / hectares)
    assert context.at[code, "aged_65_plus"] == pytest.approx(333 / 1712 * 100)  # mid-2020
    assert context.at[code, "income_deprivation"] == pytest.approx(0.353)


def test_a_wards_shares_are_made_from_its_lsoas_counts_summed(root):
    work = Workspace(root, CANDIDATES, load_preset(), "ward")
    lsoas = work.borough.table
    context = context_table(work.areas, lsoas, root, ["social_renting", "aged_under_16"])
    ward = work.areas.table.index[0]
    members = work.areas.members[work.areas.members == ward].index
    expected = lsoas.loc[members, "hh_social_rented_n"].sum() \
        / lsoas.loc[members, "households_2021"].sum() * 100
    assert context.at[ward, "social_renting"] == pytest.approx(expected)
    assert len(context) == 215  # every ward of the region


def test_the_candidates_are_every_boroughs_areas(found):
    assert found.areas.table["lad_name"].nunique() == 10
    near = found.nearest("E01005360")  # Oldham 001D
    assert len(near.table) == 10 and (near.table["borough"] != "Oldham").any()
    assert near.table["distance"].is_monotonic_increasing
    assert near.parts.sum(axis=1).tolist() == pytest.approx(
        (near.table["distance"] ** 2).tolist())
    assert sum(near.counts.values()) <= len(found.run.spec.indicators)


def test_values_hidden_by_the_small_number_rule_are_never_used(root, region, found):
    hidden = region.areas.hidden["road_casualties_per_1000_year"]
    assert hidden.any()
    context = context_table(region.areas, region.borough.table, root,
                            ["road_casualties_per_1000_year"])
    assert context.loc[hidden[hidden].index, "road_casualties_per_1000_year"].isna().all()
    code = hidden[hidden].index[0]
    row = found.nearest(code).comparison.loc["road_casualties"]
    assert row["hidden"] and pd.isna(row["value"]) and row["verdict"] is None


def test_any_column_of_the_table_can_be_chosen_by_its_plain_name(region):
    choices = context_choices(region.areas, {"Employment_score": "Employment deprivation"})
    assert list(choices)[:len(DEFAULT_CONTEXT)] == default_keys()
    assert choices["Employment_score"] == "Employment deprivation"
    assert choices["hh_overcrowded_n"].startswith("Households with fewer bedrooms")
    assert not any(c.endswith(("_rank", "_decile")) for c in choices)


def test_an_unknown_indicator_is_named(root, region):
    with pytest.raises(NeighbourError, match="'nonsense' is not a context indicator"):
        context_table(region.areas, region.borough.table, root, ["nonsense"])


def test_the_candidates_of_own_neighbourhoods_are_that_sets(root):
    """Two boroughs' LSOAs in six neighbourhoods: the candidates are those six, wherever they
    lie (level_data over the whole region, as the app's region workspace makes it)."""
    gm = load_borough(root, CANDIDATES)
    lsoas = gm.lsoas[gm.lsoas["lad_name"].isin(["Oldham", "Bury"])]["lsoa21cd"]
    lookup = pd.DataFrame({"neighbourhood_code": [f"N{i % 6}" for i in range(len(lsoas))],
                           "neighbourhood_name": [f"Place {i % 6}" for i in range(len(lsoas))]},
                          index=pd.Index(lsoas, name="lsoa21cd"))
    spec = load_preset()
    areas = level_data(gm, CUSTOM, summed_for(spec), Neighbourhoods("Six", lookup))
    found = RegionNeighbours.of(areas, build_index(spec, areas.table), gm.table, root)
    assert sorted(found.areas.table.index) == [f"N{i}" for i in range(6)]
    near = found.nearest("N0", k=3)
    assert len(near.table) == 3 and "N0" not in near.table.index


def test_the_metadata_states_the_method_and_the_weights(root, region):
    found = RegionNeighbours.of(region.areas, region.run, region.borough.table, root,
                                ["population_density", "social_renting"],
                                {"population_density": 3, "social_renting": 1})
    about = dict(found.about("Oldham 001D"))
    assert "Population density: weight 0.750" in about["context indicators"]
    assert "z-scores" in about["method"] and "Contains" in about["attribution"]
    everyone = found.all_nearest(5)
    assert len(everyone) == 1702 * 5 and everyone["rank"].between(1, 5).all()
