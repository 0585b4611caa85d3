import pytest

from data.areas.change import IMD2019_AREAS, imd_change


@pytest.fixture(scope="module")
def change(root):
    return imd_change(root)


def test_every_2021_lsoa_has_both_editions(change):
    assert len(change) == 1702
    assert change[["imd2019_rank", "imd2025_rank"]].notna().all().all()


def test_split_lsoas_take_their_parents_figures(change, root):
    import pandas as pd
    old = pd.read_csv(root / "iod2019_lsoa11_greater_manchester.csv", index_col="lsoa11cd")
    for code in ("E01034232", "E01034233"):  # split from E01032921
        row = change.loc[code]
        assert row["change_code"] == "S" and row["lsoa11cd"] == "E01032921"
        assert row["imd2019_rank"] == old.at["E01032921", "IMD_rank"]
        assert row["imd2019_decile"] == old.at["E01032921", "IMD_decile"]


def test_merged_lsoas_take_the_mean_rank(change, root):
    import pandas as pd
    old = pd.read_csv(root / "iod2019_lsoa11_greater_manchester.csv", index_col="lsoa11cd")
    merged = change[change["change_code"] == "M"].iloc[0]
    parents = merged["lsoa11cd"].split()
    assert len(parents) > 1
    assert merged["imd2019_rank"] == pytest.approx(old.loc[parents, "IMD_rank"].mean())


def test_change_columns(change):
    row = change.iloc[0]
    assert row["decile_change"] == row["imd2025_decile"] - row["imd2019_decile"]
    assert row["percentile_change"] == pytest.approx(
        100 * (row["imd2025_rank"] / 33755 - row["imd2019_rank"] / IMD2019_AREAS))


def test_change_in_words_for_an_lsoa_and_for_a_larger_area(change):
    from data.areas.change import describe_change

    row = change.loc["E01034232"]
    one = describe_change(change, ["E01034232"])
    assert one["summary"].startswith(f"National IMD decile {int(row['imd2019_decile'])} in "
                                     f"2019, {int(row['imd2025_decile'])} in 2025")
    assert "the 2011 LSOA it was split from (E01032921)" in one["detail"]
    codes = list(change.index[:5])
    before = int((change.loc[codes, "imd2019_decile"] == 1).sum())
    many = describe_change(change, codes)
    verb = "was" if before == 1 else "were"
    assert many["summary"].startswith(f"{before} of its 5 LSOAs {verb} in the most deprived")
    better = int((change.loc[codes, "decile_change"] > 0).sum())
    assert f"{better} moved to a less deprived decile" in many["summary"]
    assert describe_change(change, ["E00000000"]) == {}
