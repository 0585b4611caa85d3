#!/usr/bin/env bash
# Refresh the front-end files the app serves itself (dashboard/static/vendor), so that maps
# work on networks that block CDNs. Takes the pinned releases from the npm registry; run it
# only to upgrade them, and commit the result with the licence files.
set -euo pipefail
cd "$(dirname "$0")/.."
LEAFLET_VERSION=1.9.4
MARKERCLUSTER_VERSION=1.5.3
JQUERY_VERSION=3.7.1  # folium's popups use it
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "leaflet@$LEAFLET_VERSION" >/dev/null && tar xzf "leaflet-$LEAFLET_VERSION.tgz")
dest=dashboard/static/vendor/leaflet
rm -rf "$dest" && mkdir -p "$dest/images"
cp "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" "$work/package/LICENSE" "$dest/"
cp "$work/package/dist/images/"*.png "$dest/images/"
echo "leaflet $LEAFLET_VERSION from the npm registry" > "$dest/VERSION"
echo "vendored leaflet $LEAFLET_VERSION into $dest"

(cd "$work" && rm -rf package && npm pack --silent "leaflet.markercluster@$MARKERCLUSTER_VERSION" >/dev/null \
  && tar xzf "leaflet.markercluster-$MARKERCLUSTER_VERSION.tgz")
dest=dashboard/static/vendor/markercluster
rm -rf "$dest" && mkdir -p "$dest"
cp "$work/package/dist/leaflet.markercluster.js" "$work/package/dist/MarkerCluster.css" \
  "$work/package/dist/MarkerCluster.Default.css" "$work/package/MIT-LICENCE.txt" "$dest/"
echo "leaflet.markercluster $MARKERCLUSTER_VERSION from the npm registry" > "$dest/VERSION"
echo "vendored leaflet.markercluster $MARKERCLUSTER_VERSION into $dest"

(cd "$work" && rm -rf package && npm pack --silent "jquery@$JQUERY_VERSION" >/dev/null \
  && tar xzf "jquery-$JQUERY_VERSION.tgz")
dest=dashboard/static/vendor/jquery
rm -rf "$dest" && mkdir -p "$dest"
cp "$work/package/dist/jquery.min.js" "$work/package/LICENSE.txt" "$dest/"
echo "jquery $JQUERY_VERSION from the npm registry" > "$dest/VERSION"
echo "vendored jquery $JQUERY_VERSION into $dest"
