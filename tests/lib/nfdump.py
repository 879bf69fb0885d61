"""nfdump's CSV output (nfdump -o csv), read once for every suite."""
import re
import socket
import sys

# nfdump's protocol names where they are not /etc/protocols' ones.
PROTO = {"TCP": 6, "UDP": 17, "ICMP": 1, "ICMP6": 58, "IPV6-ICMP": 58,
         "OPTS6": 60, "FRAG6": 44, "ROUTE6": 43, "NONXT": 59}

# nfdump 1.7's CSV columns, used if the header line is missing.
DEFAULT_COLS = "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt".split(",")


def proto_number(name):
    if name.isdigit():
        return int(name)
    if name.upper() in PROTO:
        return PROTO[name.upper()]
    try:
        return socket.getprotobyname(name.lower())
    except OSError:
        sys.exit("nfdump.py: unknown protocol name %r in nfdump's output" % name)


def port(text):
    """A port; ICMP type.code comes out as "t.c" in some versions."""
    if "." in text:
        t, c = text.split(".")
        return int(t) * 256 + int(c)
    return int(text)


def records(path):
    """Every record: a dict of the CSV columns, with 'pr' a number and
    'sp', 'dp', 'ipkt', 'ibyt' integers."""
    cols = {n: i for i, n in enumerate(DEFAULT_COLS)}
    for line in open(path):
        f = [x.strip() for x in line.rstrip("\n").split(",")]
        if f[0] == "ts":
            cols = {n: i for i, n in enumerate(f)}
            continue
        if len(f) < len(cols) or not re.match(r"\d{4}-", f[0]):
            continue
        r = {n: f[i] for n, i in cols.items()}
        r["pr"] = proto_number(r["pr"])
        r["sp"], r["dp"] = port(r["sp"]), port(r["dp"])
        r["ipkt"], r["ibyt"] = int(r["ipkt"]), int(r["ibyt"])
        yield r
