# pktgen helpers, sourced by tests and the bench: 64-byte UDP from a
# device in a namespace, each packet of a run a new flow up to FLOWS.

# pktgen_on NS DEV: one pktgen thread (CPU 0) owns DEV in NS.
pktgen_on() {
	PG_NS=$1 PG_DEV=$2
	modprobe pktgen
	pg kpktgend_0 rem_device_all
	pg kpktgend_0 "add_device $PG_DEV"
}

pg() { ip netns exec "$PG_NS" sh -c "echo '$2' > /proc/net/pktgen/$1"; }

# pktgen_run DST DSTMAC SRC FLOWS COUNT: COUNT packets from SRC.. to DST:9
# over FLOWS distinct (source address, port) pairs; prints pktgen's own
# elapsed time in microseconds.
pktgen_run() {
	local dst=$1 mac=$2 src=$3 flows=$4 count=$5 ports ips
	if [ "$flows" -le 65535 ]; then ports=$flows ips=1; else ports=65535 ips=16; fi
	pg "$PG_DEV" "count $count"
	pg "$PG_DEV" "pkt_size 64"
	pg "$PG_DEV" "delay 0"
	pg "$PG_DEV" "dst $dst"
	pg "$PG_DEV" "dst_mac $mac"
	pg "$PG_DEV" "udp_dst_min 9"
	pg "$PG_DEV" "udp_dst_max 9"
	# The port range is [min, max): ports 0..$ports-1. 65535 is odd, so
	# with 16 source addresses the pairs repeat only after 16 * 65535.
	pg "$PG_DEV" "udp_src_min 0"
	pg "$PG_DEV" "udp_src_max $ports"
	pg "$PG_DEV" "src_min $src"
	pg "$PG_DEV" "src_max ${src%.*}.$((${src##*.} + ips - 1))"
	ip netns exec "$PG_NS" sh -c "echo start > /proc/net/pktgen/pgctrl"
	ip netns exec "$PG_NS" sed -n 's/.*Result: OK: \([0-9]*\)(.*/\1/p' "/proc/net/pktgen/$PG_DEV"
}
