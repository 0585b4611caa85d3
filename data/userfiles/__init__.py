"""Users' own files: reading CSV, Excel, GeoPackage and GeoJSON safely, checking codes, names,
shapes and coordinates, recognising and converting 2011 LSOAs, and the report of what was
found (row, column, value and what to do).
"""
