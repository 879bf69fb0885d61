#!/usr/bin/env python3
"""Crafted export datagrams to 127.0.0.1:PORT.

  craft.py PORT template       IPFIX template 300 (src, dst, proto, bytes, packets)
  craft.py PORT data N         IPFIX data set for template 300: N records of 1000 B, 10 pkts
  craft.py PORT flow SRC DST BYTES [COUNT]
                               IPFIX template (IPv4 or IPv6) + COUNT records SRC -> DST
  craft.py PORT malformed      one datagram of each malformed kind, in order:
                               short_header, bad_length, unknown_version,
                               set_past_end, set_too_short, bad_set_id,
                               template_empty (v9), record_length_zero
"""
import os
import socket
import struct
import sys

port, mode = int(sys.argv[1]), sys.argv[2]
# FM_CRAFT_HOST=::1 sends over IPv6.
HOST = os.environ.get("FM_CRAFT_HOST", "127.0.0.1")
s = socket.socket(socket.AF_INET6 if ":" in HOST else socket.AF_INET, socket.SOCK_DGRAM)


def ipfix(body, seq=0):
    return struct.pack("!HHIII", 10, 16 + len(body), 1700000000, seq, 0) + body


def setb(i, b):
    return struct.pack("!HH", i, len(b) + 4) + b


TMPL = setb(2, struct.pack("!HH", 300, 5) + struct.pack("!10H", 8, 4, 12, 4, 4, 1, 1, 8, 2, 8))


def data(n):
    recs = b"".join(struct.pack("!4s4sBQQ", bytes([10, 1, 0, 9]), bytes([8, 8, 4, 4]), 17, 1000, 10)
                    for _ in range(n))
    return setb(300, recs)


if mode == "template":
    s.sendto(ipfix(TMPL), (HOST, port))
elif mode == "data":
    s.sendto(ipfix(data(int(sys.argv[3]))), (HOST, port))
elif mode == "flow":
    import ipaddress
    src, dst = ipaddress.ip_address(sys.argv[3]), ipaddress.ip_address(sys.argv[4])
    nbytes = int(sys.argv[5])
    count = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    v6 = src.version == 6
    tid = 311 if v6 else 310
    a = 16 if v6 else 4
    t = setb(2, struct.pack("!HH", tid, 5) + struct.pack("!10H", 27 if v6 else 8, a, 28 if v6 else 12, a,
                                                        4, 1, 1, 8, 2, 8))
    recs = b"".join(src.packed + dst.packed + struct.pack("!BQQ", 6, nbytes, 1) for _ in range(count))
    s.sendto(ipfix(t + setb(tid, recs)), (HOST, port))
elif mode == "malformed":
    v9 = lambda body: struct.pack("!HHIIII", 9, 1, 0, 0, 0, 0) + body
    for d in [
        b"\x00\x0a\x00",                                   # short_header
        struct.pack("!HHIII", 10, 900, 0, 0, 0),           # bad_length
        struct.pack("!HH", 42, 0) + b"x" * 20,             # unknown_version
        ipfix(struct.pack("!HH", 300, 4000) + b"\0" * 8),  # set_past_end
        ipfix(struct.pack("!HH", 300, 2) + b"\0" * 8),     # set_too_short
        ipfix(setb(9, b"\0" * 4)),                         # bad_set_id
        v9(setb(0, struct.pack("!HH", 256, 0))),           # template_empty
        ipfix(setb(2, struct.pack("!HHHH", 301, 1, 8, 0))), # record_length_zero
    ]:
        s.sendto(d, (HOST, port))
