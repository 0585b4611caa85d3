#!/usr/bin/env bash
# Set up (first time) and run the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
# for the storage tests, and the browser tests (which drive Chromium's headless shell)
bash scripts/system_packages.sh postgresql chromium chromium-driver chromium-headless-shell
scripts/setup.sh requirements-dev.txt
# on two cores by default (TCI_TEST_WORKERS=0 runs them in this process); a test file's tests
# stay together, in order, on one worker
exec .venv/bin/python -m pytest -n "${TCI_TEST_WORKERS:-2}" --dist loadfile "$@"
