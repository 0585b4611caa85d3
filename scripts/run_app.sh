#!/usr/bin/env bash
# Set up (first time) and start the app on http://localhost:8501.
# The data folder is ../shared/data beside the checkout, or the folder named by TCI_DATA_ROOT.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system_packages.sh
scripts/setup.sh requirements.txt
exec .venv/bin/streamlit run dashboard/app.py "$@"
