"""The slope and relative index of inequality against PUBLISHED values and by hand.

Published: the worked examples of OHID's R package PHEindicatormethods (``phe_sii``), whose
inputs are the package's own test data and whose outputs are printed in its vignette
"Worked examples for phe_sii function" (``vignettes/WorkedExamples_phe_sii.Rmd``, rendered
as ``inst/doc/WorkedExamples_phe_sii.html`` in the CRAN package, version 2):

- life expectancy by decile: ``tests/testthat/LE_testdata.csv`` of the repository
  ukhsa-collaboration/PHEindicatormethods (the package's ``LE_data``), value type 0, the
  standard error given, 1,000 repetitions, 95% and 99.8% limits;
- directly standardised rates by quintile: ``tests/testthat/DSR_testdata.csv`` (the
  package's ``DSR_data``), value type 1 (rate), ``transform = TRUE``, 100,000 repetitions;
- excess weight of children by decile: ``tests/testthat/NCMP_testdata.csv`` (the package's
  ``prevalence_data``), value type 2 (proportion), ``transform = TRUE``, multiplier -100,
  100,000 repetitions.

Point estimates are deterministic and must match to the published decimals. Limits are
simulated (R's generator is not numpy's), so they must match within simulation error: with
100,000 draws a 2.5th percentile of the SII varies by about 0.01 standard deviations of the
SII; the published life-expectancy limits come from only 1,000 draws (about ten times that).
Hand-computed: a perfect straight line gives its slope exactly, whatever the populations.
"""

import numpy as np
import pandas as pd
import pytest

from data.errors import ImpossibleCountError, InequalityError
from data.stats.inequality import guess_quantile_columns, quantile_table, slope_index

# ukhsa-collaboration/PHEindicatormethods, tests/testthat/LE_testdata.csv: Sex 1, E06000001
# and E06000002 (Decile 1 to 10: Pop, LifeExp, SE)
LE = {
    "E06000001": pd.DataFrame({
        "quantile": range(1, 11),
        "population": [13837, 14519, 14940, 14599, 12311, 13196, 13335, 13388, 13685, 11779],
        "value": [70.56313911, 72.61347473, 75.06710359, 75.20662276, 76.23469045,
                  75.21801932, 77.09240397, 79.84156222, 80.81329918, 82.73763832],
        "se": [1.133868862, 1.020288759, 1.108685178, 1.485618539, 1.311653285, 1.169033147,
               1.306645801, 1.090905616, 0.979426096, 1.319452272]}),
    "E06000002": pd.DataFrame({
        "quantile": range(1, 11),
        "population": [21675, 20065, 19750, 24713, 20112, 19618, 22408, 19752, 18939, 19312],
        "value": [70.54853186, 71.57155734, 72.48698671, 73.51985519, 73.14605425,
                  76.15898712, 78.65444871, 80.56476961, 80.85486627, 79.9711253],
        "se": [0.947488056, 1.043688022, 0.969320245, 1.023567868, 1.006757968, 0.906037647,
               0.724013864, 1.118131371, 0.848327099, 0.94159082]}),
}
# the vignette's first table (Sex 1): sii, sii_lower95_0cl, sii_upper95_0cl,
# sii_lower99_8cl, sii_upper99_8cl
LE_PUBLISHED = {"E06000001": (11.68886, 9.215442, 14.07460, 7.896985, 15.27278),
                "E06000002": (12.54785, 10.579679, 14.57307, 9.433565, 15.43696)}

# ukhsa-collaboration/PHEindicatormethods, tests/testthat/DSR_testdata.csv: Period 2010 and
# 2015 (Quintile 1 to 5: total_pop, value, lowercl, uppercl)
DSR = {
    2010: pd.DataFrame({
        "quantile": range(1, 6),
        "population": [1434002, 1450590, 1453827, 1440980, 1457780],
        "value": [150.2200205, 131.0221747, 127.4954973, 130.494241, 135.4664241],
        "lower": [147.3194185, 128.3676972, 125.0421198, 128.2469515, 133.2469515],
        "upper": [153.1498241, 133.7051129, 129.975513, 132.7657553, 137.8657553]}),
    2015: pd.DataFrame({
        "quantile": range(1, 6),
        "population": [1508923, 1538008, 1538564, 1509602, 1457780],
        "value": [143.8177637, 127.2058426, 122.4106945, 126.3922397, 135.4664241],
        "lower": [141.0941843, 124.7351196, 120.1654081, 124.3450367, 133.2469515],
        "upper": [146.568661, 129.7026732, 124.6801651, 128.4613495, 137.8657553]}),
}
# the vignette's second table: sii, rii, sii_lower95_0, sii_upper95_0, rii_lower95_0,
# rii_upper95_0
DSR_PUBLISHED = {
    2010: (-14.03684, 0.9010655, -17.95990, -10.126662, 0.8752420, 0.9275826),
    2015: (-8.53077, 0.9368534, -12.23824, -4.816133, 0.9106841, 0.9638401),
}

# ukhsa-collaboration/PHEindicatormethods, tests/testthat/NCMP_testdata.csv: Period 607,
# AreaCode E92000001, SchoolYear 6 and R (Decile 1 to 10: Measured, Rate, LCL, UCL, in %)
NCMP = {
    "6": pd.DataFrame({
        "quantile": range(1, 11),
        "population": [34353, 32112, 27715, 25372, 23889, 23260, 23180, 24193, 23609, 24488],
        "value": [21.2121212121212, 21.4281265570503, 20.4077214504781, 19.1865048084503,
                  17.4808489262841, 16.6638005159071, 15.6039689387403, 14.6571322283305,
                  14.0370197805921, 12.0875530872264],
        "lower": [20.7830499225555, 20.9827711465288, 19.9373517258999, 18.7066648694241,
                  17.0044640703038, 16.190410576997, 15.1425075468518, 14.2170753783533,
                  13.5997670936376, 11.6852009907382],
        "upper": [21.6476300812899, 21.8803170788612, 20.8862933590925, 19.675673996565,
                  17.9676905527535, 17.148199783417, 16.0768288675927, 15.1084110529924,
                  14.4859737537153, 12.5017980504761]}),
    "R": pd.DataFrame({
        "quantile": range(1, 11),
        "population": [36111, 31803, 26681, 24184, 23023, 21506, 22197, 23679, 23271, 23464],
        "value": [12.0794217828363, 11.7410307203723, 11.3638919080994, 10.5896460469732,
                  10.0073839204274, 9.41132707151493, 8.730909582376, 8.36606275602855,
                  7.97559193846418, 6.96812137742925],
        "lower": [11.7473271937339, 11.3918517825361, 10.9886239767609, 10.2080757108839,
                  9.62638859468932, 9.02830437346462, 8.36665612937408, 8.02012076260088,
                  7.63441201710209, 6.64933849950753],
        "upper": [12.4195834343315, 12.0994510822713, 11.7502836842961, 10.9837345114021,
                  10.4017228033421, 9.80884729303046, 9.10944479237356, 8.72551115710111,
                  8.33064392278473, 7.30099206057122]}),
}
# the vignette's third table (Period 607): sii, sii_lower95_0, sii_upper95_0
NCMP_PUBLISHED = {"6": (10.964626, 10.442276, 11.487365), "R": (5.970062, 5.549097, 6.393890)}


def _spread(result, level=0.95):
    """The SII's standard deviation over the draws, from its interval (normal approx.)."""
    low, high = result.limits[level]
    return (high - low) / 3.92


@pytest.mark.parametrize("area", sorted(LE))
def test_life_expectancy_as_published(area):
    result = slope_index(LE[area], confidence=(0.95, 0.998), draws=100_000)
    sii, low95, high95, low998, high998 = LE_PUBLISHED[area]
    assert round(result.sii, 5) == sii
    # the published limits are from 1,000 draws: a 2.5th percentile of 1,000 draws varies
    # by about 0.085 of the SII's spread, a 0.1th (the least of 1,000) by about 0.4
    spread = _spread(result)
    assert result.limits[0.95] == pytest.approx((low95, high95), abs=4 * 0.085 * spread)
    assert result.limits[0.998] == pytest.approx((low998, high998), abs=3 * 0.4 * spread)


@pytest.mark.parametrize("period", sorted(DSR))
def test_rates_on_the_log_scale_as_published(period):
    result = slope_index(DSR[period], "rate", transform=True, draws=100_000)
    sii, rii, low, high, rii_low, rii_high = DSR_PUBLISHED[period]
    assert round(result.sii, 5) == sii
    assert round(result.rii, 7) == rii
    # 100,000 draws both sides: each limit varies by about 0.012 of the SII's spread
    tolerance = 5 * 0.012 * np.sqrt(2) * _spread(result)
    assert result.limits[0.95] == pytest.approx((low, high), abs=tolerance)
    assert result.rii_limits[0.95] == pytest.approx((rii_low, rii_high), abs=0.002)


@pytest.mark.parametrize("year", sorted(NCMP))
def test_proportions_on_the_logit_scale_with_a_multiplier_as_published(year):
    table = NCMP[year].assign(**{c: NCMP[year][c] / 100 for c in ("value", "lower", "upper")})
    result = slope_index(table, "proportion", transform=True, multiplier=-100, draws=100_000)
    sii, low, high = NCMP_PUBLISHED[year]
    assert round(result.sii, 6) == sii
    tolerance = 5 * 0.012 * np.sqrt(2) * _spread(result)
    assert result.limits[0.95] == pytest.approx((low, high), abs=tolerance)
    assert result.rii > 1  # the inverse, for the negative multiplier


def test_the_default_simulation_is_fixed_by_its_seed():
    one, two = (slope_index(DSR[2010], "rate", transform=True) for _ in range(2))
    assert one.limits == two.limits and one.draws == 10_000
    other = slope_index(DSR[2010], "rate", transform=True, seed=7)
    assert other.limits != one.limits
    assert other.limits[0.95] == pytest.approx(one.limits[0.95], abs=0.3)


def test_a_perfect_line_gives_its_slope_exactly():
    """By hand: values 10 + 5 x rank at unequal populations; the ranks are the middles of
    the cumulative shares (0.1, 0.3, 0.55, 0.8, 0.95)."""
    population = [100, 100, 150, 100, 50]
    rank = np.array([0.1, 0.3, 0.55, 0.8, 0.95])
    table = pd.DataFrame({"quantile": [1, 2, 3, 4, 5], "population": population,
                          "value": 10 + 5 * rank, "se": [1e-9] * 5})
    result = slope_index(table)
    assert result.quantiles["rank"].to_numpy() == pytest.approx(rank)
    assert result.sii == pytest.approx(5.0) and result.intercept == pytest.approx(10.0)
    assert result.rii == pytest.approx(15 / 10)
    assert result.limits[0.95] == pytest.approx((5.0, 5.0), abs=1e-6)
    assert result.fitted([0, 1]) == pytest.approx([10, 15])
    # turned round: the SII changes sign and the RII is inverted
    reverse = slope_index(table, multiplier=-1)
    assert reverse.sii == pytest.approx(-5.0) and reverse.rii == pytest.approx(10 / 15)
    # numbered the other way (the highest the most deprived) the line runs the other way
    flipped = slope_index(table.assign(quantile=[5, 4, 3, 2, 1]), descending=True)
    assert flipped.sii == pytest.approx(5.0)


def test_a_rate_line_on_the_log_scale_by_hand():
    """By hand: rates 20 x 0.5^rank (a straight line on the log scale) halve from the most
    to the least deprived end: SII = 10 - 20 = -10, RII = 0.5."""
    rank = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
    value = 20 * 0.5 ** rank
    table = pd.DataFrame({"quantile": range(1, 6), "population": [1000] * 5, "value": value,
                          "lower": value * 0.999, "upper": value * 1.001})
    result = slope_index(table, "rate", transform=True)
    assert result.sii == pytest.approx(-10.0) and result.rii == pytest.approx(0.5)
    assert result.limits[0.95][0] < -10 < result.limits[0.95][1]


def test_a_standard_error_and_the_limits_it_comes_from_agree():
    table = LE["E06000001"]
    limits = table.drop(columns="se").assign(lower=table["value"] - 1.959963985 * table["se"],
                                             upper=table["value"] + 1.959963985 * table["se"])
    given, made = slope_index(table), slope_index(limits)
    assert made.quantiles["se"].to_numpy() == pytest.approx(table["se"].to_numpy())
    assert made.limits[0.95] == pytest.approx(given.limits[0.95], rel=1e-6)


def test_reliability_is_the_mean_absolute_difference_over_nine_more_sets():
    result = slope_index(DSR[2010], "rate", transform=True, reliability=True)
    sii_mad, rii_mad = result.reliability[0.95]
    # the published MAD of 100,000 draws is 0.013; of 10,000 about three times that
    assert 0.005 < sii_mad < 0.3 and 0 < rii_mad < 0.003
    summary = result.summary()
    assert summary.loc["sii", "mad_95"] == sii_mad
    assert list(summary.columns) == ["value", "lower_95", "upper_95", "mad_95"]


@pytest.mark.parametrize(("change", "says"), [
    ({"population": [13837, 0, *LE["E06000001"]["population"][2:]]},
     "row 3, column 'population', value '0': a quantile's population must be more than 0"),
    ({"value": ["70.5", "many", *map(str, LE["E06000001"]["value"][2:])]},
     "row 3, column 'value', value 'many': it is not a number"),
    ({"se": ["", *map(str, LE["E06000001"]["se"][1:])]},
     "row 2, column 'se', value '': it is empty"),
    ({"quantile": [1, 1, 3, 4, 5, 6, 7, 8, 9, 10]}, "row 3, column 'quantile', value '1': this "
     "quantile is given twice"),
])
def test_faults_are_named_by_row_column_and_value(change, says):
    with pytest.raises(InequalityError, match=says.replace("(", r"\(").replace(")", r"\)")):
        slope_index(LE["E06000001"].assign(**change), what="deciles.csv")


def test_refusals_of_the_method():
    with pytest.raises(InequalityError, match="needs from 5 to 100"):
        slope_index(LE["E06000001"].head(4))
    with pytest.raises(InequalityError, match="no column lower, upper"):
        slope_index(LE["E06000001"].drop(columns="se"))
    with pytest.raises(InequalityError, match="a proportion must be between 0 and 1"):
        slope_index(NCMP["6"], "proportion")  # given in %, not as 0 to 1
    with pytest.raises(InequalityError, match="a rate must be above 0"):
        slope_index(DSR[2010].assign(lower=[0, *DSR[2010]["lower"][1:]]), "rate")
    with pytest.raises(InequalityError, match="not a standard error"):
        slope_index(LE["E06000001"], "rate", transform=True)
    with pytest.raises(InequalityError, match="Only a rate or a proportion"):
        slope_index(DSR[2010], transform=True)
    with pytest.raises(InequalityError, match="1,000 draws or more"):
        slope_index(DSR[2010], draws=500)


def test_areas_are_summed_by_decile_with_their_rates_and_intervals():
    """By hand: two areas in decile 1 (3 + 7 events among 1,000 + 1,000) and one in decile
    2 (20 among 4,000), per 1,000 a year over 2 years; an area without a decile is left out."""
    codes = ["A", "B", "C", "D"]
    counts = pd.Series([3, 7, 20, 5], index=codes)
    people = pd.Series([1000, 1000, 4000, 500], index=codes)
    deciles = pd.Series([1, 1, 2, None], index=codes)
    table = quantile_table(counts, people, deciles, per=1000, years=2)
    assert list(table.index) == [1, 2]
    assert table.loc[1, ["count", "population", "areas"]].tolist() == [10, 2000, 2]
    assert table.loc[1, "value"] == pytest.approx(10 / 4000 * 1000)
    assert table.loc[2, "value"] == pytest.approx(20 / 8000 * 1000)
    assert table.loc[2, "lower"] < 2.5 < table.loc[2, "upper"]
    shares = quantile_table(counts, people, deciles, proportion=True)
    assert shares.loc[2, "value"] == pytest.approx(20 / 4000)
    with pytest.raises(ImpossibleCountError, match="B: the count is -7"):
        quantile_table(counts.replace(7, -7), people, deciles)


def test_the_columns_are_guessed_from_their_headings():
    assert guess_quantile_columns(["IMD decile", "Rate", "Pop", "LCL", "UCL"]) == {
        "quantile": "IMD decile", "value": "Rate", "population": "Pop", "se": None,
        "lower": "LCL", "upper": "UCL"}


def test_the_command_line_writes_the_indices_of_a_file(tmp_path, capsys):
    from data.cli import main

    source = tmp_path / "dsr.csv"
    DSR[2010].rename(columns={"quantile": "Quintile", "population": "total_pop",
                              "lower": "lowercl", "upper": "uppercl"}).to_csv(source, index=False)
    out = tmp_path / "sii.csv"
    assert main(["inequality", str(source), "--quantile", "Quintile", "--population",
                 "total_pop", "--lower", "lowercl", "--upper", "uppercl", "--value-type",
                 "rate", "--transform", "-o", str(out)]) == 0
    written = pd.read_csv(out, index_col=0)
    assert round(written.loc["sii", "value"], 5) == -14.03684
    assert round(written.loc["rii", "value"], 7) == 0.9010655
    assert "SII -14.04" in capsys.readouterr().err
    assert main(["inequality", str(source), "-o", str(out)]) == 1
    assert "dsr.csv has no column 'quantile', 'population', 'lower', 'upper'" in \
        capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    DSR[2010].assign(value=["150", "lots", "127", "130", "135"]).to_csv(bad, index=False)
    assert main(["inequality", str(bad), "-o", str(out)]) == 1
    assert "bad.csv, row 3, column 'value', value 'lots': it is not a number" in \
        capsys.readouterr().err
