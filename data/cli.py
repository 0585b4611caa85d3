"""The ``python -m data`` command line: the area table for pipelines outside the app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from data.areas import load_area_table
from data.errors import DataLayerError
from data.geography import BOROUGHS, load_lsoas, select_borough
from data.settings import data_root


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; 0 on success, 1 with a message on a data fault."""
    args = _parser().parse_args(argv)
    try:
        root = data_root()
        region = load_lsoas(root, None)
        table = load_area_table(root, region)
        if args.borough:
            table = table.loc[select_borough(region, args.borough)["lsoa21cd"]]
        table.to_csv(args.output)
    except DataLayerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {args.output}: cannot write the table ({error.strerror}).",
              file=sys.stderr)
        return 1
    print(f"wrote {len(table)} areas to {args.output}", file=sys.stderr)
    return 0
