"""The readiness instrument: the shipped file as the issue describes it, every fault of a
hand-made file named by its key, and answers as the long table (checked by hand on a
made-up set of three responses with "not applicable" and missing answers)."""

import copy
import math

import pytest
import yaml

from data.errors import InstrumentError
from data.readiness.instrument import (
    CATEGORIES,
    LONG_COLUMNS,
    instrument_from_yaml,
    instrument_names,
    load_instrument,
    long_answers,
)


@pytest.fixture
def data():
    return load_instrument().to_dict()


def test_the_shipped_instrument_has_the_eight_categories_in_order():
    instrument = load_instrument("cri_v1")
    assert instrument_names() == ["cri_v1"]
    assert instrument.codes == CATEGORIES
    assert instrument.in_group("readiness") == CATEGORIES[:6]
    assert instrument.in_group("added") == ("urgency", "requirements")
    assert instrument.scale == {0: "Not at all", 1: "A little", 2: "Somewhat",
                                3: "A great deal"}
    assert instrument.label == "Collaboration Readiness Index, version 1"
    for category in instrument.categories:  # plain English: no code names in what is read
        assert set(category.statements) == {"importance", "prevalence"}
        assert "_" not in category.name + "".join(category.statements.values())
    assert "own organisation" in instrument.questions["prevalence"]
    assert instrument_from_yaml(instrument.to_yaml()) == instrument


def test_an_instrument_is_read_from_a_path_too(tmp_path, data):
    data["version"] = "2"
    path = tmp_path / "ours.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert load_instrument(path).version == "2"
    with pytest.raises(InstrumentError, match="no such instrument. Use one of cri_v1"):
        load_instrument(tmp_path / "missing.yaml")


def _refused(data) -> str:
    with pytest.raises(InstrumentError) as refused:
        instrument_from_yaml(yaml.safe_dump(data), "ours.yaml")
    return str(refused.value)


def test_faults_are_named_by_their_key(data):
    assert "ours.yaml: unknown key 'colour'" in _refused({**data, "colour": "red"})
    category = dict(data["categories"][1])
    category["statements"] = {"importance": "Residents matter."}
    assert "category 2 (citizens), statements: the key 'prevalence' is missing" in _refused(
        {**data, "categories": [data["categories"][0], category]})
    assert "unknown key 'prevelance'" in _refused(
        {**data, "categories": [{**category, "statements": {"prevelance": "x"}}]})
    assert "the category code 'citizens' is used twice" in _refused(
        {**data, "categories": [data["categories"][1], copy.deepcopy(data["categories"][1])]})
    assert "group 'extra' is not one of: readiness, added" in _refused(
        {**data, "categories": [{**data["categories"][0], "group": "extra"}]})
    assert "'scale' must give the words of each score 0, 1, 2 and 3" in _refused(
        {**data, "scale": {1: "a", 2: "b", 3: "c", 4: "d"}})
    assert "code 'Bad Code' must start with a small letter" in _refused(
        {**data, "categories": [{**data["categories"][0], "code": "Bad Code"}]})
    assert "the key 'version' is missing" in _refused({k: v for k, v in data.items()
                                                       if k != "version"})
    assert "'categories' must list at least one" in _refused({**data, "categories": []})


def test_bad_yaml_and_aliases_are_refused():
    with pytest.raises(InstrumentError, match="not valid YAML at line 1"):
        instrument_from_yaml("code: [", "ours.yaml")
    with pytest.raises(InstrumentError, match="alias"):
        instrument_from_yaml("a: &x 1\nb: *x\n", "ours.yaml")
    with pytest.raises(InstrumentError, match="must be a list of keys"):
        instrument_from_yaml("- 1\n", "ours.yaml")


RESPONSES = [
    {"id": 1, "sector": "public", "role_level": "strategic", "ladder": "consult",
     "answers": {"citizens": {"importance": 3, "prevalence": 1},
                 "places": {"importance": "na", "prevalence": None}}},
    {"id": 2, "sector": "voluntary", "role_level": "front_line", "ladder": "",
     "answers": {"citizens": {"importance": 2}}},  # prevalence missing from the record
    {"id": 3, "sector": "private", "role_level": "middle_management", "ladder": None,
     "answers": {}},
]


def test_long_answers_make_a_row_per_response_category_and_question():
    long = long_answers(RESPONSES, load_instrument())
    assert list(long.columns) == list(LONG_COLUMNS)
    assert len(long) == 3 * 8 * 2
    assert long["response_id"].dtype == "int64" and long["score"].dtype == "float64"
    by = long.set_index(["response_id", "category", "question"])
    assert by.loc[(1, "citizens", "importance"), "score"] == 3.0
    assert by.loc[(1, "citizens", "prevalence"), "score"] == 1.0
    na = by.loc[(1, "places", "importance")]
    assert math.isnan(na["score"]) and na["not_applicable"]
    missing = by.loc[(1, "places", "prevalence")]
    assert math.isnan(missing["score"]) and not missing["not_applicable"]
    assert math.isnan(by.loc[(2, "citizens", "prevalence"), "score"])
    # by hand: three scores in all (3, 1, 2), one "not applicable"
    assert long["score"].notna().sum() == 3 and long["score"].sum() == 6.0
    assert long["not_applicable"].sum() == 1
    assert set(long.loc[long["response_id"] == 3, "ladder"]) == {""}
    assert long.loc[long["response_id"] == 2, "sector"].iloc[0] == "voluntary"


def test_long_answers_without_an_instrument_keep_other_categories():
    long = long_answers([{**RESPONSES[0], "answers": {"housing": {"importance": 2}}}])
    assert list(dict.fromkeys(long["category"])) == [*CATEGORIES, "housing"]
    assert long_answers([]).empty and list(long_answers([]).columns) == list(LONG_COLUMNS)
