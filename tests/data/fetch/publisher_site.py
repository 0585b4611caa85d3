"""A local stand-in for the publishers' sites, serving small files in their own formats.

The files are written at test time from the Greater Manchester data folder, back
into the layouts the publishers use: ONS ArcGIS layers answering GeoJSON query
pages, GOV.UK's IoD CSV and XLSX files with their long headers, and Nomis's
Census bulk ZIPs. Faults can be injected per path: a connection dropped part way
(once, or every time) and a corrupt body.
"""

from __future__ import annotations

import io
import json
import re
import threading
import zipfile
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
from openpyxl import Workbook

from data.opendata import catalogue
from data.opendata.sources import (
    CENSUS2021,
    IOD2019,
    IOD2025,
    IOD2025_INDICATORS,
    LOOKUP_2011_2021,
    LSOA21_BOUNDARIES,
    WARD_BOUNDARIES,
)

#: Records per page the stand-in serves (less than a borough, so paging is exercised).
PAGE = 40

_DOMAIN_HEADERS = {
    "IMD": "Index of Multiple Deprivation (IMD)",
    "Income": "Income",
    "Employment": "Employment",
    "Education": "Education, Skills and Training",
    "Health": "Health Deprivation and Disability",
    "Crime": "Crime",
    "Barriers": "Barriers to Housing and Services",
    "Environment": "Living Environment",
    "IDACI": "Income Deprivation Affecting Children Index (IDACI)",
    "IDAOPI": "Income Deprivation Affecting Older People (IDAOPI)",
}
_KIND = {"score": "Score", "rank": "Rank (where 1 is most deprived)",
         "decile": "Decile (where 1 is most deprived 10% of LSOAs)"}


def _iod_header(column: str) -> str:
    """The File 7 header of a column of the app's IoD files (``Income_rank`` and so on)."""
    name, kind = column.rsplit("_", 1)
    if name in _DOMAIN_HEADERS:
        label = _DOMAIN_HEADERS[name]
        rate = " (rate)" if kind == "score" and name in ("Income", "Employment") else ""
        return f"{label} {_KIND[kind].split(' (')[0] if rate else _KIND[kind]}{rate}"
    return f"{name.replace('_', ' ').title().replace(' And ', ' and ')} Sub-domain {_KIND[kind]}"


def _features(geojson: Path, rename: dict[str, str]) -> list[dict]:
    data = json.loads(geojson.read_text())
    return [{"type": "Feature", "geometry": f["geometry"],
             "properties": {new: f["properties"][old] for old, new in rename.items()}}
            for f in data["features"]]


def _rows(frame: pd.DataFrame, rename: dict[str, str]) -> list[dict]:
    table = frame[list(rename)].rename(columns=rename)
    return [{"type": "Feature", "geometry": None, "properties": row}
            for row in table.to_dict("records")]


#: The letters a postcode's inward code may end with.
_INWARD = "ABDEFGHJLNPQRSTUWXYZ"


def _postcodes(lsoas: pd.DataFrame) -> list[dict]:
    """Made-up postcodes in the layout of the ONS postcode lookup: one per LSOA, in an
    outward code of its district's first letters (OL for Oldham), the first of each
    district terminated in June 2019."""
    features, seen = [], set()
    for n, row in enumerate(lsoas.itertuples()):
        outward = {"E08000004": "OL9"}.get(row.lad_code, "BL1")
        inward = f"{n % 10}{_INWARD[n // 10 % 20]}{_INWARD[n // 200 % 20]}"
        first = row.lad_code not in seen
        seen.add(row.lad_code)
        features.append({"type": "Feature", "geometry": None, "properties": {
            "PCDS": f"{outward} {inward}", "DOTERM": "201906" if first else None,
            "LSOA21CD": row.lsoa21cd, "LAD25CD": row.lad_code}})
    return features


#: Made-up charities in the layout of the Charity Commission's extract (its charity table,
#: tab-separated, with more fields than are read): registered main charities, a linked
#: one, a removed one, and activities holding quotes and a stray tab-free apostrophe.
CHARITY_ROWS = [
    # number, linked, name, status, income, activities, postcode
    ("1123456", "0", "FRIENDS OF ALEXANDRA PARK", "Registered", "54000",
     'Looks after the park; runs "green gym" sessions and the children\'s garden.', "OL8 1AA"),
    ("1123456", "1", "FRIENDS OF ALEXANDRA PARK TRADING", "Registered", "1200", "", "OL8 1AA"),
    ("1000001", "0", "OLDHAM FOOD SHARE", "Registered", "", "Food parcels.", "OL1 1AA"),
    ("1000002", "0", "A CLOSED CHARITY", "Removed", "0", "", "OL1 1AA"),
]


def _charities() -> bytes:
    header = ["date_of_extract", "organisation_number", "registered_charity_number",
              "linked_charity_number", "charity_name", "charity_type",
              "charity_registration_status", "latest_income", "charity_contact_postcode",
              "charity_activities", "charity_gift_aid"]
    lines = ["\t".join(header)]
    for n, (number, linked, name, status, income, activities, postcode) in enumerate(
            CHARITY_ROWS):
        lines.append("\t".join(["2026-11-30", str(5000 + n), number, linked, name, "Trust",
                                status, income, postcode, activities, "True"]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(catalogue.CHARITY_MEMBER, "\r\n".join(lines) + "\r\n")
    return buffer.getvalue()


def _zip(member: str, frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, frame.to_csv(index=False))
    return buffer.getvalue()


def _census(census: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The four Nomis tables, with categories that sum back to the app's columns."""
    base = pd.DataFrame({"date": 2021, "geography": census["lsoa21nm"],
                         "geography code": census["lsoa21cd"]})
    value = "; measures: Value"
    return {
        "ts038": base.assign(**{
            "Disability: Total: All usual residents": census["usual_residents_2021"],
            "Disability: Disabled under the Equality Act": census["disabled_n"],
            "Disability: Not disabled under the Equality Act":
                census["usual_residents_2021"] - census["disabled_n"]}),
        "ts011": base.assign(**{
            f"Household deprivation: Total: All households{value}": census["households_2021"],
            f"Household deprivation: Household is not deprived in any dimension{value}":
                census["hh_not_deprived_n"],
            f"Household deprivation: Household is deprived in three dimensions{value}":
                census["hh_deprived_3plus_dims_n"],
            f"Household deprivation: Household is deprived in four dimensions{value}": 0}),
        "ts052": base.assign(**{
            "Occupancy rating for bedrooms: Total: All households": census["households_2021"],
            "Occupancy rating for bedrooms: Occupancy rating of bedrooms: -1":
                census["hh_overcrowded_n"],
            "Occupancy rating for bedrooms: Occupancy rating of bedrooms: -2 or less": 0}),
        "ts054": base.assign(**{
            "Tenure of household: Total: All households": census["households_2021"],
            "Tenure of household: Owned": census["hh_owner_occupied_n"],
            "Tenure of household: Social rented": census["hh_social_rented_n"],
            "Tenure of household: Private rented": census["hh_private_rented_n"]}),
    }


def _workbook(indicators: pd.DataFrame) -> bytes:
    """IoD2025 File 8: a notes sheet, then one sheet per domain with its header in row 1."""
    columns = [c for c in indicators.columns if c not in ("lsoa21cd", "lsoa21nm", "lad_code",
                                                          "lad_name")]
    sizes = {"Income": 3, "Employment": 1, "Education": 2, "Health": 4, "Crime": 8,
             "Barriers": 10}
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["English Indices of Deprivation 2025: underlying indicators"])
    start = 0
    for domain, size in sizes.items():
        sheet = book.create_sheet(f"IoD25 {domain} Domain")
        chosen = columns[start:start + size]
        start += size
        sheet.append(["LSOA code (2021)", "LSOA name (2021)",
                      "Local Authority District code (2024)",
                      "Local Authority District name (2024)",
                      *[c.replace("_", " ").capitalize() for c in chosen]])
        for row in indicators[["lsoa21cd", "lsoa21nm", "lad_code", "lad_name", *chosen]] \
                .itertuples(index=False):
            sheet.append([None if pd.isna(v) else v for v in row])
    book.create_sheet("IoD25 Living Env Domain").append(["LSOA code (2021)"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class PublisherSite:
    """The publishers' files and layers, built from a data folder.

    Attributes
    ----------
    files : dict
        Path on the server -> bytes, for files published whole.
    layers : dict
        ONS service name -> its features.
    hits : collections.Counter
        Requests per path.
    ranges : list
        (path, Range header) of every ranged request.
    faults : dict
        Path -> ``"drop once"``, ``"drop always"`` or ``"corrupt"``.
    """

    def __init__(self, root: Path) -> None:
        lsoas = json.loads((root / LSOA21_BOUNDARIES).read_text())
        table = pd.DataFrame([f["properties"] for f in lsoas["features"]])
        wards = pd.DataFrame([f["properties"] for f in json.loads(
            (root / WARD_BOUNDARIES).read_text())["features"]])
        lookup = pd.read_csv(root / LOOKUP_2011_2021)
        self.layers = {
            catalogue.LSOA21_LAYER.service: _features(
                root / LSOA21_BOUNDARIES, {"lsoa21cd": "LSOA21CD", "lsoa21nm": "LSOA21NM"}),
            catalogue.LSOA_WARD_LAD_LAYER.service: _rows(table, {
                "lsoa21cd": "LSOA21CD", "lsoa21nm": "LSOA21NM", "wd24cd": "WD24CD",
                "wd24nm": "WD24NM", "lad_code": "LAD24CD", "lad_name": "LAD24NM"}),
            catalogue.WARD_LAYER.service: _features(
                root / WARD_BOUNDARIES, {"wd23cd": "WD23CD", "wd23nm": "WD23NM"}),
            catalogue.WARD_LAD_LAYER.service: _rows(wards, {
                "wd23cd": "WD23CD", "wd23nm": "WD23NM", "lad_code": "LAD23CD",
                "lad_name": "LAD23NM"}),
            catalogue.POSTCODE_LAYER.service: _postcodes(table),
            catalogue.LSOA11_LSOA21_LAYER.service: _rows(lookup, {
                "lsoa11cd": "F_LSOA11CD", "lsoa11nm": "LSOA11NM", "lsoa21cd": "LSOA21CD",
                "lsoa21nm": "LSOA21NM", "change_code": "CHGIND", "lad_code": "LAD22CD",
                "lad_name": "LAD22NM"}),
        }
        iod = pd.read_csv(root / IOD2025)
        file7 = iod.rename(columns={"lsoa21cd": "LSOA code (2021)",
                                    "lsoa21nm": "LSOA name (2021)",
                                    "lad_code": "Local Authority District code (2024)",
                                    "lad_name": "Local Authority District name (2024)"})
        file7 = file7.rename(columns={c: _iod_header(c) for c in file7.columns[4:]})
        old = pd.read_csv(root / IOD2019)
        old = old[[c for c in old.columns[:4]]
                  + [c for c in old.columns if c.endswith(("_rank", "_decile"))]]
        file7_2019 = old.rename(columns={"lsoa11cd": "LSOA code (2011)",
                                         "lsoa11nm": "LSOA name (2011)",
                                         "lad_code": "Local Authority District code (2019)",
                                         "lad_name": "Local Authority District name (2019)"})
        file7_2019 = file7_2019.rename(columns={c: _iod_header(c)
                                                for c in file7_2019.columns[4:]})
        self.files = {
            _path(catalogue.IOD2025_FILE7): file7.to_csv(index=False).encode("utf-8-sig"),
            _path(catalogue.IOD2025_FILE8): _workbook(pd.read_csv(root / IOD2025_INDICATORS)),
            _path(catalogue.IOD2019_FILE7): file7_2019.to_csv(index=False).encode("utf-8"),
            _path(catalogue.CHARITY_EXTRACT): _charities(),
        }
        for table_id, frame in _census(pd.read_csv(root / CENSUS2021)).items():
            source = catalogue.census_table(table_id)
            self.files[_path(source)] = _zip(f"census2021-{table_id}-lsoa.csv", frame)
        self.hits: Counter[str] = Counter()
        self.ranges: list[tuple[str, str]] = []
        self.faults: dict[str, str] = {}

    def query(self, service: str, params: dict[str, str]) -> bytes:
        """Answer an ArcGIS query as the ONS services do: a GeoJSON page."""
        features = self.layers[service]
        where = params.get("where", "1=1")
        match = re.fullmatch(r"(\w+) IN \((.*)\)", where)
        if match:
            wanted = set(re.findall(r"'([^']*)'", match[2]))
            features = [f for f in features if f["properties"].get(match[1]) in wanted]
        elif where != "1=1":
            return json.dumps({"error": {"code": 400, "message": "Invalid query"}}).encode()
        fields = params.get("outFields", "*").split(",")
        features = [{"type": "Feature",
                     "geometry": f["geometry"] if params.get("returnGeometry") == "true"
                     else None,
                     "properties": {k: f["properties"].get(k) for k in fields}}
                    for f in features]
        if params.get("returnDistinctValues") == "true":
            unique = {json.dumps(f["properties"], sort_keys=True): f for f in features}
            features = list(unique.values())
        offset = int(params.get("resultOffset", 0))
        count = min(int(params.get("resultRecordCount", PAGE)), PAGE)
        page = {"type": "FeatureCollection", "features": features[offset:offset + count]}
        if offset + count < len(features):
            page["properties"] = {"exceededTransferLimit": True}
        return json.dumps(page).encode()

    def write_mirror(self, folder: Path) -> None:
        """Write every file and whole layer as a council's mirror folder would hold them."""
        for path, content in self.files.items():
            (folder / path.rsplit("/", 1)[-1]).write_bytes(content)
        for service, features in self.layers.items():
            (folder / f"{service}.geojson").write_text(json.dumps(
                {"type": "FeatureCollection", "features": features}))


def _path(source: catalogue.File) -> str:
    return f"/{source.host}{source.path}"


def _handler(site: PublisherSite):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

        def do_GET(self):  # noqa: N802 - the base class's name
            parts = urlsplit(self.path)
            site.hits[parts.path] += 1
            if parts.path.startswith("/ons/"):
                service = parts.path.split("/")[2]
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                body = site.query(service, params)
            elif parts.path in site.files:
                body = site.files[parts.path]
            else:
                self.send_error(404)
                return
            fault = site.faults.get(parts.path)
            if fault == "corrupt":
                body = b"<html><body>Service unavailable</body></html>" * 20
            start = 0
            asked = self.headers.get("Range")
            if asked:
                site.ranges.append((parts.path, asked))
                start = int(re.fullmatch(r"bytes=(\d+)-", asked)[1])
            self.send_response(206 if start else 200)
            if start:
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            self.send_header("Content-Length", str(len(body) - start))
            self.end_headers()
            rest = body[start:]
            if fault == "drop always" or (fault == "drop once" and site.hits[parts.path] == 1):
                self.wfile.write(rest[:len(rest) // 3])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(rest)

    return Handler


class Server:
    """The site served on 127.0.0.1 at a free port, in a thread."""

    def __init__(self, site: PublisherSite) -> None:
        self.site = site
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
