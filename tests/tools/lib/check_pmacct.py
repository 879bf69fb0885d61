#!/usr/bin/env python3
"""Check pmacct-JSON Kafka messages against the truth and nfdump.

  check_pmacct.py --truth T.txt --messages M.txt [--nfdump N.csv] [--count N]
M: kcat's "-f '%k\\t%s\\n'" output: key TAB message, one a line. Every message
must be one JSON object with pmacct's field names and types (ip_proto a name
or number, tcp_flags a string, stamps "YYYY-MM-DD HH:MM:SS"), keyed by its
exporter (peer_ip_src); per 5-tuple the sums of packets and bytes must equal
the truth's (and nfdump's), and nothing else may appear. --count: exactly
that many messages.
"""
import argparse
import json
import os
import re
import socket
import sys
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../lib"))
import nfdump as nfdump_csv  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import truth as truth_lib  # noqa: E402

STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$")
INTS = ("as_src", "as_dst", "port_src", "port_dst", "tos", "packets", "bytes", "flows",
        "sampling_rate", "iface_in", "iface_out")


def proto(v):
    if isinstance(v, int) or v.isdigit():
        return int(v)
    return socket.getprotobyname(v)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--truth", required=True)
    ap.add_argument("--messages", required=True)
    ap.add_argument("--nfdump")
    ap.add_argument("--count", type=int)
    a = ap.parse_args()
    truth = truth_lib.load(a.truth)
    got, bad, n = defaultdict(lambda: [0, 0]), 0, 0
    for line in open(a.messages):
        line = line.rstrip("\n")
        if not line:
            continue
        n += 1
        key, _, msg = line.partition("\t")
        m = json.loads(msg)
        assert isinstance(m, dict), msg
        assert m["event_type"] == "purge", msg
        for f in INTS:
            assert f not in m or (isinstance(m[f], int) and m[f] >= 0), (f, msg)
        for f in ("stamp_inserted", "stamp_updated", "timestamp_start", "timestamp_end"):
            assert f not in m or STAMP.match(m[f]), (f, msg)
        assert isinstance(m["tcp_flags"], str) and m["tcp_flags"].isdigit(), msg
        if key != m["peer_ip_src"]:
            print("FAIL: key %r is not the exporter %r" % (key, m["peer_ip_src"]))
            bad += 1
        k = (proto(m["ip_proto"]), m["ip_src"], m["port_src"], m["ip_dst"], m["port_dst"])
        got[k][0] += m["packets"]
        got[k][1] += m["bytes"]
    sets = {"kafka": got}
    if a.nfdump:
        nf = defaultdict(lambda: [0, 0])
        for r in nfdump_csv.records(a.nfdump):
            k = (r["pr"], r["sa"], r["sp"], r["da"], r["dp"])
            nf[k][0] += r["ipkt"]
            nf[k][1] += r["ibyt"]
        sets["nfdump"] = nf
    bad += truth_lib.compare(truth, sets)
    if a.count is not None and n != a.count:
        print("FAIL: %d messages, flowmeterd says it delivered %d" % (n, a.count))
        bad += 1
    if not bad:
        print("ok: %d messages; %s, equal in %s" % (
            n, truth_lib.totals(truth), " and ".join(["truth"] + list(sets))))
    sys.exit(1 if bad else 0)


main()
