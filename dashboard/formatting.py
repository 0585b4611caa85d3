"""How numbers are written for people: in tooltips, tables and legends."""

from __future__ import annotations

import math


def format_value(value: float | None) -> str:
    """Write a number with a sensible number of decimals; "no data" when missing.

    Values of 100 or more get none, of 10 or more one, of 1 or more two, and
    smaller values three, so that proportions such as 0.123 keep their detail.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no data"
    size = abs(value)
    decimals = 0 if size >= 100 else 1 if size >= 10 else 2 if size >= 1 else 3
    text = f"{value:,.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def format_rank(rank: int | None, of: int) -> str:
    """Write a rank as "12 of 142" (1 = most in need)."""
    return "no rank" if rank is None else f"{rank:,} of {of:,}"
