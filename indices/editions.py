"""An index over time: the part of a spec two editions of the data both have
(:func:`comparable`), and how each area moved between two builds (:func:`compare`,
:func:`movers`, :func:`describe_move`).

Ranks are within the areas each build covers (1 = most need), so a move says how an area
stands against the others, not whether it got better in itself. A move counts as more than
the uncertainty when the two rank intervals of the sensitivity analysis (5th to 95th
percentile ranks over the draws) do not overlap.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from indices.errors import SpecError
from indices.spec import Domain, IndexSpec

#: The columns :func:`compare` adds, in words (for exports' metadata).
CHANGE_COLUMNS = {
    "rank_before": "Rank in the earlier build (1 = most need).",
    "rank_after": "Rank in the later build (1 = most need).",
    "rank_change": "How many places the area moved: positive means it now ranks as less in "
                   "need against the others, negative as more in need.",
    "score_before": "Index score in the earlier build.",
    "score_after": "Index score in the later build.",
    "score_change": "Later score minus earlier score (the scores are relative to each build's "
                    "areas).",
    "beyond_uncertainty": "Whether the two rank intervals (5th to 95th percentile) do not "
                          "overlap, so the move is more than the index's own uncertainty.",
    "boundary_change": "Whether the area's 2021 LSOAs were split or merged from 2011 ones, "
                       "so that its earlier figures are carried over by the ONS lookup.",
}


@dataclass(frozen=True)
class Comparable:
    """A spec cut down to the indicators both editions of the data have.

    Attributes
    ----------
    now : IndexSpec
        The spec with only those indicators (domains left empty dropped), on the latest
        data's columns.
    then : IndexSpec
        The same, each indicator reading its IoD2019 counterpart's column instead.
    used : tuple of str
        The codes of the indicators kept.
    left_out : dict
        Indicator code -> why it has no counterpart ("the spec does not say" when it has
        no ``iod2019`` key).
    """

    now: IndexSpec
    then: IndexSpec
    used: tuple[str, ...]
    left_out: dict[str, str]


#: Why an indicator without an ``iod2019`` key is left out.
NOT_SAID = "the spec does not say what it was in IoD2019"


def comparable(spec: IndexSpec) -> Comparable:
    """Cut a spec down to the indicators with an IoD2019 counterpart.

    Parameters
    ----------
    spec : IndexSpec
        The spec; each indicator's ``iod2019`` key names its counterpart, or says why it
        has none.

    Returns
    -------
    Comparable

    Raises
    ------
    SpecError
        If no indicator has a counterpart, naming what to add.
    """
    left_out: dict[str, str] = {}
    now_domains: list[Domain] = []
    then_domains: list[Domain] = []
    for domain in spec.domains:
        kept = []
        for indicator in domain.indicators:
            earlier = indicator.iod2019
            if earlier is None or earlier.column is None:
                left_out[indicator.code] = NOT_SAID if earlier is None else earlier.note
            else:
                kept.append(indicator)
        if kept:
            now_domains.append(replace(domain, indicators=tuple(kept)))
            then_domains.append(replace(domain, indicators=tuple(
                replace(i, column=i.iod2019.column, denominator=i.iod2019.denominator)
                for i in kept)))
    if not now_domains:
        raise SpecError(
            f"{spec.name}: no indicator says what it was in IoD2019, so the index cannot be "
            "built on both editions. Give an indicator an iod2019 key naming its column in "
            "the IoD2019 table, for example iod2019: {column: acute_morbidity_indicator}.")
    used = tuple(i.code for d in now_domains for i in d.indicators)
    return Comparable(replace(spec, domains=tuple(now_domains)),
                      replace(spec, domains=tuple(then_domains)), used, left_out)


def _overlap(before: pd.DataFrame, after: pd.DataFrame) -> pd.Series:
    low_b, high_b = before["rank_p05"], before["rank_p95"]
    low_a, high_a = after["rank_p05"], after["rank_p95"]
    return (low_a <= high_b) & (low_b <= high_a)


def compare(before: pd.DataFrame, after: pd.DataFrame,
            boundary: pd.Series | None = None) -> pd.DataFrame:
    """How each area moved between two builds of an index.

    Parameters
    ----------
    before, after : pandas.DataFrame
        Each build's results by area code: ``area_name``, ``score`` and ``rank``, and, when
        the rank intervals were worked out, ``rank_p05`` and ``rank_p95`` (as in
        :func:`data.exports.results_table`).
    boundary : pandas.Series, optional
        Per area, True where its boundaries changed between the editions.

    Returns
    -------
    pandas.DataFrame
        The areas both builds have, in the later build's order: ``area_name`` and the
        :data:`CHANGE_COLUMNS` (``beyond_uncertainty`` is missing without intervals,
        ``boundary_change`` False without ``boundary``).
    """
    codes = after.index.intersection(before.index)
    b, a = before.loc[codes], after.loc[codes]
    out = pd.DataFrame({"area_name": a["area_name"],
                        "rank_before": b["rank"], "rank_after": a["rank"]}, index=codes)
    out["rank_change"] = out["rank_after"] - out["rank_before"]
    out["score_before"], out["score_after"] = b["score"], a["score"]
    out["score_change"] = out["score_after"] - out["score_before"]
    if {"rank_p05", "rank_p95"} <= set(b) & set(a):
        out["beyond_uncertainty"] = (~_overlap(b, a)).astype("boolean")
        out.loc[b["rank_p05"].isna() | a["rank_p05"].isna(), "beyond_uncertainty"] = pd.NA
    else:
        out["beyond_uncertainty"] = pd.array([pd.NA] * len(out), dtype="boolean")
    out["boundary_change"] = (False if boundary is None else
                              boundary.reindex(codes, fill_value=False).astype(bool))
    return out.rename_axis(after.index.name)


def movers(change: pd.DataFrame, most: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The areas that moved furthest towards more need, and towards less need.

    Parameters
    ----------
    change : pandas.DataFrame
        From :func:`compare`.
    most : int
        How many of each.

    Returns
    -------
    tuple of pandas.DataFrame
        (more need, less need): the largest moves first, ties by later rank; an area that
        did not move is in neither.
    """
    ordered = change.assign(_size=change["rank_change"].abs()).sort_values(
        ["_size", "rank_after"], ascending=[False, True], kind="stable").drop(columns="_size")
    return (ordered[ordered["rank_change"] < 0].head(most),
            ordered[ordered["rank_change"] > 0].head(most))


def _places(n: float) -> str:
    n = int(abs(n))
    return f"{n} place{'s' * (n != 1)}"


def describe_move(change: pd.DataFrame, code: str, labels: tuple[str, str],
                  of_what: str) -> str:
    """Say in words how one area moved between two builds.

    Parameters
    ----------
    change : pandas.DataFrame
        From :func:`compare`.
    code : str
        The area.
    labels : tuple of str
        What the two builds are called ("IoD2019", "IoD2025").
    of_what : str
        What the ranks are out of ("Oldham's 142 LSOAs").

    Returns
    -------
    str
        One or two sentences; empty when the area is not in both builds.
    """
    if code not in change.index:
        return ""
    row = change.loc[code]
    before, after = int(row["rank_before"]), int(row["rank_after"])
    moved = int(row["rank_change"])
    text = (f"{row['area_name']} ranked {before} of {of_what} on {labels[0]} and {after} on "
            f"{labels[1]}")
    if moved == 0:
        text += ": the same place."
    else:
        text += (f": {_places(moved)} "
                 + ("towards less need than the others." if moved > 0 else
                    "towards more need than the others."))
    beyond = row["beyond_uncertainty"]
    if beyond is not pd.NA and not (isinstance(beyond, float) and np.isnan(beyond)):
        text += (" That is more than the index's own uncertainty." if bool(beyond) else
                 " That is within the index's own uncertainty, so it may not be a real "
                 "change." if moved else "")
    if bool(row["boundary_change"]):
        text += (" Its boundaries changed in 2021, so its earlier figures are carried over "
                 "from the 2011 areas it came from.")
    return text
