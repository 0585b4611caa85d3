"""How numbers are written for people: in tooltips, tables and legends."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from data.stats.suppression import suppression_rule

if TYPE_CHECKING:  # the funnel's statistics (scipy) load only with the pages that use them
    from data.stats.funnel import Funnel


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


def rates_table(result: Funnel, names: pd.Series, hidden: pd.Series) -> pd.DataFrame:
    """Each area's count, rate and 95% confidence interval, written for people.

    Suppressed counts show the suppression text, and the rate, interval and
    funnel status made from them are hidden too.
    """
    areas = result.areas
    secret = hidden.reindex(areas.index, fill_value=False)
    count = areas["count"].map(lambda v: "no data" if math.isnan(v) else f"{v:,.0f}")
    interval = [f"{format_value(low)} to {format_value(high)}" if not math.isnan(rate) else
                "no data" for rate, low, high in zip(areas["rate"], areas["low"], areas["high"],
                                                     strict=True)]
    return pd.DataFrame({
        "Neighbourhood": names.reindex(areas.index).to_numpy(), "Code": areas.index,
        "Count": count.where(~secret, suppression_rule().value_text).to_numpy(),
        "Denominator": areas["denominator"].map(lambda v: f"{v:,.0f}").to_numpy(),
        "Rate": areas["rate"].map(format_value).where(~secret, "hidden").to_numpy(),
        "95% CI": pd.Series(interval, index=areas.index).where(~secret, "hidden").to_numpy(),
        "Against the funnel": areas["status"].fillna("no data").where(~secret, "not shown")
        .to_numpy(),
    })
