#!/bin/bash
# Collector benchmark (make bench): the same fixed set of IPFIX and v9
# datagrams into flowmeterd, nfcapd (nfdump) and nfacctd (pmacct), one after
# another on loopback. Each collector's CPU time (user + system, every
# thread) for the second pass of the set (warm caches) gives records/s per
# core; kernel drop counters (/proc/net/udp) must stay 0 or the run says so.
# Then callgrind: flowmeterd's instructions per record.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench/collector
mkdir -p "$out"
N=${FM_BENCH_RECORDS:-1000000}
FMD=$top/build/tools/flowmeterd
python3 "$top/bench/gen_export.py" "$out/set.bin" "$N" >/dev/null

cpu() { # PID -> centiseconds of user+system, all threads, with its children
	local p t=0
	for p in $1 $(pgrep -P "$1"); do
		t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat")))
	done
	echo $t
}
drops() { # PORT -> kernel drops on that UDP port
	awk -v p=$(printf '%04X' "$1") '$2 ~ ":" p "$" { d += $NF } END { print d + 0 }' /proc/net/udp
}
measure() { # NAME PORT PID
	local c0 c1 dr
	python3 "$top/bench/send.py" "$out/set.bin" "$2" >/dev/null	# warm-up pass
	sleep 1
	c0=$(cpu "$3")
	python3 "$top/bench/send.py" "$out/set.bin" "$2" >/dev/null
	sleep 2
	c1=$(cpu "$3")
	dr=$(drops "$2")
	awk -v n="$1" -v r="$N" -v c=$((c1 - c0)) -v d="$dr" 'BEGIN {
		printf "%-11s %8.2f s CPU  %10.0f records/s/core%s\n", n, c / 100, r / (c / 100),
			d ? "  (" d " datagrams dropped: invalid)" : "" }'
}

cat > "$out/fmd.yaml" <<EOT
netflow_endpoint: 127.0.0.1:5601
telemetry_endpoint: 127.0.0.1:5701
state_file: ""
workers: 1
receive_buffer: 33554432
user: root
pipeline:
  filter:
    - local-to-local: true
  enrich: [protocol_name]
  metrics:
    items:
      - name: traffic_detail
        labels:
          - {name: sampler, value: sampler, converter: ipv4}
          - {name: host, value: source_ip, converter: ipv4}
          - {name: protocol, value: proto_name, converter: str}
EOT
sysctl -qw net.core.rmem_max=33554432 2>/dev/null || true
"$FMD" -c "$out/fmd.yaml" 2>"$out/fmd.log" &
fpid=$!
sleep 1
mkdir -p "$out/nfcapd"
rm -f "$out"/nfcapd/nfcapd.*
nfcapd -w "$out/nfcapd" -p 5602 -b 127.0.0.1 -B 33554432 -t 3600 >/dev/null 2>&1 &
npid=$!
cat > "$out/nfacctd.conf" <<EOT
nfacctd_port: 5603
nfacctd_ip: 127.0.0.1
nfacctd_pipe_size: 33554432
plugins: print
aggregate: src_host, proto
print_output_file: $out/nfacctd.out
print_refresh_time: 60
EOT
nfacctd -f "$out/nfacctd.conf" > "$out/nfacctd.log" 2>&1 &
apid=$!
sleep 2

echo "# $N records (half IPFIX, half v9, $(python3 -c "print(1380 // 75)") per datagram), second pass"
measure flowmeterd 5601 $fpid
measure nfcapd 5602 $npid
# nfacctd runs a core process and a plugin process: both are counted.
measure nfacctd 5603 $apid
kill $fpid $npid $apid 2>/dev/null || true
wait 2>/dev/null || true
pkill -f "nfacctd -f $out" 2>/dev/null || true

# callgrind: two runs that differ only in how many records they get.
ir() { # RECORDS
	python3 "$top/bench/gen_export.py" "$out/cg.bin" "$1" >/dev/null
	valgrind --tool=callgrind --callgrind-out-file="$out/cg.%p" "$FMD" -c "$out/fmd.yaml" \
		2>"$out/cg.log" &
	local pid=$!
	sleep 3
	python3 "$top/bench/send.py" "$out/cg.bin" 5601 20 >/dev/null
	sleep 2
	kill -TERM $pid
	wait $pid || true
	awk '/^summary:/ { s += $2 } END { print s }' "$out/cg.$pid"*
}
a=$(ir 20000)
b=$(ir 120000)
echo "callgrind: flowmeterd $(( (b - a) / 100000 )) instructions per record (Ir difference, 120k vs 20k records)"
