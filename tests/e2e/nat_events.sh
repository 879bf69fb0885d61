#!/bin/bash
# natevents=1: MASQUERADE (UDP, TCP, ICMP), DNAT (port forward) and NAT66
# connections each give one create and one delete record whose addresses
# and ports before and after translation equal conntrack -L taken while
# they were alive; connections without NAT give none. Run twice: alone, and
# with `conntrack -E` listening beside us (both must see every event).
# Decoded by tshark and nfdump.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump tshark conntrack python3
PROTO=${PROTO:-10}
T=$LIB/traffic.py

meter_up both protocol="$PROTO" natevents=1
assert_eq "$(sysctl -n net.netflow.natevents)" 1 "net.netflow.natevents"
iptables-$IPT -t nat -A POSTROUTING -o vb -j MASQUERADE
ip6tables-$IPT -t nat -A POSTROUTING -o vb -j MASQUERADE
# Port forward: WAN 10.2.0.1:8080 -> LAN server 10.1.0.2:80.
iptables-$IPT -t nat -A PREROUTING -i vb -p tcp --dport 8080 \
	-j DNAT --to-destination 10.1.0.2:80
# The pings of topo_up predate the NAT rules: theirs is no translation.
conntrack -F >/dev/null 2>&1 || true
conntrack -F -f ipv6 >/dev/null 2>&1 || true

# round N: one connection of each kind, source ports 4N0xx.
round() {
	local n=$1
	ina python3 $T udp 10.2.0.2 5001 4${n}001 3 100
	ina python3 $T udp fd02::2 5001 4${n}002 2 100
	inb python3 $T tcp-serve 5010 "$FM_TMP/tcp$n.ready" > "$FM_OUT/tcp$n.out" &
	local srv=$!
	wait_for "[ -e $FM_TMP/tcp$n.ready ]"
	ina python3 $T tcp-send 10.2.0.2 5010 4${n}010 5000
	wait $srv
	ina python3 $T tcp-serve 80 "$FM_TMP/dnat$n.ready" > "$FM_OUT/dnat$n.out" &
	srv=$!
	wait_for "[ -e $FM_TMP/dnat$n.ready ]"
	inb python3 $T tcp-send 10.2.0.1 8080 4${n}020 3000
	wait $srv
	assert_eq "$(cat "$FM_OUT/dnat$n.out")" 3000 "bytes through the port forward"
	ina ping -c 1 -W 2 10.2.0.2 >/dev/null
	# Without NAT: WAN to LAN directly.
	inb python3 $T udp 10.1.0.2 6000 4${n}030 1 50

	# Every family at once (conntrack 1.4.7 lists them all).
	conntrack -L -o extended > "$FM_OUT/conntrack$n.txt" 2>/dev/null
	local nat
	nat=$(python3 "$LIB/nat_check.py" natted --conntrack "$FM_OUT/conntrack$n.txt")
	echo "round $n: $nat NAT-ed connections alive"
	assert_eq "$nat" 5 "NAT-ed connections in conntrack (udp, udp6, tcp, dnat, icmp)"
	conntrack -F >/dev/null 2>&1
	conntrack -F -f ipv6 >/dev/null 2>&1
}

round 1
wait_for '[ "$(snmp natDeleted)" -ge 5 ]' 20
conntrack -E -o extended -e NEW,DESTROY > "$FM_OUT/conntrack-E.txt" 2>/dev/null &
ctev=$!
sleep 0.5
round 2
wait_for '[ "$(snmp natDeleted)" -ge 10 ]' 20
sleep 0.5
kill "$ctev"
wait "$ctev" 2>/dev/null || true
assert_eq "$(snmp natCreated)" 10 "natCreated"
assert_eq "$(snmp natDeleted)" 10 "natDeleted"
assert_eq "$(snmp natLost)" 0 "natLost"
assert_eq "$(snmp natExported)" 20 "natExported"

collectors_stop
decode_all "$PROTO"
nfdump -q -R "$FM_OUT/nfcapd" -o "fmt:%evt,%pr,%sa,%sp,%da,%dp,%nsa,%nsp,%nda,%ndp" \
	> "$FM_OUT/nfdump-nel.txt" 2>"$FM_OUT/nfdump.err"
python3 "$LIB/nat_check.py" events --tshark "$FM_OUT/tshark.json" \
	--nfdump "$FM_OUT/nfdump-nel.txt" > "$FM_OUT/events.txt"
python3 "$LIB/nat_check.py" check --protocol "$PROTO" \
	--conntrack "$FM_OUT/conntrack1.txt" "$FM_OUT/conntrack2.txt" \
	--tshark "$FM_OUT/tshark.json" --nfdump "$FM_OUT/nfdump-nel.txt" \
	--events-log "$FM_OUT/conntrack-E.txt"
grep Natevents /proc/net/stat/ipt_netflow
