#!/usr/bin/env python3
"""Check exported NAT events against conntrack's own view.

  nat_check.py events --tshark T.json [--nfdump N.txt]
      print every NAT event record: "decoder event proto sa sp da dp nsa nsp nda ndp"
  nat_check.py check --conntrack CT.txt [CT.txt...] --tshark T.json
                     [--nfdump N.txt] [--events-log CTE.txt] [--protocol 10]
      every NAT-ed connection in the conntrack -L -o extended snapshots has
      exactly one create and one delete record in each decoder, with the
      same addresses and ports before and after translation; connections
      without NAT have none; nothing else was exported.
  nat_check.py count --tshark T.json
      "CREATED DELETED": event records tshark decoded
  nat_check.py natted --conntrack CT.txt
      how many connections in the snapshot are translated

A connection's translation is read the way conntrack states it: the
original tuple is before NAT, the reply tuple reversed is after it.
"""
import argparse
import ipaddress
import os
import re
import sys
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../lib"))
import nfdump as nfdump_csv  # noqa: E402
import tshark as tshark_json  # noqa: E402

EVENT = {"1": "create", "2": "delete", "ADD": "create", "DELETE": "delete"}


def ip(s):
    return str(ipaddress.ip_address(s.strip()))


def parse_conntrack(line):
    """One conntrack -o extended line: (proto, pre, post) or None."""
    t = line.split()
    if len(t) < 6 or t[0] not in ("ipv4", "ipv6"):
        return None
    proto = int(t[3])
    kv = [x.split("=", 1) for x in t if "=" in x]
    val = lambda *keys: [v for k, v in kv if k in keys]
    src, dst = val("src"), val("dst")
    sport, dport = val("sport", "id"), val("dport")
    if len(src) < 2 or len(dst) < 2:
        return None
    sport = sport if len(sport) >= 2 else ["0", "0"]
    dport = dport if len(dport) >= 2 else ["0", "0"]
    pre = (ip(src[0]), int(sport[0]), ip(dst[0]), int(dport[0]))
    if proto in (1, 58):
        # The echo id is the port on both sides (it is what NAT maps).
        post = (ip(dst[1]), int(sport[1]), ip(src[1]), 0)
    else:
        post = (ip(dst[1]), int(dport[1]), ip(src[1]), int(sport[1]))
    return proto, pre, post


def conntrack_entries(paths):
    """(proto, pre, post) of every connection: pre/post = (sa, sp, da, dp)."""
    out = []
    for path in paths:
        for line in open(path):
            e = parse_conntrack(line)
            if e:
                out.append(e)
    return out


def tshark_events(path):
    evs = []
    for r in tshark_json.cflow_records(path, "cflow.nat_event"):
        g = r.get
        sa = tshark_json.addr(r, "cflow.srcaddr", "cflow.srcaddrv6")
        da = tshark_json.addr(r, "cflow.dstaddr", "cflow.dstaddrv6")
        nsa = tshark_json.addr(r, "cflow.post_natsource_ipv4_address",
                               "cflow.post_nat_source_ipv6_address")
        nda = tshark_json.addr(r, "cflow.post_natdestination_ipv4_address",
                               "cflow.post_nat_destination_ipv6_address")
        evs.append((EVENT.get(g("cflow.nat_event"), g("cflow.nat_event")),
                    int(g("cflow.protocol")),
                    (ip(sa), int(g("cflow.srcport")), ip(da), int(g("cflow.dstport"))),
                    (ip(nsa), int(g("cflow.post_naptsource_transport_port")),
                     ip(nda), int(g("cflow.post_naptdestination_transport_port")))))
    return evs


def nfdump_events(path):
    """Lines of nfdump -q -o 'fmt:%evt,%pr,%sa,%sp,%da,%dp,%nsa,%nsp,%nda,%ndp'."""
    evs = []
    for line in open(path):
        f = [x.strip() for x in line.split(",")]
        if len(f) < 10 or f[0] not in EVENT:
            continue
        pr = nfdump_csv.proto_number(f[1])
        if pr in (1, 58):
            # nfdump prints an ICMP record's ports as "type.code": keep the
            # echo id it shows after translation, which must be the same.
            f[3], f[5] = f[7], "0"
        evs.append((EVENT[f[0]], pr, (ip(f[2]), int(f[3]), ip(f[4]), int(f[5])),
                    (ip(f[6]), int(f[7]), ip(f[8]), int(f[9]))))
    return evs


def events_log(path):
    """conntrack -E -o extended lines: Counter of (event, proto, pre, post)."""
    got = Counter()
    for line in open(path):
        m = re.match(r"\s*\[(NEW|DESTROY)\]\s+(.*)$", line)
        e = parse_conntrack(m.group(2)) if m else None
        if e and e[1] != e[2]:
            got[("create" if m.group(1) == "NEW" else "delete",) + e] += 1
    return got


def check(a):
    bad = 0

    def fail(msg):
        nonlocal bad
        bad += 1
        print("FAIL:", msg)

    entries = conntrack_entries(a.conntrack)
    nat = [(p, pre, post) for p, pre, post in entries if pre != post]
    plain = [(p, pre) for p, pre, post in entries if pre == post]
    want = Counter()
    for p, pre, post in nat:
        want[("create", p, pre, post)] += 1
        want[("delete", p, pre, post)] += 1
    print("conntrack: %d connections, %d with NAT" % (len(entries), len(nat)))
    if not nat:
        fail("no NAT-ed connection in the conntrack snapshot")

    decoders = {"tshark": tshark_events(a.tshark)}
    if a.nfdump:
        decoders["nfdump"] = nfdump_events(a.nfdump)
    for name, evs in decoders.items():
        got = Counter()
        for ev, p, pre, post in evs:
            if name == "nfdump" and a.protocol == "10" and ":" in pre[0]:
                # nfdump 1.7's IPFIX reader drops postNAT*IPv6Address (281,
                # 282): compare what it keeps.
                post = ("::" if post[0] == "0.0.0.0" else post[0], post[1],
                        "::" if post[2] == "0.0.0.0" else post[2], post[3])
                w = [k for k in want if k[:3] == (ev, p, pre) and k[3][1::2] == post[1::2]]
                post = w[0][3] if w else post
            got[(ev, p, pre, post)] += 1
        for k, n in want.items():
            if got[k] != n:
                fail("%s: %s %s %s -> %s: %d record(s), conntrack says %d"
                     % (name, k[0], k[1], k[2], k[3], got[k], n))
        for k, n in got.items():
            if k not in want:
                fail("%s: unexpected event %s %s %s -> %s (x%d)" % (name, k[0], k[1], k[2], k[3], n))
        for p, pre in plain:
            if any(k[1] == p and k[2] == pre for k in got):
                fail("%s: event for connection without NAT %s %s" % (name, p, pre))
        if sum(got.values()) == sum(want.values()) and got == want:
            print("ok: %s: %d events = %d create + %d delete, each equal to conntrack"
                  % (name, sum(got.values()), len(nat), len(nat)))
    if a.events_log:
        # conntrack -E ran for the connections of the last snapshot only.
        last = [e for e in conntrack_entries(a.conntrack[-1:]) if e[1] != e[2]]
        theirs = events_log(a.events_log)
        mine = [(ev, p, pre, post) for ev in ("create", "delete") for p, pre, post in last]
        missing = [k for k in mine if theirs[k] < 1]
        if missing:
            fail("conntrack -E missed %d of the events we exported, e.g. %s"
                 % (len(missing), missing[0]))
        else:
            print("ok: conntrack -E, running beside us, saw the same %d NAT events"
                  % len(mine))
    sys.exit(1 if bad else 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["check", "count", "events", "natted"])
    ap.add_argument("--conntrack", nargs="*", default=[])
    ap.add_argument("--tshark")
    ap.add_argument("--nfdump")
    ap.add_argument("--events-log")
    ap.add_argument("--protocol", default="10")
    a = ap.parse_args()
    if a.mode == "natted":
        print(sum(1 for _, pre, post in conntrack_entries(a.conntrack) if pre != post))
    elif a.mode == "check":
        check(a)
    elif a.mode == "count":
        # tshark -T fields -e cflow.nat_event: one line per PDU, comma-separated.
        c = Counter()
        for line in open(a.tshark):
            for v in line.strip().split(","):
                if v:
                    c[EVENT.get(v, v)] += 1
        print(c["create"], c["delete"])
    else:
        for name, evs in (("tshark", tshark_events(a.tshark)),
                          ("nfdump", nfdump_events(a.nfdump) if a.nfdump else [])):
            for ev, p, pre, post in evs:
                print(name, ev, p, *pre, *post)


if __name__ == "__main__":
    main()
