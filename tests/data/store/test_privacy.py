"""Spotting personal data in what people wrote."""

import pytest

from data.store.privacy import describe, personal_data


@pytest.mark.parametrize("text, kinds", [
    ("Write to jo.bloggs+club@example.co.uk", ["an e-mail address"]),
    ("Ring me on 07700 900123", ["a phone number"]),
    ("Call +44 7700 900123 after six", ["a phone number"]),
    ("The office is (0161) 496 0000", ["a phone number"]),
    ("0161-496-0000 is the number", ["a phone number"]),
    ("I live at OL1 1AA", ["a full postcode"]),
    ("postcode ol11aa", ["a full postcode"]),
    ("SW1A 1AA and jo@example.org", ["an e-mail address", "a full postcode"]),
])
def test_personal_data_is_found(text, kinds):
    assert personal_data(text) == kinds


@pytest.mark.parametrize("text", [
    "The bus to Oldham is late again",
    "Parking on the OL8 side of the road is bad",  # a postcode district is not an address
    "Since 2019, 2020 and 2021 the A62 has got worse",
    "In 2024 there were 1234567 visits; room 101 at 10:30",
    "",
])
def test_ordinary_words_and_numbers_are_not_flagged(text):
    assert personal_data(text) == []


def test_what_was_found_is_said_plainly():
    assert describe([]) == ""
    assert describe(["a phone number"]) == "it seems to hold a phone number"
    assert describe(["an e-mail address", "a phone number", "a full postcode"]) == (
        "it seems to hold an e-mail address, a phone number and a full postcode")
