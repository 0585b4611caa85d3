import pytest

from dashboard.methods import effective_weights, indicator_table, methods_sections
from dashboard.text import plain
from data.sources import ATTRIBUTION
from indices.presets import load_preset


def test_methods_are_generated_from_the_spec():
    spec = load_preset("tci_oldham")
    sections = dict(methods_sections(spec, "Oldham's 142 LSOAs (2021)"))
    assert "Oldham's 142 LSOAs" in sections["What the index is"]
    for domain in spec.domains:
        assert plain(domain.name) in sections["Domains"]  # a spec's names are escaped
    assert "zscore" in sections["How indicators are put on one scale"]
    assert "arithmetic" in sections["How they are combined"]
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
    assert effective_weights(load_preset("tci_oldham")).sum() == pytest.approx(1)
    assert effective_weights(load_preset("imd2025")).sum() == pytest.approx(0.999)


def test_the_rule_for_larger_areas_is_stated_per_indicator():
    spec = load_preset("tci_oldham")
    sections = dict(methods_sections(spec, "Oldham's 20 electoral wards (2024)"))
    rules = sections["Wards, MSOAs, boroughs and your own neighbourhoods"]
    rated = next(i for i in spec.indicators if i.denominator)
    assert (f"**{plain(rated.name)}**: recomputed from the summed {plain(rated.column)} and "
            f"summed {plain(rated.denominator)}") in rules
    assert "weighted by their residents" in rules
    assert "Counts from 1 to 4" in sections["Small numbers"]
