import pandas as pd

from dashboard.components.area_picker import area_labels


def test_each_area_is_listed_by_name_code_ward_and_rank():
    table = pd.DataFrame({"area_name": ["Alt", "Coldhurst", "Derker"],
                          "ward_name": ["St James'", "Coldhurst", None]},
                         index=["E01000001", "E05000002", "E01000003"])
    ranks = pd.Series([3.0, float("nan"), 1.0], index=["E01000003", "E05000002", "E01000001"])
    assert area_labels(table, ranks) == {
        "E01000001": "Alt (E01000001), St James': rank 1",
        "E05000002": "Coldhurst (E05000002): no rank",  # a ward is not its own ward
        "E01000003": "Derker (E01000003): rank 3",  # no ward known, none said
    }


def test_the_areas_are_listed_most_in_need_first(tci):
    from dashboard.components.area_picker import need_order

    order = need_order(tci)
    ranks = tci.ranks["tci"]
    assert len(order) == len(ranks) and ranks[order].is_monotonic_increasing
