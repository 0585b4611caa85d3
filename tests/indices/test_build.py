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
    # deciles out of 3: ceil(10/3) = 4, ceil(20/3) = 7, 10
    assert summary["decile"].tolist() == [7, 10, 4]
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
    # a = 0^0.25 * 100^0.75 = 0 for x
    assert result.scores.at["x", "a"] == 0


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
