"""The published open datasets the app reads: their catalogue, licences and attribution, and
reading the data folder's files with messages that name the file and the fix, and the
register of charities as fetched.
"""

from data import public_names

#: The names this room offers the rest of the app, by the module that holds each.
PUBLIC = {
    "catalogue": ("FeatureLayer", "File", "NO_NATIONAL_SOURCE"),
    "charities": ("Charities", "charity_file", "read_charities"),
    "files": ("data_file", "read_area_table", "read_boundaries", "read_table"),
    "sources": (
        "ATTRIBUTION", "BURGLARY_POINTS", "CENSUS2021", "CHARITIES", "CHARITY_REGISTER",
        "COMMUNITY_ASSETS", "Dataset",
        "GREENSPACE_ACCESS", "IOD2019", "IOD2019_INDICATORS", "IOD2025", "IOD2025_INDICATORS",
        "LAD_BOUNDARIES",
        "LOOKUP_2011_2021", "LSOA21_BOUNDARIES", "MSOA21_BOUNDARIES", "POSTCODES",
        "POSTCODE_LOOKUP", "ROAD_CASUALTIES", "WARD_BOUNDARIES", "dataset"
    ),
}
__getattr__, __dir__, __all__ = public_names(__name__, PUBLIC)
