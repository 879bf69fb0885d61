#!/usr/bin/env python3
"""A strict fake of Elasticsearch's _bulk API, for the elasticsearch: output.

  fake_bulk.py PORTFILE STORED ERRORS
Listens on a free loopback port (written to PORTFILE). Every request must be
POST /_bulk, Content-Type application/x-ndjson, a body of lines each ending
in a newline, alternating {"create":{"_index":"flowmeter-YYYY.MM.DD"}} and
an ECS document whose fields have ECS's names and types and whose day is
the index's; anything else is a 400 and a line in ERRORS. Documents taken
are appended to STORED. Scripted failures, by request number: the first
request gets 503 (a whole retry); in the second, the first document gets
429 (sent again) and the second a 400 mapper_parsing_exception (dropped).
"""
import ipaddress
import json
import re
import sys
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer

portfile, stored, errors = sys.argv[1:4]
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
INDEX = re.compile(r"^flowmeter-(\d{4})\.(\d\d)\.(\d\d)$")


def ip(v):
    ipaddress.ip_address(v)
    return True


def nonneg(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def port(v):
    return nonneg(v) and v <= 65535


def string(v):
    return isinstance(v, str) and v != ""


# ECS field -> type check (keyword/ip/long/date/geo_point), and netflow.*/flow.*.
TYPES = {
    "@timestamp": lambda v: bool(RFC3339.match(v)),
    "event.kind": lambda v: v == "event", "event.category": lambda v: v == ["network"],
    "event.type": lambda v: v == ["connection"], "event.action": string,
    "event.dataset": string, "event.created": lambda v: bool(RFC3339.match(v)),
    "event.start": lambda v: bool(RFC3339.match(v)), "event.end": lambda v: bool(RFC3339.match(v)),
    "event.duration": nonneg,
    "network.type": lambda v: v in ("ipv4", "ipv6"),
    "network.transport": lambda v: string(v) and v == v.lower(),
    "network.iana_number": lambda v: isinstance(v, str) and v.isdigit(),
    "network.bytes": nonneg, "network.packets": nonneg,
    "observer.ip": ip, "observer.ingress.interface.name": string,
    "observer.egress.interface.name": string,
    "flow.flows": nonneg, "flow.source_host": string, "flow.destination_host": string,
}
for side in ("source", "destination"):
    TYPES.update({
        side + ".ip": ip, side + ".port": port, side + ".bytes": nonneg,
        side + ".packets": nonneg, side + ".geo.country_iso_code": lambda v: bool(re.match(r"^[A-Z]{2}$", v)),
        side + ".geo.city_name": string, side + ".geo.location": lambda v: set(v) == {"lat", "lon"},
        side + ".as.number": nonneg, side + ".as.organization.name": string,
        side + ".domain": string, side + ".nat.ip": ip, side + ".nat.port": port,
    })


def flatten(d, prefix=""):
    for k, v in d.items():
        if isinstance(v, dict) and prefix + k not in TYPES:
            yield from flatten(v, prefix + k + ".")
        else:
            yield prefix + k, v


def check_doc(doc, index):
    for k, v in flatten(doc):
        if k.startswith("netflow."):
            if not (nonneg(v) or (isinstance(v, str) and ip(v))):
                return "%s: %r" % (k, v)
            continue
        if k not in TYPES:
            return "not an ECS field: %s" % k
        try:
            ok = TYPES[k](v)
        except (ValueError, TypeError, AttributeError):
            ok = False
        if not ok:
            return "%s: wrong type or value %r" % (k, v)
    for k in ("@timestamp", "event.kind", "network.bytes", "source.ip", "destination.ip", "observer.ip"):
        if k not in dict(flatten(doc)):
            return "missing %s" % k
    m = INDEX.match(index)
    day = datetime.fromisoformat(doc["@timestamp"].replace("Z", "+00:00")).strftime("%Y.%m.%d")
    if not m or ".".join(m.groups()) != day:
        return "index %s is not the day of %s" % (index, doc["@timestamp"])
    return None


class H(BaseHTTPRequestHandler):
    n = 0

    def log_message(self, *a):
        pass

    def reply(self, status, body):
        b = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def bad(self, why):
        with open(errors, "a") as f:
            f.write(why + "\n")
        self.reply(400, {"error": {"type": "parse_exception", "reason": why}, "status": 400})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        H.n += 1
        if self.path != "/_bulk":
            return self.bad("path %s" % self.path)
        if self.headers.get("Content-Type") != "application/x-ndjson":
            return self.bad("content type %s" % self.headers.get("Content-Type"))
        if not body.endswith(b"\n"):
            return self.bad("the body does not end in a newline")
        lines = body.decode().split("\n")[:-1]
        if len(lines) % 2:
            return self.bad("an action without its document")
        docs = []
        for i in range(0, len(lines), 2):
            try:
                a, d = json.loads(lines[i]), json.loads(lines[i + 1])
            except ValueError as e:
                return self.bad("line %d: %s" % (i + 1, e))
            if list(a) != ["create"] or list(a["create"]) != ["_index"]:
                return self.bad("action %r" % a)
            why = check_doc(d, a["create"]["_index"])
            if why:
                return self.bad("document %d: %s" % (i // 2, why))
            docs.append(d)
        if H.n == 1:
            return self.reply(503, {"error": "scripted: unavailable"})
        items, took = [], []
        for i, d in enumerate(docs):
            st = 201
            if H.n == 2 and i == 0:
                st = 429
            elif H.n == 2 and i == 1:
                st = 400
            it = {"_index": "x", "status": st}
            if st == 400:
                it["error"] = {"type": "mapper_parsing_exception", "reason": "scripted"}
                with open(stored + ".refused", "a") as f:
                    f.write(json.dumps(d) + "\n")
            elif st == 201:
                took.append(d)
            items.append({"create": it})
        with open(stored, "a") as f:
            for d in took:
                f.write(json.dumps(d) + "\n")
        self.reply(200, {"took": 1, "errors": len(took) != len(docs), "items": items})


srv = HTTPServer(("127.0.0.1", 0), H)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os  # noqa: E402
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
