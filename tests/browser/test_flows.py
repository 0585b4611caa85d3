"""The main flows, in a real browser."""

import re

from tests.browser.conftest import map_frame, snap


def test_the_map_draws_every_neighbourhood_with_no_internet(page, app_url):
    page.goto(app_url, wait_until="networkidle")
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() == 142
    assert frame.locator(".tci-legend").count() == 1
    snap(page, "map")
    assert page.outside == [], page.outside
    assert page.errors == []


def test_clicking_a_neighbourhood_opens_its_profile(page, app_url):
    page.goto(app_url, wait_until="networkidle")
    frame = map_frame(page)
    before = page.get_by_text(re.compile(r"^E0\d{7} · ")).first.inner_text()
    page.wait_for_timeout(3000)  # let the map component settle before it reports clicks
    frame.locator("path.leaflet-interactive").nth(40).click(force=True)
    page.wait_for_function("new URLSearchParams(location.search).has('area')", timeout=30_000)
    code = page.evaluate("new URLSearchParams(location.search).get('area')")
    caption = page.get_by_text(re.compile(f"^{code} · "))
    caption.wait_for(timeout=30_000)
    assert caption.inner_text() != before
    snap(page, "profile-after-click")


def test_adding_a_note_shows_it(page, app_url):
    page.goto(f"{app_url}/profile?area=E01005376", wait_until="networkidle")
    page.get_by_text("Add a note").click()
    text = "Residents asked for a bench by the bus stop on Hollins Road."
    page.get_by_label("What was said or seen").last.fill(text)
    page.get_by_role("button", name="Add note").click()
    page.get_by_text(text).first.wait_for(timeout=30_000)
    snap(page, "note-added")


def test_downloading_a_briefing_gives_a_pdf(page, app_url, tmp_path):
    page.goto(f"{app_url}/profile?area=E01005376", wait_until="networkidle")
    button = page.get_by_text("Download this neighbourhood's briefing (PDF)")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "E01005376_oldham-031d.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    snap(page, "briefing-downloaded")
