#!/usr/bin/env python3
"""Write an Ethernet pcap of known UDP and TCP flows and print the truth.

  mkpcap.py OUT.pcap [SEED]
Truth lines: "proto src sport dst dport packets bytes", bytes counted as IP
total length (what NetFlow exporters count).
"""
import random
import struct
import sys


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ip4(src, dst, proto, payload, ident):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0x4000, 64,
                    proto, 0, bytes(src), bytes(dst))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def main():
    out = sys.argv[1]
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    f = open(out, "wb")
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    t = 1700000000.0
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
        total = 0
        for k in range(n):
            if proto == 17:
                l4 = struct.pack("!HHHH", sp, dp, 8 + size, 0) + b"u" * size
            else:
                flags = 0x02 if k == 0 else (0x11 if k == n - 1 else 0x18)
                l4 = struct.pack("!HHIIBBHHH", sp, dp, k, 0, 0x50, flags, 65535, 0, 0) + b"t" * size
            pkt = ip4(src, dst, proto, l4, ident)
            ident += 1
            total += len(pkt)
            frame = b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01" + b"\x08\x00" + pkt
            t += 0.01
            f.write(struct.pack("<IIII", int(t), int((t % 1) * 1e6), len(frame), len(frame)))
            f.write(frame)
        truth.append("%d %s %d %s %d %d %d" % (proto, ".".join(map(str, src)), sp,
                                               ".".join(map(str, dst)), dp, n, total))
    f.close()
    print("\n".join(truth))


main()
