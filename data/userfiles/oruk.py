"""Open Referral UK (ORUK) community services data, turned into asset register records.

ORUK describes services (what is offered), organisations (who offers it) and
locations (where), linked by ``service_at_location``, with addresses,
taxonomies (what kind of service), regular schedules (opening times) and
fundings. One register asset is made per service at a location. ORUK has no
staff or volunteer numbers: they come from an extension, ``x_staff`` and
``x_volunteers`` columns in CSV, or an ``extension`` object in JSON, which also carries
what organisations say of themselves in the asset survey (:data:`EXTENSION_FIELDS`) and
the register's own category. :func:`services_json` writes the register in the JSON form,
with that extension, and :func:`records_from_json` reads it back.

Two forms are read: the API's JSON (a list of services, or an object with
``content`` or ``services``, each service with its ``organization``,
``service_at_locations``, ``service_taxonomys``, ``regular_schedules`` and
``fundings`` nested), and the CSV tables (``service.csv``,
``service_at_location.csv``, ``location.csv`` and the rest) in a ZIP file.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import defaultdict
from typing import Any

import pandas as pd

from data.errors import OrukError

#: The CSV tables read, and the one every asset comes from.
TABLES = ("service", "organization", "location", "service_at_location", "physical_address",
          "taxonomy", "service_taxonomy", "regular_schedule", "funding")
REQUIRED_TABLES = ("service", "location", "service_at_location")

#: The asset survey's fields the JSON extension carries (besides staff and volunteers).
EXTENSION_FIELDS = ("category", "charity_number", "company_number", "fields_of_work",
                    "serves", "serves_borough", "staff_fte", "volunteer_hours", "income_band",
                    "funding_shares", "support_needs", "figures_public", "survey_year")
#: What an exported register's extension holds only with the organisation's agreement to
#: its figures being published.
_FIGURES = ("staff", "volunteers", "staff_fte", "volunteer_hours", "income_band",
            "funding_shares")

_DAYS = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat",
         "SU": "Sun"}


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) \
        else str(value).strip()


def _category(taxonomies: list[str]) -> str:
    """A register category from ORUK taxonomy names: 'Food Bank' -> 'food_bank'."""
    for name in taxonomies:
        slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
        if slug:
            return slug
    return "community_service"


def _schedule(rows: list[dict[str, Any]]) -> str:
    parts = []
    for row in rows:
        days = ", ".join(_DAYS.get(d.strip().upper(), d.strip())
                         for d in _text(row.get("byday")).split(",") if d.strip())
        hours = "–".join(t[:5] for t in (_text(row.get("opens_at")),
                                         _text(row.get("closes_at"))) if t)
        if days or hours:
            parts.append(" ".join(p for p in (days, hours) if p))
    return "; ".join(parts)


def _address(rows: list[dict[str, Any]]) -> tuple[str, str]:
    if not rows:
        return "", ""
    row = rows[0]
    lines = [_text(row.get(k)) for k in ("address_1", "address_2", "city", "state_province")]
    return ", ".join(line for line in lines if line), _text(row.get("postal_code"))


def _record(service: dict[str, Any], organization: dict[str, Any], link_id: str,
            location: dict[str, Any], addresses: list[dict[str, Any]], taxonomies: list[str],
            schedules: list[dict[str, Any]], fundings: list[str],
            extension: dict[str, Any]) -> dict[str, Any]:
    address, postcode = _address(addresses)
    service_name = _text(service.get("name"))
    name = _text(location.get("name")) or service_name or _text(organization.get("name"))
    return {
        "source_id": link_id,
        "name": name,
        "category": _category(taxonomies),
        "subcategory": service_name if service_name != name else "",
        "address": address,
        "postcode": postcode,
        "lon": location.get("longitude"),
        "lat": location.get("latitude"),
        "services": [service_name] if service_name else [],
        "opening_hours": _schedule(schedules),
        "staff": extension.get("staff", ""),
        "volunteers": extension.get("volunteers", ""),
        "funding": fundings,
        "source": "Open Referral UK" + (f": {_text(organization.get('name'))}"
                                        if _text(organization.get("name")) else ""),
        **{key: extension[key] for key in (*EXTENSION_FIELDS, "contact") if key in extension},
    }


def records_from_json(text: str, name: str) -> list[dict[str, Any]]:
    """Asset records from ORUK API JSON, one per service at a location.

    Raises
    ------
    OrukError
        If the text is not JSON or holds no list of services.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise OrukError(f"{name}: not valid JSON at line {error.lineno}: {error.msg}.") from None
    services = data
    if isinstance(data, dict):
        services = data.get("content", data.get("services"))
    if not isinstance(services, list) or not all(isinstance(s, dict) for s in services):
        raise OrukError(f"{name}: expected a list of ORUK services (or an object with "
                        "'content' or 'services'); is this an Open Referral UK export?")
    records = []
    for service in services:
        links = service.get("service_at_locations") or []
        taxonomies = [_text((t.get("taxonomy") or t).get("name"))
                      for t in service.get("service_taxonomys") or []]
        fundings = [_text(f.get("source")) for f in service.get("fundings") or []
                    if _text(f.get("source"))]
        extension = service.get("extension") or {}
        for link in links:
            location = link.get("location") or {}
            records.append(_record(
                service, service.get("organization") or {}, _text(link.get("id")), location,
                location.get("physical_addresses") or [], taxonomies,
                service.get("regular_schedules") or [], fundings, extension))
    return records


def _plain(value: Any) -> Any:
    """A table's cell as JSON holds it: numpy's numbers as Python's, a missing one as None."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    return None if isinstance(value, float) and value != value else value


def services_json(assets: list[dict[str, Any]], categories: dict[str, str],
                  fields: dict[str, str], public: bool = True) -> str:
    """The register as ORUK API JSON: one service per asset, with its organisation, its
    location (point and address) and its taxonomy terms (the register's category, and the
    organisation's fields of work as ICNPO groups), and the ``extension`` of its staff,
    volunteers and survey answers, which :func:`records_from_json` reads back.

    Parameters
    ----------
    assets : list of dict
        The register's current assets (see :class:`data.store.assets.AssetStore`).
    categories, fields : dict
        The names of the register's categories and of the fields of work, by code.
    public : bool
        Leave out what the public may not read: every contact, and an organisation's
        figures (staff, volunteers, income, funding) unless it agreed to their being
        published.
    """
    services = []
    for row in assets:
        asset = {key: _plain(value) for key, value in row.items()}
        shown = not public or asset.get("figures_public")
        extension = {key: asset.get(key) for key in ("staff", "volunteers", *EXTENSION_FIELDS)
                     if (shown or key not in _FIGURES) and asset.get(key) not in (None, "")}
        if not public and asset.get("contact"):
            extension["contact"] = asset["contact"]
        key = f"asset-{asset['id']}"
        services.append({
            "id": key, "name": asset["name"], "status": "active",
            "description": asset.get("subcategory") or "",
            "organization": {"id": f"organisation-{asset['id']}", "name": asset["name"]},
            "service_at_locations": [{"id": asset.get("source_id") or key, "location": {
                "id": f"location-{asset['id']}", "name": asset["name"],
                "latitude": asset["lat"], "longitude": asset["lon"],
                "physical_addresses": [{"address_1": asset.get("address") or "",
                                        "postal_code": asset.get("postcode") or "",
                                        "country": "GB"}]}}],
            "service_taxonomys": [
                {"taxonomy": {"id": asset["category"], "vocabulary": "register category",
                              "name": categories.get(asset["category"], asset["category"])}},
                *({"taxonomy": {"id": code, "vocabulary": "ICNPO",
                                "name": fields.get(code, code)}}
                  for code in asset.get("fields_of_work") or [])],
            "fundings": [{"source": f} for f in asset.get("funding") or []],
            "extension": extension,
        })
    return json.dumps({"services": services}, ensure_ascii=False, indent=1, default=str)


def read_zip(data: bytes, name: str) -> dict[str, pd.DataFrame]:
    """The ORUK CSV tables in a ZIP file, by table name.

    Raises
    ------
    OrukError
        If the file is not a ZIP, or lacks a table every asset needs.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise OrukError(f"{name}: not a ZIP file. Put the ORUK CSV tables (service.csv, "
                        "location.csv, service_at_location.csv, ...) in one ZIP.") from None
    tables = {}
    for member in archive.namelist():
        table = member.rsplit("/", 1)[-1].removesuffix(".csv").lower()
        if table in TABLES and member.lower().endswith(".csv"):
            tables[table] = pd.read_csv(archive.open(member), dtype=str, keep_default_na=False)
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise OrukError(f"{name}: the ZIP has no {', '.join(f'{t}.csv' for t in missing)}; an "
                        "asset needs a service, a location and the link between them.")
    return tables


def records_from_tables(tables: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """Asset records from ORUK CSV tables, one per row of ``service_at_location``."""
    def by(table: str, key: str) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in tables.get(table, pd.DataFrame()).to_dict("records"):
            grouped[_text(row.get(key))].append(row)
        return grouped

    services = {k: v[0] for k, v in by("service", "id").items()}
    organizations = {k: v[0] for k, v in by("organization", "id").items()}
    locations = {k: v[0] for k, v in by("location", "id").items()}
    taxonomy_names = {k: _text(v[0].get("name")) for k, v in by("taxonomy", "id").items()}
    addresses = by("physical_address", "location_id")
    service_taxonomies = by("service_taxonomy", "service_id")
    schedules = by("regular_schedule", "service_id")
    fundings = by("funding", "service_id")
    records = []
    for link in tables["service_at_location"].to_dict("records"):
        service = services.get(_text(link.get("service_id")), {})
        location = locations.get(_text(link.get("location_id")), {})
        service_id = _text(service.get("id"))
        records.append(_record(
            service, organizations.get(_text(service.get("organization_id")), {}),
            _text(link.get("id")), location, addresses.get(_text(location.get("id")), []),
            [taxonomy_names.get(_text(t.get("taxonomy_id")), "")
             for t in service_taxonomies.get(service_id, [])],
            schedules.get(service_id, []),
            [_text(f.get("source")) for f in fundings.get(service_id, [])
             if _text(f.get("source"))],
            {"staff": _text(service.get("x_staff")),
             "volunteers": _text(service.get("x_volunteers"))},
        ))
    return records
