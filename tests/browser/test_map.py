"""The live map and meeting mode, in a real browser: clicks that are never lost, a map that is
recoloured rather than redrawn, and a meeting screen that fits a projector.

Not timed: benchmarks/bench_browser.py measures how long these take.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import click_area, map_frame, snap
from tests.browser.test_builder import choose, go_to, open_app, open_builder, wait_idle

PROJECTOR = {"width": 1920, "height": 1080}
PINK = "#e6007e"  # the outline of the selected area


def _area(page) -> str | None:
    return page.evaluate("new URLSearchParams(location.search).get('area')")


def _mark_the_map(page) -> None:
    """Leave a mark on the map's page and its first shape: both go if the map is redrawn."""
    frame = page.frame_locator("iframe[title$='live_map']")
    frame.locator("body").evaluate("b => { window.tciMark = 'kept'; }")
    frame.locator("path.leaflet-interactive").first.evaluate(
        "p => p.setAttribute('data-mark', 'kept')")


def _still_marked(page) -> bool:
    frame = page.frame_locator("iframe[title$='live_map']")
    return (frame.locator("body").evaluate("b => window.tciMark") == "kept"
            and frame.locator("path[data-mark='kept']").count() == 1)


def test_the_first_click_of_a_fresh_session_reaches_the_profile(browser, app_url):
    for attempt in range(3):  # each a new session, clicked as soon as the map is there
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.goto(app_url)
        frame = map_frame(page)
        before = _area(page)
        click_area(frame, 30 + attempt)
        page.wait_for_function("b => new URLSearchParams(location.search).get('area') "
                               "&& new URLSearchParams(location.search).get('area') !== b",
                               arg=before, timeout=60_000)
        code = _area(page)
        page.get_by_text(re.compile(f"^{code} · ")).first.wait_for(timeout=60_000)
        # the clicked area is outlined as the selected one
        expect(frame.locator(f"path[stroke='{PINK}']")).to_have_count(1)
        context.close()


def test_clicks_and_measures_recolour_the_map_without_redrawing_it(page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    legend = frame.locator(".tci-legend")
    before = legend.inner_text()
    _mark_the_map(page)
    codes = []
    for n in (5, 50, 100):
        click_area(frame, n)
        page.wait_for_function("c => new URLSearchParams(location.search).get('area') !== c",
                               arg=codes[-1] if codes else None, timeout=60_000)
        codes.append(_area(page))
        page.get_by_text(re.compile(f"^{codes[-1]} · ")).first.wait_for(timeout=60_000)
    assert len(set(codes)) == 3
    choose(page, "Show", "Domain: Crime and safety")
    expect(legend).not_to_have_text(before, timeout=60_000)
    expect(legend).to_contain_text("Crime and safety score")
    choose(page, "Classes", "Deciles (ten equal groups)")
    expect(legend).to_contain_text("Decile 1 (most in need)")
    assert _still_marked(page)  # the same map throughout, recoloured in place
    assert page.errors == [], page.errors
    assert page.outside == [], page.outside


def test_a_tooltip_is_compact_and_stays_inside_the_map(page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    box = page.locator("iframe[title$='live_map']").bounding_box()
    tooltip = frame.locator(".leaflet-tooltip")
    for x, y in ((0.5, 0.03), (0.97, 0.5), (0.5, 0.97), (0.03, 0.5), (0.5, 0.5)):
        page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
        page.mouse.move(box["x"] + box["width"] * x + 1, box["y"] + box["height"] * y + 1)
        if not tooltip.count():
            continue  # no neighbourhood under the pointer there
        tip = tooltip.bounding_box()
        assert tip["width"] <= 260 and tip["height"] <= 200, tip
        assert 0 <= tip["y"] - box["y"] and tip["y"] + tip["height"] <= box["y"] + box["height"]
        assert 0 <= tip["x"] - box["x"] and tip["x"] + tip["width"] <= box["x"] + box["width"]
    snap(page, "tooltip-inside")
    page.mouse.move(5, 5)  # off the map, as to a menu: the tooltip goes
    expect(tooltip).to_have_count(0)


def _card(page):
    """Meeting mode's card: the innermost block holding the neighbourhood's heading."""
    return page.locator("[data-testid='stVerticalBlock']").filter(
        has=page.locator("h3")).filter(has_text="average").last


def _card_text(page) -> str:
    return _card(page).inner_text()


@pytest.mark.parametrize("normalisation", ["zscore", "minmax"])
def test_meeting_mode_compares_with_the_borough_as_the_profile_does(page, app_url,
                                                                   normalisation):
    page.set_viewport_size(PROJECTOR)
    if normalisation == "zscore":
        open_app(page, f"{app_url}/", "Index score")  # the shipped index uses z-scores
    else:
        open_builder(page, app_url)
        choose(page, "Normalisation", "min–max rescaling (0 to 100)")
    go_to(page, "Meeting mode", "Neighbourhood 1 of")
    for step, band in ((None, "Most need (top fifth)"), ("ArrowLeft", "Least need")):
        if step:
            map_frame(page)  # drawn: the map has had what it asked the app for
            wait_idle(page)
            page.get_by_role("heading", name=re.compile("^How are")).click()
            page.keyboard.press(step)
            page.get_by_text(re.compile("^Neighbourhood 142 of 142")).wait_for(timeout=60_000)
        card = _card_text(page)
        assert band in card
        overall = "more need than the Oldham average" if step is None else \
            "less need than the Oldham average"
        assert overall in card, card
        more = re.search(r"More need than the Oldham average on: (.*)\.", card)
        less = re.search(r"Less need than the Oldham average on: (.*)\.", card)
        more = set(more.group(1).split(", ")) if more else set()
        less = set(less.group(1).split(", ")) if less else set()
        name = _card(page).locator("h3").inner_text()
        name = name.split(" · ")[0]
        snap(page, f"meeting-{normalisation}-{'last' if step else 'first'}")

        go_to(page, "Neighbourhood profile", "Rank interval:")
        picker = page.get_by_role("combobox", name=re.compile("^Neighbourhood")).first
        wait_idle(page)
        picker.click()
        page.keyboard.type(name)
        page.get_by_role("option", name=re.compile(f"^{re.escape(name)} \\(")).click()
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(
            timeout=30_000)
        words = page.get_by_text(re.compile(f"^Domain scores for {re.escape(name)},"))
        words.first.wait_for(timeout=60_000)  # drawn after the heading, in the same run
        words = words.first.inner_text()
        above = set(re.findall(r"(?:^|; |: )([^;:(]+?) [-−\d.,]+ \(above", words))
        below = set(re.findall(r"(?:^|; |: )([^;:(]+?) [-−\d.,]+ \(below", words))
        assert (above, below) == (more, less), (words, card)
        go_to(page, "Meeting mode", "Neighbourhood")


def test_the_meeting_card_and_map_fit_a_projector_and_read_from_the_back(page, app_url):
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{app_url}/?mode=meeting")
    frame = map_frame(page)
    page.get_by_text(re.compile("^Neighbourhood 1 of")).wait_for(timeout=60_000)
    # the first card's neighbourhood (the most in need) is outlined on the map
    expect(frame.locator(f"path[stroke='{PINK}']")).to_have_count(1)
    card = _card(page)
    for element in (page.locator("iframe[title$='live_map']"), card,
                    page.get_by_text(re.compile("^Neighbourhood 1 of")),
                    page.get_by_role("button", name=re.compile("Next"))):
        box = element.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"], box
    sizes = page.evaluate("""() => [...document.querySelectorAll(
        "[data-testid='stMain'] p, [data-testid='stMain'] button p")]
        .filter(p => p.offsetParent && p.innerText.trim())
        .map(p => parseFloat(getComputedStyle(p).fontSize))""")
    assert sizes and min(sizes) >= 20, sizes  # about 6 mm tall on a 2 m wide screen
    ward_labels = frame.locator(".tci-ward-label")
    assert float(ward_labels.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 15
    # and every ward's name is whole, none cut at the map's edge
    cut = frame.locator(".leaflet-container").evaluate("""map => {
        const edge = map.getBoundingClientRect();
        return [...map.querySelectorAll(".tci-ward-label")].filter(label => {
            const box = label.getBoundingClientRect();
            return box.left < edge.left || box.right > edge.right
                || box.top < edge.top || box.bottom > edge.bottom;
        }).map(label => label.innerText); }""")
    assert ward_labels.count() >= 20 and cut == [], cut
    assert _overlapping_names(frame) == []
    legend = frame.locator(".tci-legend")
    assert float(legend.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 18
    page.keyboard.press("ArrowRight")
    page.get_by_text(re.compile("^Neighbourhood 2 of")).wait_for(timeout=60_000)
    expect(frame.locator(f"path[stroke='{PINK}']")).to_have_count(1)
    snap(page, "meeting-projector")
    # opened from the sidebar, its large type stays out of the sidebar
    open_app(page, f"{app_url}/", "Index score")
    go_to(page, "Meeting mode", "Neighbourhood")
    sidebar = page.evaluate("""() => [...document.querySelectorAll(
        "[data-testid='stSidebar'] p")].filter(p => p.offsetParent)
        .map(p => parseFloat(getComputedStyle(p).fontSize))""")
    assert sidebar and max(sidebar) <= 16, sidebar
    assert page.errors == [], page.errors


def test_switching_the_areas_draws_the_new_areas_and_back(page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    expect(frame.locator("path.leaflet-interactive")).to_have_count(142)
    choose(page, "Areas", "Electoral wards (May 2023)")
    expect(frame.locator("path.leaflet-interactive")).to_have_count(20, timeout=60_000)
    choose(page, "Areas", "LSOAs (2021)")
    expect(frame.locator("path.leaflet-interactive")).to_have_count(142, timeout=60_000)
    click_area(frame, 12)  # the map drawn again still takes clicks
    page.wait_for_function("new URLSearchParams(location.search).get('area')",
                           timeout=60_000)
    assert page.errors == [], page.errors


def _overlapping_names(frame) -> list[list[str]]:
    """The pairs of ward names shown on a map that overlap each other."""
    return frame.locator(".leaflet-container").evaluate("""map => {
        const shown = [...map.querySelectorAll(".tci-ward-label")]
            .filter(l => l.style.visibility !== "hidden" && l.getBoundingClientRect().width);
        const pairs = [];
        shown.forEach((a, i) => shown.slice(i + 1).forEach(b => {
            const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
            if (p.left < q.right && p.right > q.left && p.top < q.bottom && p.bottom > q.top) {
                pairs.push([a.innerText, b.innerText]);
            }
        }));
        return pairs; }""")


def _names_shown(frame) -> int:
    return frame.locator(".tci-ward-label").evaluate_all(
        "ls => ls.filter(l => l.style.visibility !== 'hidden').length")


def test_ward_names_never_overlap_and_more_show_as_the_map_is_zoomed_in(page, app_url):
    page.goto(f"{app_url}/builder")
    page.get_by_text("The map of this index").wait_for(timeout=60_000)
    frame = map_frame(page)
    expect(frame.locator(".tci-ward-label").first).to_be_attached(timeout=60_000)
    page.wait_for_timeout(500)  # the map has fitted its areas
    small = _names_shown(frame)
    assert _overlapping_names(frame) == [] and 5 <= small < 20, small  # a small map: some
    frame.locator(".leaflet-control-zoom-in").click()
    # closer in, room for more names: shown once the zoom has ended (later on a busy machine)
    deadline = time.monotonic() + 30
    while _names_shown(frame) <= small and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert _names_shown(frame) > small
    assert _overlapping_names(frame) == []


def test_what_became_of_a_promise_and_a_featured_story_still_fit_the_card(page, app_url,
                                                                         app_state):
    """The most in-need neighbourhood's card with a promise, a featured story and notes: the
    card still fits a projector's screen, with what people were told in words they read."""
    from data.store.db import open_engine
    from data.store.promises import PromiseStore
    from data.store.stories import StoryStore
    from data.store.surveys import SurveyAnswerStore

    engine = open_engine(f"sqlite:///{app_state / 'tci.sqlite3'}")
    promises, stories = PromiseStore(engine), StoryStore(engine)
    answers = SurveyAnswerStore(engine)
    link, _ = answers.links.open_link("E08000004", "", "a")
    organisations = []
    for name in ("Alexandra Park Community Gardeners", "Glodwick Lions Youth Football Club",
                 "Oldham Women's Advice and Wellbeing Centre", "Hathershaw Food Share"):
        answer = answers.submit(link, {"name": name, "fields_of_work": "health",
                                       "postcode": "OL8 1AA", "serves": "E01005434"}, name)
        organisations.append(answers.accept(answer["id"], 1, "a", (-2.1, 53.53),
                                            locate=lambda lon, lat: (
                                                "E01005434", "E05000744", "E08000004")))
    promise = promises.add({
        "lad_code": "E08000004", "areas": "E01005434", "visibility": "public",
        "asked": "The path by the brook floods every winter and children cannot walk to school.",
        "promised": "We will clear the drains and resurface the path.",
        "by_organisation": "Oldham Council", "made_at": "Coldhurst community meeting",
        "made_on": "2026-03-10", "status": "in progress",
        "progress": "The drains were cleared in June; resurfacing is booked for January."}, "a")
    story = stories.add({
        "lad_code": "E08000004", "areas": "E01005434", "visibility": "public", "consent": True,
        "featured": True, "title": "The garden that brought a street together",
        "story": "Two neighbours cleared the alley behind Hollins Road.",
        "what_changed": "Fewer people say they feel lonely, and the alley is no longer "
                        "fly-tipped: twenty households grow food there now.",
        "story_date": "2026-08-20", "author": "Asha", "source": "community conversation"}, "a")
    # a partnership of the area whose five partners said how ready they are: one line more
    from data.store.readiness import ReadinessStore

    readiness = ReadinessStore(engine)
    partnership = readiness.add_partnership("Coldhurst Partnership", "E08000004", "a",
                                            place_code="E01005434")
    wave = readiness.open_wave(partnership["id"], "2026", "a")
    readiness.import_responses(wave["id"], [
        {"sector": "public", "role_level": "strategic", "citizens_importance": 3,
         "citizens_prevalence": 1}] * 5, "answers.csv", "a")
    try:
        page.set_viewport_size(PROJECTOR)
        page.goto(f"{app_url}/?mode=meeting")
        # the caption below the card comes last in the run: the whole card has arrived
        page.get_by_text(re.compile("^Neighbourhood 1 of")).wait_for(timeout=60_000)
        text = _card_text(page)
        assert "Here is what happened: Under way: The drains were cleared in June" in text
        assert "A story from here: The garden that brought a street together." in text
        assert "Organisations you can turn to:" in text and "more" in text
        assert "How ready partners" not in text  # two voices already: no room for it
        box = _card(page).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"], box
        snap(page, "meeting-promise-and-story")
        # without the story, the partners' readiness takes its place, and the card fits
        stories.retire(story["id"], 1, "a")
        story["version"] = 2
        page.reload()
        page.get_by_text(re.compile("^Neighbourhood 1 of")).wait_for(timeout=60_000)
        text = _card_text(page)
        assert ("How ready partners are to work together: Partners say residents' voice "
                "matters a great deal (3.0 of 3)") in text
        box = _card(page).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"], box
        snap(page, "meeting-promise-and-readiness")
    finally:  # the other tests' cards stay as they were
        promises.retire(promise["id"], 1, "a")
        if story["version"] == 1:
            stories.retire(story["id"], 1, "a")
        readiness.partnerships.retire(partnership["id"], partnership["version"], "a")
        for organisation in organisations:
            answers.assets.retire(organisation["id"], organisation["version"], "a")
        engine.dispose()
