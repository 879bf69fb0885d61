#!/bin/bash
# make demo, inside the VM: a home router meters its LAN's traffic with
# ipt_NETFLOW (IPFIX, natevents=1) and flowmeterd answers "where does my
# traffic go?" with the real GeoLite2 databases: by country, by AS, by LAN
# host, and the Prometheus lines behind the tables; then it remembers: the
# flows and NAT events in a SQLite store, asked with `flowmeter top` and
# "who was 100.64.0.1:41000?" with `flowmeter nat`.
#
#   netns lan                     router (this VM)            netns wan
#   192.168.1.10 laptop  --lan0-- MASQUERADE (v4 and v6) --wan0-- 100.64.0.2
#   192.168.1.11 phone            NETFLOW in FORWARD             servers at the real
#   fd00:1::10                    flowmeterd on 127.0.0.1        addresses of Google,
#                                                                Facebook, Yandex, ...
# Nothing leaves the VM: the "internet" is one namespace.
set -euo pipefail
. "$FM_TOP/tests/lib/common.sh"
LIB=$FM_TOP/tests/e2e/lib
OUT=$FM_ARTIFACTS/demo
GEOIP=${FM_DEMO_GEOIP:?no GeoLite2 directory (make demo fetches it)}
FMD=$FM_TOP/build/tools/flowmeterd
DUMP=$FM_TOP/build/tools/flowmeter-dump
FM=$FM_TOP/build/tools/flowmeter
mkdir -p "$OUT"
lan() { ip netns exec lan "$@"; }
wan() { ip netns exec wan "$@"; }
# The WAN side answers at these real addresses.
SERVERS="8.8.8.8 31.13.72.36 77.88.8.8 194.0.0.53 151.101.1.69 1.1.1.1"
SERVER6=2001:4860:4860::8888

echo "== ipt_NETFLOW protocol=10 natevents=1; flowmeterd with GeoLite2 from $GEOIP"
modprobe ipt_NETFLOW destination=127.0.0.1:2055,127.0.0.1:2056 protocol=10 natevents=1 inactive_timeout=2
cat > "$OUT/flowmeterd.yaml" <<EOF
netflow_endpoint: 127.0.0.1:2055
telemetry_endpoint: 127.0.0.1:30001
state_file: $OUT/templates.state
user: root
pipeline:
  enrich: [protocol_name, maxmind_country, maxmind_asn, host_alias]
  metrics:
    prefix: netflow
    items:
      - name: traffic_detail
        description: Traffic by host, country and AS
        labels:
          - {name: protocol, value: proto_name, converter: str}
          - {name: source_ip, value: source_ip, converter: ipv4}
          - {name: destination_ip, value: destination_ip, converter: ipv4}
          - {name: source_host, value: source_host, converter: str}
          - {name: destination_host, value: destination_host, converter: str}
          - {name: source_country, value: source_country, converter: str}
          - {name: destination_country, value: destination_country, converter: str}
          - {name: source_asn_org, value: source_asn_org, converter: str}
          - {name: destination_asn_org, value: destination_asn_org, converter: str}
store:
  # In the guest's own tmpfs: SQLite's WAL needs shared memory, which 9p lacks.
  sqlite: {path: $FM_TMP/flows.db}
extensions:
  maxmind_country: {mmdb_dir: $GEOIP}
  maxmind_asn: {mmdb_dir: $GEOIP}
  host_alias:
    192.168.1.10: laptop
    192.168.1.11: phone
    fd00:1::10: laptop
EOF
"$FMD" -c "$OUT/flowmeterd.yaml" 2> "$OUT/flowmeterd.log" &
fmd=$!
"$DUMP" -l 127.0.0.1:2056 > "$OUT/dump.txt" 2>&1 &
dump=$!
wait_for "curl -sf http://127.0.0.1:30001/health >/dev/null" 30

ip netns add lan
ip netns add wan
ip link add lan0 type veth peer name eth0 netns lan
ip link add wan0 type veth peer name eth0 netns wan
ip addr add 192.168.1.1/24 dev lan0
ip addr add fd00:1::1/64 dev lan0 nodad
ip addr add 100.64.0.1/24 dev wan0
ip addr add 2001:db8:64::1/64 dev wan0 nodad
ip link set lan0 up
ip link set wan0 up
lan ip addr add 192.168.1.10/24 dev eth0
lan ip addr add 192.168.1.11/24 dev eth0
lan ip addr add fd00:1::10/64 dev eth0 nodad
lan ip link set eth0 up
lan ip link set lo up
lan ip route add default via 192.168.1.1
lan ip -6 route add default via fd00:1::1
wan ip addr add 100.64.0.2/24 dev eth0
wan ip addr add 2001:db8:64::2/64 dev eth0 nodad
wan ip link set eth0 up
wan ip link set lo up
for a in $SERVERS; do
	wan ip addr add $a/32 dev lo
	ip route add $a/32 via 100.64.0.2
done
wan ip addr add $SERVER6/128 dev lo
ip -6 route add $SERVER6/128 via 2001:db8:64::2
wan iptables-legacy -A INPUT -p udp -j DROP
wan ip6tables-legacy -A INPUT -p udp -j DROP
sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
iptables-legacy -t nat -A POSTROUTING -o wan0 -j MASQUERADE
ip6tables-legacy -t nat -A POSTROUTING -o wan0 -j MASQUERADE
for t in iptables-legacy ip6tables-legacy; do
	$t -N ACCEPTANDACCOUNT
	$t -A ACCEPTANDACCOUNT -j NETFLOW
	$t -A ACCEPTANDACCOUNT -j ACCEPT
	$t -A FORWARD -j ACCEPTANDACCOUNT
done

echo "== the LAN talks to the internet"
[ -n "${FM_DEMO_TRACE:-}" ] && set -x
T=$LIB/traffic.py
wan python3 $T tcp-serve 443 $FM_TMP/web.ready > /dev/null &
srv=$!
wait_for "[ -e $FM_TMP/web.ready ]"
lan python3 $T tcp-send 31.13.72.36 443 41000 400000	# laptop: a video
wait $srv
t_video=$(date '+%Y-%m-%d %H:%M:%S')
# host:server:port:count:size
senders=()
for f in 192.168.1.10:8.8.8.8:53:40:80 192.168.1.10:77.88.8.8:443:60:1200 \
	 192.168.1.11:194.0.0.53:53:20:90 192.168.1.11:151.101.1.69:443:150:1200 \
	 192.168.1.11:1.1.1.1:853:30:200; do
	IFS=: read -r host ip port n size <<< "$f"
	lan python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('$host', 0))
for _ in range($n): s.sendto(b'x' * $size, ('$ip', $port))" &
	senders+=($!)
done
lan python3 $T udp $SERVER6 443 42000 80 1000 &
senders+=($!)
wait "${senders[@]}"
lan ping -c 3 -i 0.2 -I 192.168.1.11 8.8.8.8 >/dev/null

sysctl -qw net.netflow.flush=1
wait_for "[ \$(curl -sf http://127.0.0.1:30001/metrics | awk '/^flowmeterd_exporter_records_total.*kind=\"flow\"/ { n += \$NF } END { print n + 0 }') -ge 10 ]" 20
sleep 1
curl -sf http://127.0.0.1:30001/metrics > "$OUT/metrics.txt"
conntrack -F >/dev/null 2>&1 || true
# The NAT deletes and the last batch reach the store (flush_interval 1 s).
sleep 3
kill "$dump" 2>/dev/null || true

echo
python3 - "$OUT/metrics.txt" <<'EOF'
import re, sys
from collections import Counter
rows = []
for line in open(sys.argv[1]):
    m = re.match(r'^netflow_flow_traffic_detail\{(.*)\} (\d+)$', line.strip())
    if m:
        rows.append((dict(re.findall(r'(\w+)="([^"]*)"', m.group(1))), int(m.group(2))))
country, asn, host = Counter(), Counter(), Counter()
for l, b in rows:
    # The remote end of either direction: the side that is not "local".
    out = l["source_country"] == "local"
    country[l["destination_country"] if out else l["source_country"]] += b
    asn[(l["destination_asn_org"] if out else l["source_asn_org"]) or "(no AS)"] += b
    lan = (l["source_host"] or l["source_ip"]) if out else (l["destination_host"] or l["destination_ip"])
    host[lan] += b
total = sum(b for _, b in rows)
def table(title, c):
    print("%-34s %12s %6s" % (title, "bytes", "share"))
    for k, v in c.most_common():
        print("  %-32s %12d %5.1f%%" % (k, v, 100.0 * v / total))
    print()
print("== where the traffic goes (flowmeterd, both directions, by the remote end)\n")
table("country (GeoLite2)", country)
table("autonomous system (GeoLite2 ASN)", asn)
table("LAN host", host)
EOF
echo "== the Prometheus lines behind it (curl http://127.0.0.1:30001/metrics)"
grep -E '^netflow_flow_traffic_detail\{' "$OUT/metrics.txt" | sort -t' ' -k2 -nr | head -6
grep -E '^flowmeterd_exporter_records_total' "$OUT/metrics.txt"
echo
echo "== NAT events (natevents=1), decoded by flowmeter-dump"
grep '^nat ' "$OUT/dump.txt" | head -4
echo
echo "== /proc/net/stat/ipt_netflow (excerpt)"
grep -E '^(Protocol|Flows|Natevents|Export)' /proc/net/stat/ipt_netflow
echo
echo "== it remembers: flowmeter top --by destination_country --db flows.db --since 1h"
"$FM" top --by destination_country --since 1h --db "$FM_TMP/flows.db"
echo
echo "== who was 100.64.0.1:41000? flowmeter nat 100.64.0.1:41000 --db flows.db"
"$FM" nat 100.64.0.1:41000 --at "$t_video" --db "$FM_TMP/flows.db" ||
	echo "(no NAT event for it in the store)"
echo
kill "$fmd" 2>/dev/null || true
wait "$fmd" 2>/dev/null || true
# The store, for the page make demo shows after the VM (tests/demo-page.sh).
sqlite3 "$FM_TMP/flows.db" ".backup '$OUT/flows.db'" &&
	echo "== the store: build/vm/$(uname -r)-demo/artifacts/demo/flows.db" ||
	echo "(the store could not be copied out)"
