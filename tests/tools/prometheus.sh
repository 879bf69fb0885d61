#!/bin/bash
# A real Prometheus scrapes flowmeterd; PromQL over its HTTP API gives back
# the per-host and per-protocol totals of the pcap softflowd exported.
. "$(dirname "$0")/lib/common.sh"
need prometheus softflowd curl python3
python3 "$LIB/mkpcap.py" "$FM_OUT/flows.pcap" 11 > "$FM_OUT/truth.txt"
cat > "$FM_OUT/fmd.yaml" <<EOT
netflow_endpoint: 127.0.0.1:4311
telemetry_endpoint: 127.0.0.1:4411
state_file: $FM_OUT/templates.state
pipeline:
  enrich: [protocol_name]
  metrics:
    prefix: home
    items:
      - name: hosts
        description: Traffic by LAN host and protocol
        labels:
          - {name: host, value: source_ip, converter: ipv4}
          - {name: protocol, value: proto_name, converter: str}
EOT
fmd_start "$FM_OUT/fmd.yaml"
prom_start 127.0.0.1:4411 4490
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:4311 -v 10 > "$FM_OUT/softflowd.log" 2>&1

q() { curl -sf --get http://127.0.0.1:4490/api/v1/query --data-urlencode "query=$1"; }
# What the pcap says, summed the way the queries sum.
python3 - "$FM_OUT/truth.txt" > "$FM_OUT/want.txt" <<'EOT'
import sys
from collections import Counter
h, p = Counter(), Counter()
for line in open(sys.argv[1]):
    f = line.split()
    h[f[1]] += int(f[6])
    p[{"6": "tcp", "17": "udp"}[f[0]]] += int(f[5])
for k in sorted(h): print("host", k, h[k])
for k in sorted(p): print("protocol", k, p[k])
EOT
got() {
	{ q 'sum by (host) (home_flow_hosts)' | python3 -c '
import json, sys
for r in json.load(sys.stdin)["data"]["result"]:
    print("host", r["metric"]["host"], r["value"][1])'
	  q 'sum by (protocol) (home_flow_hosts_packets_total)' | python3 -c '
import json, sys
for r in json.load(sys.stdin)["data"]["result"]:
    print("protocol", r["metric"]["protocol"], r["value"][1])'
	} | sort
}
wait_for "[ \"\$(got)\" = \"\$(sort $FM_OUT/want.txt)\" ]" 60
got > "$FM_OUT/got.txt"
cat "$FM_OUT/got.txt"
assert_eq "$(got)" "$(sort "$FM_OUT/want.txt")" "PromQL totals by host and protocol"
prom_stop
fmd_stop
