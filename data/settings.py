"""The data-root setting: where the app reads its open data from."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from data.errors import DataRootNotFound

#: Environment variable naming the folder of data files.
DATA_ROOT_ENV = "TCI_DATA_ROOT"

#: The folder used when the variable is not set: ``../shared/data`` beside the checkout.
DEFAULT_DATA_ROOT = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def data_root(environ: Mapping[str, str] | None = None) -> Path:
    """Return the folder the data files are read from.

    Parameters
    ----------
    environ : Mapping, optional
        The environment to read :data:`DATA_ROOT_ENV` from (default: the
        process environment).

    Returns
    -------
    Path
        The value of ``TCI_DATA_ROOT`` when set, otherwise
        :data:`DEFAULT_DATA_ROOT` when that folder exists.

    Raises
    ------
    DataRootNotFound
        If the variable names a folder that does not exist, or it is unset
        and the default folder does not exist.
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
    raise DataRootNotFound(
        f"No data found: {DATA_ROOT_ENV} is not set and the default folder "
        f"{DEFAULT_DATA_ROOT} does not exist. Set {DATA_ROOT_ENV} to the folder that holds "
        "the data files (lsoa21_greater_manchester.geojson and the others listed in SOURCES.md)."
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
    environ = os.environ if environ is None else environ
    configured = environ.get(STATE_DIR_ENV, "").strip()
    folder = Path(configured).expanduser() if configured else DEFAULT_STATE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder
