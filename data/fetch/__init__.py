"""Fetching a borough's open data from its publishers: their addresses and file layouts, downloads
with a cache, a manifest and a mirror folder, shaped like the files the app reads.
"""
