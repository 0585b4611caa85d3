"""Start the app, with its caches warmed as the server starts.

``python -m dashboard [streamlit run's options]`` is ``streamlit run dashboard/app.py``
plus a thread that, as soon as the server is up, builds what the first visitor of the
default borough needs (see :func:`dashboard.cache.warm`), so that nobody waits for it.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
#: Collections of the middle generation between two full ones (Python's default is 10).
FULL_COLLECTION_EVERY = 100


def _warm() -> None:
    from streamlit.runtime import Runtime

    while not Runtime.exists():  # the server's configuration is read by then
        time.sleep(0.05)
    # outside a session, Streamlit says so for every cached call: it is meant here
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR)
    from dashboard import cache
    from data.errors import DataLayerError
    from indices.errors import IndicesError

    try:
        cache.warm()
    except (DataLayerError, IndicesError, OSError) as error:  # the first visitor is told
        logging.getLogger(__name__).info("Nothing more warmed: %s", error)


def main(argv: Sequence[str] | None = None) -> None:
    """Start the warming thread, then Streamlit's server (which never returns).

    Parameters
    ----------
    argv : sequence of str, optional
        ``streamlit run``'s options (default: the command line's). The app's own static
        files (Leaflet) are always served, so the map works whatever folder the app is
        started from, runs are neither followed by a garbage collection nor rewritten for
        "magic", and the app's files are not watched for changes; the other settings are
        those of ``.streamlit/config.toml`` there.
    """
    from streamlit.web import cli

    options = list(sys.argv[1:] if argv is None else argv)
    # A full collection looks at every object the caches hold (0.2 to 0.3 s with a borough's
    # maps and tables, in whichever run it falls): one a tenth as often as Python's default
    gc.set_threshold(*gc.get_threshold()[:2], FULL_COLLECTION_EVERY)
    threading.Thread(target=_warm, name="warm-caches", daemon=True).start()
    # By default Streamlit collects garbage after every run (a tenth of a second, each time a
    # widget is touched, spent looking over caches that live as long as the server), and
    # rewrites each page's code on its first run to show bare values ("magic"), which the
    # pages do not use; and, without the watchdog package, it looks at every one of the app's
    # files five times a second for changes to its code (the Python each run needs meanwhile
    # waits): a server's code does not change under it
    sys.argv = ["streamlit", "run", str(APP), "--server.enableStaticServing", "true",
                "--runner.postScriptGC", "false", "--runner.magicEnabled", "false",
                "--server.fileWatcherType", "none", *options]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
