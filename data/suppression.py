"""Small-number suppression of what is shown to the public.

Counts from 1 to 4, and rates made from them, are hidden: with so few events
a person could be recognised, and the rate is too unstable to mean much.
Zero is shown. The engine still uses the true values; only display hides them.
"""

from __future__ import annotations

import pandas as pd

#: Smallest count that is shown (counts 1 to ``THRESHOLD - 1`` are hidden).
THRESHOLD = 5

#: What is shown instead of a hidden number: short, for table cells, and in full.
SUPPRESSED_VALUE = f"fewer than {THRESHOLD}"
SUPPRESSED_TEXT = f"{SUPPRESSED_VALUE} (hidden)"


def hidden(counts: pd.Series, threshold: int = THRESHOLD) -> pd.Series:
    """Return True where a count, or a rate made from it, must be hidden.

    Parameters
    ----------
    counts : pandas.Series
        Event counts per area (missing counts are not hidden: there is
        nothing to show).
    threshold : int
        Counts from 1 to ``threshold - 1`` are hidden.
    """
    return counts.notna() & (counts >= 1) & (counts < threshold)


def hidden_cells(table: pd.DataFrame, count_columns: dict[str, str]) -> pd.DataFrame:
    """Return, for each value column, where it must be hidden.

    Parameters
    ----------
    table : pandas.DataFrame
        The area table.
    count_columns : dict
        Value column -> the count column it is made from. Value columns
        without a count are never hidden.
    """
    return pd.DataFrame(
        {column: hidden(table[count]) for column, count in count_columns.items()},
        index=table.index,
    )


def rule(threshold: int = THRESHOLD) -> str:
    """Return the suppression rule in plain words, for methods notes and export metadata.

    Parameters
    ----------
    threshold : int
        Counts from 1 to ``threshold - 1`` are hidden.
    """
    return (
        f"Counts from 1 to {threshold - 1}, and rates made from them, are hidden: with so few "
        "events a person could be recognised, and the rate is too unstable to mean much. "
        "Zero is shown. The index is built from the true values; only what is shown is hidden."
    )
