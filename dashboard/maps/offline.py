"""The maps without internet: folium's elements made to load Leaflet and its plugins from the
app's own copies (``dashboard/static/vendor``) instead of CDNs, and refused if they need a
file the app does not serve."""

from __future__ import annotations

from collections.abc import Iterator

import folium
from branca.element import Element

from data.errors import OfflineAssetError

#: Where the app serves its vendored front-end files (``dashboard/static/vendor``).
VENDOR_PATH = "app/static/vendor"

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


def _walk(element: Element) -> Iterator[Element]:
    """The element and everything inside it, depth first."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)
