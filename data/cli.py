"""The ``python -m data`` command line: the area table, checking users' files, 2011 to 2021."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from data.areas import load_area_table
from data.errors import DataLayerError
from data.geography import BOROUGHS, load_lsoas, select_borough
from data.settings import data_root
from data.validate import KINDS, validate_file
from data.vintage import RULE, load_lsoa_lookup, lsoa11_to_lsoa21


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
    validate = commands.add_parser(
        "validate", help="check a file of your own and say what to fix",
        description="Check boundaries (GeoJSON, GeoPackage, zipped shapefile), an indicator "
        "table, a point file or an LSOA-to-neighbourhood lookup (CSV or XLSX) against the "
        "2021 LSOAs of Greater Manchester. Exits 0 when the file can be used, 1 when not.")
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
    converted.to_csv(args.output)
    print(f"wrote {len(converted)} 2021 LSOAs from {len(checked.frame)} rows to "
          f"{args.output} ({RULE}); 2011 codes not in the lookup were left out.",
          file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; 0 on success, 1 with a message on a data fault."""
    args = _parser().parse_args(argv)
    command = {"areas": _areas, "validate": _validate, "to-lsoa21": _to_lsoa21}[args.command]
    try:
        return command(args)
    except DataLayerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {args.output}: cannot write the table ({error.strerror}).",
              file=sys.stderr)
        return 1
