"""Neighbourhood briefing PDFs: one area's index results, context and sources on A4.

Pure of Streamlit: the app's download buttons and ``python -m dashboard.briefing``
both call :func:`prepare` once, then :func:`briefing_pdf` per area or
:func:`write_all` for a whole level. Text from data files is escaped by the
template; numbers made from small counts are suppressed.
"""

from __future__ import annotations

import base64
import difflib
import io
import multiprocessing
import re
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from dashboard.formatting import format_rank, format_value
from dashboard.methods import effective_weights
from dashboard.reports.svg import closeup_map, domain_chart, locator_map
from data.areas import POPULATION
from data.assets import ASSET_TYPES, assets_near, load_assets
from data.borough import BoroughData
from data.change import describe_change, imd_change
from data.derived import BNG, MEASURES
from data.geography import DEFAULT_BOROUGH
from data.levels import LevelData, Neighbourhoods, level_data, summed_for
from data.profiles import build_profile
from data.rates import count_interval, rate_interval, wilson_interval
from data.sources import ATTRIBUTION, COMMUNITY_ASSETS, IOD2019, LOOKUP_2011_2021, dataset
from data.store.assets import AssetStore
from data.store.notes import NoteStore
from data.suppression import suppression_rule
from data.workspace import load_with_saved
from indices.aggregate import describe as describe_aggregation
from indices.build import IndexRun, build_index
from indices.normalise import describe as describe_normalisation
from indices.sensitivity import SensitivityResult, SensitivitySettings, sensitivity
from indices.spec import IndexSpec

#: How far around an area to list community assets, in metres.
ASSET_RADIUS = 400
#: How many assets to number on the close-up map and list.
ASSETS_LISTED = 15

#: IoD2025 domains with their national decile columns, for the comparison with England.
NATIONAL_DOMAINS = {
    "Income": "Income_decile", "Employment": "Employment_decile",
    "Education, skills and training": "Education_decile",
    "Health and disability": "Health_decile", "Crime": "Crime_decile",
    "Barriers to housing and services": "Barriers_decile",
    "Living environment": "Environment_decile",
}

_TEMPLATES = Environment(loader=PackageLoader("dashboard.reports", "templates"),
                         autoescape=select_autoescape(["html"]))


class UnknownAreaError(LookupError):
    """A briefing was asked for an area code that is not at the level chosen."""


@dataclass(frozen=True)
class BriefingContext:
    """Everything the briefings of one borough at one level share, built once."""

    borough: BoroughData
    level: LevelData
    run: IndexRun
    intervals: SensitivityResult | None
    change: pd.DataFrame
    assets: gpd.GeoDataFrame
    created: date
    public_notes: tuple[dict, ...] = ()


#: The rank intervals of a briefing unless told otherwise: 1,000 draws of the default choices.
DEFAULT_ROBUSTNESS = SensitivitySettings()


def prepare(root: Path, spec: IndexSpec, lad_code: str = DEFAULT_BOROUGH,
            level: str | LevelData = "lsoa", borough: BoroughData | None = None,
            robustness: SensitivitySettings | None = DEFAULT_ROBUSTNESS,
            notes: NoteStore | None = None, assets: AssetStore | None = None,
            neighbourhoods: Neighbourhoods | None = None) -> BriefingContext:
    """Load and build what the briefings of a borough at a level need.

    Parameters
    ----------
    root : Path
        The data folder.
    spec : IndexSpec
        The index to report.
    lad_code : str
        The borough.
    level : str or LevelData
        A level (see :data:`data.levels.LEVELS`, or ``"custom"`` with
        ``neighbourhoods``), or the borough's areas at a level already made.
    borough : BoroughData, optional
        Already loaded borough data, to skip loading it again.
    robustness : SensitivitySettings or None
        The sensitivity analysis behind the rank intervals (default: 1,000
        draws of the default choices); None for no rank intervals.
    notes : NoteStore, optional
        Where the qualitative notes are; only public ones ever reach a briefing.
    assets : AssetStore, optional
        The asset register; without it, the open registers' file is used.
    neighbourhoods : Neighbourhoods, optional
        The user-defined neighbourhoods of the custom level.
    """
    borough = borough or load_with_saved(root, lad_code)
    areas = level if isinstance(level, LevelData) else level_data(
        borough, level, summed_for(spec), neighbourhoods)
    run = build_index(spec, areas.table)
    intervals = sensitivity(run, robustness) if robustness is not None else None
    public = tuple(notes.notes(visibility="public")) if notes is not None else ()
    return BriefingContext(borough=borough, level=areas, run=run, intervals=intervals,
                           change=imd_change(root),
                           assets=(_register(assets, borough.code) if assets is not None
                                   else load_assets(root, borough.code)).to_crs(BNG),
                           created=date.today(), public_notes=public)


def _register(store: AssetStore, lad_code: str) -> gpd.GeoDataFrame:
    """The register's current assets of a borough, shaped as :func:`load_assets` gives them."""
    table = store.assets(lad_code)
    table = table.assign(type_name=table["category"].map(ASSET_TYPES).fillna(table["category"]))
    return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]),
                            crs=4326)


def _lsoas_of(context: BriefingContext, code: str) -> pd.Index:
    """The 2021 LSOAs an area is made of."""
    members = context.level.members
    return members.index[members == code]


def _public_notes(context: BriefingContext, code: str) -> list[dict[str, str]]:
    """The area's public notes (for a larger area, its own and its LSOAs'), newest first."""
    codes = {code} | set(_lsoas_of(context, code))
    return [{"date": n["note_date"].strftime("%-d %B %Y"), "source": n["source"],
             "themes": ", ".join(n["themes"]), "text": n["text"]}
            for n in context.public_notes
            if n["area_code"] in codes and n["visibility"] == "public" and not n["retired"]]


def area_codes(context: BriefingContext) -> list[str]:
    """The codes of the areas a briefing can be made for, most in need first."""
    return context.run.ranks[context.run.spec.code].sort_values().index.tolist()


def check_area(context: BriefingContext, code: str) -> str:
    """Return the code if a briefing can be made for it.

    Raises
    ------
    UnknownAreaError
        Naming the level and the closest codes or names.
    """
    if code in context.level.table.index:
        return code
    names = context.level.table["area_name"]
    by_name = {str(n).lower(): c for c, n in names.items()}
    if code.lower() in by_name:
        return by_name[code.lower()]
    close = difflib.get_close_matches(code, list(names.index), n=3, cutoff=0.6) + [
        by_name[n] for n in difflib.get_close_matches(code.lower(), list(by_name), n=3,
                                                       cutoff=0.6)]
    hint = (" Did you mean " + ", ".join(f"{c} ({names[c]})" for c in dict.fromkeys(close))
            + "?") if close else ""
    raise UnknownAreaError(
        f"{code!r} is not the code or name of an area at the {context.level.level} level "
        f"({context.level.label}) in {context.borough.name}.{hint} "
        f"Use one of the {len(names)} codes, for example {names.index[0]} ({names.iloc[0]})."
    )


def _svg_image(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _intervals(run: IndexRun, table: pd.DataFrame, code: str) -> dict[str, str]:
    """95% confidence intervals of count-based indicators, as text, by indicator code."""
    texts = {}
    rates = {m.column: m for m in MEASURES if m.count_column and m.column != m.count_column}
    row = table.loc[code]
    for indicator in run.spec.indicators:
        if indicator.denominator:
            count, base = row[indicator.column], row[indicator.denominator]
            if indicator.scale == 100 and count <= base:
                _, low, high = (v[0] for v in wilson_interval([count], [base]))
                low, high = low * 100, high * 100
            else:
                _, low, high = (v[0] for v in rate_interval([count], [base], indicator.scale))
        elif indicator.column in rates:
            count = row[rates[indicator.column].count_column]
            value = row[indicator.column]
            if not count or np.isnan(value):
                continue
            low, high = (v[0] * value / count for v in count_interval([count]))
        else:
            continue
        if np.isfinite(low) and np.isfinite(high):
            texts[indicator.code] = f"{format_value(low)} to {format_value(high)}"
    return texts


def _indicator_rows(context: BriefingContext, code: str, profile) -> list[dict[str, str]]:
    intervals = _intervals(context.run, context.level.table, code)
    rows = []
    for row in profile.indicators.itertuples():
        hidden = bool(row.hidden)
        rows.append({
            "domain": row.domain, "name": row.name, "unit": row.unit,
            "value": suppression_rule().value_text if hidden else format_value(row.value),
            "interval": "hidden: small number" if hidden else intervals.get(row.code, ""),
            "borough": format_value(row.borough), "region": format_value(row.region),
            "rank": "–" if pd.isna(row.rank) else str(int(row.rank)),
        })
    return rows


def _change(context: BriefingContext, code: str) -> dict[str, str]:
    return describe_change(context.change, _lsoas_of(context, code))


def _national(context: BriefingContext, code: str) -> list[dict[str, str]]:
    table = context.borough.table
    if context.level.level == "lsoa":
        return [{"domain": name, "decile": str(int(table.at[code, column]))}
                for name, column in NATIONAL_DOMAINS.items() if column in table]
    lsoas = table.loc[_lsoas_of(context, code)]
    return [{"domain": name, "decile": f"{int((lsoas[column] <= 2).sum())} of {len(lsoas)} "
             "LSOAs in deciles 1 and 2"} for name, column in NATIONAL_DOMAINS.items()]


def _sources(spec: IndexSpec) -> list[str]:
    files = {i.source for i in spec.indicators}
    files |= {s for m in MEASURES if m.column in set(spec.columns) for s in m.sources}
    files |= {COMMUNITY_ASSETS, IOD2019, LOOKUP_2011_2021, "lsoa21_greater_manchester.geojson",
              "wards2023_greater_manchester.geojson", "iod2025_lsoa21_greater_manchester.csv"}
    return [f"{e.title}. {e.publisher}, {e.period}. {e.licence}."
            + (f" {e.attribution}." if e.attribution else "")
            for e in sorted(filter(None, map(dataset, files)), key=lambda e: e.title)]


def _data_line(borough: BoroughData) -> str:
    """The data a briefing draws on: the measures the data folder could make, by their column."""
    local = [("STATS19 road casualties 2019 to mid-2024", "road_casualties_n"),
             ("police.uk burglaries 2016 to 2019 (Oldham)", "burglaries_n"),
             ("OS Open Greenspace 2023", "greenspace_access_distance_m")]
    present = [text for text, column in local
               if column in borough.region and borough.region[column].notna().any()]
    return ", ".join(["English Indices of Deprivation 2025 and 2019", "Census 2021", *present,
                      "community assets from the register"])


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def briefing_html(context: BriefingContext, code: str) -> str:
    """Return the HTML of one area's briefing (what :func:`briefing_pdf` prints)."""
    code = check_area(context, code)
    run, level = context.run, context.level
    spec = run.spec
    profile = build_profile(code, run, level.table, context.borough.region, level.hidden,
                            context.borough.name)
    geometry = level.areas.set_index("code").geometry[code]
    near = assets_near(context.assets, geometry, ASSET_RADIUS).head(ASSETS_LISTED)
    inside = assets_near(context.assets, geometry, 0)
    interval = None
    if context.intervals is not None and code in context.intervals.areas.index:
        row = context.intervals.areas.loc[code]
        interval = {"low": f"{row['rank_p05']:.0f}", "high": f"{row['rank_p95']:.0f}",
                    "median": f"{row['median_rank']:.0f}",
                    "draws": f"{context.intervals.settings.draws:,}"}
    weights = effective_weights(spec)
    methods = [
        "Each indicator is turned so that higher means more need, then normalised: "
        + _lower_first(describe_normalisation(spec.normalisation.method)),
        f"Indicators are combined into {len(spec.domains)} domains and the domains into the "
        f"index by {describe_aggregation(spec.aggregation).rstrip('.').lower()}; the domains "
        "weigh " + ", ".join(f"{d.name} {sum(weights[i.code] for i in d.indicators):.0%}"
                             for d in spec.domains) + ".",
        "Rank 1 is the area most in need of the "
        f"{profile.areas} in {context.borough.name}; decile 1 is the tenth most in need.",
        "The rank interval holds 90% of the ranks the area takes when the index is rebuilt "
        "with weights perturbed by up to ±25%, other normalisations and aggregations, and "
        "each indicator left out in turn.",
        suppression_rule().describe() + " Figures "
        f"for {context.borough.name} and {context.borough.region_name} are averages of their "
        "areas weighted by resident population. Confidence intervals are 95%: Byar's method "
        "for counts of 10 or more, the exact Poisson method below 10, Wilson's for "
        "proportions.",
    ]
    residents = level.table.at[code, POPULATION]
    return _TEMPLATES.get_template("briefing.html").render(
        profile=profile,
        level=level.label,
        spec=spec,
        created=context.created.strftime("%-d %B %Y"),
        residents=f"{residents:,.0f}" if pd.notna(residents) else "",
        rank=format_rank(profile.rank, profile.areas),
        score=format_value(profile.score),
        interval=interval,
        locator=_svg_image(locator_map(level.areas, context.borough.wards, code)),
        closeup=_svg_image(closeup_map(level.areas, code, near)),
        chart=_svg_image(domain_chart(profile.domains, profile.name, profile.borough)),
        domains=profile.domains.assign(
            score_text=profile.domains["score"].map(format_value),
            average_text=profile.domains["borough_average"].map(format_value)),
        national=_national(context, code),
        indicators=_indicator_rows(context, code, profile),
        change=_change(context, code),
        assets=[{"number": n, "name": a.name, "type": a.type_name,
                 "where": "inside" if a.inside else f"{a.distance_m:,.0f} m away"}
                for n, a in enumerate(near.itertuples(), start=1)],
        asset_counts=inside["type_name"].value_counts().to_dict(),
        notes=_public_notes(context, code),
        asset_radius=ASSET_RADIUS,
        methods=methods,
        sources=_sources(spec),
        data_line=_data_line(context.borough),
        attribution=ATTRIBUTION,
        region=context.borough.region_name,
    )


def briefing_pdf(context: BriefingContext, code: str) -> bytes:
    """Return one area's briefing as a tagged A4 PDF (PDF/UA-1) with embedded fonts."""
    from weasyprint import HTML  # imported here: it loads system libraries (Pango)

    return HTML(string=briefing_html(context, code)).write_pdf(pdf_variant="pdf/ua-1")


def briefing_file_name(code: str, name: str) -> str:
    """A safe file name for an area's briefing, such as ``E01005376_oldham-031d.pdf``.

    Only letters, digits, ``-`` and ``_`` are kept, of the code as of the name, so no
    code or name from a user's file can make a path leave the folder it is written to.
    """
    safe_code = re.sub(r"[^A-Za-z0-9]+", "-", str(code)).strip("-") or "area"
    slug = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")
    return f"{safe_code}_{slug}.pdf" if slug else f"{safe_code}.pdf"


def file_name(context: BriefingContext, code: str) -> str:
    """The file name of an area's briefing (see :func:`briefing_file_name`)."""
    return briefing_file_name(code, str(context.level.table.at[code, "area_name"]))


def _unused(name: str, used: set[str]) -> str:
    """``name``, or ``name`` numbered (``-2``, ``-3`` ...) when an earlier area had it (codes
    that differ only in characters a file name cannot hold)."""
    stem, n, candidate = name.removesuffix(".pdf"), 1, name
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem}-{n}.pdf"
    used.add(candidate.lower())
    return candidate


_WORKER_CONTEXT: BriefingContext | None = None


def _start_worker(context: BriefingContext) -> None:
    global _WORKER_CONTEXT
    _WORKER_CONTEXT = context


def _worker_pdf(code: str) -> tuple[str, bytes]:
    assert _WORKER_CONTEXT is not None
    return code, briefing_pdf(_WORKER_CONTEXT, code)


def write_all(context: BriefingContext, out: Path | io.BytesIO,
              progress: Callable[[int, int, str], None] | None = None,
              workers: int = 1, codes: Sequence[str] | None = None) -> None:
    """Write every area's briefing into a folder or a ZIP file.

    Parameters
    ----------
    context : BriefingContext
        From :func:`prepare`.
    out : Path or io.BytesIO
        A folder (created if needed), a path ending in ``.zip``, or an
        in-memory buffer to receive a ZIP.
    progress : callable, optional
        Called after each briefing with (done, total, code).
    workers : int
        Processes to share the work between.
    codes : sequence of str, optional
        Only these areas (default: every area at the level, most in need first).
    """
    codes = [check_area(context, c) for c in codes] if codes else area_codes(context)
    as_zip = isinstance(out, io.BytesIO) or str(out).lower().endswith(".zip")
    if not as_zip:
        Path(out).mkdir(parents=True, exist_ok=True)
    archive = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) if as_zip else None
    try:
        if workers > 1:
            # spawn, not fork: the caller may be a threaded server (Streamlit)
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                                       initargs=(context,),
                                       mp_context=multiprocessing.get_context("spawn"))
            results = pool.map(_worker_pdf, codes)
        else:
            pool = None
            results = ((code, briefing_pdf(context, code)) for code in codes)
        used: set[str] = set()
        for done, (code, pdf) in enumerate(results, start=1):
            name = _unused(file_name(context, code), used)
            if archive is not None:
                archive.writestr(name, pdf)
            else:
                (Path(out) / name).write_bytes(pdf)
            if progress:
                progress(done, len(codes), code)
        if pool:
            pool.shutdown()
    finally:
        if archive is not None:
            archive.close()
