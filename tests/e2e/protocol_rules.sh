#!/bin/bash
# v5 cannot carry IPv6: ip6tables rules are refused under protocol 5, and
# protocol 5 is refused while ip6tables rules exist. The nat table is refused.
. "$(dirname "$0")/../lib/common.sh"
need ip6tables-legacy ip6tables-nft iptables-legacy

modprobe ipt_NETFLOW protocol=5
for t in ip6tables-legacy ip6tables-nft; do
	if $t -A FORWARD -j NETFLOW 2>/dev/null; then
		fail "$t accepted NETFLOW under protocol 5"
	fi
done
dmesg | grep -q 'ip6tables NETFLOW needs protocol 9 or 10' || fail "no message for the refused rule"
echo "ok: ip6tables rule refused under protocol 5"
if iptables-legacy -t nat -A POSTROUTING -j NETFLOW 2>/dev/null; then
	fail "nat table rule accepted"
fi
echo "ok: nat table refused"

sysctl -qw net.netflow.protocol=9
ip6tables-legacy -A FORWARD -j NETFLOW
if sysctl -qw net.netflow.protocol=5 2>/dev/null; then
	fail "protocol 5 accepted while an ip6tables rule exists"
fi
assert_eq "$(sysctl -n net.netflow.protocol)" 9 "protocol kept"
ip6tables-legacy -D FORWARD -j NETFLOW
sysctl -qw net.netflow.protocol=5
assert_eq "$(sysctl -n net.netflow.protocol)" 5 "protocol 5 once no ip6 rule"
for bad in 7 x; do
	if sysctl -qw net.netflow.protocol=$bad 2>/dev/null; then
		fail "protocol=$bad accepted"
	fi
done
if sysctl -qw net.netflow.destination=nowhere 2>/dev/null; then
	fail "destination=nowhere accepted"
fi
assert_eq "$(sysctl -n net.netflow.destination)" 127.0.0.1:2055 "destination kept"
rmmod ipt_NETFLOW
