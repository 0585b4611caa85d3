"""The map's paint, what changes over its base without redrawing it: each area's colour and
tooltip, and the legend. Pure: everything goes to the browser as data, shown as text."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.formatting import format_value
from dashboard.maps.base import digest
from dashboard.maps.classes import HIDDEN, HIDDEN_COLOUR, NO_DATA, NO_DATA_COLOUR, Classes, band_of
from dashboard.maps.layers import MapLayer
from data.stats.suppression import suppression_rule


def _fill(classes: Classes, c: int) -> str:
    """The colour of class ``c``, or of no data or a hidden value."""
    if c == HIDDEN:
        return HIDDEN_COLOUR
    return classes.colours[c] if c >= 0 else NO_DATA_COLOUR


def map_paint(areas: gpd.GeoDataFrame, layer: MapLayer, classes: Classes,
              notes: dict[str, int] | None = None, public: bool = False) -> dict:
    """What a map shows over its base: each area's colour and tooltip, and the legend.

    Every text goes to the browser as data and is shown as text, never as markup.

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        The areas (``code``, ``name``, ``ward``).
    layer : MapLayer
        What to show.
    classes : Classes
        The classification from :func:`~dashboard.maps.classes.classify`.
    notes : dict, optional
        Number of notes per area code, shown in the tooltips (give only the public ones
        to anyone who may not read the others).
    public : bool
        For a community meeting: tooltips give the band in words instead of exact ranks
        and deciles, in larger text.

    Returns
    -------
    dict
        ``id`` (a digest of the rest), ``codes``, ``fill`` and ``tips`` (per area, in the
        same order), ``fields`` (the tooltips' labels after the name), ``legend``
        (``title``, ``note``, ``rows`` of colour and label) and ``public``.
    """
    notes = notes or {}
    codes = areas["code"].astype(str).tolist()
    display = layer.display.reindex(codes)
    ranks, decs = layer.rank.reindex(codes), layer.decile.reindex(codes)
    ranked = int(layer.rank.notna().sum())
    position = {code: n for n, code in enumerate(layer.need.index)}
    fills, tips = [], []
    for code, name, ward in zip(codes, areas["name"], areas["ward"], strict=True):
        c = classes.assignment[position[code]] if code in position else NO_DATA
        rank, decile = ranks[code], decs[code]
        value = format_value(display[code]) if layer.texts is None else layer.texts.get(code, "")
        none = "–"  # no rank or decile: none at all, or too few areas for deciles
        if c == HIDDEN:
            value, rank, decile, none = suppression_rule().hidden_text, np.nan, np.nan, "not shown"
        ward = "" if ward is None or pd.isna(ward) or ward == name else str(ward)
        count = str(notes.get(code, 0))
        if public:
            tips.append([str(name), ward, band_of(rank, ranked) or "–", count])
        else:
            tips.append([str(name), code, ward, value,
                         none if pd.isna(rank) else f"{int(rank)} of {ranked}",
                         none if pd.isna(decile) else str(int(decile)), count])
        fills.append(_fill(classes, c))
    fields = (["Ward", "Band", "Public notes"] if public else
              ["Code", "Ward", layer.label, "Rank (1 = most need)", "Decile (1 = most need)",
               "Notes"])
    pairs = list(zip(classes.labels, classes.colours, strict=True))
    rows = [[colour, label] for label, colour in reversed(pairs)]
    if (classes.assignment == NO_DATA).any():
        rows.append([NO_DATA_COLOUR, "No data"])
    if (classes.assignment == HIDDEN).any():
        rows.append([HIDDEN_COLOUR, f"Hidden: {suppression_rule().hidden_text}"])
    paint = {"codes": codes, "fill": fills, "tips": tips, "fields": fields,
             "legend": {"title": layer.title, "note": classes.note, "rows": rows},
             "public": public}
    return {"id": digest(paint), **paint}
