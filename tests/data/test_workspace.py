import pandas as pd

from data.workspace import load_with_saved, neighbourhood_store, user_table_store


def test_the_borough_is_loaded_with_what_users_saved(root, oldham, tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    codes = oldham.table.index[:2]
    user_table_store().save("Mine", pd.DataFrame({"my_count_n": [3.0, 40.0]}, index=codes),
                            oldham.region)
    lookup = pd.DataFrame({"neighbourhood_code": ["N1", "N1"],
                           "neighbourhood_name": ["One", "One"]}, index=codes)
    neighbourhood_store().save("Pair", lookup)
    borough = load_with_saved(root, "E08000004")
    assert borough.table.loc[codes, "my_count_n"].tolist() == [3.0, 40.0]
    # the 3 is hidden, and so is the 40 beside it in the saved neighbourhood N1
    assert borough.hidden.loc[codes, "my_count_n"].tolist() == [True, True]
    assert (tmp_path / "tables" / "Mine.csv").is_file()
