import numpy as np
import pandas as pd

from dashboard.maps import HIDDEN, NO_DATA, SCHEME_LABELS, SCHEMES, MapLayer, classify
from dashboard.maps.classes import _equal_intervals, _quantiles


def small_layer(need, display=None, hidden=None):
    index = [f"a{i}" for i in range(len(need))]
    need = pd.Series(need, index=index, dtype=float)
    return MapLayer("x", "X", need if display is None else pd.Series(display, index=index),
                    need, need.rank(ascending=False), need * 0 + 1,
                    pd.Series(hidden or [False] * len(need), index=index))


def test_every_scheme_has_a_label():
    assert set(SCHEME_LABELS) == set(SCHEMES.names())


def test_deciles_put_the_most_need_in_the_darkest_class():
    classes = classify(small_layer(np.arange(20.0)), "deciles")
    assert len(classes.labels) == 10 and classes.labels[-1] == "Decile 1 (most in need)"
    # need 19 and 18 are decile 1 -> class 9 (darkest); need 0 and 1 decile 10 -> class 0
    assert classes.assignment[[19, 18, 0, 1]].tolist() == [9, 9, 0, 0]
    assert classes.colours[-1] != classes.colours[0]


def test_quintile_labels_give_the_shown_values():
    # display runs the other way (higher is better): labels still give value ranges
    layer = small_layer(np.arange(10.0), display=100 - np.arange(10.0))
    classes = classify(layer, "quintiles")
    assert classes.labels[0] == "99.0 to 100" and classes.labels[-1] == "91.0 to 92.0"
    assert classes.assignment.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_missing_and_hidden_areas_get_their_own_classes():
    layer = small_layer([1, 2, np.nan, 4, 5, 6], hidden=[False, True, False, False, False,
                                                           False])
    classes = classify(layer, "equal_interval")
    assert classes.assignment[1] == HIDDEN and classes.assignment[2] == NO_DATA
    assert "2.00" not in " ".join(classes.labels)  # the hidden value shows in no label


def test_quintiles_and_equal_intervals_worked_by_hand():
    values = np.arange(1.0, 11.0)  # 1..10: quintile bounds 2.8, 4.6, 6.4, 8.2, 10
    assert _quantiles(values).tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    # equal intervals of 1..10: bounds 2.8, 4.6, 6.4, 8.2, 10 as well; ties at a bound go down
    assert _equal_intervals(np.array([1.0, 2.8, 2.9, 5.0, 10.0])).tolist() == [0, 0, 1, 2, 4]
    assert _quantiles(np.array([3.0, 3.0, 3.0])).tolist() == [0, 0, 0]  # one distinct value


def test_a_bound_between_equal_values_keeps_them_in_the_class_below():
    # the 40th percentile falls between the two 0.43s: it is 0.43, whose areas stay in class 1
    # (mapclassify's weighing of the two can miss 0.43 by a rounding error)
    values = np.array([0.12, 0.25, 0.43, 0.43, 0.62, 0.75, 0.88, 1.0])
    assert _quantiles(values).tolist() == [0, 0, 1, 1, 2, 3, 4, 4]


def test_ties_that_leave_fewer_bounds_give_fewer_classes_without_a_warning(recwarn):
    values = np.array([0.0] * 8 + [1.0, 2.0, 3.0, 100.0])
    assert _quantiles(values).tolist() == [0] * 8 + [1, 2, 2, 2]
    assert [str(w.message) for w in recwarn] == []


def test_one_value_is_one_class_in_the_schemes_of_breaks():
    for scheme in ("quintiles", "equal_interval", "natural_breaks"):
        classes = classify(small_layer([3.0, 3.0, np.nan]), scheme)
        assert classes.assignment.tolist() == [0, 0, NO_DATA], scheme
        assert classes.labels == ["3.00 to 3.00"] and len(classes.colours) == 1


def test_quintiles_and_equal_intervals_are_mapclassifys():
    import mapclassify

    generator = np.random.default_rng(7)
    for size in (7, 142, 1702):
        values = generator.gamma(2.0, 3.0, size)  # no ties: where mapclassify's bounds are
        np.testing.assert_array_equal(_quantiles(values),
                                      mapclassify.Quantiles(values, k=5).yb)
        np.testing.assert_array_equal(_equal_intervals(values),
                                      mapclassify.EqualInterval(values, k=5).yb)
