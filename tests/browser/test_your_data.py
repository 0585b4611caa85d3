"""The Your data page, in a real browser: users' neighbourhoods and files with faults.

These tests save neighbourhoods, so they run their own app with its own state folder
(TCI_STATE_DIR): nothing they save reaches the other browser tests.
"""

import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from data.settings import data_root
from tests.browser.conftest import map_frame, require_chromium, running_app, snap

NEIGHBOURHOODS = ["Northern Oldham", "Central Oldham", "Southern Oldham"]


@pytest.fixture(scope="module")
def app_state():
    """This module's own state folder, so its saved neighbourhoods do not leak."""
    state = Path(tempfile.mkdtemp(prefix="tci-browser-your-data-"))
    yield state
    shutil.rmtree(state, ignore_errors=True)


@pytest.fixture(scope="module")
def app_url(app_state):
    """This module's own app, serving that state folder (the session's Chromium drives it)."""
    require_chromium()
    with running_app(app_state) as url:
        yield url


def oldham_lsoas() -> list[str]:
    """The 2021 LSOAs of Oldham, from the boundaries in the data folder."""
    import geopandas as gpd

    return sorted(gpd.read_file(data_root() / "lsoa21_oldham.geojson")["lsoa21cd"])


def open_your_data(page, app_url):
    page.goto(f"{app_url}/your-data", wait_until="networkidle")
    page.get_by_role("heading", name="Your data").wait_for(timeout=60_000)


def upload(page, path: Path):
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(path))
    page.get_by_text(re.compile(rf"^{re.escape(path.name)} can(not)? be used")).wait_for(
        timeout=60_000)


def test_saved_neighbourhoods_can_be_chosen_under_areas_and_are_mapped(page, app_url, app_state,
                                                                       tmp_path):
    codes = oldham_lsoas()
    assert len(codes) == 142
    thirds = [min(3 * i // len(codes), 2) for i in range(len(codes))]
    lookup = tmp_path / "three_neighbourhoods.csv"
    pd.DataFrame({"lsoa21cd": codes,
                  "neighbourhood_code": [f"NB{t + 1}" for t in thirds],
                  "neighbourhood_name": [NEIGHBOURHOODS[t] for t in thirds]}
                 ).to_csv(lookup, index=False)

    open_your_data(page, app_url)
    upload(page, lookup)
    page.get_by_text("three_neighbourhoods.csv can be used as a lookup of LSOAs to "
                     "neighbourhoods").wait_for()
    page.get_by_text("3 neighbourhoods made of 142 LSOAs.").first.wait_for()
    name = page.get_by_label("Save it as")
    name.fill("three thirds")
    name.press("Enter")
    page.get_by_role("button", name="Save these neighbourhoods").click()
    page.get_by_text("three thirds", exact=True).wait_for(timeout=30_000)  # under Saved
    snap(page, "your-data-lookup-saved")
    assert list((app_state / "neighbourhoods").iterdir()), "nothing saved in this app's state"

    areas = page.get_by_role("combobox", name="Areas", exact=True)
    areas.click()
    page.get_by_role("option", name="Neighbourhoods: three thirds").click()
    expect(areas).to_have_value("Neighbourhoods: three thirds", timeout=30_000)

    page.get_by_role("link", name="Map", exact=True).click()
    page.get_by_text(re.compile(r"^3 neighbourhoods \(three thirds\)\.")).wait_for(
        timeout=60_000)
    frame = map_frame(page)
    expect(frame.locator("path.leaflet-interactive")).to_have_count(3, timeout=60_000)
    expect(frame.locator(".tci-legend")).to_have_count(1)
    snap(page, "your-data-three-neighbourhoods-map")
    picker = page.get_by_role("combobox", name=re.compile("^Neighbourhood")).first
    assert any(n in picker.input_value() for n in NEIGHBOURHOODS), picker.input_value()
    assert page.errors == []


def test_a_file_with_a_bad_cell_is_reported_by_row_and_column_and_cannot_be_saved(page,
                                                                                  app_url,
                                                                                  tmp_path):
    codes = oldham_lsoas()[:6]
    table = tmp_path / "my_indicator.csv"
    values = ["1.5", "2.0", "3.25", "seven", "4", "5"]  # 'seven' is on row 5 (header: row 1)
    pd.DataFrame({"lsoa21cd": codes, "youth_clubs": values}).to_csv(table, index=False)

    open_your_data(page, app_url)
    upload(page, table)
    page.get_by_text(re.compile(r"^my_indicator\.csv cannot be used: 1 problem")).wait_for()
    report = page.locator("[data-testid='stDataFrame']")
    expect(report).to_have_count(1)
    # the grid's cells are in the DOM, though not in its accessibility tree
    cells = report.locator("[role='gridcell']")
    expect(cells.first).to_be_attached(timeout=30_000)
    header = [h.strip() for h in report.locator("[role='columnheader']").all_inner_texts()]
    problem = dict(zip(header, [c.strip() for c in cells.all_inner_texts()], strict=False))
    snap(page, "your-data-bad-cell")
    assert problem.get("row") == "5", problem
    assert problem.get("column") == "youth_clubs", problem
    assert problem.get("value") == "seven", problem
    assert problem.get("severity") == "error", problem

    buttons = [b.strip() for b in page.locator("button").all_inner_texts() if b.strip()]
    assert not any(b.startswith(("Save", "Add")) for b in buttons), buttons
    assert page.get_by_label("Save it as").count() == 0
