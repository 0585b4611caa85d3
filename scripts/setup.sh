#!/usr/bin/env bash
# Create the virtual environment in .venv and install the given requirements file into it.
# Usage: scripts/setup.sh requirements.txt
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=${1:-requirements.txt}
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r "$requirements"
