"""Two people editing the same record at once, in two browser sessions: a change saved by
one is never lost or undone by the other, whose stale change is refused with the newer
version shown."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import count_runs, snap
from tests.browser.test_builder import app_run, click_for_run, wait_idle

AREA = "E01005390"  # an Oldham LSOA no other browser test writes notes for


@pytest.fixture
def two(browser):
    """Two sessions (two people) with their own browser contexts."""
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000})
                for _ in range(2)]
    pages = [context.new_page() for context in contexts]
    for page in pages:
        count_runs(page)
    yield pages
    for context in contexts:
        context.close()


@pytest.fixture
def stores(app_state):
    from data.store.assets import AssetStore
    from data.store.db import open_engine
    from data.store.notes import NoteStore

    engine = open_engine(f"sqlite:///{app_state / 'tci.sqlite3'}")
    yield NoteStore(engine), AssetStore(engine)
    engine.dispose()


def _stale_refusal(page) -> None:
    expect(page.get_by_text("after you started editing, so your change was not saved")
           .first).to_be_visible(timeout=30_000)


def _note_card(page, text: str):
    """The bordered card of the note holding ``text``, with its editing controls opened."""
    card = page.locator("[data-testid='stVerticalBlock']").filter(has_text=text).filter(
        has=page.get_by_text("Edit, retire or see the history")).last
    card.get_by_text("Edit, retire or see the history").click()
    return card


def _internal_note(notes, text: str) -> dict:
    return notes.add({"area_code": AREA, "note_date": "2026-05-01", "author": "Asha",
                      "source": "community conversation", "visibility": "internal",
                      "text": text}, "asha")


def _open_note(page, url: str, text: str):
    page.goto(f"{url}/profile?area={AREA}", wait_until="networkidle")
    page.get_by_text(text).first.wait_for(timeout=60_000)
    wait_idle(page)  # an expander opened while the page is drawn again can close
    return _note_card(page, text)


def test_a_note_saved_by_a_colleague_is_not_overwritten_by_an_older_form(two, app_url, stores):
    notes, _ = stores
    note = _internal_note(notes, "The lift in Block C is broken again.")
    first, second = two
    mine = _open_note(first, app_url, "Block C")
    theirs = _open_note(second, app_url, "Block C")
    theirs.get_by_label("What was said or seen").fill("The lift in Block C was mended.")
    theirs.get_by_role("button", name="Save note").click()
    expect(second.get_by_text("The lift in Block C was mended.").first).to_be_visible(
        timeout=30_000)

    mine.get_by_label("What was said or seen").fill("The lift in Block C is broken (3 weeks).")
    mine.get_by_role("button", name="Save note").click()
    _stale_refusal(first)
    expect(first.get_by_text("The lift in Block C was mended.").first).to_be_visible()
    snap(first, "stale-note-refused")
    assert notes.get(note["id"])["text"] == "The lift in Block C was mended."


def test_a_note_retired_by_a_colleague_is_not_brought_back_by_retire(two, app_url, stores):
    notes, _ = stores
    note = _internal_note(notes, "Bins left out on Ash Street.")
    first, second = two
    for page in two:
        page.goto(f"{app_url}/profile?area={AREA}", wait_until="networkidle")
        page.get_by_text("Show retired notes").wait_for(timeout=60_000)
        with app_run(page):  # the note shows before and after: wait for the page drawn again
            page.get_by_text("Show retired notes").click()
        expect(page.get_by_text("Ash Street").first).to_be_visible(timeout=30_000)
        wait_idle(page)  # a click while the page is drawn again can be lost (as on CI once)
    mine, theirs = (_note_card(page, "Ash Street") for page in two)
    click_for_run(second, theirs.get_by_role("button", name="Retire", exact=True))
    expect(second.get_by_text("Note retired.")).to_be_visible(timeout=30_000)

    click_for_run(first, mine.get_by_role("button", name="Retire", exact=True))
    _stale_refusal(first)
    assert notes.get(note["id"])["retired"] is True


def _open_asset(page, url: str, name: str, address: str):
    page.goto(f"{url}/assets", wait_until="networkidle")
    page.get_by_label("Search names and addresses").wait_for(timeout=60_000)
    wait_idle(page)
    page.get_by_label("Search names and addresses").fill(address)
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"{name} · version").first).to_be_visible(timeout=30_000)


@pytest.mark.parametrize("colleague", ["rename", "retire"])
def test_an_asset_changed_by_a_colleague_is_not_verified_or_undone(two, app_url, stores, root,
                                                                   oldham, colleague):
    _, assets = stores
    from data.areas.geography import area_locator

    name = f"Hollins Community Pantry {colleague}"
    locate = area_locator(oldham.lsoas)
    address = f"1 {colleague.title()} Test Lane"
    assets.seed(root, "E08000004")  # as the app does on first use, before anyone adds
    asset = assets.add({"name": name, "category": "food_bank", "lon": "-2.0951",
                        "lat": "53.5302", "address": address, "source": "council survey"},
                       "asha", locate=locate)
    first, second = two
    for page in two:
        _open_asset(page, app_url, name, address)
    if colleague == "rename":  # as a colleague's session would, after this page was drawn
        assets.edit(asset["id"], 1, {**asset, "name": "CLOSED - do not send people"}, "ben",
                    locate=locate)
        first.get_by_role("button", name=f"Verified today: {name} is still there").click()
    else:
        with app_run(first):  # its page drawn before the colleague retires it
            first.get_by_text("Show retired", exact=True).click()
        expect(first.get_by_text(f"{name} · version").first).to_be_visible(timeout=30_000)
        second.get_by_role("button", name="Retire (closed or gone)").click()
        expect(second.get_by_text(f"Retired {name}.")).to_be_visible(timeout=30_000)
        first.get_by_role("button", name="Retire (closed or gone)").click()
    _stale_refusal(first)
    snap(first, f"stale-asset-{colleague}-refused")
    now = assets.get(asset["id"])
    assert now["version"] == 2 and now["last_verified"] == asset["last_verified"]
    assert now["retired"] is (colleague == "retire")
