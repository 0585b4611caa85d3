"""The profile's comparison with the borough and the region (Fingertips' method): its table,
coloured and in words, and its spine chart with the text alternative (Streamlit's AppTest
on Oldham's open data, and the table's rows from hand-made comparisons)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.components.profile_view import comparison_frame
from dashboard.text import plain

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def _profile_of(code: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["area"] = code
    app.run()
    app.switch_page("views/profile.py").run()
    return app


def _compared(app: AppTest):
    return next(t for t in app.table if plain("Against Oldham") in t.value.columns)


def test_the_comparison_table_says_and_colours_each_verdict():
    rows = pd.DataFrame({
        "indicator": ["share", "rate", "score"], "name": ["Share", "Rate", "Score"],
        "unit": ["%", "per 1,000", "score"], "compared": [True, True, False],
        "value": [40.0, np.nan, np.nan], "lower": [30.94, np.nan, np.nan],
        "upper": [49.80, np.nan, np.nan], "borough": [24.375, 2.889, np.nan],
        "region": [16.92, 2.5, np.nan], "against_borough": ["worse", "not compared", "x"],
        "against_region": ["similar", "not compared", "x"], "hidden": [False, True, False]})
    frame = comparison_frame(rows, "Oldham", "Greater Manchester", 0.998)
    assert list(frame.columns) == ["Indicator", "Value", "99.8% interval", "Unit", "Oldham",
                                   "Against Oldham", "Greater Manchester",
                                   "Against Greater Manchester"]
    assert frame["Indicator"].tolist() == ["Share", "Rate"]  # the score is not compared
    assert frame.iloc[0].tolist() == ["Share", "40.0", "30.9 to 49.8", "%", "24.4", "Worse",
                                      "16.9", "Similar"]
    assert frame.iloc[1]["Value"] == "hidden (small-number rule)"
    assert frame.iloc[1]["99.8% interval"] == "–"
    assert frame.iloc[1]["Against Oldham"] == "Not compared"
    assert list(comparison_frame(rows, "Oldham", "GM")).count("95% interval") == 1


@pytest.fixture(scope="module")
def hidden_area(oldham):
    """An LSOA whose road casualties (1 to 4) are hidden by the small-number rule."""
    counts = oldham.table["road_casualties_n"]
    return counts[(counts >= 1) & (counts <= 4)].index[0]


def test_the_profile_compares_with_the_borough_and_region_and_draws_the_spine(hidden_area):
    app = _profile_of(hidden_area)
    assert not app.exception and not app.error
    headings = [m.value for m in app.markdown]
    assert "#### Compared with the borough and the region" in headings
    table = _compared(app)
    shown = table.value.set_index(table.value.columns[0])
    assert list(shown.index) == [plain("Households deprived in 3 or 4 dimensions"),
                                 plain("Road casualties")]
    road = shown.loc[plain("Road casualties")]
    assert road[plain("Value")] == plain("hidden (small-number rule)")
    assert road[plain("Against Oldham")] == road[plain("Against Greater Manchester")] == \
        plain("Not compared")
    verdict = shown.loc[plain("Households deprived in 3 or 4 dimensions"),
                        plain("Against Oldham")]
    assert verdict in ("Worse", "Similar", "Better")
    # colours as well as words: Okabe-Ito orange for worse, blue for better, greys else
    styles = table.proto.arrow_data.styler.styles
    colour = {"Worse": "#E69F00", "Similar": "#e0e0e0", "Better": "#0072B2"}[verdict]
    assert f"background-color: {colour}" in styles
    assert "background-color: #ffffff; color: #333333" in styles  # not compared
    captions = " ".join(c.value for c in app.caption)
    assert plain("Not compared, as they are published without their counts: Income "
                 "deprivation") in captions
    assert plain("Spine chart of 18 indicators for") in captions
    assert plain("Road casualties: no value shown (hidden or missing)") in captions
    charts = [json.loads(c.proto.spec) for c in app.get("vega_lite_chart")]
    spine = [c for c in charts if "at_worst" in json.dumps(c)]
    assert spine and "triangle-left" in json.dumps(spine[0])


def test_99_8_percent_intervals_are_wider_and_flag_no_more_areas(hidden_area):
    app = _profile_of(hidden_area)
    usual = _compared(app).value
    app.radio(key="profile_confidence").set_value("99.8%").run()
    assert not app.exception
    wider = _compared(app).value
    assert plain("99.8% interval") in wider.columns and plain("95% interval") in usual.columns
    low95, high95 = (float(v.replace("\\", "")) for v in
                     usual.iloc[0][plain("95% interval")].split(" to "))
    low998, high998 = (float(v.replace("\\", "")) for v in
                       wider.iloc[0][plain("99.8% interval")].split(" to "))
    assert low998 < low95 and high998 > high95
    if usual.iloc[0][plain("Against Oldham")] == "Similar":
        assert wider.iloc[0][plain("Against Oldham")] == "Similar"
