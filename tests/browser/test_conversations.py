"""Community conversations in a real browser: a campaign's file imported, its records on the
profile, and what is held back kept from the public."""

import re

from data.store.db import open_engine
from data.store.themes import ThemeStore
from tests.browser.conftest import snap
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
