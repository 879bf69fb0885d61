#!/usr/bin/env python3
"""pmacct-JSON records with AS numbers, as nfacctd's kafka plugin writes them,
and what flow-exporter makes of them.

  pmacct_gen.py MESSAGES EXPECTED LOCAL_ASN
MESSAGES: one message a line for kcat -P -l (two of them no pmacct record,
first and last but one). EXPECTED: the flow_transmit_bytes_total /
flow_receive_bytes_total series flow-exporter's rule gives (source AS ours:
transmit; else destination AS ours: receive; else none), one "NAME{LABELS}
VALUE" a line, and "ok N" / "invalid N" lines with the message counts.
"""
import json
import random
import sys
from collections import defaultdict

out, exp, local = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(13)
peers = [(local, "ours"), (15169, "GOOGLE"), (13335, "CLOUDFLARENET"), (3320, "DTAG")]
labels = ["edge1", "edge2"]
series = defaultdict(int)
lines = ["this is not JSON"]
ok = 0
for i in range(120):
    (sa, _), (da, _) = rnd.sample(peers, 2) if rnd.random() < 0.8 else rnd.sample(peers[1:], 2)
    lab = labels[i % 2]
    b, p = rnd.randint(40, 150000), rnd.randint(1, 100)
    rec = {
        "event_type": "purge", "label": lab, "as_src": sa, "as_dst": da,
        "peer_ip_src": "192.0.2.%d" % (1 + i % 2), "ip_src": "198.51.100.%d" % (i % 250),
        "ip_dst": "203.0.113.%d" % (i % 200), "port_src": 1024 + i, "port_dst": 443,
        "ip_proto": rnd.choice(["tcp", "udp", 6, "17"]), "tcp_flags": "24", "tos": 0,
        "stamp_inserted": "2026-01-05 10:00:00", "stamp_updated": "2026-01-05 10:01:02",
        "timestamp_start": "2026-01-05 10:00:01.250000",
        "timestamp_end": "2026-01-05 10:00:59.000000",
        "packets": p, "flows": 1, "bytes": b, "writer_id": "default_kafka/1234",
    }
    lines.append(json.dumps(rec))
    ok += 1
    if sa == local:
        name = "flow_transmit_bytes_total"
    elif da == local:
        name = "flow_receive_bytes_total"
    else:
        continue
    # No ASN database: names are "" (flow-exporter: its AS list's names).
    key = '%s{source_as="%d",source_as_name="",destination_as="%d",destination_as_name="",hostname="%s"}' % (
        name, sa, da, lab)
    series[key] += b
lines.insert(len(lines) - 1, '{"ip_src": "not an address", "bytes": 1}')
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
with open(exp, "w") as f:
    for k, v in sorted(series.items()):
        f.write("%s %d\n" % (k, v))
    f.write("ok %d\ninvalid 2\n" % ok)
