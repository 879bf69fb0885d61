#!/bin/bash
# make demo, after the VM: flowmeterd's page (GET /) over the store the
# demo's router left, photographed by this machine's headless chromium (a
# browser under TCG takes minutes). Usage: tests/demo-page.sh ARTIFACTS_DIR
# (build/vm/KVER-demo/artifacts/demo); writes dashboard.png there.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: demo-page.sh ARTIFACTS_DIR}
[ -s "$dir/flows.db" ] || { echo "(no page: the demo left no store in $dir)"; exit 0; }
command -v chromium >/dev/null || { echo "(no page: chromium is not installed)"; exit 0; }
tmp=$(mktemp -d)
trap 'kill "$fmd" 2>/dev/null || true; wait "$fmd" 2>/dev/null || true; rm -rf "$tmp"' EXIT
# shellcheck source=lib/common.sh
. "$top/tests/lib/common.sh"
port=$(free_port) http=$(free_port)
# A copy: the page's flowmeterd keeps its own retention and rollups.
cp "$dir/flows.db" "$tmp/flows.db"
cat > "$tmp/fmd.yaml" <<EOT
netflow_endpoint: 127.0.0.1:$port
telemetry_endpoint: 127.0.0.1:$http
state_file: ""
pipeline:
  metrics:
    items: []
store:
  sqlite: {path: $tmp/flows.db}
EOT
"$top/build/tools/flowmeterd" -c "$tmp/fmd.yaml" > "$tmp/fmd.log" 2>&1 &
fmd=$!
for _ in $(seq 100); do
	curl -sf "http://127.0.0.1:$http/api/v1/health" >/dev/null && break
	kill -0 "$fmd" 2>/dev/null || { cat "$tmp/fmd.log"; echo "demo-page: flowmeterd did not start" >&2; exit 1; }
	sleep 0.1
done
flows=$(curl -sf "http://127.0.0.1:$http/api/v1/top?by=all&since=1d" |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["total"]["flows"])')
timeout -k 5 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	--hide-scrollbars --window-size=1400,1200 --virtual-time-budget=5000 \
	--screenshot="$dir/dashboard.png" "http://127.0.0.1:$http/" > "$tmp/chromium.log" 2>&1 ||
	{ tail -3 "$tmp/chromium.log"; echo "(no page: chromium failed)"; exit 0; }
echo "== flowmeterd's page over the demo's store ($flows flows): $dir/dashboard.png"
