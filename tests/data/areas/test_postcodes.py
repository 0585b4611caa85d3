"""Placing postcodes with a borough's lookup: writing them as Royal Mail does, reading the
lookup, and finding it."""

import pytest

from data.areas.postcodes import Postcodes, normalise, postcode_file, read_postcodes
from data.errors import DataFileError
from data.opendata.sources import POSTCODES


@pytest.mark.parametrize(("given", "written"), [
    ("ol1 1aa", "OL1 1AA"), (" OL11AA ", "OL1 1AA"), ("m1  1ae", "M1 1AE"),
    ("SW1A 1AA", "SW1A 1AA"), ("gir0aa", "GIR 0AA"), ("OL1", None), ("hello", None),
    ("OL1 1CA", None),  # C never ends an inward code
])
def test_postcodes_are_written_as_royal_mail_writes_them(given, written):
    assert normalise(given) == written


def test_the_lookup_places_live_postcodes_and_names_terminated_ones(tmp_path):
    path = tmp_path / POSTCODES
    path.write_text("pcds,lsoa21cd,doterm\nOL9 1AA,E01005376,\nol9 1ab,E01005377,201906\n"
                    "not one,E01005378,\n")
    lookup = read_postcodes(path)
    assert lookup.place("ol91aa", "Oldham") == ("E01005376", "")
    lsoa, problem = lookup.place("OL9 1AB", "Oldham")
    assert lsoa is None and "terminated in 2019-06" in problem
    assert "not a postcode of Oldham" in lookup.place("OL9 1AD", "Oldham")[1]
    assert len(lookup) == 1


def test_a_broken_lookup_says_to_fetch_it_again(tmp_path):
    path = tmp_path / POSTCODES
    path.write_text("postcode,lsoa\nOL9 1AA,E01005376\n")
    with pytest.raises(DataFileError, match="no column 'pcds', 'lsoa21cd', 'doterm'.*fetch"):
        read_postcodes(path)


def test_the_data_folders_own_lookup_comes_before_a_fetched_one(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path / "state"))
    root = tmp_path / "root"
    root.mkdir()
    assert postcode_file(root, ["E08000004"]) is None
    fetched = tmp_path / "state" / "data" / "postcodes" / "E47000001" / POSTCODES
    fetched.parent.mkdir(parents=True)
    fetched.write_text("pcds,lsoa21cd,doterm\n")
    assert postcode_file(root, ["E08000004", "E47000001"]) == fetched
    (root / POSTCODES).write_text("pcds,lsoa21cd,doterm\n")
    assert postcode_file(root, ["E08000004"]) == root / POSTCODES
    assert isinstance(read_postcodes(root / POSTCODES), Postcodes)
