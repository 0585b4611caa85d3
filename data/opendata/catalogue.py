"""Where each open dataset is published: every live address the fetch uses, in one place.

The addresses cannot be reached from the test machines, so they are kept here,
easy to review and to update when a publisher moves a file. Each address is a
host (a key of :data:`HOSTS`) and a path on it, so a test or a council network
can point a host somewhere else (see :func:`address`) without touching the paths.

Formats, as the publishers serve them:

* ONS Open Geography Portal: ArcGIS FeatureServer layers, queried as GeoJSON
  pages (``resultOffset``/``resultRecordCount``; a page that does not hold the
  whole answer says ``exceededTransferLimit``).
* MHCLG English Indices of Deprivation on GOV.UK: File 7 (CSV, one row per
  LSOA of England) and File 8 (XLSX, one sheet per domain).
* ONS Census 2021 bulk files on Nomis: one ZIP per table, holding a CSV per
  geography level (``census2021-ts038-lsoa.csv`` and so on).
* The Charity Commission for England and Wales's register extract: a ZIP per table of
  the register, holding one tab-separated text file (``publicextract.charity.txt``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

#: The publishers' hosts: ONS ArcGIS services, GOV.UK's file store and Nomis's bulk files.
HOSTS: dict[str, str] = {
    "ons": "https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services",
    "govuk": "https://assets.publishing.service.gov.uk",
    "nomis": "https://www.nomisweb.co.uk/output/census/2021",
    "charity": "https://ccewuksprdoneregsadata1.blob.core.windows.net",
}


@dataclass(frozen=True)
class FeatureLayer:
    """An ONS Open Geography Portal feature layer.

    Attributes
    ----------
    service : str
        The FeatureServer's name on the ONS ArcGIS host.
    title : str
        The dataset's title on the portal.
    fields : tuple of str
        The fields the fetch reads.
    geometry : bool
        Whether the fetch needs the shapes (boundaries) or only the fields (lookups).
    """

    service: str
    title: str
    fields: tuple[str, ...]
    geometry: bool = False

    @property
    def mirror_name(self) -> str:
        """The file a mirror folder holds for this layer: the whole layer as GeoJSON."""
        return f"{self.service}.geojson"


@dataclass(frozen=True)
class File:
    """A file published whole (CSV, XLSX or ZIP).

    Attributes
    ----------
    host : str
        A key of :data:`HOSTS`.
    path : str
        The file's path on the host.
    title : str
        The dataset's title.
    """

    host: str
    path: str
    title: str

    @property
    def mirror_name(self) -> str:
        """The file a mirror folder holds: the last part of the address."""
        return self.path.rsplit("/", 1)[-1]


#: 2021 LSOA boundaries (generalised, clipped to the coastline).
LSOA21_LAYER = FeatureLayer(
    "Lower_layer_Super_Output_Areas_December_2021_Boundaries_EW_BGC_V5",
    "Lower layer Super Output Areas (December 2021) Boundaries EW BGC (V5)",
    ("LSOA21CD", "LSOA21NM"), geometry=True)
#: Each 2021 LSOA's best-fit electoral ward (2024) and local authority district (2024).
LSOA_WARD_LAD_LAYER = FeatureLayer(
    "LSOA21_WD24_LAD24_EW_LU",
    "LSOA (2021) to Electoral Ward (2024) to LAD (2024) Best Fit Lookup in EW",
    ("LSOA21CD", "LSOA21NM", "WD24CD", "WD24NM", "LAD24CD", "LAD24NM"))
#: Electoral ward boundaries, May 2023.
WARD_LAYER = FeatureLayer(
    "WD_MAY_2023_UK_BGC", "Wards (May 2023) Boundaries UK BGC", ("WD23CD", "WD23NM"),
    geometry=True)
#: Which local authority district each May 2023 ward is in.
WARD_LAD_LAYER = FeatureLayer(
    "WD23_LAD23_UK_LU", "Ward to Local Authority District (May 2023) Lookup in the UK",
    ("WD23CD", "WD23NM", "LAD23CD", "LAD23NM"))
#: 2011 LSOAs to 2021 LSOAs, with how each changed (U, S, M or X).
LSOA11_LSOA21_LAYER = FeatureLayer(
    "LSOA11_LSOA21_LAD22_EW_LU",
    "LSOA (2011) to LSOA (2021) to Local Authority District (2022) Lookup for EW",
    ("F_LSOA11CD", "LSOA11NM", "LSOA21CD", "LSOA21NM", "CHGIND", "LAD22CD", "LAD22NM"))

#: Every postcode of the UK, live or terminated, with its 2021 LSOA and its district: the
#: National Statistics Postcode Lookup, latest release (its district field is named for
#: the year of the districts it uses; update it when ONS moves it on).
POSTCODE_LAYER = FeatureLayer(
    "NSPL_LATEST_UK", "National Statistics Postcode Lookup (latest) for the UK",
    ("PCDS", "DOTERM", "LSOA21CD", "LAD25CD"))
#: The field of :data:`POSTCODE_LAYER` naming each postcode's district.
POSTCODE_DISTRICT = "LAD25CD"

#: The Charity Commission's register of charities in England and Wales, full extract: the
#: charity table (number, name, status, latest income, activities, contact postcode).
CHARITY_EXTRACT = File("charity", "/data/txt/publicextract.charity.zip",
                       "Charity Commission register of charities: full extract, charity table")
#: The text file inside :data:`CHARITY_EXTRACT`.
CHARITY_MEMBER = "publicextract.charity.txt"

#: English Indices of Deprivation 2025, File 7: ranks, scores, deciles and denominators.
IOD2025_FILE7 = File(
    "govuk", "/media/68ff5daabcb10f6bf9bef911/"
    "File_7_IoD2025_All_Ranks_Scores_Deciles_Population_Denominators.csv",
    "English Indices of Deprivation 2025, File 7")
#: English Indices of Deprivation 2025, File 8: underlying indicators.
IOD2025_FILE8 = File(
    "govuk", "/media/6900df8dab5cc9c8937994e6/File_8_IoD2025_Underlying_Indicators.xlsx",
    "English Indices of Deprivation 2025, File 8")
#: English Indices of Deprivation 2019, File 7 (2011 LSOAs).
IOD2019_FILE7 = File(
    "govuk", "/media/5dc407b440f0b6379a7acc8d/"
    "File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv",
    "English Indices of Deprivation 2019, File 7")


def census_table(table: str) -> File:
    """Return the Nomis bulk file of a Census 2021 table, e.g. ``census_table("ts038")``."""
    return File("nomis", f"/census2021-{table}.zip", f"Census 2021 {table.upper()} (Nomis bulk)")


#: The Census 2021 tables the area table uses: disability, household deprivation,
#: occupancy rating (bedrooms) and tenure.
CENSUS_TABLES = ("ts038", "ts011", "ts052", "ts054")

#: Largest page the ONS layers serve (their maxRecordCount).
PAGE_SIZE = 2000

#: Datasets with no national open version: the fetch cannot get them, the user uploads them.
NO_NATIONAL_SOURCE: dict[str, str] = {
    "road casualties": "STATS19 casualties located to LSOAs are published by police forces and "
    "some combined authorities, not as one national open file the app can place on LSOAs.",
    "green space": "OS Open Greenspace is national but published as a large download behind "
    "an order form, not at a fixed address.",
    "community assets": "there is no single national open register of local assets; councils "
    "and voluntary sector bodies keep their own.",
    "burglary points": "police.uk street-level crimes come as monthly files per force, not one "
    "file by borough; upload your own points (CSV with lon/lat or easting/northing) on the "
    "Your data page.",
}


def address(host: str, path: str, hosts: Mapping[str, str] | None = None) -> str:
    """Return the full address of a path on a host.

    Parameters
    ----------
    host : str
        A key of :data:`HOSTS`.
    path : str
        The path on the host (with a leading slash for files).
    hosts : Mapping, optional
        Replacement base addresses by host key (for tests or a local copy of a
        publisher's site); hosts not named keep their live address.
    """
    bases = {**HOSTS, **(hosts or {})}
    return bases[host].rstrip("/") + "/" + path.lstrip("/")


def file_url(source: File, hosts: Mapping[str, str] | None = None) -> str:
    """Return the address of a published file."""
    return address(source.host, source.path, hosts)


def layer_url(layer: FeatureLayer, where: str, offset: int, *, distinct: bool = False,
              hosts: Mapping[str, str] | None = None) -> str:
    """Return the address of one GeoJSON page of a query on an ONS layer.

    Parameters
    ----------
    layer : FeatureLayer
        The layer queried.
    where : str
        The SQL condition, e.g. ``LAD24CD = 'E08000004'``.
    offset : int
        The first record of the page.
    distinct : bool
        Ask for distinct combinations of the fields (for the list of districts).
    hosts : Mapping, optional
        Replacement base addresses, as in :func:`address`.
    """
    query = {
        "where": where,
        "outFields": ",".join(layer.fields),
        "returnGeometry": "true" if layer.geometry else "false",
        "outSR": "4326",
        "f": "geojson",
        "resultOffset": str(offset),
        "resultRecordCount": str(PAGE_SIZE),
    }
    if distinct:
        query["returnDistinctValues"] = "true"
        query["orderByFields"] = query["outFields"]
    path = f"{layer.service}/FeatureServer/0/query?{urlencode(query)}"
    return address("ons", path, hosts)


#: The local authority districts (2024) of England and Wales, from the LSOA lookup.
DISTRICTS_LAYER = FeatureLayer(LSOA_WARD_LAD_LAYER.service, LSOA_WARD_LAD_LAYER.title,
                        ("LAD24CD", "LAD24NM"))


def hosts_under(base: str) -> dict[str, str]:
    """Return every host moved under one address, as ``<base>/<host key>``.

    For a local copy of the publishers' sites (and the tests' server).
    """
    return {key: f"{base.rstrip('/')}/{key}" for key in HOSTS}
