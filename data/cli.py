"""The ``python -m data`` command line: the area table and an index's results, outside the app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from data.areas import load_area_table
from data.borough import load_borough
from data.errors import DataLayerError
from data.exports import FORMATS, export_results
from data.geography import BOROUGHS, DEFAULT_BOROUGH, GREATER_MANCHESTER, load_lsoas, select_borough
from data.levels import LEVELS, level_data, summed_for
from data.settings import data_root
from indices.build import build_index
from indices.errors import IndicesError
from indices.presets import DEFAULT_PRESET, load_preset, preset_names
from indices.sensitivity import SensitivitySettings, sensitivity
from indices.spec import load_spec


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
                       help="a Greater Manchester borough code (default: all of Greater "
                       f"Manchester); one of {', '.join(BOROUGHS)}")
    areas.add_argument("-o", "--output", required=True, metavar="AREAS.csv")
    export = commands.add_parser(
        "export",
        help="build an index over a borough and write its results with their metadata",
        description="Build an index over a borough's areas and write one row per area "
        "(score, rank, decile and rank interval; each domain's score and rank; each "
        "indicator's value and rank) with metadata: the spec, data vintages, sources, "
        "the suppression rule and the attribution. Small numbers are left blank.",
    )
    which = export.add_mutually_exclusive_group()
    which.add_argument("--spec", metavar="SPEC.yaml", help="the index spec to build")
    which.add_argument("--preset", metavar="NAME",
                       help=f"a shipped spec (default: {DEFAULT_PRESET}); one of "
                       f"{', '.join(preset_names())}")
    export.add_argument("--borough", metavar="CODE", default=DEFAULT_BOROUGH,
                        help=f"a Greater Manchester borough code (default: {DEFAULT_BOROUGH}, "
                        f"Oldham), or {GREATER_MANCHESTER} for all of Greater Manchester")
    export.add_argument("--level", choices=list(LEVELS), default="lsoa",
                        help="the areas: 2021 LSOAs (default) or electoral wards")
    export.add_argument("--format", required=True, choices=list(FORMATS), dest="fmt",
                        help="; ".join(f"{name}: {f.label}" for name, f in FORMATS.items()))
    export.add_argument("--draws", type=int, default=1000, metavar="N",
                        help="draws of the sensitivity analysis behind the rank intervals "
                        "(default: 1000; 0 for none)")
    export.add_argument("-o", "--output", required=True, metavar="OUT")
    return parser


def _areas(args: argparse.Namespace) -> int:
    root = data_root()
    region = load_lsoas(root, None)
    table = load_area_table(root, region)
    if args.borough:
        table = table.loc[select_borough(region, args.borough)["lsoa21cd"]]
    table.to_csv(args.output)
    print(f"wrote {len(table)} areas to {args.output}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    spec = load_spec(args.spec) if args.spec else load_preset(args.preset or DEFAULT_PRESET)
    borough = load_borough(data_root(), args.borough)
    areas = level_data(borough, args.level, summed_for(spec))
    run = build_index(spec, areas.table)
    intervals = (sensitivity(run, SensitivitySettings(draws=args.draws)).areas
                 if args.draws else None)
    data = export_results(args.fmt, run, areas, borough.name, borough.sources, intervals)
    Path(args.output).write_bytes(data)
    print(f"wrote {len(areas.table)} areas of {borough.name} to {args.output}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Returns 0 on success and 1 on a data, spec or file fault (with one message
    on standard error); argparse exits with 2 on a usage error.
    """
    args = _parser().parse_args(argv)
    try:
        return _areas(args) if args.command == "areas" else _export(args)
    except (DataLayerError, IndicesError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {args.output}: cannot write the table ({error.strerror}).",
              file=sys.stderr)
        return 1
