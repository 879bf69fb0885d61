"""IP packets and pcap files as the tests write them: one checksum, one
IPv4 header builder, one pcap writer for every suite."""
import struct

LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101	# packets start with the IP header


def csum(b):
    """The Internet checksum (RFC 1071) of @b."""
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(src, dst, proto, payload, ident=1, flags_frag=0x4000, ttl=64):
    """An IPv4 packet: @src and @dst as 4 bytes, @flags_frag the 16-bit
    flags and fragment offset field (DF by default)."""
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident & 0xFFFF,
                    flags_frag, ttl, proto, 0, bytes(src), bytes(dst))
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload


def flow_l4(proto, sp, dp, k, n, size):
    """Packet @k of @n of a flow: UDP, or TCP from SYN through data to
    FIN (so exporters end the flow), with @size payload bytes."""
    if proto == 17:
        return struct.pack("!HHHH", sp, dp, 8 + size, 0) + b"u" * size
    flags = 0x02 if k == 0 else (0x11 if k == n - 1 else 0x18)
    return struct.pack("!HHIIBBHHH", sp, dp, k, 0, 0x50, flags, 65535, 0, 0) + b"t" * size


ETHER_IPV4 = b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01" + b"\x08\x00"


class Pcap:
    """A classic pcap file: Pcap(f, linktype).write(packet, seconds)."""

    def __init__(self, f, linktype):
        self.f = f
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype))

    def write(self, pkt, t=0.0):
        self.f.write(struct.pack("<IIII", int(t), int((t % 1) * 1e6),
                                 len(pkt), len(pkt)) + pkt)
