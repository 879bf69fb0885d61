#!/usr/bin/env python3
"""Sum ECS documents per 5-tuple and compare with the truth.

  check_ecs.py --truth T.txt --docs D.ndjson [--minus R.ndjson]
Every truth flow must appear with exactly its packets and bytes
(source.packets, source.bytes), nothing else may; --minus: documents known
refused, taken off the truth first (each must be one of the truth's).
"""
import argparse
import sys
from collections import defaultdict
import json


def key(d):
    return (int(d["network"]["iana_number"]), d["source"]["ip"], d["source"].get("port", 0),
            d["destination"]["ip"], d["destination"].get("port", 0))


ap = argparse.ArgumentParser()
ap.add_argument("--truth", required=True)
ap.add_argument("--docs", required=True)
ap.add_argument("--minus")
a = ap.parse_args()
truth = {}
for line in open(a.truth):
    p = line.split()
    truth[(int(p[0]), p[1], int(p[2]), p[3], int(p[4]))] = [int(p[5]), int(p[6])]
if a.minus:
    for line in open(a.minus):
        d = json.loads(line)
        truth[key(d)][0] -= d["source"]["packets"]
        truth[key(d)][1] -= d["source"]["bytes"]
    truth = {k: v for k, v in truth.items() if v != [0, 0]}
got, n = defaultdict(lambda: [0, 0]), 0
for line in open(a.docs):
    d = json.loads(line)
    n += 1
    got[key(d)][0] += d["source"]["packets"]
    got[key(d)][1] += d["source"]["bytes"]
bad = 0
for k, v in truth.items():
    if got.get(k, [0, 0]) != v:
        print("FAIL: flow %s: %s, sent %s" % (k, got.get(k), v))
        bad += 1
for k in got:
    if k not in truth:
        print("FAIL: unexpected flow %s %s" % (k, got[k]))
        bad += 1
if not bad:
    print("ok: %d documents; %d flows, %d packets, %d bytes, equal to the truth" % (
        n, len(truth), sum(v[0] for v in truth.values()), sum(v[1] for v in truth.values())))
sys.exit(1 if bad else 0)
