#!/usr/bin/env python3
"""Seed corpora for the libFuzzer harnesses, from our own generators.

  mkcorpus.py DIR      DIR/decode/* (fuzz_decode), DIR/config/* (fuzz_config),
                       DIR/api/* (fuzz_api)

decode: every vendors.py case as one input (its datagrams in order, in
fuzz_decode's framing), the same from two exporters interleaved, and NetFlow
v1/v5/v7 datagrams; config: the example configurations in docs/ and the
tools' tests; api: netflow.io's request bodies and registry file.
"""
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, "../..")
sys.path.insert(0, os.path.join(TOP, "tests/tools/lib"))
import vendors  # noqa: E402


def frame(datagrams, exporter=0, expire_at=None, state=True):
    """fuzz_decode's input: ctl byte (exporter, expiry, state round trip), u16 length, bytes."""
    out = b""
    for i, d in enumerate(datagrams):
        ctl = exporter | (4 if i == expire_at else 0) | (8 if state and i == 0 else 0)
        out += struct.pack("!BH", ctl, len(d)) + d
    return out


def legacy(version, n):
    """A v1, v5 or v7 datagram of @n records (v5 with 1-in-10 sampling)."""
    hdr = struct.pack("!HHIII", version, n, vendors.UPTIME, vendors.T0, 0)
    if version != 1:
        hdr += struct.pack("!IBBH", 0, 1, 2, 0x4000 | 10 if version == 5 else 0)
    rec = b""
    for i in range(n):
        r = (vendors.A("10.0.0.%d" % (i + 1)) + vendors.A("192.0.2.1") + vendors.A("10.0.0.254") +
             struct.pack("!HHIIIIHH", 1, 2, 10, 1500, 90000, 99000, 1024 + i, 80))
        if version == 1:
            r += struct.pack("!HBBB7x", 0, 6, 0, 0x1b)
        else:
            r += struct.pack("!BBBBHHBBH", 0, 0x1b, 6, 0, 64500, 64501, 24, 24, 0)
        if version == 7:
            r += vendors.A("10.0.0.254")
        rec += r
    return hdr + rec


def api_bodies():
    """fuzz_api's inputs: a byte naming the parser (0 prefixes, 1 stats,
    2 registry), then a body as netflow.io's API documents them."""
    prefixes = {"prefixes": [{"prefix": "172.16.1.0", "prefixLen": 24},
                             {"prefix": "2001:db8::", "prefixLen": 32}]}
    buckets = {"years": ["2014"], "months": ["2014-12"], "days": ["2014-02-02"],
               "hours": ["2014-02-02 05"],
               "minutes": ["2014-02-02 05:00",
                           {"2014-02-02 05:01": ["all", "proto:6", "srcip:10.0.0.1", "dstip:2001:db8::1",
                                                 "srcport:53", "dstport:443", "srcas:64500",
                                                 "dstas:34868"]}]}
    stats = {"10.0.0.0/8": buckets, "2001:db8::/32": {"days": ["2014-02-02"]}}
    registry = {"senders": [{"ip": "192.0.2.1", "prefixes": prefixes["prefixes"]},
                            {"ip": "2001:db8::1", "prefixes": []}]}
    return {"prefixes": b"\0" + json.dumps(prefixes).encode(), "prefixes-empty": b"\0",
            "stats": b"\1" + json.dumps(stats).encode(),
            "registry": b"\2" + json.dumps(registry).encode()}


def main():
    out = sys.argv[1]
    dec, cfg, api = (os.path.join(out, n) for n in ("decode", "config", "api"))
    for d in (dec, cfg, api):
        os.makedirs(d, exist_ok=True)
    for name, body in api_bodies().items():
        open(os.path.join(api, name), "wb").write(body)
    cases = [f() for f in vendors.CASES]
    for c in cases:
        open(os.path.join(dec, c.name), "wb").write(frame(c.datagrams))
        # The same as JSON (bit 4 of the first ctl).
        j = bytearray(frame(c.datagrams))
        j[0] |= 16
        open(os.path.join(dec, c.name + ".json"), "wb").write(bytes(j))
    # Two exporters at once, the second's templates expiring half-way.
    for a, b in zip(cases, cases[1:]):
        mixed = b""
        for i in range(max(len(a.datagrams), len(b.datagrams))):
            if i < len(a.datagrams):
                mixed += frame([a.datagrams[i]], 1)
            if i < len(b.datagrams):
                mixed += frame([b.datagrams[i]], 3, 0 if i == 1 else None)
        open(os.path.join(dec, "%s+%s" % (a.name, b.name)), "wb").write(mixed)
    for v in (1, 5, 7):
        open(os.path.join(dec, "v%d" % v), "wb").write(frame([legacy(v, 3), legacy(v, 1)]))
    for src in ("docs/config.example.yaml", "docs/config.rkosegi.yaml"):
        text = open(os.path.join(TOP, src)).read()
        open(os.path.join(cfg, os.path.basename(src)), "w").write(text)
    # What fuzz_config found: a second allowed_exporters list written past the first's end.
    open(os.path.join(cfg, "regress-twice"), "w").write(
        "netflow_endpoint: :2055\nallowed_exporters: [10.0.0.1, 10.0.0.2, 10.0.0.3]\n"
        "allowed_exporters: [10.0.0.0/8]\n")
    text = open(os.path.join(TOP, "tests/tools/lib/flows.yaml.in")).read()
    text = text.replace("@PORT@", "2055").replace("@HTTP@", "9438").replace("@OUT@", "/tmp")
    open(os.path.join(cfg, "flows.yaml"), "w").write(text)


main()
