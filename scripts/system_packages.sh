#!/usr/bin/env bash
# Install the Debian packages the app and its tests need, if any is missing:
# Pango and a font for the PDF briefings, poppler-utils for the tests that render them,
# and any packages named as arguments (the tests add postgresql).
# Needs root (apt-get); otherwise says what to install.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils "$@")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Please install: ${missing[*]} (for example: sudo apt-get install ${missing[*]})" >&2
fi
