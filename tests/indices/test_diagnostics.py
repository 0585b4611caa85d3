import numpy as np
import pandas as pd

from indices.build import build_index
from indices.diagnostics import correlations, flags
from indices.spec import spec_from_dict


def test_wrong_direction_and_duplicates_are_flagged():
    rng = np.random.default_rng(0)
    base = rng.normal(size=200)
    table = pd.DataFrame({
        "x1": base + rng.normal(scale=0.3, size=200),
        "x2": base + rng.normal(scale=0.3, size=200),
        "x3": base,  # with higher_is_better it runs against the domain
        "y1": rng.normal(size=200),
        "y2": rng.normal(size=200),
        "y3": None,
    }).assign(y3=lambda t: t["y1"] * 2 + 0.01 * rng.normal(size=200))
    spec = spec_from_dict({"code": "t", "domains": [
        {"code": "x", "indicators": [
            {"code": "x1", "direction": "higher_is_worse"},
            {"code": "x2", "direction": "higher_is_worse"},
            {"code": "x3", "direction": "higher_is_better"}]},
        {"code": "y", "indicators": [
            {"code": "y1", "direction": "higher_is_worse"},
            {"code": "y2", "direction": "higher_is_worse"},
            {"code": "y3", "direction": "higher_is_worse"}]},
    ]})
    run = build_index(spec, table)
    matrix = correlations(run)
    assert list(matrix.columns[:3]) == ["t", "x", "y"]
    assert np.allclose(np.diag(matrix), 1)
    found = flags(run)
    negative = found[found["issue"].str.startswith("correlates negatively")]
    assert negative["indicator"].tolist() == ["x3"] and negative["other"].tolist() == ["x"]
    duplicates = found[found["issue"].str.startswith("duplicates another indicator")]
    assert not duplicates["issue"].str.contains("y1").any()  # named beside it, not as a code
    assert ("y3", "y1") in set(zip(duplicates["indicator"], duplicates["other"], strict=True))
    assert "x3" not in set(duplicates["indicator"])  # -0.97 with x1 is not a duplicate
