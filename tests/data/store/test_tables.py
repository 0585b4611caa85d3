import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from data.areas.borough import load_borough
from data.areas.levels import level_data, summed_columns
from data.errors import UserTableError
from data.store.tables import UserTableStore, column_slug, points_per_lsoa


@pytest.fixture(scope="module")
def points(oldham):
    # three points in the first LSOA, one in the second, one far away in the sea
    inner = oldham.lsoas.to_crs(27700).representative_point().to_crs(4326)
    xs = [inner.iloc[0].x] * 3 + [inner.iloc[1].x, -5.0]
    ys = [inner.iloc[0].y] * 3 + [inner.iloc[1].y, 54.0]
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(xs, ys), crs=4326)


def test_points_are_counted_per_lsoa(oldham, points):
    counts = points_per_lsoa(points, oldham.lsoas, "Fly-tipping 2024")
    assert list(counts.columns) == ["fly_tipping_2024_n"]
    first, second = oldham.lsoas["lsoa21cd"].iloc[:2]
    assert counts.at[first, "fly_tipping_2024_n"] == 3
    assert counts.at[second, "fly_tipping_2024_n"] == 1
    assert counts["fly_tipping_2024_n"].sum() == 4 and len(counts) == len(oldham.lsoas)
    # a borough without a single point has no count, not zeros
    region = oldham.lsoas.assign(lad_code=["E08000004"] * 100 + ["E08000005"] * 42)
    split = points_per_lsoa(points, region, "fly tipping")["fly_tipping_n"]
    assert split.iloc[:100].notna().all() and split.iloc[100:].isna().all()
    assert column_slug("2024 counts") == "t_2024_counts"


def test_saved_tables_join_the_area_table_and_their_counts_are_suppressed(
        root, oldham, points, tmp_path):
    store = UserTableStore(tmp_path)
    store.save("Fly-tipping", points_per_lsoa(points, oldham.lsoas, "fly tipping"),
               oldham.region)
    extra = store.joined()
    borough = load_borough(root, "E08000004", extra)
    assert borough.table["fly_tipping_n"].sum() == 4
    assert borough.sources["fly_tipping_n"] == "your own table"
    first = oldham.lsoas["lsoa21cd"].iloc[0]
    assert borough.hidden.at[first, "fly_tipping_n"]  # 3 is a small number
    wards = level_data(borough, "ward", summed_columns([]))
    assert wards.table["fly_tipping_n"].sum() == 4  # counts are summed for larger areas
    assert store.signature()[0][0] == "Fly-tipping"


def test_only_new_columns_by_2021_lsoa_are_accepted(oldham, tmp_path):
    store = UserTableStore(tmp_path)
    by_ward = pd.DataFrame({"score": [1.0]}, index=pd.Index(["E05000000"], name="code"))
    with pytest.raises(UserTableError, match="are not 2021 LSOAs of the region"):
        store.save("Wards", by_ward, oldham.region)
    taken = pd.DataFrame({"IMD_score": np.ones(2)}, index=oldham.table.index[:2])
    with pytest.raises(UserTableError, match="already a column 'IMD_score'"):
        store.save("Clash", taken, oldham.region)
    store.save("Mine", taken.rename(columns={"IMD_score": "my_score"}), oldham.region)
    again = taken.rename(columns={"IMD_score": "my_score"})
    with pytest.raises(UserTableError, match="already a column 'my_score'"):
        store.save("Other", again, oldham.region)
    store.save("Mine", again * 2, oldham.region)  # the same table may be saved again
    assert store.load("Mine")["my_score"].tolist() == [2.0, 2.0]
