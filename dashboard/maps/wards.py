"""The wards over a map, for orientation: their outlines, and their names as labels drawn by
one loop in the browser, shown over a region only once the map is zoomed in enough for them
to fit, and each one only where it overlaps no larger ward's name."""

from __future__ import annotations

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement
from jinja2 import Template

from dashboard.maps.markers import map_text

WARD_COLOUR = "#111111"
#: Above this many wards, their names show only once the map is zoomed in enough to fit them.
MANY_WARDS = 60
#: The zoom from which a region's ward names fit between its wards.
WARD_LABEL_ZOOM = 12


class _WardLabels(MacroElement):
    """Every ward's name as a non-interactive label, drawn by one loop in the browser.

    With ``min_zoom``, the labels show only from that zoom on, where they no longer
    overlap (a region's hundreds of wards); otherwise always. At any zoom, a name that would
    overlap one shown before it (the larger wards' first) is hidden until it fits.
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
                // a name that would overlap one already shown waits for a closer zoom
                var shown = [];
                labels.eachLayer(function (marker) {
                    var name = marker.getElement() && marker.getElement().firstChild;
                    if (!name) { return; }
                    name.style.visibility = "";
                    var box = name.getBoundingClientRect();
                    var clash = shown.some(function (other) {
                        return box.left < other.right + 4 && box.right + 4 > other.left &&
                            box.top < other.bottom && box.bottom > other.top;
                    });
                    if (clash) { name.style.visibility = "hidden"; } else { shown.push(box); }
                });
            }
            map.on("zoomend moveend resize", sync);
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


def ward_layer(wards: gpd.GeoDataFrame, map_name: str, font_px: int = 11
               ) -> folium.FeatureGroup:
    """The wards' outlines and names, as one layer of a map.

    Parameters
    ----------
    wards : geopandas.GeoDataFrame
        ``ward_name`` and geometry (WGS84).
    map_name : str
        The JavaScript name of the map the layer is drawn on (its names follow its zoom):
        with more than :data:`MANY_WARDS`, they show from zoom :data:`WARD_LABEL_ZOOM` on.
    font_px : int
        Size of the names' text in pixels.

    Returns
    -------
    folium.FeatureGroup
        The layer "Ward boundaries and names", shown.
    """
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
    # the larger wards' names first: where names would overlap, theirs are the ones shown
    wards = wards.iloc[np.argsort(-shapely.area(wards.geometry.to_numpy()), kind="stable")]
    points = wards.geometry.representative_point()
    _WardLabels([(p.y, p.x, f'<div class="tci-ward-label" style="{style}">{map_text(name)}</div>')
                 for name, p in zip(wards["ward_name"], points, strict=True)], map_name,
                WARD_LABEL_ZOOM if len(wards) > MANY_WARDS else 0).add_to(group)
    return group
