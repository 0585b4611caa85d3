"""What users save between sessions (neighbourhood sets, their own tables), and a borough
loaded with it: the same for the app and the command lines."""

from __future__ import annotations

from pathlib import Path

from data.areas.borough import BoroughData, load_borough
from data.settings import state_dir
from data.store.neighbourhoods import NeighbourhoodStore
from data.store.tables import UserTableStore


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
