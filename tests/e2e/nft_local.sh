#!/bin/bash
# iptables-nft, Debian's default: through nft_compat the target runs for
# locally generated packets (OUTPUT) in process context with bottom halves
# on, and for received ones (INPUT, FORWARD) in softirq. Both at once on
# every CPU, on one hash bucket (hashsize=1): the router itself sends new
# flows from a task on each CPU while $NS_A's packets, steered by RPS, are
# received on the same CPUs. A softirq that wanted the bucket its own CPU's
# task held would spin forever ("soft lockup"); on the debug kernel lockdep
# checks the bucket locks in every context. The counts must stay exact.
#
#   router tasks on cpu0, cpu1 --OUTPUT--> 10.2.0.2         ($NS_B)
#   $NS_A (cpu0, cpu1) --FORWARD--> 10.2.0.2, --INPUT--> 10.1.0.1 (router)
#   rx of va steered by RPS to both CPUs
. "$(dirname "$0")/../lib/common.sh"
IPT=nft
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump tshark python3 taskset iptables-nft
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs"
N=${FM_NFT_LOCAL_FLOWS:-1000}

# A lockup must end the run, not hang it.
sysctl -qw kernel.softlockup_panic=1
sysctl -qw kernel.watchdog_thresh=5
meter_up v4 protocol=10 hashsize=1 inactive_timeout=1 active_timeout=2
# The collectors' own loopback traffic stays out of the count.
iptables-nft -A INPUT ! -i lo -j ACCEPTANDACCOUNT
iptables-nft -A OUTPUT ! -o lo -j ACCEPTANDACCOUNT
echo 3 > /sys/class/net/va/queues/rx-0/rps_cpus
T=$LIB/traffic.py
pids=
for cpu in 0 1; do
	taskset -c $cpu python3 $T udp-many 10.2.0.2 6100 $((20000 + cpu * N)) "$N" &
	pids="$pids $!"
	ina taskset -c $cpu python3 $T udp-many 10.2.0.2 6200 $((30000 + cpu * N)) "$N" &
	pids="$pids $!"
	ina taskset -c $cpu python3 $T udp-many 10.1.0.1 6300 $((40000 + cpu * N)) "$N" &
	pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids
echo "ok: $((6 * N)) new flows sent from both CPUs in three directions"
sysctl -qw net.netflow.flush=1
read -r rp rb < <(rule_counters v4)
[ "$rp" -ge $((6 * N)) ] || fail "rule counted $rp packets, sent at least $((6 * N))"
collectors_stop
decode_all 10
python3 "$LIB/check.py" --protocol 10 --rule-packets "$rp" --rule-bytes "$rb" \
	--nfdump "$FM_OUT/nfdump.csv" --tshark "$FM_OUT/tshark.json"
grep -E '^(Total|cpu[0-9])' /proc/net/stat/ipt_netflow
