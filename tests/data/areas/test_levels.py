import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from data.areas.borough import load_borough
from data.areas.geography import GREATER_MANCHESTER
from data.areas.levels import CUSTOM, Neighbourhoods, aggregation_rule, level_data, summed_columns
from data.areas.neighbourhoods import lookup_from_polygons
from data.errors import LevelError
from data.store.neighbourhoods import NeighbourhoodStore

SUMMED = summed_columns(["hh_deprived_3plus_dims_n", "households_2021"])


@pytest.fixture(scope="module")
def wards(oldham):
    return level_data(oldham, "ward", SUMMED)


def test_wards_are_made_from_their_lsoas(oldham, wards):
    assert len(wards.table) == 20 and len(wards.areas) == 20
    assert wards.table["usual_residents_2021"].sum() == oldham.table["usual_residents_2021"].sum()
    code = wards.table.index[0]
    lsoas = oldham.table[oldham.table["wd24cd"] == code]
    # counts and the numerators and denominators of rates are summed
    assert wards.table.at[code, "road_casualties_n"] == lsoas["road_casualties_n"].sum()
    assert wards.table.at[code, "households_2021"] == lsoas["households_2021"].sum()
    # everything else is averaged weighted by residents
    expected = np.average(lsoas["Income_score"], weights=lsoas["usual_residents_2021"])
    assert wards.table.at[code, "Income_score"] == pytest.approx(expected)
    # a per-resident rate averaged that way equals the rate of the summed counts
    rate = lsoas["road_casualties_per_1000_year"] * lsoas["usual_residents_2021"]
    assert wards.table.at[code, "road_casualties_per_1000_year"] == pytest.approx(
        rate.sum() / lsoas["usual_residents_2021"].sum())
    assert "IMD_decile" not in wards.table and "IMD_rank" not in wards.table
    assert wards.table.at[code, "area_name"] == lsoas["wd24nm"].iloc[0]


def test_rules_are_stated(wards):
    summed = summed_columns(["households_2021"])
    assert aggregation_rule("households_2021", summed) == "sum"
    assert aggregation_rule("road_casualties_n", summed) == "sum"
    assert aggregation_rule("Income_score", summed) == "population-weighted mean"


def test_lsoa_level_is_the_borough_itself(oldham):
    lsoas = level_data(oldham, "lsoa", set())
    assert list(lsoas.table.index) == list(oldham.table.index)
    assert (lsoas.table["area_name"] == oldham.table["lsoa21nm"]).all()


def test_unknown_level(oldham):
    with pytest.raises(LevelError, match="'lad' is not a level; use one of: lsoa, ward, msoa"):
        level_data(oldham, "lad", set())


def test_msoas_are_made_from_their_lsoas(oldham):
    msoas = level_data(oldham, "msoa", SUMMED)
    assert len(msoas.table) == len(oldham.msoas) == len(msoas.areas)
    assert msoas.members.index.equals(oldham.table.index)
    code = msoas.table.index[0]
    lsoas = oldham.table.loc[msoas.members.index[msoas.members == code]]
    assert (lsoas["lsoa21nm"].str[:-1] == msoas.table.at[code, "area_name"]).all()
    assert msoas.table.at[code, "households_2021"] == lsoas["households_2021"].sum()
    # each LSOA lies inside the MSOA it was given by name
    inside = oldham.lsoas.set_index("lsoa21cd").representative_point().to_crs(27700).within(
        oldham.msoas.set_index("code").to_crs(27700).buffer(1).reindex(msoas.members).set_axis(
            msoas.members.index))
    assert inside.all()


def test_boroughs_need_the_region_and_sum_to_it(root, oldham):
    with pytest.raises(LevelError, match="Oldham is one borough"):
        level_data(oldham, "borough", SUMMED)
    region = load_borough(root, GREATER_MANCHESTER)
    boroughs = level_data(region, "borough", SUMMED)
    assert len(boroughs.table) == 10 and set(boroughs.areas["name"]) >= {"Oldham", "Wigan"}
    assert boroughs.table.at["E08000004", "usual_residents_2021"] == 242_075
    assert boroughs.table["road_casualties_n"].sum() == region.table["road_casualties_n"].sum()


def test_custom_neighbourhoods_from_a_lookup_and_from_polygons(oldham, tmp_path):
    wards = oldham.lsoas.set_index("lsoa21cd")
    # two neighbourhoods: the first five wards' LSOAs, and the rest
    first = wards["wd24cd"].isin(sorted(wards["wd24cd"].unique())[:5])
    lookup = pd.DataFrame({"neighbourhood_code": np.where(first, "N1", "N2"),
                           "neighbourhood_name": np.where(first, "North", "South")},
                          index=wards.index)
    saved = NeighbourhoodStore(tmp_path).save("Two halves", lookup)
    assert NeighbourhoodStore(tmp_path).names() == ["Two halves"]
    level = level_data(oldham, CUSTOM, SUMMED, NeighbourhoodStore(tmp_path).load("Two halves"))
    assert level.label == "Two halves" and sorted(level.table.index) == ["N1", "N2"]
    assert level.table.at["N1", "usual_residents_2021"] == oldham.table.loc[
        first[first].index, "usual_residents_2021"].sum()
    assert level.table["usual_residents_2021"].sum() == oldham.table["usual_residents_2021"].sum()
    # the same two neighbourhoods drawn as polygons give the same lookup
    polygons = gpd.GeoDataFrame(
        {"code": ["N1", "N2"], "label": ["North", "South"]},
        geometry=[level.areas.set_index("code").geometry[c] for c in ("N1", "N2")], crs=4326)
    again, unassigned = lookup_from_polygons(oldham.lsoas, polygons, "code", "label")
    assert unassigned == []
    assert again.sort_index().equals(saved.lookup.sort_index())


def test_custom_level_needs_neighbourhoods_in_the_borough(oldham):
    with pytest.raises(LevelError, match="No neighbourhoods are defined yet"):
        level_data(oldham, CUSTOM, SUMMED)
    elsewhere = Neighbourhoods("Wigan areas", pd.DataFrame(
        {"neighbourhood_code": ["W1"], "neighbourhood_name": ["W"]},
        index=pd.Index(["E01006200"], name="lsoa21cd")))
    with pytest.raises(LevelError, match="None of the neighbourhoods of 'Wigan areas' are in"):
        level_data(oldham, CUSTOM, SUMMED, elsewhere)


def test_what_is_said_about_an_area_includes_its_lsoas(oldham, wards):
    ward = wards.table.index[0]
    lsoas = list(wards.members.index[wards.members == ward])
    assert wards.within(ward) == [ward, *lsoas]
    lsoa_level = level_data(oldham, "lsoa", SUMMED)
    assert lsoa_level.within(lsoas[0]) == [lsoas[0]]
    counts = {ward: 2, lsoas[0]: 3, lsoas[-1]: 1, "E01999999": 7}
    assert wards.roll_up(counts) == {ward: 6}
    assert lsoa_level.roll_up(counts) == {lsoas[0]: 3, lsoas[-1]: 1}
