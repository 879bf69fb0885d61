#!/usr/bin/env python3
"""A home network's traffic for the page's test, as an Ethernet pcap.

  dashpcap.py OUT.pcap T0:GAP[:HOST] ...
Per group, LAN hosts 192.168.1.10-13 (or HOST alone) talk to the GeoIP
fixtures' networks (mkmmdb.pl: US, CH, DE, GB), to one address no fixture
knows and to each other; remote servers answer, so both directions have
countries and ASes. A group's flows start at T0 (epoch seconds, after the
last group's) and are GAP seconds apart, so they end in several 5-minute
buckets. Prints the number of flows; nfdump is the referee.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../lib"))
import packets  # noqa: E402

REMOTE = ["8.8.8.8", "8.8.4.4", "9.9.9.9", "45.90.28.4", "93.184.216.34", "1.1.1.1"]


def ip(s):
    return [int(x) for x in s.split(".")]


def group(hosts, g):
    flows = []
    for i, h in enumerate(hosts):
        for j, r in enumerate(REMOTE):
            if (i + j) % 3 == 2:
                continue
            n = 2 + (i * 7 + j * 3) % 11
            size = 40 + (i * 131 + j * 71) % 900
            # Out: the host asks; in: the server sends back more, in bigger packets.
            flows.append((17 if j % 2 else 6, h, 40000 + g * 1000 + i * 100 + j, r, 443 if j % 2 == 0 else 53, n, size))
            flows.append((6, r, 443, h, 50000 + g * 1000 + i * 100 + j, n * 2, size + 200))
        flows.append((17, h, 5353 + g, hosts[(i + 1) % len(hosts)], 5353, 3, 100 + i))
    return flows


def main():
    w = packets.Pcap(open(sys.argv[1], "wb"), packets.LINKTYPE_ETHERNET)
    ident, total, t = 1, 0, 0
    for g, spec in enumerate(sys.argv[2:]):
        t0, gap, *host = spec.split(":")
        t, gap = max(t, float(t0)), float(gap)
        # Ports apart per group: one exporter would merge the same 5-tuple into one flow.
        flows = group(host or ["192.168.1.%d" % h for h in range(10, 14)], g)
        total += len(flows)
        write(w, flows, t, gap, ident)
        t += len(flows) * (gap + 1)
        ident += 10000
    print(total)


def write(w, flows, t, gap, ident):
    for proto, src, sp, dst, dp, n, size in flows:
        for k in range(n):
            pkt = packets.ipv4(ip(src), ip(dst), proto, packets.flow_l4(proto, sp, dp, k, n, size), ident)
            ident += 1
            w.write(packets.ETHER_IPV4 + pkt, t)
            t += 0.01
        t += gap


main()
