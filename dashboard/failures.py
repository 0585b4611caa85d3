"""What a page does when the data or the index cannot be had: it says why, in plain words
(quoting the user's own text as text), and stops; the rest of the app keeps working. Also
how a refused file is reported: every problem by row, column and value, and that nothing of
it was stored."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import pandas as pd
import streamlit as st

from dashboard.text import plain
from data.errors import DataLayerError, RecordProblem
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


def refused_file(name: str, problems: Sequence[RecordProblem], matched: bool = False) -> None:
    """Say that a file was refused, whole, and list what to fix in it: one row of a table per
    problem, with its row, column, value and what to do.

    Parameters
    ----------
    name : str
        The file's name, as its person knows it (shown as text).
    problems : sequence of RecordProblem
        Every problem found in it.
    matched : bool, default False
        Whether its columns were matched on the page, so that the matching may be the fault.
    """
    count = len(problems)
    again = "Correct the file" + (", or the matching of its columns," if matched else "")
    st.error(f"{plain(name)} has {count} problem{'s' * (count != 1)} to fix. Nothing from it "
             f"has been stored. {again} and import it again.", icon=":material/error:")
    # a data grid shows its cells as text: they need no escaping
    st.dataframe(pd.DataFrame([{"Row": p.row, "Column": p.column, "Value": p.value,
                                "What to do": p.message} for p in problems]),
                 hide_index=True, width="stretch")
