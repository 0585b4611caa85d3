"""The asset survey in a real browser: an organisation fills it in through its link, seeing
nothing else of the app; an editor accepts it; the organisation is then on the map and in
the Voluntary sector page's tables."""

import re

from playwright.sync_api import expect

from data.store.db import open_engine
from data.store.surveys import SurveyAnswerStore
from tests.browser.conftest import choose, map_frame, map_frame_of, snap
from tests.browser.test_builder import wait_idle

NAME = "Friends of <b>Alexandra</b> Park"  # markup a person typed shows as typed

#: Every asset marker's tooltip on the map, its clusters spread.
_TOOLTIPS = """() => {
    const map = window.tciMap.leaflet, shown = [];
    map.eachLayer(layer => {
        if (layer.getLayers && layer.zoomToShowLayer) {
            for (const marker of layer.getLayers()) {
                const tip = marker.getTooltip();
                if (tip) shown.push(String(tip.getContent()));
            }
        }
    });
    return shown;
}"""


def _choose(page, label: str, option: str) -> None:
    box = page.locator("[data-testid='stMultiSelect']").filter(has_text=label)
    choose(page, box, option, re.compile("^" + re.escape(option)))


def test_an_organisation_answers_an_editor_accepts_and_it_is_counted(page, app_url,
                                                                       app_state):
    engine = open_engine(f"sqlite:///{app_state / 'tci.sqlite3'}")
    store = SurveyAnswerStore(engine)
    _, token = store.links.open_link("E08000004", "Sector survey 2026", "ann")

    page.goto(f"{app_url}/?survey={token}", wait_until="networkidle")
    page.get_by_role("heading", name="Community organisations survey").wait_for(
        timeout=60_000)
    expect(page.locator("[data-testid='stSidebar']")).to_have_count(0)  # nothing else
    expect(page.locator("[data-testid='stSidebarNav']")).to_have_count(0)
    page.get_by_label("Organisation name *").fill(NAME)
    _choose(page, "Fields of work", "Health")
    page.get_by_label("Postcode of your base *").fill("OL8 1AA")
    _choose(page, "Or particular neighbourhoods", "Oldham 024B")
    page.get_by_label("Paid staff (people)").fill("3")
    page.get_by_label("Paid staff (full-time equivalent)").fill("2.5")
    page.get_by_label("Volunteers (people)").fill("12")
    page.get_by_label("Council grants").fill("60")
    page.get_by_label("Donations and fundraising").fill("40")
    page.get_by_label("E-mail").fill("contact@example.org")
    page.get_by_text("Yes, with our name").click()
    snap(page, "survey-filled")
    page.get_by_role("button", name="Send the answers").click()
    page.get_by_text(re.compile("have reached the council")).wait_for(timeout=60_000)
    expect(page.get_by_text(f"the answers for {NAME} have", exact=False)).to_be_visible()
    assert "?survey=" in page.locator("[data-testid='stCode']").inner_text()
    snap(page, "survey-thanks")
    assert [a["answers"]["name"] for a in store.queue("E08000004")] == [NAME]

    page.goto(f"{app_url}/asset-survey", wait_until="networkidle")
    page.get_by_role("tab", name="Waiting to be read (1)").wait_for(timeout=60_000)
    page.get_by_text("contact@example.org").first.wait_for(timeout=30_000)
    snap(page, "survey-queue")
    page.get_by_role("button", name="Accept").click()
    page.get_by_text(f"Added {NAME} to the register.").wait_for(timeout=60_000)
    assert store.queue("E08000004", "accepted")[0]["asset_id"] is not None

    page.goto(f"{app_url}/", wait_until="networkidle")
    map_frame(page)
    _choose(page, "Show community assets on the map", "Voluntary or community")
    frame = map_frame_of(page)
    frame.wait_for_function(f"() => ({_TOOLTIPS})().some(t => t.includes('Alexandra'))",
                            timeout=60_000)
    snap(page, "survey-on-the-map")

    page.goto(f"{app_url}/sector", wait_until="networkidle")
    page.get_by_text(re.compile(r"1 organisation has")).wait_for(timeout=60_000)
    page.get_by_role("heading", name="By field of work").wait_for(timeout=30_000)
    page.get_by_text("Need against capacity").wait_for(timeout=30_000)
    snap(page, "survey-sector")
    assert not page.outside, page.outside
    engine.dispose()


def test_answers_from_a_form_tool_are_matched_checked_and_queued(page, app_url, app_state,
                                                                 tmp_path):
    engine = open_engine(f"sqlite:///{app_state / 'tci.sqlite3'}")
    store = SurveyAnswerStore(engine)
    waiting = len(store.queue("E08000004"))
    path = tmp_path / "form-export.csv"
    header = "Timestamp,Org name,What we do,Post code,Volunteers,Email\n"
    path.write_text(header + "2026-05-01,Oldham Food Share,Social services,OL1 1AA,30,a@b.org\n"
                    "2026-05-02,Knit and Natter,Knitting,OL1 1AA,many,\n", encoding="utf-8")
    page.goto(f"{app_url}/asset-survey", wait_until="networkidle")
    page.get_by_role("tab", name="Import answers").click()
    page.locator("[data-testid='stFileUploader']").filter(
        has_text="File of answers").locator("input[type=file]").set_input_files(str(path))
    fields = page.locator("[data-testid='stSelectbox']").filter(has_text="Fields of work *")
    fields.wait_for(timeout=60_000)
    fields.click()
    page.get_by_role("option", name="What we do").click()
    page.get_by_role("button", name="Check and import").click()
    page.get_by_text("form-export.csv has 2 problems to fix. Nothing from it has been stored."
                     ).wait_for(timeout=60_000)
    snap(page, "survey-import-refused")
    assert len(store.queue("E08000004")) == waiting
    path = tmp_path / "form-export-corrected.csv"  # the same columns: the matching stays
    path.write_text(header + "2026-05-01,Oldham Food Share,Social services,OL1 1AA,30,a@b.org\n"
                    "2026-05-02,Knit and Natter,\"Culture, sport and recreation; other\","
                    "OL1 1AA,4,\n", encoding="utf-8")
    page.locator("[data-testid='stFileUploader']").filter(
        has_text="File of answers").locator("input[type=file]").set_input_files(str(path))
    fields.wait_for(timeout=60_000)
    # the new file's run must be over, or the click lands on the old file's button, redrawn
    page.get_by_text("form-export-corrected.csv").first.wait_for(timeout=60_000)
    wait_idle(page)
    page.get_by_role("button", name="Check and import").click()
    page.get_by_text("Added 2 organisations' answers from form-export-corrected.csv").wait_for(
        timeout=60_000)
    assert len(store.queue("E08000004")) == waiting + 2
    engine.dispose()
