"""Coordinate systems of users' files: recognising British National Grid and WGS84."""

from __future__ import annotations

import numpy as np
from pyproj import CRS

WGS84 = 4326
BRITISH_NATIONAL_GRID = 27700

#: Longitude/latitude box around Great Britain and Northern Ireland.
GB_LONLAT = (-9.0, 49.5, 2.5, 61.5)
#: British National Grid eastings and northings of Great Britain (no land lies within
#: 1 km of the grid's origin, so small longitudes and latitudes are not taken for it).
GB_GRID = (1_000.0, 1_000.0, 700_000.0, 1_300_000.0)


def within(bounds: tuple[float, float, float, float],
           box: tuple[float, float, float, float]) -> bool:
    """True when ``bounds`` (xmin, ymin, xmax, ymax) lie inside ``box``."""
    return bool(np.all(np.isfinite(bounds))) and (
        box[0] <= bounds[0] and box[1] <= bounds[1]
        and bounds[2] <= box[2] and bounds[3] <= box[3])


def infer_epsg(bounds: tuple[float, float, float, float]) -> int | None:
    """Guess the coordinate system of coordinates from their range.

    Returns
    -------
    int or None
        :data:`WGS84` when they fit longitude/latitude around Great Britain,
        :data:`BRITISH_NATIONAL_GRID` when they fit its eastings/northings,
        None otherwise.
    """
    if within(bounds, GB_LONLAT):
        return WGS84
    if within(bounds, GB_GRID):
        return BRITISH_NATIONAL_GRID
    return None


def epsg_of(crs: CRS | None) -> int | None:
    """The EPSG code of a coordinate system (4326 for OGC:CRS84), or None."""
    if crs is None:
        return None
    if crs.equals(CRS.from_epsg(WGS84), ignore_axis_order=True):
        return WGS84
    return crs.to_epsg()


def describe(crs: CRS) -> str:
    """A coordinate system's name, with its EPSG code when it has one."""
    code = crs.to_epsg()
    return f"{crs.name} (EPSG:{code})" if code else crs.name


def describe_bounds(bounds: tuple[float, float, float, float]) -> str:
    """The range of coordinates in words."""
    xmin, ymin, xmax, ymax = (f"{b:,.6g}" for b in bounds)
    return f"x from {xmin} to {xmax}, y from {ymin} to {ymax}"
