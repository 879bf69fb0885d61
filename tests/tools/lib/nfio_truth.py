#!/usr/bin/env python3
"""What netflow.io's POST /stats/<sender> must answer, from nfdump's records.

  nfio_truth.py NFDUMP.csv REQUEST.json
NFDUMP.csv: `TZ=UTC nfdump -o csv` of the records the store holds (all
from the one sender asked about). REQUEST.json: the stats body. Prints
the answer's JSON, keys sorted: per prefix, span, bucket and field,
{"in": counts of records whose destination is in the prefix, "out": whose
source is}, each {"bytes", "packets", "flows"}; a record counts in the
bucket its end time falls in (UTC). Independent of flowmeterd's code: its
own bucket and field parsing, Python's ipaddress for prefixes.
"""
import calendar
import ipaddress
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../lib"))
import nfdump  # noqa: E402

FORMATS = {"years": "%Y", "months": "%Y-%m", "days": "%Y-%m-%d", "hours": "%Y-%m-%d %H",
           "minutes": "%Y-%m-%d %H:%M"}


def span(kind, name):
    t = time.strptime(name, FORMATS[kind])
    lo = calendar.timegm(t)
    y, m, d, hh, mm = t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min
    if kind == "years":
        hi = calendar.timegm((y + 1, 1, 1, 0, 0, 0))
    elif kind == "months":
        hi = calendar.timegm((y + (m == 12), m % 12 + 1, 1, 0, 0, 0))
    else:
        hi = lo + {"days": 86400, "hours": 3600, "minutes": 60}[kind]
    return lo * 1000, hi * 1000


def end_ms(r):
    whole = max(r["ts"], r["te"]).strip()
    w, _, frac = whole.partition(".")
    return calendar.timegm(time.strptime(w, "%Y-%m-%d %H:%M:%S")) * 1000 + int((frac or "0").ljust(3, "0")[:3])


def matches(field, r):
    if field == "all":
        return True
    k, _, v = field.partition(":")
    if k in ("srcip", "dstip"):
        return ipaddress.ip_address(r["sa" if k == "srcip" else "da"]) == ipaddress.ip_address(v)
    return int(r[{"proto": "pr", "srcport": "sp", "dstport": "dp", "srcas": "sas",
                  "dstas": "das"}[k]]) == int(v)


def main():
    recs = list(nfdump.records(sys.argv[1]))
    req = json.load(open(sys.argv[2]))
    out = {}
    for prefix, spans in req.items():
        net = ipaddress.ip_network(prefix)
        po = out.setdefault(prefix, {})
        for kind, items in spans.items():
            so = po.setdefault(kind, {})
            for item in items:
                if isinstance(item, str):
                    name, fields = item, ["all"]
                else:
                    (name, fields), = item.items()
                lo, hi = span(kind, name)
                bo = so.setdefault(name, {})
                for fld in fields:
                    c = {d: {"bytes": 0, "packets": 0, "flows": 0} for d in ("in", "out")}
                    for r in recs:
                        if not lo <= end_ms(r) < hi or not matches(fld, r):
                            continue
                        for d, col in (("out", "sa"), ("in", "da")):
                            a = ipaddress.ip_address(r[col])
                            if a.version == net.version and a in net:
                                c[d]["bytes"] += int(r["ibyt"])
                                c[d]["packets"] += int(r["ipkt"])
                                c[d]["flows"] += 1
                    bo[fld] = c
    print(json.dumps(out, sort_keys=True, indent=1))


main()
