import re

import pandas as pd

from dashboard.maps import map_base, map_text
from tests.dashboard.maps.conftest import STATIC, page_text


def test_asset_markers_cluster_from_local_files_with_escaped_popups(oldham, areas):
    assets = pd.DataFrame({"name": ['<script>alert(1)</script>', "Library"],
                           "category": ["food_bank", "library"], "lon": [-2.11, -2.12],
                           "lat": [53.54, 53.55], "address": ["1 <b>High</b> St", ""]})
    html = page_text(map_base(areas, oldham.wards, assets=assets,
                              asset_labels={"food_bank": "Food bank"}))
    assert re.findall(r"https?://[^\s\"'<>)]+", html) == []
    assert "L.markerClusterGroup" in html
    assert "<script>alert(1)" not in html and "&lt;b&gt;High" in html.replace("\\u0026", "&")
    for asset in ("markercluster/leaflet.markercluster.js", "markercluster/MarkerCluster.css",
                  "jquery/jquery.min.js"):
        assert (STATIC / "vendor" / asset).is_file()


def test_names_that_would_run_in_a_template_literal_are_written_as_references(oldham, areas):
    hostile = "`${alert('tip')}` \\u0060 <img src=x>"
    assets = pd.DataFrame({"name": [hostile], "category": ["food_bank"], "lon": [-2.11],
                           "lat": [53.54], "address": ["${alert('popup')}"]})
    script = map_base(areas, oldham.wards, assets=assets).script
    assert "${alert" not in script and "`${" not in script
    assert "&#96;&#36;{alert(&#x27;tip&#x27;)}&#96; &#92;u0060 &lt;img src=x&gt;" in script
    assert map_text("Saint Mary's & \"All\"") == "Saint Mary&#x27;s &amp; &quot;All&quot;"
