#!/bin/bash
# make demo, inside the VM: a home router meters its LAN's traffic to a few
# "internet" hosts and exports IPFIX; nfdump shows where the traffic went.
#
#   netns lan (192.168.1.10, .11)  --  router (this VM)  --  netns wan
#                                      MASQUERADE on wan      198.51.100.1 (wan side)
#                                      NETFLOW in FORWARD     192.0.2.10, 198.51.100.20,
#                                                             203.0.113.30 (servers)
# Addresses are documentation ranges; nothing leaves the VM.
set -euo pipefail
. "$FM_TOP/tests/e2e/lib/common.sh"
LIB=$FM_TOP/tests/e2e/lib
OUT=$FM_ARTIFACTS/demo
mkdir -p "$OUT/nfcapd"
lan() { ip netns exec lan "$@"; }
wan() { ip netns exec wan "$@"; }

echo "== loading ipt_NETFLOW protocol=10"
modprobe ipt_NETFLOW destination=127.0.0.1:2055 protocol=10 inactive_timeout=2
nfcapd -w "$OUT/nfcapd" -p 2055 -b 127.0.0.1 -t 3600 -P $FM_TMP/nfcapd.pid -D >/dev/null 2>&1

ip netns add lan
ip netns add wan
ip link add lan0 type veth peer name eth0 netns lan
ip link add wan0 type veth peer name eth0 netns wan
ip addr add 192.168.1.1/24 dev lan0
ip addr add 198.51.100.1/24 dev wan0
ip link set lan0 up
ip link set wan0 up
lan ip addr add 192.168.1.10/24 dev eth0
lan ip addr add 192.168.1.11/24 dev eth0
lan ip link set eth0 up
lan ip link set lo up
lan ip route add default via 192.168.1.1
wan ip addr add 198.51.100.2/24 dev eth0
wan ip link set eth0 up
wan ip link set lo up
for a in 192.0.2.10 198.51.100.20 203.0.113.30; do
	wan ip addr add $a/32 dev lo
	ip route add $a/32 via 198.51.100.2
done
wan iptables-legacy -A INPUT -p udp -j DROP
sysctl -qw net.ipv4.ip_forward=1
iptables-legacy -t nat -A POSTROUTING -o wan0 -j MASQUERADE
iptables-legacy -N ACCEPTANDACCOUNT
iptables-legacy -A ACCEPTANDACCOUNT -j NETFLOW
iptables-legacy -A ACCEPTANDACCOUNT -j ACCEPT
iptables-legacy -A FORWARD -j ACCEPTANDACCOUNT

echo "== LAN hosts talk to the internet"
T=$LIB/traffic.py
for srv in 192.0.2.10:443:300 198.51.100.20:53:40 203.0.113.30:4500:120; do
	IFS=: read -r ip port n <<< "$srv"
	lan python3 $T udp "$ip" "$port" 40000 "$n" 1000 &
done
wait
wan python3 $T tcp-serve 80 $FM_TMP/web.ready > /dev/null &
srv=$!
wait_for "[ -e $FM_TMP/web.ready ]"
lan python3 $T tcp-send 192.0.2.10 80 41000 500000
wait $srv
lan ping -c 5 -i 0.2 -I 192.168.1.11 203.0.113.30 >/dev/null

sysctl -qw net.netflow.flush=1
sleep 1
kill -TERM "$(cat $FM_TMP/nfcapd.pid)"
sleep 2

echo
echo "== what the NETFLOW rule counted (iptables -vx)"
iptables-legacy -L ACCEPTANDACCOUNT -v -x -n | sed -n '1,3p'
echo
echo "== flows exported, as nfdump decodes them"
nfdump -R "$OUT/nfcapd" -q -o 'fmt:%pr %sa:%sp -> %da:%dp %pkt pkts %byt bytes' -O bytes | head -20
echo
echo "== traffic by destination (nfdump -s dstip/bytes)"
nfdump -R "$OUT/nfcapd" -n 10 -s dstip/bytes | sed -n '1,8p'
echo
echo "== /proc/net/stat/ipt_netflow"
cat /proc/net/stat/ipt_netflow
rmmod ipt_NETFLOW 2>/dev/null || true
