import re

from dashboard.maps import classify, layer_for, map_paint
from tests.dashboard.maps.conftest import FRONTEND


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
    script = (FRONTEND / "live_map.js").read_text()
    assert "innerHTML = base.html" in script and script.count("innerHTML") == 1


def test_tooltips_stay_inside_the_map_and_controls_make_way_for_them():
    script = (FRONTEND / "live_map.js").read_text()
    for event in ("tooltipopen", "tooltipclose", "mousemove"):
        assert re.search(rf'\.on\("{event}"', script), event
    assert 'opacity = fade ? "0.15"' in script and 'pointerEvents = fade ? "none"' in script
    assert 'addEventListener("mouseleave", closeTips)' in script  # none stuck behind a menu
