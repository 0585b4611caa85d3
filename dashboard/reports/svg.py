"""Small SVG maps and charts for the briefing PDFs: drawn from geometry, no map tiles.

Shapes are projected to the British National Grid so that distances and
shapes are true. Colours are from viridis and every mark also differs in
outline or pattern, so the drawings read in greyscale and without colour vision.
Every text is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from dashboard.formatting import format_value

BNG = 27700
HIGHLIGHT = "#440154"  # viridis darkest
AREA_FILL = "#e8e8e8"
NEIGHBOUR_FILL = "#f4f4f4"
BAR = "#3b528b"


class _Frame:
    """Maps British National Grid coordinates into an SVG box (y down), keeping aspect."""

    def __init__(self, bounds: Iterable[float], width: float, height: float, margin: float = 8):
        west, south, east, north = bounds
        span = max(east - west, 1.0), max(north - south, 1.0)
        self.scale = min((width - 2 * margin) / span[0], (height - 2 * margin) / span[1])
        self.x0 = west - ((width - 2 * margin) / self.scale - span[0]) / 2 - margin / self.scale
        self.y0 = north + ((height - 2 * margin) / self.scale - span[1]) / 2 + margin / self.scale

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) * self.scale, (self.y0 - y) * self.scale

    def path(self, geometry: BaseGeometry) -> str:
        """SVG path data of a polygon, simplified to half a pixel (detail no one can see)."""
        geometry = geometry.simplify(0.5 / self.scale, preserve_topology=True)
        polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
        parts = []
        for polygon in polygons:
            if not isinstance(polygon, Polygon):
                continue
            for ring in [polygon.exterior, *polygon.interiors]:
                xy = np.asarray(ring.coords)
                sx = (xy[:, 0] - self.x0) * self.scale
                sy = (self.y0 - xy[:, 1]) * self.scale
                parts.append("M" + "L".join(f"{a:.1f},{b:.1f}" for a, b in zip(sx, sy,
                                                                                strict=True)) + "Z")
        return "".join(parts)


def _svg(width: float, height: float, body: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">'
        f"<title>{html.escape(title)}</title>"
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HIGHLIGHT}" stroke-width="3"/>'
        "</pattern></defs>"
        f"{body}</svg>"
    )


def _scale_bar(frame: _Frame, width: float, height: float) -> str:
    metres = 1000.0 if width / frame.scale > 2500 else 200.0
    length = metres * frame.scale
    x, y = 10, height - 12
    label = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    return (f'<line x1="{x}" y1="{y}" x2="{x + length:.1f}" y2="{y}" stroke="#000" '
            f'stroke-width="2"/><text x="{x}" y="{y - 4}" font-size="8">{label}</text>')


_LOCATOR_BASES: dict[tuple, tuple] = {}


def _locator_base(areas: gpd.GeoDataFrame, wards: gpd.GeoDataFrame, width: float,
                  height: float) -> tuple[gpd.GeoDataFrame, _Frame, str]:
    """The projected areas, the frame and the drawing of every area and ward, made once.

    Every briefing of a borough shares them; only the highlighted area differs.
    """
    key = (id(areas), id(wards), width, height)
    if key not in _LOCATOR_BASES:
        if len(_LOCATOR_BASES) > 8:
            _LOCATOR_BASES.clear()
        projected = areas.to_crs(BNG)
        frame = _Frame(projected.total_bounds, width, height)
        body = [f'<path d="{frame.path(g)}" fill="{AREA_FILL}" stroke="#ffffff" '
                'stroke-width="0.4"/>' for g in projected.geometry]
        body += [f'<path d="{frame.path(g)}" fill="none" stroke="#777777" stroke-width="0.7"/>'
                 for g in wards.to_crs(BNG).geometry]
        # the frames are kept in the value so their ids cannot be reused while cached
        _LOCATOR_BASES[key] = (areas, wards, projected, frame, "".join(body))
    _, _, projected, frame, base = _LOCATOR_BASES[key]
    return projected, frame, base


def locator_map(areas: gpd.GeoDataFrame, wards: gpd.GeoDataFrame, code: str,
                width: float = 250, height: float = 220) -> str:
    """The whole borough with one area highlighted (hatched, thick outline).

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        The borough's areas (``code``, geometry), WGS84.
    wards : geopandas.GeoDataFrame
        Ward boundaries, drawn as thin lines for orientation.
    code : str
        The area to highlight.
    """
    projected, frame, base = _locator_base(areas, wards, width, height)
    body = [base]
    chosen = projected[projected["code"] == code]
    body += [f'<path d="{frame.path(g)}" fill="url(#hatch)" stroke="#000000" '
             'stroke-width="1.6"/>' for g in chosen.geometry]
    body.append(_scale_bar(frame, width, height))
    name = chosen["name"].iloc[0] if len(chosen) else code
    return _svg(width, height, "".join(body), f"Locator map: {name} within the borough")


def closeup_map(areas: gpd.GeoDataFrame, code: str, assets: pd.DataFrame,
                width: float = 250, height: float = 220, margin_m: float = 400) -> str:
    """The area and its surroundings, with numbered community assets.

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        The borough's areas (``code``, geometry), WGS84.
    code : str
        The area shown.
    assets : pandas.DataFrame
        Assets to mark (``lon``, ``lat``), numbered 1, 2, ... in their order.
    """
    projected = areas.to_crs(BNG)
    chosen = projected[projected["code"] == code]
    west, south, east, north = chosen.total_bounds
    points = gpd.GeoSeries(gpd.points_from_xy(assets["lon"], assets["lat"]), crs=4326) \
        .to_crs(BNG) if len(assets) else gpd.GeoSeries([], crs=BNG)
    bounds = [west - margin_m, south - margin_m, east + margin_m, north + margin_m]
    if len(points):
        bounds = [min(bounds[0], points.x.min() - 60), min(bounds[1], points.y.min() - 60),
                  max(bounds[2], points.x.max() + 60), max(bounds[3], points.y.max() + 60)]
    frame = _Frame(bounds, width, height)
    view = box(frame.x0, frame.y0 - height / frame.scale, frame.x0 + width / frame.scale,
               frame.y0)
    body = [f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    body += [f'<path d="{frame.path(g)}" fill="{NEIGHBOUR_FILL}" stroke="#9a9a9a" '
             'stroke-width="0.6"/>' for g in projected.geometry if g.intersects(view)]
    body += [f'<path d="{frame.path(g)}" fill="url(#hatch)" fill-opacity="0.35" '
             'stroke="#000000" stroke-width="2"/>' for g in chosen.geometry]
    for number, point in enumerate(points, start=1):
        x, y = frame.point(point.x, point.y)
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#000000" stroke="#ffffff" '
                    f'stroke-width="1"/><text x="{x:.1f}" y="{y + 2.6:.1f}" font-size="7" '
                    f'text-anchor="middle" fill="#ffffff">{number}</text>')
    body.append(_scale_bar(frame, width, height))
    name = chosen["name"].iloc[0] if len(chosen) else code
    return _svg(width, height, "".join(body),
                f"Close-up map of {name} with {len(points)} numbered community assets")


def domain_chart(domains: pd.DataFrame, area: str, borough: str, width: float = 500) -> str:
    """Horizontal bars of the domain scores, with the borough average as a black tick.

    Parameters
    ----------
    domains : pandas.DataFrame
        ``name``, ``score`` and ``borough_average`` per domain.
    """
    row_height, label_width, top = 26, 130, 8
    height = top + row_height * len(domains) + 30
    values = np.r_[domains["score"].to_numpy(float), domains["borough_average"].to_numpy(float),
                   0.0]
    values = values[~np.isnan(values)]
    low, high = min(values.min(), 0), max(values.max(), 0)
    span = (high - low) or 1.0
    plot = width - label_width - 50

    def x(value: float) -> float:
        return label_width + (value - low) / span * plot

    body = [f'<line x1="{x(0):.1f}" y1="{top}" x2="{x(0):.1f}" '
            f'y2="{top + row_height * len(domains)}" stroke="#666" stroke-width="0.8"/>']
    for i, row in enumerate(domains.itertuples()):
        y = top + i * row_height
        body.append(f'<text x="{label_width - 6}" y="{y + 15}" font-size="9" '
                    f'text-anchor="end">{html.escape(str(row.name))}</text>')
        if not np.isnan(row.score):
            start, end = sorted((x(0), x(row.score)))
            body.append(f'<rect x="{start:.1f}" y="{y + 5}" width="{max(end - start, 0.5):.1f}" '
                        f'height="14" fill="{BAR}"/>')
            anchor = x(row.score) + (4 if row.score >= 0 else -4)
            body.append(f'<text x="{anchor:.1f}" y="{y + 15}" font-size="8" text-anchor='
                        f'"{"start" if row.score >= 0 else "end"}">'
                        f"{html.escape(format_value(row.score))}</text>")
        if not np.isnan(row.borough_average):
            body.append(f'<line x1="{x(row.borough_average):.1f}" y1="{y + 1}" '
                        f'x2="{x(row.borough_average):.1f}" y2="{y + 23}" stroke="#000" '
                        'stroke-width="2.5"/>')
    legend_y = top + row_height * len(domains) + 18
    body.append(f'<rect x="{label_width}" y="{legend_y - 8}" width="12" height="9" '
                f'fill="{BAR}"/><text x="{label_width + 16}" y="{legend_y}" font-size="8">'
                f"{html.escape(area)}</text>")
    body.append(f'<line x1="{label_width + 150}" y1="{legend_y - 9}" x2="{label_width + 150}" '
                f'y2="{legend_y + 1}" stroke="#000" stroke-width="2.5"/><text '
                f'x="{label_width + 156}" y="{legend_y}" font-size="8">{html.escape(borough)} '
                "average</text>")
    return _svg(width, height, "".join(body),
                f"Bar chart of {area}'s domain scores against the {borough} average")
