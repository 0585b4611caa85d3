"""The selected neighbourhood, shared by the pages and kept in the URL (?area=CODE)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

_KEY = "area"


def selected_area(codes: Sequence[str]) -> str:
    """Return the selected area's code: from the session, else the URL, else the first code."""
    code = st.session_state.get(_KEY) or st.query_params.get(_KEY)
    if code not in codes:
        code = codes[0]
    st.session_state[_KEY] = code
    return code


def select_area(code: str) -> None:
    """Make an area the selected one, here and in the URL."""
    st.session_state[_KEY] = code
    st.query_params[_KEY] = code
