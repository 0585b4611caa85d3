"""Age-standardised rates and ratios, worked by hand: the directly standardised rate with
Dobson's interval, OHID's rule of 10 events, the indirectly standardised ratio with its
exact and Byar intervals, and the refusal of impossible counts and unknown bands."""

import math

import pandas as pd
import pytest
from scipy.stats import chi2

from data.errors import ImpossibleCountError
from data.stats.standardised import (
    ESP2013,
    directly_standardised,
    indirectly_standardised,
)

STANDARD = {"young": 60_000, "old": 40_000}
Z = 1.959963984540054
TABLE = pd.DataFrame({
    "area": ["A", "A", "B", "B"], "band": ["young", "old", "young", "old"],
    "count": [20, 30, 3, 4], "population": [10_000, 2_000, 5_000, 1_000]})


def _byar(o: float) -> tuple[float, float]:
    low = o * (1 - 1 / (9 * o) - Z / (3 * math.sqrt(o))) ** 3
    high = (o + 1) * (1 - 1 / (9 * (o + 1)) + Z / (3 * math.sqrt(o + 1))) ** 3
    return low, high


def test_the_european_standard_population_2013_has_its_19_bands_of_100000():
    assert len(ESP2013) == 19 and sum(ESP2013.values()) == 100_000
    assert ESP2013["0-4"] == 5000 and ESP2013["90+"] == 1000


def test_a_directly_standardised_rate_and_dobsons_interval_by_hand():
    out = directly_standardised(TABLE, STANDARD).loc["A"]
    # (60,000 x 20/10,000 + 40,000 x 30/2,000) / 100,000, per 100,000
    assert out["dsr"] == pytest.approx(720.0)
    variance = (60_000**2 * 20 / 10_000**2 + 40_000**2 * 30 / 2_000**2)  # times 1e10/1e10
    low, high = _byar(50)
    assert out["lower"] == pytest.approx(720 + math.sqrt(variance / 50) * (low - 50))
    assert out["upper"] == pytest.approx(720 + math.sqrt(variance / 50) * (high - 50))
    assert out["count"] == 50 and out["population"] == 12_000 and out["note"] == ""


def test_fewer_than_10_events_give_no_rate():
    out = directly_standardised(TABLE, STANDARD).loc["B"]
    assert out["count"] == 7 and math.isnan(out["dsr"]) and math.isnan(out["lower"])
    assert "fewer than 10 events" in out["note"]


def test_an_indirectly_standardised_ratio_against_the_areas_together():
    out = indirectly_standardised(TABLE)
    young, old = 23 / 15_000, 34 / 3_000
    expected_a = 10_000 * young + 2_000 * old
    assert out.loc["A", "expected"] == pytest.approx(expected_a)
    assert out.loc["A", "ratio"] == pytest.approx(50 / expected_a * 100)
    # the exact Poisson interval of 50 events, over the expected
    assert out.loc["A", "lower"] == pytest.approx(chi2.ppf(0.025, 100) / 2 / expected_a * 100)
    assert out.loc["A", "upper"] == pytest.approx(chi2.ppf(0.975, 102) / 2 / expected_a * 100)
    byar = indirectly_standardised(TABLE, interval="byar")
    low, high = _byar(50)
    assert byar.loc["A", "lower"] == pytest.approx(low / expected_a * 100)
    assert byar.loc["A", "upper"] == pytest.approx(high / expected_a * 100)
    # observed and expected add up to the same over all the areas
    assert out["expected"].sum() == pytest.approx(out["observed"].sum())


def test_a_reference_population_of_its_own():
    reference = pd.DataFrame({"band": ["young", "old"], "count": [100, 100],
                              "population": [100_000, 10_000]})
    out = indirectly_standardised(TABLE, reference)
    assert out.loc["A", "expected"] == pytest.approx(10_000 * 0.001 + 2_000 * 0.01)


@pytest.mark.parametrize(("change", "says"), [
    ({"count": [20, -1, 3, 4]}, "A old: the count is -1"),
    ({"population": [10_000, 0, 5_000, 1_000]}, "A old: the denominator is 0"),
    ({"band": ["young", "elderly", "young", "old"]}, "the age band elderly is not a band"),
])
def test_impossible_input_is_refused_naming_the_area_band_and_value(change, says):
    with pytest.raises(ImpossibleCountError, match=says):
        directly_standardised(TABLE.assign(**change), STANDARD, what="Admissions")


def test_a_count_that_is_not_a_number_is_refused():
    with pytest.raises(ImpossibleCountError, match="A old: the count is 'many', not a number"):
        directly_standardised(TABLE.assign(count=["20", "many", "3", "4"]), STANDARD)


def test_the_command_line_writes_the_rates_of_a_file(tmp_path, capsys):
    from data.cli import main

    rows = [{"ward": "A", "age": band, "admissions": 10, "residents": 1000}
            for band in ESP2013]
    source = tmp_path / "admissions.csv"
    pd.DataFrame(rows).to_csv(source, index=False)
    out = tmp_path / "rates.csv"
    assert main(["standardise", str(source), "--area", "ward", "--band", "age", "--count",
                 "admissions", "--population", "residents", "-o", str(out)]) == 0
    rates = pd.read_csv(out, index_col=0)
    assert rates.loc["A", "dsr"] == pytest.approx(1000.0)  # 1% in every band
    assert main(["standardise", str(source), "--method", "ratio", "--area", "ward",
                 "--band", "age", "--count", "admissions", "--population", "residents",
                 "-o", str(out)]) == 0
    assert pd.read_csv(out, index_col=0).loc["A", "ratio"] == pytest.approx(100.0)
    assert main(["standardise", str(source), "-o", str(out)]) == 1
    assert "has no column area, band, count, population" in capsys.readouterr().err


def test_the_columns_are_guessed_from_their_headings():
    from data.stats.standardised import guess_columns

    assert guess_columns(["Ward", "Age", "Admissions", "Residents", "Notes"]) == {
        "area": "Ward", "band": "Age", "count": "Admissions", "population": "Residents"}
    assert guess_columns(["x", "y"]) == dict.fromkeys(("area", "band", "count", "population"))
