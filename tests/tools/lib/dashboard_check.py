#!/usr/bin/env python3
"""What flowmeterd's page showed (dashboard_browser.js's JSON) against
nfdump's records and flowmeterd's API, for the very ranges the page asked.

  dashboard_check.py count NFDUMP.csv
  dashboard_check.py snapshot API OUTDIR   (the API's answers in phase one)
  dashboard_check.py page NFDUMP.csv GEOIP_DIR API METRICS NATTRUTH OUTDIR
For page-15m.json, page-1h.json (phase one: the records of every host but
192.168.1.20, sent later), live.json (all of them) and page-auth.json if
there: each bar panel's rows and total = nfdump's records ending in the
range summed per the value the GeoIP fixtures give (mmdblookup on the same
files: "local" for the LAN, "Unknown" or no AS for what they do not know;
those two left out of the bars, kept in the total) and = the API's top for
the range; the top LAN hosts = nfdump's per source address (private ones),
with their host_alias names; the picked host's destinations (the range's
last 15 minutes) = nfdump's per destination address of that source; every series point = nfdump's records
ending in its step, and = the API's series; all from rollups, none
approximate. Health (phase one) = /metrics' counters; the NAT box's
answers (nat.json) = natgen.py's truth.
"""
import calendar
import ipaddress
import json
import os
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../lib"))
import nfdump  # noqa: E402

LATE = "192.168.1.20"	# the host of the live phase's traffic
ALIAS = {"192.168.1.10": "laptop", "192.168.1.11": "desktop", "192.168.1.20": "tv"}
LAN = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]
bad = 0


def fail(what):
    global bad
    print("FAIL:", what)
    bad += 1


def ms(text):
    whole, _, frac = text.strip().partition(".")
    t = calendar.timegm(time.strptime(whole, "%Y-%m-%d %H:%M:%S"))
    return t * 1000 + (int(frac.ljust(3, "0")[:3]) if frac else 0)


def load(csv):
    return [dict(r, end=max(ms(r["ts"]), ms(r["te"]))) for r in nfdump.records(csv)]


class Geo:
    """The fixtures' answers, by mmdblookup (libmaxminddb's own tool)."""

    def __init__(self, d):
        self.d, self.memo = d, {}

    def look(self, kind, ip, *path):
        key = (kind, ip) + path
        if key not in self.memo:
            p = subprocess.run(["mmdblookup", "--file", os.path.join(self.d, "GeoLite2-%s.mmdb" % kind),
                                "--ip", ip] + list(path), capture_output=True, text=True)
            out = p.stdout.strip()
            self.memo[key] = out.split('"')[1] if p.returncode == 0 and '"' in out else None
        return self.memo[key]

    def value(self, by, ip):
        local = any(ipaddress.ip_address(ip) in n for n in LAN)
        if by.endswith("country"):
            return "local" if local else (self.look("Country", ip, "country", "iso_code") or "Unknown")
        return "" if local else (self.look("ASN", ip, "autonomous_system_organization") or "")


def total(recs, key, lo, hi):
    t = {}
    for r in recs:
        if lo <= r["end"] < hi:
            c = t.setdefault(key(r), {"bytes": 0, "packets": 0, "flows": 0})
            c["bytes"] += r["ibyt"]
            c["packets"] += r["ipkt"]
            c["flows"] += 1
    return t


def counts(x):
    return {"bytes": x["bytes"], "packets": x["packets"], "flows": x["flows"]}


SNAP = {}	# phase one's answers, asked then (snapshot), by path


def api(base, kind, **q):
    path = "/api/v1/" + kind + "?" + "&".join("%s=%s" % kv for kv in q.items())
    if SNAP.get("use"):
        return SNAP[path]
    return json.load(urllib.request.urlopen(base + path))


def top_q(b):
    return dict(by=b["by"], n=12, **{"from": b["from"], "to": b["to"]})


def series_q(s):
    return dict(step="%ds" % (s["step"] // 1000), **{"from": s["from"], "to": s["to"]})


def snapshot(base, out):
    """The API's answers to phase one's questions, while they still hold."""
    for r in ("15m", "1h"):
        page = json.load(open(os.path.join(out, "page-%s.json" % r)))
        for b in page["bars"].values():
            q = top_q(b)
            SNAP["/api/v1/top?" + "&".join("%s=%s" % kv for kv in q.items())] = api(base, "top", **q)
        q = series_q(page["series"])
        SNAP["/api/v1/series?" + "&".join("%s=%s" % kv for kv in q.items())] = api(base, "series", **q)
    json.dump(SNAP, open(os.path.join(out, "api-phase1.json"), "w"))


def rows_of(shown):
    return {r["value"]: counts(r) for r in shown}


def tiers_ok(name, panel):
    if "raw" in panel["tiers"].split(",") or not panel["tiers"] or panel["approximate"]:
        fail("%s: read %r (approximate %s): not from the rollups alone" % (name, panel["tiers"], panel["approximate"]))


def ok(before, msg):
    if bad == before:
        print("ok: " + msg)


def check_page(name, page, recs, geo, base, only_series=False):
    for pid, b in ([] if only_series else page["bars"].items()):
        before = bad
        what = "%s: %s (%s)" % (name, pid, b["by"])
        src = "sa" if b["by"].startswith("source") else "da"
        want = total(recs, lambda r: geo.value(b["by"], r[src]), b["from"], b["to"])
        everything = {k: sum(c[k] for c in want.values()) for k in ("bytes", "packets", "flows")}
        want = {v: c for v, c in want.items() if v not in ("", "local")}
        if len(want) < 2:
            fail("%s: only %d values in the truth: a weak test" % (what, len(want)))
        if rows_of(b["rows"]) != want:
            fail("%s: the page shows %s, nfdump has %s" % (what, rows_of(b["rows"]), want))
        if counts(b) != everything:
            fail("%s: the page's total %s, nfdump's %s" % (what, counts(b), everything))
        a = api(base, "top", **top_q(b))
        if rows_of(r for r in a["rows"] if r["value"] not in ("", "local")) != rows_of(b["rows"]) or \
                counts(a["total"]) != counts(b):
            fail("%s: the page and the API differ" % what)
        tiers_ok(what, b)
        ok(before, "%s: %d bars = nfdump's = the API's (total %d bytes)" % (what, len(want), b["bytes"]))
    if not only_series:
        check_hosts(name, page, recs)
    check_series(name, page, recs, base)


def check_hosts(name, page, recs):
    before = bad
    h = page["hosts"]
    per = total(recs, lambda r: r["sa"], h["from"], h["to"])
    want = sorted(((v, c) for v, c in per.items() if any(ipaddress.ip_address(v) in n for n in LAN)),
                  key=lambda vc: (-vc[1]["bytes"], vc[0]))[:10]
    got = [(r["value"], counts(r)) for r in h["rows"]]
    if sorted(got) != sorted(want) or [c["bytes"] for _, c in got] != [c["bytes"] for _, c in want]:
        fail("%s: top LAN hosts %s, nfdump's %s" % (name, got, want))
    for r in h["rows"]:
        if r["name"] != ALIAS.get(r["value"], ""):
            fail("%s: host %s named %r, host_alias says %r" % (name, r["value"], r["name"], ALIAS.get(r["value"], "")))
    tiers_ok(name + ": hosts", h)
    ok(before, "%s: %d top LAN hosts = nfdump's, named by host_alias" % (name, len(got)))
    check_dests(name, page["dests"], recs, h["to"])


def check_series(name, page, recs, base):
    before = bad
    s = page["series"]
    per = total(recs, lambda r: (r["end"] - s["from"]) // s["step"], s["from"], s["to"])
    n = (s["to"] - s["from"]) // s["step"]
    if len(s["points"]) != n:
        fail("%s: %d series points, %d steps in the range" % (name, len(s["points"]), n))
    a = api(base, "series", **series_q(s))["points"]
    for i, p in enumerate(s["points"]):
        want = per.get(i, {"bytes": 0, "packets": 0, "flows": 0})
        if p["time"] != s["from"] + i * s["step"] or counts(p) != want or counts(a[i]) != want:
            fail("%s: series point %d (%d): page %s, API %s, nfdump %s" % (name, i, p["time"], counts(p),
                                                                           counts(a[i]), want))
    tiers_ok(name + ": series", s)
    ok(before, "%s: %d series points = nfdump's per step = the API's (%d flows in %d steps)" %
          (name, len(s["points"]), s["flows"], len(per)))


def check_dests(name, d, recs, hi):
    """The records of the range's last 15 minutes (the page's raw window)."""
    before = bad
    if d["to"] != hi or d["from"] != hi - 900000:
        fail("%s: destinations asked of %d..%d, not the range's last 15 minutes" % (name, d["from"], d["to"]))
    per = total((r for r in recs if r["sa"] == d["host"]), lambda r: r["da"], d["from"], d["to"])
    want = sorted(per.items(), key=lambda vc: (-vc[1]["bytes"], vc[0]))[:10]
    got = [(r["value"], counts(r)) for r in d["rows"]]
    if d["truncated"] or got != want:
        fail("%s: %s's destinations %s (truncated %s), nfdump's %s" % (name, d["host"], got, d["truncated"], want))
    for r in d["rows"]:
        if r["name"] != ALIAS.get(r["value"], ""):
            fail("%s: destination %s named %r" % (name, r["value"], r["name"]))
    ok(before, "%s: %s's %d top destinations = nfdump's" % (name, d["host"], len(got)))


def metric(path, key):
    for line in open(path):
        if line.startswith(key + " "):
            return int(float(line.split()[-1]))
    return 0


def main():
    if sys.argv[1] == "count":
        print(len(load(sys.argv[2])))
        return
    if sys.argv[1] == "snapshot":
        snapshot(sys.argv[2], sys.argv[3])
        return
    csv, geo, base, metrics, nattruth, out = sys.argv[2:8]
    geo, every = Geo(geo), load(csv)
    early = [r for r in every if LATE not in (r["sa"], r["da"])]
    if not early or len(early) == len(every):
        fail("the live phase's records are not apart from the first's")
    p15, p1h = (json.load(open(os.path.join(out, "page-%s.json" % r))) for r in ("15m", "1h"))
    SNAP.update(json.load(open(os.path.join(out, "api-phase1.json"))), use=True)
    check_page("15m", p15, early, geo, base)
    check_page("1h", p1h, early, geo, base)
    SNAP["use"] = False
    if p15["series"]["flows"] >= p1h["series"]["flows"] or not p15["series"]["flows"]:
        fail("15 minutes (%d flows) is not less than the hour (%d) and more than nothing" %
             (p15["series"]["flows"], p1h["series"]["flows"]))
    d = json.load(open(os.path.join(out, "host.json")))
    if d["host"] == p1h["dests"]["host"]:
        fail("picking another host changed nothing")
    check_dests("1h, picked", d, early, p1h["hosts"]["to"])
    live = json.load(open(os.path.join(out, "live.json")))
    # Only the series refreshes by itself that often (the rest each minute).
    check_page("live", live, every, geo, base, only_series=True)
    if os.path.exists(os.path.join(out, "page-auth.json")):
        check_page("off loopback", json.load(open(os.path.join(out, "page-auth.json"))), every, geo, base)
    # Health: what /metrics said while nothing was sent.
    h = p1h["health"]
    ex = '{exporter="127.0.0.1"'
    want = {"exporters": "1",
            "records": str(metric(metrics, 'flowmeterd_exporter_records_total%s,kind="flow"}' % ex)),
            "template_misses": str(metric(metrics, "flowmeterd_exporter_template_misses_total%s}" % ex)),
            "socket_drops": str(metric(metrics, "flowmeterd_socket_drops_total")),
            "output_drops": "0", "rate": "0"}
    if want["records"] != str(len(early)):
        fail("/metrics counted %s records, nfdump has %d" % (want["records"], len(early)))
    for k, v in want.items():
        if h.get(k) != v:
            fail("health %s: the page shows %r, /metrics %r" % (k, h.get(k), v))
    e = p1h["exporters"]
    nat = metric(metrics, 'flowmeterd_exporter_records_total%s,kind="nat"}' % ex)
    if len(e) != 1 or e[0]["records"] != len(early) or e[0]["nat_records"] != nat or nat != 5:
        fail("exporters on the page %s; /metrics: %d NAT events" % (e, nat))
    print("ok: health = /metrics: %s" % ", ".join("%s %s" % kv for kv in sorted(want.items())))
    # The NAT box.
    truth = [line.split() for line in open(nattruth)]
    got = json.load(open(os.path.join(out, "nat.json")))
    if len(got) != len(truth):
        fail("%d NAT questions asked, %d in the truth" % (len(got), len(truth)))
    for g, (outside, at, inside, kind) in zip(got, truth):
        if g["state"] != "answered" or g["outside"] != outside or g["at"] != int(at) or \
                g["inside"] != [[inside, kind]]:
            fail("NAT %s at %s: the page says %s (%s), natgen.py %s %s" % (outside, at, g["inside"],
                                                                          g["state"], inside, kind))
    print("ok: the NAT box answered %d questions as natgen.py's truth" % len(got))
    sys.exit(1 if bad else 0)


main()
