# The export test for one protocol, shared by export_v5/v9/ipfix.sh:
# known UDP, TCP and ICMP flows (IPv4, and IPv6 unless v5) cross the router;
# every flow's packets and bytes as decoded by nfdump, tshark (and ipfixDump
# for IPFIX) must equal what was sent, and the decoded totals must equal the
# NETFLOW rule's own iptables counters.
. "$(dirname "${BASH_SOURCE[0]}")/topo.sh"

export_case() { # PROTOCOL
	local proto=$1 fams=both
	need nfcapd nfdump tshark python3
	[ "$proto" = 10 ] && need ipfixDump
	[ "$proto" = 5 ] && fams=v4

	meter_up $fams protocol="$proto" inactive_timeout=120 active_timeout=600

	local E=$FM_OUT/expect.txt T=$LIB/traffic.py
	: > "$E"
	# proto src sport dst dport packets bytes ("-" = not known in advance)
	ina python3 $T udp 10.2.0.2 5001 40001 20 200
	echo "17 10.1.0.2 40001 10.2.0.2 5001 20 $((20 * (200 + 28)))" >> "$E"
	ina python3 $T udp 10.2.0.2 5002 40002 7 1000
	echo "17 10.1.0.2 40002 10.2.0.2 5002 7 $((7 * (1000 + 28)))" >> "$E"
	ina ping -c 3 -i 0.2 -s 56 10.2.0.2 >/dev/null
	echo "1 10.1.0.2 0 10.2.0.2 2048 3 $((3 * 84))" >> "$E"
	echo "1 10.2.0.2 0 10.1.0.2 0 3 $((3 * 84))" >> "$E"
	inb python3 $T tcp-serve 5010 "$FM_OUT/tcp.ready" > "$FM_OUT/tcp4.out" &
	local srv=$!
	wait_for "[ -e $FM_OUT/tcp.ready ]"
	ina python3 $T tcp-send 10.2.0.2 5010 40010 100000
	wait $srv
	assert_eq "$(cat "$FM_OUT/tcp4.out")" 100000 "TCP bytes received"
	echo "6 10.1.0.2 40010 10.2.0.2 5010 - -" >> "$E"
	echo "6 10.2.0.2 5010 10.1.0.2 40010 - -" >> "$E"
	if [ $fams = both ]; then
		ina python3 $T udp fd02::2 5001 40001 15 300
		echo "17 fd01::2 40001 fd02::2 5001 15 $((15 * (300 + 48)))" >> "$E"
		ina ping -6 -c 3 -i 0.2 -s 56 fd02::2 >/dev/null
		echo "58 fd01::2 0 fd02::2 32768 3 $((3 * 104))" >> "$E"
		echo "58 fd02::2 0 fd01::2 33024 3 $((3 * 104))" >> "$E"
	fi

	sysctl -qw net.netflow.flush=1
	read -r ipt_pkts ipt_bytes < <(rule_counters $fams)
	collectors_stop
	decode_all "$proto"
	python3 "$LIB/check.py" --protocol "$proto" --expect "$E" \
		--rule-packets "$ipt_pkts" --rule-bytes "$ipt_bytes" \
		--nfdump "$FM_OUT/nfdump.csv" --tshark "$FM_OUT/tshark.json" \
		$([ "$proto" = 10 ] && echo --ipfixdump "$FM_OUT/ipfixdump.txt")
	cat /proc/net/stat/ipt_netflow
}
