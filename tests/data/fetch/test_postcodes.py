"""Fetching a borough's postcodes from the ONS postcode lookup, against a local stand-in for
the publisher's site and from a mirror folder."""

from __future__ import annotations

import pandas as pd
import pytest

from data.areas.postcodes import read_postcodes
from data.errors import FetchError
from data.fetch.postcodes import fetch_postcodes, shape_postcodes
from data.opendata import catalogue
from data.opendata.sources import POSTCODES
from tests.data.fetch.publisher_site import PublisherSite, Server

OLDHAM = "E08000004"


@pytest.fixture(scope="module")
def site(root):
    return PublisherSite(root)


def test_a_boroughs_postcodes_are_fetched_paged_and_written_with_a_manifest(site, tmp_path,
                                                                         monkeypatch, oldham):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    server = Server(site)
    try:
        path = fetch_postcodes(OLDHAM, [OLDHAM], "Oldham", mirror=None,
                               hosts=catalogue.hosts_under(server.base))
    finally:
        server.close()
    assert path == tmp_path / "data" / "postcodes" / OLDHAM / POSTCODES
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["pcds", "lsoa21cd", "doterm"]
    assert set(table["lsoa21cd"]) == set(oldham.lsoas["lsoa21cd"])  # every LSOA, no other
    assert (table["doterm"] == "201906").sum() == 1
    assert (path.parent / "manifest.json").is_file()
    lookup = read_postcodes(path)
    assert len(lookup) == len(oldham.lsoas) - 1 and len(lookup.terminated) == 1
    assert list(lookup.terminated.values()) == ["2019-06"]


def test_a_mirror_folder_is_read_instead_of_the_network(site, tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path / "state"))
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    site.write_mirror(mirror)
    region = sorted({f["properties"]["LAD25CD"]
                     for f in site.layers[catalogue.POSTCODE_LAYER.service]})
    path = fetch_postcodes("E47000001", region, "Greater Manchester", mirror=mirror,
                           hosts={"ons": "http://127.0.0.1:9/unreachable"})
    assert len(pd.read_csv(path)) == len(site.layers[catalogue.POSTCODE_LAYER.service])


def test_a_lookup_without_its_fields_is_refused_with_where_to_look(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="no field PCDS, LSOA21CD"):
        shape_postcodes([{"properties": {"POSTCODE": "OL9 1AA"}}])
    with pytest.raises(ValueError, match="no postcode in it"):
        shape_postcodes([{"properties": {"PCDS": "OL9 1AA", "LSOA21CD": "nowhere"}}])
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / catalogue.POSTCODE_LAYER.mirror_name).write_text(
        '{"type": "FeatureCollection", "features": []}')
    with pytest.raises(FetchError, match="LAD25CD"):
        fetch_postcodes(OLDHAM, [OLDHAM], "Oldham", mirror=mirror)


def test_the_command_line_fetches_a_borough_named_by_name(site, tmp_path, monkeypatch,
                                                          capsys):
    from data.cli import main

    mirror = tmp_path / "mirror"
    mirror.mkdir()
    site.write_mirror(mirror)
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("TCI_FETCH_MIRROR", str(mirror))
    assert main(["postcodes", "--borough", "oldham"]) == 0
    assert "Oldham's postcodes are in" in capsys.readouterr().err
    assert (tmp_path / "state" / "data" / "postcodes" / OLDHAM / POSTCODES).is_file()
    assert main(["postcodes", "--borough", "Oldam"]) == 1
    assert "Did you mean Oldham" in capsys.readouterr().err
