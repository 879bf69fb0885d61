#!/bin/bash
# A meter per network namespace. Two "routers" R1, R2 besides the host,
# each with its own NETFLOW rule, settings and collector:
#
#   R1: lo nfcapd 127.0.0.1:2055      R2: exports to the host 10.9.2.1:2062
#   R1 x1 10.9.1.2 --veth-- h1 10.9.1.1 (host)   R2 x2 10.9.2.2 --veth-- h2 10.9.2.1 (host)
#   host: nfcapd 127.0.0.1:2055 (its own), 10.9.2.1:2062 (R2's)
#
# Each collector gets exactly its namespace's flows; a namespace exports
# nothing until configured; maxflows holds per namespace and maxflows_all
# bounds the sum; deleting R2 with live flows exports them; root of an
# unprivileged user namespace meters into its own table.
. "$(dirname "$0")/../lib/common.sh"
need nfcapd nfdump iptables-nft unshare python3
LIB=$(dirname "$0")/lib
T=$LIB/traffic.py
R1=fm-r1-$$ R2=fm-r2-$$
in1() { ip netns exec "$R1" "$@"; }
in2() { ip netns exec "$R2" "$@"; }
snmp_in() { ip netns exec "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/stat/ipt_netflow_snmp; }
nfcapd_at() { # NS|- DIR ADDR PORT
	mkdir -p "$FM_OUT/$2"
	local run=()
	[ "$1" != - ] && run=(ip netns exec "$1")
	"${run[@]}" nfcapd -w "$FM_OUT/$2" -b "$3" -p "$4" -t 3600 -P "$FM_TMP/$2.pid" -D >/dev/null
	wait_for "[ -s $FM_TMP/$2.pid ]"
}
nfcapd_stop() {
	local pid
	pid=$(cat "$FM_TMP/$1.pid")
	kill -TERM "$pid"
	wait_for "! kill -0 $pid 2>/dev/null" 20
}
flows_of() { # protocol numbers, fields one space apart
	nfdump -R "$FM_OUT/$1" -q -o 'fmt:%pr %sa %sp %da %dp %pkt' -N 2>/dev/null |
		awk '{ $1 = $1; print }' | sort
}

modprobe ipt_NETFLOW protocol=10 destination=127.0.0.1:2055 maxflows_all=8
nfcapd_at - host 127.0.0.1 2055
for i in 1 2; do
	ns=fm-r$i-$$
	ip netns add "$ns"
	ip link add h$i type veth peer name x$i netns "$ns"
	ip addr add 10.9.$i.1/24 dev h$i
	ip link set h$i up
	ip netns exec "$ns" ip addr add 10.9.$i.2/24 dev x$i
	ip netns exec "$ns" ip link set x$i up
	ip netns exec "$ns" ip link set lo up
done
# Nobody answers UDP (no ICMP errors to meter).
iptables-nft -A INPUT -i h+ -p udp --dport 7000:7999 -j DROP
in1 iptables-nft -A INPUT -i x1 -p udp -j DROP

# A namespace starts with no destination: it meters, exports nothing.
assert_eq "$(in1 sysctl -n net.netflow.destination)" "" "R1's destination at start"
in1 iptables-nft -A OUTPUT -o x1 -j NETFLOW
in1 python3 $T udp 10.9.1.1 7001 41001 3 100
assert_eq "$(snmp_in "$R1" hashFlows)" 1 "R1's flows before it is configured"
assert_eq "$(snmp_in "$R1" outFlows)" 0 "R1's exports before it is configured"
in1 sysctl -qw net.netflow.flush=1
assert_eq "$(snmp_in "$R1" lostFlows)" 1 "a flush with no destination: counted as lost"

# Configured: each its own collector.
nfcapd_at "$R1" r1 127.0.0.1 2055
in1 sysctl -qw net.netflow.destination=127.0.0.1:2055
in1 sysctl -qw net.netflow.protocol=9
nfcapd_at - r2 10.9.2.1 2062
in2 sysctl -qw net.netflow.destination=10.9.2.1:2062
in2 sysctl -qw net.netflow.inactive_timeout=600
in2 iptables-nft -A OUTPUT -o x2 -j NETFLOW
iptables-nft -A OUTPUT -o h1 -j NETFLOW
in1 python3 $T udp 10.9.1.1 7002 41002 4 100
in2 python3 $T udp 10.9.2.1 7003 41003 5 100
python3 $T udp 10.9.1.2 7004 41004 6 100
in1 sysctl -qw net.netflow.flush=1
sysctl -qw net.netflow.flush=1
# R2's flow stays live until R2 is deleted, with nothing running in it.
assert_eq "$(snmp_in "$R2" hashFlows)" 1 "R2's live flows"
ip netns del "$R2"
sleep 2
for c in host r1 r2; do nfcapd_stop $c; done
assert_eq "$(flows_of r1)" "17 10.9.1.2 41002 10.9.1.1 7002 4" "R1's collector"
assert_eq "$(flows_of r2)" "17 10.9.2.2 41003 10.9.2.1 7003 5" "R2's collector: its flow, exported as R2 went"
assert_eq "$(flows_of host)" "17 10.9.1.1 41004 10.9.1.2 7004 6" "the host's collector"

# maxflows per namespace, maxflows_all for all: R1 takes 5, the host the rest.
in1 sysctl -qw net.netflow.maxflows=5 net.netflow.inactive_timeout=600
in1 python3 $T udp-many 10.9.1.1 7100 42000 7
assert_eq "$(snmp_in "$R1" hashFlows)" 5 "R1's flows at its maxflows"
assert_eq "$(snmp_in "$R1" dropMaxflows)" 2 "R1's packets past its maxflows"
sysctl -qw net.netflow.inactive_timeout=600
python3 $T udp-many 10.9.1.2 7200 43000 6
assert_eq "$(awk '$1 == "hashFlows" { print $2 }' /proc/net/stat/ipt_netflow_snmp)" 3 \
	"the host's flows: what maxflows_all=8 leaves"
in1 sysctl -qw net.netflow.flush=1
sysctl -qw net.netflow.flush=1

# Root of an unprivileged user namespace: a meter of its own, configurable.
out=$(unshare -Urn sh -c '
	ip link set lo up
	iptables-nft -A OUTPUT -j NETFLOW
	sysctl -qw net.netflow.destination=127.0.0.1:2055
	ping -c 3 -i 0.2 -q 127.0.0.1 >/dev/null
	awk "\$1 == \"meterPackets\" { print \$2 }" /proc/net/stat/ipt_netflow_snmp')
assert_eq "$out" 6 "packets metered in a user namespace's meter (3 echo, 3 reply)"
in1 iptables-nft -F
iptables-nft -F
