#!/usr/bin/env python3
"""What real exporters send, written by hand from each vendor's documented
template (nothing copied from another project's captures), with what a
record must decode to.

  vendors.py write OUTDIR         OUTDIR/CASE.pcap for every case (UDP to 2055 from
                                  the case's address), OUTDIR/all.pcap with them all
  vendors.py cases                the case names
  vendors.py check OUTDIR [--metrics FILE] [CASE...]
                                  every case (or those named): OUTDIR/CASE.dump.json
                                  (flowmeter-dump -j), CASE.tshark.json (tshark -T
                                  json; or the case's datagrams in all.tshark.json)
                                  and, if there, CASE.nfdump.json (nfdump -o json)
                                  against the truth; with --metrics, flowmeterd's
                                  /metrics against "expect"; exit 1 on a difference
  vendors.py src CASE             the address the case is sent from (127.0.1.N)
  vendors.py send CASE PORT...    its datagrams, from that address, to each
                                  127.0.0.1:PORT in turn (CASE "all": every case)
  vendors.py split-nfdump FILE OUTDIR
                                  nfdump -o json of all cases: OUTDIR/CASE.nfdump.json
                                  per case (by the exporter address)
  vendors.py expect CASE KEY...   what flowmeterd must count for the case (KEY=N
                                  for each of several keys):
                                  KEY = records (flow records), flows (connections:
                                  NSEL counts one when it ends), nat, bytes, packets,
                                  quirks (all kinds), quirk:KIND, errors

Every case has a domain (v9 source id, IPFIX observation domain) of its
own, so all of them can go to one collector. Times: v9 headers say uptime
100 s at 1700000000, IPFIX export time is 1700000000.
"""
import ipaddress
import json
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../lib"))
import packets  # noqa: E402

T0 = 1700000000
UPTIME = 100000


def A(s):
    return ipaddress.ip_address(s).packed


def setb(i, b):
    return struct.pack("!HH", i, len(b) + 4) + b


def tmpl(tid, fields):
    """A template record; a field is (id, len) or (id, len, pen)."""
    out = struct.pack("!HH", tid, len(fields))
    for f in fields:
        if len(f) == 3:
            out += struct.pack("!HHI", f[0] | 0x8000, f[1], f[2])
        else:
            out += struct.pack("!HH", f[0], f[1])
    return out


def v9_opt_tmpl(tid, scope, fields):
    b = b"".join(struct.pack("!HH", i, n) for i, n in scope)
    o = b"".join(struct.pack("!HH", i, n) for i, n in fields)
    return struct.pack("!HHH", tid, len(b), len(o)) + b + o


def ipfix_opt_tmpl(tid, scope, fields):
    return (struct.pack("!HHH", tid, len(scope) + len(fields), len(scope)) +
            b"".join(struct.pack("!HH", i, n) for i, n in scope + fields))


def v9(dom, sets, seq=0, count=1):
    return struct.pack("!HHIIII", 9, count, UPTIME, T0, seq, dom) + b"".join(sets)


def ipfix(dom, sets, seq=0, pad=b""):
    b = b"".join(sets) + pad
    return struct.pack("!HHIII", 10, 16 + len(b), T0, seq, dom) + b


def up_ms(uptime):
    """A v9 sysUpTime value as wall-clock ms."""
    return T0 * 1000 - (UPTIME - uptime)


class Case:
    """datagrams; flows, nat, options: the records flowmeter-dump must give
    (dicts of its JSON keys); tshark/nfdump: the keys compared with each,
    or a reason (text) why that decoder is no referee here."""

    def __init__(self, name, doc):
        self.name, self.doc = name, doc
        self.datagrams, self.flows, self.nat, self.options = [], [], [], []
        self.tshark = ["src", "dst", "sport", "dport", "proto", "bytes", "packets"]
        self.nfdump = ["src", "dst", "sport", "dport", "proto", "bytes", "packets"]
        self.quirks = {}		# kind: count, as flowmeterd_exporter_quirks_total says
        self.errors = 0			# decode errors the case must cost
        self.tshark_read = None		# per-case reading of tshark's fields
        self.nfdump_note = None		# what of the case nfdump gets wrong, so is not compared
        self.nfdump_read = None


CASES = []


def case(f):
    CASES.append(f)
    return f


@case
def dual_stack_v9():
    c = Case("dual_stack_v9", "a v9 template with IPv4 and IPv6 addresses (8/12 and 27/28, next "
             "hop 15/62), the family a flow does not use zero-filled")
    F = [(8, 4), (12, 4), (27, 16), (28, 16), (15, 4), (62, 16), (7, 2), (11, 2), (4, 1),
         (1, 4), (2, 4), (22, 4), (21, 4)]

    def rec(s4, d4, s6, d6, nh4, nh6, sp, dp, pr, b, p):
        return (A(s4) + A(d4) + A(s6) + A(d6) + A(nh4) + A(nh6) +
                struct.pack("!HHBIIII", sp, dp, pr, b, p, 90000, 99000))
    d = setb(256, rec("10.1.0.2", "192.0.2.9", "::", "::", "10.0.0.254", "::", 40001, 443, 6, 1500, 3) +
             rec("0.0.0.0", "0.0.0.0", "2001:db8::2", "2001:db8:1::9", "0.0.0.0", "fe80::1", 40002, 53, 17,
                 200, 2) +
             rec("10.1.0.3", "198.51.100.1", "::", "::", "0.0.0.0", "::", 5000, 5001, 17, 100, 1))
    c.datagrams = [v9(1, [setb(0, tmpl(256, F)), d], count=4)]
    c.flows = [
        dict(src="10.1.0.2", dst="192.0.2.9", nexthop="10.0.0.254", sport=40001, dport=443, proto=6,
             bytes=1500, packets=3, start_ms=up_ms(90000), end_ms=up_ms(99000)),
        dict(src="2001:db8::2", dst="2001:db8:1::9", nexthop="fe80::1", sport=40002, dport=53, proto=17,
             bytes=200, packets=2),
        dict(src="10.1.0.3", dst="198.51.100.1", nexthop="0.0.0.0", sport=5000, dport=5001, proto=17,
             bytes=100, packets=1),
    ]
    c.tshark += ["nexthop"]
    c.nfdump = ["sport", "dport", "proto", "bytes", "packets"]
    c.nfdump_note = "addresses: nfdump 1.7.1 mixes the two families of one template (0.0.0.0 for " \
        "IPv4 flows, src4 0.0.0.2 beside 2001:db8::2)"
    return c


@case
def dual_stack_ipfix():
    c = Case("dual_stack_ipfix", "an IPFIX dual-stack template with ipVersion (60) and the "
             "post-NAT addresses of both families (225/281)")
    F = [(60, 1), (8, 4), (27, 16), (12, 4), (28, 16), (225, 4), (281, 16), (227, 2), (7, 2), (11, 2),
         (4, 1), (1, 8), (2, 8)]

    def rec(v, s4, s6, d4, d6, x4, x6, xp, sp, dp, pr, b, p):
        return (struct.pack("!B", v) + A(s4) + A(s6) + A(d4) + A(d6) + A(x4) + A(x6) +
                struct.pack("!HHHBQQ", xp, sp, dp, pr, b, p))
    d = setb(300, rec(4, "10.1.0.2", "::", "192.0.2.9", "::", "198.51.100.7", "::", 1025, 40001, 80, 6,
                      4000, 4) +
             rec(6, "0.0.0.0", "2001:db8::2", "0.0.0.0", "2001:db8:1::9", "0.0.0.0", "::", 0, 40002, 443,
                 6, 9000, 9) +
             rec(4, "0.0.0.0", "::", "255.255.255.255", "::", "0.0.0.0", "::", 0, 68, 67, 17, 328, 1))
    c.datagrams = [ipfix(2, [setb(2, tmpl(300, F)), d])]
    c.flows = [
        dict(src="10.1.0.2", dst="192.0.2.9", post_src="198.51.100.7", post_sport=1025, sport=40001,
             dport=80, proto=6, bytes=4000, packets=4),
        dict(src="2001:db8::2", dst="2001:db8:1::9", sport=40002, dport=443, proto=6, bytes=9000,
             packets=9),
        dict(src="0.0.0.0", dst="255.255.255.255", sport=68, dport=67, proto=17, bytes=328, packets=1),
    ]
    c.tshark += ["post_src"]
    c.nfdump = ["sport", "dport", "proto", "bytes", "packets"]
    c.nfdump_note = "addresses: nfdump 1.7.1 mixes the two families of one template (0.0.0.0 for " \
        "IPv4 flows, src4 0.0.0.2 beside 2001:db8::2)"
    return c


def nsel_fields(v6):
    a = 16 if v6 else 4
    return [(148, 4), (27 if v6 else 8, a), (7, 2), (10, 2), (28 if v6 else 12, a), (11, 2), (14, 2),
            (4, 1), (178 if v6 else 176, 1), (179 if v6 else 177, 1),
            (281 if v6 else 225, a), (282 if v6 else 226, a), (227, 2), (228, 2), (233, 1), (33002, 2),
            (323, 8), (152, 8), (231, 4), (232, 4), (298, 4), (299, 4)]


@case
def cisco_asa_nsel():
    c = Case("cisco_asa_nsel", "Cisco ASA NSEL v9 event templates as Cisco's NSEL guide lays them out "
             "(IPv4 263, IPv6 264): connection id, addresses, ports, interfaces, ICMP type and code "
             "apart, translation, firewall and extended event, event and creation times, bytes and "
             "packets only as initiator and responder counts")
    created, ev_t = T0 * 1000 + 100, T0 * 1000 + 1234
    recs, flows, nat = b"", [], []
    rows = [  # event, proto, sport, dport, icmp, init/resp bytes, init/resp packets, translated
        (1, 6, 40001, 443, (0, 0), 0, 0, 0, 0, True),
        (5, 6, 40001, 443, (0, 0), 700, 30000, 8, 25, True),
        (2, 6, 40001, 443, (0, 0), 800, 34000, 12, 25, True),
        (3, 1, 0, 0, (8, 0), 84, 0, 1, 0, False),
        (2, 17, 5353, 53, (0, 0), 60, 120, 1, 1, False),
    ]
    for ev, pr, sp, dp, (it, ic), ib, rb, ip, rp, xl in rows:
        xs, xsp = ("198.51.100.7", 1025) if xl else ("10.1.0.2", sp)
        recs += (struct.pack("!I", 77) + A("10.1.0.2") + struct.pack("!HH", sp, 3) + A("192.0.2.9") +
                 struct.pack("!HHBBB", dp, 4, pr, it, ic) + A(xs) + A("192.0.2.9") +
                 struct.pack("!HHBHQQIIII", xsp, dp, ev, 0, ev_t, created, ib, rb, ip, rp))
        f = dict(kind="flow", src="10.1.0.2", dst="192.0.2.9", sport=sp, dport=(it << 8 | ic) if pr == 1 else dp,
                 proto=pr, bytes=ib + rb, packets=ip + rp, rev_bytes=rb, rev_packets=rp, fw_event=ev,
                 post_src=xs, post_sport=xsp, post_dst="192.0.2.9", post_dport=dp, in_if=3, out_if=4,
                 flows=1 if ev in (2, 3) else 0, start_ms=created, end_ms=ev_t)
        flows.append(f)
        if xl and ev in (1, 2):
            nat.append(dict(kind="nat", src="10.1.0.2", sport=sp, post_src=xs, post_sport=xsp,
                            dst="192.0.2.9", dport=dp, proto=pr, nat_event=ev, time_ms=ev_t))
    r6 = (struct.pack("!I", 78) + A("2001:db8::2") + struct.pack("!HH", 0, 3) + A("2001:db8:1::9") +
          struct.pack("!HHBBB", 0, 4, 58, 128, 0) + A("2001:db8::2") + A("2001:db8:1::9") +
          struct.pack("!HHBHQQIIII", 0, 0, 2, 0, ev_t, created, 104, 104, 1, 1))
    flows.append(dict(kind="flow", src="2001:db8::2", dst="2001:db8:1::9", sport=0, dport=128 << 8,
                      proto=58, bytes=208, packets=2, rev_bytes=104, fw_event=2, flows=1))
    c.datagrams = [v9(3, [setb(0, tmpl(263, nsel_fields(False)) + tmpl(264, nsel_fields(True))),
                          setb(263, recs), setb(264, r6)], count=8)]
    c.flows, c.nat = flows, nat
    c.tshark += ["fw_event", "post_src", "post_sport", "rev_bytes"]
    c.nfdump += ["fw_event", "post_src", "post_sport", "rev_bytes"]
    return c


@case
def cisco_asa_nsel_legacy():
    c = Case("cisco_asa_nsel_legacy", "an ASA 8.2 NSEL v9 template: translation and event in Cisco's "
             "own ids 40001-40005, bytes as NF_F_FLOW_BYTES (85)")
    F = [(8, 4), (7, 2), (12, 4), (11, 2), (4, 1), (40001, 4), (40002, 4), (40003, 2), (40004, 2),
         (40005, 1), (323, 8), (85, 4)]
    ev_t = T0 * 1000 + 2000
    d = setb(265, A("10.1.0.3") + struct.pack("!H", 5000) + A("192.0.2.10") + struct.pack("!HB", 53, 17) +
             A("198.51.100.8") + A("192.0.2.10") + struct.pack("!HHBQI", 6000, 53, 2, ev_t, 777))
    c.datagrams = [v9(4, [setb(0, tmpl(265, F)), d], count=2)]
    c.flows = [dict(kind="flow", src="10.1.0.3", dst="192.0.2.10", sport=5000, dport=53, proto=17, bytes=777,
                    fw_event=2, post_src="198.51.100.8", post_sport=6000, flows=1, end_ms=ev_t)]
    c.nat = [dict(kind="nat", src="10.1.0.3", sport=5000, post_src="198.51.100.8", post_sport=6000,
                  nat_event=2, time_ms=ev_t)]
    c.tshark = ["src", "dst", "sport", "dport", "proto", "bytes", "fw_event", "post_src", "post_sport"]
    c.nfdump = ["src", "dst", "sport", "dport", "proto", "bytes", "fw_event", "post_src", "post_sport"]
    return c


@case
def h3c_vrf_varlen():
    c = Case("h3c_vrf_varlen", "an H3C v9 template with VRFname (236) of length 65535, its text "
             "length-prefixed as IPFIX's variable length")
    F = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 4), (2, 4), (236, 65535), (10, 4)]

    def rec(vrf, b, ifx):
        v = vrf.encode()
        ln = bytes([len(v)]) if len(v) < 255 else b"\xff" + struct.pack("!H", len(v))
        return A("10.1.0.2") + A("192.0.2.9") + struct.pack("!HHBII", 1234, 80, 6, b, 3) + ln + v + \
            struct.pack("!I", ifx)
    d = setb(300, rec("vpn-a", 1000, 5) + rec("", 2000, 6) + rec("x" * 300, 3000, 7))
    c.datagrams = [v9(5, [setb(0, tmpl(300, F)), d], count=4)]
    c.flows = [dict(src="10.1.0.2", dst="192.0.2.9", sport=1234, dport=80, proto=6, bytes=b, packets=3,
                    in_if=i) for b, i in ((1000, 5), (2000, 6), (3000, 7))]
    c.tshark += ["in_if"]
    c.nfdump += ["in_if"]
    c.quirks = {"v9_variable_length": 1}
    return c


@case
def panos_padding():
    c = Case("panos_padding", "a PAN-OS v9 template (IN_BYTES, IN_PKTS, PROTOCOL, TOS, TCP_FLAGS, ports, "
             "addresses, interfaces, switched times, flowId, PEN 346 and Palo Alto's App-ID 56701 and "
             "User-ID 56702 in v9's private ids), the datagram padded with zeros after the last set")
    F = [(1, 4), (2, 4), (4, 1), (5, 1), (6, 1), (7, 2), (8, 4), (10, 4), (11, 2), (12, 4), (14, 4),
         (21, 4), (22, 4), (148, 8), (346, 4), (56701, 32), (56702, 64)]
    d = setb(256, struct.pack("!IIBBBH", 52000, 40, 6, 0, 0x1b, 50123) + A("10.1.0.4") +
             struct.pack("!IH", 1, 443) + A("203.0.113.5") + struct.pack("!IIIQI", 2, 99000, 95000, 9,
                                                                           25461) +
             b"ssl".ljust(32, b"\0") + b"corp\\alice".ljust(64, b"\0"))
    c.datagrams = [v9(6, [setb(0, tmpl(256, F)), d], count=2) + b"\0" * 36,
                   v9(6, [d], seq=1, count=1) + b"\0" * 1000]
    rec = dict(src="10.1.0.4", dst="203.0.113.5", sport=50123, dport=443, proto=6, bytes=52000, packets=40,
               tcp_flags=0x1b, in_if=1, out_if=2, start_ms=up_ms(95000), end_ms=up_ms(99000))
    c.flows = [rec, rec]
    c.quirks = {"padding": 2}
    return c


@case
def aci_padding():
    c = Case("aci_padding", "a Cisco ACI IPFIX template (addresses, ports, protocol, octets, packets, "
             "flow start and end in ms, interfaces), the message padded with zeros inside its length")
    F = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 8), (2, 8), (152, 8), (153, 8), (10, 4), (14, 4)]
    d = setb(300, A("10.1.0.5") + A("192.0.2.20") + struct.pack("!HHBQQQQII", 33000, 22, 6, 4400, 44,
                                                               T0 * 1000 - 5000, T0 * 1000 - 100, 7, 8))
    c.datagrams = [ipfix(7, [setb(2, tmpl(300, F)), d], pad=b"\0" * 24),
                   ipfix(7, [d], seq=1, pad=b"\0" * 1000)]
    rec = dict(src="10.1.0.5", dst="192.0.2.20", sport=33000, dport=22, proto=6, bytes=4400, packets=44,
               start_ms=T0 * 1000 - 5000, end_ms=T0 * 1000 - 100)
    c.flows = [rec, rec]
    c.quirks = {"padding": 2}
    return c


@case
def repeated_field():
    c = Case("repeated_field", "an IPFIX template laid out as Juniper documents its IPv4 one (addresses, "
             "tos, protocol, ports, icmpTypeCode, interfaces, vlan, prefix lengths, AS, next hop, flags, "
             "counts, times, end reason), with egressInterface (14) named twice, the repeat zero: the "
             "duplicate-field templates Logstash's codec refuses (ASR 1000, ISR, Junos IPFIX)")
    F = [(8, 4), (12, 4), (5, 1), (4, 1), (7, 2), (11, 2), (32, 2), (10, 4), (58, 2), (9, 1), (13, 1),
         (16, 4), (17, 4), (15, 4), (6, 1), (14, 4), (1, 8), (2, 8), (152, 8), (153, 8), (136, 1), (14, 4)]
    d = setb(320, A("10.1.0.6") + A("192.0.2.30") + struct.pack("!BBHHHIHBBII", 0, 6, 44000, 25, 0, 11, 100,
                                                              24, 24, 64500, 64501) +
             A("10.0.0.1") + struct.pack("!BIQQQQBI", 0x12, 12, 900, 9, T0 * 1000 - 3000, T0 * 1000 - 1000, 1,
                                          0))
    c.datagrams = [ipfix(8, [setb(2, tmpl(320, F)), d])]
    c.flows = [dict(src="10.1.0.6", dst="192.0.2.30", sport=44000, dport=25, proto=6, bytes=900, packets=9,
                    in_if=11, out_if=12, src_as=64500, dst_as=64501, nexthop="10.0.0.1")]
    c.tshark += ["in_if", "out_if"]
    c.nfdump += ["in_if"]
    c.nfdump_note = "out_if: nfdump 1.7.1 takes the repeat, zero"
    c.quirks = {"repeated_field": 1}
    return c


@case
def iosxe_sysuptime():
    c = Case("iosxe_sysuptime", "Cisco IOS XE Flexible NetFlow over IPFIX: first/last switched as "
             "sysUpTime (22/21), the boot time as systemInitTimeMilliseconds (160) in options data")
    init = 1699990000000
    ot = setb(3, ipfix_opt_tmpl(400, [(149, 4)], [(160, 8)]))
    od = setb(400, struct.pack("!IQ", 9, init))
    F = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 8), (2, 8), (22, 4), (21, 4)]
    d = setb(300, A("10.1.0.7") + A("192.0.2.40") + struct.pack("!HHBQQII", 1234, 80, 6, 1000, 3, 5000000,
                                                               9000000))
    c.datagrams = [ipfix(9, [ot, od, setb(2, tmpl(300, F))]), ipfix(9, [d], seq=1)]
    c.flows = [dict(src="10.1.0.7", dst="192.0.2.40", sport=1234, dport=80, proto=6, bytes=1000, packets=3,
                    start_ms=init + 5000000, end_ms=init + 9000000)]
    c.options = [dict(sys_init_ms=init)]
    c.tshark += ["start_ms", "end_ms"]
    c.nfdump += ["start_ms", "end_ms"]
    return c


@case
def cisco_sampler_table():
    c = Case("cisco_sampler_table", "Cisco IOS v9 sampler options (scope System; FLOW_SAMPLER_ID 48, "
             "FLOW_SAMPLER_MODE 49, FLOW_SAMPLER_RANDOM_INTERVAL 50), two samplers, records naming theirs")
    ot = setb(1, v9_opt_tmpl(257, [(1, 4)], [(48, 1), (49, 1), (50, 4)]))
    od = setb(257, struct.pack("!IBBI", 0, 1, 2, 100) + struct.pack("!IBBI", 0, 2, 2, 1000) + b"\0\0")
    F = [(8, 4), (12, 4), (4, 1), (1, 4), (2, 4), (48, 1)]
    d = setb(258, A("10.1.0.8") + A("192.0.2.50") + struct.pack("!BIIB", 6, 1000, 3, 1) +
             A("10.1.0.9") + A("192.0.2.50") + struct.pack("!BIIB", 6, 1000, 3, 2))
    c.datagrams = [v9(10, [ot, od, setb(0, tmpl(258, F))], count=3), v9(10, [d], seq=1, count=2)]
    c.flows = [dict(src="10.1.0.8", dst="192.0.2.50", proto=6, bytes=100000, packets=300, sampling=100),
               dict(src="10.1.0.9", dst="192.0.2.50", proto=6, bytes=1000000, packets=3000, sampling=1000)]
    c.options = [dict(sampler_id=1, sampling=100), dict(sampler_id=2, sampling=1000)]
    c.tshark = ["src", "dst", "proto", "bytes", "packets"]
    c.nfdump = ["src", "dst", "proto", "raw_bytes", "raw_packets"]	# nfdump 1.7.1 does not scale
    return c


@case
def rfc5477_selector():
    c = Case("rfc5477_selector", "an IPFIX selector as RFC 5477 describes a systematic count-based one "
             "(selectorId 302, selectorAlgorithm 304 = 1, samplingPacketInterval 305 = 1, "
             "samplingPacketSpace 306 = 99: 1 in 100), records naming the selector")
    ot = setb(3, ipfix_opt_tmpl(400, [(302, 8)], [(304, 2), (305, 4), (306, 4)]))
    od = setb(400, struct.pack("!QHII", 7, 1, 1, 99))
    F = [(8, 4), (12, 4), (4, 1), (1, 8), (2, 8), (302, 8)]
    d = setb(300, A("10.1.0.10") + A("192.0.2.60") + struct.pack("!BQQQ", 6, 1000, 3, 7))
    c.datagrams = [ipfix(11, [ot, od, setb(2, tmpl(300, F))]), ipfix(11, [d], seq=1)]
    c.flows = [dict(src="10.1.0.10", dst="192.0.2.60", proto=6, bytes=100000, packets=300, sampling=100)]
    c.options = [dict(sampler_id=7, sampling=100)]
    c.tshark = ["src", "dst", "proto", "bytes", "packets"]
    c.nfdump = ["src", "dst", "proto", "raw_bytes", "raw_packets"]
    return c


@case
def huawei_record_sampling():
    c = Case("huawei_record_sampling", "a Huawei NetStream v9 template carrying SAMPLING_INTERVAL (34) "
             "and SAMPLING_ALGORITHM (35) in every data record")
    F = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 4), (2, 4), (34, 4), (35, 1), (10, 4), (14, 4)]
    d = setb(260, A("10.1.0.11") + A("192.0.2.70") + struct.pack("!HHBIIIBII", 1000, 80, 6, 10, 1, 512, 2,
                                                                1, 2))
    c.datagrams = [v9(12, [setb(0, tmpl(260, F)), d], count=2)]
    c.flows = [dict(src="10.1.0.11", dst="192.0.2.70", sport=1000, dport=80, proto=6, bytes=5120,
                    packets=512, sampling=512)]
    c.tshark = ["src", "dst", "sport", "dport", "proto", "bytes", "packets"]
    c.nfdump = ["src", "dst", "sport", "dport", "proto", "raw_bytes", "raw_packets"]
    return c


@case
def v9_scope_interface():
    c = Case("v9_scope_interface", "a v9 interface-name options template whose scope is RFC 3954's "
             "Interface scope type (2), ifName (82) as the option")
    ot = setb(1, v9_opt_tmpl(261, [(2, 4)], [(82, 16)]))
    od = setb(261, struct.pack("!I", 12) + b"Gi0/0/1".ljust(16, b"\0") +
              struct.pack("!I", 13) + b"Gi0/0/2".ljust(16, b"\0"))
    F = [(8, 4), (12, 4), (4, 1), (1, 4), (2, 4), (10, 4), (14, 4)]
    d = setb(262, A("10.1.0.12") + A("192.0.2.80") + struct.pack("!BIIII", 17, 500, 5, 12, 13))
    c.datagrams = [v9(13, [ot, od, setb(0, tmpl(262, F)), d], count=4)]
    c.flows = [dict(src="10.1.0.12", dst="192.0.2.80", proto=17, bytes=500, packets=5, in_if=12, out_if=13)]
    c.options = [dict(ifindex=12, ifname="Gi0/0/1"), dict(ifindex=13, ifname="Gi0/0/2")]
    c.tshark = ["src", "dst", "proto", "bytes", "packets", "in_if"]
    c.nfdump = ["src", "dst", "proto", "bytes", "packets", "in_if"]
    return c


@case
def yaf_biflow():
    c = Case("yaf_biflow", "a YAF IPFIX biflow template (RFC 5103): octet and packet counts forward and, "
             "under enterprise 29305, reverse")
    F = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 8), (2, 8), (1, 8, 29305), (2, 8, 29305)]
    d = setb(300, A("10.1.0.13") + A("192.0.2.90") + struct.pack("!HHBQQQQ", 41000, 443, 6, 1200, 10,
                                                                90000, 70))
    c.datagrams = [ipfix(14, [setb(2, tmpl(300, F)), d])]
    c.flows = [dict(src="10.1.0.13", dst="192.0.2.90", sport=41000, dport=443, proto=6, bytes=91200,
                    packets=80, rev_bytes=90000, rev_packets=70)]
    c.tshark += ["rev_bytes", "rev_packets"]

    def tshark_read(pairs, rec):
        # tshark -T json names the reverse elements as the forward ones, in field order.
        octets = [int(v) for k, v in pairs if k == "cflow.octets"]
        pk = [int(v) for k, v in pairs if k == "cflow.packets"]
        rec.update(bytes=sum(octets), packets=sum(pk), rev_bytes=octets[-1], rev_packets=pk[-1])
    c.tshark_read = tshark_read
    c.nfdump = ["src", "dst", "sport", "dport", "proto", "fwd_bytes", "fwd_packets"]
    return c


@case
def edgeos_option_length():
    c = Case("edgeos_option_length", "pmacct nfprobe's v9 classification options (EdgeOS): scope System, "
             "applicationId (95) and applicationName (96), the option length said 9 for two fields; a "
             "sampler options template after it in the same set")
    ot = (struct.pack("!HHH", 270, 4, 9) + struct.pack("!HHHHHH", 1, 4, 95, 4, 96, 16) +
          v9_opt_tmpl(271, [(1, 4)], [(48, 1), (50, 4)]))
    od = setb(270, struct.pack("!II", 0, 0x0d000035) + b"dns".ljust(16, b"\0"))
    sd = setb(271, struct.pack("!IBI", 0, 3, 10) + b"\0\0\0")
    F = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 4), (2, 4), (95, 4), (48, 1)]
    d = setb(272, A("10.1.0.14") + A("192.0.2.53") + struct.pack("!HHBIIIB", 5353, 53, 17, 80, 1, 0x0d000035, 3))
    c.datagrams = [v9(15, [setb(1, ot), od, sd, setb(0, tmpl(272, F)), d], count=6)]
    c.flows = [dict(src="10.1.0.14", dst="192.0.2.53", sport=5353, dport=53, proto=17, bytes=800,
                    packets=10, sampling=10)]
    c.options = [dict(fields={"scopeSystem": 0, "applicationId": 0x0d000035, "applicationName": "dns"}),
                 dict(sampler_id=3, sampling=10)]
    c.tshark = ["src", "dst", "sport", "dport", "proto", "bytes", "packets"]
    c.nfdump = ["src", "dst", "sport", "dport", "proto", "raw_bytes", "raw_packets"]
    c.quirks = {"v9_option_length": 1}
    return c


@case
def hsl_repeated_ports():
    c = Case("hsl_repeated_ports", "a v9 template naming L4_SRC_PORT and L4_DST_PORT twice, both said "
             "(Cisco ISR high-speed logging's template 284, Logstash issue 93): the first is the flow's")
    F = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (225, 4), (7, 2), (11, 2), (1, 4), (2, 4)]
    d = setb(284, A("10.1.0.15") + A("192.0.2.80") + struct.pack("!HHB", 40100, 443, 6) + A("198.51.100.15") +
             struct.pack("!HHII", 1100, 443, 2000, 4))
    c.datagrams = [v9(16, [setb(0, tmpl(284, F)), d], count=2)]
    c.flows = [dict(src="10.1.0.15", dst="192.0.2.80", sport=40100, dport=443, proto=6, bytes=2000, packets=4,
                    post_src="198.51.100.15")]

    def tshark_read(pairs, rec):
        # tshark lists both occurrences; the first is the flow's.
        rec["sport"] = int([v for k, v in pairs if k == "cflow.srcport"][0])
        rec["dport"] = int([v for k, v in pairs if k == "cflow.dstport"][0])
    c.tshark_read = tshark_read
    c.tshark += ["post_src"]
    c.nfdump = ["src", "dst", "dport", "proto", "bytes", "packets"]
    c.nfdump_note = "sport: nfdump 1.7.1 takes the repeat"
    c.quirks = {"repeated_field": 1}
    return c


@case
def routeros_init_in_record():
    c = Case("routeros_init_in_record", "MikroTik RouterOS 7 IPFIX: flowStartSysUpTime and flowEndSysUpTime "
             "(22/21), systemInitTimeMilliseconds (160) after them in the same record (goflow2 PR 406)")
    init = 1699900000000
    F = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 4), (2, 4), (22, 4), (21, 4), (160, 8)]
    d = setb(256, A("10.1.0.16") + A("192.0.2.81") + struct.pack("!HHBIIIIQ", 52000, 80, 6, 559, 3, 85222260,
                                                                85237060, init))
    c.datagrams = [ipfix(17, [setb(2, tmpl(256, F)), d])]
    c.flows = [dict(src="10.1.0.16", dst="192.0.2.81", sport=52000, dport=80, proto=6, bytes=559, packets=3,
                    start_ms=init + 85222260, end_ms=init + 85237060)]
    c.tshark += ["start_ms", "end_ms"]
    c.nfdump += ["start_ms", "end_ms"]
    return c


@case
def iosxr_uptime_no_init():
    c = Case("iosxr_uptime_no_init", "IOS XR (and SonicWALL, older RouterOS) IPFIX: flowStartSysUpTime and "
             "flowEndSysUpTime, no systemInitTimeMilliseconds anywhere (nfdump issue 264): the times are "
             "unknown, not guessed")
    F = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 8), (2, 8), (22, 4), (21, 4)]
    d = setb(266, A("10.1.0.17") + A("192.0.2.82") + struct.pack("!HHBQQII", 48580, 179, 6, 68, 1, 7000, 7000))
    c.datagrams = [ipfix(18, [setb(2, tmpl(266, F)), d])]
    c.flows = [dict(src="10.1.0.17", dst="192.0.2.82", sport=48580, dport=179, proto=6, bytes=68, packets=1,
                    start_ms=0, end_ms=0)]
    c.quirks = {"uptime_without_init": 1}
    return c


@case
def fortigate_post_counters():
    c = Case("fortigate_post_counters", "a FortiGate v9 template with IN_BYTES/IN_PKTS (1/2) and OUT_BYTES/"
             "OUT_PKTS (23/24, IPFIX's post counters) of the same value, App-ID as applicationId (95): "
             "the post counters are the same traffic, not more of it (ElastiFlow issue 260 doubled it)")
    F = [(1, 8), (23, 8), (2, 8), (24, 8), (22, 4), (21, 4), (7, 2), (11, 2), (10, 2), (14, 2), (4, 1),
         (8, 4), (12, 4), (95, 8)]
    d = setb(262, struct.pack("!QQQQIIHHHHB", 134, 134, 1, 1, 98000, 98060, 53, 54521, 1, 11, 17) +
             A("192.0.2.53") + A("10.1.0.18") + struct.pack("!Q", 0x14 << 56 | 30440000))
    c.datagrams = [v9(19, [setb(0, tmpl(262, F)), d], count=2)]
    c.flows = [dict(src="192.0.2.53", dst="10.1.0.18", sport=53, dport=54521, proto=17, bytes=134, packets=1,
                    in_if=1, out_if=11, start_ms=up_ms(98000), end_ms=up_ms(98060))]
    c.nfdump = ["src", "dst", "sport", "dport", "proto", "fwd_bytes", "fwd_packets", "in_if", "out_if"]
    c.nfdump_note = "bytes: nfdump 1.7.1 stores OUT_BYTES as the other direction's"
    return c


def by_name(name):
    for f in CASES:
        c = f()
        if c.name == name:
            return c
    sys.exit("vendors.py: no case " + name)


# ---- what each decoder says, in flowmeter-dump's words ----

def pairs_hook(pairs):
    d = {}
    for k, v in pairs:
        d.setdefault(k, []).append(v)
    d["__pairs__"] = pairs
    return d


def last_nonzero(vals):
    """A repeated element: the last one that is not zero, as a repeat that
    is zero says nothing."""
    for v in reversed(vals):
        if v not in ("0", "0.0.0.0", "::"):
            return v
    return vals[-1]


def tshark_records(path, src_addr=None):
    """Data records (flow and options), in order: (set id, fields); of the
    datagrams from @src_addr only, if given."""
    out = []

    def walk(node, sid):
        if isinstance(node, dict):
            for k, v in node.get("__pairs__", []):
                if k.startswith(("FlowSet ", "Set ")) and "[id=" in k:
                    walk(v[0] if isinstance(v, list) else v, int(k.split("[id=")[1].split("]")[0]))
                elif k.startswith("Flow ") and sid is not None:
                    out.append((sid, v))
                else:
                    walk(v, sid)
        elif isinstance(node, list):
            for v in node:
                walk(v, sid)

    for pkt in json.load(open(path), object_pairs_hook=pairs_hook):
        layers = pkt["_source"][0]["layers"][0]
        if src_addr and layers["ip"][0]["ip.src"] != [src_addr]:
            continue
        for cf in layers.get("cflow", []):
            walk(cf, None)
    return out


def pick(f, v4, v6, version=None):
    a, b = f.get(v4), f.get(v6)
    a = last_nonzero(a) if a else None
    b = last_nonzero(b) if b else None
    if version == 4 and a is not None:
        return a
    if version == 6 and b is not None:
        return b
    if a is not None and b is not None:
        return b if a == "0.0.0.0" and b != "::" else a
    return a if a is not None else b


def ts_ms(text):
    """tshark's absolute time ("Nov 14, 2023 22:13:21.234000000 UTC") in ms."""
    import calendar
    import time
    date, frac = text.rsplit(".", 1)
    t = calendar.timegm(time.strptime(date, "%b %d, %Y %H:%M:%S"))
    return t * 1000 + int(frac.split()[0][:3])


def from_tshark(case, fields, sys_init):
    g = lambda k: last_nonzero(fields[k]) if k in fields else None  # noqa: E731
    ver = int(g("cflow.ip_version")) if g("cflow.ip_version") else None
    r = {"src": pick(fields, "cflow.srcaddr", "cflow.srcaddrv6", ver),
         "dst": pick(fields, "cflow.dstaddr", "cflow.dstaddrv6", ver),
         "nexthop": pick(fields, "cflow.nexthop", "cflow.nexthopv6"),
         "sport": int(g("cflow.srcport") or 0), "dport": int(g("cflow.dstport") or 0),
         "proto": int(g("cflow.protocol") or 0),
         "post_sport": int(g("cflow.post_naptsource_transport_port") or 0),
         "in_if": int(g("cflow.inputint") or 0), "out_if": int(g("cflow.outputint") or 0)}
    # Post-NAT addresses have the family of the flow's own.
    fam = 6 if r["src"] and ":" in r["src"] else 4
    r["post_src"] = pick(fields, "cflow.post_natsource_ipv4_address", "cflow.post_nat_source_ipv6_address",
                         ver or fam)
    if r["proto"] in (1, 58):
        for t, cd in (("cflow.icmp_ipv4_type", "cflow.icmp_ipv4_code"),
                      ("cflow.icmp_ipv6_type", "cflow.icmp_ipv6_code")):
            if t in fields:
                r["dport"] = int(g(t)) << 8 | int(g(cd))
    fw = g("cflow.firewall_event") or g("cflow.fw_event")
    if fw is not None:
        r["fw_event"] = int(fw)
    b = int(g("cflow.octets") or g("cflow.permanent_octets") or 0)
    p = int(g("cflow.packets") or 0)
    if "cflow.initiator_octets" in fields:
        r["rev_bytes"] = int(g("cflow.responder_octets"))
        b = int(g("cflow.initiator_octets")) + r["rev_bytes"]
        p = int(g("cflow.initiator_packets")) + int(g("cflow.responder_packets"))
    rate = 1
    for k in ("cflow.sampling_interval", "cflow.sampler_random_interval"):
        if k in fields:
            rate = int(g(k))
    if "cflow.sampler_id" in fields:
        rate = case.samplers.get(int(g("cflow.sampler_id")), rate)
    if "cflow.selector_id" in fields:
        rate = case.samplers.get(int(g("cflow.selector_id")), rate)
    r["bytes"], r["packets"] = b * rate, p * rate
    if "cflow.timedelta_tree" in fields and sys_init is not None:
        tree = fields["cflow.timedelta_tree"][0]
        r["start_ms"] = sys_init + int(float(tree["cflow.timestart"][0]) * 1000)
        r["end_ms"] = sys_init + int(float(tree["cflow.timeend"][0]) * 1000)
    if case.tshark_read:
        case.tshark_read(fields["__pairs__"], r)
    return r


def from_nfdump(rec):
    r = {"src": rec.get("src4_addr") or rec.get("src6_addr"),
         "dst": rec.get("dst4_addr") or rec.get("dst6_addr"),
         "sport": rec.get("src_port", 0), "dport": rec.get("dst_port", 0), "proto": rec["proto"],
         "in_if": rec.get("input_snmp", 0), "out_if": rec.get("output_snmp", 0),
         "post_src": rec.get("src4_xlt_ip") or rec.get("src6_xlt_ip"),
         "post_sport": int(rec.get("src_xlt_port", 0))}
    if "icmp_type" in rec:
        r["dport"] = rec["icmp_type"] << 8 | rec["icmp_code"]
    if "event_id" in rec:
        r["fw_event"] = int(rec["event_id"])
    r["fwd_bytes"], r["fwd_packets"] = rec["in_bytes"], rec["in_packets"]
    r["rev_bytes"] = rec.get("out_bytes", 0)
    r["bytes"] = rec["in_bytes"] + rec.get("out_bytes", 0)
    r["packets"] = rec["in_packets"] + rec.get("out_packets", 0)
    r["raw_bytes"], r["raw_packets"] = r["bytes"], r["packets"]
    # nfdump 1.7.1 swaps first and last of IPFIX sysUpTime times: compare them as a pair.
    t = sorted(ms(rec[k]) for k in ("first", "last") if not rec[k].startswith("1970"))
    if len(t) == 2:
        r["start_ms"], r["end_ms"] = t
    return r


def ms(text):
    import calendar
    import time
    date, frac = text.split(".")
    return calendar.timegm(time.strptime(date, "%Y-%m-%dT%H:%M:%S")) * 1000 + int(frac.ljust(3, "0")[:3])


def compare(who, got, want, keys, errors):
    if len(got) != len(want):
        errors.append("%s: %d records, expected %d" % (who, len(got), len(want)))
        return
    for i, (g, w) in enumerate(zip(got, want)):
        for k in keys:
            if k in w and g.get(k) != w[k]:
                errors.append("%s: record %d: %s = %r, expected %r" % (who, i + 1, k, g.get(k), w[k]))


def check(out, name):
    c = by_name(name)
    errors = []
    dump = [json.loads(line) for line in open(os.path.join(out, name + ".dump.json"))]
    flows = [r for r in dump if r["kind"] == "flow"]
    nat = [r for r in dump if r["kind"] == "nat"]
    opts = [r for r in dump if r["kind"] == "option"]
    all_keys = sorted({k for w in c.flows for k in w})
    compare("flowmeter-dump flows", flows, c.flows, all_keys, errors)
    compare("flowmeter-dump nat events", nat, c.nat, sorted({k for w in c.nat for k in w}), errors)
    compare("flowmeter-dump options", opts, c.options, sorted({k for w in c.options for k in w}), errors)
    # The data sets tshark decoded, options apart (they have no addresses).
    ts_path = os.path.join(out, name + ".tshark.json")
    if os.path.exists(ts_path):
        recs = tshark_records(ts_path)
    else:
        recs = tshark_records(os.path.join(out, "all.tshark.json"), src(name))
    sys_init = None
    ts = []
    c.samplers = {}
    for sid, f in recs:
        g = lambda k: int(f[k][0])  # noqa: E731
        if "cflow.sys_init_time" in f:
            sys_init = ts_ms(f["cflow.sys_init_time"][0])
        # What the options say a sampler takes, for the records naming it.
        if "cflow.sampler_id" in f and "cflow.sampler_random_interval" in f:
            c.samplers[g("cflow.sampler_id")] = g("cflow.sampler_random_interval")
        if "cflow.selector_id" in f and "cflow.sampling_packet_space" in f:
            i = g("cflow.sampling_packet_interval")
            c.samplers[g("cflow.selector_id")] = (i + g("cflow.sampling_packet_space")) // i
        if any(k in f for k in ("cflow.srcaddr", "cflow.srcaddrv6")):
            ts.append(from_tshark(c, f, sys_init))
    for o in c.options:
        if "ifname" in o and not any(f.get("cflow.if_name") == [o["ifname"]] and
                                     f.get("cflow.scope_interface") == [str(o["ifindex"])] for _, f in recs):
            errors.append("tshark: no interface option %(ifindex)s %(ifname)s" % o)
    if isinstance(c.tshark, str):
        print("# %s: tshark not compared: %s" % (name, c.tshark))
    else:
        compare("tshark", ts, c.flows, c.tshark, errors)
        compare("flowmeter-dump vs tshark", flows, ts, c.tshark, errors)
    nf_path = os.path.join(out, name + ".nfdump.json")
    if isinstance(c.nfdump, str):
        print("# %s: nfdump not compared: %s" % (name, c.nfdump))
    elif os.path.exists(nf_path):
        text = open(nf_path).read().strip()
        nf = [from_nfdump(r) for r in (json.loads(text) if text.startswith("[") else [])]
        want = []
        for w in c.flows:
            w = dict(w)
            rate = w.get("sampling", 1)
            w["raw_bytes"], w["raw_packets"] = w["bytes"] // rate, w.get("packets", 0) // rate
            w["fwd_bytes"] = w["bytes"] - w.get("rev_bytes", 0)
            w["fwd_packets"] = w.get("packets", 0) - w.get("rev_packets", 0)
            want.append(w)
        compare("nfdump", nf, want, c.nfdump, errors)
        if c.nfdump_note:
            print("# %s: nfdump not compared on %s" % (name, c.nfdump_note))
    for e in errors:
        print("FAIL %s: %s" % (name, e))
    if not errors:
        print("ok %s: %d flows, %d NAT events, %d options records agree (%s)" %
              (name, len(flows), len(nat), len(opts), c.doc))
    return not errors


def write(out):
    """A pcap per case, and all.pcap with every case from its own address
    (one tshark run for all)."""
    os.makedirs(out, exist_ok=True)
    allf = open(os.path.join(out, "all.pcap"), "wb")
    everything = packets.Pcap(allf, packets.LINKTYPE_RAW)
    for f in CASES:
        c = f()
        addr = [int(x) for x in src(c.name).split(".")]
        with open(os.path.join(out, c.name + ".pcap"), "wb") as fh:
            w = packets.Pcap(fh, packets.LINKTYPE_RAW)
            for i, p in enumerate(c.datagrams):
                udp = struct.pack("!HHHH", 40000, 2055, 8 + len(p), 0) + p
                w.write(packets.ipv4(addr, [127, 0, 0, 1], 17, udp, i, 0), T0 + i)
                everything.write(packets.ipv4(addr, [127, 0, 0, 1], 17, udp, i, 0), T0 + i)
    allf.close()


def expect(name, key):
    cs = [f() for f in CASES] if name == "all" else [by_name(name)]
    if key == "datagrams":
        return sum(len(c.datagrams) for c in cs)
    if key == "records":
        return sum(len(c.flows) for c in cs)
    if key == "flows":
        return sum(w.get("flows", 1) for c in cs for w in c.flows)
    if key == "nat":
        return sum(len(c.nat) for c in cs)
    if key in ("bytes", "packets"):
        return sum(w.get(key, 0) for c in cs for w in c.flows)
    if key == "quirks":
        return sum(sum(c.quirks.values()) for c in cs)
    if key.startswith("quirk:"):
        return sum(c.quirks.get(key[6:], 0) for c in cs)
    if key == "errors":
        return sum(c.errors for c in cs)
    sys.exit("vendors.py: unknown key " + key)


def src(name):
    for i, f in enumerate(CASES):
        if f().name == name:
            return "127.0.1.%d" % (i + 1)
    sys.exit("vendors.py: no case " + name)


def send(name, ports):
    import socket
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src(name), 0))
    for p in ports:
        for d in by_name(name).datagrams:
            s.sendto(d, ("127.0.0.1", p))


def split_nfdump(path, out):
    text = open(path).read().strip()
    recs = json.loads(text) if text.startswith("[") else []
    for f in CASES:
        c = f()
        mine = [r for r in recs if r.get("ip4_router") == src(c.name)]
        with open(os.path.join(out, c.name + ".nfdump.json"), "w") as fh:
            json.dump(mine, fh)


QUIRK_KINDS = ["padding", "v9_variable_length", "repeated_field", "uptime_without_init", "v9_option_length"]


def check_flowmeterd(path, name):
    """flowmeterd's /metrics (@path; items by_exporter labelled sampler, and
    by_host labelled sampler, src, dst) against what the case must count,
    per exporter address."""
    series = {}
    for line in open(path):
        if line.startswith("#") or " " not in line:
            continue
        k, v = line.rsplit(" ", 1)
        series[k] = int(float(v))
    s = src(name)
    m = lambda k: series.get(k, 0)  # noqa: E731
    got = {"records": m('flowmeterd_exporter_records_total{exporter="%s",kind="flow"}' % s),
           "flows": m('netflow_flow_by_exporter_flows_total{sampler="%s"}' % s),
           "bytes": m('netflow_flow_by_exporter{sampler="%s"}' % s),
           "packets": m('netflow_flow_by_exporter_packets_total{sampler="%s"}' % s),
           "nat": m('flowmeterd_exporter_records_total{exporter="%s",kind="nat"}' % s)}
    for q in QUIRK_KINDS:
        got["quirk:" + q] = m('flowmeterd_exporter_quirks_total{exporter="%s",kind="%s"}' % (s, q))
    got["errors"] = sum(v for k, v in series.items()
                        if k.startswith('flowmeterd_exporter_decode_errors_total{exporter="%s",' % s))
    text = lambda d: " ".join("%s=%d" % kv for kv in d.items())  # noqa: E731
    want = {k: expect(name, k) for k in got}
    ok = got == want
    if ok:
        print("ok %s: flowmeterd: %s" % (name, text(got)))
    else:
        print("FAIL %s: flowmeterd: %s\n     expected:        %s" % (name, text(got), text(want)))
    # Whose traffic it is: bytes per source and destination address.
    hosts, want_hosts = {}, {}
    for k, v in series.items():
        if k.startswith('netflow_flow_by_host{sampler="%s",' % s):
            lab = dict(x.split("=", 1) for x in k[k.index("{") + 1:-1].split(","))
            hosts[(lab["src"].strip('"'), lab["dst"].strip('"'))] = v
    for w in by_name(name).flows:
        key = (w["src"], w["dst"])
        want_hosts[key] = want_hosts.get(key, 0) + w["bytes"]
    if hosts != want_hosts:
        print("FAIL %s: flowmeterd bytes by host: %s, expected %s" % (name, sorted(hosts.items()),
                                                                     sorted(want_hosts.items())))
        ok = False
    return ok


def main():
    mode = sys.argv[1]
    if mode == "write":
        write(sys.argv[2])
    elif mode == "cases":
        print("\n".join(f().name for f in CASES))
    elif mode == "check":
        # check OUTDIR [--metrics FILE] [CASE...]: every case if none named.
        args, metrics = sys.argv[3:], None
        if args[:1] == ["--metrics"]:
            metrics, args = args[1], args[2:]
        ok = True
        for name in args or [f().name for f in CASES]:
            ok &= check(sys.argv[2], name)
            if metrics:
                ok &= check_flowmeterd(metrics, name)
        sys.exit(0 if ok else 1)
    elif mode == "expect" and len(sys.argv) == 4:
        print(expect(sys.argv[2], sys.argv[3]))
    elif mode == "expect":
        print(" ".join("%s=%d" % (k, expect(sys.argv[2], k)) for k in sys.argv[3:]))
    elif mode == "src":
        print(src(sys.argv[2]))
    elif mode == "send":
        for name in [f().name for f in CASES] if sys.argv[2] == "all" else [sys.argv[2]]:
            send(name, [int(p) for p in sys.argv[3:]])
    elif mode == "split-nfdump":
        split_nfdump(sys.argv[2], sys.argv[3])
    else:
        sys.exit("vendors.py: unknown mode " + mode)


if __name__ == "__main__":
    main()
