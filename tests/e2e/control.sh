#!/bin/bash
# The control plane: `flowmeter status|set|flush|flows` over the module's
# generic netlink family, against what /proc and the sysctls say. Set is
# checked as the sysctls are; flows are filtered in the kernel and one
# dump is one consistent table; inside a namespace the commands see that
# namespace's meter; without CAP_NET_ADMIN only status answers.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump python3 setpriv
FM=$FM_TOP/build/tools-san/flowmeter
[ -x "$FM" ] || fail "$FM not built (make tools-san)"
T=$LIB/traffic.py
N=${FM_CONTROL_FLOWS:-1000}	# 16 dump batches of 64, and quick on a debug kernel
jq_py() { python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }

meter_up v4 protocol=10 inactive_timeout=600 active_timeout=600 maxflows=100000

# status = /proc and the sysctls.
ina python3 $T udp 10.2.0.2 7001 41001 5 100
"$FM" status --json > "$FM_OUT/status.json"
for k in protocol active_timeout inactive_timeout maxflows destination; do
	assert_eq "$(jq_py "j['settings']['$k']" < "$FM_OUT/status.json")" \
		"$(sysctl -n net.netflow.$k)" "status $k = net.netflow.$k"
done
for k in inPackets meterPackets meterBytes hashFlows inFlows; do
	assert_eq "$(jq_py "j['stats']['$k']" < "$FM_OUT/status.json")" "$(snmp $k)" \
		"status $k = ipt_netflow_snmp's"
done
assert_eq "$(jq_py "len(j['sockets'])" < "$FM_OUT/status.json")" 2 "status: two destination sockets"
assert_eq "$(jq_py "j['sockets'][0]['destination']" < "$FM_OUT/status.json")" 127.0.0.1:2055 \
	"status: first socket"
"$FM" status | grep -q '^meterPackets *5$' || fail "status text lacks 'meterPackets 5'"

# set: applied, and refused as the sysctl refuses, with the reason.
"$FM" set protocol 9 active_timeout 120
assert_eq "$(sysctl -n net.netflow.protocol) $(sysctl -n net.netflow.active_timeout)" "9 120" \
	"sysctls after flowmeter set"
rc=0
err=$("$FM" set protocol 7 2>&1) || rc=$?
assert_eq "$rc" 2 "exit status of a refused set"
echo "$err" | grep -q 'protocol: must be 5, 9 or 10' || fail "a refused set says why: '$err'"
assert_eq "$(sysctl -n net.netflow.protocol)" 9 "protocol after a refused set"
rc=0
"$FM" set destination 'nonsense:x' 2>"$FM_OUT/dest.err" || rc=$?
assert_eq "$rc" 2 "exit status of a bad destination"
assert_eq "$(sysctl -n net.netflow.destination)" 127.0.0.1:2055,127.0.0.1:2056 \
	"destination after a refused set"
# Back to timeouts no part of this test reaches, however slow the VM.
"$FM" set protocol 10 active_timeout 600

# flows: every active flow, filters in the kernel, sorted and cut here.
ina python3 $T udp-many 10.2.0.2 6100 20000 "$N"
ina python3 $T udp 10.2.0.2 7002 41002 9 1000
ina python3 $T udp fd02::2 7003 41003 2 100 2>/dev/null || true
active=$(snmp hashFlows)
"$FM" flows --json > "$FM_OUT/flows.json"
assert_eq "$(jq_py "len(j['flows'])" < "$FM_OUT/flows.json")" "$active" "flows listed = hashFlows"
assert_eq "$(jq_py "j['active']" < "$FM_OUT/flows.json")" "$active" "flows' active = hashFlows"
assert_eq "$(jq_py "sum(f['packets'] for f in j['flows'])" < "$FM_OUT/flows.json")" \
	"$(snmp meterPackets)" "packets of the listed flows = meterPackets"
top=$("$FM" flows --top 1 --sort bytes --json | jq_py "(j['flows'][0]['sport'], j['flows'][0]['bytes'])")
assert_eq "$top" "(41002, 9252)" "the top flow by bytes (9 x 1028)"
assert_eq "$("$FM" flows --port 7002 --json | jq_py "len(j['flows'])")" 1 "flows --port 7002"
assert_eq "$("$FM" flows --dst 10.2.0.0/24 --proto udp --port 6100 --json | jq_py "len(j['flows'])")" \
	"$N" "flows --dst 10.2.0.0/24 --proto udp --port 6100"
assert_eq "$("$FM" flows --src 10.9.0.0/16 --json | jq_py "len(j['flows'])")" 0 "flows --src elsewhere"
assert_eq "$("$FM" flows --iface vb --proto udp --json | jq_py "len(j['flows'])")" "$((N + 2))" \
	"flows --iface vb (v4 only: the v6 rule is not there)"
"$FM" flows --top 5 > "$FM_OUT/flows.txt"
grep -q "^5 of $active active flows" "$FM_OUT/flows.txt" || fail "flows text: '5 of $active'"

# The same commands in a namespace see its own meter, empty.
assert_eq "$(ina "$FM" status --json | jq_py "j['settings']['destination']")" "" \
	"a namespace's destination, by status inside it"
assert_eq "$(ina "$FM" flows --json | jq_py "j['active']")" 0 "a namespace's active flows"
ina "$FM" set protocol 5
assert_eq "$(ina sysctl -n net.netflow.protocol) $(sysctl -n net.netflow.protocol)" "5 10" \
	"set in a namespace changes its meter only"

# Without CAP_NET_ADMIN: status answers, the rest is refused.
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
nobody "$FM" status >/dev/null || fail "status as nobody"
rc=0
nobody "$FM" set protocol 9 2>"$FM_OUT/perm.err" || rc=$?
assert_eq "$rc" 2 "set as nobody"
grep -q 'not permitted' "$FM_OUT/perm.err" || fail "set as nobody says: $(cat "$FM_OUT/perm.err")"
rc=0
nobody "$FM" flows >/dev/null 2>&1 || rc=$?
assert_eq "$rc" 2 "flows as nobody"

# flush: everything exported, the table empty.
before=$(snmp outFlows)
"$FM" flush
assert_eq "$(snmp hashFlows)" 0 "active flows after flowmeter flush"
assert_eq "$(( $(snmp outFlows) - before ))" "$active" "flows exported by the flush"
