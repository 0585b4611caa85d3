"""A searchable list of the borough's neighbourhoods."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.state import select_area, selected_area
from indices.build import IndexRun


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
    order = result.ranks[result.spec.code].sort_values(na_position="last").index.tolist()
    current = selected_area(order)
    st.session_state[key] = current

    def label(code: str) -> str:
        row = table.loc[code]
        rank = result.ranks.at[code, result.spec.code]
        where = f"rank {int(rank)}" if pd.notna(rank) else "no rank"
        ward = f", {row['ward_name']}" if row["ward_name"] and row["ward_name"] != row[
            "area_name"] else ""
        return f"{row['area_name']} ({code}){ward}: {where}"

    st.selectbox(
        "Neighbourhood (type to search by name, code or ward)",
        order,
        key=key,
        format_func=label,
        on_change=lambda: select_area(st.session_state[key]),
    )
    return st.session_state[key]
