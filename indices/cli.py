"""The ``python -m indices`` command line, for reproducible pipelines and checks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from indices.build import build_index
from indices.errors import IndicesError
from indices.spec import load_spec
from indices.tables import read_tables


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m indices",
        description="Build composite indices from a YAML spec and CSV tables.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build",
        help="build an index and write one row per area",
        description="Build an index and write id, score, rank (1 = most in need), decile "
        "and a score column per domain.",
    )
    build.add_argument("spec", help="the index spec (YAML)")
    build.add_argument("--data", action="append", required=True, metavar="TABLE.csv",
                       help="a CSV table with one row per area (repeat for more tables)")
    build.add_argument("--id", required=True, metavar="COLUMN",
                       help="the column holding area ids in every table")
    build.add_argument("-o", "--output", required=True, metavar="RESULTS.csv",
                       help="where to write the results")
    return parser


def _build(args: argparse.Namespace) -> None:
    spec = load_spec(args.spec)
    table = read_tables(args.data, args.id, spec.columns)
    summary = build_index(spec, table).summary()
    summary.index.name = args.id
    try:
        summary.to_csv(args.output)
    except OSError as error:
        raise IndicesError(
            f"{args.output}: cannot write the results ({error.strerror}). Check that the folder "
            "exists and can be written to."
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Returns
    -------
    int
        0 on success, 1 when the spec or data has a fault (the message is
        printed to standard error), 2 on a usage error.
    """
    args = _parser().parse_args(argv)
    try:
        _build(args)
    except IndicesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
