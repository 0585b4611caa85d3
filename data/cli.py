"""The ``python -m data`` command line: the area table for pipelines outside the app, and
fetching a borough's open data from the publishers."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from data.areas import load_area_table
from data.errors import DataLayerError
from data.fetch import fetch_borough
from data.geography import load_lsoas, select_borough
from data.settings import DATA_ROOT_ENV, data_root


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
    fetch.add_argument("--refresh", action="store_true",
                       help="download everything again, even what the cache holds")
    return parser


def _fetch(args: argparse.Namespace) -> int:
    def show(text: str, fraction: float | None) -> None:
        print(text if fraction is None else f"[{fraction:4.0%}] {text}", file=sys.stderr)

    result = fetch_borough(args.borough, refresh=args.refresh, progress=show)
    print(f"{result.name} ({result.code}) is ready in {result.folder}. Start the app, or set "
          f"{DATA_ROOT_ENV}={result.folder}.", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; 0 on success, 1 with a message on a data fault."""
    args = _parser().parse_args(argv)
    if args.command == "fetch":
        try:
            return _fetch(args)
        except DataLayerError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
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
