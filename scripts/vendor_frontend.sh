#!/usr/bin/env bash
# Refresh the front-end files the app serves itself (dashboard/static/vendor), so that maps
# work on networks that block CDNs. Takes the pinned releases from the npm registry; run it
# only to upgrade them, and commit the result with the licence files.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# vendor PACKAGE VERSION FOLDER FILE... : copy files of an npm package into vendor/FOLDER
vendor() {
  local package=$1 version=$2 folder=$3
  shift 3
  (cd "$work" && rm -rf package && npm pack --silent "$package@$version" >/dev/null \
    && tar xzf "$package-$version.tgz")
  local dest="dashboard/static/vendor/$folder"
  rm -rf "$dest" && mkdir -p "$dest"
  for file in "$@"; do
    mkdir -p "$dest/$(dirname "$file" | sed 's#^dist/*##')"
    cp "$work/package/$file" "$dest/$(echo "$file" | sed 's#^dist/##')"
  done
  echo "$package $version from the npm registry" > "$dest/VERSION"
  echo "vendored $package $version into $dest"
}

vendor leaflet 1.9.4 leaflet dist/leaflet.js dist/leaflet.css LICENSE \
  dist/images/layers.png dist/images/layers-2x.png dist/images/marker-icon.png \
  dist/images/marker-icon-2x.png dist/images/marker-shadow.png
vendor leaflet.markercluster 1.5.3 markercluster dist/leaflet.markercluster.js \
  dist/MarkerCluster.css dist/MarkerCluster.Default.css MIT-LICENCE.txt
vendor jquery 3.7.1 jquery dist/jquery.min.js LICENSE.txt  # folium's popups use it
