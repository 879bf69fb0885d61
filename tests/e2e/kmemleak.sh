#!/bin/bash
# After a load with every part in use (flows, v4 and v6, NAT events, a
# destination change, a flush) and an unload, kmemleak finds nothing of
# ours. Only kernels built with kmemleak can say (make check-debug).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need conntrack python3
km=/sys/kernel/debug/kmemleak
[ -w $km ] || skip "kernel without kmemleak (make check-debug has it)"
T=$LIB/traffic.py
# Forget what boot and earlier tests left: only what follows is ours.
echo scan > $km
echo clear > $km
meter_up both protocol=10 natevents=1 inactive_timeout=1
iptables-$IPT -t nat -A POSTROUTING -o vb -j MASQUERADE
ina python3 $T udp-many 10.2.0.2 5001 20000 200
ina python3 $T udp fd02::2 7000 41000 20 100
sysctl -qw net.netflow.destination=127.0.0.1:2055
sysctl -qw net.netflow.protocol=9
conntrack -F >/dev/null 2>&1
sysctl -qw net.netflow.flush=1
iptables-$IPT -t nat -F
for t in iptables-$IPT ip6tables-$IPT; do
	$t -F
	$t -X ACCEPTANDACCOUNT
done
wait_for "rmmod ipt_NETFLOW 2>/dev/null" 10
collectors_stop
# kmemleak reports objects unreferenced for 5 s and over two scans.
sleep 6
echo scan > $km
sleep 1
echo scan > $km
cat $km > "$FM_OUT/kmemleak.txt"
# Our frames: by name while loaded, as bare module addresses once unloaded.
if grep -qE '\[ipt_NETFLOW\]|\bfm_[a-z_]+\+0x| 0xffffffff[0-9a-f]{8}$' "$FM_OUT/kmemleak.txt"; then
	cat "$FM_OUT/kmemleak.txt"
	fail "kmemleak found objects of ours"
fi
echo "ok: kmemleak: nothing of ours ($(grep -c 'unreferenced object' "$FM_OUT/kmemleak.txt") reports elsewhere)"
