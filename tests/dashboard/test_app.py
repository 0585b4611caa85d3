"""Every page opens without an exception (Streamlit's AppTest)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = ["pages/explore.py", "pages/profile.py", "pages/methods.py"]


def open_page(page: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    return app


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_without_an_exception(page):
    app = open_page(page)
    assert not app.exception, app.exception
    assert not app.error


def test_the_map_page_opens_on_oldham_by_default():
    app = open_page()
    assert app.title[0].value == "Thriving Community Index: Oldham"
    assert app.subheader[0].value  # the selected area's profile
    assert "Oldham" in app.caption[0].value or "142" in app.caption[0].value


def test_picking_a_neighbourhood_opens_its_profile():
    app = open_page("pages/profile.py")
    picker = app.selectbox(key="profile_area")
    least_in_need = picker.options[-1]  # "Name (code), ward: rank 142"
    picker.select_index(len(picker.options) - 1).run()
    assert not app.exception
    assert app.subheader[0].value == least_in_need.split(" (")[0]
    assert app.query_params["area"] in least_in_need
    assert "142 of 142" in [m.value for m in app.metric]


def test_changing_the_map_measure_and_classes():
    app = open_page()
    app.selectbox(key="explore_measure").select("crime").run()
    app.selectbox(key="explore_scheme").select("deciles").run()
    assert not app.exception


def test_no_data_gives_a_message_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_DATA_ROOT", str(tmp_path / "absent"))
    app = open_page()
    assert not app.exception
    assert "TCI_DATA_ROOT" in app.error[0].value
