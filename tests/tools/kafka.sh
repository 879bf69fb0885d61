#!/bin/bash
# Kafka, against librdkafka's own mock cluster (Debian ships no broker;
# lib/kafka_mock.c), with kcat as the independent consumer and producer:
#  out: softflowd's v9 export goes to flowmeterd (kafka: output) and nfcapd
#       at once; every message kcat reads is pmacct JSON keyed by exporter,
#       and per flow the sums equal the pcap's truth and nfdump's.
#  in:  pmacct-JSON records kcat produces (and two that are none) feed a
#       flowmeterd with kafka_input: and flow_exporter:; counted exactly,
#       per-AS bytes exactly as flow-exporter's rule gives them.
#  nfacctd: pmacct's own kafka plugin, fed by softflowd, into that topic:
#       flowmeterd's per-flow metrics equal the truth.
#  down: the broker stops; queued up to kafka.queue, the rest counted as
#       dropped, offered = delivered + dropped + queued exactly; back up,
#       delivery resumes.
. "$(dirname "$0")/lib/common.sh"
need kcat softflowd nfcapd nfdump python3 curl cc pkg-config
pkg-config --exists rdkafka || skip "librdkafka-dev not installed"
cc -o "$FM_OUT/kafka_mock" "$LIB/kafka_mock.c" $(pkg-config --cflags --libs rdkafka)
port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); t=socket.socket(); t.bind(("127.0.0.1", s.getsockname()[1])); print(s.getsockname()[1])'; }

pids=()
nfa=
cleanup() {
	local p
	# nfacctd's plugin flushes to a broker forever once it is gone: it goes first, by force.
	if [ -n "$nfa" ]; then
		pkill -KILL -P "$nfa" 2>/dev/null || true
		kill -KILL "$nfa" 2>/dev/null || true
	fi
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	[ -n "${FMD_PID:-}" ] && kill "$FMD_PID" 2>/dev/null || true
	exec 7>&- 2>/dev/null || true
	wait 2>/dev/null || true
}
trap cleanup EXIT

mkfifo "$FM_OUT/mock.ctl"
"$FM_OUT/kafka_mock" flows:2 in:1 nfacct:1 < "$FM_OUT/mock.ctl" > "$FM_OUT/mock.out" 2> "$FM_OUT/mock.err" &
pids+=($!)
exec 7> "$FM_OUT/mock.ctl"
wait_for "[ -s $FM_OUT/mock.out ]"
B=$(head -1 "$FM_OUT/mock.out")
echo "mock cluster: $B"
mock() { echo "$1" >&7; wait_for "grep -qx '$1' $FM_OUT/mock.out"; }

# ---- out ----
python3 "$LIB/mkpcap.py" "$FM_OUT/flows.pcap" 7 > "$FM_OUT/truth.txt"
want=$(wc -l < "$FM_OUT/truth.txt")
o=$FM_OUT/out
mkdir -p "$o/nfcapd"
NF=$(port) HTTP=$(port) TEE=$(port) CAPD=$(port)
cat > "$o/flowmeterd.yaml" <<EOT
netflow_endpoint: 127.0.0.1:$NF
telemetry_endpoint: 127.0.0.1:$HTTP
state_file: $o/templates.state
workers: 2
kafka:
  brokers: $B
  topic: flows
  queue: 100
  batch: 50
  flush_interval: 50ms
  message_timeout: 2s
  properties: {reconnect.backoff.max.ms: "500", retry.backoff.ms: "100"}
pipeline:
  metrics:
    items:
      - name: flows
        labels:
          - {name: proto, value: proto, converter: uint32}
EOT
fmd_start "$o/flowmeterd.yaml"
nfcapd -w "$o/nfcapd" -p "$CAPD" -b 127.0.0.1 -t 3600 -P "$o/nfcapd.pid" -D >/dev/null 2>&1
python3 "$LIB/tee.py" "$TEE" "$o/tee.ready" "$NF" "$CAPD" &
pids+=($!)
wait_for "[ -e $o/tee.ready ] && [ -s $o/nfcapd.pid ]"
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$TEE -v 9 > "$o/softflowd.log" 2>&1
k() { metric "flowmeterd_kafka_$1{kafka=\"flows\"${2:-}}"; }
wait_for "[ \$(k records_total) -ge $want ] && [ \$(k queue_records) = 0 ]" 20
kill "$(cat "$o/nfcapd.pid")"; sleep 1
nfdump -R "$o/nfcapd" -o csv > "$o/nfdump.csv" 2>/dev/null
timeout 20 kcat -C -b "$B" -t flows -e -q -f '%k\t%s\n' > "$o/messages.txt"
python3 "$LIB/check_pmacct.py" --truth "$FM_OUT/truth.txt" --messages "$o/messages.txt" \
	--nfdump "$o/nfdump.csv" --count "$(k records_total)"
assert_eq "$(k offered_records_total)" "$(k records_total)" "offered = delivered, nothing dropped"

# ---- down: the broker goes away mid-run ----
drops() { echo $(( $(k dropped_records_total ',reason="queue_full"') + $(k dropped_records_total ',reason="delivery_failed"') + $(k dropped_records_total ',reason="write_error"') + $(k dropped_records_total ',reason="disconnected"') )); }
balance() { echo $(( $(k records_total) + $(drops) + $(k queue_records) )); }
before=$(k records_total)
mock down
sleep 1
python3 "$LIB/craft.py" "$NF" flow 192.0.2.10 198.51.100.20 1000 300
sent=$(( $(k offered_records_total) ))
wait_for "[ \$(k offered_records_total) -ge $((want + 300)) ]" 10
m=$(metrics)
q=$(echo "$m" | awk '/^flowmeterd_kafka_queue_records/ { print $2 }')
echo "broker down: queued $q, dropped $(drops)"
[ "$q" -le 100 ] || fail "queued $q, more than kafka.queue (100)"
assert_eq "$(balance)" "$(k offered_records_total)" "offered = delivered + dropped + queued (broker down)"
# message_timeout (2s) settles what librdkafka held as failed.
wait_for "[ \$(k queue_records) = 0 ]" 20
assert_eq "$(k records_total)" "$before" "nothing delivered while the broker is down"
assert_eq "$(drops)" 300 "dropped while down (queue_full + delivery_failed)"
mock up
delivered=$(k records_total)
python3 "$LIB/craft.py" "$NF" flow 192.0.2.11 198.51.100.21 1000 5
wait_for "[ \$(k records_total) -ge $((delivered + 5)) ]" 30
assert_eq "$(balance)" "$(k offered_records_total)" "offered = delivered + dropped + queued (back up)"
fmd_stop
FMD_PID=

# ---- in: pmacct JSON from kcat ----
o=$FM_OUT/in
mkdir -p "$o"
python3 "$LIB/pmacct_gen.py" "$o/messages.txt" "$o/expected.txt" 64500
timeout 20 kcat -P -b "$B" -t in -l "$o/messages.txt"
NF=$(port) HTTP=$(port)
cat > "$o/flowmeterd.yaml" <<EOT
netflow_endpoint: 127.0.0.1:$NF
telemetry_endpoint: 127.0.0.1:$HTTP
state_file: $o/templates.state
kafka_input: {brokers: "$B", topic: in, group: t1, from: earliest}
flow_exporter: {local_asn: 64500}
EOT
fmd_start "$o/flowmeterd.yaml"
okn=$(awk '$1 == "ok" { print $2 }' "$o/expected.txt")
wait_for "[ \$(metric 'flowmeterd_kafka_input_messages_total{topic=\"in\",result=\"ok\"}') -ge $okn ] && [ \$(metric 'flowmeterd_kafka_input_messages_total{topic=\"in\",result=\"invalid\"}') -ge 2 ]" 30
sleep 0.5
metrics > "$o/metrics.txt"
assert_eq "$(metric 'flowmeterd_kafka_input_messages_total{topic="in",result="ok"}')" "$okn" "pmacct records consumed"
assert_eq "$(metric 'flowmeterd_kafka_input_messages_total{topic="in",result="invalid"}')" 2 "messages that are no record"
grep '^flow_\(transmit\|receive\)_bytes_total{' "$o/metrics.txt" | sort > "$o/got.txt"
grep '^flow_' "$o/expected.txt" | sort > "$o/want.txt"
diff "$o/want.txt" "$o/got.txt" || fail "per-AS series differ from flow-exporter's rule"
echo "ok: $(wc -l < "$o/got.txt") per-AS series equal flow-exporter's"
fmd_stop
FMD_PID=

# ---- nfacctd's kafka plugin -> flowmeterd ----
o=$FM_OUT/nfacctd
mkdir -p "$o"
if ! command -v nfacctd >/dev/null; then
	echo "nfacctd not installed: that part skipped"
	exit 0
fi
NFA=$(port) NF=$(port) HTTP=$(port)
cat > "$o/nfacctd.conf" <<EOT
daemonize: false
nfacctd_ip: 127.0.0.1
nfacctd_port: $NFA
plugins: kafka[k]
aggregate[k]: src_host, dst_host, src_port, dst_port, proto, peer_src_ip
kafka_output[k]: json
kafka_broker_host[k]: ${B%:*}
kafka_broker_port[k]: ${B##*:}
kafka_topic[k]: nfacct
kafka_refresh_time[k]: 1
timestamps_utc: true
EOT
nfacctd -f "$o/nfacctd.conf" > "$o/nfacctd.log" 2>&1 &
nfa=$!
sed "s|@PORT@|$NF|; s|@HTTP@|$HTTP|; s|@OUT@|$o|" "$LIB/flows.yaml.in" > "$o/flowmeterd.yaml"
printf 'kafka_input: {brokers: "%s", topic: nfacct, group: t2, from: earliest}\n' "$B" >> "$o/flowmeterd.yaml"
fmd_start "$o/flowmeterd.yaml"
sleep 2
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$NFA -v 9 > "$o/softflowd.log" 2>&1
bytes=$(awk '{ s += $7 } END { print s }' "$FM_OUT/truth.txt")
got() { metrics | awk '/^netflow_flow_flows\{/ { s += $NF } END { print s + 0 }'; }
wait_for "[ \$(got) -ge $bytes ]" 30
sleep 2
metrics > "$o/metrics.txt"
python3 "$LIB/check_metrics.py" --truth "$FM_OUT/truth.txt" --metrics "$o/metrics.txt" \
	--name netflow_flow_flows
fmd_stop
FMD_PID=
