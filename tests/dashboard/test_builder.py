import pandas as pd
import pytest

from dashboard.builder import frames_to_spec, indicator_columns, spec_to_frames
from indices.errors import SpecError
from indices.presets import load_preset, preset_names


@pytest.mark.parametrize("name", preset_names())
def test_tables_round_trip_to_the_same_spec(name):
    spec = load_preset(name)
    domains, indicators = spec_to_frames(spec)
    methods = {"normalisation": spec.normalisation.to_yaml_value()}
    assert frames_to_spec(spec, domains, indicators, methods) == spec


def test_adding_an_indicator_and_changing_methods():
    spec = load_preset("tci_oldham")
    domains, indicators = spec_to_frames(spec)
    extra = {"domain": "health", "code": "disability", "name": "Disabled residents",
             "column": "disabled_n", "direction": "Higher = more need", "weight": 2.0,
             "unit": "per 1,000", "denominator": "usual_residents_2021", "scale": None,
             "source": "", "year": "2021"}
    indicators = pd.concat([indicators, pd.DataFrame([extra])], ignore_index=True)
    new = frames_to_spec(spec, domains, indicators,
                         {"normalisation": "minmax", "weighting": "pca",
                          "imputation": {"method": "group_mean", "group": "wd24cd"}},
                         {"disabled_n": "census2021_lsoa21_greater_manchester.csv"})
    added = new.indicator("disability")
    assert added.denominator == "usual_residents_2021" and added.scale == 1000
    assert added.source == "census2021_lsoa21_greater_manchester.csv"
    assert new.normalisation.method == "minmax" and new.weighting == "pca"
    assert new.domain_of("disability").code == "health"


def test_an_unknown_domain_names_the_row():
    spec = load_preset("tci_oldham")
    domains, indicators = spec_to_frames(spec)
    indicators.loc[2, "domain"] = "wellbeing"
    with pytest.raises(SpecError, match=r"indicators table, row 3: domain 'wellbeing' is not in "
                       "the domains table"):
        frames_to_spec(spec, domains, indicators, {})


def test_a_domain_without_indicators_names_the_row():
    spec = load_preset("tci_oldham")
    domains, indicators = spec_to_frames(spec)
    domains.loc[len(domains)] = ["wellbeing", "Wellbeing", 1.0]
    with pytest.raises(SpecError, match="domains table, row 5: domain 'wellbeing' has no "
                       "indicators"):
        frames_to_spec(spec, domains, indicators, {})


def test_spec_faults_still_get_their_message():
    spec = load_preset("tci_oldham")
    domains, indicators = spec_to_frames(spec)
    indicators.loc[0, "weight"] = -1
    with pytest.raises(SpecError, match="weight must be 0 or more"):
        frames_to_spec(spec, domains, indicators, {})


def test_indicator_columns_are_the_numeric_ones(oldham):
    columns = indicator_columns(oldham.table)
    assert "Income_score" in columns and "road_casualties_per_1000_year" in columns
    assert "lsoa21nm" not in columns and "wd24cd" not in columns
