"""Change over time: each 2021 LSOA's IMD 2019 position against its IMD 2025 one, and
the IoD2019 figures bridged to 2021 LSOAs, for building an index on them
(:func:`iod2019_table`).

IoD2019 is on 2011 LSOAs, IoD2025 on 2021 LSOAs; the ONS lookup bridges them
(:data:`BRIDGE_RULE`). An unchanged or split 2011 LSOA passes its 2019 figures to each
2021 LSOA it became; a 2021 LSOA merged from several 2011 LSOAs gets their mean
(ranks), or their mean weighted by their residents (other figures).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from data.opendata.files import read_area_table, read_table
from data.opendata.sources import IOD2019, IOD2019_INDICATORS, IOD2025, LOOKUP_2011_2021

#: Areas ranked in each edition.
IMD2019_AREAS = 32_844
IMD2025_AREAS = 33_755


#: How IoD2019's figures on 2011 LSOAs are carried to 2021 LSOAs, in words.
BRIDGE_RULE = (
    "IoD2019 is published for 2011 LSOAs; the ONS LSOA (2011) to LSOA (2021) lookup carries "
    "its figures to 2021 LSOAs. An LSOA that did not change keeps its figures; each part of a "
    "2011 LSOA that was split gets the whole LSOA's figures (rates and scores, not counts); a "
    "2021 LSOA made by merging 2011 LSOAs gets their mean, weighted by their residents in "
    "mid-2015 (working-age residents for the employment score). Ranks are carried the same "
    "way and put on IoD2025's scale (33,755 LSOAs) by keeping their share of England."
)

#: Which 2011 LSOAs' changes make a 2021 LSOA's 2019 figures less like for like.
BOUNDARY_CHANGES = {"S": "split from a larger 2011 LSOA", "M": "merged from 2011 LSOAs"}

#: Columns :func:`iod2019_table` works out: IoD2019's income and employment domain scores
#: (the numerators of File 8 over File 6's mid-2015 denominators, as IoD2019 made them).
DERIVED_2019 = {
    "income_domain_score": ("income_domain_numerator", "pop_total_mid2015"),
    "employment_domain_score": ("employment_domain_numerator", "pop_working_age_mid2015"),
}


def _weights_for(column: str) -> str:
    return "pop_working_age_mid2015" if column.startswith("employment") else "pop_total_mid2015"


def iod2019_table(root: Path) -> pd.DataFrame:
    """Return IoD2019's figures (File 7 ranks, File 8 indicators, and the income and
    employment domain scores) carried to 2021 LSOAs by :data:`BRIDGE_RULE`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``lsoa21cd``: every numeric column of both files (File 8's counts
        and deciles dropped: they cannot be split or averaged), the :data:`DERIVED_2019`
        scores, each ``*_rank`` also as ``*_rank_2025_scale``, ``change_code`` (U, S or M)
        and ``lsoa11cd``.
    """
    lookup = read_table(root, LOOKUP_2011_2021, ["lsoa11cd", "lsoa21cd", "change_code"])
    ranks = read_area_table(root, IOD2019, "lsoa11cd")
    indicators = read_area_table(root, IOD2019_INDICATORS, "lsoa11cd")
    old = ranks.join(indicators.drop(columns=ranks.columns.intersection(indicators.columns)))
    for name, (count, population) in DERIVED_2019.items():
        old[name] = old[count] / old[population].where(old[population] > 0)
    counts = [c for c in old if c.endswith("_numerator")]
    values = [c for c in old.select_dtypes("number") if c not in counts
              and not c.startswith("pop_") and not c.endswith("_decile")]
    joined = lookup[["lsoa11cd", "lsoa21cd", "change_code"]].join(old, on="lsoa11cd")
    merged = joined["change_code"].eq("M")
    out = joined[~merged].drop_duplicates("lsoa21cd").set_index("lsoa21cd")[values].copy()
    if merged.any():
        parts = joined[merged]
        rows = {}
        for code, group in parts.groupby("lsoa21cd"):
            rows[code] = {c: (group[c].mean() if c.endswith("_rank") else
                              np.average(group[c], weights=group[_weights_for(c)])
                              if group[c].notna().all() else np.nan) for c in values}
        out = pd.concat([out, pd.DataFrame.from_dict(rows, orient="index")[values]])
    for column in [c for c in values if c.endswith("_rank")]:
        out[f"{column}_2025_scale"] = out[column] * IMD2025_AREAS / IMD2019_AREAS
    codes = joined.groupby("lsoa21cd").agg(
        change_code=("change_code", "first"),
        lsoa11cd=("lsoa11cd", lambda c: " ".join(sorted(c))))
    return out.join(codes).rename_axis("lsoa21cd")


def imd_change(root: Path) -> pd.DataFrame:
    """Return, per 2021 LSOA, its IMD 2019 and 2025 rank and decile and how they moved.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``lsoa21cd``: ``imd2019_rank``, ``imd2019_decile``,
        ``imd2025_rank``, ``imd2025_decile``, ``decile_change`` (positive =
        moved to a less deprived decile), ``percentile_change`` (change in the
        share of England more deprived, in percentage points), ``change_code``
        (U unchanged, S split, M merged) and ``lsoa11cd`` (the 2011 codes).
    """
    lookup = read_table(root, LOOKUP_2011_2021, ["lsoa11cd", "lsoa21cd", "change_code"])
    old = read_area_table(root, IOD2019, "lsoa11cd")[["IMD_rank", "IMD_decile"]]
    new = read_area_table(root, IOD2025, "lsoa21cd")[["IMD_rank", "IMD_decile"]]
    joined = lookup.join(old, on="lsoa11cd")
    grouped = joined.groupby("lsoa21cd").agg(
        imd2019_rank=("IMD_rank", "mean"),
        lsoa11cd=("lsoa11cd", lambda codes: " ".join(sorted(codes))),
        change_code=("change_code", "first"),
    )
    grouped["imd2019_decile"] = np.ceil(grouped["imd2019_rank"] * 10 / IMD2019_AREAS).clip(1, 10)
    out = new.rename(columns={"IMD_rank": "imd2025_rank", "IMD_decile": "imd2025_decile"}) \
        .join(grouped)
    out["decile_change"] = out["imd2025_decile"] - out["imd2019_decile"]
    out["percentile_change"] = 100 * (out["imd2025_rank"] / IMD2025_AREAS
                                      - out["imd2019_rank"] / IMD2019_AREAS)
    return out


def describe_change(change: pd.DataFrame, lsoas: Sequence[str]) -> dict[str, str]:
    """Say in words how an area's national IMD position moved from 2019 to 2025.

    Parameters
    ----------
    change : pandas.DataFrame
        From :func:`imd_change`.
    lsoas : sequence of str
        The 2021 LSOAs the area is made of (one, for an LSOA).

    Returns
    -------
    dict
        ``summary`` and ``detail`` sentences; empty when there are no figures.
    """
    rows = change.reindex(list(lsoas)).dropna(subset=["imd2019_decile", "imd2025_decile"])
    if rows.empty:
        return {}
    if len(lsoas) == 1:
        row = rows.iloc[0]
        moved = int(row["decile_change"])
        direction = ("no change" if moved == 0 else
                     f"{abs(moved)} decile{'s' if abs(moved) > 1 else ''} "
                     + ("less deprived" if moved > 0 else "more deprived"))
        basis = {"U": "the same LSOA in 2011", "S": "the 2011 LSOA it was split from",
                 "M": "the mean rank of the 2011 LSOAs merged into it"}[row["change_code"]]
        return {"summary": f"National IMD decile {int(row['imd2019_decile'])} in 2019, "
                f"{int(row['imd2025_decile'])} in 2025: {direction}.",
                "detail": f"2019 figures are for {basis} ({row['lsoa11cd']}), bridged by the "
                "ONS 2011 to 2021 LSOA lookup."}
    before = int((rows["imd2019_decile"] == 1).sum())
    after = int((rows["imd2025_decile"] == 1).sum())
    moved = rows["decile_change"]
    return {"summary": f"{before} of its {len(rows)} LSOAs {'was' if before == 1 else 'were'} in "
            f"the most deprived tenth of England in IMD 2019, and {after} in IMD 2025. "
            f"{int((moved > 0).sum())} moved to a less deprived decile, "
            f"{int((moved < 0).sum())} to a more deprived one.",
            "detail": "2019 figures are for the 2011 LSOAs its 2021 LSOAs came from, bridged "
            "by the ONS 2011 to 2021 LSOA lookup."}
