"""Opening the store: SQLite by default, PostgreSQL when configured, always migrated."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Mapping
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from data.errors import StoreError
from data.settings import state_dir

#: Environment variable holding a database URL, such as
#: ``postgresql+psycopg://user:password@host/tci``.
DATABASE_URL_ENV = "TCI_DATABASE_URL"

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """Return the configured database URL, or the SQLite file in the state folder."""
    environ = os.environ if environ is None else environ
    configured = environ.get(DATABASE_URL_ENV, "").strip()
    return configured or f"sqlite:///{state_dir(environ) / 'tci.sqlite3'}"


#: How long a change waits for another one to finish (a large import on SQLite, which has
#: one writer at a time) before it is refused with a message.
BUSY_SECONDS = 20
#: How many times opening the store tries the migrations again when another process is
#: making the same tables at the same moment (a fresh database opened by several at once).
MIGRATION_TRIES = 20
#: Any number, the same in every process: PostgreSQL's lock on migrating this store.
_MIGRATION_LOCK = 741_852_963


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Create or upgrade the store's tables to the newest schema (Alembic ``upgrade head``).

    Processes that open the store at the same moment take turns: on PostgreSQL under an
    advisory lock; on SQLite by trying again, a little later, when another process holds
    the database or has just made the tables (up to :data:`MIGRATION_TRIES` times). A
    PostgreSQL server that cannot be reached is not tried again: the lock means no other
    process's migration is in the way, so the error is said at once.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    for attempt in range(1, MIGRATION_TRIES + 1):
        try:
            with engine.begin() as connection:
                if engine.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:n)"),
                                       {"n": _MIGRATION_LOCK})
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            return
        except OperationalError:
            if attempt == MIGRATION_TRIES or engine.dialect.name != "sqlite":
                raise
            time.sleep(0.1 + random.random() * 0.4)  # noqa: S311 (not for security)


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
