#!/usr/bin/env python3
"""A fixed set of export datagrams for the collector benchmark.

  gen_export.py OUT RECORDS
OUT gets length-prefixed datagrams: half IPFIX, half NetFlow v9, each up to
~1400 bytes (what exporters send over a 1500-byte path), templates first
and again every 100 datagrams. Flows: 256 LAN hosts x ports to 4096 remote
hosts, deterministic.
"""
import struct
import sys

out, total = sys.argv[1], int(sys.argv[2])
# The kernel module's IPv4 template, as on the wire.
FIELDS = [(8, 4), (12, 4), (15, 4), (7, 2), (11, 2), (4, 1), (5, 1), (6, 2), (10, 4),
          (14, 4), (1, 8), (2, 8), (152, 8), (153, 8), (136, 1)]
RLEN = sum(l for _, l in FIELDS)
PER = 1380 // RLEN


def tmpl(setid):
    body = struct.pack("!HH", 256, len(FIELDS)) + b"".join(struct.pack("!HH", i, l) for i, l in FIELDS)
    return struct.pack("!HH", setid, 4 + len(body)) + body


def rec(n):
    src = bytes([10, 1, n % 256 // 64, n % 64 + 2])
    dst = bytes([93, 184, (n >> 8) % 16, n % 251 + 1])
    return (src + dst + b"\0\0\0\0" + struct.pack("!HHBBHII", 30000 + n % 20000, 443 if n % 3 else 53,
            6 if n % 3 else 17, 0, 0x18, 2, 3) + struct.pack("!QQQQB", 1000 + n % 5000, 1 + n % 9,
            1700000000000 + n, 1700000001000 + n, 1))


with open(out, "wb") as f:
    n, pdu, seq9, seqx = 0, 0, 0, 0
    while n < total:
        ipfix = pdu % 2 == 0
        sets = b""
        if pdu % 100 < 2:
            sets += tmpl(2 if ipfix else 0)
        k = min(PER, total - n)
        recs = b"".join(rec(n + i) for i in range(k))
        sets += struct.pack("!HH", 256, 4 + len(recs)) + recs
        if ipfix:
            d = struct.pack("!HHIII", 10, 16 + len(sets), 1700000000, seqx, 0) + sets
            seqx += k
        else:
            d = struct.pack("!HHIIII", 9, k + (1 if pdu % 100 < 2 else 0), 100000, 1700000000, seq9, 0) + sets
            seq9 += 1
        f.write(struct.pack("!I", len(d)) + d)
        n += k
        pdu += 1
print(total)
