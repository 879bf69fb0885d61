#!/bin/bash
# The half of tests/pkg/upgrade.sh that needs a booted kernel: run inside
# the system 'FM_PKG_KEEP=1 tests/pkg/upgrade.sh DIST' leaves (ours
# installed over iptables-netflow-dkms, the user's ipt-netflow files in
# place), booted with one of its kernels (QEMU, tests/vm). Checks that the
# user's modprobe.d options, sysctl.d lines and saved rules work with our
# module, and that its flows reach flowmeterd started by systemd.
set -euo pipefail
fail() { echo "pkg-inside: FAIL: $*" >&2; exit 1; }
ok() { echo "pkg-inside: ok: $*" >&2; }
version=$(modinfo -F version ipt_NETFLOW) || fail "no ipt_NETFLOW for $(uname -r)"

modprobe ipt_NETFLOW
p=/sys/module/ipt_NETFLOW/parameters
[ "$(cat /sys/module/ipt_NETFLOW/version)" = "$version" ] || fail "loaded module is not $version"
[ "$(cat $p/protocol)" = 10 ] && [ "$(cat $p/natevents)" = 1 ] &&
	grep -q '^127\.0\.0\.1:2055' $p/destination ||
	fail "modprobe.d options not applied: $(grep . $p/protocol $p/natevents $p/destination)"
ok "modprobe.d options"
sysctl -q -p /etc/sysctl.d/60-ipt-netflow.conf
[ "$(sysctl -n net.netflow.active_timeout)" = 120 ] || fail "sysctl.d line not applied"
ok "sysctl.d lines"
iptables-restore < /etc/iptables/rules.v4
ip6tables-restore < /etc/iptables/rules.v6
iptables -S FORWARD | grep -q -- '-j NETFLOW' || fail "saved IPv4 rules not restored"
ip6tables -S FORWARD | grep -q -- '-j NETFLOW' || fail "saved IPv6 rules not restored"
ok "saved rules restored"

systemctl start flowmeterd
iptables -A OUTPUT -o lo -p icmp -j NETFLOW
ping -c 3 -i 0.2 127.0.0.1 >/dev/null
sysctl -q -w net.netflow.flush=1
for _ in $(seq 50); do
	n=$(curl -s http://127.0.0.1:30001/metrics |
		awk '/^flowmeterd_exporter_records_total/ { s += $NF } END { print s + 0 }')
	[ "$n" -gt 0 ] && break
	sleep 0.2
done
[ "$n" -gt 0 ] || fail "no records reached flowmeterd ($(systemctl status flowmeterd | tail -n 5))"
[ "$(ps -o user= -p "$(systemctl show -P MainPID flowmeterd)")" != root ] ||
	fail "flowmeterd runs as root"
ok "$n records in flowmeterd (not root)"
systemctl reload flowmeterd
sleep 1
curl -s http://127.0.0.1:30001/metrics | grep -q '^flowmeterd_config_reloads_total 1' ||
	fail "systemctl reload: no reload counted"
ok "systemctl reload"
