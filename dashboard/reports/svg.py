"""Small SVG maps and charts for the briefing PDFs: drawn from geometry, no map tiles.

Shapes are projected to the British National Grid so that distances and
shapes are true. Colours are from viridis and every mark also differs in
outline or pattern, so the drawings read in greyscale and without colour vision.
Every text is escaped, and cleaned of invisible format characters
(:func:`printable`). Texts are laid out with a conservative estimate of their
width in DejaVu Sans (:func:`text_width`), so labels never run into each other.
"""

from __future__ import annotations

import html
import math
import unicodedata
from collections.abc import Callable, Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from dashboard.formatting import format_value
from data.areas.profiles import AreaProfile
from data.stats.compare import COLOURS, LABELS, NOT_COMPARED
from data.userfiles.coordinates import BRITISH_NATIONAL_GRID, WGS84

HIGHLIGHT = "#440154"  # viridis darkest
AREA_FILL = "#e8e8e8"
NEIGHBOUR_FILL = "#f4f4f4"
BAR = "#3b528b"
#: The font every drawing's text is set in (the briefing's own).
FONT = "DejaVu Sans, sans-serif"
#: Radius of a numbered asset marker on the close-up map, in pixels.
MARKER_RADIUS = 6.0


def printable(text: object) -> str:
    """Return a user's or a file's text as it may be printed: without invisible characters.

    Unicode format characters (category Cf: the bidirectional overrides and isolates
    such as U+202E, zero-width spaces and joiners, soft hyphens, byte-order marks,
    tags) can reverse or hide text in a PDF; they are removed, as are control
    characters other than tabs and line breaks, and lone surrogates.
    """
    return "".join(c for c in str(text)
                   if (category := unicodedata.category(c)) not in ("Cf", "Cs")
                   and (category != "Cc" or c in "\n\t"))


def _escape(text: object) -> str:
    return html.escape(printable(text))


# Advance widths of DejaVu Sans, in ems, rounded up into four classes; any other
# character (accented letters, other scripts) is counted as a full em.
_NARROW = frozenset(" '.,/:;\\|()[]-fijltIJ")           # at most 0.40 em
_MEDIUM = frozenset("!\"*_`?rszcLFkvxyPTYoaeEhnuSbdgpq$0123456789{}K")  # at most 0.66 em
_WIDE = frozenset("AVXZBRCUNHDGOQ&w")                      # at most 0.82 em
# the rest (#+<=>^~M%mW@) at most 1 em


def text_width(text: str, size: float) -> float:
    """A width no less than the text takes in DejaVu Sans at ``size`` pixels.

    Each character counts as the widest of its class (see ``_NARROW`` ...), and
    anything outside printable ASCII as a full em, so the estimate errs wide.
    """
    ems = sum(0.40 if c in _NARROW else 0.66 if c in _MEDIUM else 0.82 if c in _WIDE
              else 1.0 for c in text)
    return ems * size


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
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_escape(title)}" '
        f'font-family="{FONT}">'
        f"<title>{_escape(title)}</title>"
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HIGHLIGHT}" stroke-width="3"/>'
        '</pattern><pattern id="hidden" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="5" height="5" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="5" stroke="#8c8c8c" stroke-width="1.5"/>'
        "</pattern></defs>"
        f"{body}</svg>"
    )


def _scale_metres(frame: _Frame, width: float) -> float:
    return 1000.0 if width / frame.scale > 2500 else 200.0


def _scale_bar(frame: _Frame, width: float, height: float) -> str:
    metres = _scale_metres(frame, width)
    length = metres * frame.scale
    x, y = 10, height - 12
    label = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    return (f'<line x1="{x}" y1="{y}" x2="{x + length:.1f}" y2="{y}" stroke="#000" '
            f'stroke-width="2"/><text x="{x}" y="{y - 4}" font-size="8">{label}</text>')


def _scale_bar_box(frame: _Frame, width: float,
                   height: float) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom) the scale bar and its label take."""
    length = _scale_metres(frame, width) * frame.scale
    return 8.0, height - 25.0, 10.0 + max(length, text_width("1 km", 8)) + 2, height - 10.0


def spread_markers(points: list[tuple[float, float]], width: float, height: float,
                   radius: float = MARKER_RADIUS, keep_clear: Iterable[tuple] = ()) -> list:
    """Move markers so that no two overlap, each as little as it can.

    Markers are placed in turn (the nearest asset, numbered 1, first): one that
    would overlap a marker already placed, a box to keep clear (such as the scale
    bar) or the edge moves to the nearest free spot on rings around its true place.

    Parameters
    ----------
    points : list of (x, y)
        The markers' true places, in pixels.
    width, height : float
        The drawing's size: markers stay wholly inside it.
    radius : float
        The markers' radius; their centres end at least ``2 * radius + 2.5`` apart
        (their white outlines and a small gap between them).
    keep_clear : iterable of (left, top, right, bottom)
        Boxes no marker may cover.

    Returns
    -------
    list of (x, y)
        The markers' centres, in the order given.
    """
    distance = 2 * radius + 2.5
    boxes = list(keep_clear)
    placed: list[tuple[float, float]] = []

    def free(x: float, y: float) -> bool:
        inside = radius + 1 <= x <= width - radius - 1 and radius + 1 <= y <= height - radius - 1
        return (inside and all(math.dist((x, y), p) >= distance for p in placed)
                and not any(_overlaps((x - radius, y - radius, x + radius, y + radius), b, 1)
                            for b in boxes))

    for x, y in points:
        spot = (min(max(x, radius + 1), width - radius - 1),
                min(max(y, radius + 1), height - radius - 1))
        if not free(*spot):
            for ring in range(1, 40):
                step = ring * radius * 0.75
                count = max(8, int(2 * math.pi * step / (radius * 0.75)))
                options = [(x + step * math.cos(a), y + step * math.sin(a))
                           for a in (-math.pi / 2 + 2 * math.pi * k / count
                                     for k in range(count))]
                options = [o for o in options if free(*o)]
                if options:
                    spot = min(options, key=lambda o: (math.dist(o, (x, y)),
                                                       -min((math.dist(o, p) for p in placed),
                                                            default=0)))
                    break
        placed.append(spot)
    return placed


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
        projected = areas.to_crs(BRITISH_NATIONAL_GRID)
        frame = _Frame(projected.total_bounds, width, height)
        body = [f'<path d="{frame.path(g)}" fill="{AREA_FILL}" stroke="#ffffff" '
                'stroke-width="0.4"/>' for g in projected.geometry]
        body += [f'<path d="{frame.path(g)}" fill="none" stroke="#777777" stroke-width="0.7"/>'
                 for g in wards.to_crs(BRITISH_NATIONAL_GRID).geometry]
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
    projected = areas.to_crs(BRITISH_NATIONAL_GRID)
    chosen = projected[projected["code"] == code]
    west, south, east, north = chosen.total_bounds
    points = gpd.GeoSeries(gpd.points_from_xy(assets["lon"], assets["lat"]), crs=WGS84) \
        .to_crs(BRITISH_NATIONAL_GRID)
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
    where = [frame.point(point.x, point.y) for point in points]
    placed = spread_markers(where, width, height, keep_clear=[_scale_bar_box(frame, width, height)])
    markers = []
    for number, ((x, y), (cx, cy)) in enumerate(zip(where, placed, strict=True), start=1):
        if math.dist((x, y), (cx, cy)) > 0.5:
            # moved clear of another marker: a leader line from the asset's true place
            body.append(f'<g class="leader"><line x1="{x:.1f}" y1="{y:.1f}" x2="{cx:.1f}" '
                        f'y2="{cy:.1f}" stroke="#000000" stroke-width="0.8"/><circle '
                        f'cx="{x:.1f}" cy="{y:.1f}" r="1.6" fill="#000000"/></g>')
        markers.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{MARKER_RADIUS:g}" '
                       'fill="#000000" stroke="#ffffff" stroke-width="1"/><text '
                       f'x="{cx:.1f}" y="{cy + 2.6:.1f}" font-size="7" text-anchor="middle" '
                       f'fill="#ffffff">{number}</text>')
    body += markers
    body.append(_scale_bar(frame, width, height))
    name = chosen["name"].iloc[0] if len(chosen) else code
    return _svg(width, height, "".join(body),
                f"Close-up map of {name} with {len(points)} numbered community assets")


def _wrap(text: str, size: float, room: float, lines: int = 2) -> list[str]:
    """Break a text at spaces into at most ``lines`` lines each no wider than ``room``;
    a word too long for a line, or words beyond the last line, end in an ellipsis."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", size) <= room:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words or any(text_width(line, size) > room for line in out):
        last = " ".join([out[-1], *words]) if out else text
        while last and text_width(last + "…", size) > room:
            last = last[:-1]
        out[-1:] = [last.rstrip() + "…"]
    return out or [""]


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float],
              gap: float = 0.0) -> bool:
    """Whether two boxes (left, top, right, bottom) come closer than ``gap``."""
    return not (a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1]
                or b[3] + gap <= a[1])



def _legend(body: list[str], entries: list[tuple[Callable[[float, float], str], float, str]],
            left: float, y: float, width: float, size: float = 8.0, gap: float = 14) -> float:
    """Append a legend's entries (a mark drawn at x and the baseline, how far after it its
    words start, and the words) to ``body`` in turn, onto a new line when the next does not
    fit; return the baseline of its last line."""
    cursor = left
    for mark, offset, label in entries:
        label = _wrap(printable(label), size, width - left - offset - 2, lines=1)[0]
        need = offset + text_width(label, size)
        if cursor > left and cursor + need > width - 2:
            cursor, y = left, y + 14
        body.append(mark(cursor, y) + f'<text x="{cursor + offset:.1f}" y="{y:.1f}" '
                    f'font-size="{size:g}">{_escape(label)}</text>')
        cursor += need + gap
    return y


def domain_chart(domains: pd.DataFrame, area: str, borough: str, width: float = 500) -> str:
    """Horizontal bars of the domain scores, with the borough average as a black tick.

    The names' column is as wide as the widest name (measured conservatively, see
    :func:`text_width`) up to two fifths of the chart; longer names wrap onto a second
    line, and one longer still is shortened with an ellipsis, its full name kept in a
    tooltip (the table beside the chart and the alt text hold it too). Each value is
    printed just beyond the end of its bar (or of the average's tick, when that is
    in the way), in room kept clear of the names on the left and the edge on the right.

    Parameters
    ----------
    domains : pandas.DataFrame
        ``name``, ``score`` and ``borough_average`` per domain.
    """
    name_size, value_size, legend_size = 9.0, 8.0, 8.0
    row_height, top, gap, pad, tick = 26, 8, 8, 4, 2.5
    names = [printable(n) for n in domains["name"]]
    scores = domains["score"].to_numpy(float)
    averages = domains["borough_average"].to_numpy(float)
    texts = [format_value(v) if not np.isnan(v) else "" for v in scores]
    room = width * 0.4 - 2
    wrapped = [_wrap(n, name_size, room) for n in names]
    label_width = 2 + max([text_width(line, name_size) for lines in wrapped for line in lines]
                          + [20.0])
    values = np.r_[scores, averages, 0.0]
    values = values[~np.isnan(values)]
    low, high = min(values.min(), 0), max(values.max(), 0)
    span = (high - low) or 1.0

    # room for the value labels: beside the bars' ends, past an average's tick at worst
    def label_room(sign: int) -> float:
        widths = [text_width(t, value_size) for t, v in zip(texts, scores, strict=True)
                  if t and (v >= 0) == (sign > 0)]
        return max(widths) + pad + tick + 2 if widths else 0.0

    left = label_width + gap + label_room(-1)
    right = width - max(label_room(1), 4.0)
    plot = max(right - left, 40.0)

    def x(value: float) -> float:
        return left + (value - low) / span * plot

    body = [f'<line x1="{x(0):.1f}" y1="{top}" x2="{x(0):.1f}" '
            f'y2="{top + row_height * len(domains)}" stroke="#666" stroke-width="0.8"/>']
    for i, (lines, full, score, average, text) in enumerate(
            zip(wrapped, names, scores, averages, texts, strict=True)):
        y = top + i * row_height
        first = y + (15 if len(lines) == 1 else 10.5)
        tspans = "".join(f'<tspan x="{label_width:.1f}" y="{first + 10 * n:.1f}">'
                         f"{_escape(line)}</tspan>" for n, line in enumerate(lines))
        tooltip = f"<title>{_escape(full)}</title>" if " ".join(lines) != full else ""
        body.append(f'<text x="{label_width:.1f}" y="{first:.1f}" font-size="{name_size:g}" '
                    f'text-anchor="end">{tooltip}{tspans}</text>')
        if not np.isnan(score):
            start, end = sorted((x(0), x(score)))
            body.append(f'<rect x="{start:.1f}" y="{y + 5}" width="{max(end - start, 0.5):.1f}" '
                        f'height="14" fill="{BAR}"/>')
            sign = 1 if score >= 0 else -1
            anchor = x(score) + sign * pad
            size = text_width(text, value_size)
            if not np.isnan(average):
                # a tick in the label's way: print the label past it
                reach = sorted((anchor, anchor + sign * size))
                if reach[0] - tick <= x(average) <= reach[1] + tick:
                    anchor = x(average) + sign * (tick / 2 + pad)
            body.append(f'<text x="{anchor:.1f}" y="{y + 15}" font-size="{value_size:g}" '
                        f'text-anchor="{"start" if sign > 0 else "end"}">{_escape(text)}</text>')
        if not np.isnan(average):
            body.append(f'<line x1="{x(average):.1f}" y1="{y + 1}" x2="{x(average):.1f}" '
                        f'y2="{y + 23}" stroke="#000" stroke-width="{tick:g}"/>')
    # the legend: a swatch and the area's name, then a tick and the average's, in turn,
    # the second under the first when both do not fit on one line
    legend_x, legend_y = min(left, label_width), top + row_height * len(domains) + 18
    entries = [
        (lambda at, base: f'<rect x="{at:.1f}" y="{base - 8:.1f}" width="12" height="9" '
                          f'fill="{BAR}"/>', 16, printable(area)),
        (lambda at, base: f'<line x1="{at + tick / 2:.1f}" y1="{base - 9:.1f}" '
                          f'x2="{at + tick / 2:.1f}" y2="{base + 1:.1f}" stroke="#000" '
                          f'stroke-width="{tick:g}"/>', 7, f"{printable(borough)} average"),
    ]
    legend_y = _legend(body, entries, legend_x, legend_y, width, legend_size, gap=24)
    height = legend_y + 10
    return _svg(width, height, "".join(body),
                f"Bar chart of {area}'s domain scores against the {borough} average")


def domain_chart_text(profile: AreaProfile) -> str:
    """Describe the domain chart in words, for screen readers and print."""
    parts = []
    for row in profile.domains.itertuples():
        side = "above" if row.score > row.borough_average else "below"
        parts.append(
            f"{row.name} {format_value(row.score)} ({side} the {profile.borough} average of "
            f"{format_value(row.borough_average)}; rank {row.rank} of {profile.areas})"
        )
    return f"Domain scores for {profile.name}, higher meaning more need: " + "; ".join(parts) + "."


#: Five shades of viridis, lightest for the least, darkest for the most.
SHADES = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")


def classes(values: pd.Series, count: int = len(SHADES), whole: bool = False
            ) -> list[tuple[float, float]]:
    """Up to ``count`` classes of equal width, from the smallest value above 0 to the
    largest (fewer when there are fewer different values); none when no value is above
    0. With ``whole``, for counts, every class runs between whole numbers and the next
    starts one above the last (3 to 5, 6 to 8)."""
    shown = values[values > 0].dropna()
    if shown.empty:
        return []
    low, high = float(shown.min()), float(shown.max())
    count = min(count, shown.nunique())
    step = (high - low) / count
    ends = [low + step * n for n in range(1, count)] + [high]
    if not whole:
        return list(zip([low, *ends[:-1]], ends, strict=True))
    ends = sorted({math.floor(end) for end in ends[:-1]} | {high})
    return list(zip([low, *(end + 1 for end in ends[:-1])], ends, strict=True))


def band_of(value: float, bands: list[tuple[float, float]]) -> int | None:
    """Which of the :func:`classes` a value falls in (None for none or 0)."""
    if not value > 0:
        return None
    return next((n for n, (_, high) in enumerate(bands) if value <= high + 1e-9), None)


def band_words(band: tuple[float, float], label: Callable[[float], str]) -> str:
    """A class in words: "3 to 5", or "5" when both ends say the same."""
    low, high = label(band[0]), label(band[1])
    return low if low == high else f"{low} to {high}"


def value_map(areas: gpd.GeoDataFrame, values: pd.Series, hidden: Iterable[str],
              label: Callable[[float], str], title: str, hidden_text: str = "",
              whole: bool = False, width: float = 520, height: float = 420) -> str:
    """A map of one value per area, in up to five classes of equal width, with a legend.

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        The areas (``code``, geometry), in any coordinate system.
    values : pandas.Series
        The value of each area, by code (none or 0: drawn pale grey).
    hidden : iterable of str
        The areas whose value is hidden (small numbers): hatched in grey, whatever
        ``values`` holds for them.
    label : callable
        Says a value in words for the legend ("3", "25%").
    title : str
        What the map shows, for its title and alt text.
    hidden_text : str
        What the legend says of the hidden areas ("fewer than 5 records").
    whole : bool
        The values are counts: classes between whole numbers (see :func:`classes`).
    width, height : float
        The map's size in pixels; the legend takes 170 more to the right.
    """
    hidden = set(hidden)
    projected = areas.to_crs(BRITISH_NATIONAL_GRID)
    frame = _Frame(projected.total_bounds, width, height)
    shown = values.drop(index=[c for c in hidden if c in values.index])
    bands = classes(shown, whole=whole)

    def fill(code: str) -> str:
        if code in hidden:
            return "url(#hidden)"
        band = band_of(shown.get(code, 0), bands)
        return NEIGHBOUR_FILL if band is None else SHADES[band + len(SHADES) - len(bands)]

    body = [f'<path d="{frame.path(g)}" fill="{fill(c)}" stroke="#ffffff" stroke-width="0.5">'
            f"<title>{_escape(n)}</title></path>"
            for c, n, g in zip(projected["code"], projected["name"], projected.geometry,
                               strict=True)]
    keys = [(SHADES[n + len(SHADES) - len(bands)], band_words(band, label))
            for n, band in enumerate(bands)]
    keys = [*reversed(keys), (NEIGHBOUR_FILL, "none")] + (
        [("url(#hidden)", hidden_text)] if hidden and hidden_text else [])
    for n, (colour, words) in enumerate(keys):
        y = 24 + 22 * n
        body.append(f'<rect x="{width + 8}" y="{y - 12}" width="16" height="14" '
                    f'fill="{colour}" stroke="#555555" stroke-width="0.6"/>'
                    f'<text x="{width + 30}" y="{y}" font-size="11">{_escape(words)}</text>')
    body.append(_scale_bar(frame, width, height))
    return _svg(width + 170, height, "".join(body), title)


#: The spine chart's bars: every area's range, and the middle half of the areas.
SPINE_RANGE, SPINE_MIDDLE = "#d9d9d9", "#a6a6a6"


def _spine_mark(outcome: str, x: float, y: float, r: float = 5.5) -> str:
    """The mark of one comparison (see :data:`data.stats.compare.COLOURS`): a triangle
    pointing left (worse) or right (better), a circle (similar), a diamond (not compared)."""
    fill = COLOURS.get(outcome, COLOURS[NOT_COMPARED])[0]
    style = f'fill="{fill}" stroke="#111111" stroke-width="1"'
    if outcome == "similar":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r * 0.85:.1f}" {style}/>'
    if outcome in ("worse", "better"):
        tip = -1 if outcome == "worse" else 1
        points = [(x + tip * r * 1.1, y), (x - tip * r * 0.8, y - r), (x - tip * r * 0.8, y + r)]
    else:
        points = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    return ('<polygon points="' + " ".join(f"{a:.1f},{b:.1f}" for a, b in points)
            + f'" {style}/>')


def spine_chart(spine: pd.DataFrame, area: str, benchmark: str, width: float = 500) -> str:
    """A Fingertips-style spine chart: per indicator, the range of the areas (light grey,
    the middle half darker), the benchmark as a black line in the centre and the area's
    value as a mark shaped and coloured by its comparison; worst on the left.

    Names wrap onto two lines in a column at most two fifths of the chart wide (a name
    longer still ends in an ellipsis, its full name kept in a tooltip; the table beside
    the chart holds it too).

    Parameters
    ----------
    spine : pandas.DataFrame
        From :func:`data.stats.compare.spine_table`.
    area, benchmark : str
        The area's name and the benchmark's (such as the borough).
    """
    name_size, head_size, legend_size = 7.5, 8.0, 8.0
    row_height, gap, bar, radius = 17, 8, 9, 5.0
    names = [printable(n) for n in spine["name"]]
    wrapped = [_wrap(n, name_size, width * 0.4 - 2) for n in names]
    label_width = 2 + max([text_width(line, name_size) for lines in wrapped for line in lines]
                          + [20.0])
    left = label_width + gap + radius + 2
    right = width - radius - 4
    centre, half = (left + right) / 2, (right - left) / 2
    top = 18

    def x(at: float) -> float:
        return centre + at * half

    body = [f'<text x="{left:.1f}" y="{top - 6}" font-size="{head_size:g}">Worst</text>',
            f'<text x="{right:.1f}" y="{top - 6}" font-size="{head_size:g}" '
            'text-anchor="end">Best</text>',
            f'<text x="{centre:.1f}" y="{top - 6}" font-size="{head_size:g}" '
            f'text-anchor="middle">{_escape(_wrap(printable(benchmark), head_size, half, 1)[0])}'
            "</text>"]
    for i, (lines, full, row) in enumerate(zip(wrapped, names, spine.itertuples(),
                                               strict=True)):
        y = top + i * row_height
        middle = y + row_height / 2
        first = middle + (2.7 if len(lines) == 1 else -1.3)
        tspans = "".join(f'<tspan x="{label_width:.1f}" y="{first + 8 * n:.1f}">'
                         f"{_escape(line)}</tspan>" for n, line in enumerate(lines))
        tooltip = f"<title>{_escape(full)}</title>" if " ".join(lines) != full else ""
        body.append(f'<text x="{label_width:.1f}" y="{first:.1f}" font-size="{name_size:g}" '
                    f'text-anchor="end">{tooltip}{tspans}</text>')
        if i % 2 == 0:
            body.insert(0, f'<rect x="{left - radius - 2:.1f}" y="{y}" '
                           f'width="{right - left + 2 * radius + 6:.1f}" height="{row_height}" '
                           'fill="#f6f6f6"/>')
        for start, end, colour in ((row.at_worst, row.at_best, SPINE_RANGE),
                                   (row.at_worse_quartile, row.at_better_quartile, SPINE_MIDDLE)):
            if np.isnan(start) or np.isnan(end):
                continue
            a, b = sorted((x(start), x(end)))
            body.append(f'<rect x="{a:.1f}" y="{middle - bar / 2:.1f}" '
                        f'width="{max(b - a, 0.5):.1f}" height="{bar}" fill="{colour}"/>')
        if not np.isnan(row.at_value):
            body.append(_spine_mark(row.comparison, x(row.at_value), middle, radius))
    bottom = top + row_height * len(spine)
    body.append(f'<line x1="{centre:.1f}" y1="{top - 2}" x2="{centre:.1f}" y2="{bottom + 2}" '
                'stroke="#000000" stroke-width="1.5"/>')
    # the legend: the marks, then the bars and the line, wrapping onto more lines
    entries = [(lambda at, base, o=o: _spine_mark(o, at + 6, base - 3, 4.5), 15,
                f"{LABELS[o]}" + (f" than {printable(benchmark)}" if o in ("worse", "better")
                                  else f" to {printable(benchmark)}" if o == "similar" else ""))
               for o in ("worse", "similar", "better", NOT_COMPARED)]
    entries += [
        (lambda at, base: f'<rect x="{at:.1f}" y="{base - 8:.1f}" width="12" height="9" '
                          f'fill="{SPINE_RANGE}"/>', 16, "Range of the areas"),
        (lambda at, base: f'<rect x="{at:.1f}" y="{base - 8:.1f}" width="12" height="9" '
                          f'fill="{SPINE_MIDDLE}"/>', 16, "Middle half of the areas"),
        (lambda at, base: f'<line x1="{at + 1:.1f}" y1="{base - 9:.1f}" x2="{at + 1:.1f}" '
                          f'y2="{base + 1:.1f}" stroke="#000000" stroke-width="1.5"/>', 7,
         printable(benchmark)),
    ]
    legend_x, legend_y = 4.0, bottom + 18
    legend_y = _legend(body, entries, legend_x, legend_y, width, legend_size)
    return _svg(width, legend_y + 8, "".join(body),
                f"Spine chart of {area}'s indicators against the range of the areas of "
                f"{benchmark}")


def spine_chart_text(spine: pd.DataFrame, area: str, benchmark: str) -> str:
    """Describe the spine chart in words, for screen readers and print."""
    parts = []
    for row in spine.itertuples():
        if pd.isna(row.value):
            parts.append(f"{row.name}: no value shown (hidden or missing)")
            continue
        said = ("not compared" if row.comparison == NOT_COMPARED
                else f"{row.comparison} than {benchmark}" if row.comparison != "similar"
                else f"similar to {benchmark}")
        parts.append(f"{row.name} {format_value(row.value)} ({said}; {benchmark} "
                     f"{format_value(row.benchmark)}; the areas from {format_value(row.worst)} "
                     f"at worst to {format_value(row.best)} at best)")
    return (f"Spine chart of {len(spine)} indicators for {area}: each against the range of "
            f"the areas, worst on the left and best on the right, with {benchmark} in the "
            "centre. " + "; ".join(parts) + ".")


#: Partnership readiness: Okabe-Ito blue for importance, orange for prevalence (they differ
#: in lightness too, so they read in greyscale), black for the gap's interval.
IMPORTANCE_FILL, PREVALENCE_FILL = "#0072B2", "#E69F00"


def _name_column(names: list[str], size: float, width: float) -> tuple[list[list[str]], float]:
    """Names wrapped onto at most two lines in a column at most two fifths of the chart
    wide, and the column's width."""
    wrapped = [_wrap(n, size, width * 0.4 - 2) for n in names]
    return wrapped, 2 + max([text_width(line, size) for lines in wrapped for line in lines]
                            + [20.0])


def _names(body: list[str], wrapped: list[list[str]], full: list[str], x: float,
           middles: list[float], size: float) -> None:
    for lines, name, middle in zip(wrapped, full, middles, strict=True):
        first = middle + (size * 0.35 if len(lines) == 1 else -size * 0.2)
        tspans = "".join(f'<tspan x="{x:.1f}" y="{first + (size + 1) * n:.1f}">'
                         f"{_escape(line)}</tspan>" for n, line in enumerate(lines))
        tooltip = f"<title>{_escape(name)}</title>" if " ".join(lines) != name else ""
        body.append(f'<text x="{x:.1f}" y="{first:.1f}" font-size="{size:g}" '
                    f'text-anchor="end">{tooltip}{tspans}</text>')


def readiness_bars(rows: pd.DataFrame, width: float = 500) -> str:
    """Paired horizontal bars per category, on the scale 0 to 3: mean importance (blue,
    upper) and mean prevalence (orange, lower), each with its value printed after it.

    Parameters
    ----------
    rows : pandas.DataFrame
        ``name``, ``importance`` and ``prevalence`` per category (NaN where hidden: the
        bar is left out and "not shown" printed).
    """
    size, value_size, row_height, bar, top = 8.5, 8.0, 30, 10, 16
    names = [printable(n) for n in rows["name"]]
    wrapped, label_width = _name_column(names, size, width)
    left = label_width + 8
    right = width - text_width("0.0", value_size) - 8
    plot = right - left

    def x(value: float) -> float:
        return left + value / 3 * plot

    body = []
    for tick in range(4):
        body.append(f'<line x1="{x(tick):.1f}" y1="{top - 4}" x2="{x(tick):.1f}" '
                    f'y2="{top + row_height * len(rows)}" stroke="#cccccc" stroke-width="0.6"/>'
                    f'<text x="{x(tick):.1f}" y="{top - 6}" font-size="7.5" '
                    f'text-anchor="middle">{tick}</text>')
    middles = []
    for i, row in enumerate(rows.itertuples()):
        y = top + i * row_height
        middles.append(y + row_height / 2)
        for offset, value, fill in ((4, row.importance, IMPORTANCE_FILL),
                                    (4 + bar + 1, row.prevalence, PREVALENCE_FILL)):
            if pd.isna(value):
                body.append(f'<text x="{left + 2:.1f}" y="{y + offset + bar - 2:.1f}" '
                            f'font-size="{value_size:g}" fill="#333333">not shown</text>')
                continue
            body.append(f'<rect x="{left:.1f}" y="{y + offset}" '
                        f'width="{max(x(value) - left, 0.5):.1f}" height="{bar}" '
                        f'fill="{fill}"/>'
                        f'<text x="{x(value) + 3:.1f}" y="{y + offset + bar - 2:.1f}" '
                        f'font-size="{value_size:g}">{value:.1f}</text>')
    _names(body, wrapped, names, label_width, middles, size)
    legend_y = _legend(body, [
        (lambda at, base: f'<rect x="{at:.1f}" y="{base - 8:.1f}" width="12" height="9" '
                          f'fill="{IMPORTANCE_FILL}"/>', 16, "Importance: how much it matters"),
        (lambda at, base: f'<rect x="{at:.1f}" y="{base - 8:.1f}" width="12" height="9" '
                          f'fill="{PREVALENCE_FILL}"/>', 16,
         "Prevalence: how far it happens in their organisation")],
        4.0, top + row_height * len(rows) + 16, width)
    return _svg(width, legend_y + 8, "".join(body),
                "Bar chart of each category's mean importance and mean prevalence, 0 to 3")


def readiness_gaps(rows: pd.DataFrame, width: float = 500) -> str:
    """Horizontal bars of each category's gap (importance less prevalence) in the order
    given (largest first), from a line at zero, with the 95% interval as a black line and
    the gap printed beyond it.

    Parameters
    ----------
    rows : pandas.DataFrame
        ``name``, ``gap``, ``low`` and ``high`` per category shown.
    """
    size, value_size, row_height, bar, top = 8.5, 8.0, 22, 12, 16
    names = [printable(n) for n in rows["name"]]
    wrapped, label_width = _name_column(names, size, width)
    ends = np.r_[rows["gap"].to_numpy(float), rows["low"].to_numpy(float),
                 rows["high"].to_numpy(float), 0.0, 1.0]
    ends = ends[~np.isnan(ends)]
    low, high = float(np.floor(min(ends.min(), 0))), float(np.ceil(max(ends.max(), 0)))
    room = text_width("−0.0", value_size) + 6
    left = label_width + 8 + (room if low < 0 else 0)
    right = width - room
    span = (high - low) or 1.0

    def x(value: float) -> float:
        return left + (value - low) / span * (right - left)

    body = []
    for tick in range(int(low), int(high) + 1):
        body.append(f'<line x1="{x(tick):.1f}" y1="{top - 4}" x2="{x(tick):.1f}" '
                    f'y2="{top + row_height * len(rows)}" stroke="#cccccc" stroke-width="0.6"/>'
                    f'<text x="{x(tick):.1f}" y="{top - 6}" font-size="7.5" '
                    f'text-anchor="middle">{str(tick).replace("-", "−")}</text>')
    middles = []
    for i, row in enumerate(rows.itertuples()):
        y = top + i * row_height
        middle = y + row_height / 2
        middles.append(middle)
        start, end = sorted((x(0), x(row.gap)))
        body.append(f'<rect x="{start:.1f}" y="{middle - bar / 2:.1f}" '
                    f'width="{max(end - start, 0.5):.1f}" height="{bar}" '
                    f'fill="{IMPORTANCE_FILL if row.gap >= 0 else "#56B4E9"}"/>')
        if not (pd.isna(row.low) or pd.isna(row.high)):
            body.append(f'<line x1="{x(row.low):.1f}" y1="{middle:.1f}" x2="{x(row.high):.1f}" '
                        f'y2="{middle:.1f}" stroke="#111111" stroke-width="1.2"/>'
                        f'<line x1="{x(row.low):.1f}" y1="{middle - 3:.1f}" '
                        f'x2="{x(row.low):.1f}" y2="{middle + 3:.1f}" stroke="#111111"/>'
                        f'<line x1="{x(row.high):.1f}" y1="{middle - 3:.1f}" '
                        f'x2="{x(row.high):.1f}" y2="{middle + 3:.1f}" stroke="#111111"/>')
        text = "0.0" if round(row.gap, 1) == 0 else f"{row.gap:+.1f}".replace("-", "−")
        reach = max(x(row.gap), x(row.high) if not pd.isna(row.high) else x(row.gap))
        if row.gap >= 0:
            body.append(f'<text x="{reach + 3:.1f}" y="{middle + 3:.1f}" '
                        f'font-size="{value_size:g}">{text}</text>')
        else:
            lowest = min(x(row.gap), x(row.low) if not pd.isna(row.low) else x(row.gap))
            body.append(f'<text x="{lowest - 3:.1f}" y="{middle + 3:.1f}" '
                        f'font-size="{value_size:g}" text-anchor="end">{text}</text>')
    _names(body, wrapped, names, label_width, middles, size)
    body.append(f'<line x1="{x(0):.1f}" y1="{top - 2}" x2="{x(0):.1f}" '
                f'y2="{top + row_height * len(rows) + 2}" stroke="#111111" stroke-width="1"/>')
    legend_y = _legend(body, [
        (lambda at, base: f'<rect x="{at:.1f}" y="{base - 8:.1f}" width="12" height="9" '
                          f'fill="{IMPORTANCE_FILL}"/>', 16, "Matters more than it happens"),
        (lambda at, base: f'<rect x="{at:.1f}" y="{base - 8:.1f}" width="12" height="9" '
                          'fill="#56B4E9"/>', 16, "Happens more than it matters"),
        (lambda at, base: f'<line x1="{at:.1f}" y1="{base - 4:.1f}" x2="{at + 12:.1f}" '
                          f'y2="{base - 4:.1f}" stroke="#111111" stroke-width="1.2"/>', 16,
         "95% confidence interval")],
        4.0, top + row_height * len(rows) + 16, width)
    return _svg(width, legend_y + 8, "".join(body),
                "Bar chart of each category's gap between importance and prevalence, "
                "largest first")
