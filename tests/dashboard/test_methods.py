import re

import pytest

from dashboard.methods import index_shares, indicator_table, methods_sections
from dashboard.text import plain
from data.opendata.sources import ATTRIBUTION
from indices.presets import load_preset
from indices.spec import spec_from_dict, spec_to_dict


def test_methods_are_generated_from_the_spec():
    spec = load_preset("tci_oldham")
    sections = dict(methods_sections(spec, "Oldham's 142 LSOAs (2021)"))
    assert "Oldham's 142 LSOAs" in sections["What the index is"]
    for domain in spec.domains:
        assert plain(domain.name) in sections["Domains"]  # a spec's names are escaped
    # the plain name first, the spec's code after it for analysts
    assert ("**z-scores (standardised)** (`zscore` in the spec)"
            in sections["How indicators are put on one scale"])
    assert ("**weighted average (arithmetic mean)** (`arithmetic` in the spec)"
            in sections["How they are combined"])
    assert "never treated as zero" in sections["Missing values"]
    assert "STATS19" in sections["Indicators computed by this app"]
    assert "Transport for Greater Manchester" in sections["Sources"]
    assert sections["Attribution"] == ATTRIBUTION


def test_indicator_table_lists_every_indicator_with_its_weights():
    spec = load_preset("tci_oldham")
    table = indicator_table(spec)
    assert list(table["Indicator"]) == [i.name for i in spec.indicators]
    assert (table["Source"] != "").all() and (table["Year"] != "").all()
    violence = table.set_index("Indicator").loc["Violence with injury"]
    # 0.5 of a domain weighing 5 in total, in one of four domains: 2.5%
    assert violence["Weight in domain"] == "10.0%" and violence["Weight in index"] == "2.5%"


def test_effective_weights_add_up():
    assert index_shares(load_preset("tci_oldham")).sum() == pytest.approx(1)
    assert index_shares(load_preset("imd2025")).sum() == pytest.approx(0.999)


def test_the_rule_for_larger_areas_is_stated_per_indicator():
    spec = load_preset("tci_oldham")
    sections = dict(methods_sections(spec, "Oldham's 20 electoral wards (May 2023)"))
    rules = sections["Wards, MSOAs, boroughs and your own neighbourhoods"]
    rated = next(i for i in spec.indicators if i.denominator)
    assert (f"**{plain(rated.name)}**: recomputed from the totals over its LSOAs of "
            + plain("households deprived in three or four dimensions (Census 2021) and of "
                    "households (Census 2021)")) in rules
    assert "Wards are the electoral wards of May 2023" in rules
    assert "weighted by their residents" in rules
    assert "Counts from 1 to 4" in sections["Small numbers"]


def _all_text(spec) -> str:
    sections = methods_sections(spec, "Oldham's 142 LSOAs (2021)")
    table = indicator_table(spec).drop(columns="Column in the data")
    return "\n".join(body for _, body in sections) + "\n" + table.to_string()


@pytest.mark.parametrize("preset", ["tci_oldham", "imd2025"])
def test_the_methods_read_as_plain_english(preset):
    spec = load_preset(preset)
    text = _all_text(spec)
    for word in ("children", "child", "tenth most", "2024 ward", "wards (2024)"):
        assert word not in text, word
    assert "decile 1 = the most-in-need tenth of areas" in text
    assert "its indicators (for a domain) or of its domains (for the index)" in text
    # no column or method code reaches the words, but after a plain name in code font
    words = re.sub(r"`[^`]*`", "", text)
    assert not re.findall(r"\b[a-z0-9]+_[a-z0-9_]+\b", words.replace("\\_", "_"))
    for code in ("zscore", "minmax", "reweight", "propagate"):
        assert code not in words


def test_rates_are_said_in_words_with_the_column_for_analysts():
    spec = load_preset("tci_oldham")
    preparation = dict(methods_sections(spec, "Oldham's 142 LSOAs (2021)"))["Preparing the data"]
    assert "hh\\_deprived" not in preparation and "households\\_2021" not in preparation
    assert ("Households deprived in 3 or 4 dimensions is the number of " + plain(
        "households deprived in three or four dimensions (Census 2021) per 100 households "
        "(Census 2021)")) in preparation
    table = indicator_table(spec).set_index("Indicator")
    assert (table.at["Households deprived in 3 or 4 dimensions", "Column in the data"]
            == "hh_deprived_3plus_dims_n per 100 households_2021")
    assert table.at["Theft", "Normalisation"] == "z-scores (standardised)"


def test_every_indicator_says_what_it_measures():
    for preset in ("tci_oldham", "imd2025"):
        table = indicator_table(load_preset(preset))
        assert (table["What it measures"].str.len() > 20).all(), preset
    crime = indicator_table(load_preset("tci_oldham")).query("Domain == 'Crime and safety'")
    assert len(crime) == 6
    assert crime["What it measures"].str.contains("recorded by the police").all()
    assert crime["What it measures"].str.contains("per 1,000 (?:people|properties) at risk").all()


@pytest.mark.parametrize("group, words", [("wd24cd", "Each area's group is its ward."),
                                          ("lad_name", "Each area's group is its borough.")])
def test_the_imputation_groups_are_named_in_words(group, words):
    data = spec_to_dict(load_preset("tci_oldham"))
    data["imputation"] = {"method": "group_mean", "group": group}
    sections = dict(methods_sections(spec_from_dict(data), "Oldham's 142 LSOAs (2021)"))
    assert words in sections["Preparing the data"]
    assert group.replace("_", "\\_") not in sections["Preparing the data"]


def test_the_tie_convention_of_ranks_and_percentile_ranks_is_stated():
    sections = dict(methods_sections(load_preset("tci_oldham"), "Oldham's 142 LSOAs (2021)"))
    ties = sections["Ties"]
    assert "share the best rank of their group (1, 2, 2, 4" in ties
    assert "mean of the ranks they span" in ties and "interpolated linearly" in ties


def test_the_outlier_treatment_says_its_estimators_and_its_log():
    from dataclasses import replace

    from indices.outliers import OutlierRule

    spec = replace(load_preset("tci_oldham"), outliers=OutlierRule("winsorise", log="coinr"))
    text = dict(methods_sections(spec, "Oldham's 142 LSOAs (2021)"))["Preparing the data"]
    assert "bias-adjusted estimators COINr uses" in text
    assert "log(x − min + 1% of the range)" in text


def test_the_index_over_time_is_stated_from_the_spec():
    from dashboard.methods import over_time_text

    text = over_time_text(load_preset())
    assert "The 6 indicators IoD2019 has too are used for both years" in text
    assert "Mental health (IoD2019's mood and anxiety disorders indicator" in text
    assert "The other 12 are left out of both years" in text
    assert "ONS LSOA (2011) to LSOA (2021) lookup" in text
    assert "rank intervals (5th to 95th percentile" in text
    data = spec_to_dict(load_preset())
    for domain in data["domains"]:
        for indicator in domain["indicators"]:
            indicator.pop("iod2019", None)
    assert "No indicator of this index says what it was in IoD2019" in over_time_text(
        spec_from_dict(data))
    assert dict(methods_sections(load_preset(), "Oldham's 142 LSOAs"))[
        "The index over time"] == text


def test_the_comparison_method_names_its_intervals_colours_and_indicators():
    spec = load_preset("tci_oldham")
    text = dict(methods_sections(spec, "Oldham's 142 LSOAs (2021)"))[
        "Compared with the borough and the region"]
    assert "Fingertips" in text and "Wilson score interval" in text and "Byar" in text
    assert "99.8%" in text and "Okabe–Ito" in text and "**blue** for better" in text
    assert ("Compared here: " + plain("Households deprived in 3 or 4 dimensions") + ", "
            + plain("Road casualties") + ".") in text
    assert "**not compared**" in text and "spine chart" in text


def test_the_readiness_results_state_every_rule():
    spec = load_preset("tci_oldham")
    text = dict(methods_sections(spec, "Oldham's 142 LSOAs (2021)"))[
        "Partnership readiness: the results"]
    for words in ("t distribution with n − 1 degrees of freedom", "Wilson's 95% score interval",
                  "paired differences", "each respondent's mean of their scored answers",
                  "six and the eight are reported separately", "fewer than 5 people",
                  "Welch's t-test", "independent samples", "below 0.05",
                  "smallest sector shown is hidden too", "ladder"):
        assert words in text, words


def test_the_readiness_instrument_is_described_from_its_file():
    from dashboard.methods import readiness_instrument_text

    sections = dict(methods_sections(load_preset(), "Oldham's 142 LSOAs (2021)"))
    text = sections["Partnership readiness: the instrument"]
    assert text == readiness_instrument_text()
    assert "Collaboration Readiness Index, version 1" in text
    assert "0 (not at all), 1 (a little), 2 (somewhat), 3 (a great deal)" in text
    assert text.count("(one of the six of readiness)") == 6 and text.count("(added later)") == 2
    assert "empower (residents make the final decision" in text
