"""Fetching a borough's open data from its publishers: their addresses and file layouts, downloads
with a cache, a manifest and a mirror folder, shaped like the files the app reads; and its
postcodes, to place what people said by postcode; and the register of charities, to check
the charity numbers of the asset survey.
"""

from data import public_names

#: The names this room offers the rest of the app, by the module that holds each.
PUBLIC = {
    "borough": ("fetch_borough", "find_borough", "local_only_absent"),
    "charities": ("fetch_charities",),
    "postcodes": ("fetch_postcodes",),
}
__getattr__, __dir__, __all__ = public_names(__name__, PUBLIC)
