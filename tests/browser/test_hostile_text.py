"""Hostile text from users and files, in a real browser: shown as written, never run.

The app of this module starts with a state folder that already holds what an attacker
could have put there: a neighbourhood set whose codes and names carry script, an asset
whose name and address carry HTML and JavaScript, and notes whose text and author carry
Markdown images (tracking pixels). Every script here calls ``alert``, so any that ran
shows as a dialog.
"""

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import count_runs, map_frame, map_frame_of, running_app, snap
from tests.browser.test_builder import wait_idle

BOROUGH = "E08000004"  # Oldham
AREA = "E01005376"  # Oldham 031D
LIBRARIES = "Library"
PIXEL = "http://evil.example/pixel.png"
#: Names that would run script if written unescaped into HTML, a JavaScript template literal
#: (as folium writes tooltips and popups) or Markdown.
HOSTILE_NAME = "West `${alert('name')}` & \"co\" 'x'"
HOSTILE_CODE = "N`${alert('code')}`"
HOSTILE_ASSET = "Lib <img src=x onerror=alert('asset')> `${alert('tip')}`"
HOSTILE_ADDRESS = "1 High St <script>alert('address')</script> ${alert('popup')}"


@pytest.fixture(scope="module")
def hostile_url(root, oldham):
    from data.areas.geography import area_locator
    from data.store.assets import AssetStore
    from data.store.db import database_url, open_engine
    from data.store.neighbourhoods import NeighbourhoodStore
    from data.store.notes import NoteStore

    state = Path(tempfile.mkdtemp(prefix="tci-hostile-"))
    lsoas = oldham.lsoas["lsoa21cd"].tolist()
    half = len(lsoas) // 2
    NeighbourhoodStore(state / "neighbourhoods").save("Hostile", pd.DataFrame(
        {"neighbourhood_code": [HOSTILE_CODE] * half + ["N2"] * (len(lsoas) - half),
         "neighbourhood_name": [HOSTILE_NAME] * half + ["East"] * (len(lsoas) - half)},
        index=pd.Index(lsoas, name="lsoa21cd")))
    engine = open_engine(database_url({"TCI_STATE_DIR": str(state)}))
    assets = AssetStore(engine)
    assets.seed(root, BOROUGH)
    assets.add({"name": HOSTILE_ASSET, "category": "library", "lon": "-2.0951",
                "lat": "53.5302", "address": HOSTILE_ADDRESS, "source": "council survey"},
               "![me](" + PIXEL + ")", locate=area_locator(oldham.lsoas))
    notes = NoteStore(engine)
    for author, text in ((f"![a]({PIXEL})", f"Look ![pixel]({PIXEL}) <b>bold</b>"),
                         ("Asha", f"[click me]({PIXEL}) `${{alert('note')}}`")):
        notes.add({"area_code": AREA, "note_date": "2026-05-04", "author": author,
                   "source": "community conversation", "themes": "young people",
                   "visibility": "public", "consent": True, "text": text}, author)
    engine.dispose()
    with running_app(state) as url:
        yield url


@pytest.fixture
def watched(profile, hostile_url):
    """A page that records every dialog (a script that ran) and request to elsewhere."""
    page = profile.new_page()
    count_runs(page)
    page.dialogs, page.outside = [], []

    def dialog(d):
        page.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.on("request", lambda r: page.outside.append(r.url)
            if not r.url.startswith((hostile_url, "data:", "blob:", "about:")) else None)
    yield page
    page.close()


#: Whether the map drawn has its layer of assets.
_HAS_ASSETS = """() => {
    let found = false;
    if (window.tciMap) {
        window.tciMap.leaflet.eachLayer(l => { found = found || !!l.zoomToShowLayer; });
    }
    return found;
}"""

#: Opens, as a click would, the tooltip and the popup of every asset marker whose tooltip
#: names a library, zooming the clusters so it shows; returns the texts shown.
_OPEN_ASSETS = """async () => {
    const map = window.tciMap.leaflet, shown = [];
    const clusters = [];
    map.eachLayer(layer => { if (layer.getLayers && layer.zoomToShowLayer) clusters.push(layer); });
    for (const cluster of clusters) {
        for (const marker of cluster.getLayers()) {
            const tip = marker.getTooltip();
            if (!tip || !String(tip.getContent()).includes("Lib ")) continue;
            await new Promise(done => cluster.zoomToShowLayer(marker, done));
            marker.openTooltip();
            shown.push(marker.getTooltip().getElement().textContent.trim());
            marker.openPopup();
            shown.push(marker.getPopup().getElement().textContent.trim());
        }
    }
    return shown;
}"""


def test_hostile_codes_and_names_on_the_map_show_as_written(watched, hostile_url):
    page = watched
    page.goto(f"{hostile_url}/?borough={BOROUGH}&level=custom:Hostile",
              wait_until="networkidle")
    frame = map_frame(page)
    shapes = frame.locator("path.leaflet-interactive")
    expect(shapes).to_have_count(2)
    for n in range(2):  # hover both neighbourhoods: their tooltips hold the codes and names
        shapes.nth(n).hover(force=True)
        tip = frame.locator(".leaflet-tooltip").last
        expect(tip).to_be_visible()
        if HOSTILE_NAME in tip.inner_text():
            assert HOSTILE_CODE in tip.inner_text()
            break
    else:
        pytest.fail("no tooltip shows the hostile neighbourhood's name as written")
    snap(page, "hostile-neighbourhood-tooltip")

    page.goto(f"{hostile_url}/?borough={BOROUGH}&level=lsoa", wait_until="networkidle")
    map_frame(page)
    chooser = page.get_by_role("combobox", name="Show community assets on the map")
    wait_idle(page)
    chooser.click()
    page.keyboard.type(LIBRARIES)
    page.keyboard.press("Enter")
    frame = map_frame_of(page)
    frame.wait_for_function(_HAS_ASSETS, timeout=60_000)
    shown = frame.evaluate(f"({_OPEN_ASSETS})()")
    assert shown and any(HOSTILE_ASSET in text for text in shown), shown
    assert any(HOSTILE_ADDRESS in text for text in shown), shown
    assert frame.locator(".leaflet-popup img, .leaflet-tooltip img").count() == 0
    snap(page, "hostile-asset-popup")
    assert page.dialogs == []


def test_markdown_in_notes_and_authors_loads_nothing_from_elsewhere(watched, hostile_url):
    page = watched
    page.goto(f"{hostile_url}/profile?borough={BOROUGH}&level=lsoa&area={AREA}",
              wait_until="networkidle")
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_text("Look ![pixel]").first).to_be_visible(timeout=60_000)
    expect(main.get_by_text(f"![a]({PIXEL})").first).to_be_visible()
    assert main.locator(f"img[src='{PIXEL}']").count() == 0  # (a bare address may be a link)
    expect(main.locator("[data-testid='stMarkdownContainer']").get_by_text(
        "[click me](")).to_be_visible()  # shown as written: no Markdown link made
    page.goto(f"{hostile_url}/assets?borough={BOROUGH}&level=lsoa", wait_until="networkidle")
    main.get_by_text("Community assets").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    snap(page, "hostile-notes-and-assets")
    assert page.dialogs == []
    assert not [url for url in page.outside if "evil.example" in url]


def test_a_hostile_spec_name_shows_as_written_on_the_map(watched, hostile_url, tmp_path):
    from indices.presets import SPECS_DIR

    name = "TCI <img src=x onerror=alert('spec')> `${alert('alias')}`"
    spec = tmp_path / "hostile.yaml"
    text = (SPECS_DIR / "tci_oldham.yaml").read_text(encoding="utf-8")
    first_name = next(line for line in text.splitlines() if line.startswith("name:"))
    spec.write_text(text.replace(first_name, f'name: "{name}"', 1), encoding="utf-8")
    page = watched
    page.goto(f"{hostile_url}/builder?borough={BOROUGH}&level=lsoa", wait_until="networkidle")
    page.get_by_text("Start from a shipped, saved or uploaded spec").click()
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(spec))
    expect(page.locator("[data-testid='stMain']").get_by_text(
        "TCI <img src=x").first).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="Map", exact=True).click()
    frame = map_frame(page)
    expect(frame.locator(".tci-legend-title")).to_have_text(f"{name} score", timeout=60_000)
    frame.locator("path.leaflet-interactive").nth(3).hover(force=True)
    expect(frame.locator(".leaflet-tooltip").last).to_be_visible()
    assert frame.locator(".tci-legend img, .leaflet-tooltip img").count() == 0
    snap(page, "hostile-spec-name")
    assert page.dialogs == []
