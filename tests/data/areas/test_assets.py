from shapely.geometry import box

from data.areas.assets import ASSET_TYPES, assets_near, load_assets


def test_oldhams_assets(root):
    assets = load_assets(root, "E08000004")
    assert len(assets) == 627  # Oldham's count in SOURCES.md
    assert (assets["name"] != "").all()
    assert set(assets["asset_type"]) <= set(ASSET_TYPES)
    assert assets.crs.to_epsg() == 4326


def test_assets_near_an_area_nearest_first(root, oldham):
    assets = load_assets(root, "E08000004")
    area = oldham.lsoas.geometry.iloc[5]
    near = assets_near(assets, area, 400)
    assert near["inside"].any() and (near["distance_m"] <= 400).all()
    assert near["distance_m"].is_monotonic_increasing
    assert (near.loc[near["inside"], "distance_m"] == 0).all()


def test_no_assets_far_away(root):
    assets = load_assets(root, "E08000004")
    assert assets_near(assets, box(0.0, 51.0, 0.01, 51.01), 400).empty


def test_an_asset_entered_twice_is_found_by_name_and_address():
    import pandas as pd

    from data.areas.assets import same_name_and_address

    register = pd.DataFrame({"id": [1, 2], "name": ["St. Mary's Hall", "Library"],
                             "address": ["1 High St", None]})
    assert same_name_and_address(register, "st marys  hall", "1 high st.")["id"].tolist() == [1]
    assert same_name_and_address(register, "St Mary's Hall", "2 High St").empty
    assert same_name_and_address(register, "Library", "")["id"].tolist() == [2]
    assert same_name_and_address(register.iloc[:0], "Library", "").empty


def test_the_registers_filters_category_text_and_retired():
    import pandas as pd

    from data.areas.assets import filter_assets

    register = pd.DataFrame({
        "id": [1, 2, 3, 4], "category": ["library", "library", "food_bank", "library"],
        "name": ["Central Library", "Old Library", "Food Pantry", "Lees Library"],
        "address": ["Union St", "High St", "Union St", "Lees"],
        "subcategory": ["", "", "pantry", "branch"], "retired": [False, True, False, False]},
        index=[10, 11, 12, 13])
    assert filter_assets(register)["id"].tolist() == [1, 3, 4]  # current ones
    assert filter_assets(register, include_retired=True)["id"].tolist() == [1, 2, 3, 4]
    assert filter_assets(register, "library")["id"].tolist() == [1, 4]
    assert filter_assets(register, search=" UNION ")["id"].tolist() == [1, 3]
    assert filter_assets(register, search="branch")["id"].tolist() == [4]  # subcategory
    assert filter_assets(register, "library", "st", True)["id"].tolist() == [1, 2]
    assert filter_assets(register, search="(").empty  # text, not a pattern
    assert filter_assets(register).index.tolist() == [0, 1, 2]
