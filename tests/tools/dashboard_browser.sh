#!/bin/bash
# flowmeterd's own page (GET /) in a real browser: Debian's chromium,
# headless, driven by playwright-core (pinned, from the npm registry, kept
# in ~/.cache/flowmeter/npm). softflowd (v5) exports a pcap of a LAN's
# traffic to the GeoIP fixtures' networks (dashpcap.py) to flowmeterd
# (SQLite, maxmind, host_alias) and to nfcapd at once; natgen.py sends NAT
# events. What the page shows, read from its data-* attributes
# (dashboard_browser.js), must be nfdump's numbers and the API's for the
# same range (dashboard_check.py): countries and ASes in and out, top LAN
# hosts with their names, a host's destinations, the series per bucket,
# the collector's health as /metrics counts it, the NAT box's answers =
# natgen.py's truth; ranges read from rollups alone. New traffic reaches
# the series without a reload. JavaScript errors, failed requests and
# requests off flowmeterd are failures. Off loopback (a network namespace
# of the test's own, 10.255.0.1): 401 with a JSON error without
# credentials, the page with them; Bearer too; a foreign Host on loopback
# is refused (DNS rebinding). Screenshots: $FM_OUT/*.png.
. "$(dirname "$0")/lib/common.sh"
. "$LIB/store.sh"
. "$LIB/api.sh"
need softflowd nfcapd nfdump curl python3 node npm perl mmdblookup unshare nsenter ip
perl -MMaxMind::DB::Writer::Tree -e1 2>/dev/null || skip "libmaxmind-db-writer-perl not installed"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || skip "chromium not installed (tests/deps.sh installs it)"
PW_VERSION=1.65.1
NPM=${FM_NPM_CACHE:-$HOME/.cache/flowmeter/npm}
export PLAYWRIGHT_CORE=$NPM/node_modules/playwright-core CHROMIUM
if [ "$(node -p "require('$PLAYWRIGHT_CORE/package.json').version" 2>/dev/null)" != $PW_VERSION ]; then
	mkdir -p "$NPM"
	(cd "$NPM" && npm install --no-audit --no-fund --loglevel=error playwright-core@$PW_VERSION) ||
		skip "playwright-core@$PW_VERSION cannot be installed from the npm registry"
fi
# Chromium that cannot start here at all is a skip; anything after that is a failure.
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
	--dump-dom about:blank > "$FM_OUT/chromium.txt" 2>&1 || skip "chromium cannot run here: $(tail -1 "$FM_OUT/chromium.txt")"

mkdir -p "$FM_OUT/geoip"
perl "$LIB/mkmmdb.pl" "$FM_OUT/geoip"
PORT=$(free_port)
HTTP=$(free_port)
cat > "$FM_OUT/fmd.yaml" <<EOT
netflow_endpoint: 127.0.0.1:$PORT
telemetry_endpoint: 127.0.0.1:$HTTP
state_file: ""
pipeline:
  enrich: [maxmind_country, maxmind_asn, host_alias]
  metrics:
    items:
      - name: bytes
        labels:
          - {name: src, value: source_ip, converter: ipv4}
extensions:
  maxmind_country: {mmdb_dir: $FM_OUT/geoip}
  maxmind_asn: {mmdb_dir: $FM_OUT/geoip}
  host_alias:
    192.168.1.10: laptop
    192.168.1.11: desktop
    192.168.1.20: tv
store:
  rollup_interval: 1s
  sqlite: {path: $FM_OUT/flows.db}
api:
  registry: ""
EOT
fmd_start "$FM_OUT/fmd.yaml"
capture_start "$FM_OUT"

# export PCAP: softflowd reads it and exports v5 through the tee; waits until flowmeterd stored N in all.
export_pcap() {
	softflowd -r "$1" -n 127.0.0.1:$TEE_PORT -v 5 >> "$FM_OUT/softflowd.log" 2>&1
	wait_for "[ \$(store_metric records_total) -ge $2 ]" 30
	assert_eq "$(store_metric records_total)" "$2" "records stored"
}
now=$(date +%s)
# Older traffic (in the hour, not in 15 minutes), then recent traffic.
n1=$(python3 "$LIB/dashpcap.py" "$FM_OUT/a.pcap" $((now - 2700)):20 $((now - 200)):4)
export_pcap "$FM_OUT/a.pcap" $n1
# NAT events 20 minutes ago (natgen.py's truth: what the NAT box must say).
python3 "$LIB/natgen.py" $PORT $(( (now - 1200) * 1000 )) > "$FM_OUT/nat.truth"
wait_for "[ \$(metric 'flowmeterd_exporter_records_total{exporter=\"127.0.0.1\",kind=\"nat\"}') -ge 5 ]" 20
# The rollups (every second) hold it all before the page asks.
wait_for "curl -sf 'http://127.0.0.1:$HTTP/api/v1/top?since=2h' | python3 -c 'import json, sys; sys.exit(json.load(sys.stdin)[\"total\"][\"flows\"] != $n1)'" 20

# The page: phase 1, then the live series once more traffic is sent.
rm -f "$FM_OUT/go"
node "$LIB/dashboard_browser.js" main "http://127.0.0.1:$HTTP/" "$FM_OUT" "$FM_OUT/nat.truth" "$FM_OUT/go" \
	> "$FM_OUT/browser.log" 2>&1 &
browser=$!
kill_at_exit $browser
wait_for "[ -e $FM_OUT/phase1.done ] || ! kill -0 $browser 2>/dev/null" 120
[ -e "$FM_OUT/phase1.done" ] || { cat "$FM_OUT/browser.log"; fail "the browser stopped before the live part"; }
metrics > "$FM_OUT/metrics-1.txt"
python3 "$LIB/dashboard_check.py" snapshot "http://127.0.0.1:$HTTP" "$FM_OUT"
n2=$(python3 "$LIB/dashpcap.py" "$FM_OUT/b.pcap" $(( $(date +%s) - 60 )):4:192.168.1.20)
export_pcap "$FM_OUT/b.pcap" $((n1 + 5 + n2))	# and the 5 NAT events
echo $((n1 + n2)) > "$FM_OUT/go"
rc=0
wait $browser || rc=$?
cat "$FM_OUT/browser.log"
[ $rc = 0 ] || fail "the browser's checks failed"

# nfdump's records (nfcapd flushes its file when it stops).
capture_stop "$FM_OUT"
TZ=UTC nfdump -R "$FM_OUT/nfcapd" -o csv > "$FM_OUT/nfdump.csv" 2>/dev/null
assert_eq "$(python3 "$LIB/dashboard_check.py" count "$FM_OUT/nfdump.csv")" $((n1 + n2)) "nfdump's records"
python3 "$LIB/dashboard_check.py" page "$FM_OUT/nfdump.csv" "$FM_OUT/geoip" "http://127.0.0.1:$HTTP" \
	"$FM_OUT/metrics-1.txt" "$FM_OUT/nat.truth" "$FM_OUT" ||
	fail "the page's numbers are not nfdump's and the API's"
# Loopback answers without credentials, but only to a loopback name: DNS rebinding gets a 403.
for h in evil.example evil.example:$HTTP 127.0.0.1.evil.example; do
	assert_eq "$(curl -s -o "$FM_OUT/body.json" -w '%{http_code}' -H "Host: $h" "http://127.0.0.1:$HTTP/api/v1/top")" 403 "Host: $h on loopback"
done
for h in localhost:$HTTP 127.0.0.1:$HTTP; do
	assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $h" "http://127.0.0.1:$HTTP/")" 200 "Host: $h on loopback"
done
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: evil.example" "http://127.0.0.1:$HTTP/metrics")" 200 "/metrics to any Host"
fmd_stop

# Off loopback: the API on 10.255.0.1 in a network namespace of this test's own.
APORT=$(free_port)
cp "$FM_OUT/fmd.yaml" "$FM_OUT/fmd-auth.yaml"
cat >> "$FM_OUT/fmd-auth.yaml" <<EOT
  listen: 10.255.0.1:$APORT
  user: admin
  password: correct-horse-battery
  token: 0123456789abcdef-token
EOT
unshare -n sleep 600 &
ns=$!
kill_at_exit $ns
wait_for "[ \"\$(readlink /proc/$ns/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]"
inns() { nsenter -t $ns -n "$@"; }
inns ip link set lo up
inns ip addr add 10.255.0.1/32 dev lo
nsenter -t $ns -n "$BIN/flowmeterd" -c "$FM_OUT/fmd-auth.yaml" > "$FM_OUT/flowmeterd.log" 2>&1 &
FMD_PID=$!
wait_for "inns curl -sf http://127.0.0.1:$HTTP/health >/dev/null" 30
A=http://10.255.0.1:$APORT
# code [CURL ARGS...] PATH: the status of a request to the API listener.
code() { inns curl -s -o "$FM_OUT/body.json" -w '%{http_code}' "${@:1:$#-1}" "$A${!#}"; }
for p in / /assets/dashboard.js /api/v1/health "/api/v1/top?since=2h"; do
	assert_eq "$(code "$p")" 401 "off loopback, no credentials: GET $p"
	python3 -c 'import json, sys; print("  error:", json.load(open(sys.argv[1]))["error"])' "$FM_OUT/body.json" ||
		fail "GET $p: the 401 is not a JSON error"
	assert_eq "$(code -u admin:correct-horse-batterY "$p")" 401 "off loopback, a wrong password: GET $p"
	assert_eq "$(code -H 'Authorization: Bearer 0123456789abcdef-tokeN' "$p")" 401 "off loopback, a wrong token: GET $p"
	assert_eq "$(code -u admin:correct-horse-battery "$p")" 200 "off loopback, basic auth: GET $p"
	assert_eq "$(code -H 'Authorization: Bearer 0123456789abcdef-token' "$p")" 200 "off loopback, the token: GET $p"
done
inns curl -s -D "$FM_OUT/h.txt" -o /dev/null "$A/"
grep -qi '^WWW-Authenticate: Basic realm="flowmeterd"' "$FM_OUT/h.txt" || fail "the 401 asks for no basic auth"
# netflow.io's routes need them too, and its own signature after them.
assert_eq "$(code /senders)" 401 "off loopback, no credentials: GET /senders"
grep -q "credentials required" "$FM_OUT/body.json" || fail "GET /senders: $(cat "$FM_OUT/body.json")"
assert_eq "$(code -X PUT -d '{"prefixes":[]}' /senders/10.0.0.1)" 401 "off loopback, no credentials: PUT /senders/10.0.0.1"
assert_eq "$(code -X DELETE /senders/10.0.0.1)" 401 "off loopback, no credentials: DELETE /senders/10.0.0.1"
assert_eq "$(code -u admin:correct-horse-battery -X DELETE /senders/10.0.0.1)" 401 "with credentials, still netflow.io's signature: DELETE"
grep -q X-Io-Sign "$FM_OUT/body.json" || fail "the DELETE's 401 is not netflow.io's: $(cat "$FM_OUT/body.json")"
# /metrics stays on the loopback telemetry listener, as Prometheus scrapes it.
assert_eq "$(inns curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$HTTP/metrics)" 200 "telemetry on loopback"
inns node "$LIB/dashboard_browser.js" auth "$A/" "$FM_OUT" admin correct-horse-battery || fail "the page off loopback"
fmd_stop
