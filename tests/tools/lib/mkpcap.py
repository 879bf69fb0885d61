#!/usr/bin/env python3
"""Write an Ethernet pcap of known UDP and TCP flows and print the truth.

  mkpcap.py OUT.pcap [SEED [GAP [T0]]]
Truth lines: "proto src sport dst dport packets bytes", bytes counted as IP
total length (what NetFlow exporters count). GAP seconds pass between one
flow's last packet and the next flow's first (default none): flows that end
in different 5-minute buckets. T0: the first packet's time (epoch seconds;
default 1700000000): exporters that count time from their start (v5, v9)
keep a pcap's times only when they are recent.
"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../lib"))
import packets  # noqa: E402


def main():
    out = sys.argv[1]
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    gap = float(sys.argv[3]) if len(sys.argv) > 3 else 0
    f = open(out, "wb")
    w = packets.Pcap(f, packets.LINKTYPE_ETHERNET)
    t = float(sys.argv[4]) if len(sys.argv) > 4 else 1700000000.0
    truth = []
    flows = []
    for i in range(12):
        src = [10, 1, 0, 2 + i % 4]
        dst = [rnd.choice([8, 9, 45, 93]), rnd.randrange(256), rnd.randrange(256), 1 + i]
        proto = 6 if i % 3 == 0 else 17
        flows.append((proto, src, 30000 + i, dst, 443 if proto == 6 else 53 + i,
                      rnd.randrange(1, 40), rnd.randrange(20, 1200)))
    ident = 1
    for proto, src, sp, dst, dp, n, size in flows:
        t += gap
        total = 0
        for k in range(n):
            pkt = packets.ipv4(src, dst, proto, packets.flow_l4(proto, sp, dp, k, n, size), ident)
            ident += 1
            total += len(pkt)
            frame = packets.ETHER_IPV4 + pkt
            t += 0.01
            w.write(frame, t)
        truth.append("%d %s %d %s %d %d %d" % (proto, ".".join(map(str, src)), sp,
                                               ".".join(map(str, dst)), dp, n, total))
    f.close()
    print("\n".join(truth))


main()
