"""A searchable list of the borough's neighbourhoods."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.state import select_area, selected_area
from indices.build import IndexRun


def area_labels(table: pd.DataFrame, ranks: pd.Series) -> dict[str, str]:
    """Each area as the picker lists it: name (code), its ward where that differs, and rank.

    Parameters
    ----------
    table : pandas.DataFrame
        The level's area table (``area_name``, ``ward_name``), indexed by code.
    ranks : pandas.Series
        Each area's rank on the index (missing where it has none).
    """
    names = table["area_name"].astype(str)
    wards = table["ward_name"].fillna("").astype(str)
    rank = ranks.reindex(table.index)
    return {
        code: f"{name} ({code}){f', {ward}' if ward and ward != name else ''}: "
              + (f"rank {int(r)}" if pd.notna(r) else "no rank")
        for code, name, ward, r in zip(table.index, names, wards, rank, strict=True)
    }


def need_order(result: IndexRun) -> list[str]:
    """The areas most in need first, those with no rank last: the order the pickers list."""
    return result.ranks[result.spec.code].sort_values(na_position="last").index.tolist()


def area_picker(table: pd.DataFrame, result: IndexRun, key: str) -> str:
    """Show a searchable list of areas (most in need first) and return the selected code.

    Parameters
    ----------
    table : pandas.DataFrame
        The level's area table (``area_name``, ``ward_name``), indexed by code.
    result : IndexRun
        The built index, to order the list by rank.
    key : str
        The widget key; each page gives its own.
    """
    order = need_order(result)
    current = selected_area(order)
    st.session_state[key] = current
    labels = area_labels(table, result.ranks[result.spec.code])

    st.selectbox(
        "Neighbourhood (type to search by name, code or ward)",
        order,
        key=key,
        format_func=labels.__getitem__,
        on_change=lambda: select_area(st.session_state[key]),
    )
    return st.session_state[key]
