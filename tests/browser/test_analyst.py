"""The analyst's pages in a real browser: Change over time draws its map of moves and lists
the movers; Areas like this one maps the area with its ten neighbours; the profile says how
the area moved. Not timed: benchmarks/bench_browser.py (group analyst) measures them."""

from tests.browser.conftest import map_frame, snap
from tests.browser.test_builder import open_app


def test_change_over_time_maps_every_move_and_lists_the_movers(page, app_url):
    open_app(page, f"{app_url}/over-time", "Moved furthest towards less need")
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() >= 142
    legend = frame.locator(".tci-legend").first.inner_text()
    assert "Towards more need, more than the uncertainty" in legend
    assert page.get_by_text("The 12 indicators left out, and why").count() == 1
    snap(page, "over-time")


def test_areas_like_this_one_maps_the_area_and_its_neighbours(page, app_url):
    open_app(page, f"{app_url}/neighbours", "Compared with its neighbours")
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() == 11  # the area and its ten
    assert page.get_by_text("Its 10 nearest neighbours").count() == 1
    snap(page, "neighbours")


def test_the_profile_says_how_the_area_moved(page, app_url):
    open_app(page, f"{app_url}/profile?area=E01005450", "Change since 2019")
    assert page.get_by_text("Oldham 019C ranked 77 of Oldham's 142 LSOAs (2021) on IoD2019 "
                            "and 41 on IoD2025").count() == 1
