#!/bin/bash
# flowmeterd as a service: configuration checks with file:line:column,
# malformed input counted by reason (never a crash), templates surviving a
# restart, SIGHUP reload (a bad file keeps the old one), the allow-list,
# dropping root, and a valgrind-clean run of the release build.
. "$(dirname "$0")/lib/common.sh"
need curl python3
C=$LIB/craft.py

"$BIN/flowmeterd" --version | grep -q '^flowmeterd ' || fail "--version"
"$BIN/flowmeterd" --help | grep -q -- '--check-config' || fail "--help"
# The documented examples; rkosegi's needs its GeoLite2 files: fixtures.
"$BIN/flowmeterd" --check-config -c "$TOP/docs/config.example.yaml" || fail "config.example.yaml"
if perl -MMaxMind::DB::Writer::Tree -e1 2>/dev/null; then
	mkdir -p "$FM_OUT/geoip"
	perl "$LIB/mkmmdb.pl" "$FM_OUT/geoip"
	sed "s|/usr/share/GeoIP/|$FM_OUT/geoip/|" "$TOP/docs/config.rkosegi.yaml" > "$FM_OUT/rkosegi.yaml"
	"$BIN/flowmeterd" --check-config -c "$FM_OUT/rkosegi.yaml" || fail "rkosegi's config"
fi
printf 'netflow_endpoint: 127.0.0.1:1\npipeline:\n  metrics:\n    items:\n      - name: x\n        lables: []\n' > "$FM_OUT/bad.yaml"
rc=0
"$BIN/flowmeterd" --check-config -c "$FM_OUT/bad.yaml" 2> "$FM_OUT/bad.err" || rc=$?
assert_eq "$rc" 1 "exit status of --check-config on a bad file"
grep -q "bad.yaml:6:9: unknown key 'lables' in a metric item" "$FM_OUT/bad.err" ||
	fail "no file:line:col in: $(cat "$FM_OUT/bad.err")"

cfg() { # LABELS-ITEM-NAME EXTRA...
	cat <<EOT
netflow_endpoint: 127.0.0.1:4321
telemetry_endpoint: 127.0.0.1:4421
state_file: $FM_OUT/templates.state
workers: 2
${2:-}
pipeline:
  metrics:
    items:
      - name: $1
        labels:
          - {name: src, value: source_ip, converter: ipv4}
EOT
}
cfg by_src > "$FM_OUT/a.yaml"
fmd_start "$FM_OUT/a.yaml"
if [ "$(id -u)" = 0 ]; then
	assert_eq "$(awk '/^Uid:/ { print $2 }' /proc/$FMD_PID/status)" "$(id -u nobody)" "uid after start (root drops to nobody)"
fi

# Malformed: each kind once, counted under its name; the daemon lives on.
python3 "$C" 4321 malformed
E='flowmeterd_exporter_decode_errors_total{exporter="127.0.0.1",reason='
wait_for "[ \$(metric '${E}\"record_length_zero\"}') = 1 ]"
for r in short_header bad_length unknown_version set_past_end set_too_short bad_set_id template_empty record_length_zero; do
	assert_eq "$(metric "${E}\"$r\"}")" 1 "decode errors, $r"
done

# Data before its template: a miss; after it: counted.
python3 "$C" 4321 data 3
python3 "$C" 4321 template
python3 "$C" 4321 data 4
wait_for "[ \$(metric 'netflow_flow_by_src{src=\"10.1.0.9\"}') = 4000 ]"
assert_eq "$(metric 'flowmeterd_exporter_template_misses_total{exporter="127.0.0.1"}')" 1 "template misses"

# Reload: a new item appears, the kept one keeps its series.
cfg by_src > "$FM_OUT/a.yaml"
cat >> "$FM_OUT/a.yaml" <<EOT
      - name: by_dst
        counters: [packets]
        labels:
          - {name: dst, value: destination_ip, converter: ipv4}
EOT
kill -HUP "$FMD_PID"
wait_for "[ \$(metric 'flowmeterd_config_reloads_total{result=\"ok\"}') = 1 ]"
python3 "$C" 4321 data 1
wait_for "[ \$(metric 'netflow_flow_by_dst_packets_total{dst=\"8.8.4.4\"}') = 10 ]"
assert_eq "$(metric 'netflow_flow_by_src{src="10.1.0.9"}')" 5000 "series kept over a reload"
# A bad file: reported, the running configuration stays.
echo "  oops: [" >> "$FM_OUT/a.yaml"
kill -HUP "$FMD_PID"
wait_for "[ \$(metric 'flowmeterd_config_reloads_total{result=\"failed\"}') = 1 ]"
grep -q 'reload failed, keeping the running configuration: .*a.yaml:' "$FM_OUT/flowmeterd.log" || fail "reload error not logged"
python3 "$C" 4321 data 1
wait_for "[ \$(metric 'netflow_flow_by_src{src=\"10.1.0.9\"}') = 6000 ]"
fmd_stop
grep -q '^T 127.0.0.1 10 0 300 ' "$FM_OUT/templates.state" || fail "template not in the state file"

# Restart: the template comes from the state file, data decodes at once.
cfg by_src "allowed_exporters: [127.0.0.0/8, '::1']" > "$FM_OUT/b.yaml"
fmd_start "$FM_OUT/b.yaml"
python3 "$C" 4321 data 2
wait_for "[ \$(metric 'netflow_flow_by_src{src=\"10.1.0.9\"}') = 2000 ]"
assert_eq "$(metric 'flowmeterd_exporter_template_misses_total{exporter="127.0.0.1"}')" 0 "template misses after a restart"
fmd_stop

# Allow-list: 127.0.0.1 is not in it.
cfg by_src "allowed_exporters: [192.0.2.0/24]" > "$FM_OUT/c.yaml"
fmd_start "$FM_OUT/c.yaml"
python3 "$C" 4321 data 2
wait_for "[ \$(metric flowmeterd_denied_datagrams_total) = 1 ]"
assert_eq "$(metric 'netflow_flow_by_src{src="10.1.0.9"}')" 0 "records from a denied exporter"
fmd_stop

# Dual stack: "[::]:port" takes IPv6 and IPv4 exporters; IPv4 stays IPv4.
cfg by_src | sed 's/^netflow_endpoint: .*/netflow_endpoint: "[::]:4321"/' > "$FM_OUT/e.yaml"
fmd_start "$FM_OUT/e.yaml"
FM_CRAFT_HOST=::1 python3 "$C" 4321 flow 2001:db8::5 2001:db8::6 777
python3 "$C" 4321 flow 10.1.0.7 8.8.8.8 555
wait_for "[ \$(metric 'flowmeterd_exporter_packets_total{exporter=\"::1\"}') = 1 ]"
wait_for "[ \$(metric 'netflow_flow_by_src{src=\"2001:db8::5\"}') = 777 ]"
wait_for "[ \$(metric 'netflow_flow_by_src{src=\"10.1.0.7\"}') = 555 ]"
assert_eq "$(metric 'flowmeterd_exporter_packets_total{exporter="127.0.0.1"}')" 1 "IPv4 exporter on a dual-stack socket"
fmd_stop

# valgrind on the release build: traffic, a scrape, a reload, a stop.
if command -v valgrind >/dev/null && [ -x "$TOP/build/tools/flowmeterd" ]; then
	cfg by_src "user: root" > "$FM_OUT/d.yaml"
	BIN=$TOP/build/tools fmd_start "$FM_OUT/d.yaml" valgrind -q --error-exitcode=1 \
		--leak-check=full --errors-for-leak-kinds=definite --log-file="$FM_OUT/valgrind.log"
	python3 "$C" 4321 template
	python3 "$C" 4321 data 5
	python3 "$C" 4321 malformed
	wait_for "[ \$(metric 'netflow_flow_by_src{src=\"10.1.0.9\"}') -ge 5000 ]" 30
	kill -HUP "$FMD_PID"
	wait_for "[ \$(metric 'flowmeterd_config_reloads_total{result=\"ok\"}') = 1 ]" 30
	fmd_stop
	[ -s "$FM_OUT/valgrind.log" ] && { cat "$FM_OUT/valgrind.log"; fail "valgrind reported errors"; }
	echo "ok: valgrind clean"
fi
