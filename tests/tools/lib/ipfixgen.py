#!/usr/bin/env python3
"""Send COUNT IPFIX flow records to 127.0.0.1:PORT and print what was sent.

  ipfixgen.py PORT COUNT END_MS [SPREAD_MS [RATE]]
Records end at END_MS + i * SPREAD_MS / COUNT (flowEndMilliseconds; default
spread 0), 40 to a datagram (template 256 first and every 50 datagrams),
RATE records a second at most (default 20000: a collector's socket buffer
keeps up; the tests count every record). Flow i: 10.2.(i/256%256).(i%256)
port 20000+i%1000 -> 192.0.2.(1+i%200):443, TCP, i%7+1 packets of 100
bytes each. Prints "records bytes packets" of everything sent.
"""
import socket
import struct
import sys
import time

port, count, end = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
spread = int(sys.argv[4]) if len(sys.argv) > 4 else 0
rate = int(sys.argv[5]) if len(sys.argv) > 5 else 20000
FIELDS = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (2, 8), (1, 8), (152, 8), (153, 8)]
PER = 40
TMPL = struct.pack("!HH", 256, len(FIELDS)) + b"".join(struct.pack("!HH", i, n) for i, n in FIELDS)


def rec(i):
    t = end + (i * spread // count if count else 0)
    p = i % 7 + 1
    return (bytes([10, 2, i // 256 % 256, i % 256, 192, 0, 2, 1 + i % 200]) +
            struct.pack("!HHBQQQQ", 20000 + i % 1000, 443, 6, p, p * 100, t - 1000, t))


s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
seq, i, pdu, byt, pkt = 0, 0, 0, 0, 0
start = time.monotonic()
while i < count:
    k = min(PER, count - i)
    body = b""
    if pdu % 50 == 0:
        body += struct.pack("!HH", 2, 4 + len(TMPL)) + TMPL
    recs = b"".join(rec(i + j) for j in range(k))
    body += struct.pack("!HH", 256, 4 + len(recs)) + recs
    s.sendto(struct.pack("!HHIII", 10, 16 + len(body), int(time.time()), seq, 1) + body,
             ("127.0.0.1", port))
    for j in range(i, i + k):
        pkt += j % 7 + 1
        byt += (j % 7 + 1) * 100
    seq += k
    i += k
    pdu += 1
    ahead = i / rate - (time.monotonic() - start)
    if ahead > 0:
        time.sleep(ahead)
print(count, byt, pkt)
