def test_oldham_is_loaded_with_its_region(oldham):
    assert oldham.code == "E08000004" and oldham.name == "Oldham"
    assert len(oldham.table) == 142 and len(oldham.region) == 1702
    assert list(oldham.table.index) == list(oldham.lsoas["lsoa21cd"])
    assert oldham.hidden.shape[0] == 1702
    assert oldham.region_name == "Greater Manchester"


def test_all_of_greater_manchester(root):
    from data.borough import load_borough
    from data.geography import GREATER_MANCHESTER

    region = load_borough(root, GREATER_MANCHESTER)
    assert region.name == "Greater Manchester"
    assert len(region.table) == 1702 and len(region.wards) == 215
