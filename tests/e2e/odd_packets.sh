#!/bin/bash
# Packets each counted as what it is: a non-first IPv6 fragment whose
# fragment header names an extension header is a fragment of that protocol
# (not a truncated packet of protocol 44); first fragments with a TCP
# header cut short keep their ports; extension headers before UDP are
# walked to its ports. Records and /proc counters are checked exactly.
# $NS_B answers each first fragment whose header chain is incomplete with
# ICMPv6 parameter problem, code 3 (RFC 7112), quoting it: that flow is
# expected too.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump tshark python3
meter_up both protocol=10 inactive_timeout=600
# Fragments $NS_B keeps waiting for must not time out into ICMP mid-test.
inb sysctl -qw net.ipv4.ipfrag_time=3600 net.ipv6.ip6frag_time=3600
mac=$(cat /sys/class/net/va/address)
E=$FM_OUT/expect.txt
: > "$E"
frag=0 trunc=0 pkts=0 bytes=0
for name in v6-frag-exthdr v6-frag-udp v6-first-short-tcp v6-exthdr-udp \
	v4-first-short-tcp v4-frag-udp; do
	read -r pr sa sp da dp len kind < <(ina python3 "$LIB/rawpkt.py" eth0 "$mac" $name 3)
	echo "$pr $sa $sp $da $dp 3 $((3 * len))" >> "$E"
	case $kind in
	frag) frag=$((frag + 3)) ;;
	trunc) trunc=$((trunc + 3)) ;;
	esac
	pkts=$((pkts + 3)) bytes=$((bytes + 3 * len))
	echo "sent 3 x $name ($kind)"
	if [ $name = v6-first-short-tcp ]; then
		# type 4 code 3; IPv6 40 + ICMPv6 8 + the packet quoted
		echo "58 $da 0 $sa $((4 * 256 + 3)) 3 $((3 * (48 + len)))" >> "$E"
		pkts=$((pkts + 3)) bytes=$((bytes + 3 * (48 + len)))
	fi
done
for _ in $(seq 50); do [ "$(snmp meterPackets)" -ge $pkts ] && break; sleep 0.1; done
sysctl -qw net.netflow.flush=1
collectors_stop
decode_all 10
records
assert_eq "$(snmp meterPackets)" $pkts "meterPackets"
assert_eq "$(snmp fragPackets)" $frag "fragPackets"
assert_eq "$(snmp truncPackets)" $trunc "truncPackets"
assert_eq "$(snmp otherL4Packets)" 0 "otherL4Packets"
read -r rp rb < <(rule_counters both)
assert_eq "$rp $rb" "$pkts $bytes" "rule counters = what was sent"
python3 "$LIB/check.py" --protocol 10 --expect "$E" --rule-packets "$rp" \
	--rule-bytes "$rb" --nfdump "$FM_OUT/nfdump.csv" --tshark "$FM_OUT/tshark.json"
