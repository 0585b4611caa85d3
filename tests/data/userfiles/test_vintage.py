import pandas as pd
import pytest

from data.userfiles.validate import validate_file
from data.userfiles.vintage import codes_2011_only, load_lsoa_lookup, lsoa11_to_lsoa21


@pytest.fixture(scope="module")
def lookup(root):
    return load_lsoa_lookup(root)


def test_the_2011_only_codes_and_what_they_became(lookup):
    retired = codes_2011_only(lookup)
    assert retired["E01032921"] == ["E01034232", "E01034233"]  # Oldham 035G, split
    assert retired["E01005282"] == ["E01034128"]  # merged with E01005283
    assert "E01004766" not in retired  # unchanged


def test_a_2011_table_is_found_then_converted_by_the_stated_rule(tmp_path, root, lookup):
    from data.areas.geography import load_lsoas

    lsoas = load_lsoas(root, None)
    (tmp_path / "t.csv").write_text(
        "lsoa11cd,burglaries,rate\n"
        "E01004766,10,0.5\n"  # unchanged
        "E01032921,9,0.3\n"  # split in two
        "E01005282,4,0.2\n"  # merged with the next
        "E01005283,6,0.4\n"
        "E01000001,1,0.1\n")  # not in the (Greater Manchester) lookup
    checked = validate_file(tmp_path / "t.csv", boundaries=lsoas, lookup=lookup)
    assert [p.value for p in checked.report.errors] == ["E01032921", "E01005282", "E01005283"]
    table = validate_file(tmp_path / "t.csv", id_column="lsoa11cd").frame
    converted = lsoa11_to_lsoa21(table, lookup, counts=["burglaries"])
    expected = pd.DataFrame(
        {"burglaries": [10, 4.5, 4.5, 10], "rate": [0.5, 0.3, 0.3, 0.3],
         "change_code": ["U", "S", "S", "M"]},
        index=pd.Index(["E01004766", "E01034232", "E01034233", "E01034128"], name="lsoa21cd"))
    pd.testing.assert_frame_equal(converted.sort_index(), expected.sort_index(),
                                  check_dtype=False)
    path = tmp_path / "t21.csv"
    converted.to_csv(path)
    assert validate_file(path, boundaries=lsoas, lookup=lookup).report.usable


def test_counts_must_be_columns_of_the_table(lookup):
    table = pd.DataFrame({"rate": [0.5]}, index=pd.Index(["E01004766"], name="lsoa11cd"))
    with pytest.raises(KeyError, match="the table has no column 'burglaries'"):
        lsoa11_to_lsoa21(table, lookup, counts=["burglaries"])
