"""The ``python -m data`` command line: the area table, checking users' files, 2011 to
2021, an index's results, the index over time and its saved editions, and fetching a
borough's open data from the publishers."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from data.areas.geography import DEFAULT_BOROUGH, GREATER_MANCHESTER, load_lsoas, select_borough
from data.areas.levels import CUSTOM, LEVELS
from data.areas.neighbours import CANDIDATES, DEFAULT_CONTEXT, RegionNeighbours
from data.areas.table import load_area_table
from data.errors import DataLayerError, EditionError, LevelError, UnreadableFile
from data.exports import FORMATS, export_results, results_table
from data.fetch.borough import fetch_borough, find_borough
from data.fetch.charities import fetch_charities
from data.fetch.postcodes import fetch_postcodes
from data.settings import DATA_ROOT_ENV, data_root
from data.stats.inequality import DRAWS, SEED, VALUE_TYPES, slope_index
from data.stats.standardised import (
    RATIO_INTERVALS,
    directly_standardised,
    indirectly_standardised,
)
from data.store.db import database_url, open_engine
from data.store.editions import EditionStore
from data.userfiles.read import read_bytes, table_of
from data.userfiles.validate import KINDS, validate_file
from data.userfiles.vintage import RULE, load_lsoa_lookup, lsoa11_to_lsoa21
from data.workspace import Workspace
from indices.editions import compare
from indices.errors import IndicesError, NeighbourError
from indices.neighbours import DEFAULT_K
from indices.presets import DEFAULT_PRESET, load_preset, preset_names
from indices.sensitivity import SensitivitySettings
from indices.spec import load_spec
from indices.tables import for_spreadsheets


def _index_arguments(parser: argparse.ArgumentParser) -> None:
    """The spec, borough, level and draws of a command that builds an index."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--spec", metavar="SPEC.yaml", help="the index spec to build")
    which.add_argument("--preset", metavar="NAME",
                       help=f"a shipped spec (default: {DEFAULT_PRESET}); one of "
                       f"{', '.join(preset_names())}")
    parser.add_argument("--borough", metavar="CODE", default=DEFAULT_BOROUGH,
                        help=f"a borough code in the data folder (default: {DEFAULT_BOROUGH}, "
                        f"Oldham), or {GREATER_MANCHESTER} for all of Greater Manchester")
    parser.add_argument("--level", choices=list(LEVELS), default="lsoa",
                        help="the areas: 2021 LSOAs (default), electoral wards, MSOAs or "
                        "boroughs (with --borough E47000001)")
    parser.add_argument("--draws", type=int, default=1000, metavar="N",
                        help="draws of the sensitivity analysis behind the rank intervals "
                        "(default: 1000; 0 for none)")


def _workspace(args: argparse.Namespace) -> Workspace:
    spec = load_spec(args.spec) if args.spec else load_preset(args.preset or DEFAULT_PRESET)
    return Workspace(data_root(), args.borough, spec, args.level)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data",
                                     description="Shape the open data for the index.")
    commands = parser.add_subparsers(dest="command", required=True)
    areas = commands.add_parser(
        "areas",
        help="write the area table: every published and derived column per 2021 LSOA",
        description="Write one row per 2021 LSOA with every column of the IoD2025, IoD2025 "
        "indicator and Census 2021 tables and the measures derived from the point files, "
        "ready for python -m indices build --id lsoa21cd.",
    )
    areas.add_argument("--borough", metavar="CODE", default=None,
                       help="the code of a borough in the data folder (default: all of its "
                       "boroughs), e.g. E08000004")
    areas.add_argument("-o", "--output", required=True, metavar="AREAS.csv")
    validate = commands.add_parser(
        "validate", help="check a file of your own and say what to fix",
        description="Check boundaries (GeoJSON, GeoPackage, zipped shapefile), an indicator "
        "table, a point file or an LSOA-to-neighbourhood lookup (CSV or XLSX) against the "
        "2021 LSOAs in the data folder. Exits 0 when the file can be used, 1 when not.")
    validate.add_argument("file", metavar="FILE")
    validate.set_defaults(output=None)  # it writes nothing
    validate.add_argument("--kind", choices=KINDS, default=None,
                          help="what the file holds (default: guessed from its type and "
                          "columns)")
    validate.add_argument("--id", metavar="COLUMN", default=None, dest="id_column",
                          help="the column identifying each area (default: the column of "
                          "ONS codes)")
    convert = commands.add_parser(
        "to-lsoa21", help="convert an indicator table on 2011 LSOAs to 2021 LSOAs",
        description=f"Convert with the ONS LSOA 2011 to 2021 lookup: {RULE}.")
    convert.add_argument("file", metavar="FILE")
    convert.add_argument("-o", "--output", required=True, metavar="OUT.csv")
    convert.add_argument("--id", metavar="COLUMN", default=None, dest="id_column",
                         help="the column of 2011 LSOA codes (default: the column of ONS "
                         "codes)")
    convert.add_argument("--counts", nargs="*", default=[], metavar="COLUMN",
                         help="the columns that are counts (divided on a split, summed on "
                         "a merge); others are copied on a split and averaged on a merge")
    export = commands.add_parser(
        "export",
        help="build an index over a borough and write its results with their metadata",
        description="Build an index over a borough's areas and write one row per area "
        "(score, rank, decile and rank interval; each domain's score and rank; each "
        "indicator's value and rank) with metadata: the spec, data vintages, sources, "
        "the suppression rule and the attribution. Small numbers are left blank.",
    )
    _index_arguments(export)
    export.add_argument("--format", required=True, choices=list(FORMATS), dest="fmt",
                        help="; ".join(f"{name}: {f.label}" for name, f in FORMATS.items()))
    export.add_argument("-o", "--output", required=True, metavar="OUT")
    over_time = commands.add_parser(
        "over-time", help="build an index on IoD2019 and on IoD2025 and write how each area "
        "moved",
        description="Build the index twice over the same 2021 areas, on IoD2019 (bridged from "
        "2011 LSOAs) and on IoD2025, with the indicators both have (each indicator's iod2019 "
        "key), and write per area both ranks and scores with their rank intervals, the move "
        "and whether it is more than the uncertainty, and whether its boundaries changed.")
    _index_arguments(over_time)
    over_time.add_argument("-o", "--output", required=True, metavar="CHANGE.csv")
    edition = commands.add_parser(
        "edition", help="keep a built index as a dated edition, list editions, or compare two",
        description="Saved editions live in the app's database (TCI_DATABASE_URL, or the "
        "state folder's SQLite file). keep: build the index and keep it with its spec, data "
        "vintages and results; list: the borough's editions; compare: how each area moved "
        "between two editions, written as CSV.")
    edition.add_argument("action", choices=["keep", "list", "compare"])
    edition.add_argument("ids", nargs="*", type=int, metavar="ID",
                         help="compare: the earlier and the later edition's numbers")
    edition.add_argument("--name", help="keep: what the edition is called")
    edition.add_argument("--note", default="", help="keep: what changed")
    edition.add_argument("--by", default="command line", help="keep: who keeps it")
    _index_arguments(edition)
    edition.add_argument("-o", "--output", metavar="CHANGE.csv", help="compare: where to write")
    fetch = commands.add_parser(
        "fetch",
        help="download a borough's open data from the publishers into the local cache",
        description="Download a borough's open data (ONS boundaries and lookups, the English "
        "Indices of Deprivation 2025 and 2019, Census 2021) from the original publishers, "
        "shape it like the files the app reads, check it, and keep it in "
        "<state dir>/data/<code>/. A second fetch uses the cache. Set TCI_FETCH_MIRROR to "
        "read the publishers' files from a folder instead of the internet.",
    )
    fetch.add_argument("--borough", required=True, metavar="CODE_OR_NAME",
                       help="a district of England by ONS code or name, e.g. E08000004 or Oldham")
    fetch.set_defaults(output=None)  # it writes into the cache
    fetch.add_argument("--refresh", action="store_true",
                       help="download everything again, even what the cache holds")
    postcodes = commands.add_parser(
        "postcodes",
        help="download a borough's postcodes, to place conversation records by postcode",
        description="Download a borough's postcodes, live and terminated, with the 2021 LSOA "
        "of each, from the ONS National Statistics Postcode Lookup, and keep them in "
        "<state dir>/data/postcodes/<code>/. Set TCI_FETCH_MIRROR to read the lookup from a "
        "folder instead of the internet.")
    postcodes.add_argument("--borough", required=True, metavar="CODE_OR_NAME",
                           help="a district of England by ONS code or name, e.g. Oldham")
    postcodes.set_defaults(output=None)
    postcodes.add_argument("--refresh", action="store_true",
                           help="download it again, even when the cache holds it")
    charities = commands.add_parser(
        "charities",
        help="download the Charity Commission's register, to check charity numbers",
        description="Download the Charity Commission for England and Wales's register of "
        "charities (its full extract's charity table, Open Government Licence) and keep the "
        "registered charities in <state dir>/data/charities/, so that a charity number "
        "given in the asset survey checks the organisation's name, income and activities. "
        "Set TCI_FETCH_MIRROR to read the extract from a folder instead of the internet.")
    charities.set_defaults(output=None)
    charities.add_argument("--refresh", action="store_true",
                           help="download it again, even when the cache holds it")
    standardise = commands.add_parser(
        "standardise",
        help="age-standardised rates (DSR) or ratios (SMR) from counts by age band",
        description="From a table (CSV or XLSX) of counts and populations by area and age "
        "band, write each area's directly standardised rate per 100,000 (European Standard "
        "Population 2013, Dobson's interval; none below 10 events) or its indirectly "
        "standardised ratio (observed over expected x 100, against the areas together, "
        "with the exact or Byar interval), as OHID's technical guidance computes them.")
    standardise.add_argument("file", metavar="FILE")
    standardise.add_argument("--method", choices=("dsr", "ratio"), default="dsr")
    standardise.add_argument("--interval", choices=RATIO_INTERVALS, default="exact",
                             help="the ratio's interval (default exact)")
    for name, default in (("area", "area"), ("band", "band"), ("count", "count"),
                          ("population", "population")):
        standardise.add_argument(f"--{name}", default=default, metavar="COLUMN",
                                 help=f"the column of the {name} (default {default!r})")
    standardise.add_argument("-o", "--output", required=True, metavar="RATES.csv")
    inequality = commands.add_parser(
        "inequality",
        help="the slope and relative index of inequality (SII, RII) across deprivation "
        "quantiles",
        description="From a table (CSV or XLSX) of deprivation quantiles (deciles or "
        "quintiles, 1 the most deprived), each with its value, population and either its "
        "standard error or its 95%% lower and upper limits, write the slope index of "
        "inequality (the fitted value at the least deprived end less that at the most "
        "deprived end) and the relative index (their ratio) with simulated confidence "
        "intervals, as OHID computes them (PHEindicatormethods phe_sii).")
    inequality.add_argument("file", metavar="FILE")
    for name, default in (("quantile", "quantile"), ("value", "value"),
                          ("population", "population")):
        inequality.add_argument(f"--{name}", default=default, metavar="COLUMN",
                                help=f"the column of the {name} (default {default!r})")
    inequality.add_argument("--se", default=None, metavar="COLUMN",
                            help="the column of the standard error (instead of the limits)")
    inequality.add_argument("--lower", default=None, metavar="COLUMN",
                            help="the column of the 95%% lower limit (default 'lower')")
    inequality.add_argument("--upper", default=None, metavar="COLUMN",
                            help="the column of the 95%% upper limit (default 'upper')")
    inequality.add_argument("--value-type", choices=VALUE_TYPES, default="other",
                            dest="value_type", help="rate (log scale), proportion between 0 "
                            "and 1 (logit scale) or other (default)")
    inequality.add_argument("--transform", action="store_true",
                            help="fit on the log (logit) scale, as recommended for rates and "
                            "proportions (needs the limits)")
    inequality.add_argument("--multiplier", type=float, default=1.0, metavar="X",
                            help="multiply the SII by X (100 for percentage points; negative "
                            "turns it round and inverts the RII)")
    inequality.add_argument("--confidence", type=float, nargs="+", default=[0.95],
                            metavar="LEVEL", help="confidence levels (default 0.95)")
    inequality.add_argument("--draws", type=int, default=DRAWS, metavar="N",
                            help=f"draws of the simulation (default {DRAWS:,}; 1,000 or more)")
    inequality.add_argument("--seed", type=int, default=SEED, metavar="N",
                            help=f"the simulation's seed (default {SEED})")
    inequality.add_argument("--reliability", action="store_true",
                            help="also give how much the limits move over nine more sets of "
                            "draws")
    inequality.add_argument("--descending", action="store_true",
                            help="the highest-numbered quantile is the most deprived")
    inequality.add_argument("-o", "--output", required=True, metavar="OUT.csv")
    neighbours = commands.add_parser(
        "neighbours", help="each area's statistical neighbours among all the region's areas",
        description="Find the areas most like an area (or like each of a borough's areas) "
        "among all the region's areas at the level, by a weighted Euclidean distance on "
        "standardised context indicators (default: "
        + ", ".join(m.name.lower() for m in DEFAULT_CONTEXT) + "), and write one row per "
        "area and neighbour: code, name, borough, rank (1 = nearest), the neighbour's code, "
        "name and borough, and the distance. The method is printed, and with --area how the "
        "area compares with its neighbours on the index's indicators.")
    which = neighbours.add_mutually_exclusive_group()
    which.add_argument("--spec", metavar="SPEC.yaml", help="the index whose indicators are "
                       "compared (and whose rates larger areas are made with)")
    which.add_argument("--preset", metavar="NAME",
                       help=f"a shipped spec (default: {DEFAULT_PRESET})")
    neighbours.add_argument("--borough", metavar="CODE", default=DEFAULT_BOROUGH,
                            help=f"the borough whose areas are listed (default: "
                            f"{DEFAULT_BOROUGH}, Oldham; {GREATER_MANCHESTER} for all); "
                            "their neighbours come from the whole region")
    neighbours.add_argument("--level", choices=[*LEVELS, CUSTOM], default="lsoa",
                            help="the areas: 2021 LSOAs (default), electoral wards, MSOAs, "
                            "boroughs, or custom with --neighbourhoods")
    neighbours.add_argument("--neighbourhoods", metavar="NAME", default=None,
                            help="with --level custom: a neighbourhood set saved on the Your "
                            "data page")
    neighbours.add_argument("--area", metavar="CODE", default=None,
                            help="one area's code (default: every area of the borough)")
    neighbours.add_argument("--indicators", nargs="+", metavar="KEY", default=None,
                            help="the context indicators: the default set's keys ("
                            + ", ".join(m.key for m in DEFAULT_CONTEXT) + ") or columns of "
                            "the area table")
    neighbours.add_argument("--weights", nargs="+", type=float, metavar="W", default=None,
                            help="one weight per indicator (default: equal); divided by "
                            "their sum")
    neighbours.add_argument("--k", type=int, default=DEFAULT_K, metavar="N",
                            help=f"how many neighbours (default {DEFAULT_K})")
    neighbours.add_argument("-o", "--output", required=True, metavar="OUT.csv")
    return parser


def _areas(args: argparse.Namespace) -> int:
    root = data_root()
    region = load_lsoas(root, None)
    table = load_area_table(root, region)
    if args.borough:
        table = table.loc[select_borough(region, args.borough)["lsoa21cd"]]
    for_spreadsheets(table).to_csv(args.output)
    print(f"wrote {len(table)} areas to {args.output}", file=sys.stderr)
    return 0


def _validate(args: argparse.Namespace) -> int:
    root = data_root()
    checked = validate_file(args.file, args.kind, boundaries=load_lsoas(root, None),
                            id_column=args.id_column, lookup=load_lsoa_lookup(root))
    print(checked.report.text())
    return 0 if checked.report.usable else 1


def _to_lsoa21(args: argparse.Namespace) -> int:
    checked = validate_file(args.file, "indicators", id_column=args.id_column)
    if not checked.report.usable:
        print(checked.report.text())
        return 1
    absent = [c for c in args.counts if c not in checked.frame.columns]
    if absent:
        print(f"error: {args.file} has no column of numbers {', '.join(map(repr, absent))}; "
              f"it has: {', '.join(map(repr, checked.frame.columns))}.", file=sys.stderr)
        return 1
    converted = lsoa11_to_lsoa21(checked.frame, load_lsoa_lookup(data_root()), args.counts)
    for_spreadsheets(converted).to_csv(args.output)
    print(f"wrote {len(converted)} 2021 LSOAs from {len(checked.frame)} rows to "
          f"{args.output} ({RULE}); 2011 codes not in the lookup were left out.",
          file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    work = _workspace(args)
    intervals = work.intervals(SensitivitySettings(draws=args.draws)).areas if args.draws \
        else None
    borough = work.borough
    data = export_results(args.fmt, work.run, work.areas, borough.name, borough.sources,
                          intervals, work.comparisons())
    Path(args.output).write_bytes(data)
    print(f"wrote {len(work.areas.table)} areas of {borough.name} to {args.output}",
          file=sys.stderr)
    return 0


def _show(text: str, fraction: float | None) -> None:
    """Print a fetch's progress."""
    print(text if fraction is None else f"[{fraction:4.0%}] {text}", file=sys.stderr)


def _fetch(args: argparse.Namespace) -> int:
    result = fetch_borough(args.borough, refresh=args.refresh, progress=_show)
    print(f"{result.name} ({result.code}) is ready in {result.folder}. Start the app, or set "
          f"{DATA_ROOT_ENV}={result.folder}.", file=sys.stderr)
    return 0


def _charities(args: argparse.Namespace) -> int:
    path = fetch_charities(refresh=args.refresh, progress=_show)
    print(f"The register of charities is in {path}: the asset survey's charity numbers are "
          "now checked against it.", file=sys.stderr)
    return 0


def _standardise(args: argparse.Namespace) -> int:
    table = table_of(read_bytes(Path(args.file)), Path(args.file).name)
    columns = {getattr(args, k): k for k in ("area", "band", "count", "population")}
    absent = [c for c in columns if c not in table.cells.columns]
    if absent:
        raise UnreadableFile(f"{table.label} has no column {', '.join(absent)}.",
                             "Name the columns with --area, --band, --count and --population.")
    frame = table.cells[list(columns)].rename(columns=columns)
    result = directly_standardised(frame, what=table.label) if args.method == "dsr" else \
        indirectly_standardised(frame, interval=args.interval, what=table.label)
    for_spreadsheets(result).to_csv(args.output)
    print(f"wrote {len(result)} areas to {args.output}", file=sys.stderr)
    return 0


def _inequality(args: argparse.Namespace) -> int:
    table = table_of(read_bytes(Path(args.file)), Path(args.file).name)
    if args.se and (args.lower or args.upper):
        raise UnreadableFile(f"{table.label}: give either --se or --lower and --upper, not "
                             "both.", "Name the standard error's column, or the limits'.")
    spread = {args.se: "se"} if args.se else {args.lower or "lower": "lower",
                                               args.upper or "upper": "upper"}
    columns = {args.quantile: "quantile", args.value: "value",
               args.population: "population", **spread}
    absent = [c for c in columns if c not in table.cells.columns]
    if absent:
        raise UnreadableFile(
            f"{table.label} has no column {', '.join(map(repr, absent))}; it has "
            f"{', '.join(map(repr, table.cells.columns))}.",
            "Name the columns with --quantile, --value, --population and --se, or --lower "
            "and --upper.")
    result = slope_index(table.cells[list(columns)].rename(columns=columns),
                         args.value_type, args.transform, args.multiplier, args.confidence,
                         args.draws, args.seed, args.reliability, args.descending,
                         rows=table.rows, what=table.label)
    for_spreadsheets(result.summary()).to_csv(args.output)
    level = min(result.limits)
    low, high = result.limits[level]
    print(f"SII {result.sii:.4g} ({level:.0%} CI {low:.4g} to {high:.4g}), RII "
          f"{result.rii:.4g}, over {len(result.quantiles)} quantiles; wrote {args.output}. "
          f"{result.method()}", file=sys.stderr)
    return 0


def _postcodes(args: argparse.Namespace) -> int:
    code, name = find_borough(args.borough)
    path = fetch_postcodes(code, [code], name, refresh=args.refresh, progress=_show)
    print(f"{name}'s postcodes are in {path}: conversation files can now place records by "
          "postcode.", file=sys.stderr)
    return 0


def _over_time(args: argparse.Namespace) -> int:
    found = _workspace(args).over_time(SensitivitySettings(draws=max(args.draws, 1)))
    intervals = ["rank_p05", "rank_p95"]
    table = found.change.join(found.before[intervals].add_suffix("_before")) \
        .join(found.after[intervals].add_suffix("_after"))
    for_spreadsheets(table).to_csv(args.output)
    print(f"wrote {len(table)} areas to {args.output}: the index on "
          f"{len(found.editions.used)} indicators both editions have "
          f"({len(found.editions.left_out)} left out)", file=sys.stderr)
    return 0


def _edition(args: argparse.Namespace) -> int:
    store = EditionStore(open_engine(database_url()))
    if args.action == "list":
        for kept in store.editions(args.borough, include_retired=False):
            print(f"{kept['id']}\t{kept['edition_date']}\t{kept['level']}\t"
                  f"{kept['spec_code']}\t{kept['name']}")
        return 0
    if args.action == "keep":
        if not args.name:
            raise EditionError("Say what the edition is called: add --name, for example "
                               "--name \"Spring 2026 refresh\".")
        work = _workspace(args)
        intervals = work.intervals(SensitivitySettings(draws=args.draws)).areas \
            if args.draws else None
        results = results_table(work.run, work.areas.table, work.areas.hidden, intervals)
        kept = store.keep(work.run, results, args.borough, args.level, args.name, args.by,
                          note=args.note)
        print(f"kept edition {kept['id']}: {kept['name']}", file=sys.stderr)
        return 0
    if len(args.ids) != 2 or not args.output:
        raise EditionError("Give the earlier and the later edition's numbers and where to "
                           "write, for example: edition compare 1 2 -o change.csv (edition "
                           "list shows the numbers).")
    change = compare(store.results(args.ids[0]), store.results(args.ids[1]))
    if change.empty:
        raise EditionError(f"Editions {args.ids[0]} and {args.ids[1]} have no area in common: "
                           "compare two built over the same areas.")
    for_spreadsheets(change).to_csv(args.output)
    print(f"wrote {len(change)} areas to {args.output}", file=sys.stderr)
    return 0


def _neighbours(args: argparse.Namespace) -> int:
    spec = load_spec(args.spec) if args.spec else load_preset(args.preset or DEFAULT_PRESET)
    level = args.level
    if level == CUSTOM:
        if not args.neighbourhoods:
            raise LevelError("--level custom needs --neighbourhoods NAME: a set saved on the "
                             "Your data page.")
        level = f"{CUSTOM}:{args.neighbourhoods}"
    keys = args.indicators or [m.key for m in DEFAULT_CONTEXT]
    if args.weights is not None and len(args.weights) != len(keys):
        raise NeighbourError(f"{len(args.weights)} weights for {len(keys)} indicators: give "
                             "one weight per indicator, in the same order.")
    root = data_root()
    region = Workspace(root, CANDIDATES, spec, level)
    found = RegionNeighbours.of(region.areas, region.run, region.borough.table, root, keys,
                                dict(zip(keys, args.weights, strict=True)) if args.weights
                                else None)
    if args.area:
        near = found.nearest(args.area, args.k)
        long = near.table.rename_axis("neighbour_code").reset_index().assign(code=args.area)
        table = found.describe(long)
        counts = near.counts
        print(f"{near.name}: worse than its neighbours on {counts['worse']} of the index's "
              f"indicators, similar on {counts['similar']}, better on {counts['better']}.",
              file=sys.stderr)
    else:
        table = found.all_nearest(args.k)
        if args.borough != CANDIDATES:
            listed = Workspace(root, args.borough, spec, level).areas.table.index
            table = table[table["code"].isin(listed)].reset_index(drop=True)
    for_spreadsheets(table).to_csv(args.output, index=False)
    print(found.method(), file=sys.stderr)
    areas = table["code"].nunique()
    print(f"wrote the neighbours of {areas:,} area{'' if areas == 1 else 's'} to "
          f"{args.output}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Returns 0 on success and 1 on a data, spec or file fault (with one message
    on standard error); argparse exits with 2 on a usage error.
    """
    args = _parser().parse_args(argv)
    command = {"areas": _areas, "validate": _validate, "to-lsoa21": _to_lsoa21,
               "export": _export, "fetch": _fetch, "postcodes": _postcodes,
               "charities": _charities, "standardise": _standardise,
               "inequality": _inequality, "over-time": _over_time,
               "edition": _edition, "neighbours": _neighbours}[args.command]
    try:
        return command(args)
    except (DataLayerError, IndicesError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        where = f"{args.output}: cannot write the table" if args.output else "cannot write"
        print(f"error: {where} ({error.strerror or error}).", file=sys.stderr)
        return 1
