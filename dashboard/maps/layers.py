"""What a map shows: one node of a built index (the index, a domain or an indicator) over the
areas, with the need that orders its classes and what its tooltips say."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indices.build import IndexRun


@dataclass(frozen=True)
class MapLayer:
    """What a map shows: one node of the index over the areas.

    Attributes
    ----------
    node : str
        Code of the index, a domain or an indicator.
    title : str
        Legend title.
    display : pandas.Series
        The value shown for each area (the raw value of an indicator, the
        score of the index or a domain).
    need : pandas.Series
        The need-oriented score used to order the classes (higher = more need).
    rank, decile : pandas.Series
        Rank and decile of the node within the areas (1 = most in need).
    hidden : pandas.Series
        True where the value is suppressed (small numbers): such areas are
        drawn as hidden and their value, rank and decile are not shown.
    texts : pandas.Series, optional
        How each value is written in tooltips (default: the value formatted).
    label : str
        What the value is called in tooltips ("Score", "Value", "Change").
    """

    node: str
    title: str
    display: pd.Series
    need: pd.Series
    rank: pd.Series
    decile: pd.Series
    hidden: pd.Series
    texts: pd.Series | None = None
    label: str = "Value"


def layer_for(result: IndexRun, node: str, hidden: pd.DataFrame | None = None) -> MapLayer:
    """Return the map layer of a node of a built index.

    Parameters
    ----------
    result : IndexRun
        The built index.
    node : str
        Code of the index, a domain or an indicator.
    hidden : pandas.DataFrame, optional
        Per data column, True where a value must be hidden (small numbers).

    Returns
    -------
    MapLayer
        The node's scores (raw values for an indicator), need, ranks and deciles.
    """
    spec = result.spec
    if node == spec.code:
        title, display = f"{spec.name} score", result.scores[node]
    elif node in {d.code for d in spec.domains}:
        title, display = f"{spec.domain(node).name} score", result.scores[node]
    else:
        indicator = spec.indicator(node)
        unit = f" ({indicator.unit})" if indicator.unit else ""
        title, display = f"{indicator.name}{unit}", result.values[node]
    mask = pd.Series(False, index=result.scores.index)
    if node in {i.code for i in spec.indicators} and hidden is not None:
        column = spec.indicator(node).column
        if column in hidden:
            mask = hidden[column].reindex(mask.index, fill_value=False)
    return MapLayer(node, title, display, result.scores[node], result.ranks[node],
                    result.deciles[node], mask,
                    label="Value" if node in result.values else "Score")
