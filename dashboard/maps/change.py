"""The map of change: each LSOA's move in national IMD decile from 2019 to 2025, in classes of
its own on a diverging scheme."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.maps.classes import NO_DATA, Classes
from dashboard.maps.layers import MapLayer

#: Classes of the change in national IMD decile, most deprived move first, and their colours
#: (a diverging scheme that reads in greyscale by lightness too).
CHANGE_CLASSES = (
    ("2 or more deciles more deprived", "#b2182b", -np.inf, -2),
    ("1 decile more deprived", "#ef8a62", -1, -1),
    ("No change", "#f7f7f7", 0, 0),
    ("1 decile less deprived", "#67a9cf", 1, 1),
    ("2 or more deciles less deprived", "#2166ac", 2, np.inf),
)


def change_layer(change: pd.DataFrame, codes: pd.Index) -> tuple[MapLayer, Classes]:
    """The map of change: each LSOA's move in national IMD decile from 2019 to 2025.

    Parameters
    ----------
    change : pandas.DataFrame
        From :func:`data.areas.change.imd_change` (``decile_change``).
    codes : pandas.Index
        The LSOAs mapped.

    Returns
    -------
    MapLayer, Classes
        The layer (the value shown is the change, + = less deprived) and its
        classes.
    """
    moved = change["decile_change"].reindex(codes)
    none = pd.Series(np.nan, index=codes)  # no rank or decile of a change
    texts = moved.map(lambda v: "no figures" if pd.isna(v) else "no change" if v == 0 else
                      f"{abs(v):.0f} decile{'s' if abs(v) > 1 else ''} "
                      + ("less deprived" if v > 0 else "more deprived"))
    layer = MapLayer("imd_change", "IMD decile since 2019", moved, -moved, none, none,
                     pd.Series(False, index=codes), texts, label="Change")
    values = moved.to_numpy(dtype=float)
    assignment = np.full(len(values), NO_DATA)
    # classes are listed least need first (the legend shows the last first)
    for c, (_, _, low, high) in enumerate(reversed(CHANGE_CLASSES)):
        assignment[(values >= low) & (values <= high)] = c
    labels = [label for label, *_ in reversed(CHANGE_CLASSES)]
    colours = [colour for _, colour, *_ in reversed(CHANGE_CLASSES)]
    return layer, Classes(labels, colours, assignment,
                          note="Red: more deprived than in 2019; blue: less")


#: Classes of an area's move in the index between two builds, towards more need first, and
#: their colours (the same diverging scheme as :data:`CHANGE_CLASSES`).
RANK_CHANGE_CLASSES = (
    ("Towards more need, more than the uncertainty", "#b2182b"),
    ("Towards more need, within the uncertainty", "#ef8a62"),
    ("The same rank", "#f7f7f7"),
    ("Towards less need, within the uncertainty", "#67a9cf"),
    ("Towards less need, more than the uncertainty", "#2166ac"),
)


def rank_change_layer(change: pd.DataFrame, codes: pd.Index,
                      labels: tuple[str, str]) -> tuple[MapLayer, Classes]:
    """The map of an index's move between two builds: each area's change in rank, classed
    by its direction and by whether it is more than the rank intervals' uncertainty.

    Parameters
    ----------
    change : pandas.DataFrame
        From :func:`indices.editions.compare`.
    codes : pandas.Index
        The areas mapped.
    labels : tuple of str
        What the two builds are called, for the legend.

    Returns
    -------
    MapLayer, Classes
        The layer (the value shown is the move in places, + = towards less need) and its
        classes.
    """
    moved = change["rank_change"].reindex(codes).astype(float)
    beyond = change["beyond_uncertainty"].reindex(codes).fillna(False).astype(bool)
    none = pd.Series(np.nan, index=codes)
    texts = pd.Series([
        "no figures" if pd.isna(v) else "the same rank" if v == 0 else
        f"{abs(v):.0f} place{'s' * (abs(v) != 1)} towards "
        + ("less" if v > 0 else "more") + " need"
        + (" (more than the uncertainty)" if b else "")
        for v, b in zip(moved, beyond, strict=True)], index=codes)
    layer = MapLayer("rank_change", f"Rank, {labels[0]} to {labels[1]}", moved, -moved, none,
                     none, pd.Series(False, index=codes), texts, label="Change")
    values = moved.to_numpy()
    strong = beyond.to_numpy()
    assignment = np.full(len(values), NO_DATA)
    # listed least need first (the legend shows the last first)
    for c, test in enumerate((
            (values > 0) & strong, (values > 0) & ~strong, values == 0,
            (values < 0) & ~strong, (values < 0) & strong)):
        assignment[test] = c
    ordered = list(reversed(RANK_CHANGE_CLASSES))
    return layer, Classes([label for label, _ in ordered], [colour for _, colour in ordered],
                          assignment, note=f"Red: more need against the other areas than in "
                                           f"{labels[0]}; blue: less")
