#!/bin/bash
# NAT events into the SQLite store, as ipt_NETFLOW's natevents=1 sends them
# (lib/natgen.py: SNAT created and deleted, the same outside port reused by
# another host, a DNAT port forward): `flowmeter nat OUTSIDE --at T` must
# name exactly the inside host:port of every truth line (and nothing where
# none held it), while flowmeterd runs and again after it restarted.
. "$(dirname "$0")/lib/common.sh"
. "$LIB/store.sh"
need curl python3

port=$(free_port)
cat > "$FM_OUT/nat.yaml" <<EOT
netflow_endpoint: 127.0.0.1:$port
telemetry_endpoint: 127.0.0.1:$(free_port)
state_file: $FM_OUT/templates.state
store:
  flush_interval: 1s
  sqlite: {path: $FM_OUT/flows.db}
EOT

# answers: every truth line, asked of the store.
answers() {
	local outside at inside kind got n=0 rc
	while read -r outside at inside kind; do
		rc=0
		"$BIN/flowmeter" nat "$outside" --at "$at" --db "$FM_OUT/flows.db" --json > "$FM_OUT/nat.json" ||
			rc=$?
		# Its exit status: 0 found, 1 none held it, 2 error.
		assert_eq $rc "$([ "$inside" = none ] && echo 1 || echo 0)" "$1: flowmeter nat $outside --at $at exits"
		got=$(python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))["mappings"]
print(" ".join("%s %s" % (x["inside"], x["kind"]) for x in m) or "none -")' "$FM_OUT/nat.json")
		assert_eq "$got" "$inside $kind" "$1: $outside at $at"
		n=$((n + 1))
	done < "$FM_OUT/truth.txt"
	[ $n -ge 8 ] || fail "only $n truth lines"
}

fmd_start "$FM_OUT/nat.yaml"
# An hour ago: inside the NAT events' retention (48h).
python3 "$LIB/natgen.py" "$port" $(( ($(date +%s) - 3600) * 1000 )) > "$FM_OUT/truth.txt"
wait_for "[ \$(store_metric records_total) -ge 5 ]" 20
store_invariant
assert_eq "$(store_metric records_total)" 5 "NAT events stored"
assert_eq "$(metric 'flowmeterd_exporter_records_total{exporter="127.0.0.1",kind="nat"}')" 5 \
	"NAT events decoded"
answers "running"
fmd_stop
fmd_start "$FM_OUT/nat.yaml"
answers "restarted"
fmd_stop
