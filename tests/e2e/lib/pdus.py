#!/usr/bin/env python3
"""Convert a sink.py capture.

  pdus.py pcap SINKFILE OUT.pcap PORT   each PDU as an IPv4/UDP packet to PORT
  pdus.py raw SINKFILE OUT              PDUs back to back (an IPFIX file)
  pdus.py count SINKFILE                number of PDUs
"""
import struct
import sys


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    off = 0
    while off < len(data):
        (n,) = struct.unpack_from("!I", data, off)
        yield data[off + 4:off + 4 + n]
        off += 4 + n


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def pcap(src, out, port):
    with open(out, "wb") as f:
        # LINKTYPE_RAW (101): packets start with the IP header.
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101))
        for i, p in enumerate(read(src)):
            udp = struct.pack("!HHHH", 40000, port, 8 + len(p), 0) + p
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xFFFF,
                             0, 64, 17, 0, bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]))
            ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
            pkt = ip + udp
            f.write(struct.pack("<IIII", i, 0, len(pkt), len(pkt)) + pkt)


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
