"""Fetching a borough's postcodes from the ONS National Statistics Postcode Lookup, so that
conversation records can be placed by postcode (see :mod:`data.areas.postcodes`).

The lookup's layer on the ONS Open Geography Portal is queried for the borough's
districts (every postcode, live and terminated), or read whole from the mirror folder;
the borough's file is written to ``<state dir>/data/postcodes/<code>/``, with a manifest
of where and when it came from, through a temporary file, so a failed fetch leaves the
file that was there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from data.errors import FetchError
from data.fetch import publishers
from data.fetch.borough import Publishers
from data.fetch.download import Progress, keep_table, silent
from data.opendata import catalogue
from data.opendata.sources import POSTCODES
from data.settings import postcode_folder

#: An LSOA code of England or Wales.
_LSOA = re.compile(r"^[EW]01\d{6}$")


def shape_postcodes(features: list[dict]) -> pd.DataFrame:
    """The lookup's features as the borough's file: ``pcds``, ``lsoa21cd``, ``doterm``.

    Raises
    ------
    ValueError
        If a field is missing, or no postcode has an LSOA code.
    """
    fields = catalogue.POSTCODE_LAYER.fields
    table = publishers.records(features, fields)
    absent = [f for f in ("PCDS", "LSOA21CD") if table[f].isna().all()]
    if features and absent:
        raise ValueError(f"the lookup has no field {', '.join(absent)}")
    def text(field: str) -> pd.Series:  # a number read as 201906.0 is said 201906
        return (table[field].astype("string").fillna("").str.strip()
                .str.replace(r"\.0$", "", regex=True))

    table = pd.DataFrame({"pcds": text("PCDS"), "lsoa21cd": text("LSOA21CD"),
                          "doterm": text("DOTERM")})
    table = table[(table["pcds"] != "") & table["lsoa21cd"].str.match(_LSOA)]
    if table.empty:
        raise ValueError("no postcode in it has a 2021 LSOA code")
    return table.drop_duplicates("pcds").sort_values("pcds").reset_index(drop=True)


def fetch_postcodes(key: str, districts: Sequence[str], name: str, *,
                    folder: Path | None = None, mirror: Path | None = None,
                    hosts: Mapping[str, str] | None = None, refresh: bool = False,
                    progress: Progress | None = None) -> Path:
    """Fetch the postcodes of a borough (or of Greater Manchester) and write its lookup.

    Parameters
    ----------
    key : str
        The code the lookup is kept under (the borough's, or the region's).
    districts : sequence of str
        The local authority districts whose postcodes it holds.
    name : str
        The place's name, for the messages.
    folder : Path, optional
        The postcode folder (default: :func:`data.settings.postcode_folder`).
    mirror : Path, optional
        A folder holding the lookup's whole layer (``NSPL_LATEST_UK.geojson``), read
        instead of the network (default: the ``TCI_FETCH_MIRROR`` setting).
    hosts : Mapping, optional
        Replacement base addresses of the publishers (default: from ``TCI_FETCH_BASE``).
    refresh : bool
        Download it again, even when the cache holds it.
    progress : callable, optional
        Receives progress lines and the share done.

    Returns
    -------
    Path
        The lookup written.

    Raises
    ------
    data.errors.DownloadError
        If the lookup cannot be downloaded whole.
    FetchError
        If it holds no postcode of the place, or not in the layout expected.
    """
    report = progress or silent
    source = Publishers.configured(mirror=mirror, hosts=hosts, refresh=refresh, progress=report)
    layer = catalogue.POSTCODE_LAYER
    url = catalogue.layer_url(layer, "1=1", 0, hosts=source.hosts)
    report(f"{name}: postcodes from the National Statistics Postcode Lookup (ONS)", 0.1)
    try:
        table = shape_postcodes(source.layer(layer, catalogue.POSTCODE_DISTRICT, districts))
    except ValueError as error:
        raise FetchError(
            f"The postcodes of {name} cannot be made from {url}: {error}. The lookup may "
            f"have changed its fields (its district field is {catalogue.POSTCODE_DISTRICT}); "
            "check them in data/opendata/catalogue.py.") from None
    path = keep_table(table, Path(folder or postcode_folder()) / key, POSTCODES, url)
    report(f"Done: {len(table):,} postcodes of {name}", 1.0)
    return path
