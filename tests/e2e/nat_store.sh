#!/bin/bash
# The home router's "who was it": the module with natevents=1 exports IPFIX
# to flowmeterd (SQLite store) on the router; for every NAT-ed connection
# conntrack -L shows while it lives (MASQUERADE of UDP and TCP, a DNAT port
# forward), `flowmeter nat OUTSIDE:PORT --at THEN` names the inside host and
# port conntrack had, and after the connections are gone (conntrack -F)
# nobody; three rounds, the UDP one from the same port each time, so its
# outside address:port is held again later.
# flowmeterd and flowmeter are the host's build/tools-san ones (as
# collector_exporters.sh finds flowmeterd).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need conntrack curl python3
TOP=$(cd "$LIB/../../.." && pwd)
FMD=$TOP/build/tools-san/flowmeterd
FM=$TOP/build/tools-san/flowmeter
[ -x "$FMD" ] && [ -x "$FM" ] || fail "$FMD or $FM not built (make tools-san)"
export ASAN_OPTIONS=detect_leaks=1:exitcode=99
T=$LIB/traffic.py
# The guest's tmpfs: SQLite's WAL needs shared memory, which 9p (FM_OUT) lacks.
DB=$FM_TMP/flows.db

cat > "$FM_OUT/fmd.yaml" <<EOT
netflow_endpoint: 127.0.0.1:4333
telemetry_endpoint: 127.0.0.1:4433
state_file: $FM_OUT/templates.state
user: root
store:
  flush_interval: 1s
  sqlite: {path: $DB}
EOT
"$FMD" -c "$FM_OUT/fmd.yaml" > "$FM_OUT/flowmeterd.log" 2>&1 &
FMD_PID=$!
wait_for "curl -sf http://127.0.0.1:4433/health >/dev/null" 30
stored() {
	curl -sf http://127.0.0.1:4433/metrics |
		awk '/^flowmeterd_store_records_total\{store="sqlite"\}/ { print $NF }'
}

meter_up v4 protocol=10 natevents=1
sysctl -qw net.netflow.destination=127.0.0.1:2055,127.0.0.1:2056,127.0.0.1:4333
iptables-$IPT -t nat -A POSTROUTING -o vb -j MASQUERADE
# Port forward: WAN 10.2.0.1:8080 -> LAN server 10.1.0.2:80.
iptables-$IPT -t nat -A PREROUTING -i vb -p tcp --dport 8080 \
	-j DNAT --to-destination 10.1.0.2:80
conntrack -F >/dev/null 2>&1 || true

# expected CONNTRACK_FILE: "OUTSIDE INSIDE KIND" of each NAT-ed UDP/TCP connection.
expected() {
	python3 - "$1" "$LIB" <<-'EOF'
		import sys
		sys.path.insert(0, sys.argv[2])
		import nat_check
		for proto, pre, post in nat_check.conntrack_entries([sys.argv[1]]):
		    if proto not in (6, 17):
		        continue
		    if pre[0] != post[0]:
		        print("%s:%d %s:%d snat" % (post[0], post[1], pre[0], pre[1]))
		    elif pre[2] != post[2]:
		        print("%s:%d %s:%d dnat" % (pre[2], pre[3], post[2], post[3]))
	EOF
}

# ask OUTSIDE AT: "INSIDE KIND" of every mapping flowmeter names, or "none".
ask() {
	local rc=0
	"$FM" nat "$1" --at "$2" --db "$DB" --json > "$FM_OUT/nat.json" || rc=$?
	[ $rc -le 1 ] || fail "flowmeter nat $1 --at $2 exited $rc"
	python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))["mappings"]
print(" ".join("%s %s" % (x["inside"], x["kind"]) for x in m) or "none")' "$FM_OUT/nat.json"
}

n=0
for round in 1 2 3; do
	inb python3 $T tcp-serve 5010 "$FM_TMP/tcp$round.ready" > /dev/null &
	srv=$!
	wait_for "[ -e $FM_TMP/tcp$round.ready ]"
	ina python3 $T tcp-send 10.2.0.2 5010 4${round}010 5000
	wait $srv
	ina python3 $T tcp-serve 80 "$FM_TMP/dnat$round.ready" > /dev/null &
	srv=$!
	wait_for "[ -e $FM_TMP/dnat$round.ready ]"
	inb python3 $T tcp-send 10.2.0.1 8080 4${round}020 3000
	wait $srv
	# UDP last: an unanswered UDP mapping lives 30 s, less than a slow guest's TCP rounds.
	ina python3 $T udp 10.2.0.2 5001 41001 3 100
	at=$(date +%s%3N)
	conntrack -L -o extended > "$FM_OUT/conntrack$round.txt" 2>/dev/null
	expected "$FM_OUT/conntrack$round.txt" > "$FM_OUT/expected$round.txt"
	assert_eq "$(wc -l < "$FM_OUT/expected$round.txt")" 3 "round $round: NAT-ed connections (udp, tcp, dnat)"
	grep -q " dnat$" "$FM_OUT/expected$round.txt" || fail "round $round: no DNAT in conntrack"
	conntrack -F >/dev/null 2>&1
	sleep 1
	gone=$(date +%s%3N)
	sleep 1
	# Both events of each connection stored.
	n=$((n + 6))
	wait_for "[ \"\$(stored)\" -ge $n ]" 20
	while read -r outside inside kind; do
		assert_eq "$(ask "$outside" "$at")" "$inside $kind" "round $round: $outside at $at"
		assert_eq "$(ask "$outside" "$gone")" none "round $round: $outside once flushed"
	done < "$FM_OUT/expected$round.txt"
done
# Every NAT event the module exported (the set-up's own pings are
# MASQUERADE-d too) reached flowmeterd; the answers above came from the store.
nat_rx() {
	curl -sf http://127.0.0.1:4433/metrics |
		awk '/^flowmeterd_exporter_records_total\{.*kind="nat"/ { n += $NF } END { print n + 0 }'
}
wait_for "[ \"\$(nat_rx)\" -ge $(snmp natExported) ]" 20
assert_eq "$(nat_rx)" "$(snmp natExported)" "NAT events flowmeterd took = the module's natExported"
[ "$(stored)" -ge "$n" ] || fail "fewer records stored than the test's $n NAT events"
kill -TERM $FMD_PID
wait $FMD_PID || { cat "$FM_OUT/flowmeterd.log"; fail "flowmeterd exited $?"; }
collectors_stop
