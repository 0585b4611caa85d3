"""What drives a score: each area's index score split into what each indicator brings to it.

With arithmetic aggregation (at the domains and the index) a score is a weighted sum, so it
splits exactly: an indicator's contribution is its normalised value times its weight in
its domain times its domain's weight in the index, each weight as the area's missing
values leave it (see :func:`indices.aggregate.effective_weights`). The contributions of an
area add up to its score. A geometric mean does not split into parts that add up, so an
index that uses one has no contributions.

An indicator's share of the score is the size of its contribution over the sizes of all of
them (a normalised value below the average, such as a negative z-score, pulls the score
down and still counts by its size).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indices.aggregate import effective_weights
from indices.build import IndexRun

#: The share of a score above which one indicator is said to dominate it.
DOMINANT_SHARE = 0.4
#: The share of a score the indicators named as driving it make up together, at least.
MOST = 0.5


def contributions(run: IndexRun) -> pd.DataFrame | None:
    """Each area's contribution from each indicator (areas x indicators), adding up to its
    index score; None when the index or a domain is aggregated by a geometric mean."""
    spec = run.spec
    if spec.aggregation != "arithmetic" or any(spec.aggregation_of(d) != "arithmetic"
                                               for d in spec.domains):
        return None
    domains = [d.code for d in spec.domains]
    top = effective_weights(run.scores[domains].to_numpy(dtype=float),
                            np.array([run.weights[d] for d in domains]), spec.missing)
    parts = {}
    for d, domain in enumerate(spec.domains):
        codes = [i.code for i in domain.indicators]
        values = run.normalised[codes].to_numpy(dtype=float)
        weights = effective_weights(values, np.array([run.weights[c] for c in codes]),
                                    spec.missing)
        block = np.nan_to_num(values) * weights * top[:, [d]]
        parts.update(zip(codes, block.T, strict=True))
    return pd.DataFrame(parts, index=run.scores.index)[[i.code for i in spec.indicators]]


def shares(row: pd.Series) -> pd.Series:
    """An area's contributions as shares of its score (by size), largest first."""
    size = row.abs()
    total = size.sum()
    return (size / total if total > 0 else size * np.nan).sort_values(ascending=False)


def drivers(row: pd.Series, names: dict[str, str], area: str, most: float = MOST,
            dominant: float = DOMINANT_SHARE) -> dict[str, object]:
    """What drives an area's score, in words.

    Parameters
    ----------
    row : pandas.Series
        The area's contributions (a row of :func:`contributions`).
    names : dict
        Each indicator's name, by code.
    area : str
        The area's name, for the sentence.
    most, dominant : float
        The share the named indicators make up together, at least (at most three are
        named); the share above which one indicator is flagged.

    Returns
    -------
    dict
        ``sentence`` ("Most of Oldham 024B's score comes from crime and income
        deprivation (62%)."), ``named`` (their codes), ``dominant`` (the code of an
        indicator over ``dominant``, or None) and ``shares`` (every share, largest first).
    """
    share = shares(row)
    if share.isna().all():
        return {"sentence": f"{area} has no score to split.", "named": [], "dominant": None,
                "shares": share}
    named = []
    for code in share.index[:3]:
        named.append(code)
        if share[named].sum() >= most:
            break
    words = [names.get(c, c) for c in named]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    together = share[named].sum()
    lead = "Most" if together >= most else "The largest part"
    sentence = f"{lead} of {area}'s score comes from {listed} ({together:.0%})."
    top = share.index[0]
    flagged = top if share[top] > dominant else None
    if flagged:
        sentence += (f" {names.get(top, top)} alone makes {share[top]:.0%} of it: more than "
                     f"{dominant:.0%}, so the score rests heavily on one indicator.")
    return {"sentence": sentence, "named": named, "dominant": flagged, "shares": share}


def strengths_and_weaknesses(ranks: pd.Series, count: int = 3) -> tuple[list[str], list[str]]:
    """An area's indicators where it ranks best (least need) and worst (most need), from its
    rank on each (1 = most need), ``count`` of each; ties in the order given."""
    known = ranks.dropna().sort_values(kind="stable")
    worst = list(known.index[:count])
    best = [c for c in known.sort_values(ascending=False, kind="stable").index
            if c not in worst][:count]
    return best, worst
