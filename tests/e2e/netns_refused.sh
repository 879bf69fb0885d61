#!/bin/bash
# The meter is the host's: a NETFLOW rule in another network namespace
# (a container, or root in an unprivileged user namespace) is refused with
# a message, under iptables-legacy and iptables-nft alike, and traffic
# there never reaches the host's table. Rules in the initial namespace
# still load.
. "$(dirname "$0")/../lib/common.sh"
need iptables-legacy iptables-nft unshare
ns=fm-ns-$$
modprobe ipt_NETFLOW protocol=10
ip netns add "$ns"
for ipt in iptables-legacy iptables-nft ip6tables-legacy ip6tables-nft; do
	dmesg -C
	if ip netns exec "$ns" $ipt -A OUTPUT -j NETFLOW 2>$FM_TMP/err; then
		fail "$ipt accepted a NETFLOW rule in a child namespace"
	fi
	dmesg | grep -q 'NETFLOW is only supported in the initial network namespace' ||
		fail "$ipt: refused without the kernel saying why: $(dmesg)"
	echo "ok: $ipt in netns $ns refused: $(head -n 1 $FM_TMP/err)"
done
# Root of a new user namespace owns its new network namespace.
for ipt in iptables-legacy iptables-nft; do
	if unshare -Urn $ipt -A OUTPUT -j NETFLOW 2>$FM_TMP/err; then
		fail "$ipt accepted a NETFLOW rule in a user namespace's netns"
	fi
	echo "ok: $ipt in a user namespace refused: $(head -n 1 $FM_TMP/err)"
done
ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" ping -c 3 -i 0.2 -q 127.0.0.1 >/dev/null
assert_eq "$(awk '$1 == "inPackets" { print $2 }' /proc/net/stat/ipt_netflow_snmp)" 0 \
	"packets metered from the child namespace"
for ipt in iptables-legacy iptables-nft; do
	$ipt -A OUTPUT -j NETFLOW
	$ipt -D OUTPUT -j NETFLOW
	echo "ok: $ipt in the initial namespace still accepts NETFLOW"
done
