import pytest

from data.errors import DataFileError
from data.opendata.files import data_file, read_area_table, read_boundaries, read_table


def test_a_missing_file_names_the_setting(tmp_path):
    with pytest.raises(DataFileError, match=r"absent.csv is missing from the data folder .*"
                       "point TCI_DATA_ROOT at a folder that has it"):
        data_file(tmp_path, "absent.csv")


def test_missing_columns_are_listed(tmp_path):
    (tmp_path / "t.csv").write_text("a,b\n1,2\n")
    with pytest.raises(DataFileError, match=r"t.csv has no column 'c', 'd'"):
        read_table(tmp_path, "t.csv", ["a", "c", "d"])


def test_repeated_ids_name_the_row(tmp_path):
    (tmp_path / "t.csv").write_text("id,v\nA,1\nB,2\nA,3\n")
    with pytest.raises(DataFileError, match=r"t.csv, row 4, column 'id': 'A' appears more than "
                       "once"):
        read_area_table(tmp_path, "t.csv", "id")


def test_unreadable_csv(tmp_path):
    (tmp_path / "t.csv").write_bytes(b"\xff\xfe\x00 \x81")
    with pytest.raises(DataFileError, match="t.csv cannot be read as CSV"):
        read_table(tmp_path, "t.csv", [])


def test_unreadable_boundaries(tmp_path):
    (tmp_path / "b.geojson").write_text("{not json")
    with pytest.raises(DataFileError, match="b.geojson cannot be read as boundaries"):
        read_boundaries(tmp_path, "b.geojson", [])
