import re

from dashboard.maps import fit_zoom, map_base
from tests.dashboard.maps.conftest import page_text


def test_a_base_is_the_same_for_the_same_map(oldham, areas):
    first, again = map_base(areas, oldham.wards), map_base(areas, oldham.wards)
    assert first.id == again.id and first.names != again.names  # folium's ids are random
    assert map_base(areas, oldham.wards, public=True).id != first.id
    assert map_base(areas.iloc[:10], oldham.wards).id != first.id


def test_openstreetmap_is_an_option(oldham, areas):
    html = page_text(map_base(areas, oldham.wards, basemap=True))
    hosts = {u.split("/")[2] for u in re.findall(r"https?://[^\s\"'<>)]+", html)}
    assert "tile.openstreetmap.org" in hosts
    assert all(h.endswith("openstreetmap.org") for h in hosts)


def test_zoom_fits_the_bounds():
    # 0.3 degrees across 640 px: log2(640 / 256 * 360 / 0.3) = 11.55; the height allows
    # 11.53; rounded down to a quarter step
    assert fit_zoom((-2.2, 53.45, -1.9, 53.62)) == 11.5
    assert fit_zoom((0, 0, 360, 1), width=256) == 0
