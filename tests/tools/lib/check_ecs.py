#!/usr/bin/env python3
"""Sum ECS documents per 5-tuple and compare with the truth.

  check_ecs.py --truth T.txt --docs D.ndjson [--minus R.ndjson]
Every truth flow must appear with exactly its packets and bytes
(source.packets, source.bytes), nothing else may; --minus: documents known
refused, taken off the truth first (each must be one of the truth's).
"""
import argparse
import json
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import truth as truth_lib  # noqa: E402


def key(d):
    return (int(d["network"]["iana_number"]), d["source"]["ip"], d["source"].get("port", 0),
            d["destination"]["ip"], d["destination"].get("port", 0))


ap = argparse.ArgumentParser()
ap.add_argument("--truth", required=True)
ap.add_argument("--docs", required=True)
ap.add_argument("--minus")
a = ap.parse_args()
truth = truth_lib.load(a.truth)
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
bad = truth_lib.compare(truth, {"documents": got})
if not bad:
    print("ok: %d documents; %s, equal to the truth" % (n, truth_lib.totals(truth)))
sys.exit(1 if bad else 0)
