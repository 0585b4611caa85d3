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
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
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


def themes_by_area(notes: Iterable[Mapping[str, Any]], areas: Sequence[str],
                   roll_up: Callable[[Mapping[str, int]], Mapping[str, int]],
                   since: date | None = None, until: date | None = None) -> pd.DataFrame:
    """Count the records and each theme per area of a level.

    Parameters
    ----------
    notes : iterable of Mapping
        Records with ``area_code``, ``note_date`` and ``themes`` (those the reader may
        know of: public ones for anything public).
    areas : sequence of str
        The codes of the level's areas.
    roll_up : callable
        Counts by the codes records are stored against -> counts per area of the level
        (see :meth:`data.areas.levels.LevelData.roll_up`).
    since, until : date, optional
        The period, both days included; all time when not given.

    Returns
    -------
    pandas.DataFrame
        Indexed by area code: ``records`` (how many records the area has in the
        period), then a column per theme (how many of them raise it), themes in
        alphabetical order.
    """
    chosen = [n for n in notes if _in_period(n, since, until)]

    def per_area(records: Iterable[Mapping[str, Any]]) -> pd.Series:
        counts = roll_up(Counter(n["area_code"] for n in records))
        return pd.Series(counts, dtype=int).reindex(list(areas), fill_value=0)

    table = pd.DataFrame({"records": per_area(chosen)})
    for theme in sorted({t for n in chosen for t in n["themes"]}, key=str.casefold):
        table[theme] = per_area(n for n in chosen if theme in n["themes"])
    return table


def themes_over_time(notes: Iterable[Mapping[str, Any]], codes: Collection[str],
                     since: date | None = None, until: date | None = None,
                     rule: SuppressionRule | None = None) -> pd.DataFrame:
    """Count each theme's records per month.

    Parameters
    ----------
    notes : iterable of Mapping
        Records with ``area_code``, ``note_date`` and ``themes``.
    codes : collection of str
        The codes the place's records are stored against.
    since, until : date, optional
        The period, both days included; all time when not given.
    rule : SuppressionRule, optional
        For anything public: a month's count from 1 to ``threshold - 1`` is hidden (left
        empty, ``hidden`` true). None shows every count.

    Returns
    -------
    pandas.DataFrame
        One row per theme and month with a record (``month``, the month's first day;
        ``theme``; ``records``, a float, empty when hidden; ``hidden``), in order of
        month, then theme.
    """
    counts = Counter((n["note_date"].replace(day=1), t) for n in notes
                     if n["area_code"] in codes and _in_period(n, since, until)
                     for t in set(n["themes"]))
    rows = pd.DataFrame([{"month": m, "theme": t, "records": float(c)}
                         for (m, t), c in sorted(counts.items())],
                        columns=["month", "theme", "records"])
    rows["hidden"] = (rows["records"] < rule.threshold) if rule is not None else False
    rows.loc[rows["hidden"], "records"] = float("nan")
    return rows


#: The share of the areas most in need on a domain (by its rank) that "high need" means.
HIGH_NEED = 0.4
#: How often more than across the borough a theme must be raised in an area, and in how
#: many records at least, for the area to be one where the theme is raised most.
RAISED_MOST = 1.5
RAISED_MOST_RECORDS = 5


def voice_and_numbers(by_area: pd.DataFrame, domain_ranks: pd.DataFrame,
                      domains: Mapping[str, str], rule: SuppressionRule | None = None
                      ) -> pd.DataFrame:
    """Set what people say beside what the numbers say: for each theme that speaks to an
    index domain, the areas where it is raised most, and whether those are the areas the
    domain finds most in need.

    An area is one where a theme is raised most when its share of records raising the
    theme is at least :data:`RAISED_MOST` times the borough's, in at least
    :data:`RAISED_MOST_RECORDS` records (and never fewer than the suppression threshold,
    for anything public). They *agree* when at least half of those areas are among the
    :data:`HIGH_NEED` share of areas most in need on the domain, and *differ* otherwise.

    Parameters
    ----------
    by_area : pandas.DataFrame
        From :func:`themes_by_area`.
    domain_ranks : pandas.DataFrame
        Each area's rank on each domain (1 = most in need), indexed by area code, a
        column per domain code.
    domains : Mapping
        Theme -> the domain code it speaks to (themes without one are left out).
    rule : SuppressionRule, optional
        For anything public (see above).

    Returns
    -------
    pandas.DataFrame
        Indexed by theme: ``domain``, ``records`` (across the borough), ``raised_most``
        (the areas' codes, most raised first), ``in_high_need`` (how many of them are
        among the most in need on the domain) and ``verdict`` ("agree", "differ", or ""
        when the theme is raised most nowhere).
    """
    least = max(RAISED_MOST_RECORDS, rule.threshold if rule is not None else 0)
    total = int(by_area["records"].sum())
    rows = {}
    for theme, domain in domains.items():
        if theme not in by_area or domain not in domain_ranks:
            continue
        count = by_area[theme]
        share = count / by_area["records"].where(by_area["records"] > 0)
        borough_share = count.sum() / total if total else 0.0
        most = share[(count >= least) & (share >= RAISED_MOST * borough_share)]
        most = most.sort_values(ascending=False, kind="stable").index.tolist()
        ranks = domain_ranks[domain]
        high = ranks.index[ranks <= HIGH_NEED * ranks.notna().sum()]
        needy = sum(code in high for code in most)
        rows[theme] = {"domain": domain, "records": int(count.sum()), "raised_most": most,
                       "in_high_need": needy,
                       "verdict": "" if not most else "agree" if needy * 2 >= len(most)
                       else "differ"}
    return pd.DataFrame.from_dict(rows, orient="index",
                                  columns=["domain", "records", "raised_most", "in_high_need",
                                           "verdict"])
