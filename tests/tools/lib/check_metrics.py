#!/usr/bin/env python3
"""Compare a collector's per-flow totals with the truth and with nfdump.

  check_metrics.py --truth T.txt --metrics M.txt --name NAME [--nfdump N.csv]
T: "proto src sport dst dport packets bytes" lines. M: flowmeterd's /metrics
with an item NAME labelled proto, src, sport, dst, dport. N: nfdump -o csv.
Every truth flow must appear with exactly its packets and bytes, in the
metrics and in nfdump, and nothing else may.
"""
import argparse
import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../lib"))
import nfdump as nfdump_csv  # noqa: E402


def series(path, name):
    out = defaultdict(lambda: [0, 0])
    pat = re.compile(r"^%s(_packets_total)?\{(.*)\} (\d+)$" % re.escape(name))
    for line in open(path):
        m = pat.match(line.strip())
        if not m:
            continue
        lab = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2)))
        k = (int(lab["proto"]), lab["src"], int(lab["sport"]), lab["dst"], int(lab["dport"]))
        out[k][0 if m.group(1) else 1] += int(m.group(3))
    return out


def nfdump(path):
    out = defaultdict(lambda: [0, 0])
    for r in nfdump_csv.records(path):
        k = (r["pr"], r["sa"], r["sp"], r["da"], r["dp"])
        out[k][0] += r["ipkt"]
        out[k][1] += r["ibyt"]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--truth", required=True)
    ap.add_argument("--metrics", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--nfdump")
    a = ap.parse_args()
    truth = {}
    for line in open(a.truth):
        p = line.split()
        truth[(int(p[0]), p[1], int(p[2]), p[3], int(p[4]))] = [int(p[5]), int(p[6])]
    got = {"flowmeterd": series(a.metrics, a.name)}
    if a.nfdump:
        got["nfdump"] = nfdump(a.nfdump)
    bad = 0
    for who, g in got.items():
        for k, v in truth.items():
            if list(g.get(k, [0, 0])) != v:
                print("FAIL: %s: flow %s: %s, sent %s" % (who, k, g.get(k), v))
                bad += 1
        for k in g:
            if k not in truth:
                print("FAIL: %s: unexpected flow %s %s" % (who, k, g[k]))
                bad += 1
        print("%s: %d flows, %d packets, %d bytes" % (
            who, len(g), sum(v[0] for v in g.values()), sum(v[1] for v in g.values())))
    if not bad:
        print("ok: %d flows, %d packets, %d bytes, equal in %s" % (
            len(truth), sum(v[0] for v in truth.values()), sum(v[1] for v in truth.values()),
            " and ".join(got)))
    sys.exit(1 if bad else 0)


main()
