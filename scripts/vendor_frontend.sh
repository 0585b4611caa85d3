#!/usr/bin/env bash
# Refresh the front-end files the app serves itself (dashboard/static/vendor), so that maps
# work on networks that block CDNs. Takes the pinned releases from the npm registry; run it
# only to upgrade them, and commit the result with the licence files.
set -euo pipefail
cd "$(dirname "$0")/.."
LEAFLET_VERSION=1.9.4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "leaflet@$LEAFLET_VERSION" >/dev/null && tar xzf "leaflet-$LEAFLET_VERSION.tgz")
dest=dashboard/static/vendor/leaflet
rm -rf "$dest" && mkdir -p "$dest/images"
cp "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" "$work/package/LICENSE" "$dest/"
cp "$work/package/dist/images/"*.png "$dest/images/"
echo "leaflet $LEAFLET_VERSION from the npm registry" > "$dest/VERSION"
echo "vendored leaflet $LEAFLET_VERSION into $dest"
