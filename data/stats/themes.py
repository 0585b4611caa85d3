"""What people say, counted: how often each theme is raised in an area, against the borough.

A record counts once for each of its themes. An area's share of a theme is the share of
its records that raise it; comparing it with the borough's share says whether the theme
is raised more or less often here than across the borough (a ratio of shares, as a
location quotient is). Counts shown to the public follow the small-number rule of
:mod:`data.stats.suppression`: a theme raised 1 to ``threshold - 1`` times is said to be
raised "fewer than" the threshold, with no share and no comparison.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Any

import pandas as pd

from data.stats.suppression import SuppressionRule

#: Ratios of shares between these bounds are said to be "about as often".
ABOUT_THE_SAME = (2 / 3, 1.5)


def _in_period(note: Mapping[str, Any], since: date | None, until: date | None) -> bool:
    when = note["note_date"]
    return (since is None or when >= since) and (until is None or when <= until)


def theme_table(notes: Iterable[Mapping[str, Any]], area: Collection[str],
                borough: Collection[str], since: date | None = None,
                until: date | None = None) -> pd.DataFrame:
    """Count each theme in an area and in its borough.

    Parameters
    ----------
    notes : iterable of Mapping
        Records with ``area_code``, ``note_date`` and ``themes`` (those the reader may
        know of: public ones for anything public).
    area, borough : collection of str
        The codes the area's records and the borough's are stored against.
    since, until : date, optional
        The period, both days included; all time when not given.

    Returns
    -------
    pandas.DataFrame
        Indexed by theme, most raised in the area first (then in the borough), with
        ``here`` and ``borough`` (how many records raise it), ``here_share`` and
        ``borough_share`` (of all the records in the period, with or without themes),
        and ``ratio`` (here_share / borough_share). Its ``attrs`` hold ``records``
        and ``borough_records``, the numbers of records.
    """
    chosen = [n for n in notes if _in_period(n, since, until)]
    here = [n for n in chosen if n["area_code"] in area]
    everywhere = [n for n in chosen if n["area_code"] in borough]
    counts = pd.DataFrame({
        "here": pd.Series(Counter(t for n in here for t in set(n["themes"])), dtype=int),
        "borough": pd.Series(Counter(t for n in everywhere for t in set(n["themes"])),
                             dtype=int),
    }).fillna(0).astype(int)
    counts["here_share"] = counts["here"] / len(here) if here else 0.0
    counts["borough_share"] = counts["borough"] / len(everywhere) if everywhere else 0.0
    counts["ratio"] = counts["here_share"] / counts["borough_share"].where(
        counts["borough_share"] > 0)
    counts = counts[counts["here"] > 0].sort_values(["here", "borough"], ascending=False,
                                                    kind="stable")
    counts.index.name = "theme"
    counts.attrs.update(records=len(here), borough_records=len(everywhere))
    return counts


def how_often(ratio: float) -> str:
    """Say a ratio of shares in words: "3 times as often as", "about as often as",
    "less often than"."""
    low, high = ABOUT_THE_SAME
    if not ratio == ratio:  # no borough share to compare with
        return ""
    if ratio >= high:
        times = f"{ratio:.0f}" if ratio >= 2 else f"{ratio:.1f}"
        return f"{times} times as often as"
    return "about as often as" if ratio > low else "less often than"


def theme_sentences(table: pd.DataFrame, borough_name: str,
                    rule: SuppressionRule | None = None) -> list[str]:
    """Each theme of :func:`theme_table` in a sentence, such as "parking and traffic: 12
    records (30%), 3 times as often as in Oldham (10%)".

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`theme_table`.
    borough_name : str
        The borough, for the comparison.
    rule : SuppressionRule, optional
        For anything public: small counts are said as "fewer than" the threshold, with
        no share or comparison. None shows every count (for staff).
    """
    said = []
    for theme, row in table.iterrows():
        if rule is not None and row["here"] < rule.threshold:
            said.append(f"{theme}: fewer than {rule.threshold} records")
            continue
        count = int(row["here"])
        records = f"{count} record{'' if count == 1 else 's'} ({row['here_share']:.0%})"
        compare = how_often(row["ratio"])
        shown = rule is None or row["borough"] >= rule.threshold
        said.append(f"{theme}: {records}" + (
            f", raised {compare} in {borough_name} ({row['borough_share']:.0%})"
            if compare and shown else ""))
    return said
