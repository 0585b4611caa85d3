"""Where the app keeps what users write and save: the database's notes, themes, promises,
stories, asset register and saved editions of the index, and the files of saved specs,
tables and neighbourhood sets, opened once per server."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from sqlalchemy import Engine

from dashboard.failures import or_stop
from dashboard.state import place
from data.settings import state_dir
from data.store.assets import AssetStore
from data.store.db import database_url, open_engine
from data.store.editions import EditionStore
from data.store.notes import NoteStore
from data.store.promises import PromiseStore
from data.store.readiness import ReadinessStore
from data.store.specs import SpecStore
from data.store.stories import StoryStore
from data.store.surveys import SurveyAnswerStore
from data.store.themes import ThemeStore
from data.workspace import neighbourhood_store, user_table_store

__all__ = ["asset_store", "edition_store", "engine", "neighbourhood_store", "note_store",
           "promise_store", "readiness_store", "seeded", "spec_store", "story_store",
           "survey_answer_store", "theme_store", "user_table_store"]


@st.cache_resource(show_spinner="Opening the store…")
def engine(url: str) -> Engine:
    """The database at ``url``, opened (and migrated) once per server."""
    return open_engine(url)


def _store_engine() -> Engine:
    return or_stop(lambda: engine(database_url()))


def note_store() -> NoteStore:
    """Return the notes store (SQLite by default, PostgreSQL when configured)."""
    return NoteStore(_store_engine())


def promise_store() -> PromiseStore:
    """Return the promises made to communities ("you said, we did")."""
    return PromiseStore(_store_engine())


def story_store() -> StoryStore:
    """Return the stories of places."""
    return StoryStore(_store_engine())


def survey_answer_store() -> SurveyAnswerStore:
    """Return the asset survey's answers, with its links (``.links``) and the register they
    are moderated into (``.assets``)."""
    return SurveyAnswerStore(_store_engine())


def readiness_store() -> ReadinessStore:
    """Return partnership readiness: the responses, with the partnerships
    (``.partnerships``), their waves (``.waves``) and links (``.links``)."""
    return ReadinessStore(_store_engine())


def edition_store() -> EditionStore:
    """Return the saved editions of the index."""
    return EditionStore(_store_engine())


def theme_store() -> ThemeStore:
    """Return the theme list."""
    return ThemeStore(_store_engine())


@st.cache_resource(max_entries=32, show_spinner="Loading the community assets…")
def seeded(url: str, root: str, lad_code: str) -> int:
    """Load a borough's assets from the open registers into the register at ``url``, once
    per database, data folder and borough; return how many were added."""
    return AssetStore(engine(url)).seed(Path(root), lad_code)


def asset_store() -> AssetStore:
    """Return the asset register, loaded from the open registers on first use in a borough
    (asked of the database once per database, data and borough, not on every run)."""
    root, lad_code = place()
    or_stop(lambda: seeded(database_url(), root, lad_code))
    return AssetStore(_store_engine())


def spec_store() -> SpecStore:
    """Return the store of named specs saved between sessions."""
    return SpecStore(state_dir() / "specs")
