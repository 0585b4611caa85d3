"""The front door of the common path, the same for the app, the command lines and the
briefings: a borough loaded with what users saved between sessions (their own tables and
neighbourhood sets), its areas at a level, the index built over them and its rank
intervals (:class:`Workspace`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data.areas.borough import BoroughData, load_borough
from data.areas.capacity import Sector
from data.areas.levels import CUSTOM, LevelData, Neighbourhoods, level_data, summed_for
from data.settings import state_dir
from data.store.neighbourhoods import NeighbourhoodStore
from data.store.tables import UserTableStore
from indices.build import IndexRun, build_index
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
            kind, _, name = self.level.partition(":")
            neighbourhoods = self._neighbourhoods
            if kind == CUSTOM and neighbourhoods is None:
                neighbourhoods = neighbourhood_store().load(name)
            self._areas = level_data(self.borough, kind, summed_for(self.spec), neighbourhoods)
        return self._areas

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
