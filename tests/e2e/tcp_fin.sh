#!/bin/bash
# A TCP connection's FIN ends its flows at once, long before the inactive
# timeout, with flowEndReason 3 (end of flow detected).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib/topo.sh"
need nfcapd nfdump tshark python3

meter_up v4 protocol=10 inactive_timeout=600 active_timeout=1800
T=$LIB/traffic.py

inb python3 $T tcp-serve 5020 "$FM_OUT/tcp.ready" > "$FM_OUT/tcp.out" &
srv=$!
wait_for "[ -e $FM_OUT/tcp.ready ]"
ina python3 $T tcp-send 10.2.0.2 5020 40020 20000
wait $srv
assert_eq "$(cat "$FM_OUT/tcp.out")" 20000 "bytes received"
# Both directions' flows leave within a scan or two, not after 600 s.
wait_for '[ "$(snmp outFlows)" -ge 2 ]' 5
echo "ok: $(snmp outFlows) flows exported without flush"

sysctl -qw net.netflow.flush=1
read -r pkts bytes < <(rule_counters v4)
collectors_stop
decode_all 10
records | tee "$FM_OUT/records.txt"
fin=$(awk '$1 == 6 && $8 == 3' "$FM_OUT/records.txt" | wc -l)
[ "$fin" -ge 2 ] || fail "expected both directions ended by FIN (reason 3), got $fin"
echo "ok: $fin records ended by FIN"
read -r p b < <(awk '{ p += $6; b += $7 } END { print p + 0, b + 0 }' "$FM_OUT/records.txt")
assert_eq "$p $b" "$pkts $bytes" "exported totals vs rule counters"
