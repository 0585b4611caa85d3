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
    Layer,
    OfflineAssetError,
    build_map,
    classify,
    fit_zoom,
    highlight,
    layer_for,
    use_local_assets,
)
from data.levels import level_data

STATIC = Path(__file__).resolve().parents[2] / "dashboard" / "static"


@pytest.fixture(scope="module")
def areas(oldham):
    return level_data(oldham, "lsoa", set()).areas


def small_layer(need, display=None, hidden=None):
    index = [f"a{i}" for i in range(len(need))]
    need = pd.Series(need, index=index, dtype=float)
    return Layer("x", "X", need if display is None else pd.Series(display, index=index),
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


def test_the_oldham_map_needs_no_internet(oldham, areas, tci):
    layer = layer_for(tci, "tci", oldham.hidden)
    html = build_map(areas, oldham.wards, layer, classify(layer, "quintiles")) \
        .get_root().render()
    assert re.findall(r"https?://[^\s\"'<>)]+", html) == []
    assert '"/app/static/vendor/leaflet/leaflet.js"' in html
    assert html.count('"code": "E01') == 142
    for asset in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/LICENSE"):
        assert (STATIC / "vendor" / asset).is_file()


def test_openstreetmap_is_an_option(oldham, areas, tci):
    layer = layer_for(tci, "crime", oldham.hidden)
    html = build_map(areas, oldham.wards, layer, classify(layer, "deciles"),
                     basemap=True).get_root().render()
    hosts = {u.split("/")[2] for u in re.findall(r"https?://[^\s\"'<>)]+", html)}
    assert "tile.openstreetmap.org" in hosts
    assert all(h.endswith("openstreetmap.org") for h in hosts)


def test_an_element_needing_a_cdn_is_refused():
    m = folium.Map(tiles=None)
    Fullscreen().add_to(m)
    with pytest.raises(OfflineAssetError, match="Fullscreen needs https://"):
        use_local_assets(m)


def test_asset_markers_cluster_from_local_files_with_escaped_popups(oldham, areas, tci):
    layer = layer_for(tci, "tci")
    assets = pd.DataFrame({"name": ['<script>alert(1)</script>', "Library"],
                           "category": ["food_bank", "library"], "lon": [-2.11, -2.12],
                           "lat": [53.54, 53.55], "address": ["1 <b>High</b> St", ""]})
    html = build_map(areas, oldham.wards, layer, classify(layer, "quintiles"),
                     assets=assets, asset_labels={"food_bank": "Food bank"}).get_root().render()
    assert re.findall(r"https?://[^\s\"'<>)]+", html) == []
    assert "/app/static/vendor/markercluster/leaflet.markercluster.js" in html
    assert "L.markerClusterGroup" in html
    assert "<script>alert(1)" not in html and "&lt;b&gt;High" in html.replace("\\u0026", "&")
    for asset in ("markercluster/leaflet.markercluster.js", "markercluster/MarkerCluster.css",
                  "jquery/jquery.min.js"):
        assert (STATIC / "vendor" / asset).is_file()


def test_hidden_values_and_hostile_names_do_not_reach_the_map(oldham, areas, tci):
    lsoas = areas.copy()
    lsoas.loc[0, "name"] = '<img src=x onerror="alert(1)">'
    layer = layer_for(tci, "road_casualties", oldham.hidden)
    assert layer.hidden.sum() > 0
    html = build_map(lsoas, oldham.wards, layer, classify(layer, "quintiles")) \
        .get_root().render()
    assert "<img" not in html and "lt;img src=x" in html  # escaped, then JSON-encoded
    assert "hidden (small-number rule)" in html


def test_indicator_layers_show_raw_values(tci):
    layer = layer_for(tci, "income")
    assert layer.title == "Income deprivation (proportion of residents)"
    assert (layer.display == tci.values["income"]).all()


def test_zoom_fits_the_bounds():
    # 0.3 degrees across 640 px: log2(640 / 256 * 360 / 0.3) = 11.55; the height allows
    # 11.53; rounded down to a quarter step
    assert fit_zoom((-2.2, 53.45, -1.9, 53.62)) == 11.5
    assert fit_zoom((0, 0, 360, 1), width=256) == 0


def test_highlight_outlines_one_area(areas):
    group = highlight(areas, areas["code"].iloc[0])
    assert len(group._children) == 1
    assert len(highlight(areas, "nope")._children) == 0


def test_the_map_of_change_uses_a_diverging_scheme(root, oldham, areas):
    from dashboard.maps import CHANGE_CLASSES, change_layer
    from data.change import imd_change

    change = imd_change(root)
    layer, classes = change_layer(change, pd.Index(areas["code"]))
    moved = change["decile_change"].reindex(areas["code"]).to_numpy()
    labels = np.array(classes.labels)[classes.assignment]
    assert (labels[moved == 0] == "No change").all()
    assert (labels[moved <= -2] == CHANGE_CLASSES[0][0]).all()
    assert (labels[moved == 1] == "1 decile less deprived").all()
    assert "more deprived" in classes.note
    html = build_map(areas, oldham.wards, layer, classes).get_root().render()
    assert "Red: more deprived than in 2019" in html


def test_quintiles_and_equal_intervals_worked_by_hand():
    from dashboard.maps import _equal_intervals, _quantiles

    values = np.arange(1.0, 11.0)  # 1..10: quintile bounds 2.8, 4.6, 6.4, 8.2, 10
    assert _quantiles(values).tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    # equal intervals of 1..10: bounds 2.8, 4.6, 6.4, 8.2, 10 as well; ties at a bound go down
    assert _equal_intervals(np.array([1.0, 2.8, 2.9, 5.0, 10.0])).tolist() == [0, 0, 1, 2, 4]
    assert _quantiles(np.array([3.0, 3.0, 3.0])).tolist() == [0, 0, 0]  # one distinct value


def test_controls_make_way_for_tooltips(oldham, areas, tci):
    layer = layer_for(tci, "tci", oldham.hidden)
    html = build_map(areas, oldham.wards, layer, classify(layer, "bands"), public=True) \
        .get_root().render()
    script = html[html.index('querySelectorAll(".leaflet-control")') - 600:]
    for event in ("tooltipopen", "tooltipclose", "mousemove"):
        assert re.search(rf'\.on\("{event}"', script), event
    assert 'opacity = fade ? "0.15"' in script and 'pointerEvents = fade ? "none"' in script
