#!/usr/bin/env python3
"""Two stores holding the same records give the same answers.

  store_same.py FROM_MS TO_MS 'SRC_A' 'SRC_B' [DIM ...]
SRC: flowmeter's source options ("--db FILE", "--store URL"); flowmeter
is $BIN/flowmeter. For every dimension (default: the default rolled-up
ones) `flowmeter top --json -n 1000` over [FROM, TO), over it less a second
at each end (raw rows at the edges) and over its whole 5-minute buckets
must agree in rows, total, what was read and "approximate"; so must
`flowmeter flows --json` over [FROM, TO) (the records, newest first, as
sets: equal end times may come in either order). Prints what it compared.
"""
import json
import os
import subprocess
import sys

DIMS = ["protocol", "source_ip", "destination_ip", "source_port", "destination_port",
        "source_as", "destination_as", "source_country", "destination_country",
        "source_asn_org", "destination_asn_org", "all"]


def ask(src, args):
    cmd = [os.path.join(os.environ["BIN"], "flowmeter")] + args + src.split() + ["--json"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode:
        sys.exit("FAIL: %s: exit %d: %s" % (" ".join(cmd), out.returncode, out.stderr))
    return json.loads(out.stdout)


def main():
    frm, to, a, b = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    dims = sys.argv[5:] or DIMS
    ranges = [(frm, to), (frm + 1000, to - 1000),
              ((frm + 299999) // 300000 * 300000, to // 300000 * 300000)]
    n = 0
    for dim in dims:
        for f, t in ranges:
            args = ["top", "--by", dim, "--from", str(f), "--to", str(t), "-n", "1000"]
            ja, jb = ask(a, args), ask(b, args)
            for k in ("rows", "total", "read", "approximate"):
                if ja.get(k) != jb.get(k):
                    sys.exit("FAIL: top --by %s [%d, %d): %s differ:\n  %s: %s\n  %s: %s" %
                             (dim, f, t, k, a, json.dumps(ja.get(k)), b, json.dumps(jb.get(k))))
            n += 1
    args = ["flows", "--from", str(frm), "--to", str(to), "-n", "100000"]
    ra, rb = ask(a, args)["records"], ask(b, args)["records"]
    key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
    if sorted(map(key, ra)) != sorted(map(key, rb)):
        sys.exit("FAIL: flows differ: %d records from %s, %d from %s" % (len(ra), a, len(rb), b))
    if [r.get("ts") for r in ra] != [r.get("ts") for r in rb]:
        sys.exit("FAIL: flows not in the same (newest first) order")
    print("same: %d top answers over %d dimensions and %d flow records" % (n, len(dims), len(ra)))


main()
