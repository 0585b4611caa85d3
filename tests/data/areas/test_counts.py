import pytest

from data.areas.counts import count_measures, measure_funnel


def test_count_measures_of_the_data_and_of_the_default_spec(root, tci):
    measures = count_measures(root, tci.spec)
    burglaries = measures["burglaries_per_1000_year"]
    assert (burglaries.count, burglaries.denominator, burglaries.years) == (
        "burglaries_n", "usual_residents_2021", 3)
    assert measures["road_casualties_per_1000_year"].years == pytest.approx(2008 / 365.25)
    households = measures["household_deprivation"]
    assert households.proportion and households.per == 100
    assert households.denominator == "households_2021"
    assert households.denominator_name == "households (Census 2021)"  # in words, not the column


def test_the_funnel_of_burglaries_in_oldham(root, oldham, tci):
    result = measure_funnel(oldham.table, count_measures(root, tci.spec)[
        "burglaries_per_1000_year"])
    assert result.target == pytest.approx(7786 / 242075 * 1000 / 3)
    assert result.areas["status"].notna().all() and len(result.areas) == 142
    assert result.areas["rate"].tolist() == pytest.approx(
        oldham.table["burglaries_per_1000_year"].tolist())


def test_burglaries_in_oldham_are_over_dispersed_and_the_wider_limits_flag_fewer(root, oldham,
                                                                                 tci):
    measure = count_measures(root, tci.spec)["burglaries_per_1000_year"]
    exact = measure_funnel(oldham.table, measure)
    wide = measure_funnel(oldham.table, measure, overdispersion=True)
    assert exact.dispersion.phi > 2 and exact.dispersion.p_value < 0.05
    assert not exact.dispersion.adjusted and wide.dispersion.adjusted
    outside = (exact.areas["status"] != "within the limits").sum()
    assert (wide.areas["status"] != "within the limits").sum() < outside
