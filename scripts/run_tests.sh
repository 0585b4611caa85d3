#!/usr/bin/env bash
# Set up (first time) and run the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system_packages.sh postgresql chromium chromium-driver  # for the storage and browser tests
scripts/setup.sh requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
