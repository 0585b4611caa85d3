import re

import folium
import pytest
from folium.plugins import Fullscreen

from dashboard.maps import map_base, use_local_assets
from data.errors import OfflineAssetError
from tests.dashboard.maps.conftest import FRONTEND, STATIC, page_text


def test_the_oldham_map_needs_no_internet(oldham, areas):
    base = map_base(areas, oldham.wards)
    html = page_text(base)
    assert re.findall(r"https?://[^\s\"'<>)]+", html) == []
    assert html.count('"code": "E01') == 142
    assert base.names["map"] in base.script and base.names["areas"] in base.script
    for asset in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/LICENSE"):
        assert (STATIC / "vendor" / asset).is_file()
    frontend = FRONTEND / "index.html"
    sources = re.findall(r'(?:src|href)="([^"]+)"', frontend.read_text())
    assert sources and not [s for s in sources if "//" in s], sources  # none from elsewhere
    for source in sources:
        if source.startswith("../../app/static/"):
            assert (STATIC / source.removeprefix("../../app/static/")).is_file(), source


def test_an_element_needing_a_cdn_is_refused():
    m = folium.Map(tiles=None)
    Fullscreen().add_to(m)
    with pytest.raises(OfflineAssetError, match="Fullscreen needs https://"):
        use_local_assets(m)
