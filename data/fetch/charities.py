"""Fetching the Charity Commission's register of charities (Open Government Licence), so
that a charity number given in the asset survey fills in and checks the organisation's
name, registered income and activities (see :mod:`data.opendata.charities`).

The register's full extract (its charity table, a ZIP of tab-separated text) is downloaded
into the cache, or copied from the mirror folder; the registered main charities are kept
in ``<state dir>/data/charities/charity_register.csv``, written through a temporary file
with a manifest of where and when it came from, so a failed fetch leaves the file that
was there.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pandas as pd

from data.errors import FetchError
from data.fetch import publishers
from data.fetch.borough import Publishers
from data.fetch.download import Progress, keep_table, silent
from data.opendata import catalogue
from data.opendata.sources import CHARITIES
from data.settings import charity_folder

#: The extract's columns read, and what the register's file calls them.
FIELDS = {"registered_charity_number": "number", "linked_charity_number": "linked",
          "charity_name": "name", "charity_registration_status": "status",
          "latest_income": "income", "charity_activities": "activities",
          "charity_contact_postcode": "postcode"}
#: The longest activities kept, in characters.
ACTIVITIES = 600


def shape_charities(text: Path) -> pd.DataFrame:
    """The extract's charity table as the register's file: registered main charities only.

    Raises
    ------
    ValueError
        If a field is missing, or no charity is registered.
    """
    with zipfile.ZipFile(text) as archive, archive.open(catalogue.CHARITY_MEMBER) as member:
        header = pd.read_csv(member, sep="\t", nrows=0, encoding="utf-8-sig").columns
        absent = [f for f in FIELDS if f not in header]
        if absent:
            raise ValueError(f"the extract has no field {', '.join(absent)}")
    with zipfile.ZipFile(text) as archive, archive.open(catalogue.CHARITY_MEMBER) as member:
        table = pd.read_csv(member, sep="\t", usecols=list(FIELDS), dtype=str,
                            keep_default_na=False, quoting=csv.QUOTE_NONE,
                            encoding="utf-8-sig", on_bad_lines="skip").rename(columns=FIELDS)
    table = table[(table["status"].str.strip().str.casefold() == "registered")
                  & (table["linked"].str.strip().isin(["0", ""]))]
    if table.empty:
        raise ValueError("no charity in it is registered")
    table = table.assign(number=table["number"].str.strip(),
                         name=table["name"].str.strip(),
                         activities=table["activities"].str.strip().str[:ACTIVITIES],
                         postcode=table["postcode"].str.strip().str.upper())
    return table[["number", "name", "income", "activities", "postcode"]] \
        .drop_duplicates("number").reset_index(drop=True)


def fetch_charities(*, folder: Path | None = None, mirror: Path | None = None,
                    hosts: dict[str, str] | None = None, refresh: bool = False,
                    progress: Progress | None = None) -> Path:
    """Fetch the Charity Commission's register and write the register's file.

    Parameters
    ----------
    folder : Path, optional
        Where to keep it (default: :func:`data.settings.charity_folder`).
    mirror : Path, optional
        A folder holding the extract (``publicextract.charity.zip``), read instead of
        the network (default: the ``TCI_FETCH_MIRROR`` setting).
    hosts : dict, optional
        Replacement base addresses of the publishers (default: from ``TCI_FETCH_BASE``).
    refresh : bool
        Download it again, even when the cache holds it.
    progress : callable, optional
        Receives progress lines and the share done.

    Returns
    -------
    Path
        The register's file written.

    Raises
    ------
    data.errors.DownloadError
        If the extract cannot be downloaded whole.
    FetchError
        If it is not in the layout expected.
    """
    report = progress or silent
    source = Publishers.configured(mirror=mirror, hosts=hosts, refresh=refresh, progress=report)
    url = catalogue.file_url(catalogue.CHARITY_EXTRACT, source.hosts)
    report("The register of charities (Charity Commission for England and Wales)", 0.1)
    extract = source.file(catalogue.CHARITY_EXTRACT, publishers.check_zip(catalogue.CHARITY_MEMBER))
    try:
        table = shape_charities(extract)
    except ValueError as error:
        raise FetchError(f"The register of charities cannot be read from {url}: {error}. The "
                         "Charity Commission may have changed the extract's fields; check "
                         "them in data/fetch/charities.py.") from None
    path = keep_table(table, Path(folder or charity_folder()), CHARITIES, url)
    report(f"Done: {len(table):,} registered charities", 1.0)
    return path
