"""Exports of an index's results: CSV, Excel, GeoPackage and GeoJSON, each with its metadata.

Every export holds one row per area (score, rank and decile; each domain's
score and rank; each indicator's value and rank, and for an indicator made from
counts its 95% confidence limits and its comparison with the borough and the region; the
rank interval when one was computed) and metadata: the spec as YAML, data vintages, sources and
licences, the suppression rule, the attribution and what each column means.
Values hidden by small-number suppression are blank in every format, with
their ranks, and the row's ``suppressed`` column says which cells and why.
"""

from __future__ import annotations

import dataclasses
import io
import json
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from data.areas.derived import measure
from data.areas.levels import LEVELS, LevelData
from data.opendata.sources import (
    ATTRIBUTION,
    LAD_BOUNDARIES,
    LSOA21_BOUNDARIES,
    MSOA21_BOUNDARIES,
    WARD_BOUNDARIES,
    Dataset,
    dataset,
)
from data.stats.suppression import suppression_rule
from data.userfiles.coordinates import BRITISH_NATIONAL_GRID
from indices.build import IndexRun
from indices.spec import spec_to_yaml
from indices.tables import for_spreadsheets

#: Columns of the rank interval, from :attr:`indices.sensitivity.SensitivityResult.areas`.
INTERVAL_COLUMNS = ("median_rank", "rank_p05", "rank_p95")

#: The note column naming the cells hidden in a row.
SUPPRESSED = "suppressed"

#: The boundary files each level's areas are drawn from (LSOAs unless listed).
_BOUNDARIES = {"ward": (LSOA21_BOUNDARIES, WARD_BOUNDARIES),
               "msoa": (LSOA21_BOUNDARIES, MSOA21_BOUNDARIES),
               "borough": (LSOA21_BOUNDARIES, LAD_BOUNDARIES)}

#: Where the GeoPackage's polygons are: British National Grid, as council GIS uses.
GEOPACKAGE_CRS = f"EPSG:{BRITISH_NATIONAL_GRID}"


@dataclass(frozen=True)
class ExportFormat:
    """One way of writing the results: its label, file extension and media type."""

    label: str
    extension: str
    mime: str


FORMATS: dict[str, ExportFormat] = {
    "csv": ExportFormat("CSV (a ZIP with the results, metadata and spec)", "zip",
                        "application/zip"),
    "xlsx": ExportFormat("Excel workbook", "xlsx",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "gpkg": ExportFormat("GeoPackage (polygons, British National Grid)", "gpkg",
                         "application/geopackage+sqlite3"),
    "geojson": ExportFormat("GeoJSON (polygons, WGS84)", "geojson", "application/geo+json"),
}


@dataclass(frozen=True)
class ExportMetadata:
    """What an export says about itself.

    Attributes
    ----------
    title : str
        The index and the place, such as "Thriving Community Index: Oldham".
    place : str
        The borough (or Greater Manchester) the areas are ranked within.
    level : str
        The level's label, such as "LSOA (2021)".
    created : datetime.date
        When the export was made.
    spec_yaml : str
        The spec that made the index, as YAML (it rebuilds the index exactly).
    vintages : tuple of str
        The boundaries' and each data file's period.
    sources : tuple of Dataset
        The data files the areas and the spec's columns come from.
    suppression : str
        The small-number suppression rule.
    attribution : str
        The attribution the data licences require.
    columns : dict
        Each results column (the area code first) -> what it holds.
    """

    title: str
    place: str
    level: str
    created: date
    spec_yaml: str
    vintages: tuple[str, ...]
    sources: tuple[Dataset, ...]
    suppression: str
    attribution: str
    columns: dict[str, str]


def _ranks(values: pd.Series) -> pd.Series:
    return values.astype("Float64").astype("Int64")


#: The columns each compared indicator adds (see :func:`data.stats.compare.compare_areas`):
#: the column's suffix, and the column of the comparisons it comes from.
COMPARISON_SUFFIXES = {"lower_95": "lower", "upper_95": "upper",
                       "against_borough": "against_borough", "against_region": "against_region"}


def results_table(run: IndexRun, table: pd.DataFrame, hidden: pd.DataFrame | None,
                  intervals: pd.DataFrame | None = None,
                  comparisons: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per area with every result of the index, suppression applied.

    Parameters
    ----------
    run : IndexRun
        The index built over the areas.
    table : pandas.DataFrame
        The areas' table the run was built from, indexed by area code, with
        ``area_name`` (a level's table) or ``lsoa21nm`` (the LSOA table).
    hidden : pandas.DataFrame or None
        Per data column, True where an area's value must be hidden (see
        :mod:`data.stats.suppression`); None hides nothing.
    intervals : pandas.DataFrame, optional
        The rank interval per area (``median_rank``, ``rank_p05``,
        ``rank_p95``), as in :attr:`indices.sensitivity.SensitivityResult.areas`.
    comparisons : pandas.DataFrame, optional
        The areas compared with the borough and the region at 95%, from
        :func:`data.stats.compare.compare_areas`: each compared indicator then gets
        ``<indicator>_lower_95`` and ``<indicator>_upper_95`` (its confidence limits) and
        ``<indicator>_against_borough`` and ``<indicator>_against_region`` ("worse",
        "similar", "better" or "not compared"), after its rank; blank where its value
        is hidden.

    Returns
    -------
    pandas.DataFrame
        Indexed by area code: ``area_name``; ``score``, ``rank`` and ``decile``
        of the index; the interval columns when given; ``<domain>_score`` and
        ``<domain>_rank``; ``<indicator>_value`` (before imputation and
        outlier treatment: rates made from counts, other columns as published
        or derived) and ``<indicator>_rank``; and ``suppressed``, naming the
        cells left blank by suppression ("" where none).
    """
    spec = run.spec
    codes = run.scores.index
    names = table["area_name"] if "area_name" in table else table["lsoa21nm"]
    out = pd.DataFrame({"area_name": names.reindex(codes)}, index=codes)
    out["score"] = run.scores[spec.code]
    out["rank"] = _ranks(run.ranks[spec.code])
    out["decile"] = _ranks(run.deciles[spec.code])
    if intervals is not None:
        for column in INTERVAL_COLUMNS:
            out[column] = intervals[column].reindex(codes)
    for domain in spec.domains:
        out[f"{domain.code}_score"] = run.scores[domain.code]
        out[f"{domain.code}_rank"] = _ranks(run.ranks[domain.code])
    blank = pd.DataFrame(index=codes)
    for indicator in spec.indicators:
        value, rank = f"{indicator.code}_value", f"{indicator.code}_rank"
        out[value] = run.values[indicator.code]
        out[rank] = _ranks(run.ranks[indicator.code])
        compared = [] if comparisons is None else \
            comparisons[comparisons["indicator"] == indicator.code].set_index("area")
        for suffix, source in COMPARISON_SUFFIXES.items() if len(compared) else ():
            out[f"{indicator.code}_{suffix}"] = compared[source].reindex(codes)
        shown = [value, rank] + [f"{indicator.code}_{s}" for s in COMPARISON_SUFFIXES
                                 if f"{indicator.code}_{s}" in out]
        if hidden is not None and indicator.column in hidden:
            mask = hidden[indicator.column].reindex(codes, fill_value=False).astype(bool)
            out.loc[mask, shown] = pd.NA
            for column in shown:
                blank[column] = mask
    note = suppression_rule().hidden_text
    out[SUPPRESSED] = [f"{note}: {', '.join(blank.columns[row])}" if row.any() else ""
                       for row in blank.to_numpy(dtype=bool)]
    return out.rename_axis(codes.name or "area_code")


def _describe(run: IndexRun, results: pd.DataFrame, place: str, level: str) -> dict[str, str]:
    """What each results column holds, the area code first."""
    spec = run.spec
    areas = len(results)
    columns = {
        results.index.name: f"Area code (ONS GSS code of the {level}).",
        "area_name": "Area name.",
        "score": f"{spec.name} score; higher means more need.",
        "rank": f"Rank of the score among the {areas} areas of {place}; 1 = most in need.",
        "decile": "Decile of the rank; decile 1 = the most-in-need tenth of areas.",
        "median_rank": "Median rank over the sensitivity analysis's draws (weights, "
                       "normalisation, aggregation and indicators varied).",
        "rank_p05": "5th percentile of the rank over the draws (the interval's best rank).",
        "rank_p95": "95th percentile of the rank over the draws (the interval's worst rank).",
    }
    for domain in spec.domains:
        columns[f"{domain.code}_score"] = f"Domain score: {domain.name}; higher means more need."
        columns[f"{domain.code}_rank"] = f"Rank of the {domain.name} domain; 1 = most in need."
    for indicator in spec.indicators:
        made = (f" ({indicator.column} per {indicator.scale:g} {indicator.denominator})"
                if indicator.denominator else f" (column {indicator.column})")
        columns[f"{indicator.code}_value"] = (
            f"{indicator.name}, {indicator.unit or 'value'}{made}; "
            f"{indicator.year or 'year not stated'}; {indicator.direction.replace('_', ' ')}. "
            "Before imputation and outlier treatment; blank where missing or hidden.")
        columns[f"{indicator.code}_rank"] = (
            f"Rank of {indicator.name}; 1 = most in need. Blank where the value is hidden.")
        for side in ("lower", "upper"):
            columns[f"{indicator.code}_{side}_95"] = (
                f"{side.capitalize()} limit of the 95% confidence interval of "
                f"{indicator.name} (Wilson's for a proportion; exact Poisson below 10 events, "
                "Byar's from 10, for a rate). Blank where the value is hidden or missing.")
        for key, where in (("borough", f"{place}, pooled from its areas' counts"),
                           ("region", "the region (every area of the data, Greater "
                                      "Manchester by default), pooled likewise")):
            columns[f"{indicator.code}_against_{key}"] = (
                f"{indicator.name} against {where}: worse or better when the 95% interval "
                "lies wholly on that side of its figure (as OHID's Fingertips compares), "
                "similar when it includes it, not compared without a value. Blank where the "
                "value is hidden.")
    columns[SUPPRESSED] = ("The cells of the row left blank by small-number suppression, and "
                           "why; empty where none are.")
    return {column: columns[column] for column in [results.index.name, *results.columns]}


def _sources(run: IndexRun, level: str, column_sources: Mapping[str, str]) -> list[str]:
    """The data files of the level's boundaries and of the spec's columns, in that order."""
    files = list(_BOUNDARIES.get(level, (LSOA21_BOUNDARIES,)))
    for column in run.spec.numeric_columns:
        derived = measure(column)
        files += derived.sources if derived else [column_sources.get(column, "")]
    return list(dict.fromkeys(f for f in files if dataset(f)))


def export_metadata(run: IndexRun, results: pd.DataFrame, place: str, level: str,
                    column_sources: Mapping[str, str], created: date | None = None,
                    label: str | None = None) -> ExportMetadata:
    """Describe an export of the results.

    Parameters
    ----------
    run : IndexRun
        The index the results come from.
    results : pandas.DataFrame
        The table from :func:`results_table`.
    place : str
        The borough (or Greater Manchester) the areas are ranked within.
    level : str
        A key of :data:`data.areas.levels.LEVELS`.
    column_sources : Mapping
        The data file each column comes from (:attr:`data.areas.borough.BoroughData.sources`).
    created : datetime.date, optional
        When the export is made (default: today).
    label : str, optional
        What the level is called (default: from :data:`data.areas.levels.LEVELS`; the
        name of a user-defined neighbourhood set).
    """
    files = [dataset(f) for f in _sources(run, level, column_sources)]
    label = LEVELS.get(level, level) if label is None else label
    return ExportMetadata(
        title=f"{run.spec.name}: {place}",
        place=place,
        level=label,
        created=created or date.today(),
        spec_yaml=spec_to_yaml(run.spec),
        vintages=tuple(f"{d.title}: {d.period}" for d in files),
        sources=tuple(files),
        suppression=suppression_rule().describe(),
        attribution=ATTRIBUTION,
        columns=_describe(run, results, place, label),
    )


def metadata_rows(meta: ExportMetadata) -> pd.DataFrame:
    """Return the metadata as a two-column table (``field``, ``value``), for a sheet.

    Vintages and sources take a row each; each results column is described
    on a row of its own (``column: <name>``).
    """
    rows = [("title", meta.title), ("place", meta.place), ("level", meta.level),
            ("created", meta.created.isoformat())]
    rows += [("vintage", v) for v in meta.vintages]
    rows += [("source", f"{d.title}. {d.publisher}, {d.period}. Licence: {d.licence}."
              + (f" {d.attribution}." if d.attribution else "") + f" File: {d.file}.")
             for d in meta.sources]
    rows += [("suppression", meta.suppression), ("attribution", meta.attribution)]
    rows += [(f"column: {name}", text) for name, text in meta.columns.items()]
    rows.append(("spec", meta.spec_yaml))
    return pd.DataFrame(rows, columns=["field", "value"])


def to_csv_zip(results: pd.DataFrame, meta: ExportMetadata) -> bytes:
    """Return a ZIP of ``results.csv``, ``metadata.csv`` and ``spec.yaml``.

    The CSV files are UTF-8 with a byte order mark, so that Excel reads
    them as UTF-8; suppressed and missing cells are empty; text that a spreadsheet would
    take for a formula starts with a single quote (see
    :func:`indices.tables.neutralise`).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("results.csv", for_spreadsheets(results).to_csv().encode("utf-8-sig"))
        archive.writestr("metadata.csv", for_spreadsheets(metadata_rows(meta)).to_csv(
            index=False).encode("utf-8-sig"))
        archive.writestr("spec.yaml", meta.spec_yaml.encode("utf-8"))
    return buffer.getvalue()


def to_xlsx(results: pd.DataFrame, meta: ExportMetadata) -> bytes:
    """Return an Excel workbook with the sheets ``results`` and ``metadata``."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for_spreadsheets(results).to_excel(writer, sheet_name="results", freeze_panes=(1, 1))
        for_spreadsheets(metadata_rows(meta)).to_excel(writer, sheet_name="metadata",
                                                       index=False)
        writer.sheets["metadata"].column_dimensions["A"].width = 28
        writer.sheets["metadata"].column_dimensions["B"].width = 120
    return buffer.getvalue()


def _features(results: pd.DataFrame, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The results joined to the areas' polygons (``code`` and geometry), in results order."""
    shapes = areas.set_index("code").geometry.reindex(results.index)
    return gpd.GeoDataFrame(results, geometry=shapes.to_numpy(), crs=areas.crs)


def to_geopackage(results: pd.DataFrame, areas: gpd.GeoDataFrame, meta: ExportMetadata) -> bytes:
    """Return a GeoPackage: the polygon layer ``results`` and the table ``metadata``.

    The polygons are in British National Grid (:data:`GEOPACKAGE_CRS`);
    the ``metadata`` table has no geometry.
    """
    features = _features(results, areas).to_crs(GEOPACKAGE_CRS).reset_index()
    rows = pd.concat([metadata_rows(meta), pd.DataFrame(
        [("crs", f"{GEOPACKAGE_CRS} (British National Grid)")], columns=["field", "value"])],
        ignore_index=True)
    with tempfile.TemporaryDirectory(prefix="tci-export-") as folder:
        path = Path(folder) / "results.gpkg"
        pyogrio.write_dataframe(features, path, layer="results", driver="GPKG")
        pyogrio.write_dataframe(rows, path, layer="metadata", driver="GPKG")
        return path.read_bytes()


def to_geojson(results: pd.DataFrame, areas: gpd.GeoDataFrame, meta: ExportMetadata) -> bytes:
    """Return an RFC 7946 FeatureCollection in WGS84 (longitude, latitude).

    Polygons follow the right-hand rule (exteriors anticlockwise); each
    feature's ``id`` is the area code; the metadata is the top-level foreign
    member ``metadata``.
    """
    features = _features(results, areas).to_crs(4326)
    features.geometry = shapely.orient_polygons(features.geometry.to_numpy())
    collection = json.loads(features.to_json(na="null", drop_id=False))
    collection.pop("crs", None)
    for feature in collection["features"]:
        feature["properties"] = {results.index.name: feature["id"], **feature["properties"]}
    collection["metadata"] = {
        **dataclasses.asdict(meta),
        "created": meta.created.isoformat(),
        "crs": "WGS84 (RFC 7946: longitude, latitude)",
    }
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


def write(fmt: str, results: pd.DataFrame, areas: gpd.GeoDataFrame,
          meta: ExportMetadata) -> bytes:
    """Return the results in one of :data:`FORMATS`.

    Raises
    ------
    KeyError
        If the format is not one of :data:`FORMATS` (the message lists them).
    """
    if fmt == "csv":
        return to_csv_zip(results, meta)
    if fmt == "xlsx":
        return to_xlsx(results, meta)
    if fmt == "gpkg":
        return to_geopackage(results, areas, meta)
    if fmt == "geojson":
        return to_geojson(results, areas, meta)
    raise KeyError(f"{fmt!r} is not an export format; use one of: {', '.join(FORMATS)}")


def export_results(fmt: str, run: IndexRun, level: LevelData, place: str,
                   column_sources: Mapping[str, str],
                   intervals: pd.DataFrame | None = None,
                   comparisons: pd.DataFrame | None = None) -> bytes:
    """Return a level's results of an index in one of :data:`FORMATS`, suppression applied.

    Parameters
    ----------
    fmt : str
        A key of :data:`FORMATS`.
    run : IndexRun
        The index built over the level's areas.
    level : LevelData
        The areas: their table, polygons and suppression mask.
    place : str
        The borough (or Greater Manchester) the areas are ranked within.
    column_sources : Mapping
        The data file each column comes from (:attr:`data.areas.borough.BoroughData.sources`).
    intervals : pandas.DataFrame, optional
        The rank interval per area, as in :func:`results_table`.
    comparisons : pandas.DataFrame, optional
        The areas compared with the borough and region, as in :func:`results_table`.
    """
    results = results_table(run, level.table, level.hidden, intervals, comparisons)
    meta = export_metadata(run, results, place, level.level, column_sources,
                           label=level.label)
    return write(fmt, results, level.areas, meta)


def file_name(spec_code: str, place: str, level: str, fmt: str) -> str:
    """A file name for an export, such as ``tci_oldham_lsoa.xlsx``."""
    slug = "_".join(place.lower().split())
    return f"{spec_code}_{slug}_{level}.{FORMATS[fmt].extension}"


def tables_zip(tables: Mapping[str, pd.DataFrame], about: list[tuple[str, str]]) -> bytes:
    """A ZIP of CSV tables (``NAME.csv`` each, with its index) and ``metadata.csv`` (the
    ``field``, ``value`` rows of ``about``), made for spreadsheets as :func:`to_csv_zip`
    makes its files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, table in tables.items():
            archive.writestr(f"{name}.csv", for_spreadsheets(table).to_csv()
                             .encode("utf-8-sig"))
        archive.writestr("metadata.csv", for_spreadsheets(pd.DataFrame(
            about, columns=["field", "value"])).to_csv(index=False).encode("utf-8-sig"))
    return buffer.getvalue()


def tables_xlsx(tables: Mapping[str, pd.DataFrame], about: list[tuple[str, str]]) -> bytes:
    """An Excel workbook of tables (a sheet each, named by its key, with its index) and a
    ``metadata`` sheet (the ``field``, ``value`` rows of ``about``), made for spreadsheets
    as :func:`to_xlsx` makes its sheets."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in tables.items():
            for_spreadsheets(table).to_excel(writer, sheet_name=name[:31], freeze_panes=(1, 1))
        for_spreadsheets(pd.DataFrame(about, columns=["field", "value"])).to_excel(
            writer, sheet_name="metadata", index=False)
        writer.sheets["metadata"].column_dimensions["A"].width = 28
        writer.sheets["metadata"].column_dimensions["B"].width = 120
    return buffer.getvalue()
