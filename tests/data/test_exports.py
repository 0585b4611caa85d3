import io
import json
import zipfile
from datetime import date

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyogrio
import pytest
import shapely

from data.areas.derived import count_columns
from data.areas.levels import level_data, summed_for
from data.exports import (
    FORMATS,
    SUPPRESSED,
    export_metadata,
    export_results,
    file_name,
    metadata_rows,
    results_table,
    to_csv_zip,
    to_geojson,
    to_geopackage,
    to_xlsx,
    write,
)
from data.opendata.sources import ATTRIBUTION, ROAD_CASUALTIES
from data.stats.suppression import hidden_cells
from indices.build import build_index
from indices.presets import load_preset
from indices.sensitivity import SensitivitySettings, sensitivity
from indices.spec import spec_from_yaml


@pytest.fixture(scope="module")
def case(oldham):
    """Oldham's LSOAs with one area's road casualties set to a count of 3."""
    spec = load_preset()
    level = level_data(oldham, "lsoa", summed_for(spec))
    table = level.table.copy()
    counts = table["road_casualties_n"]
    three = counts[counts >= 10].index[0]
    shown = counts[counts >= 10].index[1]
    table.loc[three, "road_casualties_n"] = 3
    hidden = hidden_cells(table, count_columns())
    run = build_index(spec, table)
    intervals = sensitivity(run, SensitivitySettings(draws=20)).areas
    results = results_table(run, table, hidden, intervals)
    meta = export_metadata(run, results, "Oldham", "lsoa", oldham.sources,
                           created=date(2026, 1, 2))
    return {"run": run, "areas": level.areas, "results": results, "meta": meta,
            "three": three, "shown": shown}


def _same(read: pd.DataFrame, results: pd.DataFrame) -> None:
    """The table read back holds the results' codes, names and numbers."""
    assert list(read.index.astype(str)) == list(results.index)
    assert list(read.columns) == list(results.columns)
    numbers = [c for c in results.columns if c not in ("area_name", SUPPRESSED)]
    np.testing.assert_allclose(read[numbers].astype(float).to_numpy(),
                               results[numbers].astype(float).to_numpy(), equal_nan=True)
    assert list(read["area_name"]) == list(results["area_name"])
    assert list(read[SUPPRESSED].fillna("")) == list(results[SUPPRESSED])


def _blank_where_hidden(read: pd.DataFrame, case) -> None:
    three, shown = case["three"], case["shown"]
    assert read.loc[three, ["road_casualties_value", "road_casualties_rank"]].isna().all()
    assert "road_casualties_value" in read.at[three, SUPPRESSED]
    assert read.loc[shown, ["road_casualties_value", "road_casualties_rank"]].notna().all()


def test_one_row_per_area_with_every_result(case):
    results, run = case["results"], case["run"]
    spec = run.spec
    assert len(results) == 142 and results.index.name == "lsoa21cd"
    assert results["rank"].min() == 1 and results["decile"].max() == 10
    assert results.at[results["rank"].idxmin(), "score"] == run.scores[spec.code].max()
    for domain in spec.domains:
        assert {f"{domain.code}_score", f"{domain.code}_rank"} <= set(results.columns)
    code = case["shown"]
    assert results.at[code, "income_value"] == run.values.at[code, "income"]
    assert results.at[code, "income_rank"] == run.ranks.at[code, "income"]
    assert results.at[code, "area_name"].startswith("Oldham")
    assert {"median_rank", "rank_p05", "rank_p95"} <= set(results.columns)


def test_a_count_of_3_blanks_its_value_and_rank_and_says_why(case):
    results = case["results"]
    three = case["three"]
    assert case["run"].values.at[three, "road_casualties"] > 0  # the index used it
    _blank_where_hidden(results, case)
    assert results.at[three, SUPPRESSED] == (
        "hidden (small-number rule): road_casualties_value, road_casualties_rank")
    assert results.loc[three, ["score", "environment_score"]].notna().all()
    assert results.at[case["shown"], SUPPRESSED] == ""


def test_without_a_mask_or_intervals_nothing_is_hidden(case):
    results = results_table(case["run"], case["run"].data.assign(area_name="x"), None)
    assert results["road_casualties_value"].notna().all()
    assert (results[SUPPRESSED] == "").all() and "median_rank" not in results


def test_ward_results_use_the_ward_names_and_mask(oldham, tci):
    wards = level_data(oldham, "ward", summed_for(tci.spec))
    run = build_index(tci.spec, wards.table)
    results = results_table(run, wards.table, wards.hidden)
    assert len(results) == 20 and results.index.name == "ward_code"
    assert results["area_name"].tolist() == wards.table["area_name"].tolist()
    meta = export_metadata(run, results, "Oldham", "ward", oldham.sources)
    assert meta.level == "electoral ward (May 2023)"
    assert meta.columns["decile"] == ("Decile of the rank; decile 1 = the most-in-need tenth "
                                      "of areas.")
    assert any(v.startswith("Wards (May 2023)") for v in meta.vintages)


def test_the_metadata_holds_spec_vintages_sources_and_suppression_rule(case):
    meta, run = case["meta"], case["run"]
    rows = metadata_rows(meta)
    fields = rows.groupby("field")["value"].apply(list)
    assert spec_from_yaml(fields["spec"][0]) == run.spec
    assert fields["title"] == ["Thriving Community Index: Oldham"]
    assert fields["level"] == ["LSOA (2021)"] and fields["created"] == ["2026-01-02"]
    vintages = " | ".join(fields["vintage"])
    for expected in ("LSOA (Dec 2021)", "Indices of Deprivation 2025", "Census 2021",
                     "January 2019 to June 2024", "October 2023"):
        assert expected in vintages
    road = next(s for s in fields["source"] if "STATS19" in s)
    assert "Transport for Greater Manchester" in road and 'OS "Free to Use Data" Licence' in road
    assert ROAD_CASUALTIES in road
    assert fields["suppression"][0].startswith("Counts from 1 to 4, and rates made from them")
    assert fields["attribution"] == [ATTRIBUTION]
    described = [f.removeprefix("column: ") for f in rows["field"] if f.startswith("column: ")]
    assert described == ["lsoa21cd", *case["results"].columns]
    assert "per 1,000 residents a year" in meta.columns["road_casualties_value"]


def test_csv_zip_round_trips(case):
    archive = zipfile.ZipFile(io.BytesIO(to_csv_zip(case["results"], case["meta"])))
    assert archive.namelist() == ["results.csv", "metadata.csv", "spec.yaml"]
    assert archive.read("results.csv").startswith(b"\xef\xbb\xbflsoa21cd,area_name,")
    read = pd.read_csv(archive.open("results.csv"), encoding="utf-8-sig", index_col=0)
    _same(read, case["results"])
    _blank_where_hidden(read, case)
    three = case["three"]
    line = next(row for row in archive.read("results.csv").decode("utf-8-sig").splitlines()
                if row.startswith(three))
    assert ",,," in line  # empty cells, not a placeholder
    meta = pd.read_csv(archive.open("metadata.csv"), encoding="utf-8-sig")
    assert meta.equals(metadata_rows(case["meta"]))
    assert spec_from_yaml(archive.read("spec.yaml").decode()) == case["run"].spec


def test_xlsx_round_trips(case):
    data = to_xlsx(case["results"], case["meta"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["results", "metadata"]
    sheet = book["results"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == case["three"])
    cell = row[header.index("road_casualties_value")]
    assert cell.value is None
    read = pd.read_excel(io.BytesIO(data), sheet_name="results", index_col=0,
                         engine="openpyxl")
    _same(read, case["results"])
    _blank_where_hidden(read, case)
    meta = pd.read_excel(io.BytesIO(data), sheet_name="metadata", engine="openpyxl")
    assert meta.equals(metadata_rows(case["meta"]))


def test_names_a_spreadsheet_would_run_are_written_as_text(case):
    results = case["results"].copy()
    first = results.index[0]
    results.at[first, "area_name"] = '=HYPERLINK("http://evil.example","Oldham")'
    archive = zipfile.ZipFile(io.BytesIO(to_csv_zip(results, case["meta"])))
    read = pd.read_csv(archive.open("results.csv"), encoding="utf-8-sig", index_col=0)
    assert read.at[first, "area_name"] == '\'=HYPERLINK("http://evil.example","Oldham")'
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(results, case["meta"])))
    sheet = book["results"]
    header = [c.value for c in sheet[1]]
    cell = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == first)[
        header.index("area_name")]
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")


def test_geopackage_round_trips_with_an_aspatial_metadata_table(case, tmp_path):
    path = tmp_path / "results.gpkg"
    path.write_bytes(to_geopackage(case["results"], case["areas"], case["meta"]))
    layers = dict(pyogrio.list_layers(path))
    assert layers["metadata"] is None and "Polygon" in layers["results"]
    read = gpd.read_file(path, layer="results").set_index("lsoa21cd")
    assert read.crs.to_epsg() == 27700
    _same(read.drop(columns="geometry"), case["results"])
    _blank_where_hidden(read, case)
    areas = case["areas"].set_index("code").to_crs(27700)
    assert read.geometry.area.sum() == pytest.approx(areas.geometry.area.sum(), rel=1e-6)
    meta = pyogrio.read_dataframe(path, layer="metadata")
    assert meta.iloc[:-1].equals(metadata_rows(case["meta"]))
    assert meta.iloc[-1].tolist() == ["crs", "EPSG:27700 (British National Grid)"]


def test_geojson_is_rfc_7946_with_a_metadata_member(case):
    collection = json.loads(to_geojson(case["results"], case["areas"], case["meta"]))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    assert collection["metadata"]["suppression"] == case["meta"].suppression
    assert collection["metadata"]["spec_yaml"] == case["meta"].spec_yaml
    assert collection["metadata"]["sources"][0]["licence"] == "Open Government Licence v3.0"
    features = collection["features"]
    assert [f["id"] for f in features] == list(case["results"].index)
    assert all(f["type"] == "Feature" and "crs" not in f for f in features)
    three = next(f for f in features if f["id"] == case["three"])
    assert three["properties"]["road_casualties_value"] is None
    assert three["properties"]["road_casualties_rank"] is None
    shapes = [shapely.geometry.shape(f["geometry"]) for f in features]
    lon_min, lat_min, lon_max, lat_max = shapely.total_bounds(shapes)
    assert -2.3 < lon_min < lon_max < -1.9 and 53.4 < lat_min < lat_max < 53.7  # Oldham
    polygons = [p for s in shapes for p in getattr(s, "geoms", [s])]
    assert all(p.exterior.is_ccw for p in polygons)  # the right-hand rule
    read = gpd.read_file(io.BytesIO(to_geojson(case["results"], case["areas"], case["meta"])))
    assert read.crs.to_epsg() == 4326
    _same(read.set_index("lsoa21cd").drop(columns=["id", "geometry"], errors="ignore"),
          case["results"])


def test_a_level_export_applies_the_level_mask(oldham, tci):
    level = level_data(oldham, "lsoa", summed_for(tci.spec))
    archive = zipfile.ZipFile(io.BytesIO(
        export_results("csv", tci, level, oldham.name, oldham.sources)))
    read = pd.read_csv(archive.open("results.csv"), encoding="utf-8-sig", index_col=0)
    counts = oldham.table["road_casualties_n"]
    small = counts[(counts >= 1) & (counts <= 4)].index
    assert len(small) > 0
    mask = level.hidden["road_casualties_n"]
    assert mask[small].all()  # and secondary suppression may hide a few more
    assert (read["road_casualties_value"].isna() == mask.reindex(read.index)).all()
    assert read.loc[mask[mask].index, SUPPRESSED].str.startswith("hidden (small-number rule)").all()


def test_write_names_the_formats_and_files(case):
    for fmt in FORMATS:
        assert write(fmt, case["results"], case["areas"], case["meta"])
    with pytest.raises(KeyError, match="'pdf' is not an export format; use one of: csv"):
        write("pdf", case["results"], case["areas"], case["meta"])
    name = file_name("tci", "Greater Manchester", "ward", "csv")
    assert name == "tci_greater_manchester_ward.zip"


def test_compared_indicators_get_their_limits_and_comparisons_blank_where_hidden(
        case, oldham, root):
    from data.areas.counts import count_measures
    from data.stats.compare import compare_areas, counted_indicators

    run, three, shown = case["run"], case["three"], case["shown"]
    table = level_data(oldham, "lsoa", summed_for(run.spec)).table.copy()
    table.loc[three, "road_casualties_n"] = 3  # as the case's run was built
    hidden = hidden_cells(table, count_columns())
    compared = compare_areas(table, oldham.region,
                             counted_indicators(run.spec, count_measures(root, run.spec)),
                             hidden)
    results = results_table(run, table, hidden, None, compared)
    added = [f"{code}_{suffix}" for code in ("household_deprivation", "road_casualties")
             for suffix in ("lower_95", "upper_95", "against_borough", "against_region")]
    assert set(added) <= set(results.columns)
    assert "income_lower_95" not in results  # a published rate: not compared
    # after each indicator's rank, in order
    columns = list(results.columns)
    at = columns.index("household_deprivation_rank")
    assert columns[at + 1:at + 5] == added[:4]
    # the same 95% limits and verdicts as the comparisons; the hidden area's blank, and said
    row = compared[(compared["area"] == shown) & (compared["indicator"] == "road_casualties")]
    assert results.at[shown, "road_casualties_lower_95"] == row["lower"].iloc[0]
    assert results.at[shown, "road_casualties_against_borough"] in ("worse", "similar",
                                                                     "better")
    assert results.loc[three, added[4:]].isna().all()
    assert "road_casualties_against_region" in results.at[three, SUPPRESSED]
    assert results.loc[three, added[:4]].notna().all()  # household deprivation is shown
    # a value within its own interval; the verdict follows the interval and the figure
    deprivation = results[added[:4]].dropna()
    values = results.loc[deprivation.index, "household_deprivation_value"]
    assert ((deprivation["household_deprivation_lower_95"] <= values)
            & (values <= deprivation["household_deprivation_upper_95"])).all()
    borough = compared.loc[compared["indicator"] == "household_deprivation", "borough"].iloc[0]
    worse = deprivation["household_deprivation_against_borough"] == "worse"
    assert (deprivation.loc[worse, "household_deprivation_lower_95"] > borough).all()
    meta = export_metadata(run, results, "Oldham", "lsoa", oldham.sources)
    assert meta.columns["road_casualties_upper_95"].startswith(
        "Upper limit of the 95% confidence interval of Road casualties")
    assert "pooled from its areas' counts" in meta.columns[
        "household_deprivation_against_borough"]
    read = pd.read_csv(io.BytesIO(zipfile.ZipFile(io.BytesIO(to_csv_zip(results, meta))).read(
        "results.csv")), index_col=0)
    assert pd.isna(read.at[three, "road_casualties_against_borough"])


def test_tables_xlsx_has_a_sheet_per_table_and_the_metadata():
    from data.exports import tables_xlsx

    table = pd.DataFrame({"mean": [2.6, None]}, index=pd.Index(["Residents' voice", "=cmd"],
                                                               name="category"))
    book = pd.read_excel(io.BytesIO(tables_xlsx({"categories": table},
                                                [("minimum group", "5 respondents")])),
                         sheet_name=None, engine="openpyxl")
    assert list(book) == ["categories", "metadata"]
    assert book["categories"]["category"].tolist() == ["Residents' voice", "'=cmd"]
    assert book["categories"]["mean"].tolist()[0] == 2.6
    assert book["metadata"].values.tolist() == [["minimum group", "5 respondents"]]
