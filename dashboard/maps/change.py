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
