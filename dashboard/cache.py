"""Caching wrappers: everything expensive the pages need, loaded once per setting.

The only module that knows about Streamlit's caches. A failure to load shows
its message (which says what to do) and stops the page, never a traceback.
"""

from __future__ import annotations

import copy

import folium
import streamlit as st

from dashboard.maps import build_map, classify, layer_for
from data.borough import BoroughData, load_borough
from data.errors import DataLayerError
from data.geography import DEFAULT_BOROUGH
from data.settings import data_root
from indices.build import IndexResult, build_index
from indices.errors import IndicesError
from indices.presets import DEFAULT_PRESET, load_preset


@st.cache_resource(show_spinner="Loading the borough's data…")
def _borough(root: str, lad_code: str) -> BoroughData:
    return load_borough(root, lad_code)


@st.cache_resource(show_spinner="Building the index…")
def _result(root: str, lad_code: str, preset: str) -> IndexResult:
    return build_index(load_preset(preset), _borough(root, lad_code).table)


@st.cache_resource(max_entries=64, show_spinner="Drawing the map…")
def _map(root: str, lad_code: str, preset: str, node: str, scheme: str, basemap: bool,
         asset_base: str) -> folium.Map:
    borough = _borough(root, lad_code)
    layer = layer_for(_result(root, lad_code, preset), node, borough.hidden)
    return build_map(borough.lsoas, borough.wards, layer, classify(layer, scheme),
                     basemap=basemap, asset_base=asset_base)


def _settings() -> tuple[str, str, str]:
    return str(data_root()), DEFAULT_BOROUGH, DEFAULT_PRESET


def current() -> tuple[BoroughData, IndexResult]:
    """Return the borough's data and its built index, or show why not and stop the page."""
    try:
        root, lad_code, preset = _settings()
        return _borough(root, lad_code), _result(root, lad_code, preset)
    except (DataLayerError, IndicesError) as error:
        st.error(str(error), icon=":material/error:")
        st.stop()
        raise  # st.stop() raises; this keeps type checkers content


def choropleth(node: str, scheme: str, basemap: bool) -> folium.Map:
    """Return the map of a node of the index, built once and copied for each run.

    st_folium rewrites the ids of the map it is given, so each run gets its
    own copy of the cached map rather than the cached object itself.
    """
    root, lad_code, preset = _settings()
    base = st.get_option("server.baseUrlPath").strip("/")
    asset_base = "/" + "/".join(p for p in (base, "app/static/vendor") if p)
    return copy.deepcopy(_map(root, lad_code, preset, node, scheme, basemap, asset_base))
