"""Caching wrappers and the working spec: everything expensive the pages need, built once.

The only module that knows about Streamlit's caches. A failure to load shows
its message (which says what to do) and stops the page, never a traceback.
"""

from __future__ import annotations

import copy
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from dashboard.maps import build_map, classify, layer_for
from dashboard.reports.briefing import BriefingContext, prepare
from data.assets import ASSET_TYPES
from data.borough import BoroughData, load_borough
from data.errors import DataLayerError
from data.geography import DEFAULT_BOROUGH, boroughs
from data.settings import data_root, state_dir
from data.spec_store import SpecStore
from data.store.assets import AssetStore
from data.store.db import database_url, open_engine
from data.store.notes import NoteStore
from indices.build import IndexRun, build_index
from indices.errors import IndicesError
from indices.presets import DEFAULT_PRESET, load_preset
from indices.sensitivity import SensitivityResult, SensitivitySettings, sensitivity
from indices.spec import IndexSpec, spec_from_yaml, spec_to_yaml

#: Session key of the working spec (as YAML), the one every page shows.
SPEC_KEY = "working_spec_yaml"


@st.cache_resource(show_spinner="Loading the borough's data…")
def _borough(root: str, lad_code: str) -> BoroughData:
    return load_borough(root, lad_code)


@st.cache_data(max_entries=64, show_spinner=False)
def _spec(text: str) -> IndexSpec:
    return spec_from_yaml(text)


@st.cache_resource(max_entries=32, show_spinner="Building the index…")
def _run(root: str, lad_code: str, text: str) -> IndexRun:
    return build_index(_spec(text), _borough(root, lad_code).table)


@st.cache_resource(max_entries=64, show_spinner="Drawing the map…")
def _map(root: str, lad_code: str, text: str, node: str, scheme: str, basemap: bool,
         asset_base: str, notes: tuple[tuple[str, int], ...], categories: tuple[str, ...],
         register: tuple[int, int]) -> folium.Map:
    borough = _borough(root, lad_code)
    layer = layer_for(_run(root, lad_code, text), node, borough.hidden)
    assets = None
    if categories:
        assets = borough_assets()
        assets = assets[assets["category"].isin(categories)]
    return build_map(borough.lsoas, borough.wards, layer, classify(layer, scheme),
                     basemap=basemap, asset_base=asset_base, notes=dict(notes), assets=assets,
                     asset_labels=ASSET_TYPES)


@st.cache_resource(max_entries=16, show_spinner="Rebuilding the index for every draw…")
def _sensitivity(root: str, lad_code: str, text: str,
                 settings: SensitivitySettings) -> SensitivityResult:
    return sensitivity(_run(root, lad_code, text), settings)


#: Session key of the chosen borough (or Greater Manchester).
BOROUGH_KEY = "borough"


def _settings() -> tuple[str, str]:
    return str(data_root()), st.session_state.get(BOROUGH_KEY, DEFAULT_BOROUGH)


def _spec_text() -> str:
    if SPEC_KEY not in st.session_state:
        st.session_state[SPEC_KEY] = spec_to_yaml(load_preset(DEFAULT_PRESET))
    return st.session_state[SPEC_KEY]


def use_spec(spec: IndexSpec) -> None:
    """Make a spec the working one, for every page of this session."""
    st.session_state[SPEC_KEY] = spec_to_yaml(spec)


def spec_store() -> SpecStore:
    """Return the store of named specs saved between sessions."""
    return SpecStore(state_dir() / "specs")


@st.cache_data(show_spinner=False)
def _borough_names(root: str) -> dict[str, str]:
    return boroughs(Path(root))


def borough_names(root: Path) -> dict[str, str]:
    """Return the boroughs in the data folder, code -> name, or show why not and stop."""
    try:
        return _borough_names(str(root))
    except DataLayerError as error:
        _stop_with(error)
        raise


def _stop_with(error: Exception) -> None:
    st.error(str(error), icon=":material/error:")
    st.stop()


def current() -> tuple[BoroughData, IndexRun]:
    """Return the borough's data and its built index, or show why not and stop the page."""
    try:
        root, lad_code = _settings()
        return _borough(root, lad_code), _run(root, lad_code, _spec_text())
    except (DataLayerError, IndicesError) as error:
        _stop_with(error)
        raise  # st.stop() raises; this keeps type checkers content


def build(spec: IndexSpec) -> IndexRun:
    """Build a spec over the borough (cached), raising IndicesError if it cannot be built."""
    root, lad_code = _settings()
    return _run(root, lad_code, spec_to_yaml(spec))


def rank_intervals(settings: SensitivitySettings | None = None) -> SensitivityResult:
    """Return the sensitivity analysis of the working index (cached per settings)."""
    root, lad_code = _settings()
    try:
        return _sensitivity(root, lad_code, _spec_text(), settings or SensitivitySettings())
    except IndicesError as error:
        _stop_with(error)
        raise


def _asset_base() -> str:
    base = st.get_option("server.baseUrlPath").strip("/")
    return "/" + "/".join(p for p in (base, "app/static/vendor") if p)


def choropleth(node: str, scheme: str, basemap: bool,
               categories: tuple[str, ...] = ()) -> folium.Map:
    """Return the map of a node of the working index, built once and copied for each run.

    st_folium rewrites the ids of the map it is given, so each run gets its
    own copy of the cached map rather than the cached object itself.
    """
    root, lad_code = _settings()
    asset_base = _asset_base()
    counts = tuple(sorted(note_store().counts().items()))
    register = asset_store().signature(lad_code) if categories else (0, 0)
    return copy.deepcopy(_map(root, lad_code, _spec_text(), node, scheme, basemap, asset_base,
                              counts, tuple(sorted(categories)), register))


@st.cache_resource(max_entries=8, show_spinner="Preparing the briefings…")
def _briefings(root: str, lad_code: str, text: str, level: str,
               notes: tuple[tuple[str, int], ...], register: tuple[int, int]) -> BriefingContext:
    return prepare(root, _spec(text), lad_code, level, borough=_borough(root, lad_code),
                   notes=note_store(), assets=asset_store())


def briefing_context(level: str = "lsoa") -> BriefingContext:
    """Return what the briefings of the working index at a level need (built once).

    Built again when the number of public notes of any area changes.
    """
    root, lad_code = _settings()
    counts = tuple(sorted(note_store().counts("public").items()))
    register = asset_store().signature(lad_code)
    try:
        return _briefings(root, lad_code, _spec_text(), level, counts, register)
    except (DataLayerError, IndicesError) as error:
        _stop_with(error)
        raise


@st.cache_resource(show_spinner="Opening the store…")
def _engine(url: str) -> Engine:
    return open_engine(url)


def _store_engine() -> Engine:
    try:
        return _engine(database_url())
    except DataLayerError as error:
        _stop_with(error)
        raise


def note_store() -> NoteStore:
    """Return the notes store (SQLite by default, PostgreSQL when configured)."""
    return NoteStore(_store_engine())


def asset_store() -> AssetStore:
    """Return the asset register, loaded from the open registers on first use in a borough."""
    store = AssetStore(_store_engine())
    root, lad_code = _settings()
    store.seed(root, lad_code)
    return store


def borough_assets() -> pd.DataFrame:
    """The borough's current assets in the register."""
    return asset_store().assets(_settings()[1])


@st.cache_resource(max_entries=8, show_spinner="Drawing the map…")
def _meeting_map(root: str, lad_code: str, text: str, asset_base: str,
                 notes: tuple[tuple[str, int], ...]) -> folium.Map:
    borough = _borough(root, lad_code)
    run = _run(root, lad_code, text)
    layer = layer_for(run, run.spec.code, borough.hidden)
    return build_map(borough.lsoas, borough.wards, layer, classify(layer, "bands"),
                     asset_base=asset_base, notes=dict(notes), public=True)


def meeting_map() -> folium.Map:
    """The big-screen map: the index in bands, large text, public notes counted."""
    root, lad_code = _settings()
    counts = tuple(sorted(note_store().counts("public").items()))
    return copy.deepcopy(_meeting_map(root, lad_code, _spec_text(), _asset_base(), counts))
