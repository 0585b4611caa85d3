"""Choropleth maps of the index: classification, colours, and the folium map.

Pure functions, no Streamlit: the map page caches what they build. A map comes in two
parts: its base (folium's map of the shapes, drawn once) and its paint (colours,
tooltips, legend), which the map component applies to the base in place. The maps
load Leaflet from the app's own static files, so they work without internet.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.colormap import linear
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from jinja2 import Template

from dashboard.formatting import format_value
from data.errors import OfflineAssetError
from data.stats.suppression import suppression_rule
from indices.build import IndexRun
from indices.ranking import deciles, rank_within
from indices.registry import Registry

#: Where the app serves its vendored front-end files (``dashboard/static/vendor``).
VENDOR_PATH = "app/static/vendor"
NO_DATA_COLOUR = "#d9d9d9"
HIDDEN_COLOUR = "#f2f2f2"
NO_DATA, HIDDEN = -1, -2
OUTLINE_COLOUR = "#4d4d4d"
WARD_COLOUR = "#111111"


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
                 result.deciles[node], mask, label="Value" if node in result.values else "Score")


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


SCHEMES: Registry = Registry("classification")


def _palette(k: int) -> list[str]:
    """Viridis, light (little need) to dark (most need): colour-blind safe and greyscale-legible."""
    scale = linear.viridis.scale(0, 1)
    return [scale(1 - i / max(k - 1, 1)) for i in range(k)]


def _range_labels(display: pd.Series, assignment: np.ndarray, k: int) -> list[str]:
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
    def scheme(need: pd.Series, display: pd.Series) -> tuple[np.ndarray, int, list[str] | None]:
        present = need.notna().to_numpy()
        assignment = np.full(len(need), -1)
        values = need.to_numpy(dtype=float)[present]
        if values.size:
            assignment[present] = classifier(values)
        k = int(assignment.max()) + 1 if values.size else 0
        return assignment, k, None

    return scheme


def _distinct(values: np.ndarray, k: int) -> int:
    return max(1, min(k, np.unique(values).size))


def _upper_bounds(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Class of each value: the first class whose upper bound it does not exceed."""
    return np.searchsorted(np.unique(bounds), values, side="left")


def _quantiles(values: np.ndarray) -> np.ndarray:
    k = _distinct(values, 5)
    shares = np.minimum(np.arange(100 / k, 100 + 100 / k, 100 / k), 100)  # as mapclassify
    return _upper_bounds(values, np.percentile(values, shares))


def _equal_intervals(values: np.ndarray) -> np.ndarray:
    k = _distinct(values, 5)
    low, high = values.min(), values.max()
    bounds = low + (high - low) * np.arange(1, k + 1) / k
    bounds[-1] = high
    return _upper_bounds(values, bounds)


def _fisher_jenks(values: np.ndarray) -> np.ndarray:
    # imported here: with numba installed, mapclassify compiles its Jenks loop on import (2 s)
    import mapclassify

    return mapclassify.FisherJenks(values, k=_distinct(values, 5)).yb


SCHEMES.register("quintiles")(_breaks(_quantiles))
SCHEMES.register("natural_breaks")(_breaks(_fisher_jenks))
SCHEMES.register("equal_interval")(_breaks(_equal_intervals))


@SCHEMES.register("deciles")
def _deciles(need: pd.Series, display: pd.Series) -> tuple[np.ndarray, int, list[str]]:
    values = need.to_numpy(dtype=float)
    decile = deciles(rank_within(values), max(int(np.count_nonzero(~np.isnan(values))), 1))
    assignment = np.where(np.isnan(decile), -1, 10 - np.nan_to_num(decile)).astype(int)
    labels = [f"Decile {10 - c}" + (" (most in need)" if c == 9 else " (least in need)"
              if c == 0 else "") for c in range(10)]
    return assignment, 10, labels


#: Names of the fifths of areas by rank, most in need first (for the public).
BAND_NAMES = ("Most need (top fifth)", "More need", "Middle fifth", "Less need",
              "Least need (bottom fifth)")


def band_of(rank: float, size: int) -> str:
    """The band (fifth) of a rank out of ``size``, in words; "" without a rank."""
    if pd.isna(rank):
        return ""
    return BAND_NAMES[min(4, int(np.ceil(rank * 5 / size)) - 1)]


@SCHEMES.register("bands")
def _bands(need: pd.Series, display: pd.Series) -> tuple[np.ndarray, int, list[str]]:
    values = need.to_numpy(dtype=float)
    size = max(int(np.count_nonzero(~np.isnan(values))), 1)
    ranks = rank_within(values)
    band = np.where(np.isnan(ranks), -1, np.ceil(ranks * 5 / size).clip(1, 5) - 1)
    assignment = np.where(band < 0, -1, 4 - band).astype(int)
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


def _fill(classes: Classes, c: int) -> str:
    if c == HIDDEN:
        return HIDDEN_COLOUR
    return classes.colours[c] if c >= 0 else NO_DATA_COLOUR


class _WardLabels(MacroElement):
    """Every ward's name as a non-interactive label, drawn by one loop in the browser.

    With ``min_zoom``, the labels show only from that zoom on, where they no longer
    overlap (a region's hundreds of wards); otherwise always.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (group, map) {
            var labels = L.layerGroup();
            {{ this.labels|tojson }}.forEach(function (label) {
                L.marker([label[0], label[1]], {interactive: false, icon: L.divIcon({
                    className: "", iconSize: [0, 0], html: label[2]})}).addTo(labels);
            });
            function sync() {
                var wanted = map.getZoom() >= {{ this.min_zoom }};
                if (wanted && !group.hasLayer(labels)) { group.addLayer(labels); }
                if (!wanted && group.hasLayer(labels)) { group.removeLayer(labels); }
            }
            map.on("zoomend", sync);
            sync();
        })({{ this._parent.get_name() }}, {{ this.map_name }});
        {% endmacro %}
        """
    )

    def __init__(self, labels: list[tuple[float, float, str]], map_name: str,
                 min_zoom: float = 0) -> None:
        super().__init__()
        self._name = "WardLabels"
        self.labels = labels
        self.map_name = map_name
        self.min_zoom = min_zoom


#: Above this many wards, their names show only once the map is zoomed in enough to fit them.
MANY_WARDS = 60
#: The zoom from which a region's ward names fit between its wards.
WARD_LABEL_ZOOM = 12


def _ward_layer(wards: gpd.GeoDataFrame, map_name: str, font_px: int = 11
                ) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Ward boundaries and names", show=True)
    folium.GeoJson(
        wards[["ward_name", "geometry"]].__geo_interface__,
        name="Wards",
        style_function=lambda _: {"fill": False, "color": WARD_COLOUR, "weight": 2.5},
        interactive=False,
        control=False,
    ).add_to(group)
    style = (f"font:600 {font_px}px sans-serif;color:#111;text-align:center;white-space:nowrap;"
             "transform:translate(-50%,-50%);width:max-content;"
             "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff")
    points = wards.geometry.representative_point()
    _WardLabels([(p.y, p.x, f'<div class="tci-ward-label" style="{style}">{map_text(name)}</div>')
                 for name, p in zip(wards["ward_name"], points, strict=True)], map_name,
                WARD_LABEL_ZOOM if len(wards) > MANY_WARDS else 0).add_to(group)
    return group


#: The vendored front-end files, by the file name a folium element asks for.
LOCAL_FILES = {
    "leaflet.js": "leaflet/leaflet.js",
    "leaflet.css": "leaflet/leaflet.css",
    "jquery.min.js": "jquery/jquery.min.js",
    "leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
    "MarkerCluster.css": "markercluster/MarkerCluster.css",
    "MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
}


def use_local_assets(m: folium.Map, base: str = "/" + VENDOR_PATH) -> folium.Map:
    """Make a map load Leaflet and its plugins from the app's own static files, not CDNs.

    Parameters
    ----------
    m : folium.Map
        The map; its elements may need only the files in :data:`LOCAL_FILES`.
    base : str
        URL of the ``vendor`` folder as the browser sees it.

    Returns
    -------
    folium.Map
        The same map.

    Raises
    ------
    OfflineAssetError
        If an element of the map needs another front-end file.
    """
    m.default_js = [("leaflet", f"{base}/{LOCAL_FILES['leaflet.js']}"),
                    ("jquery", f"{base}/{LOCAL_FILES['jquery.min.js']}")]  # folium's popups
    m.default_css = [("leaflet_css", f"{base}/{LOCAL_FILES['leaflet.css']}")]
    for element in _walk(m):
        if element is m:
            continue
        for attribute in ("default_js", "default_css"):
            local = []
            for name, url in getattr(element, attribute, []):
                file = url.rsplit("/", 1)[-1]
                if file not in LOCAL_FILES:
                    raise OfflineAssetError(
                        f"{type(element).__name__} needs {url}, which the app does not serve; "
                        "vendor it under dashboard/static/vendor first.")
                local.append((name, f"{base}/{LOCAL_FILES[file]}"))
            if local:
                setattr(element, attribute, local)
    return m


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def fit_zoom(bounds: tuple[float, float, float, float], width: int = 640,
             height: int = 600) -> float:
    """Return the Leaflet zoom (in quarter steps) at which bounds fit a map of this many pixels.

    Parameters
    ----------
    bounds : tuple
        West, south, east and north in degrees (WGS84).
    width, height : int
        The map's size in pixels.
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
    :func:`map_paint` and :mod:`dashboard.components.live_map`).

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


def _digest(*parts: object) -> str:
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
        than :data:`MANY_WARDS`, their names show from zoom :data:`WARD_LABEL_ZOOM` on.
    basemap : bool
        Draw OpenStreetMap tiles underneath (needs internet); otherwise the areas draw on
        a plain background.
    asset_base : str
        URL of the app's vendored front-end files.
    assets, asset_labels : optional
        Community assets to overlay (see :func:`asset_layer`) and their categories' names.
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
    _ward_layer(wards, m.get_name(), 18 if public else 11).add_to(m)
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
    return MapBase(_digest(plain, bounds, public), markup, style, script, names, bounds,
                   public)


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
        The classification from :func:`classify`.
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
    return {"id": _digest(paint), **paint}

#: Two-letter symbols of the asset categories on the map (distinct without colour).
ASSET_SYMBOLS = {
    "library": "Li", "gp_practice": "GP", "pharmacy": "Ph", "dentist": "De",
    "care_home": "CH", "food_bank": "FB", "park_green_flag": "Pk",
    "polling_station_venue": "CV", "jobcentre": "JC", "school": "Sc",
    "further_education": "FE", "place_of_worship": "PW", "post_office": "PO",
    "hospital": "Ho", "fire_station": "FS",
}


#: Characters that html.escape leaves but a JavaScript template literal would act on: folium
#: writes tooltips and popups into such literals, so ``${...}`` in a name would run.
_LITERAL_ENTITIES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def map_text(value: object) -> str:
    """A user's or a file's text, safe to put in a folium tooltip, popup or label.

    It is escaped for HTML, and the characters a JavaScript template literal acts on are
    written as character references, so the text shows as written and never runs.
    """
    return html.escape(str(value)).translate(_LITERAL_ENTITIES)


def asset_symbol(category: str) -> str:
    """The map symbol of an asset category."""
    return ASSET_SYMBOLS.get(category, category[:2].title())


def asset_layer(assets: pd.DataFrame, labels: dict[str, str]) -> MarkerCluster:
    """Community assets as clustered, labelled markers with escaped popups.

    Parameters
    ----------
    assets : pandas.DataFrame
        ``name``, ``category``, ``lon``, ``lat`` and optionally ``address`` and
        ``last_verified``.
    labels : dict
        Plain names of the categories.
    """
    cluster = MarkerCluster(name="Community assets", show=True,
                            options={"maxClusterRadius": 40})
    for asset in assets.itertuples(index=False):
        label = labels.get(asset.category, asset.category)
        checked = getattr(asset, "last_verified", None)
        details = [f"<b>{map_text(asset.name)}</b>", map_text(label)]
        if getattr(asset, "address", ""):
            details.append(map_text(asset.address))
        if checked is not None and not pd.isna(checked):
            details.append(f"Last checked {checked:%d %b %Y}")
        folium.Marker(
            [asset.lat, asset.lon],
            icon=folium.DivIcon(
                html=('<div style="font:700 10px sans-serif;color:#fff;background:#000;'
                      "border:2px solid #fff;border-radius:50%;width:22px;height:22px;"
                      'line-height:22px;text-align:center;transform:translate(-11px,-11px)">'
                      f"{map_text(asset_symbol(asset.category))}</div>"),
                icon_size=(0, 0)),
            popup=folium.Popup("<br>".join(details), max_width=260),
            tooltip=map_text(f"{asset.name} ({label})"),
        ).add_to(cluster)
    return cluster
