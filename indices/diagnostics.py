"""Diagnostics of a built index: how indicators, domains and the index relate.

Flags the two faults the OECD/JRC Handbook warns of: an indicator that runs
against its own domain (negative correlation, usually a wrong direction), and
an indicator that duplicates another (so that one thing is counted twice).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indices.build import IndexRun

#: Correlation above which two indicators are flagged as duplicating each other.
DUPLICATE_THRESHOLD = 0.9


def correlations(run: IndexRun, method: str = "pearson") -> pd.DataFrame:
    """Correlations between every indicator (normalised), domain and the index.

    Parameters
    ----------
    run : IndexRun
        A built index.
    method : {"pearson", "spearman"}
        Linear or rank correlation.

    Returns
    -------
    pandas.DataFrame
        Square, labelled by node code (index first, then domains, then indicators).
    """
    return run.scores.corr(method=method)


def flags(run: IndexRun, duplicate_threshold: float = DUPLICATE_THRESHOLD,
          method: str = "pearson") -> pd.DataFrame:
    """List the indicators that need a second look.

    Returns
    -------
    pandas.DataFrame
        One row per finding: ``indicator``, ``issue`` (plain words),
        ``other`` (the domain or indicator involved) and ``correlation``.
    """
    matrix = correlations(run, method)
    rows = []
    for domain in run.spec.domains:
        for indicator in domain.indicators:
            r = matrix.at[indicator.code, domain.code]
            if len(domain.indicators) > 1 and r < 0:
                rows.append((indicator.code, "correlates negatively with its own domain: check "
                             "its direction", domain.code, r))
    codes = [i.code for i in run.spec.indicators]
    block = matrix.loc[codes, codes].to_numpy()
    for a, b in zip(*np.triu_indices(len(codes), k=1), strict=True):
        if block[a, b] > duplicate_threshold:
            rows.append((codes[b], f"duplicates another indicator (correlation above "
                         f"{duplicate_threshold}): one thing may be counted twice",
                         codes[a], block[a, b]))
    return pd.DataFrame(rows, columns=["indicator", "issue", "other", "correlation"])
