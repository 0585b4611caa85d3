from data.areas.geography import load_lsoas
from data.areas.table import load_area_table
from indices.presets import load_preset, preset_names


def test_the_area_table_has_every_column_the_presets_read(root):
    table = load_area_table(root, load_lsoas(root, None))
    assert len(table) == 1702 and table.index.is_unique
    assert table.columns.is_unique
    for name in preset_names():
        missing = set(load_preset(name).columns) - set(table.columns)
        assert not missing, (name, missing)
    assert {"lsoa21nm", "wd24nm", "lad_name", "IMD_decile", "usual_residents_2021"} <= set(
        table.columns)
