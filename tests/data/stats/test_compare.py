"""Comparisons with a benchmark by confidence intervals (Fingertips' method) and spine charts'
figures, against values computed by hand (written out in each test)."""

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from data.errors import ImpossibleCountError
from data.stats.compare import (
    BETTER,
    COLOURS,
    NOT_COMPARED,
    SIMILAR,
    WORSE,
    Counted,
    area_comparison,
    compare,
    compare_areas,
    compared_indicators,
    counted_indicators,
    pooled,
    spine_table,
    value_interval,
)
from indices.presets import load_preset
from indices.spec import spec_from_dict

Z95 = 1.959963984540054


def _spec(direction: str = "higher_is_worse"):
    """Two indicators with counts (a proportion and a rate) and one published score."""
    return spec_from_dict({
        "code": "t", "name": "Test", "domains": [{"code": "d", "name": "D", "indicators": [
            {"code": "share", "name": "Share", "column": "part_n", "denominator": "whole",
             "scale": 100, "direction": direction, "unit": "%"},
            {"code": "rate", "name": "Rate", "column": "events_rate", "direction": direction},
            {"code": "published", "name": "Published", "column": "score_col",
             "direction": direction},
        ]}]})


#: The app's rate made from counts of events, as data.areas.counts.CountMeasure has it.
RATE = SimpleNamespace(count="events_n", denominator="people", per=1000.0, years=2.0,
                       proportion=False)


def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "part_n": [3, 40, 10, 25], "whole": [20, 100, 100, 100],
        "events_n": [20, 2, 0, 30], "people": [4000, 1000, 1000, 3000],
        "events_rate": [2.5, 1.0, 0.0, 5.0], "score_col": [1.0, 2.0, 3.0, 4.0],
    }, index=["A", "B", "C", "D"])


def test_the_rule_compares_indicators_with_a_denominator_or_a_counted_rate():
    spec = _spec()
    assert [i.code for i in compared_indicators(spec, ["events_rate"])] == ["share", "rate"]
    assert [i.code for i in compared_indicators(spec)] == ["share"]
    counted = counted_indicators(spec, {"events_rate": RATE})
    assert counted["share"] == Counted("share", "part_n", "part_n", "whole", 100.0, 1.0, True)
    assert counted["rate"] == Counted("rate", "events_rate", "events_n", "people", 1000.0, 2.0,
                                      False)
    # the default index: household deprivation (a percentage of households) and road
    # casualties (counted from STATS19) are compared; the IoD's published figures are not
    oldham = compared_indicators(load_preset("tci_oldham"), ["road_casualties_per_1000_year"])
    assert [i.code for i in oldham] == ["household_deprivation", "road_casualties"]


def test_a_wilson_interval_worked_by_hand():
    # 3 of 20: p = 0.15; centre (2*3 + z^2) / (2 (20 + z^2)), half-width
    # z sqrt(z^2 + 4*3*0.85) / (2 (20 + z^2)), with z = 1.95996
    z2 = Z95**2
    centre = (6 + z2) / (2 * (20 + z2))
    half = Z95 * math.sqrt(z2 + 4 * 3 * 0.85) / (2 * (20 + z2))
    assert centre - half == pytest.approx(0.05236, abs=1e-5)  # to four places 0.0524
    assert centre + half == pytest.approx(0.36042, abs=1e-5)  # and 0.3604
    counted = Counted("share", "part_n", "part_n", "whole", 100.0, 1.0, True)
    got = value_interval(pd.Series([3]), pd.Series([20]), counted)
    assert got.loc[0, "value"] == pytest.approx(15.0)
    assert got.loc[0, "lower"] == pytest.approx(100 * (centre - half))
    assert got.loc[0, "upper"] == pytest.approx(100 * (centre + half))


def test_a_rate_uses_byar_from_10_events_and_the_exact_interval_below():
    counted = Counted("rate", "events_rate", "events_n", "people", 1000.0, 2.0)
    got = value_interval(pd.Series([20, 0]), pd.Series([4000, 1000]), counted)
    # 20 events: Byar's 12.22 to 30.89 (APHO technical briefing 3), over 4,000 people for
    # 2 years, per 1,000 a year: 2.5 (1.528 to 3.861)
    assert got.loc[0, "value"] == pytest.approx(2.5)
    assert got.loc[0, "lower"] == pytest.approx(12.22 / 8, abs=0.002)
    assert got.loc[0, "upper"] == pytest.approx(30.89 / 8, abs=0.002)
    # 0 events: exact 0 to 3.689 events, over 1,000 people for 2 years: 0 to 1.844
    assert got.loc[1, "lower"] == 0 and got.loc[1, "upper"] == pytest.approx(3.689 / 2, abs=1e-3)


def test_worse_similar_and_better_and_the_direction_turned_round():
    lower, upper = np.array([6.0, 4.0, 1.0, 5.0]), np.array([9.0, 6.0, 4.9, 7.0])
    # benchmark 5: wholly above, includes it, wholly below, touches it (an end counts)
    assert list(compare(lower, upper, 5.0)) == [WORSE, SIMILAR, BETTER, SIMILAR]
    assert list(compare(lower, upper, 5.0, higher_is_worse=False)) == [BETTER, SIMILAR, WORSE,
                                                                       SIMILAR]
    assert list(compare(np.array([np.nan]), np.array([1.0]), 0.5)) == [NOT_COMPARED]
    assert list(compare(lower[:1], upper[:1], np.nan)) == [NOT_COMPARED]


def test_every_area_against_the_pooled_borough_and_region():
    table = _table()
    counted = counted_indicators(_spec(), {"events_rate": RATE})
    # pooled share: (3 + 40 + 10 + 25) / 320 = 24.375%; a region with a part of 10 in 200
    # more: 88 / 520 = 16.92%
    region = pd.concat([table, pd.DataFrame({"part_n": [10], "whole": [200], "events_n": [0],
                                             "people": [1000]}, index=["E"])])
    assert pooled(table, counted["share"]) == pytest.approx(24.375)
    assert pooled(region, counted["share"]) == pytest.approx(8800 / 520)
    out = compare_areas(table, region, counted)
    assert list(out["area"]) == ["A", "A", "B", "B", "C", "C", "D", "D"]
    share = out[out["indicator"] == "share"].set_index("area")
    # A: 3/20, 5.2% to 36.0%, includes 24.4% (similar) and 16.9% (similar)
    # B: 40/100, Wilson 30.9% to 49.9%: above both (worse, higher is worse)
    # C: 10/100, 5.5% to 17.4%: below 24.4% (better), includes 16.9% (similar)
    # D: 25/100, 17.6% to 34.3%: includes 24.4% (similar), above 16.9% (worse)
    assert list(share["against_borough"]) == [SIMILAR, WORSE, BETTER, SIMILAR]
    assert list(share["against_region"]) == [SIMILAR, WORSE, SIMILAR, WORSE]
    assert share.at["B", "lower"] == pytest.approx(30.94, abs=0.01)
    rate = out[out["indicator"] == "rate"].set_index("area")
    # pooled rate: 52 events / 9,000 people / 2 years * 1,000 = 2.889 a year
    assert rate["borough"].iloc[0] == pytest.approx(52 / 9000 / 2 * 1000)
    # D: 30 events over 3,000 for 2 years, Byar 20.24 to 42.83 events: 3.37 to 7.14, worse
    assert rate.at["D", "against_borough"] == WORSE
    # the direction turned round: the same intervals, the other verdicts
    reversed_ = compare_areas(table, region, counted_indicators(
        _spec("higher_is_better"), {"events_rate": RATE}))
    assert list(reversed_[reversed_["indicator"] == "share"]["against_borough"]) == [
        SIMILAR, BETTER, WORSE, SIMILAR]


def test_hidden_values_and_indicators_without_counts_are_not_compared():
    table = _table()
    hidden = pd.DataFrame({"events_rate": [False, True, False, False]}, index=table.index)
    spec = _spec()
    out = compare_areas(table, table, counted_indicators(spec, {"events_rate": RATE}), hidden)
    b = out[(out["area"] == "B") & (out["indicator"] == "rate")].iloc[0]
    assert b["hidden"] and np.isnan(b["value"]) and np.isnan(b["lower"])
    assert b["against_borough"] == b["against_region"] == NOT_COMPARED
    # the hidden area's events still count in the borough's figure
    assert b["borough"] == pytest.approx(52 / 9000 / 2 * 1000)
    rows = area_comparison(spec, out, "B").set_index("indicator")
    assert list(rows["compared"]) == [True, True, False]
    assert rows.at["published", "against_borough"] == NOT_COMPARED  # a score: no counts
    assert rows.at["share", "against_borough"] == WORSE


def test_a_count_that_cannot_make_a_proportion_is_refused_by_name():
    table = _table().assign(part_n=[30, 40, 10, 25])  # 30 of 20
    with pytest.raises(ImpossibleCountError, match="A: the part"):
        compare_areas(table, table, counted_indicators(_spec(), {}))


def test_the_spine_runs_from_worst_to_best_about_the_benchmark():
    spec = _spec()
    values = pd.DataFrame({"share": [10.0, 20.0, 30.0, 40.0, 50.0],
                           "rate": [1.0, 2.0, 3.0, 4.0, 5.0],
                           "published": [1.0, 2.0, 3.0, 4.0, 5.0]}, index=list("ABCDE"))
    hidden = pd.DataFrame({"events_rate": [False, False, False, False, True]},
                          index=values.index)
    spine = spine_table(spec, values, "B", pd.Series({"share": 25.0, "rate": 2.0,
                                                      "published": 3.0}), hidden,
                        {"share": BETTER}).set_index("indicator")
    share = spine.loc["share"]
    # higher is worse: worst 50, 75th percentile 40, 25th 20, best 10 (numpy's linear
    # percentiles of 10..50); half-width max(|50 - 25|, |10 - 25|) = 25
    assert (share["worst"], share["worse_quartile"], share["better_quartile"],
            share["best"]) == (50, 40, 20, 10)
    assert (share["minimum"], share["p25"], share["p75"], share["maximum"]) == (10, 20, 40, 50)
    assert share["at_worst"] == -1 and share["at_best"] == pytest.approx(15 / 25)
    assert share["at_value"] == pytest.approx(5 / 25)  # B's 20 is better than 25: right
    assert share["at_worse_quartile"] == pytest.approx(-15 / 25)
    assert share["comparison"] == BETTER
    # the hidden value (E's 5) is left out of the range: 1 to 4
    rate = spine.loc["rate"]
    assert rate["worst"] == 4 and rate["best"] == 1 and rate["p75"] == pytest.approx(3.25)
    assert rate["at_worst"] == -1 and rate["at_best"] == pytest.approx(0.5)
    assert rate["comparison"] == NOT_COMPARED
    # higher is better: the lowest value is the worst and goes left
    turned = spine_table(_spec("higher_is_better"), values, "A",
                         pd.Series({"share": 25.0, "rate": 2.0, "published": 3.0})).set_index(
        "indicator").loc["share"]
    assert turned["worst"] == 10 and turned["best"] == 50
    assert turned["at_value"] == pytest.approx(-15 / 25) and turned["at_best"] == 1
    hidden_self = spine_table(spec, values, "E", pd.Series({"rate": 2.0}), hidden)
    assert np.isnan(hidden_self.set_index("indicator").at["rate", "at_value"])


def test_the_colours_are_okabe_ito_blue_and_orange():
    assert COLOURS[BETTER][0] == "#0072B2" and COLOURS[WORSE][0] == "#E69F00"
