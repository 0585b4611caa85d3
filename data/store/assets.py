"""The asset register: community assets, editable, with every change kept.

Seeded from the open Greater Manchester file; versions, history, soft retiring,
export and import come from :class:`data.store.records.VersionedStore`.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from data.areas.assets import ASSET_TYPES, filter_assets, load_assets
from data.areas.capacity import FIELDS_OF_WORK
from data.areas.geography import BOROUGHS, GREATER_MANCHESTER
from data.errors import RecordProblem
from data.opendata.sources import COMMUNITY_ASSETS
from data.store.models import Asset, AssetChange
from data.store.records import VersionedStore, date_of, flag_of, list_of, now, text_of
from data.userfiles import oruk

#: Finds the (LSOA, ward, borough) codes of a point, or None outside the known areas.
Locator = Callable[[float, float], "tuple[str, str, str] | None"]

REQUIRED_COLUMNS = {"name", "category", "lon", "lat"}
#: Seeding checks that a borough has no assets, then adds them: one seed at a time, so that
#: two sessions (or a session and the server's warm-up) opening a new borough at once do not
#: both add the open registers' assets.
_SEEDING = threading.Lock()
_TEXT = ("source_id", "name", "category", "subcategory", "address", "postcode",
         "opening_hours", "source", "charity_number", "company_number", "income_band")
#: The fields an organisation's survey answers add (see data.store.surveys), each with
#: what an asset without them has.
SURVEY_FIELDS: dict[str, Any] = {
    "charity_number": "", "company_number": "", "fields_of_work": [], "venues": [],
    "serves": [], "serves_borough": False, "staff_fte": None, "volunteer_hours": None,
    "income_band": "", "funding_shares": {}, "support_needs": [], "contact": {},
    "figures_public": False, "survey_year": None}


def _structured(value: Any, kind: type) -> Any:
    """A list or mapping field from itself or from its JSON text (as exported to CSV)."""
    if isinstance(value, str) and value.strip():
        value = json.loads(value)
    if value is None or (isinstance(value, str) and not value.strip()) or \
            (isinstance(value, float) and value != value):
        return kind()
    if not isinstance(value, kind):
        raise ValueError
    return value


def _count(value: Any) -> int | None:
    text = text_of(value)
    if not text:
        return None
    number = float(text)
    if number < 0 or number != int(number):
        raise ValueError
    return int(number)


def clean_asset(fields: Mapping[str, Any], row: int | None = None,
                locate: Locator | None = None) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check and tidy an asset's fields.

    Parameters
    ----------
    fields : Mapping
        ``name``, ``category``, ``lon`` and ``lat`` (WGS84) are required;
        ``subcategory``, ``address``, ``postcode``, ``services`` and
        ``funding`` (lists, or text separated by ``;``), ``opening_hours``,
        ``staff`` and ``volunteers`` (whole numbers), ``last_verified``
        (``YYYY-MM-DD``), ``source`` and ``source_id`` are optional.
    row : int, optional
        The row of a file the fields came from, for the problems.
    locate : callable, optional
        Finds the area codes of the point; when given, a point outside every
        area is a problem. Without it, the codes in ``fields`` are kept.
    """
    problems: list[RecordProblem] = []

    def fault(column: str, message: str) -> None:
        problems.append(RecordProblem(row, column, text_of(fields.get(column)), message))

    asset: dict[str, Any] = {key: text_of(fields.get(key)) for key in _TEXT}
    for key in ("services", "funding", "fields_of_work", "serves", "support_needs"):
        asset[key] = list_of(fields.get(key))
    for key, kind in (("venues", list), ("funding_shares", dict), ("contact", dict)):
        try:
            asset[key] = _structured(fields.get(key), kind)
        except ValueError:
            fault(key, f"give it as JSON ({'a list' if kind is list else 'an object'}), as "
                  "the register's export writes it, or leave it empty.")
            asset[key] = kind()
    for key in ("serves_borough", "figures_public"):
        try:
            asset[key] = flag_of(fields.get(key))
        except ValueError:
            fault(key, "use yes or no (or true or false).")
            asset[key] = False
    for key in ("staff_fte", "volunteer_hours"):
        text = text_of(fields.get(key))
        try:
            asset[key] = float(text) if text else None
            if asset[key] is not None and not 0 <= asset[key] < 1e7:
                raise ValueError
        except ValueError:
            fault(key, "give a number of 0 or more, or leave it empty.")
            asset[key] = None
    if not asset["name"]:
        fault("name", "an asset needs a name.")
    if not asset["category"]:
        fault("category", f"give a category, such as {', '.join(list(ASSET_TYPES)[:4])}.")
    for key in ("staff", "volunteers", "survey_year"):
        try:
            asset[key] = _count(fields.get(key))
        except ValueError:
            fault(key, "give a whole number of people, or leave it empty.")
            asset[key] = None
    try:
        asset["last_verified"] = date_of(fields.get("last_verified"))
    except ValueError:
        fault("last_verified", "give the date as YYYY-MM-DD, or leave it empty.")
        asset["last_verified"] = None
    try:
        asset["lon"], asset["lat"] = float(text_of(fields.get("lon"))), \
            float(text_of(fields.get("lat")))
        if not (-8.7 <= asset["lon"] <= 1.8 and 49.8 <= asset["lat"] <= 60.9) or \
                not all(map(math.isfinite, (asset["lon"], asset["lat"]))):
            fault("lon", "the point is not in the UK: give longitude and latitude in degrees "
                  "(WGS84), such as -2.11 and 53.54.")
    except ValueError:
        fault("lon" if not _is_number(fields.get("lon")) else "lat",
              "give longitude and latitude as numbers in degrees (WGS84).")
        asset["lon"] = asset["lat"] = float("nan")
    codes = (text_of(fields.get("area_code")), text_of(fields.get("ward_code")),
             text_of(fields.get("lad_code")))
    if locate is not None and not problems:
        codes = locate(asset["lon"], asset["lat"]) or ("", "", "")
        if not codes[0]:
            fault("lon", "the point is outside every area the app knows; check the "
                  "coordinates (longitude first).")
    asset["area_code"], asset["ward_code"], asset["lad_code"] = codes
    return asset, problems


def _is_number(value: Any) -> bool:
    try:
        float(text_of(value))
    except ValueError:
        return False
    return True


class AssetStore(VersionedStore):
    """The asset register in a database opened with :func:`data.store.db.open_engine`."""

    kind, plural = "asset", "assets"
    model = Asset
    change_model = AssetChange
    change_key = "asset_id"
    fields = ("id", "source_id", "name", "category", "subcategory", "address", "postcode",
              "lon", "lat", "area_code", "ward_code", "lad_code", "services", "opening_hours",
              "staff", "volunteers", "funding", "last_verified", "source", *SURVEY_FIELDS,
              "retired", "version", "updated_at", "updated_by")
    clean = staticmethod(clean_asset)
    required = frozenset(REQUIRED_COLUMNS)

    def verify(self, asset_id: int, expected_version: int, who: str,
               when: date | None = None) -> dict[str, Any]:
        """Record that an asset was checked and is still there (last verified today)."""
        return self._change(asset_id, expected_version, who, "verify",
                            {"last_verified": when or date.today()})

    def assets(self, lad_code: str | None = None, category: str | None = None,
               search: str = "", include_retired: bool = False) -> pd.DataFrame:
        """Return assets as a table, by name, filtered by borough, category and text (see
        :func:`data.areas.assets.filter_assets`)."""
        # the columns, not ORM objects: a borough's register is read on every page that maps it
        query = select(*(getattr(Asset, field) for field in self.fields))
        if lad_code is not None and lad_code != GREATER_MANCHESTER:
            query = query.where(Asset.lad_code == lad_code)
        with Session(self.engine) as session:
            rows = session.execute(query.order_by(Asset.name)).all()
        return filter_assets(pd.DataFrame(rows, columns=list(self.fields)), category, search,
                             include_retired)

    def signature(self, lad_code: str) -> tuple[int, int]:
        """(number of assets, sum of their versions) in a borough: changes when anything does."""
        query = select(func.count(), func.coalesce(func.sum(Asset.version), 0))
        if lad_code != GREATER_MANCHESTER:
            query = query.where(Asset.lad_code == lad_code)
        with Session(self.engine) as session:
            count, versions = session.execute(query).one()
        return int(count), int(versions)

    def count(self, lad_code: str, source: str | None = None) -> int:
        """How many assets (retired too) the register holds for a borough (only those of
        one ``source``, when given)."""
        query = select(func.count()).where(Asset.lad_code == lad_code)
        if source is not None:
            query = query.where(Asset.source == source)
        with Session(self.engine) as session:
            return session.scalar(query) or 0

    def seed(self, root: Path, lad_code: str, who: str = "open data") -> int:
        """Load a borough's assets from the open file, once; returns how many were added.

        Does nothing if the register already has the open file's assets of that borough
        (retired ones too); assets added before, such as organisations accepted from the
        asset survey, do not stop it. For GREATER_MANCHESTER, seeds each borough that has
        none yet.
        """
        if lad_code == GREATER_MANCHESTER:
            return sum(self.seed(root, code, who) for code in BOROUGHS)
        if self.count(lad_code, COMMUNITY_ASSETS):
            return 0
        with _SEEDING:
            return self._seed(root, lad_code, who)

    def _seed(self, root: Path, lad_code: str, who: str) -> int:
        if self.count(lad_code, COMMUNITY_ASSETS):  # seeded meanwhile
            return 0
        open_assets = load_assets(root, lad_code)
        stamp = now()
        rows = [
            {"source_id": a.asset_id, "name": a.name, "category": a.asset_type,
             "subcategory": text_of(a.asset_subtype), "address": text_of(a.address),
             "postcode": text_of(a.postcode), "lon": float(a.lon), "lat": float(a.lat),
             "area_code": a.lsoa21cd, "ward_code": text_of(a.wd24cd), "lad_code": a.lad_code,
             "services": [], "opening_hours": "", "staff": None, "volunteers": None,
             "funding": [], "last_verified": None,
             "source": COMMUNITY_ASSETS, **SURVEY_FIELDS,
             "retired": False, "version": 1, "updated_at": stamp, "updated_by": who}
            for a in open_assets.itertuples()
        ]
        with Session(self.engine) as session, session.begin():
            ids = session.scalars(insert(Asset).returning(Asset.id), rows).all()
            session.execute(insert(AssetChange), [
                {"asset_id": i, "version": 1, "action": "import", "changed_at": stamp,
                 "changed_by": who, "snapshot": {**{k: v for k, v in row.items()
                                                    if k != "updated_at"},
                                                 "id": i, "updated_at": stamp.isoformat()}}
                for i, row in zip(ids, rows, strict=True)])
        return len(rows)

    def export_oruk(self, lad_code: str | None = None, public: bool = True) -> str:
        """The current register (of a borough) as Open Referral UK JSON, with the survey's
        fields as its extension (see :func:`data.userfiles.oruk.services_json`); with
        ``public``, without contacts, and without an organisation's figures unless it
        agreed to their being published."""
        records = self.assets(lad_code).to_dict("records")
        return oruk.services_json(records, ASSET_TYPES,
                                  {code: name for code, (_, name) in FIELDS_OF_WORK.items()},
                                  public)

    def import_oruk(self, data: bytes, source: str, who: str,
                    locate: Locator | None = None) -> int:
        """Add the services of an Open Referral UK file as assets; all or nothing.

        Parameters
        ----------
        data : bytes
            ORUK API JSON (``.json``), or the ORUK CSV tables in a ZIP (``.zip``).
        source : str
            The file's name; its ending says which form it is.

        Raises
        ------
        data.userfiles.oruk.OrukError
            If the file cannot be read as ORUK.
        RecordError
            Listing every service at a location that cannot be an asset (rows of
            ``service_at_location.csv``, or positions in the JSON from 1).
        """
        if source.lower().endswith(".zip"):
            records, first = oruk.records_from_tables(oruk.read_zip(data, source)), 2
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise oruk.OrukError(f"{source}: not UTF-8 text.") from None
            records, first = oruk.records_from_json(text, source), 1
        return self._import(records, source, who, first, {"locate": locate})


def asset_density(assets: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """Assets per area: count and count per 1,000 residents, in all and by category.

    Parameters
    ----------
    assets : pandas.DataFrame
        Current assets with ``area_code`` and ``category``.
    population : pandas.Series
        Residents per area code (every area, so those with no asset count 0).

    Returns
    -------
    pandas.DataFrame
        Indexed by area code: ``assets``, ``per_1000`` and one count column per category.
    """
    by_category = pd.crosstab(assets["area_code"], assets["category"]) \
        .reindex(population.index, fill_value=0)
    total = by_category.sum(axis=1)
    out = pd.DataFrame({"assets": total, "per_1000": total / population * 1000},
                       index=population.index)
    return out.join(by_category)
