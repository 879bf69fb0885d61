#!/bin/bash
# One skb can be many packets on the wire: a TSO/GSO send crosses a veth
# whole, and GRO merges what a NIC received. Flows count wire packets and
# the bytes the wire carried, not skbs. Three transfers of the same size
# from $NS_A to $NS_B:
#   plain  no offloads anywhere: one skb per segment (rule counters = wire,
#          which checks the capture arithmetic below)
#   gso    TSO/GSO at the sender: 64 KB skbs through FORWARD
#   gro    no TSO at the sender, GRO on the router's receiving veth
# The referee is a capture on the sender's own interface, before any
# offload: there a GSO skb still shows whole, and stands for
# ceil(payload / MSS) segments each with its own headers (the MSS from the
# handshake's options, less 12 bytes of timestamps), as the stack cuts it.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump tshark dumpcap python3 ethtool
NBYTES=${FM_GRO_BYTES:-4000000}

meter_up v4 protocol=10 inactive_timeout=600
inb iptables-legacy -F INPUT
T=$LIB/traffic.py E=$FM_OUT/expect.txt
: > "$E"
# wire PCAP SRC: packets and bytes SRC sent on the wire, per the capture.
wire() {
	tshark -n -r "$1" -T fields -e ip.src -e ip.len -e ip.hdr_len -e tcp.hdr_len \
		-e tcp.len -e tcp.options.mss_val 2>/dev/null | awk -v src="$2" '
		$6 != "" { mss = (mss == "" || $6 < mss) ? $6 : mss }
		{ l[NR] = $0 }
		END {
			mss -= 12
			for (i = 1; i <= NR; i++) {
				split(l[i], f, "\t")
				if (f[1] != src) continue
				segs = f[5] > mss ? int((f[5] + mss - 1) / mss) : 1
				p += segs; b += f[2] + (segs - 1) * (f[3] + f[4])
			}
			print p, b
		}'
}

transfer() { # NAME SPORT DPORT
	local p0 p1 srv cap pcap=$FM_OUT/$1.pcap
	read -r p0 _ < <(rule_counters v4)
	rm -f $FM_TMP/ready
	# Headers are enough (ip.len says the rest), and a big buffer: a
	# capture that drops is no referee.
	ip netns exec "$NS_A" dumpcap -i eth0 -f "tcp port $3" -s 128 -B 64 \
		-w "$pcap" 2>"$pcap.log" &
	cap=$!
	wait_for "[ -s $pcap ]" 30
	inb python3 $T tcp-serve "$3" $FM_TMP/ready > $FM_TMP/served &
	srv=$!
	wait_for "[ -e $FM_TMP/ready ]"
	ina python3 $T tcp-send 10.2.0.2 "$3" "$2" "$NBYTES"
	wait $srv
	assert_eq "$(cat $FM_TMP/served)" "$NBYTES" "$1: bytes served"
	sleep 1
	kill -INT $cap
	wait $cap || true
	grep -q 'dropped on interface.*/0 ' "$pcap.log" ||
		fail "$1: the capture dropped packets: $(tail -n 2 "$pcap.log")"
	read -r p1 _ < <(rule_counters v4)
	read -r pa ba < <(wire "$pcap" 10.1.0.2)
	read -r pb bb < <(wire "$pcap" 10.2.0.2)
	echo "$1: A sent $pa segments, B $pb; the rule saw $((p1 - p0)) skbs"
	echo "6 10.1.0.2 $2 10.2.0.2 $3 $pa $ba" >> "$E"
	echo "6 10.2.0.2 $3 10.1.0.2 $2 $pb $bb" >> "$E"
	SKBS=$((p1 - p0)) SEGS=$((pa + pb))
}

# topo_up leaves the hosts without TSO/GSO and the router without GRO.
transfer plain 45001 8001
assert_eq "$SKBS" "$SEGS" "plain: skbs the rule saw = segments captured"
read -r _ rb < <(rule_counters v4)
cb=$(awk '{ b += $7 } END { print b }' "$E")
assert_eq "$rb" "$cb" "plain: bytes the rule saw = bytes captured"

ina ethtool -K eth0 tso on gso on >/dev/null
transfer gso 45002 8002
[ "$SKBS" -lt "$SEGS" ] || fail "gso: the rule saw $SKBS skbs for $SEGS segments: no GSO happened"

ina ethtool -K eth0 tso off gso off >/dev/null
ethtool -K va gro on >/dev/null
transfer gro 45003 8003
[ "$SKBS" -lt "$SEGS" ] || fail "gro: the rule saw $SKBS skbs for $SEGS segments: no GRO happened"

sysctl -qw net.netflow.flush=1
collectors_stop
decode_all 10
read -r tp tb < <(awk '{ p += $6; b += $7 } END { print p, b }' "$E")
python3 "$LIB/check.py" --protocol 10 --expect "$E" --rule-packets "$tp" \
	--rule-bytes "$tb" --nfdump "$FM_OUT/nfdump.csv" --tshark "$FM_OUT/tshark.json"
