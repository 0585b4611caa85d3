"""What a page does when the data or the index cannot be had: it says why, in plain words
(quoting the user's own text as text), and stops; the rest of the app keeps working."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from dashboard.text import plain
from data.errors import DataLayerError
from indices.errors import IndicesError

T = TypeVar("T")


def or_stop(compute: Callable[[], T]) -> T:
    """Return what ``compute`` gives, or show the data or index error it raises and stop
    the page.

    Parameters
    ----------
    compute : callable
        What the page needs, without arguments.

    Returns
    -------
    object
        What ``compute`` returned.
    """
    try:
        return compute()
    except (DataLayerError, IndicesError) as error:
        st.error(plain(str(error)), icon=":material/error:")  # it may quote a user's text
        st.stop()
        raise  # st.stop() raises; this keeps type checkers content
