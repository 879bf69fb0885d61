#!/bin/bash
# Fetch the real GeoLite2 Country/City/ASN databases the npm package
# "geolite2" ships into ~/.cache/flowmeter/geolite2 (never into the repo)
# and print the directory holding the .mmdb files. npm pack when npm is
# there; otherwise the same tarball straight from the registry, checked
# against the sha1 the registry publishes.
set -euo pipefail
cache=${FM_CACHE:-$HOME/.cache/flowmeter}/geolite2
dbs=$cache/package/dbs
if [ -s "$dbs/GeoLite2-Country.mmdb" ] && [ -s "$dbs/GeoLite2-ASN.mmdb" ] &&
   [ -s "$dbs/GeoLite2-City.mmdb" ]; then
	echo "$dbs"
	exit 0
fi
mkdir -p "$cache"
cd "$cache"
rm -f geolite2-*.tgz
if command -v npm >/dev/null 2>&1; then
	npm pack geolite2 --silent >&2
else
	meta=$(curl -fsSL https://registry.npmjs.org/geolite2/latest)
	url=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["dist"]["tarball"])' "$meta")
	sha=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["dist"]["shasum"])' "$meta")
	curl -fsSL -o "$(basename "$url")" "$url"
	echo "$sha  $(basename "$url")" | sha1sum -c --quiet >&2
fi
tar xzf geolite2-*.tgz
for k in Country City ASN; do
	[ -s "$dbs/GeoLite2-$k.mmdb" ] || { echo "geolite2: no GeoLite2-$k.mmdb in the package" >&2; exit 1; }
done
echo "$dbs"
