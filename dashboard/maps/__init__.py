"""Choropleth maps of the index: pure functions, no Streamlit (the map page caches what they
build).

What a map shows (``layers``, and ``change`` for the maps of change since 2019), how its areas
are classed and coloured (``classes``), and the two parts the map component draws: the base,
folium's map drawn once (``base``, with the ``wards`` and the assets' ``markers``, loading
Leaflet from the app's own copies: ``offline``), and the paint applied to it in place
(``paint``). Every name the rest of the app uses is importable from here.
"""

from dashboard.maps.base import OUTLINE_COLOUR, MapBase, fit_zoom, map_base
from dashboard.maps.change import (
    CHANGE_CLASSES,
    RANK_CHANGE_CLASSES,
    change_layer,
    rank_change_layer,
)
from dashboard.maps.classes import (
    BAND_NAMES,
    HIDDEN,
    HIDDEN_COLOUR,
    NO_DATA,
    NO_DATA_COLOUR,
    SCHEME_LABELS,
    SCHEMES,
    Classes,
    band_of,
    classify,
)
from dashboard.maps.layers import MapLayer, layer_for
from dashboard.maps.markers import ASSET_SYMBOLS, asset_layer, asset_symbol, map_text
from dashboard.maps.offline import LOCAL_FILES, VENDOR_PATH, use_local_assets
from dashboard.maps.paint import map_paint
from dashboard.maps.wards import MANY_WARDS, WARD_COLOUR, WARD_LABEL_ZOOM

__all__ = [
    "ASSET_SYMBOLS", "BAND_NAMES", "CHANGE_CLASSES", "HIDDEN", "HIDDEN_COLOUR", "LOCAL_FILES",
    "MANY_WARDS", "NO_DATA", "NO_DATA_COLOUR", "OUTLINE_COLOUR", "RANK_CHANGE_CLASSES",
    "SCHEMES", "SCHEME_LABELS",
    "VENDOR_PATH", "WARD_COLOUR", "WARD_LABEL_ZOOM", "Classes", "MapBase", "MapLayer",
    "asset_layer", "asset_symbol", "band_of", "change_layer", "classify", "fit_zoom",
    "layer_for", "map_base", "map_paint", "map_text", "rank_change_layer", "use_local_assets",
]
