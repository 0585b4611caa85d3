"""The front door of the common path, the same for the app, the command lines and the
briefings: a borough loaded with what users saved between sessions (their own tables and
neighbourhood sets), its areas at a level, the index built over them and its rank
intervals (:class:`Workspace`), and the same index on IoD2019 and IoD2025 side by side
(:meth:`Workspace.over_time`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data.areas.borough import BoroughData, load_borough
from data.areas.capacity import Sector
from data.areas.change import BOUNDARY_CHANGES, iod2019_table
from data.areas.counts import count_measures
from data.areas.levels import CUSTOM, LevelData, Neighbourhoods, level_data, summed_for
from data.errors import EditionError
from data.exports import results_table
from data.settings import state_dir
from data.stats.compare import compare_areas, counted_indicators
from data.store.neighbourhoods import NeighbourhoodStore
from data.store.tables import UserTableStore
from indices.build import IndexRun, build_index
from indices.editions import Comparable, comparable, compare
from indices.sensitivity import SensitivityResult, SensitivitySettings, sensitivity
from indices.spec import IndexSpec


def neighbourhood_store() -> NeighbourhoodStore:
    """Return the saved neighbourhood sets (``neighbourhoods/`` in the state folder)."""
    return NeighbourhoodStore(state_dir() / "neighbourhoods")


def user_table_store() -> UserTableStore:
    """Return the users' saved tables by LSOA (``tables/`` in the state folder)."""
    return UserTableStore(state_dir() / "tables")


def load_with_saved(root: Path, lad_code: str) -> BoroughData:
    """Load a borough with the users' tables joined in and their neighbourhoods' totals
    protected by secondary suppression (see :func:`data.areas.borough.load_borough`)."""
    tables, sets = user_table_store(), neighbourhood_store()
    return load_borough(root, lad_code, tables.joined() if tables.names() else None,
                        sets.groupings() if sets.names() else None)


def place_names(borough: BoroughData, areas: LevelData) -> dict[str, str]:
    """Every code what is said or promised in a borough can be stored against, with its
    name: the areas of the level, the 2021 LSOAs and the wards.

    Parameters
    ----------
    borough : BoroughData
        The borough.
    areas : LevelData
        Its areas at a level.

    Returns
    -------
    dict
        Code -> name, the level's areas first.
    """
    return (areas.table["area_name"].astype(str).to_dict()
            | dict(zip(borough.lsoas["lsoa21cd"], borough.lsoas["lsoa21nm"], strict=True))
            | dict(zip(borough.wards["ward_code"], borough.wards["ward_name"], strict=True)))


@dataclass(frozen=True)
class OverTime:
    """The same index built on IoD2019 (bridged to 2021 LSOAs) and on IoD2025, with the
    indicators both have (see :func:`indices.editions.comparable`).

    Attributes
    ----------
    editions : Comparable
        The two cut-down specs, the indicators used and those left out, with why.
    before, after : pandas.DataFrame
        Each build's results (see :func:`data.exports.results_table`), with rank intervals.
    change : pandas.DataFrame
        How each area moved (see :func:`indices.editions.compare`).
    labels : tuple of str
        What the two builds are called.
    """

    editions: Comparable
    before: pd.DataFrame
    after: pd.DataFrame
    change: pd.DataFrame
    labels: tuple[str, str] = ("IoD2019", "IoD2025")


class Workspace:
    """A borough's data, its areas at a level, the index over them and its rank intervals,
    each made once, when first asked for.

    Parameters
    ----------
    root : Path
        The data folder.
    lad_code : str
        The borough (or Greater Manchester).
    spec : IndexSpec
        The index to build.
    level : str
        A level of :data:`data.areas.levels.LEVELS`, or ``"custom:NAME"`` for a saved
        neighbourhood set (or ``"custom"`` with ``neighbourhoods``). Default: LSOAs.
    neighbourhoods : Neighbourhoods, optional
        The neighbourhoods of a custom level, when not a saved set.
    borough : BoroughData, optional
        The borough already loaded (with :func:`load_with_saved`), to share it.

    Raises
    ------
    data.errors.DataLayerError, indices.errors.IndicesError
        From the step that fails, when its result is first asked for.
    """

    #: Rank intervals kept, for as many sets of settings (the latest ones).
    KEEP_INTERVALS = 4

    def __init__(self, root: Path, lad_code: str, spec: IndexSpec, level: str = "lsoa", *,
                 neighbourhoods: Neighbourhoods | None = None,
                 borough: BoroughData | None = None) -> None:
        self.root, self.lad_code, self.spec, self.level = Path(root), lad_code, spec, level
        self._neighbourhoods = neighbourhoods
        # each made on first use and kept (not functools.cached_property: on Python 3.11 its
        # one lock for all instances would make one place's build wait for another's)
        self._borough, self._areas, self._run = borough, None, None
        self._intervals: dict[SensitivitySettings, SensitivityResult] = {}
        self._over_time: dict[SensitivitySettings, OverTime] = {}
        self._comparisons: dict[float, pd.DataFrame] = {}
        self._earlier: pd.DataFrame | None = None

    @property
    def borough(self) -> BoroughData:
        """The borough's data, with the users' tables and neighbourhoods' suppression."""
        if self._borough is None:
            self._borough = load_with_saved(self.root, self.lad_code)
        return self._borough

    @property
    def areas(self) -> LevelData:
        """The borough's areas at the level, with the table the index is built from."""
        if self._areas is None:
            self._areas = self._level_of(self.borough, self.spec)
        return self._areas

    def _level_of(self, borough: BoroughData, spec: IndexSpec) -> LevelData:
        """A borough's areas at the level, with the table ``spec`` is built from."""
        kind, _, name = self.level.partition(":")
        neighbourhoods = self._neighbourhoods
        if kind == CUSTOM and neighbourhoods is None:
            neighbourhoods = neighbourhood_store().load(name)
        return level_data(borough, kind, summed_for(spec), neighbourhoods)

    @property
    def run(self) -> IndexRun:
        """The index built over the areas."""
        if self._run is None:
            self._run = build_index(self.spec, self.areas.table)
        return self._run

    def place_names(self) -> dict[str, str]:
        """Every code what is said or promised can be stored against, with its name (see
        :func:`place_names`)."""
        return place_names(self.borough, self.areas)

    def sector(self, register: pd.DataFrame) -> Sector:
        """The voluntary and community sector of the asset register at the level (see
        :class:`data.areas.capacity.Sector`)."""
        lsoas = self.borough.lsoas.set_index("lsoa21cd")
        return Sector.of(register, self.borough.table["usual_residents_2021"],
                         lsoas["wd24cd"], self.areas.members,
                         self.areas.table["usual_residents_2021"])

    def intervals(self, settings: SensitivitySettings | None = None) -> SensitivityResult:
        """The rank intervals of the index: its sensitivity analysis with these settings
        (default: :class:`~indices.sensitivity.SensitivitySettings`' defaults)."""
        settings = settings or SensitivitySettings()
        if settings not in self._intervals:
            while len(self._intervals) >= self.KEEP_INTERVALS:
                self._intervals.pop(next(iter(self._intervals)))
            self._intervals[settings] = sensitivity(self.run, settings)
        return self._intervals[settings]

    def _iod2019(self) -> pd.DataFrame:
        """IoD2019 carried to 2021 LSOAs (see :func:`data.areas.change.iod2019_table`),
        read once."""
        if self._earlier is None:
            self._earlier = iod2019_table(self.root)
        return self._earlier

    def _earlier_areas(self, spec: IndexSpec) -> LevelData:
        """The areas at the level with IoD2019's figures (bridged) in place of today's."""
        earlier = self._iod2019()
        missing = [i.column for i in spec.indicators if i.column not in earlier] + [
            i.denominator for i in spec.indicators
            if i.denominator and i.denominator not in earlier]
        if missing:
            raise EditionError(
                f"The IoD2019 table has no column {missing[0]!r}, which the spec's iod2019 key "
                f"names. Use one of its columns, such as {', '.join(list(earlier)[:6])}.")
        borough = self.borough

        def then(table: pd.DataFrame) -> pd.DataFrame:
            kept = table.drop(columns=table.columns.intersection(earlier.columns))
            return kept.join(earlier.reindex(table.index))

        return self._level_of(dataclasses.replace(
            borough, table=then(borough.table), region=then(borough.region)), spec)

    def comparisons(self, confidence: float = 0.95) -> pd.DataFrame:
        """Each area's rates and proportions made from counts compared with the borough and
        the region by their confidence intervals (see
        :func:`data.stats.compare.compare_areas`), for pages, briefings and exports; made
        once per confidence level."""
        if confidence not in self._comparisons:
            counted = counted_indicators(self.spec, count_measures(self.root, self.spec))
            self._comparisons[confidence] = compare_areas(
                self.areas.table, self.borough.region, counted, self.areas.hidden, confidence)
        return self._comparisons[confidence]

    def boundary_changes(self) -> pd.Series:
        """Per area of the level, True where any of its 2021 LSOAs was split or merged from
        2011 LSOAs (see :data:`data.areas.change.BOUNDARY_CHANGES`)."""
        codes = self._iod2019()["change_code"]
        members = self.areas.members
        changed = codes.reindex(members.index).isin(list(BOUNDARY_CHANGES))
        return changed.groupby(members.to_numpy()).any()

    def over_time(self, settings: SensitivitySettings | None = None) -> OverTime:
        """The index on IoD2019 and on IoD2025, with the indicators both have, their rank
        intervals and how each area moved (see :class:`OverTime`).

        Raises
        ------
        indices.errors.SpecError
            If no indicator of the spec has an IoD2019 counterpart.
        data.errors.EditionError
            If a counterpart's column is not in the IoD2019 table.
        """
        settings = settings or SensitivitySettings()
        if settings not in self._over_time:
            editions = comparable(self.spec)
            earlier = self._earlier_areas(editions.then)
            results = []
            for spec, areas in ((editions.then, earlier), (editions.now, self.areas)):
                run = build_index(spec, areas.table)
                results.append(results_table(run, areas.table, areas.hidden,
                                             sensitivity(run, settings).areas))
            self._over_time = {settings: OverTime(
                editions, *results, compare(*results, self.boundary_changes()))}
        return self._over_time[settings]
