#!/usr/bin/env python3
"""Malformed requests for flowmeterd's APIs, made here and sent signed.

  api_malformed.py HOST:PORT AUTH_KEY SIGN_KEY SENDER
SENDER: a registered sender with the prefix 10.1.0.0/24. Every case is a
request that must be refused with a 4xx and a JSON {"error": ...} (never
a 2xx, a 5xx or a dropped connection): truncations of valid bodies at
every byte, huge numbers, wrong types, unknown and repeated fields, SQL
metacharacters in every string field and in the paths, overlong strings,
bad UTF-8, deep nesting, too many items, an oversized body; for /api/v1,
bad parameters. Last, SQL in a free-text parameter (series' value) must be
an ordinary value: 200 and nothing matched. Prints a line per kind of
case; exit 1 if any case was answered otherwise.
"""
import hashlib
import hmac
import http.client
import json
import sys
import urllib.parse

HOST, AUTH, SIGN, SENDER = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
SQL = ["'", '"', "';--", "' OR '1'='1", "1; DROP TABLE meta; --", "%", "_", "\\",
       "$(id)", "`id`", "<script>", "\x01", "NULL", "0x00", "1' UNION SELECT * FROM meta--"]
BAD_UTF8 = [b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"abc\x80"]
failed = 0
counts = {}


def send(kind, method, path, body=b"", signed=True, want=None):
    """One request; it must get a 4xx (or exactly @want) with a JSON error."""
    global failed
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    h = {}
    if signed:
        h["X-Io-Auth"] = AUTH
        h["X-Io-Sign"] = hmac.new(SIGN.encode(), body if body else AUTH.encode(),
                                  hashlib.sha256).hexdigest()
    c = http.client.HTTPConnection(HOST, timeout=30)
    try:
        c.request(method, path, body=body or None, headers=h)
        r = c.getresponse()
        status, text = r.status, r.read()
    except Exception as e:  # noqa: BLE001 - a dropped connection is a failure too
        status, text = None, str(e).encode()
    finally:
        c.close()
    ok = (status == want) if want else (status is not None and 400 <= status < 500)
    if ok and not want:
        try:
            ok = isinstance(json.loads(text)["error"], str)
        except (ValueError, KeyError, TypeError):
            ok = False
    counts[kind] = counts.get(kind, 0) + 1
    if not ok:
        failed += 1
        print("FAIL %s: %s %s %r -> %s %r" % (kind, method, path[:80], body[:80], status, text[:200]))
    return text


def quote(s):
    return urllib.parse.quote(s, safe="")


def prefixes(p, n=24):
    return json.dumps({"prefixes": [{"prefix": p, "prefixLen": n}]})


PUT = "/senders/192.0.2.77"
STATS = "/stats/" + SENDER
put_ok = prefixes("172.16.1.0")
stats_ok = json.dumps({"10.1.0.0/24": {"days": ["2014-02-02"], "minutes": [
    {"2014-02-02 05:00": ["all", "dstas:34868", "srcport:80"]}]}})

# Truncated: every prefix of a valid body but the empty one (an empty PUT registers).
for i in range(1, len(put_ok)):
    send("truncated PUT", "PUT", PUT, put_ok[:i])
    send("truncated DELETE", "DELETE", "/senders/" + SENDER, put_ok[:i])
for i in range(0, len(stats_ok)):
    send("truncated stats", "POST", STATS, stats_ok[:i])

# Huge and wrong numbers.
for n in ["1e400", "99999999999999999999999", "-1", "33", "129", "2.5", "1e2", "-0", "0x18"]:
    send("numbers", "PUT", PUT, '{"prefixes":[{"prefix":"172.16.1.0","prefixLen":%s}]}' % n)
for f in ["srcport:99999999999", "proto:256", "srcas:4294967296", "dstport:-1", "dstport:+1",
          "proto:", "srcport:1e3", "dstas:0x10", "srcport: 80"]:
    send("numbers", "POST", STATS, json.dumps({"10.1.0.0/24": {"days": [{"2014-02-02": [f]}]}}))
send("numbers", "POST", STATS, json.dumps({"10.1.0.0/99999999999999999999": {"days": ["2014-02-02"]}}))

# Wrong types.
for v in ["{}", '"x"', "1", "null", "[1]", "[[]]", '[{"prefix":1,"prefixLen":24}]',
          '[{"prefix":"172.16.1.0","prefixLen":"24"}]', "true", '[{"prefix":"172.16.1.0"}]',
          '[{"prefixLen":24}]', '[null]']:
    send("types", "PUT", PUT, '{"prefixes":%s}' % v)
for b in ['[]', '"x"', "1", "null", "{}", '{"10.1.0.0/24": []}', '{"10.1.0.0/24": null}',
          '{"10.1.0.0/24": {"days": "2014-02-02"}}', '{"10.1.0.0/24": {"days": [1]}}',
          '{"10.1.0.0/24": {"days": [{"2014-02-02": "all"}]}}',
          '{"10.1.0.0/24": {"days": [{"2014-02-02": [1]}]}}',
          '{"10.1.0.0/24": {"days": [{"2014-02-02": []}]}}',
          '{"10.1.0.0/24": {"days": [{"2014-02-02": ["all"], "2014-02-03": ["all"]}]}}',
          '{"10.1.0.0/24": {"days": [{}]}}', '{"10.1.0.0/24": {"days": [null]}}']:
    send("types", "POST", STATS, b)
send("types", "PUT", PUT, "[]")

# Unknown and repeated fields; formats that are near misses.
for b in ['{"prefixes":[],"extra":1}', '{"prefix":[]}',
          '{"prefixes":[{"prefix":"172.16.1.0","prefixLen":24,"x":1}]}',
          '{"prefixes":[],"prefixes":[]}',
          '{"prefixes":[{"prefix":"172.16.1.0","prefix":"172.16.2.0","prefixLen":24}]}',
          prefixes("172.16.1.5"), prefixes("172.16.1.0/24"), prefixes("2001:db8::1", 32),
          prefixes("::ffff:1.2.3.4/96"), prefixes("localhost")]:
    send("fields", "PUT", PUT, b)
for b in [{"10.1.0.0/24": {"weeks": ["2014-02"]}}, {"10.1.0.5/24": {"days": ["2014-02-02"]}},
          {"10.1.0.0": {"days": ["2014-02-02"]}}, {"10.1.0.0/24": {"days": ["2014-2-2"]}},
          {"10.1.0.0/24": {"days": ["2014-02-30"]}}, {"10.1.0.0/24": {"hours": ["2014-02-02 24"]}},
          {"10.1.0.0/24": {"minutes": ["2014-02-02 05:60"]}}, {"10.1.0.0/24": {"years": ["1969"]}},
          {"10.1.0.0/24": {"years": ["14"]}}, {"10.1.0.0/24": {"months": ["2014-13"]}},
          {"10.1.0.0/24": {"days": ["2014-02-02 "]}}, {"10.1.0.0/24": {"days": [" 2014-02-02"]}},
          {"10.1.0.0/24": {"minutes": ["2014-02-02T05:00"]}},
          {"10.1.0.0/24": {"days": [{"2014-02-02": ["foo:1"]}]}},
          {"10.1.0.0/24": {"days": [{"2014-02-02": ["all", "all"]}]}},
          {"10.1.0.0/24": {"days": [{"2014-02-02": ["srcip:10.1.0.300"]}]}},
          {"10.1.0.0/24": {"days": [{"2014-02-02": ["ALL"]}]}}]:
    send("fields", "POST", STATS, json.dumps(b))
send("fields", "POST", STATS, '{"10.1.0.0/24":{"days":[]},"10.1.0.0/24":{"days":[]}}')

# SQL metacharacters in every string field and path part.
for s in SQL:
    send("sql", "PUT", PUT, prefixes(s))
    send("sql", "PUT", PUT, prefixes("172.16.1.0" + s))
    send("sql", "DELETE", "/senders/" + SENDER, prefixes("10.1.0.0" + s))
    send("sql", "PUT", "/senders/" + quote("192.0.2.1" + s), put_ok)
    send("sql", "GET", "/senders/" + quote(s))
    send("sql", "POST", "/stats/" + quote(SENDER + s), stats_ok)
    send("sql", "POST", STATS, json.dumps({"10.1.0.0/24" + s: {"days": ["2014-02-02"]}}))
    send("sql", "POST", STATS, json.dumps({"10.1.0.0/24": {"days" + s: ["2014-02-02"]}}))
    send("sql", "POST", STATS, json.dumps({"10.1.0.0/24": {"days": ["2014-02-02" + s]}}))
    for f in ["all", "srcip:10.1.0.2", "dstport:80", "proto:6"]:
        send("sql", "POST", STATS, json.dumps({"10.1.0.0/24": {"days": [{"2014-02-02": [f + s]}]}}))
    send("sql", "POST", STATS, json.dumps({"10.1.0.0/24": {"days": [{"2014-02-02": ["srcip:" + s]}]}}))
    for k, v in [("by", "source_ip" + s), ("exporter", "127.0.0.1" + s), ("src", "10.1.0.2" + s),
                 ("dst", s), ("attr", "proto" + s), ("order", "bytes" + s), ("n", "10" + s),
                 ("from", "2026-12-01" + s), ("proto", "tcp" + s), ("port", "80" + s),
                 ("step", "5m" + s), ("since", "1h" + s), ("addr", s), (s, "1")]:
        kind = {"addr": "nat", "src": "flows", "dst": "flows", "proto": "flows", "port": "flows",
                "step": "series", "attr": "series"}.get(k, "top")
        send("sql /api/v1", "GET", "/api/v1/%s?%s=%s" % (kind, quote(k), quote(v)), signed=False)

# Overlong strings.
for n in [300, 5000, 60000]:
    long = "1" * n
    send("overlong", "PUT", PUT, prefixes(long))
    send("overlong", "POST", STATS, json.dumps({long + "/24": {"days": ["2014-02-02"]}}))
    send("overlong", "POST", STATS, json.dumps({"10.1.0.0/24": {long: ["2014-02-02"]}}))
    send("overlong", "POST", STATS, json.dumps({"10.1.0.0/24": {"days": [long]}}))
    send("overlong", "POST", STATS, json.dumps({"10.1.0.0/24": {"days": [{"2014-02-02": ["srcip:" + long]}]}}))
    send("overlong", "GET", "/api/v1/series?attr=proto&value=" + long[:min(n, 20000)], signed=False)
    send("overlong", "GET", "/senders/" + long[:min(n, 20000)])

# Bad UTF-8 in every string.
for b in BAD_UTF8:
    send("utf-8", "PUT", PUT, b'{"prefixes":[{"prefix":"172.16.1.0' + b + b'","prefixLen":24}]}')
    send("utf-8", "PUT", PUT, b'{"prefixes":[{"prefix' + b + b'":"172.16.1.0","prefixLen":24}]}')
    send("utf-8", "POST", STATS, b'{"10.1.0.0/24' + b + b'":{"days":["2014-02-02"]}}')
    send("utf-8", "POST", STATS, b'{"10.1.0.0/24":{"days' + b + b'":["2014-02-02"]}}')
    send("utf-8", "POST", STATS, b'{"10.1.0.0/24":{"days":["2014-02-02' + b + b'"]}}')
    send("utf-8", "POST", STATS, b'{"10.1.0.0/24":{"days":[{"2014-02-02":["all' + b + b'"]}]}}')
    send("utf-8", "POST", STATS, b + stats_ok.encode())
send("utf-8", "PUT", PUT, '{"prefixes":[{"prefix":"172.16.1.0\\u0000","prefixLen":24}]}')
send("utf-8", "PUT", PUT, '{"prefixes":[{"prefix":"\\ud800","prefixLen":24}]}')

# Deep nesting, too many items, too big.
send("size", "PUT", PUT, "[" * 100000 + "]" * 100000, want=413)
send("size", "PUT", PUT, '{"prefixes":' + "[" * 5000 + "]" * 5000 + "}")
send("size", "POST", STATS, "{" + '"a":{' * 3000 + "}" * 3001)
send("size", "PUT", PUT, json.dumps({"prefixes": [{"prefix": "10.%d.%d.0" % (i // 256, i % 256), "prefixLen": 24}
                                                  for i in range(1025)]}))
send("size", "POST", STATS, json.dumps({"10.1.0.0/24": {"minutes": ["2014-02-02 05:%02d" % (i % 60)
                                                                    for i in range(1025)]}}))
send("size", "POST", STATS, json.dumps({"10.1.0.0/24": {"days": [{"2014-02-02": ["all"] + ["proto:%d" % i for i in range(16)]}]}}))
send("size", "PUT", PUT, "x" * 70000, want=413)
send("size", "POST", STATS, b"\x00" * 1000)

# Unsigned or wrongly signed: 401 before anything is read.
send("auth", "PUT", PUT, put_ok, signed=False, want=401)
send("auth", "POST", STATS, stats_ok, signed=False, want=401)

# SQL in a free-text value is a value: nothing has it.
t = send("sql value", "GET", "/api/v1/series?since=3650d&step=1d&attr=destination_country&value=" +
         quote("DE' OR '1'='1' --"), signed=False, want=200)
pts = json.loads(t)["points"]
if any(p["flows"] for p in pts):
    failed += 1
    print("FAIL sql value: a value with SQL in it matched flows:", [p for p in pts if p["flows"]][:3])
counts["sql value"] = counts.get("sql value", 0)

for k in counts:
    print("%-18s %4d requests" % (k, counts[k]))
print("%d requests, %d answered wrongly" % (sum(counts.values()), failed))
sys.exit(1 if failed else 0)
