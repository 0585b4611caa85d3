"""The data-root setting: where the app reads its open data from."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from data.errors import DataRootNotFound

#: Environment variable naming the folder of data files.
DATA_ROOT_ENV = "TCI_DATA_ROOT"

#: The folder used when the variable is not set: ``../shared/data`` beside the checkout.
DEFAULT_DATA_ROOT = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def data_root(environ: Mapping[str, str] | None = None) -> Path:
    """Return the folder the data files are read from.

    In order: the folder ``TCI_DATA_ROOT`` names; the Greater Manchester
    folder ``../shared/data``; the most recently fetched borough (see
    :func:`fetched_folder`).

    Parameters
    ----------
    environ : Mapping, optional
        The environment to read :data:`DATA_ROOT_ENV` from (default: the
        process environment).

    Returns
    -------
    Path
        The value of ``TCI_DATA_ROOT`` when set, otherwise
        :data:`DEFAULT_DATA_ROOT` when that folder exists, otherwise the
        most recently fetched borough's folder.

    Raises
    ------
    DataRootNotFound
        If the variable names a folder that does not exist, or it is unset
        and neither the default folder nor a fetched borough exists.
    """
    environ = os.environ if environ is None else environ
    configured = environ.get(DATA_ROOT_ENV, "").strip()
    if configured:
        root = Path(configured).expanduser()
        if not root.is_dir():
            raise DataRootNotFound(
                f"{DATA_ROOT_ENV} is set to {configured!r}, but there is no folder there. "
                f"Set {DATA_ROOT_ENV} to the folder that holds the data files "
                "(lsoa21_greater_manchester.geojson and the others listed in SOURCES.md)."
            )
        return root
    if DEFAULT_DATA_ROOT.is_dir():
        return DEFAULT_DATA_ROOT
    fetched = latest_fetched(environ)
    if fetched is not None:
        return fetched
    raise DataRootNotFound(
        f"No data found: {DATA_ROOT_ENV} is not set, the default folder "
        f"{DEFAULT_DATA_ROOT} does not exist and no borough has been fetched. Fetch a "
        "borough's open data from its publishers (python -m data fetch --borough Oldham), or "
        f"set {DATA_ROOT_ENV} to the folder that holds the data files "
        "(lsoa21_greater_manchester.geojson and the others listed in SOURCES.md)."
    )


#: Environment variable naming the folder where the app keeps what users save.
STATE_DIR_ENV = "TCI_STATE_DIR"

#: The folder used when the variable is not set: ``var/`` in the checkout.
DEFAULT_STATE_DIR = Path(__file__).resolve().parent.parent / "var"


def state_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return (creating it if needed) the folder where saved specs and other user data live.

    Parameters
    ----------
    environ : Mapping, optional
        The environment to read :data:`STATE_DIR_ENV` from (default: the process
        environment).
    """
    folder = _state_path(environ)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _state_path(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    configured = environ.get(STATE_DIR_ENV, "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_STATE_DIR


#: Environment variable naming a folder of files downloaded from the publishers, which
#: the fetch reads instead of the network (for council networks without internet).
FETCH_MIRROR_ENV = "TCI_FETCH_MIRROR"

#: Environment variable moving every publisher's address under one base address
#: (``<base>/ons``, ``<base>/govuk``, ``<base>/nomis``): a local copy of their sites.
FETCH_BASE_ENV = "TCI_FETCH_BASE"

#: The file whose presence marks a folder as a fetched borough's.
_FETCHED_MARK = "lsoa21_greater_manchester.geojson"


def fetch_folder(environ: Mapping[str, str] | None = None) -> Path:
    """Return the folder under which fetched open data is kept: ``<state dir>/data``."""
    return state_dir(environ) / "data"


def postcode_folder(environ: Mapping[str, str] | None = None) -> Path:
    """Return the folder the fetched postcode lookups are kept in, one subfolder per
    borough: ``<state dir>/data/postcodes`` (apart from the boroughs' own folders, which a
    fetch replaces whole)."""
    return fetch_folder(environ) / "postcodes"


def charity_folder(environ: Mapping[str, str] | None = None) -> Path:
    """Return the folder the fetched Charity Commission register is kept in:
    ``<state dir>/data/charities``."""
    return fetch_folder(environ) / "charities"


def fetched_folder(lad_code: str, environ: Mapping[str, str] | None = None) -> Path:
    """Return the folder a borough's fetched data is kept in: ``<state dir>/data/<code>``."""
    return fetch_folder(environ) / lad_code


def latest_fetched(environ: Mapping[str, str] | None = None) -> Path | None:
    """Return the folder of the most recently fetched borough, or None if none was fetched."""
    folder = _state_path(environ) / "data"
    found = [path.parent for path in folder.glob(f"E*/{_FETCHED_MARK}")
             if path.parent.name.isalnum()]  # not a fetch still under way (CODE.partial)
    return max(found, key=lambda path: path.joinpath(_FETCHED_MARK).stat().st_mtime,
               default=None)


def fetch_mirror(environ: Mapping[str, str] | None = None) -> Path | None:
    """Return the mirror folder the fetch reads from, or None to use the network.

    Raises
    ------
    DataRootNotFound
        If :data:`FETCH_MIRROR_ENV` names a folder that does not exist.
    """
    environ = os.environ if environ is None else environ
    configured = environ.get(FETCH_MIRROR_ENV, "").strip()
    if not configured:
        return None
    mirror = Path(configured).expanduser()
    if not mirror.is_dir():
        raise DataRootNotFound(
            f"{FETCH_MIRROR_ENV} is set to {configured!r}, but there is no folder there. Point "
            "it at the folder of files downloaded from the publishers, or unset it to fetch "
            "from the internet."
        )
    return mirror


def fetch_base(environ: Mapping[str, str] | None = None) -> str | None:
    """Return the base address that replaces the publishers' hosts, or None for the live ones."""
    environ = os.environ if environ is None else environ
    return environ.get(FETCH_BASE_ENV, "").strip() or None


@dataclass(frozen=True)
class Limits:
    """How large a file users bring may be, checked before any work on it starts.

    Each limit is set by an environment variable, named in the message of a file that
    passes it, so an administrator can raise it for a trusted team.

    Attributes
    ----------
    file_mb : float
        Largest file, in megabytes (``TCI_MAX_FILE_MB``); for an Excel workbook or a zip,
        also the most its contents may unpack to, times :data:`UNPACKED_RATIO`.
    rows, columns, cells : int
        Most rows, columns, and rows × columns of a table (``TCI_MAX_ROWS``,
        ``TCI_MAX_COLUMNS``, ``TCI_MAX_CELLS``).

    The limits on index specs are the engine's: see :func:`indices.spec.spec_limits`.
    """

    file_mb: float = 25.0
    rows: int = 200_000
    columns: int = 500
    cells: int = 5_000_000


#: The environment variable of each limit of :class:`Limits`.
LIMIT_ENV = {"file_mb": "TCI_MAX_FILE_MB", "rows": "TCI_MAX_ROWS",
             "columns": "TCI_MAX_COLUMNS", "cells": "TCI_MAX_CELLS"}
#: How many times its own size a workbook or zip may unpack to.
UNPACKED_RATIO = 8


def limits(environ: Mapping[str, str] | None = None) -> Limits:
    """Return the size limits on users' files, from the environment (see :class:`Limits`).

    A variable that is not a positive number is ignored: the default stands.
    """
    environ = os.environ if environ is None else environ
    chosen = {}
    for name, variable in LIMIT_ENV.items():
        kind = type(getattr(Limits, name))
        try:
            value = kind(environ.get(variable, "").strip())
        except ValueError:
            continue
        if value > 0:
            chosen[name] = value
    return Limits(**chosen)


def too_large(what: str, size: str, limit: str, name: str) -> tuple[str, str]:
    """What to say of a file that passes a limit, and what to do: (message, fix)."""
    return (f"{what} ({size}) is more than the app takes ({limit}).",
            f"Split it into smaller files, or ask the administrator to raise the limit (the "
            f"setting {LIMIT_ENV[name]}).")
