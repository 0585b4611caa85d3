import numpy as np
import pytest

from data.levels import aggregation_rule, level_data, summed_columns


@pytest.fixture(scope="module")
def wards(oldham):
    return level_data(oldham, "ward", summed_columns(["hh_deprived_3plus_dims_n",
                                                       "households_2021"]))


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
    with pytest.raises(KeyError, match="'msoa' is not a level"):
        level_data(oldham, "msoa", set())
