#!/usr/bin/env python3
"""Forward every UDP datagram received on PORT to each of HOST:PORT...

  tee.py LISTEN_PORT READYFILE DEST_PORT [DEST_PORT...]   (127.0.0.1)
Lets two collectors see the very same export of a one-destination exporter.
"""
import signal
import socket
import sys

port, ready, dests = int(sys.argv[1]), sys.argv[2], [int(p) for p in sys.argv[3:]]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
s.bind(("127.0.0.1", port))
o = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
open(ready, "w").close()
n = 0
while True:
    d = s.recv(65535)
    n += 1
    for p in dests:
        o.sendto(d, ("127.0.0.1", p))
