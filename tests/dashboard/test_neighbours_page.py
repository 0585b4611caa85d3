"""The Areas like this one page and the profile's comparison with areas like it (AppTest)."""

from dashboard.text import plain
from tests.dashboard.test_app import open_page


def test_the_page_lists_the_nearest_areas_of_the_whole_region():
    app = open_page("views/neighbours.py")
    assert not app.exception and not app.error
    assert app.title[0].value == "Areas like this one"
    weights, listed, compared = (app.dataframe[i].value for i in range(3))
    assert len(weights) == 7 and (weights["Weight"] == 1.0).all()
    assert len(listed) == 10 and list(listed["Rank"]) == list(range(1, 11))
    assert listed["Distance"].is_monotonic_increasing
    assert set(listed["Borough"]) - {"Oldham"}  # neighbours come from other boroughs too
    assert set(compared["Compared with them"]) <= {"better", "similar", "worse",
                                                   "no comparison", "not shown"}
    captions = " ".join(c.value for c in app.caption)
    assert "Among 1,702 LSOAs (2021) of the region" in captions
    assert plain("most of the difference is") in captions  # the chart's text alternative
    assert app.get("download_button")[0].proto.label.startswith("Download the neighbours")


def test_choosing_fewer_indicators_and_neighbours():
    app = open_page("views/neighbours.py")
    app.multiselect(key="neighbours_context").set_value(
        ["population_density", "social_renting"]).run()
    app.number_input(key="neighbours_k").set_value(5).run()
    assert not app.exception and not app.error
    assert len(app.dataframe[0].value) == 2 and len(app.dataframe[1].value) == 5
    weights = [c.value for c in app.caption if c.value.startswith("Weights used")]
    assert "Population density 50%" in weights[0]


def test_no_indicator_chosen_says_what_to_do():
    app = open_page("views/neighbours.py")
    app.multiselect(key="neighbours_context").set_value([]).run()
    assert not app.exception
    assert "at least one context indicator" in app.info[0].value


def test_the_profile_compares_the_area_with_areas_like_it():
    app = open_page("views/profile.py")
    assert not app.exception and not app.error
    shown = [m.value for m in app.markdown]
    at = shown.index("#### Compared with areas like it")
    assert shown.index("#### Indicators") < at  # right after the indicators
    said = shown[at + 1:at + 4]
    assert [s.split("**")[1] for s in said] == ["Worse than areas like it", "Similar to them",
                                                "Better than them"]
    counted = sum(int(s.split("(")[1].split(")")[0]) for s in said)
    assert 0 < counted <= 18  # the default index's indicators that could be compared


def test_wards_have_neighbours_among_every_boroughs_wards():
    app = open_page()
    app.selectbox(key="level").select("ward").run()
    app.switch_page("views/neighbours.py").run()
    assert not app.exception and not app.error
    listed = app.dataframe[1].value
    assert len(listed) == 10
    assert any("Among 215 electoral wards (May 2023) of the region" in c.value
               for c in app.caption)
