"""The ``tci`` command: one name for the app and the three command lines.

``tci app`` starts the app (``python -m dashboard``); ``tci build`` and ``tci sensitivity``
are the engine's (``python -m indices``); ``tci validate``, ``tci export``, ``tci fetch``,
``tci postcodes``, ``tci charities``, ``tci standardise``, ``tci inequality``,
``tci over-time``, ``tci edition``, ``tci areas``, ``tci neighbours`` and
``tci to-lsoa21`` the data layer's (``python -m data``); ``tci briefings`` writes briefing
PDFs (``python -m dashboard.briefing``).
Everything after the subcommand is passed on unchanged, so each keeps its own options and
``--help``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

#: Each subcommand: what it does, and the ``python -m`` command line it runs.
COMMANDS: dict[str, tuple[str, str]] = {
    "app": ("start the app in a browser (streamlit run's options may follow)", "dashboard"),
    "build": ("build an index from a spec and indicator tables", "indices build"),
    "sensitivity": ("rank intervals of an index under other weights and methods",
                    "indices sensitivity"),
    "validate": ("check a file of your own and say what is wrong with it", "data validate"),
    "export": ("build an index over a borough and write its results", "data export"),
    "fetch": ("download a borough's open data from its publishers", "data fetch"),
    "postcodes": ("download a borough's postcodes, to place records by postcode",
                  "data postcodes"),
    "charities": ("download the register of charities, to check charity numbers",
                  "data charities"),
    "standardise": ("age-standardised rates or ratios from counts by age band",
                    "data standardise"),
    "inequality": ("the slope and relative index of inequality across deprivation deciles",
                   "data inequality"),
    "over-time": ("build an index on IoD2019 and IoD2025 and say how each area moved",
                  "data over-time"),
    "edition": ("keep a built index as a dated edition, list editions or compare two",
                "data edition"),
    "areas": ("write a borough's table of areas and indicators", "data areas"),
    "neighbours": ("each area's statistical neighbours among all the region's areas",
                   "data neighbours"),
    "to-lsoa21": ("convert a table of 2011 LSOAs to 2021 LSOAs", "data to-lsoa21"),
    "briefings": ("write neighbourhood briefing PDFs", "dashboard.briefing"),
}


def _runner(module: str) -> Callable[[list[str]], int | None]:
    """The ``main`` of a ``python -m`` module, imported only when its command is used."""
    if module == "dashboard":
        from dashboard.__main__ import main as app
        return app
    if module == "indices":
        from indices.cli import main as indices
        return indices
    if module == "data":
        from data.cli import main as data
        return data
    from dashboard.briefing import main as briefings
    return briefings


def usage() -> str:
    """The command's help: every subcommand and what it does."""
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {text} (python -m {line})"
             for name, (text, line) in COMMANDS.items()]
    return ("usage: tci COMMAND [options]   (tci COMMAND --help for a command's options)\n\n"
            "commands:\n" + "\n".join(lines))


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand; print the usage for none, ``-h`` or ``--help``.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``tci`` (default: the command line's).

    Returns
    -------
    int
        The subcommand's exit code; 0 for the usage, 2 for an unknown subcommand.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"tci: {name!r} is not a command.\n\n{usage()}", file=sys.stderr)
        return 2
    module, *subcommand = COMMANDS[name][1].split()
    return _runner(module)([*subcommand, *rest]) or 0


if __name__ == "__main__":
    sys.exit(main())
