#!/usr/bin/env python3
"""Known traffic for the tests.

  traffic.py udp DST DPORT SPORT COUNT SIZE [GAP]  COUNT datagrams of SIZE
                                               bytes, GAP seconds apart
  traffic.py tcp-serve PORT READYFILE          accept one connection, read to EOF
  traffic.py tcp-send DST DPORT SPORT NBYTES   connect, send NBYTES, close
  traffic.py udp-many DST DPORT SPORT N        one datagram from each of N
                                               source ports SPORT..SPORT+N-1
"""
import socket
import sys
import time


def fam(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def udp(dst, dport, sport, count, size, gap=0.0):
    s = socket.socket(fam(dst), socket.SOCK_DGRAM)
    # Several senders may share one source port: one flow from many CPUs.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    s.bind(("::" if fam(dst) == socket.AF_INET6 else "0.0.0.0", sport))
    payload = b"f" * size
    for i in range(count):
        if gap and i:
            time.sleep(gap)
        s.sendto(payload, (dst, dport))


def udp_many(dst, dport, sport, n):
    any_addr = "::" if fam(dst) == socket.AF_INET6 else "0.0.0.0"
    for port in range(sport, sport + n):
        s = socket.socket(fam(dst), socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((any_addr, port))
        s.sendto(b"n", (dst, dport))
        s.close()


def tcp_serve(port, ready):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port))
    s.listen(1)
    open(ready, "w").close()
    c, _ = s.accept()
    total = 0
    while True:
        b = c.recv(65536)
        if not b:
            break
        total += len(b)
    c.close()
    print(total)


def tcp_send(dst, dport, sport, nbytes):
    s = socket.socket(fam(dst), socket.SOCK_STREAM)
    s.bind(("::" if fam(dst) == socket.AF_INET6 else "0.0.0.0", sport))
    s.connect((dst, dport))
    s.sendall(b"t" * nbytes)
    s.shutdown(socket.SHUT_WR)
    s.recv(1)
    s.close()


def main():
    a = sys.argv[1:]
    if a[0] == "udp":
        udp(a[1], int(a[2]), int(a[3]), int(a[4]), int(a[5]),
            float(a[6]) if len(a) > 6 else 0.0)
    elif a[0] == "udp-many":
        udp_many(a[1], int(a[2]), int(a[3]), int(a[4]))
    elif a[0] == "tcp-serve":
        tcp_serve(int(a[1]), a[2])
    elif a[0] == "tcp-send":
        tcp_send(a[1], int(a[2]), int(a[3]), int(a[4]))
    else:
        sys.exit("traffic.py: unknown mode " + a[0])


main()
