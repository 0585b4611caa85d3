"""Users' own files: reading CSV, Excel, GeoPackage and GeoJSON safely, checking codes, names,
shapes and coordinates, recognising and converting 2011 LSOAs, and the report of what was
found (row, column, value and what to do).
"""

from data import public_names

#: The names this room offers the rest of the app, by the module that holds each.
PUBLIC = {
    "checks": ("odd_characters",),
    "coordinates": ("BRITISH_NATIONAL_GRID", "WGS84"),
    "read": ("Table", "read_bytes", "table_of"),
    "validate": (
        "KINDS", "NEIGHBOURHOOD_COLUMNS", "ValidatedFile", "validate_file", "validate_upload"
    ),
    "vintage": ("RULE", "load_lsoa_lookup", "lsoa11_to_lsoa21"),
}
__getattr__, __dir__, __all__ = public_names(__name__, PUBLIC)
