"""How a map's areas are classed and coloured: the classification schemes (quintiles and
equal intervals as mapclassify defines them, natural breaks by mapclassify; deciles and named
bands by rank), the palette, the legend's labels, and the classes of no data and of hidden
values.

mapclassify is imported only when natural breaks are asked for: its import takes 2.6 s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from branca.colormap import linear

from dashboard.formatting import format_value
from dashboard.maps.layers import MapLayer
from indices.ranking import deciles, rank_within
from indices.registry import Registry

#: The classes of areas without data and of areas whose value is hidden (small numbers).
NO_DATA, HIDDEN = -1, -2
NO_DATA_COLOUR = "#d9d9d9"
HIDDEN_COLOUR = "#f2f2f2"


@dataclass(frozen=True)
class Classes:
    """A classification of areas for a choropleth.

    Attributes
    ----------
    labels : list of str
        Legend label of each class, least need first.
    colours : list of str
        Fill colour of each class, least need first (darkest = most need).
    assignment : numpy.ndarray
        Class of each area (index into ``labels``), :data:`NO_DATA` where
        there is no data and :data:`HIDDEN` where the value is suppressed.
    note : str
        How to read the colours, under the legend's title.
    """

    labels: list[str]
    colours: list[str]
    assignment: np.ndarray
    note: str = "Darker = more need"


#: The classification schemes by name: each takes the need and the shown values of the areas
#: and gives each area's class (``NO_DATA`` without a need), the number of classes and their
#: labels (``None``: the shown values' range in each class).
SCHEMES: Registry = Registry("classification")


def _palette(k: int) -> list[str]:
    """Viridis, light (little need) to dark (most need): colour-blind safe and greyscale-legible."""
    scale = linear.viridis.scale(0, 1)
    return [scale(1 - i / max(k - 1, 1)) for i in range(k)]


def _range_labels(display: pd.Series, assignment: np.ndarray, k: int) -> list[str]:
    """Each class's label: the range of the values shown in it."""
    labels = []
    for c in range(k):
        members = display[assignment == c].dropna()
        if members.empty:
            labels.append("(none)")
        else:
            low, high = sorted((members.min(), members.max()))
            labels.append(f"{format_value(low)} to {format_value(high)}")
    return labels


def _breaks(classifier: Callable[[np.ndarray], np.ndarray]) -> Callable:
    """A scheme of classes by breaks in the need: ``classifier`` classes the needs there are."""

    def scheme(need: pd.Series, display: pd.Series) -> tuple[np.ndarray, int, list[str] | None]:
        present = need.notna().to_numpy()
        assignment = np.full(len(need), NO_DATA)
        values = need.to_numpy(dtype=float)[present]
        if values.size:
            assignment[present] = classifier(values)
        k = int(assignment.max()) + 1 if values.size else 0
        return assignment, k, None

    return scheme


def _distinct(values: np.ndarray, k: int) -> int:
    """``k`` classes, or fewer if there are fewer distinct values (one at least)."""
    return max(1, min(k, np.unique(values).size))


def _upper_bounds(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Class of each value: the first class whose upper bound it does not exceed."""
    return np.searchsorted(np.unique(bounds), values, side="left")


# Quintiles and equal intervals are worked here, as mapclassify's Quantiles and
# EqualInterval define them, rather than imported: mapclassify's import costs 2.6 s (it loads
# scipy.stats and scikit-learn and compiles a numba loop), and quintiles are the default
# map's classes, which the first visitor after a start would wait for.
def _quantiles(values: np.ndarray) -> np.ndarray:
    """Quintiles (fewer with fewer distinct values); values on a bound go to the class below."""
    k = _distinct(values, 5)
    shares = np.minimum(np.arange(100 / k, 100 + 100 / k, 100 / k), 100)  # as mapclassify
    return _upper_bounds(values, np.percentile(values, shares))


def _equal_intervals(values: np.ndarray) -> np.ndarray:
    """Five classes of equal width (fewer with fewer distinct values); all values equal: one."""
    k = _distinct(values, 5)
    low, high = values.min(), values.max()
    bounds = low + (high - low) * np.arange(1, k + 1) / k
    bounds[-1] = high
    return _upper_bounds(values, bounds)


def _fisher_jenks(values: np.ndarray) -> np.ndarray:
    """Natural breaks (Fisher-Jenks): five classes, fewer with fewer distinct values."""
    import mapclassify

    return mapclassify.FisherJenks(values, k=_distinct(values, 5)).yb


SCHEMES.register("quintiles")(_breaks(_quantiles))
SCHEMES.register("natural_breaks")(_breaks(_fisher_jenks))
SCHEMES.register("equal_interval")(_breaks(_equal_intervals))


@SCHEMES.register("deciles")
def _deciles(need: pd.Series, display: pd.Series) -> tuple[np.ndarray, int, list[str]]:
    values = need.to_numpy(dtype=float)
    decile = deciles(rank_within(values), max(int(np.count_nonzero(~np.isnan(values))), 1))
    assignment = np.where(np.isnan(decile), NO_DATA, 10 - np.nan_to_num(decile)).astype(int)
    labels = [f"Decile {10 - c}" + (" (most in need)" if c == 9 else " (least in need)"
              if c == 0 else "") for c in range(10)]
    return assignment, 10, labels


#: Names of the fifths of areas by rank, most in need first (for the public).
BAND_NAMES = ("Most need (top fifth)", "More need", "Middle fifth", "Less need",
              "Least need (bottom fifth)")


def band_of(rank: float, size: int) -> str:
    """The band (fifth) of a rank, in words.

    Parameters
    ----------
    rank : float
        The rank (1 = most in need), NaN without one.
    size : int
        How many areas are ranked.

    Returns
    -------
    str
        One of :data:`BAND_NAMES`; "" without a rank.
    """
    if pd.isna(rank):
        return ""
    return BAND_NAMES[min(4, int(np.ceil(rank * 5 / size)) - 1)]


@SCHEMES.register("bands")
def _bands(need: pd.Series, display: pd.Series) -> tuple[np.ndarray, int, list[str]]:
    values = need.to_numpy(dtype=float)
    size = max(int(np.count_nonzero(~np.isnan(values))), 1)
    ranks = rank_within(values)
    band = np.where(np.isnan(ranks), -1, np.ceil(ranks * 5 / size).clip(1, 5) - 1)
    assignment = np.where(band < 0, NO_DATA, 4 - band).astype(int)
    return assignment, 5, list(reversed(BAND_NAMES))


#: Plain names of the classification schemes, for the app's choices.
SCHEME_LABELS = {
    "quintiles": "Quintiles (five equal groups)",
    "bands": "Bands (fifths by rank, in words)",
    "deciles": "Deciles (ten equal groups)",
    "natural_breaks": "Natural breaks (Jenks, five classes)",
    "equal_interval": "Equal intervals (five classes)",
}


def classify(layer: MapLayer, scheme: str) -> Classes:
    """Classify the areas of a layer for a choropleth.

    Parameters
    ----------
    layer : MapLayer
        The values to classify.
    scheme : str
        A name in :data:`SCHEMES`. Classes are formed on the need-oriented
        score, so the darkest class always holds the most need; labels give
        the shown values' range in each class (or the decile).

    Returns
    -------
    Classes
    """
    shown = layer.hidden.reindex(layer.need.index, fill_value=False).to_numpy()
    need = layer.need.mask(shown)
    assignment, k, labels = SCHEMES.get(scheme)(need, layer.display)
    if labels is None:
        labels = _range_labels(layer.display, assignment, k)
    assignment = np.where(shown, HIDDEN, assignment)
    return Classes(labels=labels, colours=_palette(k), assignment=assignment)
