def test_oldham_is_loaded_with_its_region(oldham):
    assert oldham.code == "E08000004" and oldham.name == "Oldham"
    assert len(oldham.table) == 142 and len(oldham.region) == 1702
    assert list(oldham.table.index) == list(oldham.lsoas["lsoa21cd"])
    assert oldham.hidden.shape[0] == 1702
    assert oldham.region_name == "Greater Manchester"


def test_all_of_greater_manchester(root):
    from data.areas.borough import load_borough
    from data.areas.geography import GREATER_MANCHESTER

    region = load_borough(root, GREATER_MANCHESTER)
    assert region.name == "Greater Manchester"
    assert len(region.table) == 1702 and len(region.wards) == 215


def test_users_neighbourhood_totals_are_protected_too(root, oldham):
    import pandas as pd

    from data.areas.borough import load_borough
    from data.stats.suppression import hidden

    counts = oldham.table["road_casualties_n"]
    # a neighbourhood of one hidden LSOA and one shown: its total would give the first away
    lone = counts[hidden(counts)].index[0]
    # the smallest shown count in the borough, so no other grouping hides it first
    shown = counts[~oldham.hidden["road_casualties_n"] & (counts > 0)].idxmin()
    totals = pd.DataFrame({"mine": ["N1", "N1"]}, index=pd.Index([lone, shown], name="lsoa21cd"))
    borough = load_borough(root, "E08000004", totals=totals)
    assert not oldham.hidden.at[shown, "road_casualties_n"]
    assert borough.hidden.at[shown, "road_casualties_n"]
