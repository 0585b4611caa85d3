"""2011 and 2021 LSOAs: recognising 2011 codes and converting a table to 2021 LSOAs.

The conversion rule (:data:`RULE`), from the ONS LSOA (2011) to LSOA (2021)
lookup: an unchanged LSOA (``U``) keeps its values; a 2011 LSOA split into
several 2021 LSOAs (``S``) gives each part its values, except counts, which are
divided equally between the parts; 2011 LSOAs merged into one 2021 LSOA (``M``)
give it the sum of their counts and the mean of their other values.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from data.opendata.files import read_table
from data.opendata.sources import LOOKUP_2011_2021

LSOA_2011_2021_COLUMNS = ["lsoa11cd", "lsoa21cd", "change_code"]

#: The conversion rule in words, for reports and help texts.
RULE = ("unchanged LSOAs keep their values; a split 2011 LSOA gives its values to each 2021 "
        "part, with counts divided equally between the parts; merged 2011 LSOAs give the "
        "2021 LSOA the sum of their counts and the mean of their other values")


def load_lsoa_lookup(root: Path) -> pd.DataFrame:
    """Return the ONS LSOA 2011 to 2021 lookup of the data folder.

    Columns ``lsoa11cd``, ``lsoa21cd`` and ``change_code`` (``U`` unchanged,
    ``S`` split, ``M`` merged), one row per pair of codes.

    Raises
    ------
    DataFileError
        If the file is missing or lacks those columns.
    """
    return read_table(root, LOOKUP_2011_2021, LSOA_2011_2021_COLUMNS)[LSOA_2011_2021_COLUMNS]


def codes_2011_only(lookup: pd.DataFrame) -> dict[str, list[str]]:
    """The 2011 LSOA codes that are not 2021 codes, each with the 2021 codes it became."""
    retired = lookup[~lookup["lsoa11cd"].isin(set(lookup["lsoa21cd"]))]
    return {code: sorted(group["lsoa21cd"]) for code, group in retired.groupby("lsoa11cd")}


def lsoa11_to_lsoa21(table: pd.DataFrame, lookup: pd.DataFrame,
                     counts: Iterable[str] = ()) -> pd.DataFrame:
    """Convert a table indexed by 2011 LSOA code to 2021 LSOAs, by :data:`RULE`.

    Parameters
    ----------
    table : pandas.DataFrame
        Numeric columns indexed by 2011 LSOA code.
    lookup : pandas.DataFrame
        The lookup from :func:`load_lsoa_lookup`.
    counts : iterable of str
        The columns that are counts (divided on a split, summed on a merge);
        every other column is a rate, share, score or similar (copied on a
        split, averaged on a merge).

    Returns
    -------
    pandas.DataFrame
        One row per 2021 LSOA reached from the table's codes, indexed by
        ``lsoa21cd``, with the table's columns and ``change_code`` saying how
        each row was made. 2011 codes not in the lookup are left out.

    Raises
    ------
    KeyError
        If a column named in ``counts`` is not in the table.
    """
    counts = list(counts)
    absent = [c for c in counts if c not in table.columns]
    if absent:
        raise KeyError(f"the table has no column {', '.join(map(repr, absent))}")
    pairs = lookup[lookup["lsoa11cd"].isin(table.index)]
    parts = pairs.groupby("lsoa11cd")["lsoa21cd"].transform("size")
    rows = table.loc[pairs["lsoa11cd"]].reset_index(drop=True)
    rows[counts] = rows[counts].div(parts.to_numpy(), axis=0)
    rows.index = pd.Index(pairs["lsoa21cd"].to_numpy(), name="lsoa21cd")
    grouped = rows.groupby(level=0, sort=False)
    others = [c for c in table.columns if c not in counts]
    out = pd.concat([grouped[counts].sum(min_count=1), grouped[others].mean()], axis=1)
    change = pairs.groupby("lsoa21cd", sort=False)["change_code"].first()
    return out[list(table.columns)].assign(change_code=change)
