import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from data.areas.derived import (
    MEASURES,
    count_columns,
    derive_all,
    measure,
    road_casualty_counts,
)
from data.areas.geography import load_lsoas
from data.userfiles.coordinates import BRITISH_NATIONAL_GRID


def test_road_casualties_counted_per_lsoa(root, oldham):
    counts, years = road_casualty_counts(root, oldham.lsoas)
    assert counts.sum() == 1717  # Oldham's casualties in SOURCES.md
    assert years == pytest.approx(2008 / 365.25)  # 1 Jan 2019 to 30 Jun 2024
    code = counts.idxmax()
    rate = oldham.table.at[code, "road_casualties_per_1000_year"]
    residents = oldham.table.at[code, "usual_residents_2021"]
    assert rate == pytest.approx(counts[code] / residents * 1000 / years)


def test_distance_to_green_space_hand_worked(tmp_path):
    # A 200 m square LSOA on the British National Grid, an access point 300 m east of its
    # centre, and a nearer one open to motor vehicles only (not counted).
    square = gpd.GeoDataFrame(
        {"lsoa21cd": ["E1"]}, geometry=[box(400000, 400000, 400200, 400200)],
        crs=BRITISH_NATIONAL_GRID
    ).to_crs(4326)
    points = gpd.GeoSeries(gpd.points_from_xy([400400, 400150], [400100, 400100]),
                           crs=BRITISH_NATIONAL_GRID).to_crs(4326)
    pd.DataFrame({"access_type": ["Pedestrian", "Motor Vehicle"], "lon": points.x,
                  "lat": points.y}).to_csv(tmp_path / "greenspace_access_points_greater_"
                                           "manchester.csv", index=False)
    distance = measure("greenspace_access_distance_m").compute(tmp_path, square, pd.DataFrame())
    assert distance["E1"] == pytest.approx(300, abs=0.5)


def test_every_measure_is_derived_for_every_lsoa(root):
    lsoas = load_lsoas(root, "E08000004")
    table = pd.read_csv(root / "census2021_lsoa21_greater_manchester.csv").set_index("lsoa21cd")
    derived = derive_all(root, lsoas, table.loc[lsoas["lsoa21cd"]])
    assert list(derived.columns) == [m.column for m in MEASURES]
    assert derived.notna().all().all() and len(derived) == 142
    assert count_columns() == {"road_casualties_n": "road_casualties_n",
                               "road_casualties_per_1000_year": "road_casualties_n",
                               "burglaries_n": "burglaries_n",
                               "burglaries_per_1000_year": "burglaries_n"}


def test_each_point_file_is_read_once_while_unchanged(root, oldham, monkeypatch, tmp_path):
    import shutil

    import data.areas.derived as derived
    from data.opendata.sources import ROAD_CASUALTIES

    reads = []
    real = derived.read_table
    monkeypatch.setattr(derived, "read_table",
                        lambda folder, name, required: reads.append(name) or real(
                            folder, name, required))
    derived._read_points.cache_clear()
    derive_all(root, oldham.lsoas, oldham.table)  # counts, rates and periods
    derived.road_casualty_years(root)
    assert reads.count(ROAD_CASUALTIES) == 1
    copy = tmp_path / ROAD_CASUALTIES
    shutil.copy(root / ROAD_CASUALTIES, copy)
    derived.road_casualty_years(tmp_path)
    copy.write_text(copy.read_text() + copy.read_text().splitlines()[-1] + "\n")  # changed
    derived.road_casualty_years(tmp_path)
    assert reads.count(ROAD_CASUALTIES) == 3
