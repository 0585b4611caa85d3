import numpy as np
import pandas as pd
import pytest

from indices.build import build_index
from indices.errors import DataError
from indices.spec import spec_from_dict


def small_spec(**changes):
    data = {
        "code": "small",
        "name": "Small index",
        "normalisation": "minmax",
        "domains": [
            {"code": "a", "weight": 2, "indicators": [
                {"code": "a1", "direction": "higher_is_worse", "weight": 1},
                {"code": "a2", "direction": "higher_is_better", "weight": 3},
            ]},
            {"code": "b", "weight": 1, "indicators": [
                {"code": "b1", "direction": "higher_is_worse"},
            ]},
        ],
    }
    data.update(changes)
    return spec_from_dict(data)


TABLE = pd.DataFrame(
    {"a1": [0.0, 5.0, 10.0], "a2": [10.0, 30.0, 20.0], "b1": [1.0, 3.0, 2.0]},
    index=pd.Index(["x", "y", "z"], name="id"),
)


def test_hand_computed_index():
    result = build_index(small_spec(), TABLE)
    # minmax: a1 -> 0, 50, 100; a2 (higher is better) -> 100, 0, 50; b1 -> 0, 100, 50
    # a = 0.25 a1 + 0.75 a2 = 75, 12.5, 62.5; index = 2/3 a + 1/3 b = 50, 41.667, 58.333
    np.testing.assert_allclose(result.scores["a"], [75, 12.5, 62.5])
    np.testing.assert_allclose(result.scores["b"], [0, 100, 50])
    np.testing.assert_allclose(result.scores["small"], [50, 125 / 3, 175 / 3])
    summary = result.summary()
    assert list(summary.columns) == ["score", "rank", "decile", "a", "b"]
    assert summary["rank"].tolist() == [2, 3, 1]
    # no deciles among three areas (fewer than DECILE_MIN_AREAS); out of 3 they would be
    # ceil(10/3) = 4, ceil(20/3) = 7 and 10 (see test_ranking)
    assert summary["decile"].isna().all()
    assert result.ranks.at["x", "a2"] == 1


def test_missing_values_are_reweighted_not_zeroed():
    table = TABLE.copy()
    table.loc["z", "a2"] = np.nan
    result = build_index(small_spec(), table)
    # a2 over x, y only: 100, 0; z's domain a is its a1 alone: 100
    assert np.isnan(result.normalised.at["z", "a2"])
    assert result.scores.at["z", "a"] == pytest.approx(100)
    assert result.raw.at["z", "a2"] != 0


def test_missing_values_propagate_when_the_spec_says_so():
    table = TABLE.copy()
    table.loc["z", "a2"] = np.nan
    result = build_index(small_spec(missing="propagate"), table)
    assert np.isnan(result.scores.at["z", "small"])
    assert pd.isna(result.summary().at["z", "rank"])
    assert result.summary()["rank"].dropna().tolist() == [1, 2]


def test_ranks_against_a_national_reference():
    reference = pd.DataFrame({"small": np.arange(0, 100, 1.0)})
    result = build_index(small_spec(), TABLE, reference=reference)
    # 50 has 49 reference scores above it (51..99): rank 50 of 100 -> decile 5
    assert result.ranks.at["x", "small"] == 50
    assert result.deciles.at["x", "small"] == 5
    assert result.ranks.at["x", "a"] == 1  # not in the reference: ranked within (75 is top)


def test_geometric_aggregation_of_percentiles():
    spec = small_spec(aggregation="geometric")
    result = build_index(spec, TABLE)
    # x: a1 = 0 counts as 1, a2 = 100: a = 1^0.25 * 100^0.75 = 31.62
    assert result.scores.at["x", "a"] == pytest.approx(100**0.75)


def test_geometric_with_zscores_says_which_node():
    spec = small_spec(normalisation="zscore", aggregation="geometric")
    with pytest.raises(DataError, match=r"^domain 'a': geometric aggregation needs scores of 0"):
        build_index(spec, TABLE)


def test_missing_column_is_named():
    with pytest.raises(DataError, match=r"no column 'b1' \(indicator 'b1'\)"):
        build_index(small_spec(), TABLE.drop(columns="b1"))


def test_text_in_a_number_column_is_named_with_the_area():
    table = TABLE.astype(object)
    table.loc["y", "a1"] = "n/a"
    with pytest.raises(DataError, match=r"column 'a1' \(indicator 'a1'\) has a value that is not "
                       r"a number for area y: 'n/a'"):
        build_index(small_spec(), table)


def test_duplicated_ids_are_refused():
    table = pd.concat([TABLE, TABLE.loc[["x"]]])
    with pytest.raises(DataError, match="x appear more than once"):
        build_index(small_spec(), table)


def test_an_empty_table_is_refused():
    with pytest.raises(DataError, match="the data has no rows"):
        build_index(small_spec(), TABLE.iloc[0:0])


def test_counts_are_divided_into_rates():
    spec = spec_from_dict({"code": "r", "domains": [{"code": "d", "indicators": [
        {"code": "crimes", "direction": "higher_is_worse", "denominator": "pop"},
        {"code": "share", "direction": "higher_is_worse", "denominator": "pop", "scale": 100},
    ]}]})
    table = pd.DataFrame({"crimes": [5.0, 9.0, 1.0], "share": [50.0, 30.0, 0.0],
                          "pop": [1000.0, 3000.0, 0.0]}, index=["x", "y", "z"])
    run = build_index(spec, table)
    # 5 / 1000 * 1000 = 5 per 1,000; 9 / 3000 * 1000 = 3; a zero denominator gives no rate
    assert run.values["crimes"].tolist()[:2] == [5.0, 3.0]
    assert run.values["share"].tolist()[:2] == [5.0, 1.0]
    assert np.isnan(run.values.at["z", "crimes"]) and run.raw.at["z", "crimes"] == 1


def test_imputed_and_treated_cells_are_flagged():
    spec = small_spec(imputation="mean", outliers="winsorise")
    table = pd.DataFrame({"a1": [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100],
                          "a2": [1.0, np.nan, 3, 4, 5, 6, 7, 8, 9, 10],
                          "b1": np.arange(10.0)}, index=list("abcdefghij"))
    run = build_index(spec, table)
    assert run.imputed_flags.loc["b", "a2"] and run.imputed_flags.to_numpy().sum() == 1
    assert run.imputed.at["b", "a2"] == pytest.approx(53 / 9)
    assert run.treated_flags.loc["j", "a1"] and run.treated.at["j", "a1"] == 9
    assert run.treatment_notes["a1"] == "winsorised the 1 highest value(s)"


def test_imputation_within_groups_needs_the_group_column():
    spec = small_spec(imputation={"method": "group_mean", "group": "ward"})
    with pytest.raises(DataError, match="no column 'ward', which imputation groups areas by"):
        build_index(spec, TABLE)
    run = build_index(spec, TABLE.assign(ward=["w1", "w1", "w2"]))
    assert "ward" in run.data.columns


def test_weights_from_principal_components_are_used():
    run = build_index(small_spec(weighting="pca"), TABLE)
    assert run.weights[["a1", "a2"]].sum() == pytest.approx(1)
    assert run.weights["b1"] == 1 and run.weights["a"] == pytest.approx(2 / 3)


def test_a_run_regenerates_exactly():
    spec = small_spec(imputation="median", outliers="winsorise", weighting="pca")
    table = TABLE.copy()
    table.loc["y", "a1"] = np.nan
    run = build_index(spec, table)
    again = run.regenerate()
    assert again.spec == run.spec
    for stage in ("raw", "values", "imputed", "imputed_flags", "treated", "treated_flags",
                  "normalised", "scores", "ranks", "deciles"):
        pd.testing.assert_frame_equal(getattr(again, stage), getattr(run, stage))
    pd.testing.assert_series_equal(again.weights, run.weights)


def test_deciles_are_given_from_ten_areas_ranked():
    from indices.ranking import DECILE_MIN_AREAS

    for size, given in ((DECILE_MIN_AREAS - 1, False), (DECILE_MIN_AREAS, True)):
        table = pd.DataFrame({"x": np.arange(size, dtype=float)},
                             index=[f"E{i:08d}" for i in range(size)])
        spec = spec_from_dict({"code": "t", "domains": [{"code": "d", "indicators": [
            {"code": "x", "direction": "higher_is_worse"}]}]})
        deciles = build_index(spec, table).deciles["t"]
        assert deciles.notna().all() if given else deciles.isna().all()
