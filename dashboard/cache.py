"""The caches of what the pages build, each built once: workspaces (a borough, its areas, the
index and its rank intervals), maps, briefings and checked uploads; the session's working
spec; and the warm-up that builds the first visitor's before anyone asks.

The stores are opened once in :mod:`dashboard.stores`. A failure to load shows its message
(which says what to do) and stops the page (:mod:`dashboard.failures`), never a traceback.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import importlib
import importlib.util
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.failures import or_stop
from dashboard.maps import (
    MapBase,
    change_layer,
    classify,
    layer_for,
    map_base,
    map_paint,
    rank_change_layer,
)
from dashboard.roles import can_edit
from dashboard.state import LEVEL_KEY, SPEC_KEY, place, role, sensitivity_settings
from dashboard.stores import (
    asset_store,
    edition_store,
    engine,
    note_store,
    promise_store,
    readiness_store,
    seeded,
    story_store,
)
from data.areas.assets import ASSET_TYPES, filter_assets
from data.areas.borough import BoroughData
from data.areas.capacity import Sector
from data.areas.change import imd_change as _change_table
from data.areas.geography import DEFAULT_BOROUGH, GREATER_MANCHESTER, boroughs, load_lsoas, places
from data.areas.levels import LevelData
from data.areas.neighbours import CANDIDATES, RegionNeighbours, default_keys
from data.areas.postcodes import postcode_file, read_postcodes
from data.errors import DataLayerError
from data.opendata.charities import Charities, charity_file, read_charities
from data.settings import data_root
from data.store.assets import AssetStore
from data.store.db import database_url
from data.store.readiness import ReadinessStore
from data.store.surveys import SurveyPlaces
from data.userfiles.validate import ValidatedFile, validate_upload
from data.userfiles.vintage import load_lsoa_lookup
from data.workspace import (
    OverTime,
    Workspace,
    load_with_saved,
    neighbourhood_store,
    user_table_store,
)
from indices.build import IndexRun
from indices.editions import compare
from indices.errors import IndicesError
from indices.presets import DEFAULT_PRESET, load_preset
from indices.sensitivity import SensitivityResult, SensitivitySettings
from indices.spec import IndexSpec, spec_from_yaml, spec_to_yaml

if TYPE_CHECKING:  # briefings and rates (and their statistics) load with their pages
    from dashboard.reports.briefing import BriefingContext
    from data.areas.counts import CountMeasure


class Key(NamedTuple):
    """What a page's areas depend on: the data, the borough, users' tables and the level."""

    root: str
    lad_code: str
    tables: tuple[tuple[str, int], ...]  # users' saved tables and when each was written
    sets: tuple[tuple[str, int], ...]  # users' saved neighbourhood sets, likewise
    level: str


@st.cache_resource(max_entries=16, show_spinner="Loading the borough's data…")
def _borough(root: str, lad_code: str, tables: tuple[tuple[str, int], ...],
             sets: tuple[tuple[str, int], ...]) -> BoroughData:
    # the saved tables and sets are in the key, so that saving one loads the borough again
    return load_with_saved(Path(root), lad_code)


def _place(key: Key) -> BoroughData:
    return _borough(key.root, key.lad_code, key.tables, key.sets)


#: The map node of the change in national IMD decile since 2019 (LSOAs only).
CHANGE = "imd_change"


@st.cache_data(max_entries=2, show_spinner=False)
def _imd_change(root: str) -> pd.DataFrame:
    return _change_table(Path(root))


def imd_change() -> pd.DataFrame:
    """Each 2021 LSOA's national IMD 2019 and 2025 positions (see :mod:`data.areas.change`)."""
    return or_stop(lambda: _imd_change(place()[0]))


@st.cache_resource(max_entries=64, show_spinner=False)
def _spec(text: str) -> IndexSpec:
    return spec_from_yaml(text)  # specs are immutable: every caller may share one


def spec_of(text: str) -> IndexSpec:
    """Return the spec a YAML text holds (read once per text); raises SpecError."""
    return _spec(text)


@st.cache_resource(max_entries=32, show_spinner="Building the index…")
def _workspace(key: Key, text: str) -> Workspace:
    # the borough is shared by every level and spec; the areas and the index are made here,
    # where a session asking for the same ones meanwhile waits for them (the rank intervals
    # are made when first asked for, and cached by settings below)
    work = Workspace(Path(key.root), key.lad_code, _spec(text), key.level, borough=_place(key))
    work.run  # noqa: B018 - made now, with its areas
    return work


def _level(key: Key, text: str) -> LevelData:
    return _workspace(key, text).areas


def _run(key: Key, text: str) -> IndexRun:
    return _workspace(key, text).run


@st.cache_resource(max_entries=16, show_spinner="Drawing the map…")
def _map_base(key: Key, basemap: bool, asset_base: str, categories: tuple[str, ...],
              register: tuple[int, int], public: bool, _areas: LevelData) -> MapBase:
    # the areas' shapes follow from the key alone (not from the spec), so the spec is
    # left out of it: a change in the builder repaints the map, it does not redraw it
    assets = None
    if categories:
        assets = filter_assets(_register_of(key.lad_code))
        assets = assets[assets["category"].isin(categories)]
    return map_base(_areas.areas, _wards(key, _areas), basemap=basemap, asset_base=asset_base,
                    assets=assets, asset_labels=ASSET_TYPES, public=public)


#: The map node of the index's move in rank from IoD2019 to IoD2025; and the prefix of the
#: node of the move between two saved editions (``editions:EARLIER:LATER``, by their ids).
INDEX_CHANGE = "index_change"
EDITIONS = "editions:"


@st.cache_resource(max_entries=8, show_spinner="Building the index on IoD2019 and IoD2025…")
def _over_time(key: Key, text: str, settings: SensitivitySettings) -> OverTime:
    return _workspace(key, text).over_time(settings)


def over_time() -> OverTime | str:
    """The working index on IoD2019 and on IoD2025, with the indicators both have (see
    :meth:`data.workspace.Workspace.over_time`), with the Robustness page's settings; or,
    when it cannot be built, why (which says what to do)."""
    try:
        return _over_time(_key(), _spec_text(), sensitivity_settings())
    except (IndicesError, DataLayerError) as error:
        return str(error)


def _editions_change(lad_code: str, earlier: int,
                     later: int) -> tuple[pd.DataFrame, tuple[str, str]]:
    store = edition_store()
    names = {e["id"]: f"{e['name']} ({e['edition_date']:%-d %B %Y})"
             for e in store.editions(lad_code, include_retired=True)}
    before, after = or_stop(lambda: (store.results(earlier), store.results(later)))
    return compare(before, after), (names.get(earlier, ""), names.get(later, ""))


def editions_change(earlier: int, later: int) -> tuple[pd.DataFrame, tuple[str, str]]:
    """How each area moved between two saved editions of the chosen borough (see
    :func:`indices.editions.compare`), and what the two are called."""
    return _editions_change(place()[1], earlier, later)


def _change_of(key: Key, text: str, node: str,
               settings: SensitivitySettings | None) -> tuple[pd.DataFrame, tuple[str, str]]:
    if node == INDEX_CHANGE:
        found = _over_time(key, text, settings or SensitivitySettings())
        return found.change, found.labels
    earlier, later = (int(i) for i in node.removeprefix(EDITIONS).split(":"))
    return _editions_change(key.lad_code, earlier, later)


@st.cache_resource(max_entries=64, show_spinner=False)
def _map_paint(key: Key, text: str, node: str, scheme: str,
               notes: tuple[tuple[str, int], ...], public: bool,
               settings: SensitivitySettings | None = None) -> dict:
    areas = _level(key, text)
    if node == CHANGE:
        layer, classes = change_layer(_imd_change(key.root), areas.table.index)
    elif node == INDEX_CHANGE or node.startswith(EDITIONS):
        change, labels = _change_of(key, text, node, settings)
        layer, classes = rank_change_layer(change, areas.table.index, labels)
    else:
        layer = layer_for(_run(key, text), node, areas.hidden)
        classes = classify(layer, scheme)
    return map_paint(areas.areas, layer, classes, areas.roll_up(dict(notes)), public=public)


def _wards(key: Key, areas: LevelData):
    """The ward lines drawn over a level's map (none over whole boroughs)."""
    wards = _place(key).wards
    return wards.iloc[:0] if areas.level == "borough" else wards


@st.cache_resource(max_entries=16, show_spinner="Rebuilding the index for every draw…")
def _sensitivity(key: Key, text: str, settings: SensitivitySettings) -> SensitivityResult:
    return _workspace(key, text).intervals(settings)


def _key_for(root: str, lad_code: str, level: str) -> Key:
    """What a borough's areas at a level depend on, users' saved tables and sets included."""
    return Key(root, lad_code, user_table_store().signature(),
               neighbourhood_store().signature(), level)


def _key() -> Key:
    """What the areas of this session depend on."""
    root, lad_code = place()
    return _key_for(root, lad_code, st.session_state.get(LEVEL_KEY, "lsoa"))


def _spec_text() -> str:
    if SPEC_KEY not in st.session_state:
        st.session_state[SPEC_KEY] = spec_to_yaml(load_preset(DEFAULT_PRESET))
    return st.session_state[SPEC_KEY]


def use_spec(spec: IndexSpec) -> None:
    """Make a spec the working one, for every page of this session."""
    st.session_state[SPEC_KEY] = spec_to_yaml(spec)


@st.cache_resource(max_entries=16, show_spinner=False)
def _survey_places(root: str, lad_code: str, lookup: str, written: float) -> SurveyPlaces:
    postcodes = read_postcodes(Path(lookup)) if lookup else None
    return SurveyPlaces.of(borough_names(Path(root)).get(lad_code, lad_code),
                           load_lsoas(Path(root), lad_code), postcodes)


def survey_places(lad_code: str) -> SurveyPlaces:
    """Where a borough's organisations can be based and serve, for the asset survey (read
    again once its postcode lookup is fetched or replaced)."""
    root = or_stop(data_root)
    lookup = postcode_file(root, [lad_code])
    return or_stop(lambda: _survey_places(str(root), lad_code, str(lookup or ""),
                                          lookup.stat().st_mtime if lookup else 0.0))


@st.cache_resource(max_entries=2, show_spinner="Reading the register of charities…")
def _charities(path: str, written: float) -> Charities:
    return read_charities(Path(path))


def charities() -> Charities | None:
    """The Charity Commission's register, where it has been fetched (or put in the data
    folder); None where not. Read again once it is fetched again."""
    path = charity_file(or_stop(data_root))
    return None if path is None else or_stop(lambda: _charities(str(path),
                                                                 path.stat().st_mtime))


@st.cache_data(show_spinner=False)
def _borough_names(root: str) -> dict[str, str]:
    return boroughs(Path(root))


def borough_names(root: Path) -> dict[str, str]:
    """Return the boroughs in the data folder, code -> name, or show why not and stop."""
    return or_stop(lambda: _borough_names(str(root)))


def level_signature() -> tuple:
    """What the chosen areas depend on (borough, level, neighbourhood set), to tell them apart."""
    return _key()


def current() -> Workspace:
    """Return the workspace of the chosen borough, level and working spec, with its areas and
    index built, or show why not and stop the page."""
    key, text = _key(), _spec_text()
    return or_stop(lambda: _workspace(key, text))


@st.cache_data(max_entries=16, show_spinner=False)
def _count_measures(root: str, text: str) -> dict[str, CountMeasure]:
    from data.areas.counts import count_measures

    return count_measures(Path(root), _spec(text))


def counts() -> dict[str, CountMeasure]:
    """Return the count measures of the data and the working spec, or say why not and stop."""
    return or_stop(lambda: _count_measures(place()[0], _spec_text()))


def build(spec: IndexSpec) -> IndexRun:
    """Build a spec over the areas (cached), raising IndicesError if it cannot be built."""
    return _run(_key(), spec_to_yaml(spec))


def rank_intervals() -> SensitivityResult:
    """Return the sensitivity analysis of the working index with the Robustness page's
    settings (cached per settings)."""
    return or_stop(lambda: _sensitivity(_key(), _spec_text(), sensitivity_settings()))


def _asset_base() -> str:
    base = st.get_option("server.baseUrlPath").strip("/")
    return "/" + "/".join(p for p in (base, "app/static/vendor") if p)


def map_parts(node: str, scheme: str, basemap: bool = False,
              categories: tuple[str, ...] = (), public: bool = False) -> tuple[MapBase, dict]:
    """Return the base and the paint of a map of the working index (each built once).

    Parameters
    ----------
    node : str
        The index, a domain, an indicator, :data:`CHANGE`, :data:`INDEX_CHANGE`, or
        :data:`EDITIONS` with two saved editions' ids.
    scheme : str
        The classification (see :data:`dashboard.maps.SCHEMES`).
    basemap : bool
        OpenStreetMap underneath (needs internet).
    categories : tuple of str
        Asset categories to show as markers.
    public : bool
        For a community meeting: large text, bands, public notes only.
    """
    key, text = _key(), _spec_text()
    register = asset_store().signature(key.lad_code) if categories else (0, 0)
    counts = _note_counts(public or not can_edit(role()))
    return or_stop(lambda: (
        _map_base(key, basemap, _asset_base(), tuple(sorted(categories)), register, public,
                  _level(key, text)),
        _map_paint(key, text, node, scheme, counts, public,
                   sensitivity_settings() if node == INDEX_CHANGE else None)))


def _note_counts(public_only: bool) -> tuple[tuple[str, int], ...]:
    """Each area's number of current notes that the reader may know of: public ones only
    for viewers and meetings, so no tooltip tells them that internal notes exist."""
    return tuple(sorted(note_store().counts("public" if public_only else None).items()))


@st.cache_resource(max_entries=8, show_spinner="Preparing the briefings…")
def _briefings(key: Key, text: str, register: tuple[int, int],
               robustness: SensitivitySettings) -> BriefingContext:
    from dashboard.reports.briefing import prepare

    # the index and its rank intervals are the ones every page shows, built once
    defaults = tuple(default_keys())  # the areas like each one: the page's default set
    try:
        region = _neighbours(_key_for(key.root, CANDIDATES, key.level), text, defaults,
                             (1.0,) * len(defaults))
    except (DataLayerError, IndicesError):
        region = None  # the briefings leave the section out
    context = prepare(key.root, _spec(text), key.lad_code, _workspace(key, text),
                      robustness=None, assets=AssetStore(engine(database_url())),
                      neighbours=region)
    return replace(context, intervals=_sensitivity(key, text, robustness))


@st.cache_resource(max_entries=8, show_spinner=False)
def _readiness_summaries(url: str, lad_code: str,
                         signature: tuple[int, ...]) -> tuple[dict, ...]:
    return tuple(ReadinessStore(engine(url)).summaries(lad_code))


def readiness_summaries(lad_code: str) -> tuple[dict, ...]:
    """How ready the partners of each partnership of a borough say they are (see
    :meth:`data.store.readiness.ReadinessStore.summaries`): made again only once a
    partnership, wave or response changes, which one small query tells on each run. Reads
    nothing of the session, so a briefing's download can call it."""
    store = readiness_store()
    return or_stop(lambda: _readiness_summaries(database_url(), lad_code, store.signature()))


def briefing_maker() -> Callable[[], BriefingContext]:
    """Return a function giving what the briefings of the working index at the chosen level
    need: built once per index, areas and Robustness settings, with the public notes,
    promises and stories as they are when it is called.

    It reads nothing of the session, so a download can call it when it is clicked.
    """
    key, text, settings = _key(), _spec_text(), sensitivity_settings()
    register, notes = asset_store().signature(key.lad_code), note_store()
    promises, stories = promise_store(), story_store()

    def make() -> BriefingContext:
        return replace(_briefings(key, text, register, settings),
                       public_notes=tuple(notes.notes(visibility="public")),
                       public_promises=tuple(promises.promises(key.lad_code, public=True)),
                       public_stories=tuple(stories.stories(key.lad_code, public=True)),
                       readiness=readiness_summaries(key.lad_code))

    return make


def briefing_context() -> BriefingContext:
    """Return what the briefings of the working index at the chosen level need (see
    :func:`briefing_maker`), or show why not and stop the page."""
    return or_stop(briefing_maker())


@st.cache_resource(max_entries=8, show_spinner=False)
def _register(url: str, lad_code: str, signature: tuple[int, int]) -> pd.DataFrame:
    return AssetStore(engine(url)).assets(lad_code, include_retired=True)


def asset_register(category: str | None = None, search: str = "",
                   include_retired: bool = False) -> pd.DataFrame:
    """The chosen borough's asset register, filtered as :func:`data.areas.assets.filter_assets`
    does (its current assets, unless asked): read again only once it has changed, which one
    small query (:meth:`AssetStore.signature`) tells on each run."""
    return filter_assets(_register_of(place()[1]), category, search, include_retired)


@st.cache_resource(max_entries=16, show_spinner=False)
def _sector(key: Key, text: str, url: str, register: tuple[int, int]) -> Sector:
    return _workspace(key, text).sector(_register(url, key.lad_code, register))


def sector() -> Sector:
    """The voluntary sector of the chosen borough's register at the level chosen (see
    :meth:`data.workspace.Workspace.sector`): counted once, again only once the register
    changes (which one small query tells on each run)."""
    key, text = _key(), _spec_text()
    signature = or_stop(lambda: asset_store().signature(key.lad_code))
    return or_stop(lambda: _sector(key, text, database_url(), signature))


@st.cache_resource(max_entries=16, show_spinner="Finding areas like it across the region…")
def _neighbours(key: Key, text: str, keys: tuple[str, ...],
                weights: tuple[float, ...]) -> RegionNeighbours:
    # the key is the whole region's at the level: every borough's areas are candidates
    work = _workspace(key, text)
    return RegionNeighbours.of(work.areas, work.run, work.borough.table, work.root, keys,
                               dict(zip(keys, weights, strict=True)))


def _region_key() -> Key:
    """What the region's areas at the chosen level depend on (the candidates of neighbours)."""
    return _key_for(place()[0], CANDIDATES, st.session_state.get(LEVEL_KEY, "lsoa"))


def neighbours(keys: tuple[str, ...] | None = None,
               weights: tuple[float, ...] | None = None) -> RegionNeighbours:
    """The region's areas at the chosen level, ready to give any one's statistical
    neighbours on these context indicators and weights (default: the default set, equally
    weighted); made again only when the data, the level, the working spec or the choices
    change. Shows why not and stops the page when they cannot be made."""
    keys = tuple(keys) if keys is not None else tuple(default_keys())
    weights = tuple(weights) if weights is not None else (1.0,) * len(keys)
    key, text = _region_key(), _spec_text()
    return or_stop(lambda: _neighbours(key, text, keys, weights))


@st.cache_resource(max_entries=16, show_spinner=False)
def _neighbours_base(key: Key, text: str, codes: tuple[str, ...], asset_base: str) -> MapBase:
    areas = _level(key, text).areas
    shown = areas.set_index("code").loc[list(codes)].reset_index()
    return map_base(shown, _place(key).wards.iloc[:0], asset_base=asset_base)


def neighbours_map_base(codes: tuple[str, ...]) -> MapBase:
    """The base of a map of an area and its neighbours (drawn once per set of areas)."""
    key, text = _region_key(), _spec_text()
    return or_stop(lambda: _neighbours_base(key, text, tuple(codes), _asset_base()))


def _register_of(lad_code: str) -> pd.DataFrame:
    store = asset_store()
    return _register(database_url(), lad_code, or_stop(lambda: store.signature(lad_code)))


@st.cache_resource(max_entries=2, show_spinner="Loading the region's LSOAs…")
def _region_lsoas(root: str) -> gpd.GeoDataFrame:
    return load_lsoas(Path(root), None)


@st.cache_data(max_entries=2, show_spinner=False)
def _lsoa_lookup(root: str) -> pd.DataFrame:
    return load_lsoa_lookup(Path(root))


def region_lsoas() -> gpd.GeoDataFrame:
    """Every 2021 LSOA of the region, in WGS84: what users' files are checked against."""
    return _region_lsoas(place()[0])


@st.cache_data(max_entries=8, show_spinner="Checking the file…")
def _validated(data: bytes, filename: str, kind: str | None, id_column: str | None,
               root: str) -> ValidatedFile:
    return validate_upload(data, filename, kind, boundaries=_region_lsoas(root),
                           id_column=id_column, lookup=_lsoa_lookup(root))


def validated_upload(data: bytes, filename: str, kind: str | None,
                     id_column: str | None) -> ValidatedFile:
    """Check an uploaded file against the region's LSOAs (cached by its content)."""
    # an error here means the reference files themselves are missing
    return or_stop(lambda: _validated(data, filename, kind, id_column, place()[0]))


#: Runs of the app under way, and when the last one ended (time.monotonic; at first, when
#: the server started, as the first visitor is on the way): the warm-up keeps out of their way.
_RUNS = {"going": 0, "ended": time.monotonic()}


@contextlib.contextmanager
def app_run() -> Iterator[None]:
    """Mark a run of the app as under way while the block runs (wrap every run in it)."""
    _RUNS["going"] += 1
    try:
        yield
    finally:
        _RUNS["going"] -= 1
        _RUNS["ended"] = time.monotonic()


def _quiet(seconds: float) -> bool:
    return not _RUNS["going"] and time.monotonic() - _RUNS["ended"] >= seconds


def warm(root: str | None = None, pause: float = 1.0, quiet: float = 5.0) -> None:
    """Build what a first visitor needs before anyone asks: the default borough's data, the
    default index over its LSOAs, its rank intervals and maps (the Map page's and meeting
    mode's) and its asset register; then, a module at a time whenever no page has run for
    ``pause`` seconds (while a browser draws what it was sent, say), what the other pages
    import; then, a step at a time once nobody has used the app for ``quiet`` seconds, the
    same for all of Greater Manchester (but its asset registers, seeded when first asked
    for), when the data holds its ten boroughs.

    Runs outside any session (at server start, in a thread of its own); a session that
    asks for one of these meanwhile waits for it rather than building it again.
    """
    root = root or str(data_root())
    names = _borough_names(root)
    for _ in _warm_place(root, DEFAULT_BOROUGH if DEFAULT_BOROUGH in names else next(iter(names))):
        pass  # at once: the first visitor is on the way
    gc.freeze()  # what is warmed lives as long as the server: no collection need look at it
    # then a step at a time, each in a pause, so that none of them (a second or two in all)
    # holds up someone's page for long
    _in_turn(import_pages(), pause)
    if GREATER_MANCHESTER in places(names):
        _in_turn(_warm_place(root, GREATER_MANCHESTER), quiet)


def _in_turn(steps: Iterator[str], quiet: float) -> None:
    """Take each step once nobody has used the app for ``quiet`` seconds."""
    while True:
        _when_quiet(quiet)
        if next(steps, None) is None:
            return
        gc.freeze()  # what is warmed lives as long as the server: no collection need look at it


def _when_quiet(seconds: float) -> None:
    """Wait until nobody has used the app for ``seconds``: not while someone waits for a page."""
    while not _quiet(seconds):
        time.sleep(0.5)


def import_pages() -> Iterator[str]:
    """Import, one at a time, every module the pages import (statistics, charts, briefings...),
    so that nobody's first visit to a page waits for it; yield each one's name once imported.

    The pages' own import statements say which: ``import a`` and ``from a import b`` import
    ``a``, and ``a.b`` too where it is a module of package ``a`` (asked only once ``a`` is in,
    as asking imports it).
    """
    wanted: dict[str, set[str]] = {}
    for page in sorted((Path(__file__).parent / "views").glob("*.py")):
        for node in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    wanted.setdefault(alias.name, set())
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                wanted.setdefault(node.module, set()).update(a.name for a in node.names)
    for name, names in sorted(wanted.items()):
        package = importlib.import_module(name)
        yield name
        for inner in sorted(f"{name}.{n}" for n in names if hasattr(package, "__path__")):
            if importlib.util.find_spec(inner) is not None:
                importlib.import_module(inner)
                yield inner


def _warm_place(root: str, lad_code: str) -> Iterator[str]:
    """Build what a first visitor of a place needs, a step at a time: each ``next`` does
    one and yields what it built."""
    key = _key_for(root, lad_code, "lsoa")
    text = spec_to_yaml(load_preset(DEFAULT_PRESET))
    areas = _level(key, text)
    yield "areas"
    run = _run(key, text)
    yield "index"
    if lad_code == CANDIDATES:  # every profile's areas like it come from the region's
        keys = tuple(default_keys())
        _neighbours(key, text, keys, (1.0,) * len(keys))
        yield "neighbours"
    for public in (False, True):
        _map_base(key, False, _asset_base(), (), (0, 0), public, areas)
        _map_paint(key, text, run.spec.code, "bands" if public else "quintiles",
                   _note_counts(public), public)
        yield "meeting map" if public else "map"
    _sensitivity(key, text, SensitivitySettings())
    yield "rank intervals"
    if lad_code != GREATER_MANCHESTER:  # the region's ten registers wait until asked for
        seeded(database_url(), root, lad_code)
    _imd_change(root)
    yield "assets and change"
    if lad_code != GREATER_MANCHESTER:  # the profile's change since IoD2019
        _over_time(key, text, SensitivitySettings())
        yield "index over time"
