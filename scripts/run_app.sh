#!/usr/bin/env bash
# Set up (first time) and start the app on http://localhost:8501.
# The data folder is the one named by TCI_DATA_ROOT, or ../shared/data beside the checkout, or
# the borough last fetched from the publishers. On a fresh machine with none of these, Oldham's
# open data is fetched first (python -m data fetch --borough Oldham).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system_packages.sh
scripts/setup.sh requirements.txt
if [ -z "${TCI_DATA_ROOT:-}" ] && ! .venv/bin/python -c "from data.settings import data_root; data_root()" 2>/dev/null; then
    echo "No data found: fetching Oldham's open data from the publishers (once)." >&2
    if ! .venv/bin/python -m data fetch --borough Oldham; then
        echo "The fetch failed (see the error above). The app opens on its 'Get the open data'" \
             "page; or set TCI_FETCH_MIRROR to a folder of the publishers' files, or" \
             "TCI_DATA_ROOT to a folder of data files." >&2
    fi
fi
exec .venv/bin/python -m dashboard "$@"
