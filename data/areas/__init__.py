"""Places and their areas: boroughs and wards, the area table, levels (LSOAs, wards, MSOAs,
users' own neighbourhoods), profiles of one area, derived indicators and count measures,
change since IMD 2019, community assets near an area, the voluntary sector's capacity
by area, and each area's statistical neighbours across the region.
"""

from data import public_names

#: The names this room offers the rest of the app, by the module that holds each.
PUBLIC = {
    "assets": (
        "ASSET_TYPES", "assets_near", "filter_assets", "load_assets", "need_against_assets",
        "same_name_and_address"
    ),
    "borough": ("BoroughData", "load_borough"),
    "capacity": (
        "COLUMN_NOTES", "COUNTING_RULE", "DEPENDENT_SHARE", "FIELDS_OF_WORK",
        "FUNDING_SOURCES", "INCOME_BANDS", "SUPPORT_NEEDS", "Sector", "dependent", "domain_of",
        "hide_small", "income_band_of", "listing",
        "need_against_capacity", "public_tables", "turn_to"
    ),
    "change": ("BOUNDARY_CHANGES", "BRIDGE_RULE", "describe_change", "imd_change",
               "iod2019_table"),
    "counts": ("CountMeasure", "count_measures", "measure_funnel"),
    "derived": ("MEASURES", "measure"),
    "geography": (
        "BOROUGHS", "DEFAULT_BOROUGH", "GREATER_MANCHESTER", "REGION_NAME", "area_locator",
        "boroughs", "load_lsoas", "place_name", "places", "select_borough"
    ),
    "postcodes": ("Postcodes", "normalise", "postcode_file", "read_postcodes"),
    "levels": (
        "CUSTOM", "LEVELS", "LevelData", "Neighbourhoods", "WARD_VINTAGE", "aggregation_rule",
        "level_choices", "level_data", "summed_for"
    ),
    "neighbourhoods": ("lookup_from_polygons",),
    "neighbours": ("CANDIDATES", "DEFAULT_CONTEXT", "NOT_IN_DATA", "RegionNeighbours",
                   "context_choices", "default_keys"),
    "profiles": ("AreaProfile", "against_average", "build_profile"),
    "table": ("COUNT_SUFFIX", "POPULATION", "column_name", "load_area_table"),
}
__getattr__, __dir__, __all__ = public_names(__name__, PUBLIC)
