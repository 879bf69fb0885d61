#!/usr/bin/env python3
"""Compare what independent decoders read from our export with the truth.

Each decoder's records are summed per flow key (protocol, src, sport, dst,
dport). Every expected flow must be present with exactly the expected
packets and bytes ('-' = present, amount unknown in advance), no other flow
may be present, all decoders must agree record-for-record, and the totals
must equal the NETFLOW rule's own iptables counters. Without --expect,
only the totals and the decoders' agreement are checked (tests with more
flows than are worth listing).
"""
import argparse
import ipaddress
import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../lib"))
import nfdump as nfdump_csv  # noqa: E402
import tshark as tshark_json  # noqa: E402

def key(proto, sa, sp, da, dp):
    return (int(proto), str(ipaddress.ip_address(sa.strip())), int(sp),
            str(ipaddress.ip_address(da.strip())), int(dp))


def add(flows, k, pkts, byts):
    flows[k][0] += int(pkts)
    flows[k][1] += int(byts)


def nfdump(path):
    flows = defaultdict(lambda: [0, 0])
    for r in nfdump_csv.records(path):
        add(flows, key(r["pr"], r["sa"], r["sp"], r["da"], r["dp"]), r["ipkt"], r["ibyt"])
    return flows


def tshark_records(path):
    """Every flow record tshark decoded: (key, packets, bytes, end reason)."""
    recs = []
    for r in tshark_json.cflow_records(path, "cflow.packets"):
        if "cflow.octets" not in r:
            continue
        g = r.get
        recs.append((key(g("cflow.protocol"),
                         tshark_json.addr(r, "cflow.srcaddr", "cflow.srcaddrv6"),
                         g("cflow.srcport", "0"),
                         tshark_json.addr(r, "cflow.dstaddr", "cflow.dstaddrv6"),
                         g("cflow.dstport", "0")),
                     int(g("cflow.packets")), int(g("cflow.octets")),
                     int(g("cflow.flow_end_reason", "0"))))
    return recs


def tshark(path):
    flows = defaultdict(lambda: [0, 0])
    for k, p, b, _ in tshark_records(path):
        add(flows, k, p, b)
    return flows


def ipfixdump(path):
    flows = defaultdict(lambda: [0, 0])
    rec = None

    def done(r):
        if r and "packetDeltaCount" in r:
            sa = r.get("sourceIPv4Address") or r.get("sourceIPv6Address")
            da = r.get("destinationIPv4Address") or r.get("destinationIPv6Address")
            add(flows, key(r["protocolIdentifier"], sa, r["sourceTransportPort"], da,
                           r["destinationTransportPort"]),
                r["packetDeltaCount"], r["octetDeltaCount"])

    for line in open(path):
        if line.startswith("--- "):
            done(rec)
            rec = {} if "data record" in line else None
            continue
        m = re.match(r"\s*\(\d+\)\s+(\w+) : (.*)$", line)
        if m and rec is not None:
            rec[m.group(1)] = m.group(2).strip()
    done(rec)
    return flows


def expected(path):
    exp = {}
    for line in open(path):
        p = line.split()
        if len(p) == 7:
            exp[key(*p[:5])] = None if p[5] == "-" else (int(p[5]), int(p[6]))
    return exp


def records(path):
    """'check.py records TSHARK.json': one line per record, for shell tests."""
    for k, p, b, r in tshark_records(path):
        print(*k, p, b, r)


def main():
    if sys.argv[1:2] == ["records"]:
        records(sys.argv[2])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--protocol", required=True)
    ap.add_argument("--expect")
    ap.add_argument("--rule-packets", type=int, required=True)
    ap.add_argument("--rule-bytes", type=int, required=True)
    ap.add_argument("--nfdump")
    ap.add_argument("--tshark")
    ap.add_argument("--ipfixdump")
    a = ap.parse_args()

    exp = expected(a.expect) if a.expect else None
    decoders = {}
    if a.nfdump:
        decoders["nfdump"] = nfdump(a.nfdump)
    if a.tshark:
        decoders["tshark"] = tshark(a.tshark)
    if a.ipfixdump:
        decoders["ipfixDump"] = ipfixdump(a.ipfixdump)
    bad = 0

    def fail(msg):
        nonlocal bad
        bad += 1
        print("FAIL:", msg)

    for name, flows in decoders.items():
        for k, want in (exp or {}).items():
            got = flows.get(k)
            if got is None:
                fail("%s: flow %s missing" % (name, k))
            elif want is not None and tuple(got) != want:
                fail("%s: flow %s has %d packets %d bytes, sent %d packets %d bytes"
                     % (name, k, got[0], got[1], want[0], want[1]))
        for k in flows:
            if exp is not None and k not in exp:
                fail("%s: unexpected flow %s %s" % (name, k, flows[k]))
        tp = sum(v[0] for v in flows.values())
        tb = sum(v[1] for v in flows.values())
        if (tp, tb) != (a.rule_packets, a.rule_bytes):
            fail("%s: totals %d packets %d bytes, NETFLOW rule counted %d packets %d bytes"
                 % (name, tp, tb, a.rule_packets, a.rule_bytes))
        else:
            print("ok: %s: %d flows, %d packets, %d bytes = rule counters"
                  % (name, len(flows), tp, tb))
    names = list(decoders)
    for other in names[1:]:
        if dict(decoders[names[0]]) != dict(decoders[other]):
            fail("%s and %s disagree" % (names[0], other))
    if not decoders:
        fail("no decoder output given")
    sys.exit(1 if bad else 0)


main()
