"""Age-standardised rates in a real browser: an analyst's counts by age band uploaded on the
Rates page, standardised directly and indirectly, and a faulty file refused by area and band;
and a table of quintiles uploaded for its slope index of inequality."""

import re

import pandas as pd

from data.stats.standardised import ESP2013
from tests.browser.conftest import snap


def _upload(page, path) -> None:
    page.locator("[data-testid='stFileUploader']").filter(
        has_text="Counts and populations by area").locator("input[type=file]") \
        .set_input_files(str(path))


def test_counts_by_age_band_are_standardised_on_the_rates_page(page, app_url, tmp_path):
    rows = [{"Ward": ward, "Age": band, "Admissions": 12 if ward == "E05000732" else 6,
             "Residents": 1000} for ward in ("E05000732", "E05000733") for band in ESP2013]
    path = tmp_path / "admissions.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    page.goto(f"{app_url}/rates", wait_until="networkidle")
    page.get_by_text("Age-standardised rates from your own counts").wait_for(timeout=60_000)
    _upload(page, path)
    page.get_by_text("Download these figures (CSV)").wait_for(timeout=60_000)
    table = page.locator("[data-testid='stDataFrame']").last
    table.wait_for(timeout=30_000)
    snap(page, "rates-standardised")
    page.get_by_text("indirectly (ratio to the areas together)").click()
    page.get_by_text("Ratio (100 = as expected)").wait_for(state="attached", timeout=60_000)

    bad = tmp_path / "bad.csv"
    pd.DataFrame([{**rows[0], "Admissions": -3}, *rows[1:]]).to_csv(bad, index=False)
    _upload(page, bad)
    page.get_by_text(re.compile(r"E05000732 0-4: the count is -3")).wait_for(timeout=60_000)
    assert not page.outside, page.outside


def test_a_table_of_quintiles_gives_its_slope_index_on_the_rates_page(page, app_url, tmp_path):
    """OHID's published example (PHEindicatormethods, tests/testthat/DSR_testdata.csv, 2010:
    SII -14.03684) uploaded as a file: its columns guessed, a rate fitted on the log scale."""
    rows = {"Quintile": [1, 2, 3, 4, 5],
            "total_pop": [1434002, 1450590, 1453827, 1440980, 1457780],
            "value": [150.2200205, 131.0221747, 127.4954973, 130.494241, 135.4664241],
            "lowercl": [147.3194185, 128.3676972, 125.0421198, 128.2469515, 133.2469515],
            "uppercl": [153.1498241, 133.7051129, 129.975513, 132.7657553, 137.8657553]}
    path = tmp_path / "dsr_quintiles.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    page.goto(f"{app_url}/rates", wait_until="networkidle")
    page.get_by_text("Inequality between the most and least deprived").wait_for(timeout=60_000)
    uploader = page.locator("[data-testid='stFileUploader']").filter(
        has_text="Your own table of deprivation deciles")
    uploader.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("The gap between the most and least deprived ends is 14.0, 95% CI").wait_for(
        timeout=60_000)
    snap(page, "rates-inequality")
    bad = tmp_path / "bad.csv"
    pd.DataFrame({**rows, "value": ["150", "lots", "127", "130", "135"]}).to_csv(bad, index=False)
    uploader.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_text(re.compile(r"bad\.csv, row 3, column 'value', value 'lots': it is not a "
                                "number")).wait_for(timeout=60_000)
    assert not page.outside, page.outside
