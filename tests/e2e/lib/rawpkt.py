#!/usr/bin/env python3
"""Hand-made IP packets the stack would never send, on an AF_PACKET socket.

  rawpkt.py DEV DSTMAC NAME COUNT    send packet NAME COUNT times from DEV

Each NAME prints "proto sa sp da dp bytes kind" for the test's expectations
(kind: frag, trunc or full). Addresses are the topology's (lib/topo.sh).
"""
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../lib"))
import packets  # noqa: E402

A4, B4 = "10.1.0.2", "10.2.0.2"
A6, B6 = "fd01::2", "fd02::2"


def ip4(proto, payload, frag_off=0, mf=False):
    flags = (0x2000 if mf else 0) | (frag_off // 8)
    return packets.ipv4(socket.inet_aton(A4), socket.inet_aton(B4), proto, payload,
                        1, flags), 0x0800


def ip6(nexthdr, payload):
    h = struct.pack("!IHBB16s16s", 6 << 28, len(payload), nexthdr, 64,
                    socket.inet_pton(socket.AF_INET6, A6),
                    socket.inet_pton(socket.AF_INET6, B6))
    return h + payload, 0x86dd


def frag6(nexthdr, offset, more, ident=7):
    return struct.pack("!BBHI", nexthdr, 0, offset | (1 if more else 0), ident)


def opts(nexthdr):
    """An 8-byte hop-by-hop or destination options header: PadN."""
    return struct.pack("!BBBB4s", nexthdr, 0, 1, 4, b"\0" * 4)


def tcp_head(sport, dport, n):
    full = struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, 0x18, 512, 0, 0)
    return full[:n]


PACKETS = {
    # non-first fragment whose fragment header names an extension header
    "v6-frag-exthdr": lambda: (ip6(44, frag6(60, 64, True) + b"x" * 16),
                               (60, A6, 0, B6, 0, 64, "frag")),
    "v6-frag-udp": lambda: (ip6(44, frag6(17, 128, False) + b"y" * 16),
                            (17, A6, 0, B6, 0, 64, "frag")),
    # first fragment with 10 bytes of TCP: ports, no flags
    "v6-first-short-tcp": lambda: (ip6(44, frag6(6, 0, True) + tcp_head(1234, 80, 10)),
                                   (6, A6, 1234, B6, 80, 58, "trunc")),
    # hop-by-hop and destination options before UDP
    "v6-exthdr-udp": lambda: (ip6(0, opts(60) + opts(17) +
                                  struct.pack("!HHHH", 5353, 53, 12, 0) + b"q" * 4),
                              (17, A6, 5353, B6, 53, 68, "full")),
    # IPv4 first fragment with 8 bytes of TCP
    "v4-first-short-tcp": lambda: (ip4(6, tcp_head(2345, 443, 8), 0, True),
                                   (6, A4, 2345, B4, 443, 28, "trunc")),
    "v4-udp": lambda: (ip4(17, struct.pack("!HHHH", 7, 9, 12, 0) + b"w" * 4),
                       (17, A4, 7, B4, 9, 32, "full")),
    "v4-frag-udp": lambda: (ip4(17, b"z" * 24, 64, False),
                            (17, A4, 0, B4, 0, 44, "frag")),
}


def main():
    dev, dstmac, name, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    (pkt, ethertype), expect = PACKETS[name]()
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((dev, 0))
    src = open("/sys/class/net/%s/address" % dev).read().strip()
    eth = bytes.fromhex(dstmac.replace(":", "")) + bytes.fromhex(src.replace(":", "")) + \
        struct.pack("!H", ethertype)
    for _ in range(count):
        s.send(eth + pkt)
    print(*expect)


if __name__ == "__main__":
    main()
