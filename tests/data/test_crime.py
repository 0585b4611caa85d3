"""Burglaries from the police.uk points: counts and rates per 2021 LSOA."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from data.areas.derived import burglary_counts, count_columns, derive_all, measure
from data.areas.geography import load_lsoas
from data.opendata.sources import BURGLARY_POINTS, dataset
from data.stats.suppression import hidden_cells


@pytest.fixture(scope="module")
def region_counts(root):
    return burglary_counts(root, load_lsoas(root, None))


def test_counts_match_a_direct_count_of_the_points_in_each_polygon(root, oldham):
    points = pd.read_csv(root / BURGLARY_POINTS)
    located = gpd.sjoin(
        gpd.GeoDataFrame(geometry=gpd.points_from_xy(points["lon"], points["lat"]), crs=4326),
        oldham.lsoas[["lsoa21cd", "geometry"]], predicate="within")
    direct = located["lsoa21cd"].value_counts().reindex(oldham.lsoas["lsoa21cd"], fill_value=0)
    counts, years = burglary_counts(root, oldham.lsoas)
    assert counts.sum() == len(points) == 7786  # SOURCES.md
    assert (counts == direct).all()
    assert years == 3  # February 2016 to January 2019, 36 whole months


def test_boroughs_the_file_does_not_cover_are_missing_not_zero(region_counts, oldham):
    counts, _ = region_counts
    inside = counts.index.isin(oldham.lsoas["lsoa21cd"])
    assert counts[inside].notna().all() and len(counts[inside]) == 142
    assert counts[~inside].isna().all() and len(counts[~inside]) == 1702 - 142


def test_rate_per_1000_residents_a_year_hand_computed(oldham):
    table = oldham.table
    code = table["burglaries_n"].idxmax()
    count, residents = table.at[code, "burglaries_n"], table.at[code, "usual_residents_2021"]
    assert table.at[code, "burglaries_per_1000_year"] == pytest.approx(
        count / residents * 1000 / 3)
    borough = table["burglaries_n"].sum() / table["usual_residents_2021"].sum() * 1000 / 3
    assert borough == pytest.approx(7786 / 242075 * 1000 / 3)  # Oldham's residents, SOURCES.md


def test_a_small_file_hand_worked(tmp_path):
    # Two LSOAs in Oldham and one in Rochdale; three points in the first, none in the second.
    lsoas = gpd.GeoDataFrame({"lsoa21cd": ["A", "B", "C"],
                              "lad_code": ["E08000004", "E08000004", "E08000005"]},
                             geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)],
                             crs=4326)
    pd.DataFrame({"month": ["2016-02", "2016-03", "2016-07"], "lsoa21cd": ["A"] * 3,
                  "lad_code": ["E08000004"] * 3}).to_csv(tmp_path / BURGLARY_POINTS, index=False)
    table = pd.DataFrame({"usual_residents_2021": [1500, 2000, 1800]}, index=["A", "B", "C"])
    rate = measure("burglaries_per_1000_year").compute(tmp_path, lsoas, table)
    # 3 burglaries in 6 months (half a year) among 1,500 residents: 4 per 1,000 a year
    assert rate["A"] == pytest.approx(4.0) and rate["B"] == 0 and np.isnan(rate["C"])
    assert measure("burglaries_per_1000_year").period(tmp_path) == 0.5


def test_the_count_feeds_small_number_suppression(oldham):
    assert count_columns()["burglaries_per_1000_year"] == "burglaries_n"
    hidden = hidden_cells(oldham.table, count_columns())
    small = oldham.table["burglaries_n"].between(1, 4)
    assert (hidden["burglaries_n"] == small).all()
    assert (hidden["burglaries_per_1000_year"] == small).all()


def test_the_file_is_catalogued_and_the_text_states_period_and_denominator():
    assert "February 2016 to January 2019" in dataset(BURGLARY_POINTS).period
    text = measure("burglaries_per_1000_year").method
    assert "2016" in text and "Census 2021" in text and "Oldham only" in text


def test_derived_over_a_borough_the_file_does_not_cover(root):
    lsoas = load_lsoas(root, "E08000005")
    table = pd.read_csv(root / "census2021_lsoa21_greater_manchester.csv").set_index("lsoa21cd")
    derived = derive_all(root, lsoas, table.loc[lsoas["lsoa21cd"]])
    assert derived[["burglaries_n", "burglaries_per_1000_year"]].isna().all().all()
    assert derived["road_casualties_n"].notna().all()
