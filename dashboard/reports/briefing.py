"""Neighbourhood briefing PDFs: one area's index results, context and sources on A4.

Pure of Streamlit: the app's download buttons and ``python -m dashboard.briefing``
both call :func:`prepare` once, then :func:`briefing_pdf` per area or
:func:`write_all` for a whole level. Text from data files is escaped by the
template, once (and written as CSS strings where the page footers print it), and
every text printed is cleaned of invisible format characters such as bidirectional
overrides (:func:`dashboard.reports.svg.printable`); numbers made from small counts
are suppressed.
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
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from dashboard.formatting import format_value
from dashboard.methods import index_shares
from dashboard.reports.svg import (
    closeup_map,
    domain_chart,
    locator_map,
    printable,
    spine_chart_text,
)
from dashboard.reports.svg import spine_chart as spine_svg
from data.areas.assets import ASSET_TYPES, assets_near, load_assets
from data.areas.borough import BoroughData
from data.areas.capacity import Sector, listing
from data.areas.change import describe_change, imd_change
from data.areas.derived import MEASURES
from data.areas.geography import DEFAULT_BOROUGH
from data.areas.levels import LevelData, Neighbourhoods
from data.areas.neighbours import CANDIDATES, RegionNeighbours
from data.areas.profiles import build_profile
from data.areas.table import POPULATION
from data.errors import DataLayerError, EditionError, UnknownAreaError
from data.opendata.sources import ATTRIBUTION, COMMUNITY_ASSETS, IOD2019, LOOKUP_2011_2021, dataset
from data.readiness.results import MIN_GROUP
from data.stats.compare import (
    LABELS,
    area_comparison,
    spine_table,
)
from data.stats.rates import count_interval, rate_interval, wilson_interval
from data.stats.suppression import suppression_rule
from data.stats.themes import theme_sentences, theme_table
from data.store.assets import AssetStore
from data.store.notes import NoteStore, is_public
from data.store.promises import (
    PromiseStore,
    promise_is_public,
    tally,
    tally_sentence,
    tracker_rows,
)
from data.store.readiness import ReadinessStore
from data.store.stories import StoryStore, featured_first
from data.userfiles.coordinates import BRITISH_NATIONAL_GRID
from data.workspace import OverTime, Workspace, place_names
from indices.build import IndexRun
from indices.editions import describe_move
from indices.errors import IndicesError, SpecError
from indices.ranking import DECILE_MIN_AREAS
from indices.sensitivity import SensitivityResult, SensitivitySettings
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


def _printed(value: object) -> object:
    """What the template prints of a value: texts made :func:`printable` (Markup kept
    as Markup, so it is not escaped twice); other values as they are."""
    if isinstance(value, Markup):
        return Markup(printable(value))
    return printable(value) if isinstance(value, str) else value


def css_string(value: object) -> Markup:
    """A text as a quoted CSS string, for ``content:`` in the ``@page`` footers.

    A ``<style>`` element is not HTML-unescaped, so the text must not be
    HTML-escaped there (it would print ``&lt;``); instead every character but
    letters, digits, spaces and plain punctuation is written as a CSS escape (six
    hex digits and the space that ends it), so no quote, backslash or ``</style>``
    can end the string or the element.
    """
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;()-+·–")
    return Markup('"' + "".join(c if c in safe else f"\\{ord(c):06x} "
                                for c in printable(value).replace("\n", " ")) + '"')


_TEMPLATES = Environment(loader=PackageLoader("dashboard.reports", "templates"),
                         autoescape=select_autoescape(["html"]), finalize=_printed)
_TEMPLATES.filters["css_string"] = css_string


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
    public_promises: tuple[dict, ...] = ()
    public_stories: tuple[dict, ...] = ()
    #: The voluntary and community organisations of the register (see
    #: :meth:`data.workspace.Workspace.sector`); None without the register.
    sector: Sector | None = None
    #: The index on IoD2019 and IoD2025 (see :meth:`data.workspace.Workspace.over_time`);
    #: None when the spec has no IoD2019 counterparts.
    over_time: OverTime | None = None
    #: Every area's rates and proportions made from counts compared with the borough and
    #: region by their 95% intervals (see :meth:`data.workspace.Workspace.comparisons`).
    compared: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: The region's areas at the level, to find each area's statistical neighbours (see
    #: :class:`data.areas.neighbours.RegionNeighbours`); None when they cannot be made.
    neighbours: RegionNeighbours | None = None
    #: How ready the borough's partnerships say they are (see
    #: :meth:`data.store.readiness.ReadinessStore.summaries`), no figure from fewer
    #: than the minimum group.
    readiness: tuple[dict, ...] = ()

    @property
    def robustness(self) -> SensitivitySettings | None:
        """The settings of the sensitivity analysis behind the rank intervals (None
        without one)."""
        return self.intervals.settings if self.intervals is not None else None


#: The rank intervals of a briefing unless told otherwise: 1,000 draws of the default choices.
DEFAULT_ROBUSTNESS = SensitivitySettings()


def prepare(root: Path, spec: IndexSpec, lad_code: str = DEFAULT_BOROUGH,
            level: str | Workspace = "lsoa", borough: BoroughData | None = None,
            robustness: SensitivitySettings | None = DEFAULT_ROBUSTNESS,
            notes: NoteStore | None = None, assets: AssetStore | None = None,
            neighbourhoods: Neighbourhoods | None = None,
            promises: PromiseStore | None = None,
            stories: StoryStore | None = None,
            neighbours: RegionNeighbours | None = None,
            readiness: ReadinessStore | None = None) -> BriefingContext:
    """Load and build what the briefings of a borough at a level need.

    Parameters
    ----------
    root : Path
        The data folder.
    spec : IndexSpec
        The index to report.
    lad_code : str
        The borough.
    level : str or Workspace
        A level (see :data:`data.areas.levels.LEVELS`, or ``"custom"`` with
        ``neighbourhoods``), or a workspace with the index already built at a level.
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
    promises : PromiseStore, optional
        The promises made to communities; only public ones ever reach a briefing.
    stories : StoryStore, optional
        The stories of places; only public ones ever reach a briefing.
    neighbours : RegionNeighbours, optional
        The region's areas at the level for the areas like each one (default: made here,
        on the default context indicators).
    readiness : ReadinessStore, optional
        The partnerships' readiness self-assessments, each summed up beside the areas it
        serves.
    """
    work = level if isinstance(level, Workspace) else Workspace(
        root, lad_code, spec, level, neighbourhoods=neighbourhoods, borough=borough)
    borough, areas, run = work.borough, work.areas, work.run
    intervals = work.intervals(robustness) if robustness is not None else None
    try:
        over_time = work.over_time(robustness or DEFAULT_ROBUSTNESS)
    except (SpecError, EditionError):  # nothing of the spec was in IoD2019
        over_time = None
    public = tuple(notes.notes(visibility="public")) if notes is not None else ()
    promised = tuple(promises.promises(borough.code, public=True)) if promises else ()
    told = tuple(stories.stories(borough.code, public=True)) if stories else ()
    register = _register(assets, borough.code) if assets is not None else None
    return BriefingContext(borough=borough, level=areas, run=run, intervals=intervals,
                           change=imd_change(root), over_time=over_time,
                           assets=(register if register is not None
                                   else load_assets(root, borough.code)
                                   ).to_crs(BRITISH_NATIONAL_GRID),
                           created=date.today(), public_notes=public,
                           public_promises=promised, public_stories=told,
                           sector=work.sector(register) if register is not None else None,
                           compared=work.comparisons(),
                           neighbours=neighbours or _region_neighbours(work, neighbourhoods),
                           readiness=_readiness(readiness, borough.code))


def _region_neighbours(work: Workspace,
                       neighbourhoods: Neighbourhoods | None) -> RegionNeighbours | None:
    """The region's areas at the workspace's level, on the default context indicators, for
    the areas like each one; None when they cannot be made (the section is left out)."""
    try:
        region = work if work.lad_code == CANDIDATES else Workspace(
            work.root, CANDIDATES, work.spec, work.level, neighbourhoods=neighbourhoods)
        return RegionNeighbours.of(region.areas, region.run, region.borough.table, work.root)
    except (DataLayerError, IndicesError):
        return None


#: How many of an area's nearest neighbours a briefing names.
NEIGHBOURS_NAMED = 5


def _neighbours(context: BriefingContext, code: str) -> dict[str, object] | None:
    """The area's nearest neighbours by name, and how many index indicators are better,
    similar and worse than theirs."""
    if context.neighbours is None or code not in context.neighbours.areas.table.index:
        return None
    near = context.neighbours.nearest(code)
    return {"names": list(near.table["name"].head(NEIGHBOURS_NAMED)), "k": len(near.table),
            **near.counts}


def _readiness(store: ReadinessStore | None, lad_code: str) -> tuple[dict, ...]:
    """The borough's partnerships' readiness in a sentence each (none without the store)."""
    return tuple(store.summaries(lad_code)) if store is not None else ()


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


#: How many of an area's public records a briefing quotes, newest first.
QUOTES = 6
#: The days before a briefing's date its themes are counted over.
THEME_DAYS = 365


def _public_notes(context: BriefingContext, code: str) -> list[dict[str, str]]:
    """The area's public notes (for a larger area, its own and its LSOAs'), newest first."""
    codes = set(context.level.within(code))
    return [{"date": n["note_date"].strftime("%-d %B %Y"), "source": n["source"],
             "themes": ", ".join(n["themes"]), "text": n["text"]}
            for n in context.public_notes if n["area_code"] in codes and is_public(n)]


def _themes(context: BriefingContext, code: str) -> list[str]:
    """The themes of the area's public records over the year to the briefing's date, against
    the borough's, with small counts hidden."""
    borough = context.borough
    codes = {*context.level.table.index, *borough.lsoas["lsoa21cd"],
             *borough.wards["ward_code"]}
    table = theme_table([n for n in context.public_notes if is_public(n)],
                        set(context.level.within(code)), codes,
                        since=context.created - timedelta(days=THEME_DAYS),
                        until=context.created)
    return theme_sentences(table, borough.name, suppression_rule())


def _promises(context: BriefingContext, code: str, name: str) -> dict[str, object]:
    """The area's public promises ("you said, we did") as the briefing's date finds them:
    a sentence, the rows of its table, and how many more were made for the whole
    borough."""
    today, borough = context.created, context.borough.name
    made = [p for p in context.public_promises if promise_is_public(p)]
    own = set(context.level.within(code))
    here = [p for p in made if own & set(p["areas"])]
    rows = tracker_rows(here, today, place_names(context.borough, context.level), borough)
    return {"sentence": tally_sentence(tally(here, today), name), "rows": rows,
            "borough_wide": sum(not p["areas"] for p in made)}


#: How many of an area's public stories a briefing tells (featured ones first), and how
#: much of each, in characters: a longer story is told to the end of the paragraph that
#: reaches this, and the reader sent to the profile for the rest.
STORIES = 2
STORY_LENGTH = 1_500


def _stories(context: BriefingContext, code: str) -> list[dict[str, object]]:
    """The area's public stories (its own and its LSOAs', featured ones first), each with
    its paragraphs, what changed and its picture's caption."""
    own = set(context.level.within(code))
    told = featured_first(s for s in context.public_stories
                          if is_public(s) and own & set(s["areas"]))
    shown = []
    for story in told[:STORIES]:
        every = [p.strip() for p in story["story"].split("\n") if p.strip()]
        paragraphs, length = [], 0
        for paragraph in every:
            if length >= STORY_LENGTH:
                break
            paragraphs.append(paragraph)
            length += len(paragraph)
        shown.append({"title": story["title"], "paragraphs": paragraphs,
                      "more": len(paragraphs) < len(every),
                      "what_changed": story["what_changed"],
                      "caption": story["picture_caption"],
                      "told": f"Told by {story['author']}, "
                              f"{story['story_date']:%-d %B %Y} ({story['source']})"})
    return shown


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


def _comparison(context: BriefingContext, code: str, profile) -> dict[str, object]:
    """The area's comparisons with the borough and region (95% intervals, as Fingertips
    makes them): the table's rows, and the spine chart of every indicator with its alt text."""
    spec, level = context.run.spec, context.level
    rows = area_comparison(spec, context.compared, code)
    hidden = suppression_rule().value_text
    table = [{"name": r.name, "unit": r.unit,
              "value": hidden if r.hidden else format_value(r.value),
              "interval": "–" if r.hidden or pd.isna(r.lower)
              else f"{format_value(r.lower)} to {format_value(r.upper)}",
              "borough": format_value(r.borough), "region": format_value(r.region),
              "against_borough": LABELS[r.against_borough],
              "against_region": LABELS[r.against_region],
              "borough_class": r.against_borough.replace(" ", "-"),
              "region_class": r.against_region.replace(" ", "-")}
             for r in rows[rows["compared"]].itertuples()]
    spine = spine_table(spec, context.run.values, code,
                        profile.indicators.set_index("code")["borough"], level.hidden,
                        dict(zip(rows["indicator"], rows["against_borough"], strict=True)))
    return {"rows": table, "left_out": list(rows.loc[~rows["compared"], "name"]),
            "spine": _svg_image(spine_svg(spine, profile.name, profile.borough)),
            "spine_text": spine_chart_text(spine, profile.name, profile.borough)}


def _change(context: BriefingContext, code: str) -> dict[str, str]:
    return describe_change(context.change, _lsoas_of(context, code))


def _index_change(context: BriefingContext, code: str) -> str:
    """How the area moved in the index built on IoD2019 and on IoD2025, in words."""
    found = context.over_time
    if found is None:
        return ""
    return (describe_move(found.change, code, found.labels,
                          f"{context.borough.name}'s {len(context.level.table)} "
                          f"{context.level.plural}")
            + f" (The index built on the {len(found.editions.used)} of its indicators that "
              "IoD2019 has too.)")


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
    """Lower the first letter, unless the word is an acronym ("IMD", "A&E")."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


#: How the briefings say each normalisation, with its usual name in brackets.
NORMALISATION_WORDS = {
    "zscore": "standardised so that the average area scores 0 and a typical difference "
              "from the average is 1 (z-scores)",
    "minmax": "rescaled from 0 (the least need among the areas) to 100 (the most need), in "
              "proportion to the value (min–max rescaling)",
    "percentile": "scored from 0 (least need) to 100 (most need) by the share of the other "
                  "areas with less need (percentile ranks)",
    "rank_normal": "ranked, and each rank turned into the matching point of a bell curve, "
                   "as in the Indices of Deprivation's health and education domains "
                   "(rank-based normal scores)",
    "exponential": "ranked, and the ranks stretched from about 0 (least need) to 100 (most "
                   "need) so that the areas most in need stand further apart, as in the "
                   "Indices of Deprivation (exponential transformation)",
}
#: How the briefings say each aggregation: what it is, and what it means for an area.
AGGREGATION_WORDS = {
    "arithmetic": ("a weighted average",
                   "strength on one indicator or domain fully offsets need on another"),
    "geometric": ("a weighted geometric mean",
                  "need on one indicator or domain is only partly offset by strength "
                  "on another"),
}
#: How an area missing some values is scored, by the spec's ``missing`` rule.
MISSING_WORDS = {
    "reweight": "an area missing a value is scored on the indicators (or domains) it has, "
                "their weights scaled up to fill the gap",
    "propagate": "an area missing any value gets no score",
}
#: What the areas of each level are called in a sentence.
AREA_NOUNS = {"lsoa": "neighbourhoods", "ward": "wards", "msoa": "neighbourhoods (MSOAs)",
              "borough": "boroughs", "custom": "neighbourhoods"}


def _plain(words: dict[str, object], method: str) -> object:
    """A method's plain words; an unknown (plug-in) method by its name in words."""
    return words.get(method, method.replace("_", " "))


def _either(items: Sequence[str], joiner: str = "or") -> str:
    """"a", "a or b", "a, b or c"."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {joiner} " + items[-1]


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
        number % 10, "th")
    return f"{number:,}{suffix}"


def robustness_text(settings: SensitivitySettings | None) -> str:
    """What the rank interval is, in a sentence made from the Robustness settings used (see
    :meth:`~indices.sensitivity.SensitivitySettings.describe`)."""
    if settings is None:
        return ("No rank interval is given: this briefing was made without the robustness "
                "analysis.")
    return ("The rank interval holds 90% of the ranks the area takes when the index is "
            f"rebuilt in {settings.describe()}.")


def methods_text(spec: IndexSpec, areas: int, place: str, noun: str,
                 settings: SensitivitySettings | None) -> list[str]:
    """The lines of "How the index is made", in plain words."""
    own = [i for i in spec.indicators if i.normalisation is not None
           and i.normalisation.method != spec.normalisation.method]
    normalised = ("Each indicator is turned so that higher means more need, then "
                  + str(_plain(NORMALISATION_WORDS, spec.normalisation.method)))
    for method in dict.fromkeys(i.normalisation.method for i in own):
        names = [i.name for i in own if i.normalisation.method == method]
        normalised += (f"; {_either(names, 'and')} {'is' if len(names) == 1 else 'are'} "
                       f"instead {_plain(NORMALISATION_WORDS, method)}")
    weights = index_shares(spec)

    def aggregation(method: str) -> tuple[str, str]:
        return AGGREGATION_WORDS.get(method, (f"the {method.replace('_', ' ')} method", ""))

    index_way, index_meaning = aggregation(spec.aggregation)
    differ = {d.name: spec.aggregation_of(d) for d in spec.domains
              if spec.aggregation_of(d) != spec.aggregation}
    domain_way = index_way + (" (" + "; ".join(f"{aggregation(way)[0]} in {name}"
                                               for name, way in differ.items()) + ")"
                              if differ else "")
    each = "The domain" if len(spec.domains) == 1 else f"Each of the {len(spec.domains)} domains"
    combined = (f"{each} is scored as {domain_way} of its indicators' scores, and the index as "
                f"{index_way} of its domains' scores"
                + (f": {index_meaning}" if index_meaning else "") + ". The domains weigh "
                + ", ".join(f"{d.name} {sum(weights[i.code] for i in d.indicators):.0%}"
                            for d in spec.domains)
                + ". A missing value is never counted as zero: "
                + f"{_plain(MISSING_WORDS, spec.missing)}.")
    ranked = (f"Rank 1 is the most in need of the {areas:,} {noun} in {place}; "
              + ("decile 1 = the most-in-need tenth of areas, decile 10 the least-in-need "
                 "tenth." if areas >= DECILE_MIN_AREAS else
                 f"with fewer than {DECILE_MIN_AREAS} areas there are no deciles."))
    return [normalised + ".", combined, ranked, robustness_text(settings)]


def headline_text(profile, noun: str) -> str:
    """One sentence on what stands out: where the area ranks, and its greatest need.

    Only what the briefing prints anyway is used: the index rank and decile, and
    the rank of a domain; a domain whose every indicator is hidden for the area
    (small numbers) is never named, and with fewer than ten areas there are no
    deciles to speak of.
    """
    name, areas, place = profile.name, profile.areas, profile.borough
    of = f"the {areas:,} {noun} in {place}"
    if profile.rank is None:
        return f"{name} has no index score, so it is not ranked among {of}."
    if profile.rank == 1:
        first = f"{name} is the most in need of {of}"
    elif profile.rank == areas:
        first = f"{name} is the least in need of {of}"
    elif profile.decile is not None:
        decile = int(profile.decile)
        share, end = (10 * decile, "most") if decile <= 5 else (10 * (11 - decile), "least")
        first = f"{name} is among the {share}% of {of} {end} in need"
    else:
        first = f"{name} ranks {ordinal(profile.rank)} of {of} (1st = most in need)"
    indicators = profile.indicators
    shown = [d for d in profile.domains.itertuples()
             if d.rank is not None and not pd.isna(d.rank)
             and not indicators.loc[indicators["domain"] == d.name, "hidden"].all()]
    if len(profile.domains) < 2 or not shown:
        return first + "."
    best = min(int(d.rank) for d in shown)
    top = [_lower_first(str(d.name)) for d in shown if int(d.rank) == best]
    if len(top) == 1:
        return (f"{first}; its greatest need is in {top[0]}, where it ranks {ordinal(best)} "
                f"of {areas:,}.")
    # "in" before each name: the names may hold "and" themselves ("Health and A&E")
    return (f"{first}; its greatest needs are {_either([f'in {t}' for t in top], 'and')}, "
            f"where it ranks {ordinal(best)} of {areas:,} on each.")


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
    notes = _public_notes(context, code)
    interval = None
    if context.intervals is not None and code in context.intervals.areas.index:
        row = context.intervals.areas.loc[code]
        interval = {"low": f"{row['rank_p05']:.0f}", "high": f"{row['rank_p95']:.0f}",
                    "median": f"{row['median_rank']:.0f}",
                    "draws": f"{context.intervals.settings.draws:,}"}
    noun = AREA_NOUNS.get(level.level, "areas")
    methods = methods_text(spec, profile.areas, context.borough.name, noun, context.robustness)
    methods.append(
        suppression_rule().describe() + " Figures "
        f"for {context.borough.name} and {context.borough.region_name} are averages of their "
        "areas weighted by resident population. Confidence intervals are 95%: Byar's method "
        "for counts of 10 or more, the exact Poisson method below 10, Wilson's for "
        "proportions.")
    closeup = closeup_map(level.areas, code, near)
    residents = level.table.at[code, POPULATION]
    return _TEMPLATES.get_template("briefing.html").render(
        profile=profile,
        level=level.label,
        spec=spec,
        created=context.created.strftime("%-d %B %Y"),
        residents=f"{residents:,.0f}" if pd.notna(residents) else "",
        score=format_value(profile.score),
        interval=interval,
        locator=_svg_image(locator_map(level.areas, context.borough.wards, code)),
        closeup=_svg_image(closeup),
        moved_markers='class="leader"' in closeup,
        headline=headline_text(profile, noun),
        footer=f"{profile.name} ({profile.code}) · {spec.name} {spec.version} · "
               f"{context.created.strftime('%-d %B %Y')}",
        chart=_svg_image(domain_chart(profile.domains, profile.name, profile.borough)),
        domains=profile.domains.assign(
            score_text=profile.domains["score"].map(format_value),
            average_text=profile.domains["borough_average"].map(format_value)),
        national=_national(context, code),
        indicators=_indicator_rows(context, code, profile),
        compared=_comparison(context, code, profile),
        change=_change(context, code), index_change=_index_change(context, code),
        assets=[{"number": n, "name": a.name, "type": a.type_name,
                 "where": "inside" if a.inside else f"{a.distance_m:,.0f} m away"}
                for n, a in enumerate(near.itertuples(), start=1)],
        asset_counts=inside["type_name"].value_counts().to_dict(),
        notes=notes[:QUOTES],
        more_notes=max(0, len(notes) - QUOTES),
        themes=_themes(context, code),
        promises=_promises(context, code, profile.name),
        stories=_stories(context, code),
        organisations=(listing(context.sector.serving(code), profile.name,
                               context.borough.name).to_dict("records")
                       if context.sector is not None else []),
        suppression=suppression_rule().describe(),
        asset_radius=ASSET_RADIUS,
        methods=methods,
        sources=_sources(spec),
        data_line=_data_line(context.borough),
        attribution=ATTRIBUTION,
        region=context.borough.region_name,
        neighbours=_neighbours(context, code),
        readiness=[s for s in context.readiness if s["whole_borough"]
                   or s["place"] in set(level.within(code))],
        readiness_minimum=MIN_GROUP,
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
