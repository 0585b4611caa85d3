"""Change over time: each 2021 LSOA's IMD 2019 position against its IMD 2025 one.

IoD2019 is on 2011 LSOAs, IoD2025 on 2021 LSOAs; the ONS lookup bridges them.
An unchanged or split 2011 LSOA passes its 2019 figures to each 2021 LSOA it
became; a 2021 LSOA merged from several 2011 LSOAs gets their mean rank.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from data.opendata.files import read_area_table, read_table
from data.opendata.sources import IOD2019, IOD2025, LOOKUP_2011_2021

#: Areas ranked in each edition.
IMD2019_AREAS = 32_844
IMD2025_AREAS = 33_755


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
