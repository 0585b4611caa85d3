from shapely.geometry import box

from data.assets import ASSET_TYPES, assets_near, load_assets


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
