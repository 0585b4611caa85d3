"""Opening the store: SQLite by default, PostgreSQL when configured, always migrated."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from data.errors import DataLayerError
from data.settings import state_dir

#: Environment variable holding a database URL, such as
#: ``postgresql+psycopg://user:password@host/tci``.
DATABASE_URL_ENV = "TCI_DATABASE_URL"

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(DataLayerError):
    """The store cannot be opened, or refuses a change; the message says why."""


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """Return the configured database URL, or the SQLite file in the state folder."""
    environ = os.environ if environ is None else environ
    configured = environ.get(DATABASE_URL_ENV, "").strip()
    return configured or f"sqlite:///{state_dir(environ) / 'tci.sqlite3'}"


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Create or upgrade the store's tables to the newest schema (Alembic ``upgrade head``)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_engine(url: str | None = None) -> Engine:
    """Connect to the store and bring its schema up to date.

    Raises
    ------
    StoreError
        If the database cannot be reached or migrated; the message names the
        setting to check.
    """
    url = url or database_url()
    try:
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        migrate(engine)
    except (SQLAlchemyError, OSError, ImportError) as error:
        shown = url.split("@")[-1] if "@" in url else url
        raise StoreError(
            f"cannot open the notes store at {shown} ({type(error).__name__}: "
            f"{str(error).splitlines()[0]}). Check {DATABASE_URL_ENV}, or unset it to use the "
            "SQLite file in the state folder."
        ) from None
    return engine
