"""Fetching the Charity Commission's register of charities, against a local stand-in for
the publisher's site and from a mirror folder, and reading it back."""

from __future__ import annotations

import pandas as pd
import pytest

from data.cli import main
from data.errors import DownloadError, FetchError
from data.fetch.charities import fetch_charities, shape_charities
from data.opendata import catalogue
from data.opendata.charities import charity_file, read_charities
from data.opendata.sources import CHARITIES
from tests.data.fetch.publisher_site import PublisherSite, Server


@pytest.fixture(scope="module")
def site(root):
    return PublisherSite(root)


def test_the_register_is_fetched_with_a_manifest_and_keeps_registered_main_charities(
        site, tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    server = Server(site)
    try:
        path = fetch_charities(mirror=None, hosts=catalogue.hosts_under(server.base))
    finally:
        server.close()
    assert path == tmp_path / "data" / "charities" / CHARITIES
    assert (path.parent / "manifest.json").is_file()
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(table["number"]) == ["1123456", "1000001"]  # not the linked or removed one
    charities = read_charities(path)
    friends = charities.get("1123456-1")  # a linked number finds its main charity
    assert friends["name"] == "FRIENDS OF ALEXANDRA PARK" and friends["income"] == 54000
    assert '"green gym"' in friends["activities"]
    assert charities.get("1000001")["income"] is None
    assert charities.get("1000002") is None and charities.get("999") is None
    assert charity_file(tmp_path / "nowhere") == path


def test_a_mirror_folder_is_read_instead_of_the_network(site, tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path / "state"))
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    site.write_mirror(mirror)
    path = fetch_charities(mirror=mirror, hosts={"charity": "http://127.0.0.1:9/unreachable"})
    assert len(read_charities(path)) == 2


def test_a_missing_mirror_file_or_a_changed_extract_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    with pytest.raises(DownloadError, match="publicextract.charity.zip"):
        fetch_charities(mirror=tmp_path)
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(catalogue.CHARITY_MEMBER, "charity_name\tcharity_activities\nA\tB\n")
    (tmp_path / "publicextract.charity.zip").write_bytes(buffer.getvalue())
    with pytest.raises(ValueError, match="no field registered_charity_number"):
        shape_charities(tmp_path / "publicextract.charity.zip")
    with pytest.raises(FetchError, match="data/fetch/charities.py"):
        fetch_charities(mirror=tmp_path)


def test_the_command_line_fetches_it(site, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    site.write_mirror(mirror)
    monkeypatch.setenv("TCI_FETCH_MIRROR", str(mirror))
    assert main(["charities"]) == 0
    assert "register of charities is in" in capsys.readouterr().err
