"""One person's answers checked field by field: scores by digit or words, "not
applicable", choices by code or label, a name kept only when chosen, hostile text."""

import pytest

from data.readiness.answers import answer_of, check_response, choice_of, field_labels
from data.readiness.instrument import SECTORS, load_instrument


@pytest.fixture(scope="module")
def instrument():
    return load_instrument()


@pytest.mark.parametrize(("value", "stored"), [
    (0, 0), (3, 3), ("2", 2), ("2.0", 2), (" A great deal ", 3), ("not at all", 0),
    ("N/A", "na"), ("Not applicable", "na"), ("na", "na"), ("", None), (None, None),
    (float("nan"), None)])
def test_answers_are_read_from_scores_words_and_not_applicable(instrument, value, stored):
    assert answer_of(value, instrument) == stored


@pytest.mark.parametrize("value", [4, -1, 1.5, "lots", True, "3 a great deal"])
def test_other_answers_are_refused(instrument, value):
    with pytest.raises(ValueError):
        answer_of(value, instrument)


def test_choices_by_code_label_or_first_words():
    assert choice_of("voluntary", SECTORS) == "voluntary"
    assert choice_of("Voluntary and community", SECTORS) == "voluntary"
    assert choice_of("PUBLIC SECTOR", SECTORS) == "public"
    assert choice_of("", SECTORS) == "" and choice_of("church", SECTORS) is None


def test_a_response_flat_or_nested_is_checked_and_tidied(instrument):
    response, problems = check_response(
        {"sector": "Public", "role_level": "front line", "ladder": "Empower",
         "citizens_importance": "3", "answers": {"places": {"prevalence": "na"}}}, instrument)
    assert problems == []
    assert (response["sector"], response["role_level"], response["ladder"]) == (
        "public", "front_line", "empower")
    assert response["answers"]["citizens"] == {"importance": 3, "prevalence": None}
    assert response["answers"]["places"] == {"importance": None, "prevalence": "na"}
    assert set(response["answers"]) == set(instrument.codes)


def test_every_fault_is_named_by_its_field(instrument):
    _, problems = check_response({"sector": "church", "ladder": "shout", "named": "perhaps",
                                  "markets_prevalence": 7, "answers": {"weather": {}}},
                                 instrument, row=4)
    assert {(p.row, p.column) for p in problems} == {
        (4, "sector"), (4, "role_level"), (4, "ladder"), (4, "named"),
        (4, "markets_prevalence"), (4, "answers")}
    assert next(p for p in problems if p.column == "markets_prevalence").value == "7"
    _, problems = check_response({"sector": "public", "role_level": "strategic"}, instrument)
    assert [p.message for p in problems] == ["answer at least one of the questions."]


def test_a_name_is_kept_only_when_chosen_and_made_plain_text(instrument):
    base = {"sector": "public", "role_level": "strategic", "citizens_importance": 1,
            "name": "Ann", "organisation": "Council"}
    assert check_response(base, instrument)[0]["name"] == ""
    response, _ = check_response({**base, "named": "yes", "name": "<b>Ann</b>\x00\x1b"},
                                 instrument)
    assert response["name"] == "<b>Ann</b>" and response["organisation"] == "Council"
    _, problems = check_response({**base, "named": True, "name": "x" * 201}, instrument)
    assert [p.column for p in problems] == ["name"]


def test_field_labels_are_plain_words(instrument):
    labels = field_labels(instrument)
    assert labels["citizens_importance"] == "Residents' voice: how important"
    assert labels["sector"] == "Your sector"
