"""Fetching one borough's open data from its publishers, shaped like the files the app reads.

The publishers' files are kept in ``<state dir>/data/downloads`` (national
files once, for every borough); the borough's shaped files in
``<state dir>/data/<LAD code>/``, under the names of :mod:`data.opendata.sources`, so
that the app's readers work on that folder unchanged. Both folders have a
``manifest.json`` recording each file's address, date, size and SHA-256.
A borough's files are made in ``<LAD code>.partial/`` and put in place only when
all are made and checked, so a failed or interrupted fetch leaves the borough
as it was.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.errors import FetchError, UnknownBorough
from data.fetch import publishers
from data.fetch.download import Downloader, Manifest, Progress, silent
from data.opendata import catalogue
from data.opendata.catalogue import FeatureLayer, File
from data.opendata.sources import (
    BURGLARY_POINTS,
    CENSUS2021,
    COMMUNITY_ASSETS,
    GREENSPACE_ACCESS,
    IOD2019,
    IOD2025,
    IOD2025_INDICATORS,
    LOOKUP_2011_2021,
    LSOA21_BOUNDARIES,
    ROAD_CASUALTIES,
    WARD_BOUNDARIES,
)
from data.settings import fetch_base, fetch_folder, fetch_mirror, fetched_folder
from data.userfiles.validate import validate_file

#: The files a fetch writes, in the order it writes them.
FETCHED_FILES = (LSOA21_BOUNDARIES, WARD_BOUNDARIES, IOD2025, IOD2025_INDICATORS, CENSUS2021,
                 LOOKUP_2011_2021, IOD2019)

#: Files with no national open source, by what they hold (a key of
#: :data:`data.opendata.catalogue.NO_NATIONAL_SOURCE`): the fetch cannot get them.
LOCAL_ONLY = {ROAD_CASUALTIES: "road casualties", GREENSPACE_ACCESS: "green space",
              COMMUNITY_ASSETS: "community assets", BURGLARY_POINTS: "burglary points"}

#: Codes per ONS query, to keep addresses short (about a thousand characters).
_CODES_PER_QUERY = 50


@dataclass
class FetchResult:
    """What a fetch did.

    Attributes
    ----------
    code, name : str
        The borough's ONS code and name.
    folder : Path
        The folder of its shaped files (a data root for the app).
    downloaded : list of str
        The publishers' files downloaded this time (empty when all came from the cache).
    """

    code: str
    name: str
    folder: Path
    downloaded: list[str] = field(default_factory=list)


class Publishers:
    """Reads the catalogue's sources through a downloader, page by page for ONS layers."""

    def __init__(self, downloader: Downloader, hosts: Mapping[str, str] | None) -> None:
        self.downloader = downloader
        self.hosts = hosts

    @classmethod
    def configured(cls, *, folder: Path | None = None, mirror: Path | None = None,
                   hosts: Mapping[str, str] | None = None, refresh: bool = False,
                   progress: Progress | None = None) -> Publishers:
        """The publishers as the settings have them: the mirror folder ``TCI_FETCH_MIRROR``
        and the base address ``TCI_FETCH_BASE`` unless given, the publishers' files
        cached in ``<folder>/downloads`` (the fetch folder by default)."""
        mirror = mirror if mirror is not None else fetch_mirror()
        if hosts is None and fetch_base():
            hosts = catalogue.hosts_under(fetch_base())
        root = Path(folder) if folder else fetch_folder()
        return cls(Downloader(root / "downloads", mirror=mirror, refresh=refresh,
                              progress=progress), hosts)

    def file(self, source: File, check: Callable[[Path], None]) -> Path:
        """Return a published file, downloaded (or copied from the mirror) if needed."""
        url = catalogue.file_url(source, self.hosts)
        return self.downloader.get(url, source.mirror_name, check)

    def layer(self, layer: FeatureLayer, field_name: str | None = None,
              values: Iterable[str] = (), *, distinct: bool = False) -> list[dict]:
        """Return the layer's features whose ``field_name`` is one of ``values`` (all if None)."""
        if self.downloader.mirror is not None:
            return self._mirrored(layer, field_name, list(values), distinct)
        values = sorted(set(values))
        groups = ([values[i:i + _CODES_PER_QUERY] for i in range(0, len(values),
                                                                   _CODES_PER_QUERY)]
                  if field_name else [[]])
        features: list[dict] = []
        for group in groups:
            where = (f"{field_name} IN ({', '.join(repr(v) for v in group)})" if field_name
                     else "1=1")
            offset = 0
            while True:
                url = catalogue.layer_url(layer, where, offset, distinct=distinct,
                                          hosts=self.hosts)
                name = f"{layer.service}-{hashlib.sha256(url.encode()).hexdigest()[:16]}.geojson"
                page = self.downloader.get(url, name, publishers.check_geojson)
                found = publishers.read_features([page])
                features += found
                if not found or not publishers.exceeded(page):
                    break
                offset += len(found)
        return features

    def _mirrored(self, layer: FeatureLayer, field_name: str | None, values: list[str],
                  distinct: bool) -> list[dict]:
        """Read a whole layer from the mirror folder and keep the features asked for."""
        url = catalogue.layer_url(layer, "1=1", 0, hosts=self.hosts)
        path = self.downloader.get(url, layer.mirror_name, publishers.check_geojson)
        wanted = set(values)
        features = [f for f in publishers.read_features([path])
                    if field_name is None or (f.get("properties") or {}).get(field_name)
                    in wanted]
        if distinct:
            seen = {}
            for f in features:
                key = tuple((f.get("properties") or {}).get(k) for k in layer.fields)
                seen.setdefault(key, {"properties": dict(zip(layer.fields, key, strict=True))})
            features = list(seen.values())
        return features


def districts(source: Publishers) -> dict[str, str]:
    """Return England's local authority districts (2024), code -> name, sorted by name."""
    table = publishers.records(source.layer(catalogue.DISTRICTS_LAYER, distinct=True),
                               catalogue.DISTRICTS_LAYER.fields).dropna()
    table = table[table["LAD24CD"].str.startswith("E")].drop_duplicates("LAD24CD")
    return dict(table.sort_values("LAD24NM")[["LAD24CD", "LAD24NM"]].itertuples(index=False))


def find_borough(borough: str, mirror: Path | None = None,
                 hosts: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Return the (code, name) of a borough given by ONS code or name, asking the ONS list
    of districts (through the cache, or the mirror folder: the ``TCI_FETCH_MIRROR`` setting
    by default).

    Raises
    ------
    UnknownBorough
        If nothing matches; the message lists the closest names.
    """
    return resolve_borough(borough, districts(Publishers.configured(mirror=mirror, hosts=hosts)))


def resolve_borough(asked: str, known: Mapping[str, str]) -> tuple[str, str]:
    """Return the (code, name) of a borough given by ONS code or name.

    Raises
    ------
    UnknownBorough
        If nothing matches; the message lists the closest names.
    """
    text = asked.strip()
    if text.upper() in known:
        return text.upper(), known[text.upper()]
    by_name = {name.casefold(): code for code, name in known.items()}
    if text.casefold() in by_name:
        code = by_name[text.casefold()]
        return code, known[code]
    close = difflib.get_close_matches(text.casefold(), list(by_name), n=5, cutoff=0.6)
    hint = (" Did you mean " + ", ".join(f"{known[by_name[c]]} ({by_name[c]})" for c in close)
            + "?") if close else ""
    raise UnknownBorough(
        f"{asked!r} is not the name or ONS code of a local authority district in England."
        f"{hint} Give a district's name as ONS spells it (e.g. Oldham) or its code "
        "(e.g. E08000004)."
    )


def _check_shaped(name: str, frame: pd.DataFrame, id_column: str, codes: set[str],
                  columns: Iterable[str], url: str) -> None:
    """Check a shaped file before it is written: its columns, one row per area, its areas.

    Raises
    ------
    FetchError
        Naming the file, what is wrong and where it came from.
    """
    absent = [c for c in columns if c not in frame.columns]
    problem = None
    if absent:
        problem = f"it has no column {', '.join(map(repr, absent))}"
    elif frame[id_column].duplicated().any():
        problem = f"{frame[id_column][frame[id_column].duplicated()].iloc[0]!r} has two rows"
    else:
        missing = sorted(codes - set(frame[id_column]))
        extra = sorted(set(frame[id_column]) - codes)
        if missing:
            problem = (f"{len(missing)} of the borough's areas have no row (e.g. "
                       f"{', '.join(missing[:3])})")
        elif extra:
            problem = f"it has areas outside the borough (e.g. {', '.join(extra[:3])})"
    if problem:
        raise FetchError(
            f"{name} as shaped from {url} is not usable: {problem}. The publisher's file may "
            "have changed; fetch again with --refresh, and if that fails check the address "
            "in data/opendata/catalogue.py."
        )


def _write(folder: Path, name: str, frame: pd.DataFrame, manifest: Manifest, url: str,
           kind: str | None = None, id_column: str | None = None,
           reference: gpd.GeoDataFrame | None = None) -> None:
    """Write a shaped file through a temporary one, and record it in the manifest.

    With a ``kind``, the written file first passes the checks users' files get
    (:func:`data.userfiles.validate.validate_file`) against the ``reference`` boundaries.

    Raises
    ------
    FetchError
        With the checks' report, when the file does not pass them.
    """
    path = folder / name
    part = path.with_name(f"{path.stem}.part{path.suffix}")
    if isinstance(frame, gpd.GeoDataFrame):
        part.unlink(missing_ok=True)
        frame.to_file(part, driver="GeoJSON")
    else:
        frame.to_csv(part, index=False)
    if kind:
        checked = validate_file(part, kind, boundaries=reference, id_column=id_column, name=name)
        if not checked.report.usable:
            part.unlink(missing_ok=True)
            raise FetchError(
                f"{name} as shaped from {url} does not pass the checks users' files get:\n"
                f"{checked.report.text()}\nThe publisher's file may have changed; fetch again "
                "with --refresh, and if that fails check its address in "
                "data/opendata/catalogue.py.")
    os.replace(part, path)
    manifest.record(name, url)


def fetch_borough(borough: str, *, folder: Path | None = None, mirror: Path | None = None,
                  hosts: Mapping[str, str] | None = None, refresh: bool = False,
                  progress: Progress | None = None) -> FetchResult:
    """Fetch a borough's open data from the publishers and shape it for the app.

    Parameters
    ----------
    borough : str
        The borough's ONS code (``E08000004``) or name (``Oldham``).
    folder : Path, optional
        Where fetched data is kept (default: ``<state dir>/data``); the
        borough's files go in its ``<LAD code>`` subfolder.
    mirror : Path, optional
        A folder of files downloaded from the publishers, read instead of the
        network (default: the ``TCI_FETCH_MIRROR`` setting).
    hosts : Mapping, optional
        Replacement base addresses of the publishers' hosts (default: from the
        ``TCI_FETCH_BASE`` setting, else the live ones).
    refresh : bool
        Download everything again, even what the cache holds.
    progress : callable, optional
        Receives progress lines and the share done (see :data:`data.fetch.download.Progress`).

    Returns
    -------
    FetchResult

    Raises
    ------
    UnknownBorough
        If the borough is not a district of England.
    data.errors.DownloadError
        If a file cannot be downloaded whole, or is not in its publisher's format.
    FetchError
        If a shaped file fails its checks.
    """
    report = progress or silent
    source = Publishers.configured(folder=folder, mirror=mirror, hosts=hosts, refresh=refresh,
                                   progress=report)
    downloader, hosts = source.downloader, source.hosts

    report("Finding the borough among England's districts", 0.0)
    code, name = resolve_borough(borough, districts(source))
    target = Path(folder) / code if folder else fetched_folder(code)
    if not refresh and all(Manifest(target).fresh(f) for f in FETCHED_FILES):
        report(f"{name} ({code}) is already fetched, in {target}", 1.0)
        return FetchResult(code, name, target)
    staging = target.with_name(f"{code}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        _fetch_into(staging, source, code, name, hosts, report)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, target)

    report(f"Done: {name} ({code}) is in {target}", 1.0)
    return FetchResult(code, name, target, list(downloader.downloaded))


def _swap(staging: Path, target: Path) -> None:
    """Put a complete staging folder in the place of the borough's folder."""
    old = target.with_name(f"{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def _fetch_into(staging: Path, source: Publishers, code: str, name: str,
                hosts: Mapping[str, str] | None, report: Progress) -> None:
    """Download, shape, check and write every file of a borough into a folder."""
    manifest = Manifest(staging)
    report(f"{name} ({code}): LSOA boundaries and wards (ONS)", 0.05)
    layer_url = catalogue.layer_url(catalogue.LSOA21_LAYER, "1=1", 0, hosts=hosts)
    lookup = publishers.records(source.layer(catalogue.LSOA_WARD_LAD_LAYER, "LAD24CD", [code]),
                                catalogue.LSOA_WARD_LAD_LAYER.fields)
    codes = set(lookup["LSOA21CD"])
    if not codes:
        raise FetchError(f"The ONS lookup lists no LSOAs in {name} ({code}). Check the "
                         "lookup's address in data/opendata/catalogue.py.")
    lsoas = publishers.shape_lsoas(
        publishers.shapes(source.layer(catalogue.LSOA21_LAYER, "LSOA21CD", codes),
                          catalogue.LSOA21_LAYER.fields), lookup)
    _check_shaped(LSOA21_BOUNDARIES, lsoas, "lsoa21cd", codes,
                  ["lsoa21cd", "lsoa21nm", "wd24cd", "wd24nm", "lad_code", "lad_name"],
                  layer_url)
    _write(staging, LSOA21_BOUNDARIES, lsoas, manifest, layer_url, "boundaries", "lsoa21cd")
    areas = pd.DataFrame(lsoas.drop(columns="geometry"))

    ward_lookup = publishers.records(source.layer(catalogue.WARD_LAD_LAYER, "LAD23CD", [code]),
                                     catalogue.WARD_LAD_LAYER.fields)
    wards = publishers.shape_wards(publishers.shapes(
        source.layer(catalogue.WARD_LAYER, "WD23CD", ward_lookup["WD23CD"]),
        catalogue.WARD_LAYER.fields), ward_lookup)
    ward_url = catalogue.layer_url(catalogue.WARD_LAYER, "1=1", 0, hosts=hosts)
    _check_shaped(WARD_BOUNDARIES, wards, "wd23cd", set(ward_lookup["WD23CD"]),
                  ["wd23cd", "wd23nm", "lad_code"], ward_url)
    _write(staging, WARD_BOUNDARIES, wards, manifest, ward_url, "boundaries", "wd23cd")
    unmatched = sorted(set(lsoas["wd24cd"]) - set(wards["wd23cd"]))
    if unmatched:
        report(f"Note: {len(unmatched)} of {name}'s 2024 wards (e.g. {unmatched[0]}) have no May "
               "2023 ward boundary (its wards changed in 2024), so the ward map lacks them.",
               None)

    report("English Indices of Deprivation 2025, File 7 (GOV.UK)", 0.2)
    url = catalogue.file_url(catalogue.IOD2025_FILE7, hosts)
    raw = source.file(catalogue.IOD2025_FILE7, publishers.check_csv("LSOA code (2021)"))
    _shape_and_write(staging, IOD2025, manifest, url, codes, "lsoa21cd",
                     lambda: publishers.shape_iod2025(_read_csv(raw), areas), lsoas)

    report("English Indices of Deprivation 2025, File 8 (GOV.UK)", 0.35)
    url = catalogue.file_url(catalogue.IOD2025_FILE8, hosts)
    book = source.file(catalogue.IOD2025_FILE8, publishers.check_xlsx)
    _shape_and_write(staging, IOD2025_INDICATORS, manifest, url, codes, "lsoa21cd",
                     lambda: publishers.shape_iod2025_indicators(book, areas), lsoas)

    tables = {}
    for step, table in enumerate(catalogue.CENSUS_TABLES):
        report(f"Census 2021 {table.upper()} (Nomis)", 0.55 + 0.05 * step)
        archive = source.file(catalogue.census_table(table),
                              publishers.check_zip(publishers.census_member(table)))
        tables[table] = publishers.read_census(archive, table, codes)
    url = catalogue.file_url(catalogue.census_table(catalogue.CENSUS_TABLES[0]), hosts)
    _shape_and_write(staging, CENSUS2021, manifest, url, codes, "lsoa21cd",
                     lambda: publishers.shape_census(tables, areas), lsoas)

    report("LSOA 2011 to 2021 lookup (ONS)", 0.8)
    url = catalogue.layer_url(catalogue.LSOA11_LSOA21_LAYER, "1=1", 0, hosts=hosts)
    change = publishers.shape_lookup(publishers.records(
        source.layer(catalogue.LSOA11_LSOA21_LAYER, "LSOA21CD", codes),
        catalogue.LSOA11_LSOA21_LAYER.fields))
    _check_shaped(LOOKUP_2011_2021, change.drop_duplicates("lsoa21cd"), "lsoa21cd", codes,
                  ["lsoa11cd", "lsoa21cd", "change_code"], url)
    _write(staging, LOOKUP_2011_2021, change, manifest, url)

    report("English Indices of Deprivation 2019, File 7 (GOV.UK)", 0.85)
    url = catalogue.file_url(catalogue.IOD2019_FILE7, hosts)
    raw = source.file(catalogue.IOD2019_FILE7, publishers.check_csv("LSOA code (2011)"))
    _shape_and_write(staging, IOD2019, manifest, url, set(change["lsoa11cd"]), "lsoa11cd",
                     lambda: publishers.shape_iod2019(_read_csv(raw), change))


def local_only_absent(root: Path) -> dict[str, str]:
    """Return what a data folder lacks of :data:`LOCAL_ONLY`, each with why it was not fetched.

    Returns
    -------
    dict
        Plain name (``"road casualties"``) -> the reason there is no national
        open source; empty for the Greater Manchester folder, which has them all.
    """
    return {label: catalogue.NO_NATIONAL_SOURCE[label] for name, label in LOCAL_ONLY.items()
            if not (Path(root) / name).is_file()}


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", low_memory=False)


def _shape_and_write(target: Path, name: str, manifest: Manifest, url: str, codes: set[str],
                     id_column: str, shape: Callable[[], pd.DataFrame],
                     lsoas: gpd.GeoDataFrame | None = None) -> None:
    """Shape a file (refusing a publisher's file without the columns needed), check, write.

    A table by 2021 LSOA (given the borough's ``lsoas``) also passes the checks
    users' indicator tables get.
    """
    try:
        frame = shape()
    except (ValueError, KeyError, pd.errors.ParserError) as error:
        raise FetchError(
            f"{name} cannot be made from {url}: {error}. The publisher may have changed the "
            "file's layout; check its address and columns in data/opendata/catalogue.py and "
            "data/fetch/publishers.py."
        ) from None
    _check_shaped(name, frame, id_column, codes, [id_column], url)
    _write(target, name, frame, manifest, url, "indicators" if lsoas is not None else None,
           id_column, lsoas)
