"""The map's base, what is drawn once per set of areas: folium's Leaflet map of the areas'
shapes, the wards and the assets, rendered to the markup, style and script the map component
sends to the browser, with the zoom that fits the areas."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd

from dashboard.maps.classes import NO_DATA_COLOUR
from dashboard.maps.markers import asset_layer
from dashboard.maps.offline import VENDOR_PATH, use_local_assets
from dashboard.maps.wards import ward_layer

OUTLINE_COLOUR = "#4d4d4d"


def fit_zoom(bounds: tuple[float, float, float, float], width: int = 640,
             height: int = 600) -> float:
    """Return the Leaflet zoom (in quarter steps) at which bounds fit a map of this many pixels.

    Parameters
    ----------
    bounds : tuple
        West, south, east and north in degrees (WGS84).
    width, height : int
        The map's size in pixels.

    Returns
    -------
    float
        The zoom, rounded down to a quarter step.
    """
    west, south, east, north = bounds

    def mercator_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    x_share = max(east - west, 1e-9) / 360
    y_share = max(mercator_y(north) - mercator_y(south), 1e-9) / (2 * math.pi)
    zoom = min(math.log2(width / 256 / x_share), math.log2(height / 256 / y_share))
    return math.floor(zoom * 4) / 4


@dataclass(frozen=True)
class MapBase:
    """What a map draws once: folium's Leaflet map of the areas' shapes, wards and assets.

    Colours, tooltips, legend and the selected area change without redrawing it (see
    :func:`dashboard.maps.paint.map_paint` and :mod:`dashboard.components.live_map`).

    Attributes
    ----------
    id : str
        A digest of everything below, the same for the same map.
    html, style, script : str
        folium's map element, its CSS and the JavaScript that draws it.
    names : dict
        The JavaScript names of the map (``map``) and of the areas' layer (``areas``).
    bounds : list
        ``[[south, west], [north, east]]`` of the areas.
    public : bool
        Drawn for a big screen (larger text, thicker lines).
    """

    id: str
    html: str
    style: str
    script: str
    names: dict[str, str]
    bounds: list[list[float]]
    public: bool = False

    def to_json(self) -> dict:
        """The base as the map's front end receives it."""
        return {"id": self.id, "html": self.html, "style": self.style, "script": self.script,
                "names": self.names, "bounds": self.bounds, "public": self.public}


def digest(*parts: object) -> str:
    """An id of some content, the same for the same content (a map's base or its paint).

    Parameters
    ----------
    *parts : object
        The content, written as JSON (keys sorted; what JSON cannot write, as text).

    Returns
    -------
    str
        24 hexadecimal digits.
    """
    return hashlib.blake2b(json.dumps(parts, sort_keys=True, default=str).encode(),
                           digest_size=12).hexdigest()


def map_base(
    areas: gpd.GeoDataFrame,
    wards: gpd.GeoDataFrame,
    basemap: bool = False,
    asset_base: str = "/" + VENDOR_PATH,
    assets: pd.DataFrame | None = None,
    asset_labels: dict[str, str] | None = None,
    public: bool = False,
) -> MapBase:
    """Build the part of a map that is drawn once per set of areas.

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        The areas (``code`` and geometry; see :class:`data.areas.levels.LevelData`).
    wards : geopandas.GeoDataFrame
        Ward boundaries drawn on top for orientation (``ward_name``, geometry); with more
        than :data:`~dashboard.maps.wards.MANY_WARDS`, their names show from zoom
        :data:`~dashboard.maps.wards.WARD_LABEL_ZOOM` on.
    basemap : bool
        Draw OpenStreetMap tiles underneath (needs internet); otherwise the areas draw on
        a plain background.
    asset_base : str
        URL of the app's vendored front-end files.
    assets, asset_labels : optional
        Community assets to overlay (see :func:`~dashboard.maps.markers.asset_layer`) and
        their categories' names.
    public : bool
        For a big screen at a community meeting: larger ward names and thicker lines.

    Returns
    -------
    MapBase

    Raises
    ------
    OfflineAssetError
        If an element of the map needs a front-end file the app does not serve.
    """
    west, south, east, north = (float(v) for v in areas.total_bounds)
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=fit_zoom((west, south, east, north)),
        zoom_snap=0.25,
        tiles=None,
        control_scale=True,
    )
    m.options["maxZoom"] = 18  # clustering needs it, and a map without tiles has none
    if basemap:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=False).add_to(m)
    shapes = folium.GeoJson(
        areas[["code", "geometry"]].__geo_interface__,
        name="Areas",
        style_function=lambda _: {"fillColor": NO_DATA_COLOUR, "fillOpacity": 0.85,
                                  "color": OUTLINE_COLOUR, "weight": 1.2 if public else 0.6},
        control=False,
    )
    shapes.add_to(m)
    ward_layer(wards, m.get_name(), 18 if public else 11).add_to(m)
    if assets is not None and len(assets):
        asset_layer(assets, asset_labels or {}).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    use_local_assets(m, asset_base)
    root = m.get_root()
    root.render()
    header = root.header.render()
    style = "\n".join(re.findall(r"<style>(.*?)</style>", header, flags=re.S))
    script, markup = root.script.render(), root.html.render().strip()
    # folium's ids are random: the digest is of the map's content with its ids taken out
    names = {"map": m.get_name(), "areas": shapes.get_name()}
    plain = re.sub(r"_[0-9a-f]{32}(?![0-9a-f])", "", script + markup + style)
    bounds = [[south, west], [north, east]]
    return MapBase(digest(plain, bounds, public), markup, style, script, names, bounds,
                   public)
