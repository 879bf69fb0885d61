#!/bin/bash
# Runs inside the bench VM (1 vCPU, -icount: guest time = guest instructions,
# so figures repeat run to run). pktgen in $NS_A sends 64-byte UDP through
# the VM's FORWARD chain to $NS_B; we measure forwarded packets per second of
# guest time with no rule, with our NETFLOW and with the reference module,
# at several numbers of concurrent flows, and the slab bytes per flow.
. "$FM_TOP/tests/lib/common.sh"
. "$FM_TOP/tests/e2e/lib/topo.sh"
set +e
REF_KO=$(cat "$FM_TOP/build/bench/ref.path" 2>/dev/null)
MEASURE=${FM_BENCH_PACKETS:-300000}
FLOWS=${FM_BENCH_FLOWS:-1 1000 65535 1048560}

topo_up >/dev/null
inb iptables-legacy -F INPUT
inb ip6tables-legacy -F INPUT
# Host B drops the probes before any socket lookup.
inb ip route add blackhole 10.2.0.99/32 2>/dev/null
# Permanent neighbours: a re-resolution in the middle of a flood drops
# packets and would spoil that cell.
ip neigh replace 10.2.0.2 lladdr "$(inb cat /sys/class/net/eth0/address)" dev vb nud permanent
mac=$(cat /sys/class/net/va/address)
. "$FM_TOP/tests/e2e/lib/pktgen.sh"
pktgen_on "$NS_A" eth0

# run FLOWS COUNT -> forwarded pps over pktgen's own elapsed guest time
run() {
	local flows=$1 count=$2 tx0 tx1 usec
	tx0=$(cat /sys/class/net/vb/statistics/tx_packets)
	usec=$(pktgen_run 10.2.0.2 "$mac" 10.1.0.2 "$flows" "$count")
	tx1=$(cat /sys/class/net/vb/statistics/tx_packets)
	[ $((tx1 - tx0)) -ge "$count" ] || echo "# WARNING: only $((tx1 - tx0)) of $count forwarded" >&2
	echo $(( (tx1 - tx0) * 1000000 / usec )) $((tx1 - tx0))
}

declare -A PPS MEM OBJ
slab_line() { awk -v c="$1" '$1 == c { print $3, $4, $15, $6 }' /proc/slabinfo; }

chain_on() { # WITH_NETFLOW
	iptables-legacy -N ACCEPTANDACCOUNT
	[ "$1" = 1 ] && iptables-legacy -A ACCEPTANDACCOUNT -j NETFLOW
	iptables-legacy -A ACCEPTANDACCOUNT -j ACCEPT
	iptables-legacy -A FORWARD -j ACCEPTANDACCOUNT
}
chain_off() {
	iptables-legacy -D FORWARD -j ACCEPTANDACCOUNT
	iptables-legacy -F ACCEPTANDACCOUNT
	iptables-legacy -X ACCEPTANDACCOUNT
}

for cfg in none chain ours ref; do
	case $cfg in
	ours) modprobe ipt_NETFLOW protocol=10 inactive_timeout=3600 active_timeout=3600 maxflows=0 || continue ;;
	ref)
		[ -n "$REF_KO" ] || { echo "# no reference module for $(uname -r)"; continue; }
		insmod "$REF_KO" protocol=10 inactive_timeout=3600 active_timeout=3600 maxflows=0 || continue ;;
	esac
	case $cfg in
	chain) chain_on 0 ;;
	ours|ref) chain_on 1 ;;
	esac
	for f in $FLOWS; do
		# Warm up: every flow exists before the measured pass.
		run "$f" $((f < 100000 ? 100000 : f)) >/dev/null
		read -r pps fwd < <(run "$f" "$MEASURE")
		PPS[$cfg,$f]=$pps
		echo "# $cfg flows=$f forwarded=$fwd pps=$pps"
	done
	[ $cfg = chain ] && chain_off
	if [ $cfg = ours ] || [ $cfg = ref ]; then
		cache=ipt_netflow_flow
		[ $cfg = ref ] && cache=ipt_netflow
		read -r objs objsize slabs pages < <(slab_line $cache)
		flows=$(awk '/^hashFlows/ { print $2 }' /proc/net/stat/ipt_netflow_snmp 2>/dev/null)
		[ -n "$flows" ] || flows=$(sed -n 's/^Flows: active \([0-9]*\).*/\1/p' /proc/net/stat/ipt_netflow)
		echo "# $cfg slab $cache: objsize=$objsize active_objs=$objs slabs=$slabs pages/slab=$pages flows=$flows"
		MEM[$cfg]=$(( slabs * pages * 4096 / (flows > 0 ? flows : 1) ))
		OBJ[$cfg]=$objsize
		chain_off
		rmmod ipt_NETFLOW
	fi
done

ns() { [ -n "$1" ] && [ "$1" -gt 0 ] && echo $(( 1000000000 / $1 )) || echo 0; }
echo "kernel $(uname -r); $MEASURE packets measured per cell after a warm-up pass"
echo "that creates every flow; 64-byte UDP from pktgen, 1 vCPU, -icount shift=0."
echo "pps = forwarded packets per second of guest time. 'chain' is the"
echo "ACCEPTANDACCOUNT chain without its NETFLOW rule; overhead = ns per packet"
echo "added by the NETFLOW rule over 'chain' (1 ns = 1 guest instruction)."
echo
echo "| flows | no rule pps | chain pps | ours pps | reference pps | ours ns/pkt | reference ns/pkt | ratio ours/reference |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for f in $FLOWS; do
	n=${PPS[none,$f]:-0} b=${PPS[chain,$f]:-0} o=${PPS[ours,$f]:-0} r=${PPS[ref,$f]:-0}
	oo=$(( $(ns "$o") - $(ns "$b") )) ro=$(( $(ns "$r") - $(ns "$b") ))
	if [ "$r" -gt 0 ] && [ "$ro" -gt 0 ]; then
		ratio=$(awk -v a=$oo -v b=$ro 'BEGIN { printf "%.2f", a / b }')
	else
		ratio=n/a ro=n/a
	fi
	echo "| $f | $n | $b | $o | $r | $oo | $ro | $ratio |"
done
echo
echo "| module | slab object size | slab bytes per active flow |"
echo "|---|---:|---:|"
for cfg in ours ref; do
	[ -n "${MEM[$cfg]:-}" ] && echo "| $cfg | ${OBJ[$cfg]} | ${MEM[$cfg]} |"
done
exit 0
