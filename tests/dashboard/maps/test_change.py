import numpy as np
import pandas as pd

from dashboard.maps import (
    CHANGE_CLASSES,
    RANK_CHANGE_CLASSES,
    change_layer,
    map_paint,
    rank_change_layer,
)
from data.areas.change import imd_change


def test_the_map_of_change_uses_a_diverging_scheme(root, oldham, areas):
    change = imd_change(root)
    layer, classes = change_layer(change, pd.Index(areas["code"]))
    moved = change["decile_change"].reindex(areas["code"]).to_numpy()
    labels = np.array(classes.labels)[classes.assignment]
    assert (labels[moved == 0] == "No change").all()
    assert (labels[moved <= -2] == CHANGE_CLASSES[0][0]).all()
    assert (labels[moved == 1] == "1 decile less deprived").all()
    assert "more deprived" in classes.note
    assert map_paint(areas, layer, classes)["legend"]["note"] == classes.note


def test_the_map_of_a_move_in_rank_classes_direction_and_uncertainty():
    from indices.editions import compare

    def results(ranks, low, high):
        return pd.DataFrame({"area_name": list("ABCDE"), "rank": ranks, "score": 0.0,
                             "rank_p05": low, "rank_p95": high}, index=list("ABCDE"))

    change = compare(results([1, 2, 3, 4, 5], [1, 2, 2, 3, 5], [1, 3, 4, 5, 5]),
                     results([5, 3, 2, 4, 1], [4, 2, 2, 3, 1], [5, 4, 3, 5, 1]))
    codes = pd.Index(list("ABCDEF"))  # F is not in both builds
    layer, classes = rank_change_layer(change, codes, ("IoD2019", "IoD2025"))
    labels = [classes.labels[c] if c >= 0 else None for c in classes.assignment]
    assert labels == ["Towards less need, more than the uncertainty",
                      "Towards less need, within the uncertainty",
                      "Towards more need, within the uncertainty", "The same rank",
                      "Towards more need, more than the uncertainty", None]
    assert layer.texts["A"] == "4 places towards less need (more than the uncertainty)"
    assert layer.texts["D"] == "the same rank" and layer.texts["F"] == "no figures"
    assert layer.title == "Rank, IoD2019 to IoD2025"
    assert set(classes.colours) == {colour for _, colour in RANK_CHANGE_CLASSES}
