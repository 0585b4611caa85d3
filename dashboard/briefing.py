"""``python -m dashboard.briefing``: neighbourhood briefing PDFs from the command line.

    python -m dashboard.briefing --area CODE -o FILE.pdf
    python -m dashboard.briefing --all -o DIR_OR_ZIP [--level ward|msoa|borough|custom]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.reports.briefing import briefing_pdf, check_area, prepare, write_all
from data.areas.geography import DEFAULT_BOROUGH, GREATER_MANCHESTER
from data.areas.levels import CUSTOM, LEVELS
from data.errors import DataLayerError, UnknownAreaError
from data.settings import data_root
from data.store.db import open_engine
from data.store.notes import NoteStore
from data.store.promises import PromiseStore
from data.store.readiness import ReadinessStore
from data.store.stories import StoryStore
from data.workspace import neighbourhood_store
from indices.errors import IndicesError
from indices.presets import load_preset
from indices.sensitivity import SensitivitySettings
from indices.spec import load_spec

#: What to install when WeasyPrint cannot load its system libraries.
SYSTEM_LIBRARIES = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard.briefing",
                                     description="Write neighbourhood briefing PDFs.")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--area", metavar="CODE", help="the area's code (or name)")
    which.add_argument("--all", action="store_true", help="every area at the level")
    parser.add_argument("-o", "--output", required=True, metavar="PATH",
                        help="a PDF file (--area), or a folder or .zip file (--all)")
    parser.add_argument("--level", choices=[*LEVELS, CUSTOM], default="lsoa",
                        help="LSOAs (default), electoral wards, MSOAs, boroughs (with "
                        f"--borough {GREATER_MANCHESTER}) or your own neighbourhoods (custom, "
                        "with --neighbourhoods)")
    parser.add_argument("--neighbourhoods", metavar="NAME",
                        help="a neighbourhood set saved in the app, for --level custom")
    parser.add_argument("--borough", default=DEFAULT_BOROUGH, metavar="CODE",
                        help="the code of a borough in the data folder (default Oldham), or "
                        f"{GREATER_MANCHESTER} for all of Greater Manchester")
    parser.add_argument("--spec", metavar="SPEC.yaml",
                        help="the index spec (default: the shipped Thriving Community Index)")
    parser.add_argument("--draws", type=int, default=1000, metavar="N",
                        help="draws behind the rank intervals (default 1000; 0 for none)")
    parser.add_argument("--workers", type=int, default=2, metavar="N",
                        help="processes for --all (default 2)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; 0 on success, 1 with a message when something is wrong."""
    args = _parser().parse_args(argv)
    try:
        spec = load_spec(args.spec) if args.spec else load_preset()
        neighbourhoods = (neighbourhood_store().load(args.neighbourhoods)
                          if args.neighbourhoods else None)
        engine = open_engine()
        context = prepare(data_root(), spec, args.borough, args.level, robustness=(
                          SensitivitySettings(draws=args.draws) if args.draws else None),
                          notes=NoteStore(engine), promises=PromiseStore(engine),
                          stories=StoryStore(engine), readiness=ReadinessStore(engine),
                          neighbourhoods=neighbourhoods)
        if args.area:
            code = check_area(context, args.area)
            Path(args.output).write_bytes(briefing_pdf(context, code))
            print(f"wrote {args.output}", file=sys.stderr)
        else:
            def progress(done: int, total: int, code: str) -> None:
                print(f"{done}/{total} {code}", file=sys.stderr, flush=True)

            write_all(context, Path(args.output), progress, workers=max(1, args.workers))
            print(f"wrote every briefing to {args.output}", file=sys.stderr)
    except (UnknownAreaError, DataLayerError, IndicesError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        if "cannot load library" in str(error) or "pango" in str(error).lower():
            print(f"error: the PDF library cannot find its system libraries ({error}). "
                  f"Install them: {SYSTEM_LIBRARIES}", file=sys.stderr)
        else:
            print(f"error: {args.output}: cannot write ({error.strerror or error}).",
                  file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
