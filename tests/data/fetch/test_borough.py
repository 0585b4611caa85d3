"""Fetching a borough from the publishers, against a local stand-in for their sites."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from data.areas.change import imd_change
from data.areas.geography import load_lsoas, load_wards
from data.areas.table import load_area_table
from data.errors import DownloadError, UnknownBorough
from data.fetch.borough import FETCHED_FILES, fetch_borough
from data.opendata import catalogue
from data.opendata.sources import (
    CENSUS2021,
    IOD2019,
    IOD2025,
    IOD2025_INDICATORS,
    LOOKUP_2011_2021,
)
from tests.data.fetch.publisher_site import PublisherSite, Server

OLDHAM = "E08000004"
FILE7 = f"/govuk{catalogue.IOD2025_FILE7.path}"
TS038 = f"/nomis{catalogue.census_table('ts038').path}"


@pytest.fixture(scope="module")
def site(root):
    return PublisherSite(root)


@pytest.fixture
def server(site):
    site.hits.clear()
    site.ranges.clear()
    site.faults.clear()
    running = Server(site)
    yield running
    running.close()


def _fetch(server, folder, borough="Oldham", **options):
    return fetch_borough(borough, folder=folder, hosts=catalogue.hosts_under(server.base),
                         mirror=None, **options)


def _same(fetched, published, key):
    left = fetched.set_index(key).sort_index()
    right = published.set_index(key).loc[left.index]
    pd.testing.assert_frame_equal(left, right[left.columns], check_dtype=False)


def test_a_full_fetch_shapes_every_file_like_the_files_the_app_reads(server, tmp_path, root):
    lines = []
    result = _fetch(server, tmp_path, progress=lambda text, share: lines.append((text, share)))

    assert (result.code, result.name) == (OLDHAM, "Oldham")
    assert result.folder == tmp_path / OLDHAM
    lsoas = load_lsoas(result.folder, OLDHAM)
    assert len(lsoas) == 142
    assert set(lsoas["wd24cd"]) == set(load_wards(result.folder, OLDHAM)["ward_code"])
    assert len(load_wards(result.folder, OLDHAM)) == 20
    table = load_area_table(result.folder, lsoas)
    assert table["IMD_score"].notna().all() and table["usual_residents_2021"].sum() == 242_075
    for name, key in ((IOD2025, "lsoa21cd"), (IOD2025_INDICATORS, "lsoa21cd"),
                      (CENSUS2021, "lsoa21cd"), (IOD2019, "lsoa11cd")):
        _same(pd.read_csv(result.folder / name), pd.read_csv(root / name), key)
    assert list(pd.read_csv(result.folder / IOD2025).columns) == \
        list(pd.read_csv(root / IOD2025).columns)
    assert list(pd.read_csv(result.folder / CENSUS2021).columns) == \
        list(pd.read_csv(root / CENSUS2021).columns)
    lookup = pd.read_csv(root / LOOKUP_2011_2021)
    assert len(pd.read_csv(result.folder / LOOKUP_2011_2021)) == \
        lookup["lsoa21cd"].isin(lsoas["lsoa21cd"]).sum()
    assert imd_change(result.folder)["imd2019_rank"].notna().all()
    assert lines[0][1] == 0.0 and lines[-1] == (f"Done: Oldham ({OLDHAM}) is in "
                                                 f"{result.folder}", 1.0)


def test_every_fetched_file_is_in_a_manifest_with_its_address_size_and_checksum(server,
                                                                                 tmp_path):
    result = _fetch(server, tmp_path)
    shaped = json.loads((result.folder / "manifest.json").read_text())
    assert set(shaped) == set(FETCHED_FILES)
    downloads = json.loads((tmp_path / "downloads" / "manifest.json").read_text())
    entry = downloads[catalogue.IOD2025_FILE7.mirror_name]
    assert entry["url"] == server.base + FILE7
    assert entry["size"] == len(server.site.files[FILE7])
    assert len(entry["sha256"]) == 64 and entry["fetched_at"].startswith("20")
    assert not list(tmp_path.rglob("*.part"))


def test_a_second_fetch_uses_the_cache_and_refresh_downloads_again(server, tmp_path):
    _fetch(server, tmp_path)
    server.site.hits.clear()
    again = _fetch(server, tmp_path, borough=OLDHAM)
    assert sum(server.site.hits.values()) == 0 and again.downloaded == []
    refreshed = _fetch(server, tmp_path, refresh=True)
    assert server.site.hits[FILE7] == 1
    assert catalogue.IOD2025_FILE7.mirror_name in refreshed.downloaded


def test_a_dropped_connection_is_resumed_where_it_stopped(server, tmp_path):
    server.site.faults[FILE7] = "drop once"
    result = _fetch(server, tmp_path)
    assert server.site.hits[FILE7] == 2
    [(path, asked)] = server.site.ranges
    resumed_at = int(asked.removeprefix("bytes=").removesuffix("-"))
    assert path == FILE7 and 0 < resumed_at <= len(server.site.files[FILE7]) // 3
    downloaded = tmp_path / "downloads" / catalogue.IOD2025_FILE7.mirror_name
    assert downloaded.read_bytes() == server.site.files[FILE7]
    assert (result.folder / IOD2025).is_file()


def test_a_download_cut_short_every_time_is_refused_and_nothing_is_kept(server, tmp_path):
    server.site.faults[FILE7] = "drop always"
    with pytest.raises(DownloadError, match=rf"The download from {server.base}{FILE7} was cut "
                       r"short 4 times .* so it was refused and nothing was kept"):
        _fetch(server, tmp_path)
    assert not (tmp_path / "downloads" / catalogue.IOD2025_FILE7.mirror_name).exists()
    assert not list(tmp_path.rglob("*.part"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["downloads"]  # no borough folder


def test_a_corrupt_download_is_refused_with_what_to_do(server, tmp_path):
    server.site.faults[TS038] = "corrupt"
    with pytest.raises(DownloadError, match=rf"The file downloaded from {server.base}{TS038} is "
                       r"corrupt or not in the publisher's format \(not a whole ZIP archive.*"
                       r"so it was not kept. Try again later"):
        _fetch(server, tmp_path)
    assert not (tmp_path / "downloads" / "census2021-ts038.zip").exists()
    assert not list(tmp_path.rglob("*.part"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["downloads"]  # no borough folder


def test_an_unknown_borough_is_refused_with_the_closest_names(server, tmp_path):
    with pytest.raises(UnknownBorough, match=r"'Oldam' is not the name or ONS code of a local "
                       r"authority district in England. Did you mean Oldham \(E08000004\)"):
        _fetch(server, tmp_path, borough="Oldam")
    with pytest.raises(UnknownBorough, match=r"'Atlantis' .* Give a district's name"):
        _fetch(server, tmp_path, borough="Atlantis")


def test_a_borough_is_found_by_code_or_by_name_in_any_case(server, tmp_path):
    assert _fetch(server, tmp_path, borough="rochdale").code == "E08000005"


def test_a_mirror_folder_is_read_instead_of_the_network(site, tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    site.write_mirror(mirror)
    result = fetch_borough("Oldham", folder=tmp_path / "cache", mirror=mirror,
                           hosts=catalogue.hosts_under("http://127.0.0.1:9"))
    assert len(load_lsoas(result.folder, OLDHAM)) == 142
    assert len(pd.read_csv(result.folder / IOD2025)) == 142


def test_a_file_missing_from_the_mirror_is_named_with_its_address(site, tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    site.write_mirror(mirror)
    (mirror / catalogue.IOD2025_FILE8.mirror_name).unlink()
    with pytest.raises(DownloadError, match=r"has no file 'File_8_IoD2025_Underlying_Indicators"
                       r".xlsx'. Download it from https://assets.publishing.service.gov.uk/"):
        fetch_borough("Oldham", folder=tmp_path / "cache", mirror=mirror)


def test_an_unreachable_publisher_says_to_check_the_connection_or_use_a_mirror(tmp_path):
    with pytest.raises(DownloadError, match=r"Could not reach http://127.0.0.1:9/ons/.*Check the "
                       "internet connection, or set TCI_FETCH_MIRROR"):
        fetch_borough("Oldham", folder=tmp_path, mirror=None,
                      hosts=catalogue.hosts_under("http://127.0.0.1:9"))


def test_the_app_loads_a_fetched_borough_and_builds_the_index_without_local_files(server,
                                                                                  tmp_path):
    from data.areas.assets import load_assets
    from data.areas.borough import load_borough
    from data.areas.derived import unavailable
    from data.areas.geography import boroughs
    from indices.build import build_index
    from indices.presets import load_preset

    folder = _fetch(server, tmp_path).folder
    assert boroughs(folder) == {OLDHAM: "Oldham"}
    borough = load_borough(folder, OLDHAM)
    assert borough.name == "Oldham" and len(borough.table) == 142
    assert borough.region_name == "Oldham"  # compared with what was fetched, not all of GM
    assert {m.column for m in unavailable(folder)} == {
        "road_casualties_n", "road_casualties_per_1000_year", "greenspace_access_distance_m",
        "burglaries_n", "burglaries_per_1000_year"}
    assert borough.table["greenspace_access_distance_m"].isna().all()
    run = build_index(load_preset(), borough.table)
    assert run.scores[run.spec.code].notna().all()
    assert load_assets(folder, OLDHAM).empty


def test_the_fetch_command_shows_progress_and_where_the_data_is(server, tmp_path, monkeypatch,
                                                                capsys):
    from data.cli import main

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("TCI_FETCH_BASE", server.base)
    monkeypatch.delenv("TCI_FETCH_MIRROR", raising=False)
    assert main(["fetch", "--borough", "Oldham"]) == 0
    err = capsys.readouterr().err
    assert "[  0%] Finding the borough among England's districts" in err
    assert "English Indices of Deprivation 2025, File 7 (GOV.UK)" in err
    assert f"Oldham ({OLDHAM}) is ready in {tmp_path / 'data' / OLDHAM}" in err
    assert main(["fetch", "--borough", "Oldam"]) == 1
    assert "error: 'Oldam' is not the name" in capsys.readouterr().err


def test_what_has_no_national_source_is_named_with_the_reason(root, tmp_path):
    from data.fetch.borough import local_only_absent

    assert local_only_absent(root) == {}
    assert list(local_only_absent(tmp_path)) == ["road casualties", "green space",
                                                 "community assets", "burglary points"]
    assert "no single national open register" in local_only_absent(tmp_path)["community assets"]


def test_wards_changed_since_the_boundaries_are_named_in_the_progress(server, tmp_path):
    layer = server.site.layers[catalogue.WARD_LAYER.service]
    kept = list(layer)
    layer[:] = [f for f in layer if f["properties"]["WD23CD"] != "E05014646"]
    lookup = server.site.layers[catalogue.WARD_LAD_LAYER.service]
    kept_lookup = list(lookup)
    lookup[:] = [f for f in lookup if f["properties"]["WD23CD"] != "E05014646"]
    lines = []
    try:
        _fetch(server, tmp_path, progress=lambda text, share: lines.append(text))
    finally:
        layer[:], lookup[:] = kept, kept_lookup
    assert "Note: 1 of Oldham's 2024 wards (e.g. E05014646) have no May 2023 ward boundary " \
        "(its wards changed in 2024), so the ward map lacks them." in lines


def test_a_failed_refresh_keeps_the_borough_as_it_was(server, tmp_path):
    before = _fetch(server, tmp_path).folder / "manifest.json"
    kept = before.read_text()
    server.site.faults[TS038] = "corrupt"
    with pytest.raises(DownloadError):
        _fetch(server, tmp_path, refresh=True)
    assert before.read_text() == kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["E08000004", "downloads"]
