import copy

import pytest

from indices.errors import SpecError, UnknownMethodError
from indices.presets import load_preset, preset_names
from indices.spec import (
    _DUMPER,
    load_spec,
    save_spec,
    spec_from_dict,
    spec_from_yaml,
    spec_to_dict,
    spec_to_yaml,
)

BASE = {
    "code": "demo",
    "name": "Demo",
    "domains": [
        {"code": "d1", "indicators": [
            {"code": "i1", "column": "c1", "direction": "higher_is_worse"},
            {"code": "i2", "column": "c2", "direction": "higher_is_better", "weight": 2},
        ]},
        {"code": "d2", "indicators": [
            {"code": "i3", "column": "c3", "direction": "higher_is_worse"},
        ]},
    ],
}


def changed(path, value):
    """BASE with the value at a path of keys and list positions replaced (None deletes)."""
    data = copy.deepcopy(BASE)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


def test_defaults_and_weights():
    spec = spec_from_dict(BASE)
    assert spec.normalisation.method == "zscore" and spec.aggregation == "arithmetic"
    assert spec.columns == ["c1", "c2", "c3"]
    assert spec.weights(spec.domain("d1")) == {"i1": 1 / 3, "i2": 2 / 3}
    assert spec.weights() == {"d1": 0.5, "d2": 0.5}
    assert spec.domain_of("i3").code == "d2"
    assert spec.indicator("i2").higher_is_worse is False


def test_weights_as_given_when_not_rescaled():
    spec = spec_from_dict({**BASE, "rescale_weights": False})
    assert spec.weights(spec.domain("d1")) == {"i1": 1.0, "i2": 2.0}


@pytest.mark.parametrize("name", preset_names())
def test_presets_survive_a_yaml_round_trip(name, tmp_path):
    spec = load_preset(name)
    assert spec_from_yaml(spec_to_yaml(spec)) == spec
    save_spec(spec, tmp_path / "copy.yaml")
    assert load_spec(tmp_path / "copy.yaml") == spec
    assert spec_from_dict(spec_to_dict(spec)) == spec


def test_stage_settings_survive_a_round_trip():
    data = copy.deepcopy(BASE)
    data.update(imputation={"method": "group_median", "group": "ward"},
                outliers={"method": "winsorise", "skew": 2.5, "kurtosis": 4, "max_winsorised": 3},
                weighting="pca")
    data["domains"][0]["indicators"][0].update(denominator="population", scale=100)
    spec = spec_from_dict(data)
    assert spec.group_column == "ward" and spec.outliers.max_winsorised == 3
    assert spec.numeric_columns == ["c1", "c2", "c3", "population"]
    assert spec_from_yaml(spec_to_yaml(spec)) == spec


def test_an_indicators_iod2019_counterpart_survives_a_round_trip():
    data = changed(["domains", 0, "indicators", 0, "iod2019"],
                   {"column": "c1_2019", "note": "the same measure"})
    data["domains"][0]["indicators"][1]["iod2019"] = {"none": "Census 2021 only"}
    data["domains"][1]["indicators"][0].update(
        denominator="p3", iod2019={"column": "n3_2019", "denominator": "p3_2019"})
    spec = spec_from_dict(data)
    first, second, third = spec.indicators
    assert (first.iod2019.column, first.iod2019.note) == ("c1_2019", "the same measure")
    assert (second.iod2019.column, second.iod2019.note) == (None, "Census 2021 only")
    assert third.iod2019.denominator == "p3_2019"
    assert spec_from_yaml(spec_to_yaml(spec)) == spec


def test_a_counterpart_of_an_indicator_of_counts_needs_a_denominator():
    data = changed(["domains", 0, "indicators", 0, "denominator"], "p1")
    data["domains"][0]["indicators"][0]["iod2019"] = {"column": "n1_2019"}
    with pytest.raises(SpecError, match="its counterpart needs one too"):
        spec_from_dict(data)


def test_indicator_normalisation_overrides_the_default():
    data = changed(["domains", 0, "indicators", 0, "normalisation"],
                   {"method": "exponential", "reference_size": 100})
    spec = spec_from_dict(data)
    assert spec.normalisation_of(spec.indicator("i1")).params == {"reference_size": 100}
    assert spec.normalisation_of(spec.indicator("i2")).method == "zscore"
    assert spec_from_yaml(spec_to_yaml(spec)) == spec


FAULTS = [
    (["colour"], "red", SpecError, "spec: unknown key 'colour'. Valid keys are: aggregation,"),
    (["code"], None, SpecError, "spec: the key 'code' is missing; add it."),
    (["code"], "2fast", SpecError, "code '2fast' must start with a letter"),
    (["domains", 0, "code"], "score", SpecError, "code 'score' is reserved"),
    (["domains", 0, "code"], "demo", SpecError, "the code is used twice (also by a the index"),
    (["domains", 0, "indicators", 0, "direction"], "up", SpecError,
     "domain 'd1', indicator 'i1': direction 'up' is not known. Use higher_is_worse"),
    (["domains", 0, "indicators", 0, "direction"], None, SpecError,
     "indicator 'i1': the key 'direction' is missing"),
    (["domains", 0, "indicators", 0, "weight"], -1, SpecError, "weight must be 0 or more"),
    (["domains", 0, "indicators", 0, "weight"], "heavy", SpecError, "weight must be a number"),
    (["domains", 0, "indicators", 0, "normalisation"], "zcore", UnknownMethodError,
     "indicator 'i1': normalisation: unknown normalisation method 'zcore'. Use one of: "
     "exponential, minmax, percentile, rank_normal, zscore."),
    (["domains", 0, "indicators", 0, "normalisation"], {"method": "zscore", "k": 2}, SpecError,
     "normalisation 'zscore' has no parameter 'k'"),
    (["domains", 0, "indicators", 0, "normalisation"], ["zscore"], SpecError,
     "normalisation must be a method name or a mapping with a 'method' key"),
    (["domains", 0, "indicators", 0, "normalisation"],
     {"method": "exponential", "reference_size": 0}, SpecError,
     "reference_size must be a positive whole number"),
    (["domains", 0, "indicators", 0, "wieght"], 2, SpecError,
     "domain 'd1', indicator 'i1': unknown key 'wieght'"),
    (["domains", 0, "indicators", 1, "code"], "i1", SpecError,
     "indicator 'i1': the code is used twice"),
    (["domains", 0, "indicators", 1, "column"], "c1", SpecError,
     "column 'c1' is already used by indicator 'i1'"),
    (["domains", 0, "indicators"], [], SpecError,
     "domain 'd1': 'indicators' must be a non-empty list"),
    (["domains", 0, "indicators", 0], "i1", SpecError,
     "domain 'd1', indicator #1: each indicator must be a mapping"),
    (["domains", 1, "indicators", 0, "weight"], 0, SpecError,
     "domain 'd2': every indicator has weight 0"),
    (["domains", 0, "aggregation"], "median", UnknownMethodError,
     "domain 'd1': aggregation: unknown aggregation method 'median'"),
    (["domains"], [], SpecError, "spec: 'domains' must be a non-empty list"),
    (["domains", 1], 7, SpecError, "domain #2: each domain must be a mapping"),
    (["missing"], "zero", SpecError, "spec: missing 'zero' is not known. Use one of: reweight, "
     "propagate"),
    (["rescale_weights"], "yes", SpecError, "rescale_weights must be true or false"),
    (["aggregation"], "max", UnknownMethodError, "spec: aggregation: unknown aggregation method"),
    (["imputation"], "guess", UnknownMethodError, "spec: imputation: unknown imputation method "
     "'guess'. Use one of: group_mean, group_median, mean, median, none."),
    (["imputation"], "group_mean", SpecError, "'group_mean' needs 'group', the column that "
     "groups the areas"),
    (["imputation"], {"method": "mean", "group": "ward"}, SpecError, "'mean' takes no 'group'"),
    (["imputation"], {"method": "mean", "by": "ward"}, SpecError,
     "spec: imputation: unknown key 'by'"),
    (["outliers"], "clip", SpecError, "spec: outliers: unknown method 'clip'. Use one of: none, "
     "winsorise."),
    (["outliers"], {"method": "winsorise", "skew": -1}, SpecError,
     "skew must be a positive number, not -1"),
    (["outliers"], {"method": "winsorise", "max_winsorised": 2.5}, SpecError,
     "max_winsorised must be a positive whole number, not 2.5"),
    (["weighting"], "entropy", UnknownMethodError, "spec: weighting: unknown weighting method "
     "'entropy'. Use one of: factor, manual, pca."),
    (["domains", 0, "indicators", 0, "denominator"], 12, SpecError,
     "indicator 'i1': denominator must be a column name, not 12"),
    (["domains", 0, "indicators", 0, "scale"], 0, SpecError,
     "indicator 'i1': scale must be a positive number, not 0"),
    (["domains", 0, "indicators", 0, "iod2019"], "c1_2019", SpecError,
     "indicator 'i1', iod2019: give a mapping, with column"),
    (["domains", 0, "indicators", 0, "iod2019"], {"none": "x", "column": "c"}, SpecError,
     "none says there is no counterpart; give it alone"),
    (["domains", 0, "indicators", 0, "iod2019"], {"note": "x"}, SpecError,
     "iod2019: the key 'column' is missing"),
    (["domains", 0, "indicators", 0, "iod2019"], {"column": "c", "col": "d"}, SpecError,
     "iod2019: unknown key 'col'"),
    (["domains", 0, "indicators", 0, "iod2019"], {"column": "c", "denominator": "p"},
     SpecError, "the indicator has no denominator, so its counterpart cannot have one"),
]


@pytest.mark.parametrize(("path", "value", "error", "message"), FAULTS,
                         ids=[f"{'.'.join(map(str, f[0]))}={f[1]!r}" for f in FAULTS])
def test_each_fault_gets_its_own_message(path, value, error, message):
    with pytest.raises(error) as caught:
        spec_from_dict(changed(path, value))
    assert message in str(caught.value)


def test_every_domain_weight_zero():
    data = copy.deepcopy(BASE)
    for domain in data["domains"]:
        domain["weight"] = 0
    with pytest.raises(SpecError, match="every domain has weight 0"):
        spec_from_dict(data)


def test_a_spec_must_be_a_mapping():
    with pytest.raises(SpecError, match="the spec must be a mapping"):
        spec_from_yaml("- just\n- a list\n")


def test_invalid_yaml_names_file_and_line():
    with pytest.raises(SpecError, match=r"^my.yaml: not valid YAML at line 2, column 8: "
                       "mapping values are not allowed here"):
        spec_from_yaml("code: demo\nname: x: y\n", "my.yaml")


def test_file_messages_start_with_the_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("code: demo\nname: Demo\ndomains: []\n")
    with pytest.raises(SpecError, match=r"bad.yaml: spec: 'domains' must be a non-empty list"):
        load_spec(path)
    with pytest.raises(SpecError, match=r"nothere.yaml: no such spec file"):
        load_spec(tmp_path / "nothere.yaml")


def test_unknown_preset_lists_the_presets():
    with pytest.raises(SpecError, match="no shipped spec 'nope'. Use one of: imd2025, tci_oldham"):
        load_preset("nope")


# ------------------------------------------------------------- hostile and huge specs

def test_a_yaml_alias_bomb_is_refused_before_it_expands():
    bomb = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{','.join(['*' + chr(97 + n)] * 9)}]\n"
        for n in range(8)) + "code: x\nname: *i\ndomains: []\n"
    with pytest.raises(SpecError, match=r"^bomb.yaml: line 2: the spec uses a YAML alias") as e:
        spec_from_yaml(bomb, "bomb.yaml")
    assert len(str(e.value)) < 300


def test_yaml_nested_thousands_deep_is_refused_with_a_message():
    with pytest.raises(SpecError, match="nests more than 20 levels deep"):
        spec_from_yaml("code: x\ndomains: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")


def test_a_spec_larger_than_the_limit_names_the_setting(monkeypatch):
    monkeypatch.setenv("TCI_MAX_SPEC_KB", "1")
    with pytest.raises(SpecError, match=r"the spec \(\d KB\) is larger than the app takes "
                       r"\(1 KB\).*TCI_MAX_SPEC_KB"):
        spec_from_yaml(spec_to_yaml(spec_from_dict(BASE)) + "#" * 2000, "big.yaml")


@pytest.mark.slow
def test_a_spec_of_ten_thousand_indicators_is_refused_before_it_is_built(monkeypatch):
    monkeypatch.setenv("TCI_MAX_SPEC_KB", "10000")
    data = changed(["domains", 0, "indicators"], [
        {"code": f"i{n}", "column": f"c{n}", "direction": "higher_is_worse"}
        for n in range(10_000)])
    import yaml
    with pytest.raises(SpecError, match=r"10,001 indicators, more than the app builds \(300\)"
                       r".*TCI_MAX_INDICATORS"):
        spec_from_yaml(yaml.dump(data, Dumper=_DUMPER), "many.yaml")  # the C one, if built


def test_weights_so_large_they_would_overflow_are_refused():
    data = changed(["domains", 0, "weight"], 1.5e308)
    with pytest.raises(SpecError, match=r"weight 1.5e\+308 is more than 1,000,000"):
        spec_from_dict(data)


def test_a_long_message_is_cut():
    data = changed(["domains", 0, "indicators", 0, "direction"], "x" * 5000)
    with pytest.raises(SpecError) as refused:
        spec_from_yaml(__import__("yaml").safe_dump(data), "long.yaml")
    assert len(str(refused.value)) < 700 and str(refused.value).endswith("is left out)")


@pytest.mark.parametrize("name", preset_names())
def test_every_shipped_indicator_says_what_it_measures(name):
    spec = load_preset(name)
    for indicator in spec.indicators:
        assert len(indicator.description) > 40, indicator.code
        assert "_" not in indicator.description, indicator.code  # words, not column names


def test_the_crime_indicators_say_what_is_counted_and_per_what():
    crime = next(d for d in load_preset("tci_oldham").domains if d.code == "crime")
    assert len(crime.indicators) == 6
    for indicator in crime.indicators:
        # the IoD2025 File 8 rates: police-recorded, per 1,000 of the at-risk population
        # (or, for burglary, at-risk properties), as the indicator's unit says
        assert "recorded by the police" in indicator.description, indicator.code
        at_risk, unit = (("properties", "properties") if indicator.code == "burglary"
                         else ("people", "population"))
        assert f"per 1,000 {at_risk} at risk" in indicator.description, indicator.code
        assert indicator.unit == f"per 1,000 at-risk {unit}", indicator.code
