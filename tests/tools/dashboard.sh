#!/bin/bash
# docs/grafana-dashboard.json against what flowmeterd serves: flowmeterd runs
# docs/config.rkosegi.yaml (GeoIP fixtures), a real Prometheus scrapes it,
# and every panel's query, with Grafana's variables filled in, must name only
# metrics and labels flowmeterd serves and return data.
. "$(dirname "$0")/lib/common.sh"
need prometheus curl python3 perl
perl -MMaxMind::DB::Writer::Tree -e1 2>/dev/null || skip "libmaxmind-db-writer-perl not installed"
C=$LIB/craft.py
mkdir -p "$FM_OUT/geoip"
perl "$LIB/mkmmdb.pl" "$FM_OUT/geoip"
sed -e "s|/usr/share/GeoIP/|$FM_OUT/geoip/|" -e 's|^netflow_endpoint:.*|netflow_endpoint: 127.0.0.1:4351|' \
	-e 's|^telemetry_endpoint:.*|telemetry_endpoint: 127.0.0.1:4451|' "$TOP/docs/config.rkosegi.yaml" > "$FM_OUT/fmd.yaml"
printf 'state_file: ""\nuser: root\n' >> "$FM_OUT/fmd.yaml"
fmd_start "$FM_OUT/fmd.yaml"
prom_start 127.0.0.1:4451 4491
# Both directions, so source and destination are each sometimes remote.
for i in 1 2 3 4 5 6; do
	python3 "$C" 4351 flow 192.168.1.10 8.8.8.8 $((i * 1000))
	python3 "$C" 4351 flow 9.9.9.9 192.168.1.10 $((i * 3000))
	python3 "$C" 4351 flow 192.168.1.11 45.90.28.4 $((i * 500))
	sleep 1
done
sleep 2
metrics > "$FM_OUT/metrics.txt"
python3 - "$TOP/docs/grafana-dashboard.json" "$FM_OUT/metrics.txt" <<'EOT'
import json, re, sys, urllib.parse, urllib.request
dash = json.load(open(sys.argv[1]))
served = {}
for line in open(sys.argv[2]):
    m = re.match(r'^([a-zA-Z_:][\w:]*)\{(.*)\} ', line)
    if m:
        served.setdefault(m.group(1), set()).update(re.findall(r'(\w+)="', m.group(2)))
bad = 0
for p in dash["panels"]:
    for t in p.get("targets", []):
        e = t["expr"]
        q = (e.replace("$__range", "1m").replace("$__rate_interval", "30s")
              .replace('"$sampler"', '".*"'))
        for name in set(re.findall(r'\b(netflow_[\w]+|flowmeterd_[\w]+)\b', e)):
            if name not in served:
                print("FAIL: %s: metric %s not served" % (p["title"], name)); bad += 1
                continue
            for lab in set(re.findall(r'(\w+)\s*(?:=~|!=|=)', e.split("{", 1)[1]) +
                           re.findall(r'by \(([\w, ]+)\)', e)):
                for l in lab.split(","):
                    if l.strip() and l.strip() not in served[name]:
                        print("FAIL: %s: label %s not on %s" % (p["title"], l.strip(), name)); bad += 1
        url = "http://127.0.0.1:4491/api/v1/query?" + urllib.parse.urlencode({"query": q})
        res = json.load(urllib.request.urlopen(url))["data"]["result"]
        if not res:
            print("FAIL: %s: no data for %s" % (p["title"], q)); bad += 1
        else:
            print("ok: %s: %s" % (p["title"], ", ".join(
                "%s=%.0f" % (list(r["metric"].values())[0] if r["metric"] else "-", float(r["value"][1]))
                for r in res)))
sys.exit(1 if bad else 0)
EOT
prom_stop
fmd_stop
