#!/bin/bash
# An nftables-only host: no iptables binary runs and ip_tables/ip6_tables
# stay unloaded. The module meters from hooks of its own (hooks=, the
# net.netflow.hooks sysctl, `flowmeter set hooks`), only packets whose mark
# matches hook_mark; `flowmeter nft add` writes the marking chains. Each
# marking rule's nft counter, nfdump's records and the module's figures
# agree exactly, for forwarded, input and output traffic, IPv4 and IPv6;
# unmarked traffic is not metered.
#
#   $NS_A --va--> router --vb--> $NS_B
#   marked: forward iif va, input iif va, output oif vb
#   not marked: forward $NS_B -> $NS_A
. "$(dirname "$0")/../lib/common.sh"
NO_XTABLES=1
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump nft python3
FM=$FM_TOP/build/tools-san/flowmeter
[ -x "$FM" ] || fail "$FM not built (make tools-san)"
T=$LIB/traffic.py
xt_loaded() { grep -cE '^(ip_tables|ip6_tables) ' /proc/modules || true; }

# Whatever an earlier test's iptables loaded goes, so this test proves
# the hooks need none of it.
modprobe -r iptable_filter iptable_mangle iptable_raw iptable_nat iptable_security \
	ip6table_filter ip6table_mangle ip6table_raw ip6table_nat ip6table_security \
	ip_tables ip6_tables 2>/dev/null || true
assert_eq "$(xt_loaded)" 0 "ip_tables and ip6_tables loaded at the start"

modprobe ipt_NETFLOW protocol=10 destination=127.0.0.1:2055 hooks=forward hook_mark=0x100/0x100 \
	inactive_timeout=600 active_timeout=600
assert_eq "$(sysctl -n net.netflow.hooks)" forward "hooks from the module parameter"
mkdir -p "$FM_OUT/nfcapd"
nfcapd -w "$FM_OUT/nfcapd" -p 2055 -b 127.0.0.1 -t 3600 -P "$FM_TMP/nfcapd.pid" -D >/dev/null
wait_for "[ -s $FM_TMP/nfcapd.pid ]"
topo_up
# Neighbours fixed, so no discovery packet joins the counts.
for pair in "va $NS_A" "vb $NS_B"; do
	set -- $pair
	for fam in -4 -6; do
		mac=$(ip netns exec "$2" cat /sys/class/net/eth0/address)
		ip $fam neigh show dev "$1" | awk '{ print $1 }' | while read -r a; do
			ip $fam neigh replace "$a" lladdr "$mac" dev "$1" nud permanent
		done
		rmac=$(cat /sys/class/net/"$1"/address)
		ip netns exec "$2" ip $fam neigh show dev eth0 | awk '{ print $1 }' | while read -r a; do
			ip netns exec "$2" ip $fam neigh replace "$a" lladdr "$rmac" dev eth0 nud permanent
		done
	done
done
# Nobody answers UDP (no ICMP errors): A and B drop it; the router drops
# it on input after the module's hook (priority 10 > hook_priority 1).
ina nft add table inet a
ina nft add chain inet a in '{ type filter hook input priority 0; }'
ina nft add rule inet a in meta l4proto udp drop
nft add table inet host
nft add chain inet host in '{ type filter hook input priority 10; }'
nft add rule inet host in udp dport 7000-7999 drop

"$FM" nft add --hook forward --iif va --proto udp --mark 0x100
"$FM" nft add --hook input --iif va --proto udp --mark 0x100
"$FM" nft add --hook output --oif vb --proto udp --mark 0x100
"$FM" nft show --json > "$FM_OUT/nft-empty.json"
nft list ruleset > "$FM_OUT/ruleset.txt"
grep -q 'meta l4proto udp counter packets 0 bytes 0 meta mark set meta mark | 0x00000100 comment "flowmeter: iif va proto 17 mark 0x100"' \
	"$FM_OUT/ruleset.txt" || fail "the marking rule is not in nft list ruleset"
# Run-time switch: the sysctl, then the control plane.
sysctl -qw net.netflow.hooks=forward,input
"$FM" set hooks forward,input,output
assert_eq "$(sysctl -n net.netflow.hooks)" input,forward,output "hooks after flowmeter set (in hook order)"
# nft lists hooks through nfnetlink_hook (6.12 and later build it; 6.1 does not).
if modprobe nfnetlink_hook 2>/dev/null || [ -d /sys/module/nfnetlink_hook ]; then
	nft list hooks ip > "$FM_OUT/hooks.txt" 2>&1 || true
	grep -q 'ipt_NETFLOW' "$FM_OUT/hooks.txt" || fail "nft list hooks does not show the module's hooks"
	echo "ok: nft list hooks shows ipt_NETFLOW's"
else
	echo "note: no nfnetlink_hook in this kernel: nft list hooks not checked"
fi

ina python3 $T udp 10.2.0.2 7001 41001 5 100		# forward, v4
ina python3 $T udp fd02::2 7002 41002 4 200		# forward, v6
ina python3 $T udp 10.1.0.1 7003 41003 3 300		# input, v4
ina python3 $T udp fd01::1 7004 41004 2 400		# input, v6
python3 $T udp 10.2.0.2 7005 41005 6 500		# output, v4
python3 $T udp fd02::2 7006 41006 7 600			# output, v6
inb python3 $T udp 10.1.0.2 7007 41007 8 700		# forward, not marked
inb python3 $T udp fd01::2 7008 41008 9 800		# forward, not marked
sleep 1
# The counters as they stand at a flush: the host's own packets (an IPv6
# router solicitation, ...) may be marked at any time, so read, flush, read
# again until nothing came in between.
for try in 1 2 3 4 5; do
	"$FM" nft show --json > "$FM_OUT/nft.json"
	"$FM" flush
	"$FM" nft show --json > "$FM_OUT/nft-after.json"
	cmp -s "$FM_OUT/nft.json" "$FM_OUT/nft-after.json" && break
done
snmp_total="$(snmp meterPackets) $(snmp meterBytes)"
sleep 1
kill -TERM "$(cat "$FM_TMP/nfcapd.pid")"
wait_for "! kill -0 $(cat "$FM_TMP/nfcapd.pid") 2>/dev/null" 20

nfdump -R "$FM_OUT/nfcapd" -q -N -o 'fmt:%pr %sa %sp %da %dp %pkt %byt' > "$FM_OUT/records.txt" 2>/dev/null
# UDP only: the marking rules take nothing else (the hosts' own neighbour
# and router discovery would come and go as it pleases).
records() { awk '$1 == 17 { $1 = $1; print }' "$FM_OUT/records.txt" | sort; }
assert_eq "$(records | awk '$1 == 17' | cut -d' ' -f1-6 | tr '\n' ';')" \
	"$(printf '%s;' "17 10.1.0.2 41001 10.2.0.2 7001 5" "17 10.1.0.2 41003 10.1.0.1 7003 3" \
		"17 10.2.0.1 41005 10.2.0.2 7005 6" "17 fd01::2 41002 fd02::2 7002 4" \
		"17 fd01::2 41004 fd01::1 7004 2" "17 fd02::1 41006 fd02::2 7006 7")" \
	"UDP flows metered: the marked ones, nothing of B's"
# Every packet a marking rule counted is in a record, and nothing else.
nft_total=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(sum(r["packets"] for c in j["chains"] for r in c["rules"]),
      sum(r["bytes"] for c in j["chains"] for r in c["rules"]))' "$FM_OUT/nft.json")
rec_total=$(records | awk '{ p += $6; b += $7 } END { print p + 0, b + 0 }')
assert_eq "$rec_total" "$nft_total" "nfdump's packets and bytes = the marking rules' nft counters"
assert_eq "$snmp_total" "$nft_total" "the module's metered packets and bytes = nft counters"
# Per hook: forwarding carries only the test's UDP (the router forwards no
# neighbour discovery), so the forward chain's counter is exactly those
# records; input and output together are the rest.
chain() {
	python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(sum(r["packets"] for c in j["chains"] if c["hook"] == sys.argv[2] for r in c["rules"]))' \
		"$FM_OUT/nft.json" "$1"
}
fwd=$(records | awk '($2 == "10.1.0.2" || $2 == "fd01::2") && ($4 == "10.2.0.2" || $4 == "fd02::2") { p += $6 } END { print p + 0 }')
assert_eq "$fwd" "$(chain forward)" "forward: records' packets = the chain's counter"
assert_eq "$(( $(records | awk '{ p += $6 } END { print p + 0 }') - fwd ))" \
	"$(( $(chain input) + $(chain output) ))" "input and output: records' packets = the chains' counters"

# Off again: nothing is metered, and the nft pieces go without a trace.
"$FM" set hooks none
ina python3 $T udp 10.2.0.2 7009 41009 3 100
assert_eq "$(snmp hashFlows)" 0 "flows with hooks none"
"$FM" nft delete
assert_eq "$(nft list tables | grep -c flowmeter || true)" 0 "tables named flowmeter after nft delete"
assert_eq "$(nft list tables | grep -c 'inet host' || true)" 1 "other tables untouched"
assert_eq "$(xt_loaded)" 0 "ip_tables and ip6_tables loaded at the end"
