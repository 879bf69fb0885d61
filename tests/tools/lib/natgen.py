#!/usr/bin/env python3
"""Send NAT events as ipt_NETFLOW's natevents=1 does, and print the truth.

  natgen.py PORT T0_MS
IPFIX, template 258 laid out as kmod/export_ipfix.c's nat_ipv4 (RFC 8158:
observationTimeMilliseconds, natEvent, protocol, addresses and ports before
and after the translation), to 127.0.0.1:PORT. The events, from T0_MS on:
  +0s    create  SNAT 10.1.0.2:41001 -> 203.0.113.9:53 as 198.51.100.7:40001
  +30s   create  DNAT 203.0.113.50:6000 -> 198.51.100.7:8080 to 10.1.0.9:80
  +60s   delete  the first
  +120s  create  SNAT 10.1.0.3:41002 -> 203.0.113.9:53 as 198.51.100.7:40001
  +200s  delete  that
Truth lines: "OUTSIDE AT_MS INSIDE KIND" (snat, dnat) or "OUTSIDE AT_MS none -":
what `flowmeter nat` must answer.
"""
import ipaddress
import socket
import struct
import sys

port, t0 = int(sys.argv[1]), int(sys.argv[2])
FIELDS = [(323, 8), (230, 1), (4, 1), (8, 4), (12, 4), (7, 2), (11, 2),
          (225, 4), (226, 4), (227, 2), (228, 2)]
TMPL = struct.pack("!HH", 258, len(FIELDS)) + b"".join(struct.pack("!HH", i, n) for i, n in FIELDS)


def setb(i, b):
    return struct.pack("!HH", i, len(b) + 4) + b


def ipfix(body, seq):
    return struct.pack("!HHIII", 10, 16 + len(body), t0 // 1000, seq, 0) + body


def a(s):
    return ipaddress.ip_address(s).packed


def event(t, ev, src, sp, dst, dp, psrc, psp, pdst, pdp, proto=17):
    return (struct.pack("!QBB", t0 + t * 1000, ev, proto) + a(src) + a(dst) +
            struct.pack("!HH", sp, dp) + a(psrc) + a(pdst) + struct.pack("!HH", psp, pdp))


EVENTS = [
    event(0, 1, "10.1.0.2", 41001, "203.0.113.9", 53, "198.51.100.7", 40001, "203.0.113.9", 53),
    event(30, 1, "203.0.113.50", 6000, "198.51.100.7", 8080, "203.0.113.50", 6000, "10.1.0.9", 80, 6),
    event(60, 2, "10.1.0.2", 41001, "203.0.113.9", 53, "198.51.100.7", 40001, "203.0.113.9", 53),
    event(120, 1, "10.1.0.3", 41002, "203.0.113.9", 53, "198.51.100.7", 40001, "203.0.113.9", 53),
    event(200, 2, "10.1.0.3", 41002, "203.0.113.9", 53, "198.51.100.7", 40001, "203.0.113.9", 53),
]

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(ipfix(setb(2, TMPL), 0), ("127.0.0.1", port))
for n, e in enumerate(EVENTS):
    s.sendto(ipfix(setb(258, e), n), ("127.0.0.1", port))
for outside, at, inside, kind in [
        ("198.51.100.7:40001", 30, "10.1.0.2:41001", "snat"),
        ("198.51.100.7:40001", 90, "none", "-"),
        ("198.51.100.7:40001", 150, "10.1.0.3:41002", "snat"),
        ("198.51.100.7:8080", 10, "none", "-"),
        ("198.51.100.7:8080", 100, "10.1.0.9:80", "dnat"),
        ("198.51.100.7:8080", 250, "10.1.0.9:80", "dnat"),
        ("198.51.100.7:40002", 30, "none", "-"),
        ("198.51.100.7:40001", 250, "none", "-")]:
    print(outside, t0 + at * 1000, inside, kind)
