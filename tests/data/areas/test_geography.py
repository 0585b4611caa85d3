import pytest

from data.areas.geography import (
    BOROUGHS,
    GREATER_MANCHESTER,
    boroughs,
    load_lsoas,
    load_wards,
    place_name,
    places,
)
from data.errors import DataFileError


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
    with pytest.raises(DataFileError, match=r"'E09000001' is not the code of a borough in "
                       r"lsoa21_greater_manchester.geojson. Use one of: E08000001 \(Bolton\).*"
                       r"E08000010 \(Wigan\), or E47000001 for all of Greater Manchester."):
        load_lsoas(root, "E09000001")


def test_the_boroughs_and_places_come_from_the_data(root):
    known = boroughs(root)
    assert known == BOROUGHS
    assert places(known) == [*BOROUGHS, GREATER_MANCHESTER]
    assert places({"E08000035": "Leeds"}) == ["E08000035"]
    assert place_name("E08000035", {"E08000035": "Leeds"}) == "Leeds"
    assert place_name(GREATER_MANCHESTER) == "Greater Manchester"


def test_an_lsoa_is_in_the_msoa_its_name_starts_with():
    import pandas as pd

    from data.areas.geography import msoa_names

    names = pd.Series(["Oldham 001A", "Oldham 035G"])
    assert msoa_names(names).tolist() == ["Oldham 001", "Oldham 035"]
