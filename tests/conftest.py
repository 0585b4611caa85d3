"""Fixtures shared by the test suite: the real data folder and what is built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.areas.borough import BoroughData, load_borough
from data.settings import data_root
from indices.build import IndexRun, build_index
from indices.presets import load_preset


def pytest_configure(config) -> None:
    """Keep what the app saves during the tests (specs, the notes database) out of var/."""
    import os
    import tempfile

    os.environ.setdefault("TCI_STATE_DIR", tempfile.mkdtemp(prefix="tci-state-"))
    os.environ.pop("TCI_DATABASE_URL", None)
    os.environ.pop("TCI_SUPPRESS_BELOW", None)


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


# ------------------------------------------------------------------ a real PostgreSQL server

def _postgres_binary(name: str) -> str | None:
    import glob

    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return found[0] if found else None


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server of our own on a loopback port, for the whole session.

    Uses ``TCI_TEST_POSTGRES_URL`` when set. Needs Debian's postgresql package
    (.ci/run installs it); without it the tests are skipped locally and fail in CI.
    """
    import os
    import shutil
    import socket
    import subprocess
    import time

    configured = os.environ.get("TCI_TEST_POSTGRES_URL")
    if configured:
        yield configured
        return
    initdb, postgres = _postgres_binary("initdb"), _postgres_binary("postgres")
    if not (initdb and postgres):
        message = "PostgreSQL server binaries not found (apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    import tempfile
    from pathlib import Path

    # not under pytest's own temporary folder: the postgres user cannot enter that one
    folder = Path(tempfile.mkdtemp(prefix="tci-postgres-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL will not run as root
        shutil.chown(folder, "postgres", "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    subprocess.run(prefix + [initdb, "-D", str(data), "-A", "trust", "-U", "postgres",
                             "--no-sync"], check=True, capture_output=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        prefix + [postgres, "-D", str(data), "-p", str(port), "-k", str(folder),
                  "-h", "127.0.0.1", "-c", "fsync=off"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres").close()
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise
            time.sleep(0.2)
    yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=30)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A new, empty database: a SQLite file, and a database on the real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    import uuid

    import psycopg

    server = request.getfixturevalue("postgres_server")
    name = f"test_{uuid.uuid4().hex[:12]}"
    address = server.split("://", 1)[1]
    user_host, port = address.rsplit(":", 1)
    with psycopg.connect(f"host=127.0.0.1 port={port.split('/')[0]} user=postgres "
                         "dbname=postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server.split('/')[0]}//{address.split('/')[0]}/{name}"


def pytest_collection_modifyitems(items):
    """The browser tests are slow ones: each drives the running app in Chromium."""
    browser = Path(__file__).parent / "browser"
    for item in items:
        if browser in Path(item.path).parents:
            item.add_marker(pytest.mark.slow)
