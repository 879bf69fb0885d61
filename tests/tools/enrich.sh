#!/bin/bash
# Enrichment: GeoIP country, city and ASN from small mmdb fixtures (IPv4 and
# IPv6, private ranges "local"), each answer equal to mmdblookup's; the
# database replaced on disk is picked up without a restart; reverse DNS from
# a dnsmasq on loopback: the first flow gets "unknown", later ones the name,
# from the cache; a dead DNS server costs nothing but "unknown" names.
. "$(dirname "$0")/lib/common.sh"
need curl python3 perl mmdblookup dnsmasq
perl -MMaxMind::DB::Writer::Tree -e1 2>/dev/null || skip "libmaxmind-db-writer-perl not installed"
C=$LIB/craft.py
G=$FM_OUT/geoip
mkdir -p "$G"
perl "$LIB/mkmmdb.pl" "$G"

dnsmasq -k --conf-file=/dev/null --port=5354 --listen-address=127.0.0.1 --bind-interfaces \
	--no-resolv --no-hosts --user=root --pid-file="$FM_OUT/dnsmasq.pid" \
	--local=/in-addr.arpa/ --local=/ip6.arpa/ \
	--ptr-record=8.8.8.8.in-addr.arpa,dns.google \
	--ptr-record=9.9.9.9.in-addr.arpa,dns9.quad9.net \
	--ptr-record=e.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.e.f.0.0.0.2.6.2.ip6.arpa,dns9.quad9.net \
	> "$FM_OUT/dnsmasq.log" 2>&1 &
dns=$!

cfg() { # DNS-SERVERS
	cat <<EOT
netflow_endpoint: 127.0.0.1:4341
telemetry_endpoint: 127.0.0.1:4441
state_file: ""
pipeline:
  enrich: [maxmind_country, maxmind_asn, maxmind_city, reverse_dns]
  metrics:
    items:
      - name: geo
        counters: [bytes]
        labels:
          - {name: dst, value: destination_ip, converter: ipv4}
          - {name: src_country, value: source_country, converter: str}
          - {name: country, value: destination_country, converter: str}
          - {name: city, value: destination_city, converter: str}
          - {name: asn, value: destination_asn_num, converter: str}
          - {name: org, value: destination_asn_org, converter: str}
          - {name: name, value: destination_name, converter: str}
extensions:
  maxmind_country: {mmdb_dir: $G}
  maxmind_asn: {mmdb_dir: $G}
  maxmind_city: {mmdb_dir: $G}
  reverse_dns: {servers: "$1", cache_duration: 1h, timeout_ms: 300}
EOT
}
cfg 127.0.0.1:5354 > "$FM_OUT/a.yaml"
fmd_start "$FM_OUT/a.yaml"

# GeoIP, each answer checked against mmdblookup on the same file.
mm() { # FILE ADDR PATH... -> value or ""
	local f=$1 a=$2
	shift 2
	mmdblookup -f "$G/GeoLite2-$f.mmdb" -i "$a" "$@" 2>/dev/null |
		sed -n 's/^ *"\{0,1\}\([^"<]*\)"\{0,1\} <.*/\1/p' | sed 's/ *$//' | head -1 || true
}
for dst in 8.8.8.8 9.9.9.9 45.90.28.1 2001:4860::8888 2620:fe::fe 1.1.1.1; do
	src=10.1.0.9
	[[ $dst == *:* ]] && src=fd00::9
	python3 "$C" 4341 flow $src $dst 1000
	want_c=$(mm Country $dst country iso_code)
	want_a=$(mm ASN $dst autonomous_system_number)
	want_o=$(mm ASN $dst autonomous_system_organization)
	want_city=$(mm City $dst city names en)
	[ -n "$want_c" ] || want_c=Unknown
	line="netflow_flow_geo{dst=\"$dst\",src_country=\"local\",country=\"$want_c\",city=\"$want_city\",asn=\"$want_a\",org=\"$want_o\",name=\"unknown\"}"
	wait_for "[ \$(metric '$line') = 1000 ]" 10
	echo "ok: $dst: country '$want_c', city '$want_city', AS $want_a '$want_o' = mmdblookup"
done

# Reverse DNS: by now the names are cached; the same flows again get them.
wait_for "[ \$(metric 'flowmeterd_rdns_lookups_total{result=\"ok\"}') -ge 3 ]" 60
python3 "$C" 4341 flow 10.1.0.9 8.8.8.8 500
python3 "$C" 4341 flow fd00::9 2620:fe::fe 500
wait_for "[ \$(metric 'netflow_flow_geo{dst=\"8.8.8.8\",src_country=\"local\",country=\"US\",city=\"Mountain View\",asn=\"15169\",org=\"GOOGLE\",name=\"dns.google\"}') = 500 ]" 10
wait_for "[ \$(metric 'netflow_flow_geo{dst=\"2620:fe::fe\",src_country=\"local\",country=\"CH\",city=\"Zurich\",asn=\"19281\",org=\"QUAD9-AS-1\",name=\"dns9.quad9.net\"}') = 500 ]" 10
echo "ok: reverse DNS names arrive for later flows (IPv4 and IPv6)"
hits=$(metric flowmeterd_rdns_cache_hits_total)
[ "$hits" -ge 2 ] || fail "rdns cache hits $hits"
# 45.90.28.1, 2001:4860::8888 and 1.1.1.1 have no PTR here: cached as such.
assert_eq "$(metric 'flowmeterd_rdns_lookups_total{result="nxdomain"}')" 3 "PTR lookups answered 'no name'"

# The Country database replaced on disk: new flows see the new answer.
perl "$LIB/mkmmdb.pl" "$G" 8.8.8.0/24=NL
wait_for "grep -q 'GeoLite2-Country.mmdb changed: reloaded' '$FM_OUT/flowmeterd.log'" 10
python3 "$C" 4341 flow 10.1.0.9 8.8.8.8 700
wait_for "[ \$(metric 'netflow_flow_geo{dst=\"8.8.8.8\",src_country=\"local\",country=\"NL\",city=\"Mountain View\",asn=\"15169\",org=\"GOOGLE\",name=\"dns.google\"}') = 700 ]" 10
assert_eq "$(mm Country 8.8.8.8 country iso_code)" NL "mmdblookup after the change"
fmd_stop

# A dead DNS server: every record is still counted at once, names "unknown".
cfg 127.0.0.1:5399 > "$FM_OUT/b.yaml"
fmd_start "$FM_OUT/b.yaml"
for i in $(seq 1 50); do
	python3 "$C" 4341 flow 10.1.0.9 93.184.216.$i 100 20
done
wait_for "[ \$(metric 'flowmeterd_exporter_records_total{exporter=\"127.0.0.1\",kind=\"flow\"}') = 1000 ]" 10
metrics > "$FM_OUT/dead.metrics"
assert_eq "$(metrics | awk '/^netflow_flow_geo\{/ && /name="unknown"/ { s += $NF } END { print s }')" 100000 "bytes counted while DNS is dead"
wait_for "[ \$(metric 'flowmeterd_rdns_lookups_total{result=\"error\"}') -ge 1 ] || [ \$(metric 'flowmeterd_rdns_lookups_total{result=\"timeout\"}') -ge 1 ]" 15
metrics | grep '^flowmeterd_rdns'
fmd_stop
kill "$dns"
