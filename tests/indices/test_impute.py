import numpy as np
import pytest

from indices.errors import DataError
from indices.impute import IMPUTERS, impute

NAN = np.nan
VALUES = np.array([[1.0, NAN], [3.0, 4.0], [NAN, 8.0], [8.0, NAN]])


def test_none_leaves_gaps_and_flags_nothing():
    imputed, flags = impute(VALUES, "none")
    assert np.isnan(imputed[2, 0]) and not flags.any()


def test_mean_and_median():
    imputed, flags = impute(VALUES, "mean")
    # column 0 mean (1 + 3 + 8) / 3 = 4; column 1 mean (4 + 8) / 2 = 6
    assert imputed[2, 0] == 4 and imputed[0, 1] == 6 and imputed[3, 1] == 6
    assert flags.tolist() == [[False, True], [False, False], [True, False], [False, True]]
    imputed, _ = impute(VALUES, "median")
    assert imputed[2, 0] == 3 and imputed[0, 1] == 6


def test_within_groups_and_fallback_to_all_areas():
    groups = np.array(["a", "a", "a", "b"])
    imputed, flags = impute(VALUES, "group_mean", groups)
    # group a, column 0: (1 + 3) / 2 = 2; group a, column 1: (4 + 8) / 2 = 6
    assert imputed[2, 0] == 2 and imputed[0, 1] == 6
    # group b has no column-1 value: the mean over all areas, 6
    assert imputed[3, 1] == 6 and flags.sum() == 3
    imputed, _ = impute(VALUES, "group_median", groups)
    assert imputed[2, 0] == 2


def test_group_methods_need_groups():
    with pytest.raises(DataError, match="needs a group column"):
        impute(VALUES, "group_mean")


def test_an_empty_column_stays_missing():
    imputed, flags = impute(np.array([[NAN], [NAN]]), "mean")
    assert np.isnan(imputed).all() and not flags.any()


def test_descriptions():
    assert IMPUTERS.describe("group_mean").startswith(
        "Each missing value is replaced by the indicator's mean within the area's group")
