"""Fixtures shared by the test suite: the real data folder and what is built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.borough import BoroughData, load_borough
from data.settings import data_root
from indices.build import IndexRun, build_index
from indices.presets import load_preset


@pytest.fixture(scope="session")
def root() -> Path:
    """The data folder (../shared/data or TCI_DATA_ROOT); the suite needs it."""
    return data_root()


@pytest.fixture(scope="session")
def oldham(root: Path) -> BoroughData:
    """Oldham's boundaries and area table, loaded once."""
    return load_borough(root)


@pytest.fixture(scope="session")
def tci(oldham: BoroughData) -> IndexRun:
    """The default Thriving Community Index built over Oldham."""
    return build_index(load_preset(), oldham.table)
