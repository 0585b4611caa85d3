import numpy as np
import pandas as pd
import pytest

from indices.build import build_index
from indices.errors import SpecError, UnknownMethodError
from indices.presets import load_preset
from indices.sensitivity import SensitivitySettings, sensitivity
from indices.spec import spec_from_dict

FIXED = SensitivitySettings(draws=20, weight_range=0.0, normalisations=(), aggregations=(),
                            leave_one_out=False)


def spec(**changes):
    data = {"code": "t", "normalisation": "minmax", "domains": [
        {"code": "a", "weight": 2, "indicators": [
            {"code": "a1", "direction": "higher_is_worse"},
            {"code": "a2", "direction": "higher_is_better", "weight": 3}]},
        {"code": "b", "indicators": [{"code": "b1", "direction": "higher_is_worse"},
                                     {"code": "b2", "direction": "higher_is_worse"}]},
    ]}
    data.update(changes)
    return spec_from_dict(data)


@pytest.fixture(scope="module")
def table():
    rng = np.random.default_rng(3)
    return pd.DataFrame(rng.lognormal(size=(60, 4)), columns=["a1", "a2", "b1", "b2"],
                        index=[f"E{i:03d}" for i in range(60)])


def test_zero_perturbation_gives_zero_width_intervals(table):
    run = build_index(spec(), table)
    result = sensitivity(run, FIXED)
    areas = result.areas
    assert (areas["rank_p05"] == areas["rank_p95"]).all()
    assert (areas["median_rank"] == areas["rank"]).all()
    assert result.shares.sum() == 0


@pytest.mark.parametrize(("normalisation", "aggregation"),
                         [("minmax", "geometric"), ("zscore", "arithmetic"),
                          ("percentile", "geometric"), ("rank_normal", "arithmetic")])
def test_a_fixed_draw_reproduces_the_engine(table, normalisation, aggregation):
    settings = SensitivitySettings(draws=3, weight_range=0.0, normalisations=(normalisation,),
                                   aggregations=(aggregation,), leave_one_out=False)
    result = sensitivity(build_index(spec(), table), settings)
    engine = build_index(spec(normalisation=normalisation, aggregation=aggregation), table)
    assert (result.areas["median_rank"] == engine.summary()["rank"]).all()


def test_missing_values_are_reweighted_as_in_the_engine(table):
    holes = table.copy()
    holes.iloc[::7, 0] = np.nan
    holes.iloc[::5, 3] = np.nan
    for missing in ("reweight", "propagate"):
        run = build_index(spec(missing=missing, normalisation="percentile"), holes)
        engine = run.summary()["rank"]
        result = sensitivity(run, SensitivitySettings(
            draws=2, weight_range=0.0, normalisations=("percentile",),
            aggregations=("arithmetic",), leave_one_out=False))
        scored = engine.notna()
        assert (result.areas["median_rank"][scored] == engine[scored]).all()


def test_the_same_seed_gives_the_same_result(table):
    run = build_index(spec(), table)
    settings = SensitivitySettings(draws=200, seed=7)
    first, second = sensitivity(run, settings), sensitivity(run, settings)
    pd.testing.assert_frame_equal(first.areas, second.areas)
    pd.testing.assert_series_equal(first.shares, second.shares)
    other = sensitivity(run, SensitivitySettings(draws=200, seed=8))
    assert not first.areas.equals(other.areas)


def test_intervals_contain_the_median_and_shares_add_up(table):
    result = sensitivity(build_index(spec(), table), SensitivitySettings(draws=300))
    areas = result.areas
    assert (areas["rank_p05"] <= areas["median_rank"]).all()
    assert (areas["median_rank"] <= areas["rank_p95"]).all()
    assert (areas["rank_p95"] > areas["rank_p05"]).any()
    assert list(result.shares.index) == ["normalisation", "aggregation", "indicator left out",
                                         "weights and interactions"]
    assert result.shares.sum() == pytest.approx(1) and (result.shares >= 0).all()
    assert len(result.draws) == 300
    # geometric aggregation is never drawn with z-scores (they can be negative)
    pairs = set(zip(result.draws["normalisation"], result.draws["aggregation"], strict=True))
    assert ("zscore", "geometric") not in pairs and ("minmax", "geometric") in pairs


def test_leaving_out_the_only_indicator_of_a_domain(root):
    published = pd.read_csv(root / "iod2025_lsoa21_greater_manchester.csv",
                            index_col="lsoa21cd").iloc[:200]
    run = build_index(load_preset("imd2025"), published)
    result = sensitivity(run, SensitivitySettings(draws=100, normalisations=(),
                                                  aggregations=()))
    assert result.areas["median_rank"].notna().all()
    assert set(result.draws["left_out"]) - {""} <= {i.code for i in run.spec.indicators}


def test_weights_only_are_all_the_variance(table):
    result = sensitivity(build_index(spec(), table), SensitivitySettings(
        draws=100, normalisations=(), aggregations=(), leave_one_out=False))
    assert result.shares["weights and interactions"] == pytest.approx(1)


@pytest.mark.parametrize(("settings", "error", "message"), [
    (SensitivitySettings(draws=0), SpecError, "draws must be a whole number of 1 or more"),
    (SensitivitySettings(weight_range=1.5), SpecError, "weight_range must be from 0 to below 1"),
    (SensitivitySettings(normalisations=("zcore",)), UnknownMethodError,
     "sensitivity normalisations: unknown normalisation method 'zcore'"),
    (SensitivitySettings(aggregations=("median",)), UnknownMethodError,
     "sensitivity aggregations: unknown aggregation method 'median'"),
    (SensitivitySettings(normalisations=("zscore",), aggregations=("geometric",)), SpecError,
     "no combination of the normalisations and aggregations can be used"),
])
def test_bad_settings_get_their_message(table, settings, error, message):
    with pytest.raises(error, match=message):
        sensitivity(build_index(spec(), table), settings)


def test_variance_shares_by_hand():
    from indices.sensitivity import _shares

    # two areas, four draws in two cells; area 0 ranks 1, 2 | 2, 2 and area 1 the rest
    ranks = np.array([[1, 2], [2, 1], [2, 1], [2, 1]], dtype=np.uint16)
    cells = np.array([0, 0, 1, 1])
    labels = {"normalisation": np.array(["a", "b"]), "aggregation": np.array(["x", "x"])}
    shares = _shares(ranks, np.array([0, 1]), cells, labels)
    # variances 0.1875 + 0.1875 = 0.375; cell means 1.5, 2 (area 0) and 1.5, 1 (area 1)
    # about means 1.75 and 1.25: between = 0.5 * 0.125 + 0.5 * 0.125 = 0.125
    assert shares["normalisation"] == pytest.approx(0.125 / 0.375)
    assert shares["aggregation"] == 0
    assert shares["weights and interactions"] == pytest.approx(2 / 3)


def test_percentile_ranks_are_written_exactly_to_two_decimals(table):
    # 0.05 x 299 draws: 14.95, so the 5th percentile is 0.05 of one rank and 0.95 of the next
    areas = sensitivity(build_index(spec(), table), SensitivitySettings(draws=300)).areas
    for column in ("median_rank", "rank_p05", "rank_p95"):
        text = areas[column].astype(str)
        assert text.str.fullmatch(r"\d+\.\d{1,2}").all(), column


def test_settings_are_described_in_words():
    assert SensitivitySettings().describe() == (
        "1,000 draws (from random seed 0, so that they can be made again exactly), "
        "each multiplying every weight by a random factor within ±25%, "
        "drawing the normalisation from z-scores (standardised), min–max rescaling (0 to 100) or "
        "percentile ranks (0 to 100), drawing the aggregation from weighted average "
        "(arithmetic mean) or weighted geometric mean, and sometimes leaving one indicator out "
        "(each, or none, equally likely)")
    assert FIXED.describe() == (
        "20 draws (from random seed 0, so that they can be made again exactly), "
        "each keeping the weights as set, keeping the spec's own "
        "normalisation, and keeping the spec's own aggregation")
