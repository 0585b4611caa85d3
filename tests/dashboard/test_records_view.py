"""What the record forms share: why a record is held back, and who changes are recorded
under."""

from datetime import datetime

from dashboard.components.records_view import held_back, who
from data.store.notes import is_public
from data.store.promises import promise_is_public

NOTE = {"visibility": "public", "consent": True, "personal_data": "", "privacy_checked": False,
        "retired": False, "version": 1, "updated_by": "a", "updated_at": datetime(2026, 1, 1)}


def test_held_back_says_why_for_records_with_and_without_consent():
    assert held_back(NOTE, is_public(NOTE)) == ""
    refused = {**NOTE, "consent": False}
    assert held_back(refused, is_public(refused)) == "no consent to publish"
    unread = {**NOTE, "personal_data": "a phone number"}
    assert held_back(unread, is_public(unread)) == (
        "it seems to hold a phone number; an editor must read it")
    promise = {k: v for k, v in unread.items() if k != "consent"}  # promises need none
    assert held_back(promise, promise_is_public(promise)).startswith("it seems to hold")
    assert held_back({**NOTE, "visibility": "internal"}, False) == ""


def test_changes_are_recorded_under_the_local_user_without_sign_in():
    assert who() == "local user"
