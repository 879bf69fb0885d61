#!/bin/bash
# The reference's options and sysctls, as its README spells them, load and
# apply: an options line with sampler, snmp_rules, aggregation, promisc,
# debug and scan_min loads and says what is kept but not applied; a
# sysctl.d file naming every net.netflow sysctl the reference has applies
# with 'sysctl -p' and reads back; what the reference refuses is refused.
# hashsize is changed twice under traffic: every packet the rule counted
# is exported once (nfdump's totals equal the rule's counters, per flow).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump python3
T=$LIB/traffic.py

modprobe ipt_NETFLOW destination=127.0.0.1:2055 protocol=10 \
	sampler=random:100 snmp_rules=eth:100,ppp:200 aggregation=1.2.0.0/16=16 \
	promisc=1 debug=2 scan_min=2 hashsize=1024 \
	inactive_timeout=600 active_timeout=1800
dmesg | grep -q 'sampler=random:100 is kept but not applied' ||
	fail "the sampler that is not applied was not reported"
dmesg | grep -q 'promisc=1 is kept but not applied' ||
	fail "promisc was not reported"
assert_eq "$(sysctl -n net.netflow.sampler)" random:100 "sampler from the options line"
assert_eq "$(sysctl -n net.netflow.snmp-rules)" eth:100,ppp:200 "snmp-rules from the options line"
assert_eq "$(sysctl -n net.netflow.debug)" 2 "debug from the options line"
assert_eq "$(sysctl -n net.netflow.scan-min)" 2 "scan-min from the options line"

# Every sysctl of the reference (Debian's build: --enable-sampler,
# --enable-snmp-rules, --enable-promisc, natevents), and aggregation.
cat > "$FM_TMP/ipt_netflow.conf" <<'CONF'
net.netflow.active_timeout = 1800
net.netflow.inactive_timeout = 600
net.netflow.debug = 0
net.netflow.sndbuf = 1048576
net.netflow.destination = 127.0.0.1:2055
net.netflow.aggregation = 22-23=22
net.netflow.maxflows = 100000
net.netflow.protocol = 10
net.netflow.refresh-rate = 20
net.netflow.timeout-rate = 30
net.netflow.promisc = 0
net.netflow.sampler = deterministic:10
net.netflow.scan-min = 1
net.netflow.snmp-rules = eth:100
net.netflow.natevents = 0
net.netflow.hashsize = 1024
net.netflow.flush = 0
CONF
sysctl -p "$FM_TMP/ipt_netflow.conf" > "$FM_OUT/sysctl-p.txt" 2>&1 ||
	{ cat "$FM_OUT/sysctl-p.txt"; fail "sysctl -p of the reference's names failed"; }
echo "ok: sysctl -p applied $(grep -c = "$FM_TMP/ipt_netflow.conf") reference settings"
assert_eq "$(sysctl -n net.netflow.sampler)" deterministic:10 "sampler"
assert_eq "$(sysctl -n net.netflow.aggregation)" 22-23=22 "aggregation"
assert_eq "$(sysctl -n net.netflow.snmp-rules)" eth:100 "snmp-rules"
assert_eq "$(sysctl -n net.netflow.scan-min)" 1 "scan-min"
assert_eq "$(sysctl -n net.netflow.hashsize)" 1024 "hashsize"

# What the reference refuses: refused, and the value stays.
for bad in sampler=bogus:5 sampler=random:1 sampler=random sampler=hash:99999 \
	scan-min=0 snmp-rules=eth snmp-rules=eth:x; do
	if sysctl -qw "net.netflow.$bad" 2>/dev/null; then
		fail "net.netflow.$bad was accepted"
	fi
done
assert_eq "$(sysctl -n net.netflow.sampler)" deterministic:10 "sampler after refusals"
assert_eq "$(sysctl -n net.netflow.snmp-rules)" eth:100 "snmp-rules after refusals"
sysctl -qw net.netflow.sampler=none
echo "ok: refused what the reference refuses"

# hashsize live: 400 flows, 3 packets each, over the resizes.
mkdir -p "$FM_OUT/nfcapd"
nfcapd -w "$FM_OUT/nfcapd" -p 2055 -b 127.0.0.1 -t 3600 -P "$FM_TMP/nfcapd.pid" -D >/dev/null
wait_for "[ -s $FM_TMP/nfcapd.pid ]"
topo_up
accounting_on v4
metered() { rule_counters v4 | cut -d' ' -f1; }
N=400
( for r in 1 2 3; do ina python3 $T udp-many 10.2.0.2 7300 40000 $N; done ) &
sender=$!
wait_for "[ \$(metered) -ge $((N / 2)) ]" 60
sysctl -qw net.netflow.hashsize=65536
assert_eq "$(sysctl -n net.netflow.hashsize)" 65536 "hashsize after the first change"
wait_for "[ \$(metered) -ge $((N * 3 / 2)) ]" 60
sysctl -qw net.netflow.hashsize=3000
assert_eq "$(sysctl -n net.netflow.hashsize)" 4096 "hashsize rounded up to a power of two"
wait $sender
sysctl -qw net.netflow.flush=1
read -r pkts bytes < <(rule_counters v4)
assert_eq "$pkts" $((N * 3)) "packets the rule saw"
dmesg | grep -q 'flow table: 1024 -> 65536 buckets' || fail "the first resize was not logged"
sleep 1
pid=$(cat "$FM_TMP/nfcapd.pid")
kill -TERM "$pid"
wait_for "! kill -0 $pid 2>/dev/null" 20
nfdump -R "$FM_OUT/nfcapd" -o csv -N > "$FM_OUT/nfdump.csv"
for p in $(seq 40000 $((40000 + N - 1))); do
	echo "17 10.1.0.2 $p 10.2.0.2 7300 3 $((3 * 29))"
done > "$FM_OUT/expect.txt"
python3 "$LIB/check.py" --protocol 10 --expect "$FM_OUT/expect.txt" \
	--rule-packets "$pkts" --rule-bytes "$bytes" --nfdump "$FM_OUT/nfdump.csv"
# The flows of the old tables counted out: none is left active.
assert_eq "$(snmp hashFlows)" 0 "active flows after the flush"
