"""Places and their areas: boroughs and wards, the area table, levels (LSOAs, wards, MSOAs,
users' own neighbourhoods), profiles of one area, derived indicators and count measures,
change since IMD 2019, and community assets near an area.
"""
