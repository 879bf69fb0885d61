#!/usr/bin/env python3
"""Convert a sink.py capture.

  pdus.py pcap SINKFILE OUT.pcap PORT   each PDU as an IPv4/UDP packet to PORT
  pdus.py raw SINKFILE OUT              PDUs back to back (an IPFIX file)
  pdus.py count SINKFILE                number of PDUs
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../lib"))
import packets  # noqa: E402


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    off = 0
    while off < len(data):
        (n,) = struct.unpack_from("!I", data, off)
        yield data[off + 4:off + 4 + n]
        off += 4 + n


def pcap(src, out, port):
    with open(out, "wb") as f:
        w = packets.Pcap(f, packets.LINKTYPE_RAW)
        for i, p in enumerate(read(src)):
            udp = struct.pack("!HHHH", 40000, port, 8 + len(p), 0) + p
            w.write(packets.ipv4([127, 0, 0, 1], [127, 0, 0, 1], 17, udp, i, 0), i)


def main():
    mode, src = sys.argv[1], sys.argv[2]
    if mode == "pcap":
        pcap(src, sys.argv[3], int(sys.argv[4]))
    elif mode == "raw":
        with open(sys.argv[3], "wb") as f:
            for p in read(src):
                f.write(p)
    elif mode == "count":
        print(sum(1 for _ in read(src)))
    else:
        sys.exit("pdus.py: unknown mode " + mode)


main()
