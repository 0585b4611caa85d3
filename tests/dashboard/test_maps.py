import re
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import pytest
from folium.plugins import Fullscreen

from dashboard.maps import (
    HIDDEN,
    NO_DATA,
    SCHEME_LABELS,
    SCHEMES,
    MapLayer,
    classify,
    fit_zoom,
    layer_for,
    map_base,
    map_paint,
    map_text,
    use_local_assets,
)
from data.areas.levels import level_data
from data.errors import OfflineAssetError

STATIC = Path(__file__).resolve().parents[2] / "dashboard" / "static"


@pytest.fixture(scope="module")
def areas(oldham):
    return level_data(oldham, "lsoa", set()).areas


def small_layer(need, display=None, hidden=None):
    index = [f"a{i}" for i in range(len(need))]
    need = pd.Series(need, index=index, dtype=float)
    return MapLayer("x", "X", need if display is None else pd.Series(display, index=index),
                 need, need.rank(ascending=False), need * 0 + 1,
                 pd.Series(hidden or [False] * len(need), index=index))


def test_every_scheme_has_a_label():
    assert set(SCHEME_LABELS) == set(SCHEMES.names())


def test_deciles_put_the_most_need_in_the_darkest_class():
    classes = classify(small_layer(np.arange(20.0)), "deciles")
    assert len(classes.labels) == 10 and classes.labels[-1] == "Decile 1 (most in need)"
    # need 19 and 18 are decile 1 -> class 9 (darkest); need 0 and 1 decile 10 -> class 0
    assert classes.assignment[[19, 18, 0, 1]].tolist() == [9, 9, 0, 0]
    assert classes.colours[-1] != classes.colours[0]


def test_quintile_labels_give_the_shown_values():
    # display runs the other way (higher is better): labels still give value ranges
    layer = small_layer(np.arange(10.0), display=100 - np.arange(10.0))
    classes = classify(layer, "quintiles")
    assert classes.labels[0] == "99.0 to 100" and classes.labels[-1] == "91.0 to 92.0"
    assert classes.assignment.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_missing_and_hidden_areas_get_their_own_classes():
    layer = small_layer([1, 2, np.nan, 4, 5, 6], hidden=[False, True, False, False, False,
                                                           False])
    classes = classify(layer, "equal_interval")
    assert classes.assignment[1] == HIDDEN and classes.assignment[2] == NO_DATA
    assert "2.00" not in " ".join(classes.labels)  # the hidden value shows in no label


def _page(base) -> str:
    """Everything of a base that reaches the browser, as one text."""
    return base.html + base.style + base.script


def test_the_oldham_map_needs_no_internet(oldham, areas):
    base = map_base(areas, oldham.wards)
    html = _page(base)
    assert re.findall(r"https?://[^\s\"'<>)]+", html) == []
    assert html.count('"code": "E01') == 142
    assert base.names["map"] in base.script and base.names["areas"] in base.script
    for asset in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/LICENSE"):
        assert (STATIC / "vendor" / asset).is_file()
    frontend = STATIC.parent / "components" / "live_map" / "frontend" / "index.html"
    sources = re.findall(r'(?:src|href)="([^"]+)"', frontend.read_text())
    assert sources and not [s for s in sources if "//" in s], sources  # none from elsewhere
    for source in sources:
        if source.startswith("../../app/static/"):
            assert (STATIC / source.removeprefix("../../app/static/")).is_file(), source


def test_a_base_is_the_same_for_the_same_map(oldham, areas):
    first, again = map_base(areas, oldham.wards), map_base(areas, oldham.wards)
    assert first.id == again.id and first.names != again.names  # folium's ids are random
    assert map_base(areas, oldham.wards, public=True).id != first.id
    assert map_base(areas.iloc[:10], oldham.wards).id != first.id


def test_openstreetmap_is_an_option(oldham, areas):
    html = _page(map_base(areas, oldham.wards, basemap=True))
    hosts = {u.split("/")[2] for u in re.findall(r"https?://[^\s\"'<>)]+", html)}
    assert "tile.openstreetmap.org" in hosts
    assert all(h.endswith("openstreetmap.org") for h in hosts)


def test_an_element_needing_a_cdn_is_refused():
    m = folium.Map(tiles=None)
    Fullscreen().add_to(m)
    with pytest.raises(OfflineAssetError, match="Fullscreen needs https://"):
        use_local_assets(m)


def test_asset_markers_cluster_from_local_files_with_escaped_popups(oldham, areas):
    assets = pd.DataFrame({"name": ['<script>alert(1)</script>', "Library"],
                           "category": ["food_bank", "library"], "lon": [-2.11, -2.12],
                           "lat": [53.54, 53.55], "address": ["1 <b>High</b> St", ""]})
    html = _page(map_base(areas, oldham.wards, assets=assets,
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


def test_a_paint_gives_each_area_its_colour_and_tooltip(oldham, areas, tci):
    layer = layer_for(tci, "tci", oldham.hidden)
    classes = classify(layer, "quintiles")
    code = layer.rank.idxmin()  # the most in need: the darkest class
    paint = map_paint(areas, layer, classes, {code: 3})
    at = paint["codes"].index(code)
    assert len(paint["codes"]) == len(paint["fill"]) == len(paint["tips"]) == 142
    assert paint["fill"][at] == classes.colours[-1]
    tip = dict(zip(paint["fields"], paint["tips"][at][1:], strict=True))
    assert paint["tips"][at][0] == areas.set_index("code").at[code, "name"]
    assert tip["Code"] == code and tip["Rank (1 = most need)"] == "1 of 142"
    assert tip["Decile (1 = most need)"] == "1" and tip["Notes"] == "3"
    assert [row[1] for row in paint["legend"]["rows"]][-1] == classes.labels[0]
    assert paint["legend"]["title"] == layer.title
    assert map_paint(areas, layer, classes, {code: 3})["id"] == paint["id"]
    assert map_paint(areas, layer, classes, {code: 4})["id"] != paint["id"]


def test_a_public_paint_gives_bands_not_ranks(oldham, areas, tci):
    layer = layer_for(tci, "tci", oldham.hidden)
    paint = map_paint(areas, layer, classify(layer, "bands"), public=True)
    assert paint["fields"] == ["Ward", "Band", "Public notes"] and paint["public"]
    assert {tip[2] for tip in paint["tips"]} <= {
        "Most need (top fifth)", "More need", "Middle fifth", "Less need",
        "Least need (bottom fifth)"}


def test_hidden_values_and_hostile_names_go_to_the_map_as_text(oldham, areas, tci):
    lsoas = areas.copy()
    lsoas.loc[0, "name"] = '<img src=x onerror="alert(1)">'
    layer = layer_for(tci, "road_casualties", oldham.hidden)
    assert layer.hidden.sum() > 0
    paint = map_paint(lsoas, layer, classify(layer, "quintiles"))
    # data, shown by the front end as text (textContent), so it is kept as written
    assert paint["tips"][0][0] == '<img src=x onerror="alert(1)">'
    hidden = [t for t in paint["tips"] if t[3] == "hidden (small-number rule)"]
    assert hidden and all(t[4] == t[5] == "not shown" for t in hidden)
    assert "Hidden: hidden (small-number rule)" in [r[1] for r in paint["legend"]["rows"]]
    script = (STATIC.parent / "components" / "live_map" / "frontend" / "live_map.js").read_text()
    assert "innerHTML = base.html" in script and script.count("innerHTML") == 1


def test_ward_names_wait_for_a_zoom_where_they_fit_over_a_region(oldham, areas):
    from dashboard.maps import MANY_WARDS, WARD_LABEL_ZOOM

    region = pd.concat([oldham.wards] * 4)  # as many wards as a region has
    assert len(oldham.wards) <= MANY_WARDS < len(region)
    few, many = map_base(areas, oldham.wards), map_base(areas, region)
    assert "map.getZoom() >= 0;" in few.script
    assert f"map.getZoom() >= {WARD_LABEL_ZOOM};" in many.script


def test_indicator_layers_show_raw_values(tci):
    layer = layer_for(tci, "income")
    assert layer.title == "Income deprivation (proportion of residents)"
    assert (layer.display == tci.values["income"]).all()


def test_zoom_fits_the_bounds():
    # 0.3 degrees across 640 px: log2(640 / 256 * 360 / 0.3) = 11.55; the height allows
    # 11.53; rounded down to a quarter step
    assert fit_zoom((-2.2, 53.45, -1.9, 53.62)) == 11.5
    assert fit_zoom((0, 0, 360, 1), width=256) == 0


def test_the_map_of_change_uses_a_diverging_scheme(root, oldham, areas):
    from dashboard.maps import CHANGE_CLASSES, change_layer
    from data.areas.change import imd_change

    change = imd_change(root)
    layer, classes = change_layer(change, pd.Index(areas["code"]))
    moved = change["decile_change"].reindex(areas["code"]).to_numpy()
    labels = np.array(classes.labels)[classes.assignment]
    assert (labels[moved == 0] == "No change").all()
    assert (labels[moved <= -2] == CHANGE_CLASSES[0][0]).all()
    assert (labels[moved == 1] == "1 decile less deprived").all()
    assert "more deprived" in classes.note
    assert map_paint(areas, layer, classes)["legend"]["note"] == classes.note


def test_quintiles_and_equal_intervals_worked_by_hand():
    from dashboard.maps import _equal_intervals, _quantiles

    values = np.arange(1.0, 11.0)  # 1..10: quintile bounds 2.8, 4.6, 6.4, 8.2, 10
    assert _quantiles(values).tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    # equal intervals of 1..10: bounds 2.8, 4.6, 6.4, 8.2, 10 as well; ties at a bound go down
    assert _equal_intervals(np.array([1.0, 2.8, 2.9, 5.0, 10.0])).tolist() == [0, 0, 1, 2, 4]
    assert _quantiles(np.array([3.0, 3.0, 3.0])).tolist() == [0, 0, 0]  # one distinct value


def test_tooltips_stay_inside_the_map_and_controls_make_way_for_them():
    script = (STATIC.parent / "components" / "live_map" / "frontend" / "live_map.js").read_text()
    for event in ("tooltipopen", "tooltipclose", "mousemove"):
        assert re.search(rf'\.on\("{event}"', script), event
    assert 'opacity = fade ? "0.15"' in script and 'pointerEvents = fade ? "none"' in script
    assert 'addEventListener("mouseleave", closeTips)' in script  # none stuck behind a menu
