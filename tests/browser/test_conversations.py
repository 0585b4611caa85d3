"""Community conversations in a real browser: a campaign's file imported, its records on the
profile, and what is held back kept from the public."""

import re

from data.store.db import open_engine
from data.store.themes import ThemeStore
from tests.browser.conftest import choose, snap
from tests.data.store.test_conversations import GOOD, THEMES


def test_a_campaign_file_is_imported_and_its_records_are_on_the_profile(page, app_url,
                                                                          app_state, tmp_path):
    engine = open_engine(f"sqlite:///{app_state / 'tci.sqlite3'}")
    themes = ThemeStore(engine)
    for name in set(THEMES) - set(themes.names()):
        themes.add({"name": name}, "ann")
    engine.dispose()
    path = tmp_path / "door-knock.csv"
    path.write_text(GOOD.replace("The youth club closed", "Ring Jo on 07700 900123"),
                    encoding="utf-8")
    page.goto(f"{app_url}/conversations", wait_until="networkidle")
    page.get_by_role("heading", name="Community conversations").wait_for(timeout=60_000)
    page.locator("[data-testid='stFileUploader']").filter(
        has_text="A conversation file").locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Check and import").click()
    page.get_by_text("Imported 4 records from door-knock.csv.").wait_for(timeout=60_000)
    snap(page, "conversations-imported")
    page.get_by_role("tab", name="Held back for a check").click()
    page.get_by_text("Ring Jo on 07700 900123").wait_for(timeout=30_000)
    page.goto(f"{app_url}/profile?area=E01005320", wait_until="networkidle")
    page.get_by_text("Cars on the pavement").first.wait_for(timeout=60_000)
    held = page.get_by_text(re.compile("Marked public, held back: it seems to hold a phone"))
    held.first.wait_for(timeout=30_000)
    page.get_by_text(re.compile(r"^Young people: 1 record")).first.wait_for(timeout=30_000)
    snap(page, "conversations-on-the-profile")


def test_what_people_said_reaches_the_themes_map_and_a_promise_the_meeting(page, app_url,
                                                                          app_state, tmp_path):
    """A campaign's file imported, its theme on the What people say map, a promise made in
    answer recorded, and meeting mode telling residents what became of it."""
    from data.store.promises import PromiseStore

    path = tmp_path / "listening.csv"
    rows = [f"Damp in the flats on Union Street {n},0{n + 1}/01/2026,Asha,community "
            "conversation,Housing,public,yes,E01005434,,,,," for n in range(6)]
    path.write_text(GOOD.split("\n")[0] + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    page.goto(f"{app_url}/conversations", wait_until="networkidle")
    page.locator("[data-testid='stFileUploader']").filter(
        has_text="A conversation file").locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Check and import").click()
    page.get_by_text("Imported 6 records from listening.csv.").wait_for(timeout=60_000)

    page.goto(f"{app_url}/voice", wait_until="networkidle")
    page.get_by_role("heading", name="What people say", exact=True).wait_for(timeout=60_000)
    theme = page.locator("[data-testid='stSelectbox']").filter(has_text="Theme")
    theme.click()
    page.get_by_role("option", name="Housing").click()
    page.get_by_text(re.compile(r"Housing: records raising it, across Oldham's")).wait_for(
        timeout=30_000)
    assert "Oldham 024B" in page.get_by_text(re.compile("^Housing: records")).inner_text()
    snap(page, "voice-housing")

    page.goto(f"{app_url}/promises", wait_until="networkidle")
    page.locator("summary", has_text="Record a promise").click()
    form = page.locator("[data-testid='stForm']").filter(
        has=page.get_by_role("button", name="Add promise"))
    asked = "Fix the damp in the flats on Union Street."
    form.get_by_label("What people asked for (you said)").fill(asked)
    form.get_by_label("What was promised (we will)").fill("A survey of every flat by spring.")
    form.get_by_label("Organisation that promised it").fill("Oldham Council")
    form.get_by_label("Where it was made (the meeting or conversation)").fill("Listening event")
    choose(page, form.locator("[data-testid='stMultiSelect']").filter(
        has_text="For which areas"), "Oldham 024B", re.compile(r"^Oldham 024B"))
    form.get_by_role("button", name="Add promise").click()
    page.get_by_text(asked).first.wait_for(timeout=60_000)
    engine = open_engine(f"sqlite:///{app_state / 'tci.sqlite3'}")
    promises = PromiseStore(engine)
    (promise,) = [p for p in promises.promises() if p["asked"] == asked]
    try:
        assert promise["areas"] == ["E01005434"]
        page.goto(f"{app_url}/?mode=meeting", wait_until="networkidle")
        page.get_by_text("Last time you told us").wait_for(timeout=60_000)
        card = page.locator("[data-testid='stVerticalBlock']").filter(
            has=page.locator("h3")).filter(has_text="Last time you told us").last
        assert asked in card.inner_text() and "Not started yet." in card.inner_text()
        snap(page, "meeting-you-said-we-did")
    finally:  # the other tests' meeting cards stay as they were
        promises.retire(promise["id"], promise["version"], "test")
        engine.dispose()
