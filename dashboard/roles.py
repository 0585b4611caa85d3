"""Who may do what: viewers read, editors change notes, promises and assets, admins change
settings.

With OpenID Connect set up in ``.streamlit/secrets.toml`` (an ``[auth]`` section),
people sign in with ``st.login`` and get their role from the ``[roles]`` lists of
e-mail addresses there (``admins = [...]``, ``editors = [...]``; anyone else is a
viewer). Without it the app runs for one local user, who is an admin unless
``TCI_READ_ONLY`` is set (for a public deployment), which makes everyone a viewer.

The asset survey (``?survey=SECRET``) needs no sign-in: its link is the permission, and it
shows nothing else of the app. ``TCI_SURVEY_ONLY`` makes a server serve only the survey.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import streamlit as st

ROLES = ("viewer", "editor", "admin")
READ_ONLY_ENV = "TCI_READ_ONLY"
#: Environment variable that makes the app serve the asset survey and nothing else: for a
#: server on the open internet, beside the staff's app on the council's network.
SURVEY_ONLY_ENV = "TCI_SURVEY_ONLY"


def role_for(email: str | None, lists: Mapping[str, Any]) -> str:
    """The role of a signed-in e-mail address, from the configured lists (case ignored)."""
    address = (email or "").strip().lower()

    def listed(key: str) -> bool:
        return address in {str(e).strip().lower() for e in lists.get(key, [])}

    return "admin" if listed("admins") else "editor" if listed("editors") else "viewer"


def _secrets() -> Mapping[str, Any]:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets file: Streamlit raises its own not-found error
        return {}


def sign_in_configured() -> bool:
    """Whether OpenID Connect sign-in is set up."""
    return "auth" in _secrets()


def current_role() -> str:
    """The role of whoever is using the app now; asks them to sign in when that is set up."""
    if sign_in_configured():
        if not st.user.is_logged_in:
            st.title("Thriving Community Index")
            st.write("Sign in to continue.")
            st.button("Sign in", on_click=st.login, type="primary")
            st.stop()
        return role_for(st.user.get("email"), _secrets().get("roles", {}))
    return "viewer" if _set(READ_ONLY_ENV) else "admin"


def _set(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def survey_only() -> bool:
    """Whether this server serves only the asset survey (``TCI_SURVEY_ONLY``)."""
    return _set(SURVEY_ONLY_ENV)


def can_edit(role: str) -> bool:
    """Editors and admins may add and change notes, promises and assets."""
    return role in ("editor", "admin")


def can_administer(role: str) -> bool:
    """Only admins may change shared settings (the index builder)."""
    return role == "admin"
