"""The main flows, in a real browser."""

import re

from tests.browser.conftest import click_area, download, map_frame, on_messages, snap
from tests.browser.test_builder import wait_idle


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
    click_area(frame, 40)
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
    path = download(page, "Download this neighbourhood's briefing (PDF)", tmp_path)
    assert path.name == "E01005376_oldham-031d.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    snap(page, "briefing-downloaded")


def test_meeting_mode_shows_no_internal_note_and_no_editing_control(page, app_url, app_state):
    from data.store.db import open_engine
    from data.store.notes import NoteStore

    store = NoteStore(open_engine(f"sqlite:///{app_state / 'tci.sqlite3'}"))
    base = {"area_code": "E01005434", "note_date": "2026-04-01", "author": "Asha",
            "source": "meeting"}
    store.add({**base, "text": "Everyone enjoyed the summer fair.", "visibility": "public",
               "consent": True}, "a")
    store.add({**base, "text": "Confidential: rent arrears list.", "visibility": "internal"},
              "a")
    page.goto(f"{app_url}/?mode=meeting", wait_until="networkidle")
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() == 142
    page.get_by_text("Everyone enjoyed the summer fair.").first.wait_for(timeout=30_000)
    snap(page, "meeting-mode")
    body = page.inner_text("body")
    assert "Confidential" not in body and "rent arrears" not in body
    assert page.locator("textarea").count() == 0
    assert page.locator("input[type=text]").count() == 0
    buttons = [b.strip() for b in page.locator("button").all_inner_texts() if b.strip()]
    assert any(b.startswith("◀ Previous") for b in buttons)  # with its arrow-key hint
    assert any(b.startswith("Next ▶") for b in buttons)
    assert not any(b.startswith(("Add", "Save", "Retire", "Import", "Edit")) for b in buttons)
    page.keyboard.press("ArrowRight")
    page.get_by_text("Neighbourhood 2 of 142").wait_for(timeout=30_000)
    snap(page, "meeting-mode-next")
    assert page.outside == [], page.outside


def test_a_neighbourhood_can_be_chosen_with_the_keyboard(page, app_url):
    page.goto(f"{app_url}/profile", wait_until="networkidle")
    picker = page.get_by_role("combobox", name=re.compile("^Neighbourhood")).first
    picker.wait_for(timeout=30_000)
    wait_idle(page)
    picker.focus()
    page.keyboard.type("Oldham 031D")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Oldham 031D", exact=True).wait_for(timeout=30_000)
    snap(page, "keyboard-choice")


def test_downloading_the_results_gives_a_workbook_with_small_numbers_blank(page, app_url,
                                                                          tmp_path):
    import pandas as pd

    page.goto(f"{app_url}/downloads", wait_until="networkidle")
    page.get_by_text("Excel workbook").click()
    path = download(page, "Download as Excel workbook", tmp_path)
    assert path.name == "tci_oldham_lsoa.xlsx"
    sheets = pd.read_excel(path, sheet_name=None, index_col=0, engine="openpyxl")
    assert list(sheets) == ["results", "metadata"] and len(sheets["results"]) == 142
    results = sheets["results"]
    hidden = results["suppressed"].notna()
    assert hidden.any() and results.loc[hidden, "road_casualties_value"].isna().all()
    snap(page, "results-downloaded")


def test_a_tooltip_over_the_legend_fades_the_legend(page, app_url):
    from playwright.sync_api import expect

    page.goto(f"{app_url}/?mode=meeting", wait_until="networkidle")
    frame = map_frame(page)
    legend, tooltip = frame.locator(".tci-legend"), frame.locator(".leaflet-tooltip")
    page.locator("iframe[title$='live_map']").evaluate(
        "e => e.scrollIntoView({block: 'end'})")  # the whole legend on screen
    page.wait_for_timeout(1000)  # let the page settle after scrolling
    box = legend.bounding_box()

    def meets(a, b):
        return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
                and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])

    # the areas are drawn clear of the legend, but a tooltip beside the pointer can reach it
    area = page.locator("iframe[title$='live_map']").bounding_box()
    spots = [(area["x"] + area["width"] * i / 40, area["y"] + area["height"] * j / 40)
             for j in range(39, 15, -2) for i in range(2, 39)]
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    spots.sort(key=lambda s: abs(s[0] - middle[0]) + abs(s[1] - middle[1]))  # nearest first
    for x, y in spots:
        page.mouse.move(x, y)
        if tooltip.count() and tooltip.is_visible() and meets(tooltip.bounding_box(), box):
            break
    else:
        raise AssertionError("no tooltip overlapped the legend")
    assert float(legend.evaluate("e => getComputedStyle(e).opacity")) < 0.5
    assert legend.evaluate("e => getComputedStyle(e).pointerEvents") == "none"
    expect(frame.locator(".leaflet-control-layers")).to_have_css("opacity", "1")  # not under it
    snap(page, "tooltip-over-legend")

    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(legend).to_have_css("opacity", "1")  # pointing at the legend gives it back
    page.mouse.move(x, y)
    expect(legend).to_have_css("pointer-events", "none")
    page.mouse.move(5, 5)  # off the map
    expect(legend).to_have_css("opacity", "1")
    expect(legend).to_have_css("pointer-events", "auto")


def _elements_sent(page) -> list[tuple[str | None, tuple[int, ...]]]:
    """Record, in the returned list, each element the app sends this page: its kind (None
    when it is sent as a reference to one the page already has) and its place on the page."""
    sent: list[tuple[str | None, tuple[int, ...]]] = []

    def element(message) -> None:
        kind = message.WhichOneof("type")
        if kind == "delta" and message.delta.HasField("new_element"):
            sent.append((message.delta.new_element.WhichOneof("type"),
                         tuple(message.metadata.delta_path)))
        elif kind == "ref_hash":
            sent.append((None, tuple(message.metadata.delta_path)))

    on_messages(page, element)
    return sent


def test_verifying_an_asset_redraws_only_the_register_and_adding_one_the_counts_too(page,
                                                                                    app_url):
    sent = _elements_sent(page)
    page.goto(f"{app_url}/assets", wait_until="networkidle")
    page.get_by_text("Need against assets").wait_for(timeout=60_000)
    wait_idle(page)
    chart = next(place for kind, place in sent if kind == "vega_lite_chart")

    sent.clear()
    verify = page.get_by_role("button", name=re.compile("^Verified today: "))
    name = verify.inner_text().split("Verified today: ", 1)[1].split(" is still there")[0]
    verify.click()
    page.get_by_text(f"Recorded that {name} was still there today").wait_for(timeout=30_000)
    wait_idle(page)
    assert sent  # the register, drawn again with the date it was checked...
    assert chart not in [place for _, place in sent]  # ...not the counts above, the same

    sent.clear()
    page.locator("summary", has_text="Add an asset").click()
    form = page.locator("[data-testid='stForm']").filter(
        has=page.get_by_role("button", name="Add asset"))
    form.get_by_label("Name", exact=True).fill("Union Street food pantry")
    form.get_by_label("Longitude").fill("-2.1168")
    form.get_by_label("Latitude").fill("53.5409")
    form.get_by_label("Address", exact=True).fill("1 Union Street, Oldham")
    form.get_by_role("button", name="Add asset").click()
    page.get_by_text("Added Union Street food pantry to the register").wait_for(timeout=30_000)
    wait_idle(page)
    assert chart in [place for _, place in sent]  # one more asset: the counts drawn again
    assert page.errors == [], page.errors
