#!/usr/bin/env python3
"""nfdump's numbers against a store's answers (any backend, any source).

  store_truth.py check NAME NFDUMP_DIR 'SRC' [--unwrap] [--dims "D1 D2 ..."]
SRC: flowmeter's source options ("--db FILE", "--store URL", "--server
URL"); flowmeter is $BIN/flowmeter. The store must hold exactly the records
of NFDUMP_DIR. For every dimension, `flowmeter top --json` over
  - the whole hours around the records: nfdump -s's numbers, read from the
    hourly rollups alone;
  - the 5-minute buckets that hold records: the same, from 5-minute rollups
    (or coarser), no raw rows;
  - those less a second at each end: the same, raw rows at the ends;
and, per 5-minute bucket holding records, for "all", source_ip and
protocol: nfdump's records ending in it summed per value, from the 5-minute
rollups; and from raw rows alone for the bucket less a second at each end
(the records must not end within a second of a bucket's edge). Every
answer's total must be its rows' sum, and not approximate. Then `flowmeter
flows` must give as many records as nfdump has.
  store_truth.py stat NFDUMP_DIR DIM | records NFDUMP.csv DIM [FROM TO]
      the truth alone, "VALUE<TAB>bytes<TAB>packets<TAB>flows" lines
nfdump prints local time: it is run with TZ=UTC here. --unwrap: nfdump
1.7.1 does not undo a NetFlow v9 sysUpTime wrap (it does for v5): softflowd
-r counts uptime from its own start, after the pcap's packets, so their
switched times wrap; nfdump's times more than a day ahead of now are taken
2^32 ms back, as flowmeterd (and any v5 collector) does.
"""
import calendar
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../lib"))
import nfdump  # noqa: E402

# Store dimension -> nfdump's CSV column (records), and its -s field.
COLS = {"protocol": "pr", "source_ip": "sa", "destination_ip": "da",
        "source_port": "sp", "destination_port": "dp", "source_as": "sas",
        "destination_as": "das", "all": None}
STAT = {"protocol": "proto", "source_ip": "srcip", "destination_ip": "dstip",
        "source_port": "srcport", "destination_port": "dstport", "source_as": "srcas",
        "destination_as": "dstas"}
BUCKET_MS = 300000


def ms(text):
    """nfdump's "2026-12-02 01:05:49[.123]" (UTC) in epoch ms."""
    whole, _, frac = text.strip().partition(".")
    t = calendar.timegm(time.strptime(whole, "%Y-%m-%d %H:%M:%S"))
    return t * 1000 + (int(frac.ljust(3, "0")[:3]) if frac else 0)


def end_ms(r, unwrap):
    t = max(ms(r["ts"]), ms(r["te"]))	# IPFIX from softflowd: nfdump swaps them
    if unwrap and t > time.time() * 1000 + 86400000:
        t -= 1 << 32
    return t


def add(tot, v, b, p, f):
    c = tot.setdefault(v, [0, 0, 0])
    c[0] += b
    c[1] += p
    c[2] += f


def value(r, dim):
    col = COLS[dim]
    return "" if col is None else str(r[col])


def text(tot):
    return "".join("%s\t%d\t%d\t%d\n" % ((v,) + tuple(tot[v])) for v in sorted(tot))


def nfdump_run(args):
    env = dict(os.environ, TZ="UTC")
    return subprocess.run(["nfdump"] + args, env=env, check=True, capture_output=True,
                          text=True).stdout


def stat(nfdir, dim):
    """nfdump's own aggregation: nfdump -s FIELD -n 0."""
    tot, cols = {}, None
    for line in nfdump_run(["-R", nfdir, "-s", STAT[dim], "-n", "0", "-o", "csv"]).splitlines():
        f = [x.strip() for x in line.split(",")]
        if f[0] == "ts":
            cols = {n: i for i, n in enumerate(f)}
            continue
        if not cols or len(f) < len(cols) or not f[0][:1].isdigit():
            continue
        v = f[cols["val"]]
        if dim == "protocol":
            v = str(nfdump.proto_number(v))
        add(tot, v, int(f[cols["ibyt"]]), int(f[cols["ipkt"]]), int(f[cols["fl"]]))
    return tot


def per_value(recs, dim, lo=0, hi=1 << 62):
    tot = {}
    for r, t in recs:
        if lo <= t < hi:
            add(tot, value(r, dim), r["ibyt"], r["ipkt"], 1)
    return tot


def load(csv, unwrap):
    return [(r, end_ms(r, unwrap)) for r in nfdump.records(csv)]


class Check:
    def __init__(self, name, src):
        self.name, self.src, self.bad, self.n = name, src.split(), 0, 0
        self.fm = os.path.join(os.environ["BIN"], "flowmeter")

    def fail(self, what, why):
        print("FAIL: %s: %s: %s" % (self.name, what, why))
        self.bad += 1

    def top(self, dim, lo, hi):
        out = subprocess.run([self.fm, "top"] + self.src + ["--by", dim, "--from", str(lo),
                             "--to", str(hi), "-n", "1000000", "--json"],
                             capture_output=True, text=True)
        if out.returncode:
            return None, "flowmeter top failed: " + out.stderr.strip()
        j = json.loads(out.stdout)
        tot, s = {}, [0, 0, 0]
        for row in j["rows"]:
            c = (row["bytes"], row["packets"], row["flows"])
            add(tot, row["value"], *c)
            s = [x + y for x, y in zip(s, c)]
        t = j["total"]
        if s != [t["bytes"], t["packets"], t["flows"]]:
            return None, "total %s is not the rows' sum %s" % (t, s)
        if j["approximate"]:
            return None, "approximate: %s" % j["read"]
        return (tot, [x["tier"] for x in j["read"]]), None

    def same(self, what, want, dim, lo, hi, tiers):
        """top over [lo, hi) equals want; tiers(read) says whether it read right."""
        self.n += 1
        got, why = self.top(dim, lo, hi)
        if why:
            return self.fail(what, why)
        if not want:
            return self.fail(what, "nfdump has nothing there")
        if got[0] != want:
            return self.fail(what, "\nnfdump (value bytes packets flows):\n%sstore:\n%s"
                             % (text(want), text(got[0])))
        why = tiers(got[1])
        if why:
            return self.fail(what, "read %s: %s" % (" ".join(got[1]), why))
        print("ok: %s: %d values, read %s" % (what, len(want), " ".join(got[1])))

    def count(self, lo, hi):
        out = subprocess.run([self.fm, "flows"] + self.src + ["--from", str(lo), "--to", str(hi),
                             "-n", "1000000", "--json"], capture_output=True, text=True)
        if out.returncode:
            return -1
        j = json.loads(out.stdout)
        return -1 if j["truncated"] else len(j["records"])


def only(*allowed):
    return lambda read: None if set(read) <= set(allowed) else "only %s wanted" % "/".join(allowed)


def has(*need):
    return lambda read: None if set(need) <= set(read) else "%s wanted" % " and ".join(need)


def check(a, unwrap):
    name, nfdir, src = a[0], a[1], a[2]
    dims = "protocol source_ip destination_ip source_port destination_port all".split()
    if "--dims" in a:
        dims = a[a.index("--dims") + 1].split()
    csv = os.path.join(os.environ.get("FM_OUT", "/tmp"), "nfdump-%d.csv" % os.getpid())
    with open(csv, "w") as f:
        f.write(nfdump_run(["-R", nfdir, "-o", "csv"]))
    recs = load(csv, unwrap)
    os.unlink(csv)
    c = Check(name, src)
    buckets = sorted({t // BUCKET_MS * BUCKET_MS for _, t in recs})
    if not buckets:
        c.fail("nfdump", "no records in " + nfdir)
        return 1
    first, last = buckets[0], buckets[-1] + BUCKET_MS
    lo, hi = first // 3600000 * 3600000, (last + 3599999) // 3600000 * 3600000
    print("%s: %d records in %d buckets from %d; hours %d..%d" %
          (name, len(recs), len(buckets), first, lo, hi))
    for d in dims:
        want = per_value(recs, d) if d == "all" else stat(nfdir, d)
        c.same("top --by %s, whole hours" % d, want, d, lo, hi, only("1h", "1d"))
        c.same("top --by %s, whole 5 minutes" % d, want, d, first, last, only("5m", "1h", "1d"))
        c.same("top --by %s, ragged ends" % d, want, d, first + 1000, last - 1000,
               has("raw", "5m"))
    for b in buckets:
        for d in [x for x in ("all", "source_ip", "protocol") if x in dims]:
            want = per_value(recs, d, b, b + BUCKET_MS)
            c.same("bucket %d by %s" % (b, d), want, d, b, b + BUCKET_MS, only("5m"))
            c.same("bucket %d by %s, inside it" % (b, d), want, d, b + 1000,
                   b + BUCKET_MS - 1000, only("raw"))
    n = c.count(lo, hi)
    if n != len(recs):
        c.fail("flowmeter flows", "%d records, nfdump has %d" % (n, len(recs)))
    else:
        print("ok: %s: flowmeter flows: %d records, as nfdump" % (name, n))
    print("%s: %d checks, %d failed" % (name, c.n + 1, c.bad))
    return 1 if c.bad else 0


def main():
    unwrap = "--unwrap" in sys.argv
    a = [x for x in sys.argv[1:] if x != "--unwrap"]
    if a[0] == "check":
        sys.exit(check(a[1:], unwrap))
    elif a[0] == "stat":
        sys.stdout.write(text(stat(a[1], a[2])))
    elif a[0] == "records":
        lo, hi = (int(a[3]), int(a[4])) if len(a) > 4 else (0, 1 << 62)
        sys.stdout.write(text(per_value(load(a[1], unwrap), a[2], lo, hi)))
    else:
        sys.exit("store_truth.py: unknown command " + a[0])


main()
