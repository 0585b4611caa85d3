"""The live map: folium's map drawn once in the browser, then changed in place.

A map has a base (folium's Leaflet map of the areas, wards and assets: the heavy part) and a
paint (colours, tooltips and legend), both made by :mod:`dashboard.maps`. Each is sent to a
browser session once; a rerun that changes only the measure, the classes or the selected area
sends the new paint or selection, a few bytes to a few hundred kilobytes, and the browser
recolours the map it has instead of drawing it again. The front end (``frontend/``) is the
app's own, and loads Leaflet from the app's static files, so it works without internet.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from dashboard.maps import MapBase
from dashboard.state import MAP_CLICKS_KEY, MAP_SENT_KEY

FRONTEND = Path(__file__).resolve().parent / "frontend"
_component = None


def _declared():
    global _component  # declared in a run of the app, where Streamlit registers it
    if _component is None:
        _component = components.declare_component("live_map", path=str(FRONTEND))
    return _component


def clicked(key: str) -> str | None:
    """The code of the area clicked on the map ``key`` since the last run, if any.

    Call it before :func:`live_map` in the same run, so that the map and everything
    after it already show the clicked area as the selected one.
    """
    click = (st.session_state.get(key) or {}).get("click")
    seen = st.session_state.setdefault(MAP_CLICKS_KEY, {})
    if not click or seen.get(key) == click.get("n"):
        return None
    seen[key] = click.get("n")
    return click.get("code")


def live_map(base: MapBase, paint: dict, selected: str | None, key: str,
             height: int = 620) -> None:
    """Show a map, sending only what this browser session does not have yet.

    Parameters
    ----------
    base : MapBase
        The map's base (see :func:`dashboard.maps.map_base`).
    paint : dict
        Its paint (see :func:`dashboard.maps.map_paint`).
    selected : str or None
        The code of the area outlined as selected.
    key : str
        The map's widget key; its clicks are read with :func:`clicked`.
    height : int
        The map's height in pixels.
    """
    sent = st.session_state.setdefault(MAP_SENT_KEY, {}).setdefault(key, {})
    need = (st.session_state.get(key) or {}).get("need") or {}
    if need.get("n") and need.get("n") != sent.get("need"):  # a new frame asks for them
        sent["need"] = need["n"]
        for part in ("base", "paint"):
            if need.get(part):
                sent.pop(part, None)
    args = {"base_id": base.id, "paint_id": paint["id"], "selected": selected,
            "height": height, "base": None, "paint": None}
    if sent.get("base") != base.id:
        args["base"] = base.to_json()
        sent["base"] = base.id
    if sent.get("paint") != paint["id"]:
        args["paint"] = paint
        sent["paint"] = paint["id"]
    _declared()(key=key, default=None, **args)
