#!/usr/bin/env python3
"""A UDP collector that keeps every datagram as it arrived: it writes each
payload, length-prefixed, to a file so other tools (tshark via a pcap,
ipfixDump via a raw IPFIX stream) can decode the very bytes we received.

  sink.py PORT OUTFILE [BIND]     runs until SIGTERM; 'ready' file when bound
"""
import signal
import socket
import struct
import sys

port, out = int(sys.argv[1]), sys.argv[2]
bind = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
fam = socket.AF_INET6 if ":" in bind else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
s.bind((bind, port))
stop = False


def on_term(*_):
    global stop
    stop = True


signal.signal(signal.SIGTERM, on_term)
s.settimeout(0.2)
with open(out, "wb") as f:
    open(out + ".ready", "w").close()
    while True:
        try:
            data = s.recv(65535)
        except socket.timeout:
            if stop:
                break
            continue
        f.write(struct.pack("!I", len(data)) + data)
        f.flush()
