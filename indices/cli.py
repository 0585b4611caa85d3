"""The ``python -m indices`` command line, for reproducible pipelines and checks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import pandas as pd

from indices.build import IndexRun, build_index
from indices.errors import IndicesError
from indices.sensitivity import SensitivitySettings, sensitivity
from indices.spec import load_spec
from indices.tables import for_spreadsheets, read_tables


def _inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", help="the index spec (YAML)")
    parser.add_argument("--data", action="append", required=True, metavar="TABLE.csv",
                        help="a CSV table with one row per area (repeat for more tables)")
    parser.add_argument("--id", required=True, metavar="COLUMN",
                        help="the column holding area ids in every table")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.csv",
                        help="where to write the results")


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


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
    _inputs(build)
    default = SensitivitySettings()
    sens = commands.add_parser(
        "sensitivity",
        help="Monte Carlo rank intervals for every area",
        description="Rebuild the index many times with perturbed weights and other methods, "
        "and write id, rank, median_rank, rank_p05 and rank_p95. The same seed gives the "
        "same file.",
    )
    _inputs(sens)
    sens.add_argument("--draws", type=int, default=default.draws, metavar="N",
                      help=f"number of draws (default {default.draws})")
    sens.add_argument("--seed", type=int, default=default.seed, metavar="S",
                      help=f"random seed (default {default.seed})")
    sens.add_argument("--weight-range", type=float, default=default.weight_range,
                      metavar="R", help="perturb each weight by up to this share "
                      f"(default {default.weight_range}, i.e. ±25%%)")
    sens.add_argument("--normalisations", type=_names, metavar="A,B",
                      default=default.normalisations,
                      help="normalisations to draw from, comma-separated; '' keeps the "
                      f"spec's (default {','.join(default.normalisations)})")
    sens.add_argument("--aggregations", type=_names, metavar="A,B",
                      default=default.aggregations,
                      help="aggregations to draw from; '' keeps the spec's (default "
                      f"{','.join(default.aggregations)})")
    sens.add_argument("--no-leave-one-out", dest="leave_one_out", action="store_false",
                      help="never leave an indicator out")
    return parser


def _run(args: argparse.Namespace) -> IndexRun:
    spec = load_spec(args.spec)
    groups = [spec.group_column] if spec.group_column else []
    table = read_tables(args.data, args.id, spec.numeric_columns, groups)
    return build_index(spec, table)


def _write(frame: pd.DataFrame, args: argparse.Namespace) -> None:
    frame.index.name = args.id
    try:
        for_spreadsheets(frame).to_csv(args.output)
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
        run = _run(args)
        if args.command == "build":
            _write(run.summary(), args)
        else:
            settings = SensitivitySettings(
                draws=args.draws, seed=args.seed, weight_range=args.weight_range,
                normalisations=args.normalisations, aggregations=args.aggregations,
                leave_one_out=args.leave_one_out,
            )
            result = sensitivity(run, settings)
            _write(result.areas, args)
            for choice, share in result.shares.items():
                print(f"{choice}: {share:.1%} of the rank variance", file=sys.stderr)
    except IndicesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
