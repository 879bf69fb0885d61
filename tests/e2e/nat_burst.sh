#!/bin/bash
# A burst of 10000 short MASQUERADE-d connections, then one conntrack flush
# that destroys them all at once, with a small event queue (NetFlow v9):
# every event is either exported or counted as lost, to the event:
# exported creates + exported deletes + lost = 2 x connections, and the
# module's own counters agree with what tshark decoded. Then natevents is
# switched off and on at run time, and the module unloads with events
# still queued: those are exported, not lost.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd tshark conntrack python3
N=10000
T=$LIB/traffic.py

# A lost message cannot be read, so lost counts every conntrack event that
# did not fit, NAT-ed or not: keep the collectors' loopback traffic out of
# conntrack so that the only connections are the test's.
iptables-$IPT -t raw -A OUTPUT -o lo -j NOTRACK
iptables-$IPT -t raw -A PREROUTING -i lo -j NOTRACK
meter_up v4 protocol=9 natevents=1
iptables-$IPT -t nat -A POSTROUTING -o vb -j MASQUERADE
conntrack -F >/dev/null 2>&1 || true
# Room for a few dozen events: the flush below overruns it.
sysctl -qw net.netflow.natevents_queue=65536

t0=$(date +%s)
ina python3 $T udp-many 10.2.0.2 5001 20000 $N
echo "$N connections in $(( $(date +%s) - t0 ))s"
alive=$(conntrack -L -o extended 2>/dev/null | grep -c 'dport=5001 .*src=10.2.0.2 dst=10.2.0.1' || true)
assert_eq "$alive" $N "MASQUERADE-d connections alive in conntrack"
conntrack -F >/dev/null 2>&1
wait_for '[ $(( $(snmp natCreated) + $(snmp natDeleted) + $(snmp natLost) )) -ge $((2 * N)) ]' 60
sleep 1
created=$(snmp natCreated) deleted=$(snmp natDeleted) lost=$(snmp natLost)
echo "module: created $created, deleted $deleted, lost $lost"
assert_eq $((created + deleted + lost)) $((2 * N)) "created + deleted + lost"
assert_eq "$(snmp natExported)" $((created + deleted)) "natExported = created + deleted"
grep Natevents /proc/net/stat/ipt_netflow

# Off at run time: no events; on again: events again.
sysctl -qw net.netflow.natevents=0
ina python3 $T udp 10.2.0.2 5001 39001 1 10
conntrack -F >/dev/null 2>&1
sleep 1
assert_eq $(( $(snmp natCreated) + $(snmp natDeleted) )) $((created + deleted)) "events while natevents=0"
sysctl -qw net.netflow.natevents=1
sysctl -qw net.netflow.natevents_queue=4194304
ina python3 $T udp 10.2.0.2 5001 39002 1 10
wait_for '[ $(snmp natCreated) -eq $((created + 1)) ]' 10
# Queue events and unload at once: they must still be exported.
ina python3 $T udp-many 10.2.0.2 5001 30000 100
conntrack -F >/dev/null 2>&1 &
flusher=$!
wait $flusher
# The flush delivered every event before it returned: losses are final.
lost2=$(snmp natLost) before=$(snmp natExported)
iptables-$IPT -F ACCEPTANDACCOUNT
rmmod ipt_NETFLOW
collectors_stop
python3 "$LIB/pdus.py" pcap "$FM_OUT/pdus.bin" "$FM_OUT/pdus.pcap" 2056
tshark -n -r "$FM_OUT/pdus.pcap" -d udp.port==2056,cflow -T fields \
	-e cflow.nat_event > "$FM_OUT/nat_event.txt"
read -r tc td < <(python3 "$LIB/nat_check.py" count --tshark "$FM_OUT/nat_event.txt")
echo "tshark: $tc create, $td delete records; exported before unload $before, lost $lost2"
# Phase one: 2N events; after natevents=1 again: 101 creates, 101 deletes.
assert_eq $((tc + td + lost2)) $((2 * N + 202)) "records decoded + lost = events of all connections"
