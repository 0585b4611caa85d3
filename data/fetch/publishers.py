"""Reading the publishers' own formats and shaping them like the files the app reads.

Each ``check_*`` function says whether a downloaded file is what its publisher
serves (raising ValueError with the reason); each ``shape_*`` function turns
the publisher's columns into the columns of one data file (see
:mod:`data.opendata.sources`), for one borough.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

# ---------------------------------------------------------------- checks of downloaded files


def check_geojson(path: Path) -> None:
    """Check a page answered by an ONS layer: GeoJSON with a list of features."""
    try:
        page = json.loads(Path(path).read_bytes())
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"not GeoJSON: {error}") from None
    if isinstance(page, dict) and "error" in page:
        detail = page["error"]
        message = detail.get("message", detail) if isinstance(detail, dict) else detail
        raise ValueError(f"the service answered with an error: {message}")
    if not isinstance(page, dict) or not isinstance(page.get("features"), list):
        raise ValueError("GeoJSON without a list of features")


def check_csv(first_column: str) -> Callable[[Path], None]:
    """Return a check that a file is a CSV whose header holds ``first_column``."""

    def check(path: Path) -> None:
        with Path(path).open("rb") as stream:
            header = stream.readline().decode("utf-8-sig", errors="replace")
        if first_column not in header:
            raise ValueError(f"no column {first_column!r} in the first line")

    return check


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
        broken = archive.testzip()
    except (zipfile.BadZipFile, EOFError) as error:
        raise ValueError(f"not a whole ZIP archive: {error}") from None
    if broken is not None:
        raise ValueError(f"the archive's member {broken} is damaged")
    return archive


def check_zip(member: str) -> Callable[[Path], None]:
    """Return a check that a file is a whole ZIP archive holding ``member``."""

    def check(path: Path) -> None:
        with _open_zip(path) as archive:
            if member not in archive.namelist():
                raise ValueError(f"the archive has no {member}")

    return check


def check_xlsx(path: Path) -> None:
    """Check a file is a whole Excel workbook."""
    with _open_zip(path) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise ValueError("a ZIP archive, but not an Excel workbook")


# ---------------------------------------------------------------- ONS layers


def exceeded(path: Path) -> bool:
    """Whether an ONS layer's GeoJSON page says more records follow."""
    page = json.loads(Path(path).read_bytes())
    return bool(page.get("exceededTransferLimit")
                or page.get("properties", {}).get("exceededTransferLimit"))


def read_features(paths: Iterable[Path]) -> list[dict]:
    """Return the features of GeoJSON pages, in order."""
    return [feature for path in paths for feature in json.loads(Path(path).read_bytes())
            ["features"]]


def records(features: list[dict], fields: Iterable[str]) -> pd.DataFrame:
    """Return the fields of features as a table (one row per feature)."""
    fields = list(fields)
    return pd.DataFrame([feature.get("properties") or {} for feature in features],
                        columns=fields)


def shapes(features: list[dict], fields: Iterable[str]) -> gpd.GeoDataFrame:
    """Return features as a GeoDataFrame in WGS84, repairing invalid polygons."""
    frame = gpd.GeoDataFrame.from_features(features, crs=4326)
    frame = frame[[*fields, "geometry"]]
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].values)
    return frame


def shape_lsoas(boundaries: gpd.GeoDataFrame, lookup: pd.DataFrame) -> gpd.GeoDataFrame:
    """Shape LSOA boundaries and the LSOA-ward-district lookup like ``LSOA21_BOUNDARIES``.

    Parameters
    ----------
    boundaries : geopandas.GeoDataFrame
        ``LSOA21CD``, ``LSOA21NM`` and geometry.
    lookup : pandas.DataFrame
        The borough's rows of the best-fit lookup: ``LSOA21CD``, ``WD24CD``,
        ``WD24NM``, ``LAD24CD``, ``LAD24NM``.
    """
    table = lookup.rename(columns={"LSOA21CD": "lsoa21cd", "WD24CD": "wd24cd",
                                   "WD24NM": "wd24nm", "LAD24CD": "lad_code",
                                   "LAD24NM": "lad_name"})
    shaped = boundaries.rename(columns={"LSOA21CD": "lsoa21cd", "LSOA21NM": "lsoa21nm"}).merge(
        table[["lsoa21cd", "wd24cd", "wd24nm", "lad_code", "lad_name"]], on="lsoa21cd")
    columns = ["lsoa21cd", "lsoa21nm", "wd24cd", "wd24nm", "lad_code", "lad_name", "geometry"]
    return shaped[columns].sort_values("lsoa21cd").reset_index(drop=True)


def shape_wards(boundaries: gpd.GeoDataFrame, lookup: pd.DataFrame) -> gpd.GeoDataFrame:
    """Shape ward boundaries and the ward-district lookup like ``WARD_BOUNDARIES``."""
    shaped = boundaries.merge(lookup[["WD23CD", "LAD23CD", "LAD23NM"]], on="WD23CD")
    shaped = shaped.rename(columns={"WD23CD": "wd23cd", "WD23NM": "wd23nm",
                                    "LAD23CD": "lad_code", "LAD23NM": "lad_name"})
    return shaped[["wd23cd", "wd23nm", "lad_code", "lad_name", "geometry"]] \
        .sort_values("wd23cd").reset_index(drop=True)


def shape_lookup(lookup: pd.DataFrame) -> pd.DataFrame:
    """Shape the LSOA 2011 to 2021 lookup like ``LOOKUP_2011_2021``."""
    shaped = lookup.rename(columns={"F_LSOA11CD": "lsoa11cd", "LSOA11NM": "lsoa11nm",
                                    "LSOA21CD": "lsoa21cd", "LSOA21NM": "lsoa21nm",
                                    "CHGIND": "change_code", "LAD22CD": "lad_code",
                                    "LAD22NM": "lad_name"})
    columns = ["lsoa11cd", "lsoa11nm", "lsoa21cd", "lsoa21nm", "change_code", "lad_code",
               "lad_name"]
    return shaped[columns].drop_duplicates().sort_values(["lsoa11cd", "lsoa21cd"]) \
        .reset_index(drop=True)


# ---------------------------------------------------------------- Indices of Deprivation

#: The indices' names in File 7 headers (lower case), and their names in the app's files.
_INDICES = {
    "index of multiple deprivation (imd)": "IMD",
    "income": "Income",
    "employment": "Employment",
    "education, skills and training": "Education",
    "health deprivation and disability": "Health",
    "crime": "Crime",
    "barriers to housing and services": "Barriers",
    "living environment": "Environment",
    "income deprivation affecting children index (idaci)": "IDACI",
    "income deprivation affecting older people (idaopi)": "IDAOPI",
}
_DOMAINS = ("IMD", "Income", "Employment", "Education", "Health", "Crime", "Barriers",
            "Environment")
_SUBDOMAINS = ("children_and_young_people", "adult_skills", "geographical_barriers",
               "wider_barriers", "indoors", "outdoors")
_HEADER = re.compile(r"^(?P<name>.+?) (?P<kind>score|rank|decile)\b")


def _iod_name(header: str) -> tuple[str, str] | None:
    """Return (index, kind) of a File 7 header, e.g. ("Income", "rank"), or None."""
    match = _HEADER.match(header.strip().lower())
    if not match:
        return None
    name, kind = match["name"], match["kind"]
    if name.endswith(" sub-domain"):
        return re.sub(r"\W+", "_", name.removesuffix(" sub-domain")).strip("_"), kind
    return (_INDICES[name], kind) if name in _INDICES else None


def _iod_columns(raw: pd.DataFrame) -> dict[str, str]:
    """Map File 7 headers to ``<index>_<kind>`` names."""
    named = {header: _iod_name(header) for header in raw.columns}
    return {header: f"{name[0]}_{name[1]}" for header, name in named.items() if name}


def _require(raw: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    absent = [c for c in columns if c not in raw.columns]
    if absent:
        raise ValueError(f"{what} has no column {', '.join(map(repr, absent[:5]))}"
                         + (f" and {len(absent) - 5} more" if len(absent) > 5 else ""))


def shape_iod2025(raw: pd.DataFrame, lsoas: pd.DataFrame) -> pd.DataFrame:
    """Shape IoD2025 File 7 like ``IOD2025`` for the given LSOAs.

    Parameters
    ----------
    raw : pandas.DataFrame
        File 7 as published (headers such as ``LSOA code (2021)`` and
        ``Income Rank (where 1 is most deprived)``).
    lsoas : pandas.DataFrame
        The borough's ``lsoa21cd``, ``lsoa21nm``, ``lad_code``, ``lad_name``.

    Raises
    ------
    ValueError
        If a column the app needs is not in the file.
    """
    _require(raw, ["LSOA code (2021)"], "IoD2025 File 7")
    table = raw.rename(columns=_iod_columns(raw) | {"LSOA code (2021)": "lsoa21cd"})
    wanted = ([f"{d}_decile" for d in _DOMAINS] + [f"{d}_rank" for d in _DOMAINS]
              + [f"{d}_score" for d in _DOMAINS]
              + [f"{s}_{k}" for s in _SUBDOMAINS for k in ("score", "rank", "decile")])
    _require(table, wanted, "IoD2025 File 7")
    table = lsoas[["lsoa21cd", "lsoa21nm", "lad_code", "lad_name"]].merge(
        table[["lsoa21cd", *wanted]], on="lsoa21cd")
    return table.sort_values("lsoa21cd").reset_index(drop=True)


def shape_iod2019(raw: pd.DataFrame, lookup: pd.DataFrame) -> pd.DataFrame:
    """Shape IoD2019 File 7 like ``IOD2019`` for the 2011 LSOAs of a lookup.

    Gives the deciles and ranks of the indices, domains, sub-domains and the
    IDACI and IDAOPI supplementary indices (File 7 has them all).
    """
    _require(raw, ["LSOA code (2011)"], "IoD2019 File 7")
    table = raw.rename(columns=_iod_columns(raw) | {"LSOA code (2011)": "lsoa11cd"})
    table = table.rename(columns={f"{s}_{k}": f"{s.capitalize()}_{k}"
                                  for s in _SUBDOMAINS for k in ("rank", "decile")})
    sub = [s.capitalize() for s in _SUBDOMAINS]
    wanted = ([f"{d}_decile" for d in _DOMAINS] + [f"{d}_rank" for d in _DOMAINS]
              + [f"{s}_decile" for s in sub] + [f"{s}_rank" for s in sub]
              + ["IDACI_rank", "IDACI_decile", "IDAOPI_rank", "IDAOPI_decile"])
    _require(table, wanted, "IoD2019 File 7")
    areas = lookup[["lsoa11cd", "lsoa11nm", "lad_code", "lad_name"]].drop_duplicates("lsoa11cd")
    table = areas.merge(table[["lsoa11cd", *wanted]], on="lsoa11cd")
    return table.sort_values("lsoa11cd").reset_index(drop=True)


def clean_name(header: str) -> str:
    """Return a header in lower snake case: ``"Theft, rate per 1,000"`` -> ``theft_rate_per_1_000``.
    """
    return re.sub(r"[^0-9a-z]+", "_", header.strip().lower()).strip("_")


#: The File 8 sheets the app reads (as in the Greater Manchester files, the Living
#: Environment sheet is left out).
IOD2025_INDICATOR_SHEETS = ("Income", "Employment", "Education", "Health", "Crime", "Barriers")


def _number(column: pd.Series) -> pd.Series:
    """A column of numbers (anything else missing), whole numbers as integers: a workbook
    stores every number as a float, and the published CSVs write counts without ".0"."""
    numbers = pd.to_numeric(column, errors="coerce")
    whole = numbers.notna().all() and (numbers % 1 == 0).all()
    return numbers.astype("int64") if whole and numbers.dtype.kind == "f" else numbers


def shape_iod2025_indicators(workbook: Path, lsoas: pd.DataFrame) -> pd.DataFrame:
    """Shape IoD2025 File 8 (one sheet per domain) like ``IOD2025_INDICATORS``.

    Each domain sheet has its header in row 1, starting with the LSOA and
    district codes and names; the indicator headers are put in lower snake case.
    """
    from python_calamine import CalamineWorkbook  # the 33,755 rows in about 2 s

    codes = set(lsoas["lsoa21cd"])
    table = lsoas[["lsoa21cd", "lsoa21nm", "lad_code", "lad_name"]].set_index("lsoa21cd")
    book = CalamineWorkbook.from_path(str(workbook))
    try:
        for domain in IOD2025_INDICATOR_SHEETS:
            sheet = next((s for s in book.sheet_names
                          if s.startswith("IoD") and f" {domain} " in f" {s} "), None)
            if sheet is None:
                raise ValueError(f"the workbook has no {domain} domain sheet "
                                 f"(sheets: {', '.join(book.sheet_names)})")
            rows = iter(book.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
            header = [str(h) for h in next(rows, [])]
            if "LSOA code (2021)" not in header:
                raise ValueError(f"sheet {sheet!r} has no column 'LSOA code (2021)' in row 1")
            key = header.index("LSOA code (2021)")
            keep = [i for i, h in enumerate(header)
                    if h and not h.startswith(("LSOA ", "Local Authority District "))]
            data = {row[key]: [row[i] for i in keep] for row in rows if row[key] in codes}
            part = pd.DataFrame.from_dict(data, orient="index",
                                          columns=[clean_name(header[i]) for i in keep])
            table = table.join(part.apply(_number))
    finally:
        book.close()
    return table.rename_axis("lsoa21cd").reset_index().sort_values("lsoa21cd") \
        .reset_index(drop=True)


# ---------------------------------------------------------------- Census 2021 (Nomis bulk)


def census_member(table: str) -> str:
    """The LSOA file inside a Nomis bulk ZIP, e.g. ``census2021-ts038-lsoa.csv``."""
    return f"census2021-{table}-lsoa.csv"


def read_census(archive: Path, table: str, codes: Iterable[str]) -> pd.DataFrame:
    """Read a Nomis bulk table's LSOA rows for the given codes, indexed by LSOA code.

    Headers lose their ``; measures: Value`` ending, which some tables have.
    """
    with zipfile.ZipFile(archive) as bundle, bundle.open(census_member(table)) as stream:
        raw = pd.read_csv(stream, encoding="utf-8-sig")
    raw.columns = [c.removesuffix("; measures: Value") for c in raw.columns]
    _require(raw, ["geography code", "geography"], f"Census 2021 {table.upper()}")
    return raw[raw["geography code"].isin(set(codes))].set_index("geography code")


#: Census columns of the app's file, each the sum of the published categories named.
_CENSUS: dict[str, tuple[str, tuple[str, ...]]] = {
    "usual_residents_2021": ("ts038", ("Disability: Total: All usual residents",)),
    "disabled_n": ("ts038", ("Disability: Disabled under the Equality Act",)),
    "households_2021": ("ts011", ("Household deprivation: Total: All households",)),
    "hh_not_deprived_n": ("ts011", (
        "Household deprivation: Household is not deprived in any dimension",)),
    "hh_deprived_3plus_dims_n": ("ts011", (
        "Household deprivation: Household is deprived in three dimensions",
        "Household deprivation: Household is deprived in four dimensions")),
    "hh_overcrowded_n": ("ts052", (
        "Occupancy rating for bedrooms: Occupancy rating of bedrooms: -1",
        "Occupancy rating for bedrooms: Occupancy rating of bedrooms: -2 or less")),
    "hh_social_rented_n": ("ts054", ("Tenure of household: Social rented",)),
    "hh_private_rented_n": ("ts054", ("Tenure of household: Private rented",)),
    "hh_owner_occupied_n": ("ts054", ("Tenure of household: Owned",)),
}


def shape_census(tables: dict[str, pd.DataFrame], lsoas: pd.DataFrame) -> pd.DataFrame:
    """Shape the Census tables (from :func:`read_census`) like ``CENSUS2021``.

    Parameters
    ----------
    tables : dict
        Table id (``ts038``, ``ts011``, ``ts052``, ``ts054``) -> its LSOA rows.
    lsoas : pandas.DataFrame
        The borough's ``lsoa21cd``, ``lsoa21nm``, ``lad_code``, ``lad_name``.
    """
    table = lsoas[["lsoa21cd", "lsoa21nm", "lad_code", "lad_name"]].set_index("lsoa21cd")
    for column, (source, categories) in _CENSUS.items():
        _require(tables[source], categories, f"Census 2021 {source.upper()}")
        table[column] = tables[source][list(categories)].sum(axis=1).reindex(table.index)
    table.insert(table.columns.get_loc("disabled_n") + 1, "disabled_prop",
                 (table["disabled_n"] / table["usual_residents_2021"]).round(4))
    table = table[table["usual_residents_2021"].notna()]
    return table.reset_index().sort_values("lsoa21cd").reset_index(drop=True)
