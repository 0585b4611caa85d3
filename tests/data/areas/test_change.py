import pytest

from data.areas.change import IMD2019_AREAS, imd_change, iod2019_table


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


@pytest.fixture(scope="module")
def earlier(root):
    return iod2019_table(root)


def test_iod2019_is_carried_to_every_2021_lsoa(earlier):
    assert len(earlier) == 1702 and earlier.index.is_unique
    assert earlier["change_code"].value_counts().to_dict() == {"U": 1636, "S": 63, "M": 3}
    assert not [c for c in earlier if c.endswith(("_decile", "_numerator"))]


def test_an_unchanged_lsoa_keeps_its_figures_and_its_scores_are_worked_out(earlier):
    """Bolton 005A: 290 income-deprived of 1,616 residents, 120 employment-deprived of 946
    working-age residents (IoD2019 Files 8 and 6)."""
    row = earlier.loc["E01004766"]
    assert row["income_domain_score"] == pytest.approx(290 / 1616)
    assert row["employment_domain_score"] == pytest.approx(120 / 946)
    assert row["acute_morbidity_indicator"] == pytest.approx(124.823)
    assert row["Income_rank"] == 8010
    assert row["Income_rank_2025_scale"] == pytest.approx(8010 * 33_755 / 32_844)


def test_each_part_of_a_split_lsoa_gets_the_whole_lsoas_rates(earlier):
    """Manchester 018B (E01005062: 345 of 3,143) became E01034115 and E01034116."""
    for code in ("E01034115", "E01034116"):
        assert earlier.loc[code, "income_domain_score"] == pytest.approx(345 / 3143)
        assert earlier.loc[code, "acute_morbidity_indicator"] == pytest.approx(169.696)
        assert earlier.loc[code, "lsoa11cd"] == "E01005062"


def test_a_merged_lsoa_gets_the_residents_weighted_mean_and_the_mean_rank(earlier):
    """Salford 024E (E01033984) was merged from Salford 024A (1,751 residents, 1,202 of
    working age; 440 and 220 deprived; acute morbidity 179.252; Income rank 3,963) and
    024B (1,180 and 643; 475 and 205; 187.373; 374)."""
    row = earlier.loc["E01033984"]
    assert row["income_domain_score"] == pytest.approx((440 + 475) / (1751 + 1180))
    assert row["employment_domain_score"] == pytest.approx((220 + 205) / (1202 + 643))
    assert row["acute_morbidity_indicator"] == pytest.approx(
        (179.252 * 1751 + 187.373 * 1180) / (1751 + 1180))
    assert row["Income_rank"] == pytest.approx((3963 + 374) / 2)
    assert (row["change_code"], row["lsoa11cd"]) == ("M", "E01005655 E01005658")
