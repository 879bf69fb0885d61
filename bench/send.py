#!/usr/bin/env python3
"""Send the datagrams of a gen_export.py file to 127.0.0.1:PORT, in bursts
small enough for the collector's socket buffer (the benchmark measures the
collector's CPU, not the race between sender and receiver).

  send.py FILE PORT [BURST]
"""
import socket
import struct
import sys
import time

data = open(sys.argv[1], "rb").read()
port = int(sys.argv[2])
burst = int(sys.argv[3]) if len(sys.argv) > 3 else 200
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
off, n = 0, 0
while off < len(data):
    (l,) = struct.unpack("!I", data[off:off + 4])
    s.sendto(data[off + 4:off + 4 + l], ("127.0.0.1", port))
    off += 4 + l
    n += 1
    if n % burst == 0:
        time.sleep(0.002)
print(n)
