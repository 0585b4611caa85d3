"""Checks of map data in users' files: geometries and coordinate systems."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data.userfiles.checks import LISTED, Findings, Reference
from data.userfiles.coordinates import (
    BRITISH_NATIONAL_GRID,
    GB_GRID,
    GB_LONLAT,
    WGS84,
    describe,
    describe_bounds,
    epsg_of,
    infer_epsg,
    within,
)

SYSTEM_NAMES = {WGS84: "WGS84 longitude/latitude (EPSG:4326)",
                BRITISH_NATIONAL_GRID: "British National Grid eastings/northings (EPSG:27700)"}
_CRS_FIX = ("Save the file in British National Grid (EPSG:27700) or WGS84 (EPSG:4326), with "
            "its coordinate system recorded (for a shapefile, keep its .prj file).")


def neither_system(found: Findings, bounds, column: str | None = None) -> None:
    """Record that coordinates fit neither British National Grid nor longitude/latitude."""
    found.error(f"the coordinates ({describe_bounds(bounds)}) are neither longitude/latitude "
                "nor British National Grid eastings/northings in Great Britain.", _CRS_FIX,
                column=column)


def polygonal_part(geometry):
    """The polygons of a geometry (empty when it has none)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [p for p in shapely.get_parts(geometry)
             if p.geom_type in ("Polygon", "MultiPolygon")]
    if geometry.geom_type == "GeometryCollection" and parts:
        return shapely.union_all(parts)
    return shapely.Polygon()


def check_geometries(found: Findings, frame: gpd.GeoDataFrame, ids: pd.Series,
                     column: str | None) -> gpd.GeoSeries:
    """Record missing and non-polygon geometries; repair invalid ones, keeping their polygons.

    Returns the geometries, repaired where they were invalid.
    """
    geometries = []
    for number, (geometry, code) in enumerate(zip(frame.geometry, ids, strict=True), start=1):
        if geometry is None or geometry.is_empty:
            found.error("the feature has no geometry.",
                        "Draw the area's boundary, or delete the feature.", number, column, code)
        elif geometry.geom_type not in ("Polygon", "MultiPolygon"):
            found.error(f"the feature is a {geometry.geom_type}, not an area (polygon).",
                        "Boundaries must be polygons: export the areas, not their outlines "
                        "or centres.", number, column, code)
        elif not geometry.is_valid:
            reason = shapely.is_valid_reason(geometry)
            geometry = polygonal_part(shapely.make_valid(geometry))
            if geometry.is_empty:
                found.error(f"the geometry is invalid ({reason}) and repairing it leaves no "
                            "area.", "Redraw the boundary in GIS software.",
                            number, column, code)
            else:
                found.warning(f"the geometry was invalid ({reason}) and was repaired "
                              "(shapely make_valid, keeping its polygonal parts).",
                              "Nothing to do; check that the area looks right on the map, or "
                              "repair it in GIS software.", number, column, code)
        geometries.append(geometry)
    return gpd.GeoSeries(geometries, index=frame.index, crs=frame.crs)


def to_wgs84(found: Findings, geometries: gpd.GeoSeries) -> gpd.GeoSeries | None:
    """Work out the coordinate system (inferring it when absent) and convert to WGS84.

    Records what was assumed or converted; returns None (after recording an
    error) when the coordinates fit no known system.
    """
    present = geometries[[g is not None and not g.is_empty for g in geometries]]
    if present.empty:  # nothing to place: check_geometries has said why
        return None
    bounds = tuple(present.total_bounds)
    guessed = infer_epsg(bounds)
    declared = epsg_of(geometries.crs)
    if declared is None and geometries.crs is None:
        if guessed is None:
            neither_system(found, bounds)
            return None
        found.warning(f"the file has no coordinate system; its coordinates look like "
                      f"{SYSTEM_NAMES[guessed]}, so they were read as such.",
                      "Nothing to do if the areas sit where expected on the map; " + _CRS_FIX)
        geometries = geometries.set_crs(guessed)
    elif declared in SYSTEM_NAMES and guessed != declared:
        if guessed is None:
            neither_system(found, bounds)
            return None
        found.warning(f"the file says its coordinates are {SYSTEM_NAMES[declared]}, but they "
                      f"look like {SYSTEM_NAMES[guessed]}, so they were read as such.",
                      f"Save the file with its real coordinate system (EPSG:{guessed}).")
        geometries = geometries.set_crs(guessed, allow_override=True)
    elif declared == BRITISH_NATIONAL_GRID:
        found.note("Converted from British National Grid (EPSG:27700) to WGS84 (EPSG:4326).")
    elif declared != WGS84:
        found.warning(f"the file's coordinate system is {describe(geometries.crs)}, neither "
                      "British National Grid nor WGS84; the areas were converted to WGS84.",
                      "Nothing to do if the areas sit where expected on the map.")
    converted = geometries.to_crs(WGS84)
    if not within(tuple(converted.dropna().total_bounds), GB_LONLAT):
        found.error(f"in WGS84 the areas lie outside Great Britain "
                    f"({describe_bounds(tuple(converted.total_bounds))}).",
                    "The coordinate system recorded in the file is probably wrong. " + _CRS_FIX)
        return None
    return converted


def check_points(found: Findings, x: pd.Series, y: pd.Series, rows: list[int], epsg: int,
                 column: str) -> gpd.GeoSeries | None:
    """Points from coordinates in ``epsg``, in WGS84; None when any lies outside Great Britain."""
    box = GB_LONLAT if epsg == WGS84 else GB_GRID
    outside = ~(x.between(box[0], box[2]) & y.between(box[1], box[3]))
    for row, xv, yv in zip(np.asarray(rows)[outside.to_numpy()], x[outside], y[outside],
                           strict=True):
        found.error(f"the point lies outside Great Britain in {SYSTEM_NAMES[epsg]}.",
                    "Check the coordinates, and that the two columns are not swapped.",
                    row, column, f"{xv:g}, {yv:g}")
    if outside.any():
        return None
    if epsg == BRITISH_NATIONAL_GRID:
        found.note("Converted from British National Grid (EPSG:27700) eastings/northings to "
                   "WGS84 longitude/latitude.")
    return gpd.GeoSeries(gpd.points_from_xy(x, y), index=x.index, crs=epsg).to_crs(WGS84)


def check_inside(found: Findings, points: gpd.GeoSeries, rows: list[int],
                 reference: Reference) -> None:
    """Say how many points fall inside the reference areas; warn about those outside."""
    if reference.areas is None:
        found.note("The points were not checked against boundaries (none were given).")
        return
    hits = reference.areas.sindex.query(points.to_numpy(), predicate="intersects")[0]
    outside = ~np.isin(np.arange(len(points)), hits)
    fix = ("Nothing to do if the point is outside the area: it is not counted in any area. "
           "Otherwise check its coordinates.")
    if 0 < outside.sum() <= LISTED:
        for row, point in zip(np.asarray(rows)[outside], points[outside], strict=True):
            found.warning("the point lies outside the reference boundaries.", fix, row,
                          value=f"{point.x:.6f}, {point.y:.6f}")
    elif outside.sum() > LISTED:
        found.warning(f"{int(outside.sum())} points lie outside the reference boundaries "
                      f"(rows {', '.join(map(str, np.asarray(rows)[outside][:5]))}, ...).", fix)
    found.note(f"{int((~outside).sum())} of {len(points)} points lie inside the reference "
               "boundaries.")
