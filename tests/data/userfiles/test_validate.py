"""Validating users' files: one test per message, and the round trips that matter."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

from data.areas.geography import load_lsoas
from data.userfiles.validate import (
    KINDS,
    Problem,
    ValidatedFile,
    guess_kind,
    validate_file,
    validate_upload,
)
from data.userfiles.vintage import RULE, load_lsoa_lookup

A, B, C = "E01005320", "E01005321", "E01005322"  # Oldham 2021 LSOAs
SPLIT = "E01032921"  # Oldham 035G, 2011 only: became E01034232 and E01034233


@pytest.fixture(scope="module")
def lsoas(root):
    return load_lsoas(root)


@pytest.fixture(scope="module")
def lookup(root):
    return load_lsoa_lookup(root)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def check(folder: Path, name: str, content: str | bytes, kind: str | None = None,
          **options) -> ValidatedFile:
    return validate_file(write(folder, name, content), kind, **options)


def the_error(checked: ValidatedFile) -> Problem:
    """The only problem of a file that must not load."""
    assert checked.frame is None and not checked.report.usable
    assert len(checked.report.problems) == 1, checked.report.text()
    return checked.report.errors[0]


def the_warning(checked: ValidatedFile) -> Problem:
    """The only problem of a file that loads."""
    assert checked.frame is not None and checked.report.usable
    assert len(checked.report.problems) == 1, checked.report.text()
    return checked.report.warnings[0]


def polygons(*shapes, crs=4326, **columns) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(columns, geometry=list(shapes), crs=crs)


def square(x: float, y: float, size: float = 0.001) -> Polygon:
    return Polygon([(x, y), (x + size, y), (x + size, y + size), (x, y + size)])


# ------------------------------------------------------------------ reading files

def test_no_file_at_the_path(tmp_path):
    problem = the_error(validate_file(tmp_path / "absent.csv"))
    assert problem.message == "there is no file at this path."
    assert problem.file == "absent.csv" and problem.row is None


def test_a_file_that_cannot_be_opened(tmp_path, monkeypatch):
    path = write(tmp_path, "t.csv", "id,v\n")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert the_error(validate_file(path)).message == \
        "the file cannot be opened (Permission denied)."


@pytest.mark.parametrize("name", ["t.csv", "t.geojson"])
def test_an_empty_file(tmp_path, name):
    assert the_error(check(tmp_path, name, "")).message == "the file is empty."


def test_an_xlsx_of_empty_sheets_is_empty(tmp_path):
    path = tmp_path / "t.xlsx"
    pd.DataFrame().to_excel(path, index=False)
    assert the_error(validate_file(path)).message == "the file is empty."


def test_utf16_text_is_not_plain_text(tmp_path):
    problem = the_error(check(tmp_path, "t.csv", f"lsoa21cd,v\n{A},1\n".encode("utf-16")))
    assert problem.message.startswith("the file is not plain text (it has NUL bytes")
    assert "CSV UTF-8" in problem.fix


def test_text_in_no_known_encoding(tmp_path):
    problem = the_error(check(tmp_path, "t.csv", b"lsoa21cd,v\n\x81\x8d,1\n"))
    assert problem.message == ("the text is neither UTF-8 nor Windows-1252 (byte 0x81 at "
                               "position 11).")


def test_windows_1252_text_is_read_with_a_warning(tmp_path):
    checked = check(tmp_path, "t.csv", f"lsoa21cd,place,v\n{A},Café £,1\n".encode("cp1252"))
    assert the_warning(checked).message == \
        "the file is not UTF-8; it was read as Windows-1252 text."
    assert checked.frame.loc[A, "v"] == 1


def test_a_malformed_csv(tmp_path):
    problem = the_error(check(tmp_path, "t.csv", f"lsoa21cd,v\n{A},1\n{B},2,3\n"))
    assert problem.message == ("the file cannot be read as CSV: line 3 has 3 cells where the "
                               "lines above have 2 (cells are separated by commas).")
    assert "line 3" in problem.message


def test_a_header_without_rows(tmp_path):
    assert the_error(check(tmp_path, "t.csv", "lsoa21cd,v\n\n")).message == \
        "the table has a header row but no data rows."


def test_a_workbook_that_is_not_one(tmp_path):
    problem = the_error(check(tmp_path, "t.xlsx", "lsoa21cd,v\n"))
    assert problem.message.startswith("the file cannot be read as an Excel workbook (")


def test_a_type_of_file_not_read_as_a_table(tmp_path):
    problem = the_error(check(tmp_path, "t.txt", "lsoa21cd,v\n"))
    assert problem.message == ".txt is not a type of file the app reads as a table " \
        "(.csv, .xlsx)."


def test_a_type_of_file_not_read_as_boundaries(tmp_path):
    problem = the_error(check(tmp_path, "t.csv", "lsoa21cd,v\n", kind="boundaries"))
    assert problem.message == ".csv is not a type of file the app reads as boundaries " \
        "(.geojson, .json, .gpkg, .zip)."


def test_a_zip_that_is_not_a_zip(tmp_path):
    assert the_error(check(tmp_path, "b.zip", "not a zip")).message == \
        "the file is not a zip archive."


def test_a_zip_without_a_shapefile(tmp_path):
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as archive:
        archive.writestr("areas.csv", "a,b\n")
    assert the_error(validate_file(tmp_path / "b.zip")).message == \
        "the zip holds no shapefile (.shp); it holds: areas.csv."


def test_a_zip_with_two_shapefiles(tmp_path):
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as archive:
        archive.writestr("a.shp", "x")
        archive.writestr("b/c.shp", "x")
    problem = the_error(validate_file(tmp_path / "b.zip"))
    assert problem.message == "the zip holds 2 shapefiles (a.shp, b/c.shp)."
    assert problem.fix == "Zip one shapefile per file."


def test_boundaries_that_cannot_be_read(tmp_path):
    problem = the_error(check(tmp_path, "b.geojson", "{not json"))
    assert problem.message.startswith("the file cannot be read as boundaries (")


def test_an_unknown_kind(tmp_path):
    problem = the_error(check(tmp_path, "t.csv", f"lsoa21cd,v\n{A},1\n", kind="areas"))
    assert problem.message == "'areas' is not a kind of file the app reads."
    assert problem.fix == f"Use one of: {', '.join(KINDS)}."


# ------------------------------------------------------------------ header and id column

def test_an_unnamed_column_is_left_out(tmp_path):
    checked = check(tmp_path, "t.csv", f",lsoa21cd,v\n0,{A},1\n1,{B},2\n")
    problem = the_warning(checked)
    assert problem.message == "the column has no name in the header row, so it was left out."
    assert (problem.row, problem.column) == (1, "column 1")
    assert list(checked.frame.columns) == ["v"]


def test_a_repeated_column_name(tmp_path):
    problem = the_error(check(tmp_path, "t.csv", f"lsoa21cd,v,w,v\n{A},1,2,3\n"))
    assert problem.message == "the header names this column 2 times (columns 2, 4)."
    assert (problem.row, problem.column) == (1, "v")


def test_an_id_column_that_is_not_there(tmp_path):
    problem = the_error(check(tmp_path, "t.csv", f"lsoa21cd,v\n{A},1\n", id_column="code"))
    assert problem.message == "there is no column 'code'; the columns are: 'lsoa21cd', 'v'."


def test_no_column_of_codes(tmp_path):
    problem = the_error(check(tmp_path, "t.csv", "place,v\nChadderton,1\n"))
    assert problem.message == ("no column holds area codes (ONS codes such as E01005061); "
                               "the columns are: 'place', 'v'.")
    assert "--id COLUMN" in problem.fix


def test_a_blank_id(tmp_path):
    rows = "".join(f"{code},1\n" for code in [A, B, C, "E01005323"]) + ",5\n"
    problem = the_error(check(tmp_path, "t.csv", "lsoa21cd,v\n" + rows))
    assert problem.message == "the id is blank."
    assert (problem.row, problem.column, problem.value) == (6, "lsoa21cd", None)


def test_an_id_that_is_not_a_code(tmp_path):
    rows = "".join(f"{code},1\n" for code in [A, B, C, "E01005323", "E0100532"])
    problem = the_error(check(tmp_path, "t.csv", "lsoa21cd,v\n" + rows))
    assert problem.message == "the id is not an ONS area code: it is not E0 followed by seven " \
        "digits."
    assert (problem.row, problem.value) == (6, "E0100532")


def test_a_repeated_id(tmp_path):
    problem = the_error(check(tmp_path, "t.csv", f"lsoa21cd,v\n{A},1\n{B},2\n{A},3\n"))
    assert problem.message == "the id appears more than once (first in row 2)."
    assert (problem.row, problem.column, problem.value) == (4, "lsoa21cd", A)


def test_the_id_column_is_guessed_and_noted(tmp_path):
    checked = check(tmp_path, "t.csv", f"lad_code,lsoa21cd,v\nE08000004,{A},1\n"
                    f"E08000004,{B},2\n")
    assert checked.id_column == "lsoa21cd" and checked.frame.index.name == "lsoa21cd"
    assert "Id column: 'lsoa21cd' (its values look like ONS area codes)." in \
        checked.report.notes


# ------------------------------------------------------------------ codes against boundaries

def test_codes_matching_the_boundaries_are_counted(tmp_path, lsoas):
    checked = check(tmp_path, "t.csv", f"lsoa21cd,v\n{A},1\n{B},2\n", boundaries=lsoas)
    assert checked.report.problems == []
    assert "2 of 2 codes are areas of the reference boundaries; 140 reference areas have " \
        "no row." in checked.report.notes


def test_a_code_not_in_the_boundaries(tmp_path, lsoas):
    problem = the_warning(check(tmp_path, "t.csv", f"lsoa21cd,v\n{A},1\nE01000001,2\n",
                                boundaries=lsoas))
    assert problem.message == "the code is not an area of the reference boundaries."
    assert (problem.row, problem.value) == (3, "E01000001")


def test_many_codes_not_in_the_boundaries_are_summarised(tmp_path, lsoas):
    rows = f"{A},1\n" + "".join(f"E010000{n:02d},1\n" for n in range(11))
    problem = the_warning(check(tmp_path, "t.csv", "lsoa21cd,v\n" + rows, boundaries=lsoas))
    assert problem.message == ("11 codes are not areas of the reference boundaries (for "
                               "example E01000000, E01000001, E01000002, E01000003, "
                               "E01000004).")


def test_no_code_in_the_boundaries(tmp_path, lsoas):
    problem = the_error(check(tmp_path, "t.csv", "lsoa21cd,v\nE01000001,1\n",
                              boundaries=lsoas))
    assert problem.message == \
        "none of the codes in 'lsoa21cd' is an area of the reference boundaries."


def test_codes_of_another_geography_are_not_checked(tmp_path, lsoas):
    checked = check(tmp_path, "t.csv", "wd24cd,v\nE05000001,1\n", boundaries=lsoas)
    assert checked.report.problems == []
    assert any("not of the reference boundaries' kind (E01)" in n for n in checked.report.notes)


def test_2011_codes_are_recognised_with_the_way_to_convert(tmp_path, lsoas, lookup):
    checked = check(tmp_path, "t.csv", f"lsoa11cd,v\n{A},1\n{SPLIT},2\n", boundaries=lsoas,
                    lookup=lookup)
    problem = the_error(checked)
    assert problem.message == ("E01032921 is a 2011 LSOA code, not a 2021 one; in 2021 it "
                               "became E01034232, E01034233.")
    assert (problem.row, problem.column, problem.value) == (3, "lsoa11cd", SPLIT)
    assert problem.fix.startswith("These codes are 2011 LSOAs; convert the table to 2021 "
                                  "LSOAs with 'python -m data to-lsoa21")
    assert RULE in problem.fix


# ------------------------------------------------------------------ indicator values

def test_a_value_that_is_not_a_number(tmp_path):
    problem = the_error(check(tmp_path, "t.csv", f"lsoa21cd,v\n{A},1\n{B},2\n{C},1.2.3\n"))
    assert problem.message == "the value is not a number."
    assert (problem.file, problem.row, problem.column, problem.value) == \
        ("t.csv", 4, "v", "1.2.3")


def test_no_column_of_numbers(tmp_path):
    problem = the_error(check(tmp_path, "t.csv", f"lsoa21cd,name\n{A},Alt\n"))
    assert problem.message == "there is no column of numbers besides the id column."


def test_missing_values_and_text_columns(tmp_path):
    checked = check(tmp_path, "t.csv", f"lsoa21cd,name,v\n{A},Alt,NA\n{B},Coldhurst,\n"
                    f"{C},Werneth,3\n")
    assert checked.report.problems == []
    assert list(checked.frame.columns) == ["v"] and checked.frame["v"].isna().sum() == 2
    assert "Columns of text, not loaded: 'name'." in checked.report.notes


def test_a_workbook_names_its_sheet_and_rows(tmp_path):
    path = tmp_path / "t.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"lsoa21cd": [A, B], "v": [1, "n/k"]}).to_excel(
            writer, sheet_name="Data", index=False)
        pd.DataFrame({"about": ["notes"]}).to_excel(writer, sheet_name="Notes", index=False)
    checked = validate_file(path)
    problem = the_error(checked)
    assert (problem.file, problem.row, problem.column, problem.value) == \
        ("t.xlsx, sheet 'Data'", 3, "v", "n/k")
    assert "Read sheet 'Data'; the workbook's other sheets ('Notes') were not read." in \
        checked.report.notes


def test_a_file_with_one_bad_cell_is_not_loaded_at_all(root, tmp_path):
    table = pd.read_csv(root / "census2021_lsoa21_greater_manchester.csv").astype(object)
    table.loc[100, "households_2021"] = "1,234"
    table.to_csv(tmp_path / "census.csv", index=False)
    checked = validate_file(tmp_path / "census.csv")
    problem = the_error(checked)
    assert (problem.row, problem.column, problem.value) == (102, "households_2021", "1,234")
    table.loc[100, "households_2021"] = 1234
    table.to_csv(tmp_path / "census.csv", index=False)
    assert len(validate_file(tmp_path / "census.csv").frame) == len(table)


# ------------------------------------------------------------------ points

def test_no_coordinate_columns(tmp_path):
    problem = the_error(check(tmp_path, "p.csv", "month,place\n2019-01,Oldham\n",
                              kind="points"))
    assert problem.message == "no columns hold coordinates; the columns are: 'month', 'place'."


def test_a_point_without_a_coordinate(tmp_path):
    problem = the_error(check(tmp_path, "p.csv", "lon,lat\n-2.1,53.5\n-2.1,\n"))
    assert problem.message == "the point has no coordinate."
    assert (problem.row, problem.column) == (3, "lat")


def test_a_coordinate_that_is_not_a_number(tmp_path):
    problem = the_error(check(tmp_path, "p.csv", "lon,lat\n-2.1,53.5\n-2.1,53°N\n"))
    assert (problem.message, problem.row, problem.value) == \
        ("the value is not a number.", 3, "53°N")


def test_x_and_y_in_no_known_system(tmp_path):
    problem = the_error(check(tmp_path, "p.csv", "x,y\n-2000,5\n1,2\n"))
    assert problem.message == ("the coordinates (x from -2,000 to 1, y from 2 to 5) are "
                               "neither longitude/latitude nor British National Grid "
                               "eastings/northings in Great Britain.")
    assert problem.column == "x/y"


def test_a_point_outside_great_britain(tmp_path):
    problem = the_error(check(tmp_path, "p.csv", "lon,lat\n-2.1,53.5\n53.5,-2.1\n"))
    assert problem.message == \
        "the point lies outside Great Britain in WGS84 longitude/latitude (EPSG:4326)."
    assert (problem.row, problem.column, problem.value) == (3, "lon/lat", "53.5, -2.1")


def test_a_point_outside_the_boundaries(tmp_path, lsoas):
    checked = check(tmp_path, "p.csv", "lon,lat\n-2.1,53.54\n-2.24,53.48\n", boundaries=lsoas)
    problem = the_warning(checked)
    assert problem.message == "the point lies outside the reference boundaries."
    assert (problem.row, problem.value) == (3, "-2.240000, 53.480000")
    assert "1 of 2 points lie inside the reference boundaries." in checked.report.notes


def test_many_points_outside_the_boundaries_are_summarised(tmp_path, lsoas):
    rows = "".join(f"-2.24,53.{40 + n}\n" for n in range(11))
    problem = the_warning(check(tmp_path, "p.csv", "lon,lat\n" + rows, boundaries=lsoas))
    assert problem.message == \
        "11 points lie outside the reference boundaries (rows 2, 3, 4, 5, 6, ...)."


def test_eastings_and_northings_give_the_same_points_as_longitude_and_latitude(root, tmp_path):
    crimes = pd.read_csv(root / "crime_burglary_points_oldham_2016-02_2019-01.csv").head(200)
    grid = gpd.GeoSeries(gpd.points_from_xy(crimes["lon"], crimes["lat"]), crs=4326) \
        .to_crs(27700)
    crimes.drop(columns=["lon", "lat"]).assign(Easting=grid.x.round(1), Northing=grid.y.round(1)) \
        .to_csv(tmp_path / "en.csv", index=False)
    crimes.assign(X=grid.x.round(1), Y=grid.y.round(1)).drop(columns=["lon", "lat"]) \
        .to_csv(tmp_path / "xy.csv", index=False)
    crimes.to_csv(tmp_path / "ll.csv", index=False)
    lonlat = validate_file(tmp_path / "ll.csv")
    for name in ("en.csv", "xy.csv"):
        checked = validate_file(tmp_path / name)
        assert checked.report.kind == "points" and checked.report.usable
        assert checked.frame.crs.to_epsg() == 4326
        metres = checked.frame.to_crs(27700).distance(lonlat.frame.to_crs(27700))
        assert metres.max() < 1
        assert (checked.frame["lon"] - crimes["lon"]).abs().max() < 2e-5
    assert lonlat.frame["month"].iloc[0] == "2016-02"
    assert "Coordinates read from columns 'X' and 'Y'." in checked.report.notes
    assert any("Converted from British National Grid" in n for n in checked.report.notes)


# ------------------------------------------------------------------ lookups

def test_a_lookup_is_read(tmp_path, lsoas):
    checked = check(tmp_path, "l.csv", f"LSOA code,Neighbourhood Code,Neighbourhood Name\n"
                    f"{A},N1,Alt\n{B},N1,Alt\n{C},N2,Coldhurst\n", boundaries=lsoas,
                    id_column="LSOA code")
    assert checked.report.kind == "lookup" and checked.report.problems == []
    assert list(checked.frame.columns) == ["lsoa21cd", "neighbourhood_code",
                                           "neighbourhood_name"]
    assert checked.frame["neighbourhood_code"].tolist() == ["N1", "N1", "N2"]
    assert "2 neighbourhoods made of 3 LSOAs." in checked.report.notes


def test_a_lookup_without_a_neighbourhood_column(tmp_path):
    problem = the_error(check(tmp_path, "l.csv", f"lsoa21cd,ward\n{A},Alt\n", kind="lookup"))
    assert problem.message == \
        "no column names the neighbourhood; the columns are: 'lsoa21cd', 'ward'."


def test_a_lookup_row_without_a_neighbourhood(tmp_path):
    problem = the_error(check(tmp_path, "l.csv", f"lsoa21cd,neighbourhood\n{A},Alt\n{B},\n"))
    assert problem.message == "the row names no neighbourhood."
    assert (problem.row, problem.column) == (3, "neighbourhood")


def test_a_neighbourhood_with_two_names(tmp_path):
    problem = the_error(check(tmp_path, "l.csv", f"lsoa21cd,nbhd_code,nbhd_name\n{A},N1,Alt\n"
                              f"{B},N1,Alt and Fitton\n"))
    assert problem.message == "neighbourhood 'N1' is called 'Alt' on row 2."
    assert (problem.row, problem.column, problem.value) == (3, "nbhd_name", "Alt and Fitton")


def test_an_lsoa_in_two_neighbourhoods(tmp_path):
    problem = the_error(check(tmp_path, "l.csv", f"lsoa21cd,neighbourhood\n{A},Alt\n"
                              f"{A},Coldhurst\n"))
    assert (problem.message, problem.row) == ("the id appears more than once (first in row 2).",
                                              3)


@pytest.mark.parametrize("code, message", [
    ("../../../x", "it holds '/', which cannot be part of a code or a name."),
    ("/tmp/x", "it holds '/', which cannot be part of a code or a name."),
    ("N0<img src=x onerror=alert(1)>", "it holds '<', which cannot be part of a code or a "
     "name."),
    ("..", "it is made only of dots."),
    ("N\u202e1", "it holds an invisible character (right-to-left override, U+202E)."),
])
def test_a_neighbourhood_code_that_could_make_a_path_or_markup_is_refused(tmp_path, code,
                                                                          message):
    problem = the_error(check(tmp_path, "l.csv", f"lsoa21cd,nbhd_code,nbhd_name\n{A},{code},Alt\n"))
    assert (problem.message, problem.row, problem.column, problem.value) == \
        (message, 2, "nbhd_code", code)


def test_a_neighbourhood_name_too_long_is_refused(tmp_path):
    problem = the_error(check(tmp_path, "l.csv", f"lsoa21cd,neighbourhood\n{A},{'x' * 101}\n"))
    assert problem.message == "it is 101 characters long; at most 100 are kept."


@pytest.mark.parametrize("code, why", [
    ("e01005320", "it is in lower case; ONS codes are in capitals (E01005320)"),
    ("E0100\u200b5320", "it holds an invisible character (zero width space, U+200B)"),
    ("\u041501005320", "it holds 'Е' (Cyrillic Capital Letter Ie, U+0415), which looks like a "
     "letter or digit of a code but is not one"),
    ("E0100532\u0660", "it holds '٠' (Arabic-Indic Digit Zero, U+0660), which looks like a "
     "letter or digit of a code but is not one"),
])
def test_a_code_that_only_looks_like_an_ons_code_says_why(tmp_path, code, why):
    checked = check(tmp_path, "t.csv", f"code,value\n{A},1\n{B},2\n{C},3\nE01005323,4\n"
                    f"{code},5\n")
    problem = the_error(checked)
    assert problem.message == f"the id is not an ONS area code: {why}."
    assert (problem.row, problem.value) == (6, code)


def test_a_lookup_of_2011_lsoas(tmp_path, lsoas, lookup):
    problem = the_error(check(tmp_path, "l.csv", f"lsoa11cd,neighbourhood\n{A},Alt\n"
                              f"{SPLIT},Alt\n", boundaries=lsoas, lookup=lookup))
    assert problem.message.startswith("E01032921 is a 2011 LSOA code")
    assert problem.fix.startswith("These codes are 2011 LSOAs; list the 2021 LSOAs instead")


# ------------------------------------------------------------------ boundaries

def test_boundaries_without_features(tmp_path):
    polygons(lsoa21cd=[]).to_file(tmp_path / "b.geojson")
    assert the_error(validate_file(tmp_path / "b.geojson")).message == \
        "the file has no features."


def test_a_feature_without_geometry(tmp_path):
    polygons(square(-2.1, 53.5), None, lsoa21cd=[A, B]).to_file(tmp_path / "b.geojson")
    problem = the_error(validate_file(tmp_path / "b.geojson"))
    assert problem.message == "the feature has no geometry."
    assert (problem.row, problem.column, problem.value) == (2, "lsoa21cd", B)


def test_a_feature_that_is_not_a_polygon(tmp_path):
    polygons(square(-2.1, 53.5), Point(-2.1, 53.5), lsoa21cd=[A, B]) \
        .to_file(tmp_path / "b.gpkg")
    problem = the_error(validate_file(tmp_path / "b.gpkg"))
    assert problem.message == "the feature is a Point, not an area (polygon)."
    assert "feature 2, column 'lsoa21cd'" in validate_file(tmp_path / "b.gpkg").report.text()


def test_an_invalid_geometry_is_repaired(tmp_path):
    bowtie = Polygon([(-2.1, 53.5), (-2.09, 53.51), (-2.09, 53.5), (-2.1, 53.51)])
    polygons(square(-2.1, 53.5), bowtie, lsoa21cd=[A, B]).to_file(tmp_path / "b.geojson")
    checked = validate_file(tmp_path / "b.geojson")
    problem = the_warning(checked)
    assert problem.message.startswith("the geometry was invalid (Self-intersection[")
    assert problem.message.endswith("and was repaired (shapely make_valid, keeping its "
                                    "polygonal parts).")
    assert (problem.row, problem.value) == (2, B)
    assert checked.frame.is_valid.all()
    assert checked.frame.geometry.iloc[1].area == pytest.approx(0.00005)


def test_an_invalid_geometry_without_area(tmp_path):
    flat = Polygon([(-2.1, 53.5), (-2.09, 53.51), (-2.08, 53.52), (-2.09, 53.51), (-2.1, 53.5)])
    polygons(square(-2.1, 53.5), flat, lsoa21cd=[A, B]).to_file(tmp_path / "b.gpkg")
    problem = the_error(validate_file(tmp_path / "b.gpkg"))
    assert problem.message.startswith("the geometry is invalid (")
    assert problem.message.endswith(") and repairing it leaves no area.")


def _zipped(folder: Path, stem: str) -> ValidatedFile:
    with zipfile.ZipFile(folder / f"{stem}.zip", "w") as archive:
        for part in folder.glob(f"{stem}.*"):
            if part.suffix != ".zip":
                archive.write(part, part.name)
    return validate_file(folder / f"{stem}.zip")


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_boundaries_without_a_coordinate_system_in_no_known_system(tmp_path):
    polygons(square(5000, -4000, 10), lsoa21cd=[A], crs=None).to_file(tmp_path / "b.shp")
    problem = the_error(_zipped(tmp_path, "b"))
    assert problem.message.startswith("the coordinates (x from 5,000 to 5,010, y from -4,000 "
                                      "to -3,990) are neither longitude/latitude")


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
@pytest.mark.parametrize(("x", "y", "system"), [
    (-2.1, 53.5, "WGS84 longitude/latitude (EPSG:4326)"),
    (390_000, 405_000, "British National Grid eastings/northings (EPSG:27700)")])
def test_boundaries_without_a_coordinate_system_are_inferred(tmp_path, x, y, system):
    size = 0.001 if x < 0 else 100
    polygons(square(x, y, size), lsoa21cd=[A], crs=None).to_file(tmp_path / "b.shp")
    checked = _zipped(tmp_path, "b")
    assert the_warning(checked).message == (f"the file has no coordinate system; its "
                                            f"coordinates look like {system}, so they were "
                                            "read as such.")
    assert checked.frame.crs.to_epsg() == 4326
    assert checked.frame.total_bounds[1] == pytest.approx(53.5, abs=0.1)


def test_boundaries_whose_coordinate_system_is_not_the_one_they_say(tmp_path):
    polygons(square(390_000, 405_000, 100), lsoa21cd=[A], crs=4326) \
        .to_file(tmp_path / "b.geojson")
    checked = validate_file(tmp_path / "b.geojson")
    assert the_warning(checked).message == (
        "the file says its coordinates are WGS84 longitude/latitude (EPSG:4326), but they look "
        "like British National Grid eastings/northings (EPSG:27700), so they were read as such.")
    assert checked.frame.total_bounds[0] == pytest.approx(-2.15, abs=0.05)


def test_boundaries_in_another_coordinate_system_are_converted(tmp_path):
    polygons(square(-2.1, 53.5), lsoa21cd=[A]).to_crs(3857).to_file(tmp_path / "b.gpkg")
    checked = validate_file(tmp_path / "b.gpkg")
    assert the_warning(checked).message == (
        "the file's coordinate system is WGS 84 / Pseudo-Mercator (EPSG:3857), neither British "
        "National Grid nor WGS84; the areas were converted to WGS84.")
    assert checked.frame.total_bounds == pytest.approx([-2.1, 53.5, -2.099, 53.501])


def test_boundaries_that_land_outside_great_britain(tmp_path):
    polygons(square(390_000, 405_000, 100), lsoa21cd=[A], crs=3857).to_file(tmp_path / "b.gpkg")
    checked = validate_file(tmp_path / "b.gpkg")
    assert checked.frame is None
    assert [p.message.split(" (")[0] for p in checked.report.errors] == \
        ["in WGS84 the areas lie outside Great Britain"]
    assert "probably wrong" in checked.report.errors[0].fix


def test_boundaries_without_an_id_column(tmp_path):
    polygons(square(-2.1, 53.5), name=["Alt"]).to_file(tmp_path / "b.geojson")
    problem = the_error(validate_file(tmp_path / "b.geojson"))
    assert problem.message.startswith("no column holds area codes")
    checked = validate_file(tmp_path / "b.geojson", id_column="name")
    assert checked.report.usable and checked.id_column == "name"


def test_2011_boundaries_are_recognised(root, lsoas, lookup):
    checked = validate_file(root / "lsoa11_oldham.geojson", boundaries=lsoas, lookup=lookup)
    problem = the_error(checked)
    assert (problem.row, problem.value) == (140, SPLIT)
    assert problem.fix.startswith("These are 2011 LSOA boundaries; use the 2021 LSOA "
                                  "boundaries (lsoa21_greater_manchester.geojson")


@pytest.mark.parametrize("form", ["gpkg", "zip"])
def test_british_national_grid_boundaries_round_trip(tmp_path, lsoas, form):
    grid = lsoas.to_crs(27700)
    if form == "gpkg":
        grid.to_file(tmp_path / "oldham.gpkg")
        checked = validate_file(tmp_path / "oldham.gpkg", boundaries=lsoas)
    else:
        grid.to_file(tmp_path / "oldham.shp")
        checked = _zipped(tmp_path, "oldham")
    assert checked.report.problems == [] and checked.report.kind == "boundaries"
    assert "Converted from British National Grid (EPSG:27700) to WGS84 (EPSG:4326)." in \
        checked.report.notes
    frame = checked.frame
    assert frame.crs.to_epsg() == 4326 and checked.id_column == "lsoa21cd"
    assert frame["lsoa21cd"].tolist() == lsoas["lsoa21cd"].tolist()
    metres = frame.to_crs(27700).geometry.hausdorff_distance(grid.geometry)
    assert metres.max() < 1


def test_an_upload_in_bytes(root, lsoas):
    data = (root / "lsoa21_oldham.geojson").read_bytes()
    checked = validate_upload(data, "C:\\Users\\me\\oldham.geojson", boundaries=lsoas)
    assert checked.report.file == "oldham.geojson" and checked.report.usable
    assert len(checked.frame) == 142
    assert validate_upload(b"", "t.csv").report.errors[0].message == "the file is empty."


@pytest.mark.parametrize(("header", "kind"), [
    ("lsoa21cd,v", "indicators"), ("month,Easting,Northing", "points"),
    ("lsoa21cd,neighbourhood_name", "lookup")])
def test_the_kind_is_guessed_from_the_columns(tmp_path, header, kind):
    row = ",".join("1" for _ in header.split(","))
    assert guess_kind(write(tmp_path, "t.csv", f"{header}\n{row}\n")) == kind


def test_the_kind_of_other_files(tmp_path):
    assert guess_kind(tmp_path / "b.gpkg") == "boundaries"
    assert guess_kind(write(tmp_path, "t.csv", "")) == "indicators"


def test_the_report_as_text_and_as_a_table(tmp_path):
    checked = check(tmp_path, "t.csv", f",lsoa21cd,v\n0,{A},x\n1,{B},y\n2,{C},3\n3,E01005323,4\n")
    text = checked.report.text()
    assert text.splitlines()[0] == "t.csv (indicators): cannot be used (2 errors, 1 warning)."
    assert "ERROR: t.csv, row 2, column 'v', value 'x': the value is not a number." in text
    assert "  What to do: as above." in text
    assert "WARNING: t.csv, row 1, column 'column 1': the column has no name" in text
    frame = checked.report.to_frame()
    assert frame.columns.tolist() == ["file", "row", "column", "value", "severity", "message",
                                      "fix"]
    assert frame["severity"].tolist() == ["error", "error", "warning"]
    assert frame["row"].tolist() == [2, 3, 1]


# ------------------------------------------------------------------ limits and odd files

def test_a_million_faults_give_a_short_report(tmp_path):
    rows = "".join(f"E0100{n:04d},{'x' if n % 3 == 0 else n}\n" for n in range(6000))
    report = check(tmp_path, "t.csv", "code,value\n" + rows).report
    assert len(report.problems) == 11
    assert report.problems[-1].message == \
        "the value is not a number. (1,990 more rows like this after the 10 listed)"


def test_many_kinds_of_fault_are_counted_together_after_the_first_hundred(tmp_path):
    rows = "".join(f"E0100{n:04d},N{n // 2},Name {n}\n" for n in range(400))
    report = check(tmp_path, "l.csv", "lsoa21cd,nbhd_code,nbhd_name\n" + rows).report
    assert len(report.problems) == 101
    assert report.problems[-1].message.startswith("there are other problems of this file")


@pytest.mark.parametrize("variable, value, content, message", [
    ("TCI_MAX_FILE_MB", "0.001", "code,value\n" + "E01005320,1\n" * 200,
     "the file (0.0 MB) is more than the app takes (0.001 MB)."),
    ("TCI_MAX_COLUMNS", "5", "code," + ",".join(f"c{n}" for n in range(9)) + "\nE01005320"
     + ",1" * 9 + "\n", "the number of columns of the table (10) is more than the app takes "
     "(5)."),
    ("TCI_MAX_ROWS", "3", "code,value\n" + "".join(f"E0100532{n},1\n" for n in range(5)),
     "the number of rows of the table (6) is more than the app takes (3)."),
])
def test_a_file_past_a_limit_is_refused_before_it_is_read_naming_the_setting(
        tmp_path, monkeypatch, variable, value, content, message):
    monkeypatch.setenv(variable, value)
    problem = the_error(check(tmp_path, "t.csv", content))
    assert problem.message == message
    assert f"(the setting {variable})" in problem.fix


def test_a_csv_of_300000_columns_is_refused_at_once(tmp_path):
    import time
    header = ",".join(f"c{n}" for n in range(300_000))
    started = time.perf_counter()
    problem = the_error(check(tmp_path, "t.csv", f"code,{header}\nE01005320{',1' * 300_000}\n"))
    assert problem.message.startswith("the number of columns of the table (300,001)")
    assert time.perf_counter() - started < 30  # a bound on a runaway, not a benchmark


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_MAX_FILE_MB", "1")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 20_000_000)
    problem = the_error(check(tmp_path, "t.xlsx", buffer.getvalue()))
    assert problem.message == ("the file unpacked (20.0 MB from 0.0 MB) is more than the app "
                               "takes (8 MB unpacked).")
    assert "TCI_MAX_FILE_MB" in problem.fix


def test_a_sheet_whose_header_says_it_is_too_large_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_MAX_ROWS", "100")
    path = tmp_path / "big.xlsx"
    pd.DataFrame({"code": [A] * 200, "v": range(200)}).to_excel(path, index=False)
    problem = the_error(validate_file(path))
    assert problem.message.startswith("the number of rows of the table (201)")


def test_a_csv_of_only_a_byte_order_mark_and_blank_lines_is_empty(tmp_path):
    problem = the_error(check(tmp_path, "t.csv", b"\xef\xbb\xbf\r\n\r\n"))
    assert problem.message == "the file is empty."


def test_a_semicolon_separated_csv_is_read_with_a_note(tmp_path):
    checked = check(tmp_path, "t.csv", f"code;value\n{A};1.5\n{B};2\n")
    assert checked.report.usable, checked.report.text()
    assert "Cells read as separated by semicolons, not commas." in checked.report.notes


def test_a_header_below_title_rows_is_found_with_a_note(tmp_path):
    checked = check(tmp_path, "t.csv", f"Oldham indicators,,\nMay 2026,,\n,,\ncode,a,b\n"
                    f"{A},1,2\n{B},3,4\n")
    assert checked.report.usable, checked.report.text()
    assert list(checked.frame.columns) == ["a", "b"]
    assert ("The header is on row 4; the 3 rows above it (titles or notes) were left out."
            in checked.report.notes)


def test_the_sheet_holding_codes_is_read_not_a_cover_sheet(tmp_path):
    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"About": ["Made by the council", "May 2026"]}).to_excel(
            writer, sheet_name="Cover", index=False)
        pd.DataFrame({"code": [A, B], "v": [1, 2]}).to_excel(writer, sheet_name="Data",
                                                             index=False)
    checked = validate_file(path)
    assert checked.report.usable, checked.report.text()
    assert checked.report.notes[0] == ("Read sheet 'Data'; the workbook's other sheets "
                                       "('Cover') were not read.")


def test_a_password_protected_workbook_is_named_as_such(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    problem = the_error(check(tmp_path, "t.xlsx", ole))
    assert problem.message == "the file is password-protected, or an old-style .xls workbook."


def test_formulas_without_saved_results_are_refused(tmp_path):
    import openpyxl

    path = tmp_path / "formulas.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "v"])
    sheet.append([A, 1])
    sheet.append([B, "=B2*2"])  # openpyxl saves no result for a formula
    book.save(path)
    problem = the_error(validate_file(path))
    assert problem.message.startswith("cell B3 of sheet 'Sheet' holds a formula (=B2*2)")


def test_a_zip_whose_member_leads_outside_it_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil.shp", b"x")
    problem = the_error(check(tmp_path, "b.zip", buffer.getvalue(), kind="boundaries"))
    assert problem.message == ("the zip holds a file whose name leads outside the zip "
                               "('../evil.shp').")
    assert "/vsizip/" not in problem.message


def test_a_geopackage_whose_first_layer_is_empty_reads_the_next(tmp_path):
    path = tmp_path / "b.gpkg"
    polygons(square(-2.1, 53.5), code=["X1"]).iloc[:0].to_file(path, layer="empty")
    polygons(square(-2.1, 53.5), code=["X1"]).to_file(path, layer="areas")
    checked = validate_file(path, "boundaries", id_column="code")
    assert checked.report.usable, checked.report.text()
    assert checked.report.notes[0] == ("Read layer 'areas'; the file's other layers "
                                       "('empty') were not read (they are empty).")


def test_a_column_blank_in_every_row_is_left_out_with_a_warning(tmp_path):
    problem = the_warning(check(tmp_path, "t.csv", f"code,a,b\n{A},1,\n{B},2,NA\n"))
    assert (problem.message, problem.column) == (
        "the column is blank in every row, so it was left out.", "b")
