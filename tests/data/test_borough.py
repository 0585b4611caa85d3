def test_oldham_is_loaded_with_its_region(oldham):
    assert oldham.code == "E08000004" and oldham.name == "Oldham"
    assert len(oldham.table) == 142 and len(oldham.region) == 1702
    assert list(oldham.table.index) == list(oldham.lsoas["lsoa21cd"])
    assert oldham.hidden.shape[0] == 1702
