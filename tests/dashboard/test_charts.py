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
    assert "1. Bee (distance 0.71): most of the difference is in density (80%)" in text
    assert "2. Sea (distance 0.95): most of the difference is in tenure (100%)" in text
    tips = _tooltips(neighbour_parts_chart(frame).to_dict())
    assert {tip["title"] for tip in tips} >= {"Neighbour", "Context indicator"}


def _readiness(people):
    from data.readiness.results import readiness_results
    from tests.data.readiness.test_results import answers

    return readiness_results(answers(people))


#: Five partners: behaviours 3/1 by all, citizens 2/2 by all, places by four only (hidden).
READY = [{"behaviours": (3, 1), "citizens": (2, 2), "places": (3, 0), "ladder": "consult"}] * 4 \
    + [{"behaviours": (3, 2), "citizens": (2, 2), "ladder": "empower"}]
NAMES = {"behaviours": "Working across organisations", "citizens": "Residents' voice",
         "places": "Knowing the area"}


def test_the_radar_chart_closes_each_polygon_on_its_spokes_and_says_it_in_words():
    """Behaviours' importance is 3 (all five): on the first spoke, straight up, at y = 3;
    prevalence (1, 1, 1, 1, 2) 1.2. Places, answered by four, is left out."""
    import pytest

    from dashboard.charts import readiness_radar_chart, readiness_radar_text

    results = _readiness(READY)
    spec = readiness_radar_chart(results, NAMES).to_dict()
    rows = [row for data in spec["datasets"].values() for row in data]
    closed = [data for data in spec["datasets"].values()
              if any(r.get("question") and r.get("step") == 2 for r in data)]
    assert len(closed) == 1
    lines = closed[0]
    importance = sorted((r for r in lines if r["question"] == "Importance"),
                        key=lambda r: r["step"])
    assert [r["step"] for r in importance] == [0, 1, 2]  # two spokes, closed on the first
    assert importance[0]["y"] == pytest.approx(3.0) and importance[0]["x"] == pytest.approx(0)
    assert (importance[0]["x"], importance[0]["y"]) == (importance[-1]["x"],
                                                        importance[-1]["y"])
    assert not any(r.get("code") == "places" for r in rows)
    text = readiness_radar_text(results, NAMES)
    assert "Working across organisations: importance 3.0, prevalence 1.2" in text
    assert "Knowing the area" in text.split("Not shown, as fewer than 5 answered: ")[1]


def test_the_gap_chart_is_ordered_by_the_gap_and_in_words():
    """Gaps: behaviours 3 − 1.2 = 1.8, citizens 2 − 2 = 0; largest first."""
    import pytest

    from dashboard.charts import readiness_gap_chart, readiness_gap_text, readiness_gaps_frame

    results = _readiness(READY)
    frame = readiness_gaps_frame(results, NAMES)
    assert frame["category"].tolist() == ["Working across organisations", "Residents' voice"]
    assert frame["gap"].tolist() == pytest.approx([1.8, 0.0])
    spec = readiness_gap_chart(results, NAMES).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"] == frame["category"].tolist()
    assert readiness_gap_text(results, NAMES).startswith(
        "The gap between how much each category matters")
    assert "Working across organisations +1.8" in readiness_gap_text(results, NAMES)


def test_the_scatter_has_the_diagonal_and_names_the_categories_above_it():
    from dashboard.charts import readiness_scatter_chart, readiness_scatter_text

    results = _readiness(READY)
    spec = readiness_scatter_chart(results, NAMES).to_dict()
    assert len(spec["layer"]) == 2  # the categories are named in the legend
    colour = spec["layer"][1]["encoding"]["color"]["scale"]
    assert colour["domain"] == ["Working across organisations", "Residents' voice"]
    assert colour["range"] == ["#0072B2", "#E69F00"]  # Okabe-Ito
    diagonal = [row for data in spec["datasets"].values() for row in data if "x" in row]
    assert diagonal == [{"x": 0.0, "y": 0.0}, {"x": 3.0, "y": 3.0}]
    text = readiness_scatter_text(results, NAMES)
    assert "Above the line (matters more than it happens): Working across organisations." \
        in text


def test_the_spread_chart_stacks_the_four_answers_in_order_with_okabe_ito_colours():
    """Behaviours' prevalence: four 1s and one 2: a little 80%, somewhat 20%."""
    import pytest

    from dashboard.charts import (
        ANSWER_COLOURS,
        readiness_spread_chart,
        readiness_spread_frame,
        readiness_spread_text,
    )

    results = _readiness(READY)
    frame = readiness_spread_frame(results, NAMES)
    shares = frame[(frame["code"] == "behaviours") & (frame["question"] == "Prevalence")]
    assert shares["share"].tolist() == pytest.approx([0.0, 0.8, 0.2, 0.0])
    spec = readiness_spread_chart(results, NAMES).to_dict()
    assert spec["encoding"]["color"]["scale"]["range"] == list(ANSWER_COLOURS.values())
    assert set(ANSWER_COLOURS.values()) <= {"#E69F00", "#56B4E9", "#009E73", "#F0E442",
                                             "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    assert "Working across organisations, prevalence: not at all 0%, a little 80%, " \
        "somewhat 20%, a great deal 0% (standard deviation 0.4)" in \
        readiness_spread_text(results, NAMES)


def test_the_ladder_chart_keeps_the_rungs_in_order_and_hides_a_small_group():
    from dashboard.charts import readiness_ladder_chart, readiness_ladder_text

    results = _readiness(READY)
    spec = readiness_ladder_chart(results).to_dict()
    assert spec["encoding"]["x"]["sort"] == ["Inform", "Consult", "Involve", "Collaborate",
                                             "Empower"]
    assert readiness_ladder_text(results) == ("Typical level of public involvement, of the 5 "
                                              "who gave one: inform 0%; consult 80%; involve "
                                              "0%; collaborate 0%; empower 20%.")
    assert readiness_ladder_text(_readiness(READY[:4])).startswith(
        "The participation ladder is not shown")
    assert readiness_radar_text_empty()


def readiness_radar_text_empty():
    from dashboard.charts import readiness_gap_text, readiness_radar_text

    small = _readiness(READY[:4])
    return (readiness_radar_text(small, NAMES).startswith("No category has enough answers")
            and readiness_gap_text(small, NAMES).startswith("No category"))
