import numpy as np
import pandas as pd

from dashboard.maps import CHANGE_CLASSES, change_layer, map_paint
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
