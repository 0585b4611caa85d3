"""Small-number suppression of what is shown to the public.

Counts from 1 to ``threshold - 1`` (by default 1 to 4), and rates made from
them, are hidden: with so few events a person could be recognised, and the
rate is too unstable to mean much. Zero is shown. The threshold is set for the
whole installation by the ``TCI_SUPPRESS_BELOW`` environment variable.

Secondary suppression: where a total is shown (a ward's, a borough's, the
region's), a single hidden cell among its parts could be worked out by
subtracting the others from the total. In every such group another cell is
hidden too: the smallest count above zero (a zero only when nothing else is
left), repeated until no group has exactly one hidden cell.

The engine still uses the true values; only what is shown or exported hides them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.errors import SuppressionSettingError

#: Environment variable setting the smallest count that is shown.
THRESHOLD_ENV = "TCI_SUPPRESS_BELOW"

#: The smallest count shown when the variable is not set (counts 1 to 4 are hidden).
DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class SuppressionRule:
    """Which numbers are hidden.

    Attributes
    ----------
    threshold : int
        The smallest count shown: counts from 1 to ``threshold - 1`` are hidden.
    secondary : bool
        Whether secondary suppression protects hidden cells from being worked
        out from totals.
    """

    threshold: int = DEFAULT_THRESHOLD
    secondary: bool = True

    @property
    def value_text(self) -> str:
        """What a table cell shows instead of a hidden number (primary or secondary)."""
        return "hidden"

    @property
    def hidden_text(self) -> str:
        """What a tooltip, profile or export note shows instead of a hidden number."""
        return "hidden (small-number rule)"

    def describe(self) -> str:
        """The rule in a sentence, for methods pages, exports and briefings."""
        text = (f"Counts from 1 to {self.threshold - 1}, and rates made from them, are not "
                "shown (small-number suppression); zero is shown.")
        if self.secondary:
            text += (" Where a total would let a hidden number be worked out, the next "
                     "smallest number in that total is hidden too (secondary suppression).")
        return text


def suppression_rule(environ: Mapping[str, str] | None = None) -> SuppressionRule:
    """Return the installation's rule, from ``TCI_SUPPRESS_BELOW`` (default 5).

    Raises
    ------
    SuppressionSettingError
        If the variable is set to anything but a whole number of 2 or more.
    """
    environ = os.environ if environ is None else environ
    configured = environ.get(THRESHOLD_ENV, "").strip()
    if not configured:
        return SuppressionRule()
    if not configured.isdigit() or int(configured) < 2:
        raise SuppressionSettingError(
            f"{THRESHOLD_ENV} is set to {configured!r}: it must be a whole number of 2 or "
            f"more, the smallest count that may be shown (the default, {DEFAULT_THRESHOLD}, "
            "hides counts from 1 to 4). Change or unset it, then restart the app."
        )
    return SuppressionRule(int(configured))


def hidden(counts: pd.Series, threshold: int = DEFAULT_THRESHOLD) -> pd.Series:
    """Return True where a count, or a rate made from it, must be hidden (primary suppression).

    Parameters
    ----------
    counts : pandas.Series
        Event counts per area (missing counts are not hidden: there is
        nothing to show).
    threshold : int
        Counts from 1 to ``threshold - 1`` are hidden.
    """
    return counts.notna() & (counts >= 1) & (counts < threshold)


def secondary(counts: pd.Series, hidden_now: pd.Series,
              groups: Iterable[pd.Series]) -> pd.Series:
    """Add secondary suppression: no group of areas with a shown total has one hidden cell.

    Parameters
    ----------
    counts : pandas.Series
        Event counts per area.
    hidden_now : pandas.Series
        True where a count is already hidden.
    groups : iterable of pandas.Series
        Each gives the group (ward, borough, ...) of every area whose total is
        shown; missing group labels are left out.

    Returns
    -------
    pandas.Series
        The cells to hide: ``hidden_now`` and, in each group that had exactly
        one hidden cell, its smallest count above zero (or a zero when there
        is none), until no group has exactly one.
    """
    out = hidden_now.to_numpy(dtype=bool).copy()
    values = counts.to_numpy(dtype=float)
    present = ~np.isnan(values)
    filled = np.nan_to_num(values)
    # the order cells are taken in: above zero first, then the smaller, then the first area
    ranked = np.empty(len(values), dtype=np.int64)
    ranked[np.lexsort((np.arange(len(values)), filled, filled <= 0))] = np.arange(len(values))
    labels = [pd.factorize(g.reindex(counts.index))[0] for g in groups]  # -1: no group
    changed = True
    while changed:
        changed = False
        for codes in labels:
            usable = present & (codes >= 0)
            n_hidden = np.bincount(codes[usable & out], minlength=codes.max() + 1)
            lone = np.flatnonzero(n_hidden == 1)
            candidates = np.flatnonzero(usable & ~out & np.isin(codes, lone))
            if not candidates.size:
                continue
            # the first candidate of each lone group in taking order
            order = candidates[np.lexsort((ranked[candidates], codes[candidates]))]
            first = order[np.r_[True, codes[order][1:] != codes[order][:-1]]]
            out[first] = True
            changed = True
    return pd.Series(out, index=counts.index)


def hidden_cells(table: pd.DataFrame, count_columns: dict[str, str],
                 rule: SuppressionRule | None = None,
                 groups: Iterable[str | pd.Series] = ()) -> pd.DataFrame:
    """Return, for each value column, where it must be hidden.

    Parameters
    ----------
    table : pandas.DataFrame
        The area table.
    count_columns : dict
        Value column -> the count column it is made from. Value columns
        without a count are never hidden.
    rule : SuppressionRule, optional
        The rule (default: :func:`suppression_rule`).
    groups : iterable of str or pandas.Series
        Columns of ``table`` (or series on its index) grouping the areas into
        totals that are shown (such as ``wd24cd`` and ``lad_code``); the whole
        table is always one such group. Used for secondary suppression.
    """
    rule = rule or suppression_rule()
    totals = [table[g] if isinstance(g, str) else g for g in groups]
    totals.append(pd.Series("all", index=table.index))
    by_count: dict[str, pd.Series] = {}
    for count in set(count_columns.values()):
        mask = hidden(table[count], rule.threshold)
        by_count[count] = secondary(table[count], mask, totals) if rule.secondary else mask
    return pd.DataFrame({column: by_count[count] for column, count in count_columns.items()},
                        index=table.index)
