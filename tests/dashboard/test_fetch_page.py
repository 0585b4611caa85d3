"""The app on a fresh machine: no data found, so it offers to fetch a borough."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.text import plain
from data import settings
from data.fetch.borough import fetch_borough
from data.opendata.catalogue import hosts_under
from tests.data.fetch.publisher_site import PublisherSite, Server

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def _fresh(monkeypatch, tmp_path, base: str) -> None:
    monkeypatch.setattr(settings, "DEFAULT_DATA_ROOT", tmp_path / "no-shared-data")
    monkeypatch.delenv(settings.DATA_ROOT_ENV, raising=False)
    monkeypatch.delenv(settings.FETCH_MIRROR_ENV, raising=False)
    monkeypatch.setenv(settings.STATE_DIR_ENV, str(tmp_path / "state"))
    monkeypatch.setenv(settings.FETCH_BASE_ENV, base)


@pytest.mark.slow
def test_without_data_the_app_offers_to_fetch_a_borough_and_then_opens_on_it(root, tmp_path,
                                                                              monkeypatch):
    server = Server(PublisherSite(root))
    try:
        _fresh(monkeypatch, tmp_path, server.base)
        app = AppTest.from_file(APP, default_timeout=120)
        app.run()
        assert not app.exception, app.exception
        assert app.title[0].value == "Get the open data"
        assert "no borough has been fetched" in app.warning[0].value
        assert "Road casualties" in app.markdown[-2].value
        app.text_input(key="fetch_borough").input("Oldam")
        app.button(key="fetch_go").click()
        app.run()
        assert plain("Did you mean Oldham (E08000004)?") in app.error[0].value
        app.text_input(key="fetch_borough").input("Oldham")
        app.button(key="fetch_go").click()
        app.run()
        assert not app.exception, app.exception
        assert app.success[0].value == "Oldham's open data is ready."
        app.button(key="fetch_open").click()
        app.run()
        assert not app.exception, app.exception
        assert app.title[0].value == "Thriving Community Index: Oldham"
        assert ("No road casualties, green space, community assets, burglary points in this "
                "data") in app.sidebar.info[0].value
    finally:
        server.close()


@pytest.mark.slow
def test_a_fetched_borough_is_the_only_choice_in_the_sidebar(root, tmp_path, monkeypatch):
    server = Server(PublisherSite(root))
    try:
        _fresh(monkeypatch, tmp_path, server.base)
        fetch_borough("Rochdale", hosts=hosts_under(server.base))
    finally:
        server.close()
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    assert not app.exception, app.exception
    assert app.sidebar.selectbox[0].options == ["Rochdale"]
    assert app.title[0].value == "Thriving Community Index: Rochdale"
