import pytest

from data.errors import DataFileError
from data.geography import BOROUGHS, load_lsoas, load_wards


def test_oldham_has_142_lsoas_in_20_wards(root):
    lsoas = load_lsoas(root)
    assert len(lsoas) == 142 and lsoas["lsoa21cd"].is_unique
    assert set(lsoas["lad_name"]) == {"Oldham"}
    assert lsoas.crs.to_epsg() == 4326
    wards = load_wards(root)
    assert len(wards) == 20
    assert set(lsoas["wd24cd"]) == set(wards["ward_code"])


def test_greater_manchester_has_1702_lsoas(root):
    assert len(load_lsoas(root, None)) == 1702
    assert len(BOROUGHS) == 10


def test_an_unknown_borough_lists_the_boroughs(root):
    with pytest.raises(DataFileError, match=r"'E09000001' is not a Greater Manchester borough "
                       r"code. Use one of: E08000001 \(Bolton\)"):
        load_lsoas(root, "E09000001")
