#!/usr/bin/env bash
# Create the virtual environment in .venv, install the given requirements file into it, and
# the project itself (editable), which gives the tci command.
# Usage: scripts/setup.sh requirements.txt
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=${1:-requirements.txt}
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r "$requirements"
# the app, its engine and the tci command, as the checkout itself (edits take effect at once)
.venv/bin/python -m pip install --quiet --no-deps --editable .
# compiled ahead, as pip compiles what it installs, so that no start of the server compiles them
# (Python compiles a file again, in memory, once it is edited)
.venv/bin/python -m compileall -q dashboard data indices >/dev/null
