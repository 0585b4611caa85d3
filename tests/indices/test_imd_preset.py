"""The IMD 2025 preset must reproduce the published IMD score of every LSOA."""

import pandas as pd

from indices.build import build_index
from indices.presets import load_preset


def test_imd2025_reproduces_the_published_score_of_every_lsoa(root):
    published = pd.read_csv(root / "iod2025_lsoa21_greater_manchester.csv").set_index("lsoa21cd")
    result = build_index(load_preset("imd2025"), published)
    difference = (result.scores["imd2025"] - published["IMD_score"]).abs()
    assert len(difference) == 1702
    assert difference.max() < 0.001
    # the order of the rebuilt scores is the published national order
    assert (result.ranks["imd2025"].rank().to_numpy()
            == published["IMD_rank"].rank().to_numpy()).all()
