#!/usr/bin/env python3
"""Send the UDP payloads of a pcap file to HOST:PORT, in order.

  replay.py FILE.pcap HOST PORT [--dport N] [--times K] [--rate PPS]
"""
import argparse
import socket
import struct
import time


def payloads(path, dport=None):
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
    link = struct.unpack(end + "I", data[20:24])[0] & 0xffff
    off, out = 24, []
    l2 = {1: 14, 113: 16, 276: 20, 0: 4, 101: 0, 12: 0}.get(link, 0)
    while off + 16 <= len(data):
        incl = struct.unpack(end + "I", data[off + 8:off + 12])[0]
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        ip = pkt[l2:]
        if not ip:
            continue
        if ip[0] >> 4 == 4:
            ihl, proto = (ip[0] & 15) * 4, ip[9]
        elif ip[0] >> 4 == 6:
            ihl, proto = 40, ip[6]
        else:
            continue
        if proto != 17:
            continue
        udp = ip[ihl:]
        dp, ulen = struct.unpack("!HH", udp[2:6])
        if dport is None or dp == dport:
            out.append(udp[8:ulen])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pcap")
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("--dport", type=int)
    ap.add_argument("--times", type=int, default=1)
    ap.add_argument("--rate", type=float, default=0)
    a = ap.parse_args()
    fam = socket.AF_INET6 if ":" in a.host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    pl = payloads(a.pcap, a.dport)
    for _ in range(a.times):
        for p in pl:
            s.sendto(p, (a.host, a.port))
            if a.rate:
                time.sleep(1 / a.rate)
    print(len(pl) * a.times)


main()
