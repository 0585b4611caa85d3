import numpy as np
import pandas as pd
import pytest

from data.areas.profiles import against_average, build_profile, weighted_means


def test_weighted_means_skip_missing_cells():
    table = pd.DataFrame({"x": [1.0, 3.0, np.nan], "y": [np.nan, np.nan, np.nan]})
    weights = pd.Series([1.0, 3.0, 10.0])
    means = weighted_means(table, ["x", "y"], weights)
    assert means["x"] == pytest.approx((1 + 9) / 4)
    assert np.isnan(means["y"])


def test_profile_of_the_area_most_in_need(oldham, tci):
    code = tci.ranks["tci"].idxmin()
    profile = build_profile(code, tci, oldham.table, oldham.region, oldham.hidden)
    assert profile.rank == 1 and profile.decile == 1 and profile.areas == 142
    assert profile.borough == "Oldham" and profile.name.startswith("Oldham")
    assert profile.imd_decile == oldham.table.at[code, "IMD_decile"]
    assert list(profile.domains["code"]) == [d.code for d in tci.spec.domains]
    assert profile.domains["borough_average"].abs().max() < 1e-9  # z-scores average 0
    assert len(profile.indicators) == len(tci.spec.indicators)
    income = profile.indicators.set_index("code").loc["income"]
    assert income["value"] == oldham.table.at[code, "Income_score"]
    assert income["borough"] == pytest.approx(np.average(
        oldham.table["Income_score"], weights=oldham.table["usual_residents_2021"]))


def test_small_numbers_are_hidden_in_profiles(oldham, tci):
    counts = oldham.table["road_casualties_n"]
    code = counts[(counts >= 1) & (counts <= 4)].index[0]
    profile = build_profile(code, tci, oldham.table, oldham.region, oldham.hidden)
    road = profile.indicators.set_index("code").loc["road_casualties"]
    assert bool(road["hidden"]) and pd.isna(road["value"]) and pd.isna(road["rank"])


def test_unknown_area(oldham, tci):
    with pytest.raises(KeyError):
        build_profile("E00000000", tci, oldham.table, oldham.region)


def test_no_decile_among_fewer_than_ten_areas(oldham):
    from data.areas.levels import CUSTOM, Neighbourhoods, level_data, summed_for
    from indices.build import build_index
    from indices.presets import load_preset

    codes = oldham.table.index
    lookup = pd.DataFrame({"neighbourhood_code": [f"N{i % 3}" for i in range(len(codes))],
                           "neighbourhood_name": [f"Part {i % 3}" for i in range(len(codes))]},
                          index=codes)
    spec = load_preset()
    areas = level_data(oldham, CUSTOM, summed_for(spec), Neighbourhoods("Thirds", lookup))
    run = build_index(spec, areas.table)
    profile = build_profile("N0", run, areas.table, oldham.region, areas.hidden, oldham.name)
    assert profile.areas == 3 and profile.decile is None and profile.rank in (1, 2, 3)
    assert profile.ward == ""  # a third of the borough lies in many wards


def test_against_average_is_a_comparison_with_the_average_not_with_zero():
    assert against_average(0.4, 0.1) == "more" and against_average(-0.2, 0.1) == "less"
    assert against_average(30.0, 45.0) == "less"  # a min-max score: above 0, below average
    assert against_average(0.1, 0.1) == "the same" and against_average(np.nan, 0.1) is None


@pytest.mark.parametrize(("normalisation", "aggregation"), [
    ("zscore", "arithmetic"), ("rank_normal", "arithmetic"), ("minmax", "arithmetic"),
    ("percentile", "arithmetic"), ("minmax", "geometric"), ("percentile", "geometric")])
def test_the_least_in_need_area_has_less_need_than_the_average_however_built(
        oldham, normalisation, aggregation):
    from dataclasses import replace

    from indices.build import build_index
    from indices.presets import load_preset
    from indices.spec import Normalisation

    spec = load_preset()
    spec = replace(spec, normalisation=Normalisation(normalisation), aggregation=aggregation)
    run = build_index(spec, oldham.table)
    ranks = run.ranks[spec.code]
    most, least = ranks.idxmin(), ranks.idxmax()
    for code, side in ((most, "more"), (least, "less")):
        profile = build_profile(code, run, oldham.table, oldham.table)
        assert against_average(profile.score, profile.average) == side
        for row in profile.domains.itertuples():  # as the domain chart's words say it
            expected = "more" if row.score > row.borough_average else "less"
            assert against_average(row.score, row.borough_average) in (expected, "the same")
