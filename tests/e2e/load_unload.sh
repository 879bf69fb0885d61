#!/bin/bash
# The module loads, shows its statistics, is accepted as a target by
# iptables-legacy, iptables-nft and ip6tables, and unloads cleanly once the
# rules are gone; then loads again.
. "$(dirname "$0")/../lib/common.sh"
need iptables-legacy iptables-nft ip6tables-legacy ip6tables-nft

for round in 1 2; do
	modprobe ipt_NETFLOW protocol=9
	[ -r /proc/net/stat/ipt_netflow ] || fail "no /proc/net/stat/ipt_netflow"
	grep -q '^Protocol version 9' /proc/net/stat/ipt_netflow ||
		fail "stat file does not show protocol 9: $(head -3 /proc/net/stat/ipt_netflow)"

	for ipt in iptables-legacy iptables-nft ip6tables-legacy ip6tables-nft; do
		$ipt -N ACCEPTANDACCOUNT
		$ipt -A ACCEPTANDACCOUNT -j NETFLOW
		$ipt -A ACCEPTANDACCOUNT -j ACCEPT
		$ipt -A FORWARD -j ACCEPTANDACCOUNT
		$ipt -S ACCEPTANDACCOUNT | grep -qx -- '-A ACCEPTANDACCOUNT -j NETFLOW' ||
			fail "$ipt -S does not show the NETFLOW rule: $($ipt -S ACCEPTANDACCOUNT)"
		$ipt -L ACCEPTANDACCOUNT -n | grep -q '^NETFLOW' ||
			fail "$ipt -L does not list NETFLOW"
		echo "ok: $ipt accepts -j NETFLOW (round $round)"
	done

	# In use by rules: the module must refuse to go.
	if rmmod ipt_NETFLOW 2>/dev/null; then
		fail "rmmod succeeded while rules reference the target"
	fi

	for ipt in iptables-legacy iptables-nft ip6tables-legacy ip6tables-nft; do
		$ipt -D FORWARD -j ACCEPTANDACCOUNT
		$ipt -F ACCEPTANDACCOUNT
		$ipt -X ACCEPTANDACCOUNT
	done
	# nft keeps the compat expression's module reference until the
	# transaction's objects are released, which can take a moment.
	wait_for "rmmod ipt_NETFLOW 2>/dev/null" 10
	[ ! -e /proc/net/stat/ipt_netflow ] || fail "stat file left behind after rmmod"
	lsmod | grep -q '^ipt_NETFLOW ' && fail "module still listed"
	echo "ok: round $round unloaded"
done
