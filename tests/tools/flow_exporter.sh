#!/bin/bash
# flow-exporter's per-AS metrics from the shipped preset
# (docs/config.flow-exporter.yaml): crafted IPFIX flows between networks of
# a small GeoLite2-ASN fixture (lib/mkmmdb.pl), IPv4 and IPv6; every
# flow_transmit/receive_bytes_total series must be exactly what
# flow-exporter's rule gives (source AS ours: transmit; else destination AS
# ours: receive; else nothing), and no other. The Kafka input's side (AS
# numbers and label from pmacct records) is in kafka.sh.
. "$(dirname "$0")/lib/common.sh"
need curl python3 perl
perl -MMaxMind::DB::Writer::Tree -e1 2>/dev/null || skip "libmaxmind-db-writer-perl not installed"
port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); t=socket.socket(); t.bind(("127.0.0.1", s.getsockname()[1])); print(s.getsockname()[1])'; }
G=$FM_OUT/geoip
mkdir -p "$G"
perl "$LIB/mkmmdb.pl" "$G"
NF=$(port) HTTP=$(port)
sed -e "s|^netflow_endpoint:.*|netflow_endpoint: 127.0.0.1:$NF|" \
    -e "s|^telemetry_endpoint:.*|telemetry_endpoint: 127.0.0.1:$HTTP|" \
    -e "s|local_asn: 64500|local_asn: 15169|" \
    -e "s|mmdb_dir: /usr/share/GeoIP|mmdb_dir: $G|" \
    "$TOP/docs/config.flow-exporter.yaml" > "$FM_OUT/flowmeterd.yaml"
echo 'state_file: ""' >> "$FM_OUT/flowmeterd.yaml"
fmd_start "$FM_OUT/flowmeterd.yaml"
trap 'kill $FMD_PID 2>/dev/null || true' EXIT

C="python3 $LIB/craft.py $NF flow"
$C 8.8.8.8 9.9.9.9 1000 3		# GOOGLE -> QUAD9: transmit
$C 8.8.4.4 9.9.9.9 1 7			# the same series
$C 9.9.9.9 8.8.4.4 500 4		# QUAD9 -> GOOGLE: receive
$C 2620:fe::fe 2001:4860::8888 700 2	# IPv6, receive
$C 10.0.0.1 8.8.8.8 100 1		# no AS for the source: 0, ""
$C 93.184.216.34 45.90.28.1 9999 5	# neither side ours: not counted
$C 8.8.8.8 8.8.4.4 42 1			# ours to ours: transmit (source first)
wait_for "[ \$(metric 'flowmeterd_exporter_records_total{exporter=\"127.0.0.1\",kind=\"flow\"}') -ge 23 ]" 10
sleep 0.3
L='source_as="%s",source_as_name="%s",destination_as="%s",destination_as_name="%s",hostname="127.0.0.1"'
{
	printf "flow_receive_bytes_total{$L} 100\n" 0 "" 15169 GOOGLE
	printf "flow_receive_bytes_total{$L} 1400\n" 19281 QUAD9-AS-1 15169 GOOGLE
	printf "flow_receive_bytes_total{$L} 2000\n" 19281 QUAD9-AS-1 15169 GOOGLE
	printf "flow_transmit_bytes_total{$L} 3007\n" 15169 GOOGLE 19281 QUAD9-AS-1
	printf "flow_transmit_bytes_total{$L} 42\n" 15169 GOOGLE 15169 GOOGLE
} | sort > "$FM_OUT/want.txt"
metrics | grep '^flow_\(transmit\|receive\)_bytes_total{' | sort > "$FM_OUT/got.txt"
# The two QUAD9 -> GOOGLE receive series (IPv4 and IPv6) are one series: sum the want's.
python3 - "$FM_OUT/want.txt" > "$FM_OUT/want2.txt" <<'PY'
import sys
from collections import OrderedDict
s = OrderedDict()
for line in open(sys.argv[1]):
    k, v = line.rsplit(" ", 1)
    s[k] = s.get(k, 0) + int(v)
for k, v in sorted(s.items()):
    print(k, v)
PY
diff "$FM_OUT/want2.txt" "$FM_OUT/got.txt" || fail "per-AS series differ from flow-exporter's rule"
echo "ok: $(wc -l < "$FM_OUT/got.txt") per-AS series, exactly flow-exporter's"
# A reload keeps the counters (flow-exporter's never reset).
kill -HUP "$FMD_PID"
wait_for "grep -q 'configuration reloaded' $FM_OUT/flowmeterd.log"
$C 8.8.8.8 9.9.9.9 1000 1
wait_for "[ \$(metric 'flow_transmit_bytes_total{source_as=\"15169\",source_as_name=\"GOOGLE\",destination_as=\"19281\",destination_as_name=\"QUAD9-AS-1\",hostname=\"127.0.0.1\"}') = 4007 ]" 10
echo "ok: kept over a reload"
trap - EXIT
fmd_stop
