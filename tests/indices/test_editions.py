"""An index over time: the part of a spec two editions both have, and how areas moved
between two builds, on small hand-made results whose moves are counted by hand."""

import pandas as pd
import pytest

from indices.editions import NOT_SAID, comparable, compare, describe_move, movers
from indices.errors import SpecError
from indices.spec import spec_from_dict


def _spec(**earlier):
    """Two domains: a (x, y) and b (z); each indicator's iod2019 key from ``earlier``."""
    def indicator(code):
        entry = {"code": code, "column": f"{code}_now", "direction": "higher_is_worse"}
        if code in earlier:
            entry["iod2019"] = earlier[code]
        return entry
    return spec_from_dict({"code": "t", "name": "Test", "domains": [
        {"code": "a", "name": "A", "indicators": [indicator("x"), indicator("y")]},
        {"code": "b", "name": "B", "indicators": [indicator("z")]}]})


def test_only_the_indicators_with_a_counterpart_are_kept_in_both_specs():
    cut = comparable(_spec(x={"column": "x_then", "note": "the same"},
                           y={"none": "Census 2021 only"}))
    assert cut.used == ("x",)
    assert cut.left_out == {"y": "Census 2021 only", "z": NOT_SAID}
    assert [d.code for d in cut.now.domains] == ["a"]  # b had nothing left: dropped
    assert cut.now.indicator("x").column == "x_now"
    assert cut.then.indicator("x").column == "x_then"
    assert cut.then.code == cut.now.code == "t"


def test_a_spec_with_no_counterpart_is_refused_saying_what_to_add():
    with pytest.raises(SpecError, match="iod2019 key"):
        comparable(_spec(x={"none": "not published"}))


def _results(ranks, scores, low=None, high=None):
    out = pd.DataFrame({"area_name": [f"Area {c}" for c in "ABCD"], "rank": ranks,
                        "score": scores}, index=list("ABCD"))
    if low is not None:
        out["rank_p05"], out["rank_p95"] = low, high
    return out


def test_compare_counts_each_move_and_whether_the_intervals_overlap():
    before = _results([1, 2, 3, 4], [4.0, 3.0, 2.0, 1.0], [1, 1, 2, 3], [1, 3, 4, 4])
    after = _results([4, 2, 1, 3], [1.0, 3.5, 5.0, 2.0], [3, 1, 1, 3], [4, 3, 2, 4])
    change = compare(before, after, pd.Series({"C": True}))
    assert change["rank_change"].tolist() == [3, 0, -2, -1]
    assert change["score_change"].tolist() == [-3.0, 0.5, 3.0, 1.0]
    # A: [1, 1] against [3, 4] do not overlap; C: [2, 4] and [1, 2] share rank 2
    assert change["beyond_uncertainty"].tolist() == [True, False, False, False]
    assert change["boundary_change"].tolist() == [False, False, True, False]


def test_compare_without_intervals_leaves_the_uncertainty_unknown():
    change = compare(_results([1, 2, 3, 4], [4, 3, 2, 1]), _results([2, 1, 3, 4], [3, 4, 2, 1]))
    assert change["beyond_uncertainty"].isna().all()
    assert not change["boundary_change"].any()


def test_compare_keeps_only_the_areas_both_builds_have():
    before = _results([1, 2, 3, 4], [4, 3, 2, 1]).drop(index="D")
    change = compare(before, _results([1, 2, 3, 4], [4, 3, 2, 1]))
    assert list(change.index) == ["A", "B", "C"]


def test_movers_lists_the_largest_moves_each_way_ties_by_later_rank():
    before = _results([1, 2, 3, 4], [4, 3, 2, 1])
    after = _results([3, 4, 1, 2], [2, 1, 4, 3])
    more, less = movers(compare(before, after), most=5)
    assert list(more.index) == ["C", "D"]  # both moved 2 places; C now ranks 1
    assert list(less.index) == ["A", "B"]
    assert movers(compare(before, before))[0].empty


def test_describe_move_in_words():
    before = _results([1, 2, 3, 4], [4.0, 3.0, 2.0, 1.0], [1, 1, 2, 3], [1, 3, 4, 4])
    after = _results([4, 2, 1, 3], [1.0, 3.5, 5.0, 2.0], [3, 1, 1, 3], [4, 3, 2, 4])
    change = compare(before, after, pd.Series({"C": True}))
    labels = ("IoD2019", "IoD2025")
    assert describe_move(change, "A", labels, "the 4 areas") == (
        "Area A ranked 1 of the 4 areas on IoD2019 and 4 on IoD2025: 3 places towards less "
        "need than the others. That is more than the index's own uncertainty.")
    assert describe_move(change, "B", labels, "the 4 areas") == (
        "Area B ranked 2 of the 4 areas on IoD2019 and 2 on IoD2025: the same place.")
    c = describe_move(change, "C", labels, "the 4 areas")
    assert "2 places towards more need" in c and "may not be a real change" in c
    assert "boundaries changed in 2021" in c
    assert describe_move(change, "D", labels, "the 4 areas").startswith(
        "Area D ranked 4 of the 4 areas on IoD2019 and 3 on IoD2025: 1 place towards")
    assert describe_move(change, "Z", labels, "the 4 areas") == ""
