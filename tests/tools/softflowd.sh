#!/bin/bash
# softflowd (v5, v9 and IPFIX) reads a pcap made here; its export goes to
# flowmeterd and to nfcapd at once: per flow, packets and bytes must equal
# what the pcap holds, in both. Then nfreplay sends nfcapd's file to a
# fresh flowmeterd: the same totals again.
. "$(dirname "$0")/lib/common.sh"
need softflowd nfcapd nfdump nfreplay curl python3
python3 "$LIB/mkpcap.py" "$FM_OUT/flows.pcap" 7 > "$FM_OUT/truth.txt"

for v in 5 9 10; do
	o=$FM_OUT/v$v
	mkdir -p "$o/nfcapd"
	sed "s|@PORT@|4301|; s|@HTTP@|4401|; s|@OUT@|$o|" "$LIB/flows.yaml.in" > "$o/flows.yaml"
	fmd_start "$o/flows.yaml"
	nfcapd -w "$o/nfcapd" -p 4302 -b 127.0.0.1 -t 3600 -P "$o/nfcapd.pid" -D >/dev/null 2>&1
	python3 "$LIB/tee.py" 4300 "$o/tee.ready" 4301 4302 &
	tee=$!
	wait_for "[ -e $o/tee.ready ] && [ -s $o/nfcapd.pid ]"
	softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:4300 -v $v > "$o/softflowd.log" 2>&1
	want=$(wc -l < "$FM_OUT/truth.txt")
	wait_for "[ \$(metric 'flowmeterd_exporter_records_total{exporter=\"127.0.0.1\",kind=\"flow\"}') -ge $want ]" 20
	sleep 0.5
	metrics > "$o/metrics.txt"
	kill "$tee"; wait "$tee" 2>/dev/null || true
	kill "$(cat "$o/nfcapd.pid")"; sleep 1
	fmd_stop
	nfdump -R "$o/nfcapd" -o csv > "$o/nfdump.csv" 2>/dev/null
	echo "softflowd -v $v:"
	python3 "$LIB/check_metrics.py" --truth "$FM_OUT/truth.txt" --metrics "$o/metrics.txt" \
		--name netflow_flow_flows --nfdump "$o/nfdump.csv"
	assert_eq "$(grep -c 'decode_errors_total.* [1-9]' "$o/metrics.txt" || true)" 0 "decode errors"
done

# nfreplay: nfdump's own replayer, from the v9 capture's file (it sends v9).
o=$FM_OUT/nfreplay
mkdir -p "$o"
sed "s|@PORT@|4301|; s|@HTTP@|4401|; s|@OUT@|$o|" "$LIB/flows.yaml.in" > "$o/flows.yaml"
fmd_start "$o/flows.yaml"
nfreplay -r "$(ls "$FM_OUT"/v9/nfcapd/nfcapd.2* | head -1)" -H 127.0.0.1 -p 4301 -v 9 > "$o/nfreplay.log" 2>&1
want=$(wc -l < "$FM_OUT/truth.txt")
wait_for "[ \$(metric 'flowmeterd_exporter_records_total{exporter=\"127.0.0.1\",kind=\"flow\"}') -ge $want ]" 20
metrics > "$o/metrics.txt"
fmd_stop
echo "nfreplay:"
python3 "$LIB/check_metrics.py" --truth "$FM_OUT/truth.txt" --metrics "$o/metrics.txt" \
	--name netflow_flow_flows
