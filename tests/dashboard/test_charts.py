def test_funnel_chart_leaves_out_suppressed_areas_and_says_so_in_words():
    import pandas as pd

    from dashboard.charts import funnel_chart, funnel_chart_text, funnel_points
    from data.stats.funnel import make_funnel

    counts = pd.Series([3, 20, 40, 9], index=["a", "b", "c", "d"])
    result = make_funnel(counts, pd.Series([1000, 2000, 2000, 1500], index=counts.index), years=2)
    names = pd.Series(["Alpha", "Beta", "Gamma", "Delta"], index=counts.index)
    small = counts.between(1, 4)
    points = funnel_points(result, names, small)
    assert points["code"].tolist() == ["b", "c", "d"]
    spec = funnel_chart(result, names, small, "per 1,000 residents a year",
                        "usual residents").to_dict()
    assert len(spec["layer"]) == 3
    drawn = {row["code"] for data in spec["datasets"].values() for row in data if "code" in row}
    assert drawn == {"b", "c", "d"}
    text = funnel_chart_text(result, names, small, "per 1,000 residents a year", "Oldham")
    # the rate counts every area, hidden or not: 72 events in 13,000 person-years
    assert text.startswith("Funnel plot of 3 neighbourhoods against the Oldham rate of 5.54 ")
    assert "Gamma (10.0)" in text and "Alpha" not in text


def test_funnel_dispersion_in_words():
    import pandas as pd

    from dashboard.charts import funnel_dispersion_text
    from data.stats.funnel import make_funnel

    # z = 2 (sqrt(O) - sqrt(E)) = -2, 2, -2, 2, -2, 4, -2, 2, -4, 8: phi = 6.82 (tests/data)
    counts = pd.Series([1, 16, 9, 36, 25, 81, 49, 100, 64, 225])
    sizes = pd.Series([400, 900, 1600, 2500, 3600, 4900, 6400, 8100, 10000, 12100])
    exact = make_funnel(counts, sizes, target=10)
    text = funnel_dispersion_text(exact, "Oldham")
    assert "φ = 6.8" in text and "far more than chance alone would give (p < 0.001)" in text
    assert "exact Poisson limits around the Oldham rate" in text and "a guide" in text
    wide = make_funnel(counts, sizes, target=10, overdispersion=True)
    assert "widened for this extra spread" in funnel_dispersion_text(wide, "Oldham")
    calm = make_funnel(sizes / 100, sizes, target=10, overdispersion=True)
    text = funnel_dispersion_text(calm, "Oldham")
    assert "φ = 0.0" in text and "no more than chance alone could give (p = 1.00)" in text
    assert text.endswith("The limits drawn are exact Poisson limits around the Oldham rate, "
                         "which allow for chance alone.")
    few = make_funnel(pd.Series([4]), pd.Series([1000]), per=100, proportion=True)
    assert funnel_dispersion_text(few, "Oldham").startswith("Too few neighbourhoods")
    assert "exact binomial" in funnel_dispersion_text(few, "Oldham")


def _tooltips(node) -> list[dict]:
    """Every tooltip field of a chart's spec, however deep."""
    if isinstance(node, dict):
        found = list(node["tooltip"]) if isinstance(node.get("tooltip"), list) else []
        return found + [t for value in node.values() for t in _tooltips(value)]
    if isinstance(node, list):
        return [t for item in node for t in _tooltips(item)]
    return []


def test_the_need_and_assets_chart_titles_every_tooltip_in_words(oldham, tci):
    import pandas as pd

    from dashboard.charts import need_assets_chart
    from data.areas.assets import need_against_assets

    scores = tci.scores["tci"]
    placed = need_against_assets(scores, pd.Series(1.0, index=scores.index),
                                 oldham.table["lsoa21nm"])
    tips = _tooltips(need_assets_chart(placed).to_dict())
    assert tips and all("title" in tip for tip in tips), tips
    assert {tip["title"] for tip in tips} >= {"Neighbourhood", "Code", "Score"}


def test_the_neighbours_chart_splits_each_distance_and_says_it_in_words():
    """Two neighbours: B differs by 0.4 on density and 0.1 on tenure (distance √0.5 = 0.71,
    80% density); C by 0 and 0.9."""
    import pandas as pd

    from dashboard.charts import (
        neighbour_parts_chart,
        neighbour_parts_frame,
        neighbour_parts_text,
    )

    parts = pd.DataFrame({"density": [0.4, 0.0], "tenure": [0.1, 0.9]}, index=["B", "C"])
    frame = neighbour_parts_frame(parts, {"density": "Density", "tenure": "Tenure"},
                                  pd.Series(["1. Bee", "2. Sea"], index=["B", "C"]))
    assert frame.groupby("neighbour")["share"].sum().tolist() == [1.0, 1.0]
    text = neighbour_parts_text(frame, "Ay")
    assert "1. Bee (distance 0.71): most of the difference is Density (80%)" in text
    assert "2. Sea (distance 0.95): most of the difference is Tenure (100%)" in text
    tips = _tooltips(neighbour_parts_chart(frame).to_dict())
    assert {tip["title"] for tip in tips} >= {"Neighbour", "Context indicator"}
