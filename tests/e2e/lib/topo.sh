# Two hosts routed through the VM's own FORWARD chain; sourced by tests.
#
#   netns $NS_A                 VM (router)                 netns $NS_B
#   eth0 10.1.0.2/24  --veth--  va 10.1.0.1   vb 10.2.0.1  --veth--  eth0 10.2.0.2/24
#        fd01::2/64                fd01::1      fd02::1               fd02::2/64
#
#   FORWARD -> ACCEPTANDACCOUNT: -j NETFLOW, -j ACCEPT   (iptables and ip6tables)
#   Collectors listen on 127.0.0.1 in the VM.

NS_A=fm-a-$$
NS_B=fm-b-$$
LIB=$(dirname "${BASH_SOURCE[0]}")
IPT=${IPT:-legacy}	# legacy | nft

ina() { ip netns exec "$NS_A" "$@"; }
inb() { ip netns exec "$NS_B" "$@"; }

topo_up() {
	ip netns add "$NS_A"
	ip netns add "$NS_B"
	ip link add va type veth peer name eth0 netns "$NS_A"
	ip link add vb type veth peer name eth0 netns "$NS_B"
	ip addr add 10.1.0.1/24 dev va
	ip addr add 10.2.0.1/24 dev vb
	ip addr add fd01::1/64 dev va nodad
	ip addr add fd02::1/64 dev vb nodad
	ip link set va up
	ip link set vb up
	ina ip addr add 10.1.0.2/24 dev eth0
	ina ip addr add fd01::2/64 dev eth0 nodad
	inb ip addr add 10.2.0.2/24 dev eth0
	inb ip addr add fd02::2/64 dev eth0 nodad
	local ns
	for ns in "$NS_A" "$NS_B"; do
		ip netns exec "$ns" ip link set lo up
		ip netns exec "$ns" ip link set eth0 up
		# One skb per wire packet, so that iptables' own counters (per
		# skb) referee every test; tests/e2e/gro.sh turns offloads on.
		ip netns exec "$ns" ethtool -K eth0 tso off gso off >/dev/null
	done
	ina ip route add default via 10.1.0.1
	ina ip -6 route add default via fd01::1
	inb ip route add default via 10.2.0.1
	inb ip -6 route add default via fd02::1
	sysctl -qw net.ipv4.ip_forward=1
	sysctl -qw net.ipv6.conf.all.forwarding=1
	# Host B answers nothing on UDP: no ICMP errors to muddy the flows.
	# With NO_XTABLES=1 nothing loads ip_tables (nftables-only hosts).
	if [ "${NO_XTABLES:-0}" = 1 ]; then
		inb nft add table inet b
		inb nft add chain inet b in '{ type filter hook input priority 0; }'
		inb nft add rule inet b in meta l4proto udp drop
	else
		inb iptables-legacy -A INPUT -p udp -j DROP
		inb ip6tables-legacy -A INPUT -p udp -j DROP
	fi
	# Neighbours first, so no test packet waits on resolution.
	ina ping -c 1 -W 2 10.2.0.2 >/dev/null
	ina ping -6 -c 1 -W 2 fd02::2 >/dev/null
}

# A collector host behind a link of its own, which a test may slow down
# with tc (the export path's behaviour when the link does not keep up):
#   router vc 10.3.0.1/24 --veth-- $NS_C eth0 10.3.0.2/24, nfcapd on :2055
NS_C=fm-c-$$
inc() { ip netns exec "$NS_C" "$@"; }

collector_host_up() {
	ip netns add "$NS_C"
	ip link add vc type veth peer name eth0 netns "$NS_C"
	ip addr add 10.3.0.1/24 dev vc
	ip link set vc up
	inc ip addr add 10.3.0.2/24 dev eth0
	inc ip link set eth0 up
	inc ip link set lo up
}

# nfcapd_c DIR: (re)start $NS_C's nfcapd writing into $FM_OUT/DIR.
nfcapd_c() {
	mkdir -p "$FM_OUT/$1"
	rm -f $FM_TMP/nfcapd-c.pid
	inc nfcapd -w "$FM_OUT/$1" -p 2055 -b 10.3.0.2 -t 3600 -B 8388608 \
		-P $FM_TMP/nfcapd-c.pid -D >/dev/null
	wait_for "[ -s $FM_TMP/nfcapd-c.pid ]"
}

# nfcapd_c_stop: once the link is idle, stop it so its files are complete.
nfcapd_c_stop() {
	local pid
	wait_for "tc -s qdisc show dev vc | grep -q 'backlog 0b 0p'" 120
	pid=$(cat $FM_TMP/nfcapd-c.pid)
	kill -TERM "$pid"
	wait_for "! kill -0 $pid 2>/dev/null" 20
}

# accounting_on [v4|v6|both]
accounting_on() {
	local t
	for t in $(ipt_cmds "${1:-both}"); do
		$t -N ACCEPTANDACCOUNT
		$t -A ACCEPTANDACCOUNT -j NETFLOW
		$t -A ACCEPTANDACCOUNT -j ACCEPT
		$t -A FORWARD -j ACCEPTANDACCOUNT
	done
}

ipt_cmds() {
	case $1 in
	v4) echo "iptables-$IPT" ;;
	v6) echo "ip6tables-$IPT" ;;
	*) echo "iptables-$IPT ip6tables-$IPT" ;;
	esac
}

# Packets and bytes the NETFLOW rule itself counted: "PKTS BYTES".
rule_counters() {
	local t p=0 b=0 rp rb
	for t in $(ipt_cmds "${1:-both}"); do
		read -r rp rb < <($t -L ACCEPTANDACCOUNT -v -x -n | awk '$3 == "NETFLOW" { print $1, $2 }')
		p=$((p + rp)) b=$((b + rb))
	done
	echo "$p $b"
}

# One statistic from /proc/net/stat/ipt_netflow_snmp.
snmp() { awk -v k="$1" '$1 == k { print $2 }' /proc/net/stat/ipt_netflow_snmp; }

# Records tshark decoded: "proto sa sp da dp packets bytes end_reason".
records() { python3 "$LIB/check.py" records "$FM_OUT/tshark.json"; }

# Collectors on 127.0.0.1: nfcapd on 2055, the raw sink on 2056.
collectors_start() {
	mkdir -p "$FM_OUT/nfcapd"
	# Room for bursts of PDUs (NAT events): a collector that drops is no referee.
	sysctl -qw net.core.rmem_max=16777216
	nfcapd -w "$FM_OUT/nfcapd" -p 2055 -b 127.0.0.1 -t 3600 -B 8388608 \
		-P $FM_TMP/nfcapd.pid -D >/dev/null
	python3 "$LIB/sink.py" 2056 "$FM_OUT/pdus.bin" &
	SINK_PID=$!
	wait_for "[ -e $FM_OUT/pdus.bin.ready ] && [ -s $FM_TMP/nfcapd.pid ]" 20
}

collectors_stop() {
	# Let the last PDUs land first.
	sleep 1
	kill -TERM "$SINK_PID"
	wait "$SINK_PID" || true
	local pid
	pid=$(cat $FM_TMP/nfcapd.pid)
	kill -TERM "$pid"
	wait_for "! kill -0 $pid 2>/dev/null" 20
}

# meter_up FAMILIES PARAM...: the module exporting to both collectors with
# PARAMs, the collectors, the two hosts, and the accounting chain.
meter_up() {
	local fams=$1
	shift
	modprobe ipt_NETFLOW destination=127.0.0.1:2055,127.0.0.1:2056 "$@"
	collectors_start
	topo_up
	accounting_on "$fams"
}

# Decode what the collectors got: nfdump's CSV, tshark's JSON, ipfixDump.
decode_all() { # PROTOCOL
	nfdump -R "$FM_OUT/nfcapd" -o csv -N > "$FM_OUT/nfdump.csv" 2>"$FM_OUT/nfdump.err" || true
	python3 "$LIB/pdus.py" pcap "$FM_OUT/pdus.bin" "$FM_OUT/pdus.pcap" 2056
	tshark -n -r "$FM_OUT/pdus.pcap" -d udp.port==2056,cflow -T json > "$FM_OUT/tshark.json"
	if [ "$1" = 10 ]; then
		python3 "$LIB/pdus.py" raw "$FM_OUT/pdus.bin" "$FM_OUT/pdus.ipfix"
		ipfixDump -i "$FM_OUT/pdus.ipfix" > "$FM_OUT/ipfixdump.txt"
	fi
}
