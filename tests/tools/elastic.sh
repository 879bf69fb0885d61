#!/bin/bash
# The elasticsearch: output. No Elasticsearch can be installed here: its
# _bulk API is a strict fake (lib/fake_bulk.py) that checks the NDJSON
# framing, the daily index, and every field's ECS name and type, and answers
# as Elasticsearch does: a 503 for the whole first request (retried), then a
# 429 item (sent again) and a 400 item (dropped, counted) in the second.
# softflowd's export of a pcap goes to flowmeterd; the documents the fake
# took plus the one it refused equal the pcap's truth per flow, and the
# NDJSON file output holds every document once; counts are exact.
. "$(dirname "$0")/lib/common.sh"
need softflowd python3 curl
port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
python3 "$LIB/mkpcap.py" "$FM_OUT/flows.pcap" 7 > "$FM_OUT/truth.txt"
want=$(wc -l < "$FM_OUT/truth.txt")
python3 "$LIB/fake_bulk.py" "$FM_OUT/es.port" "$FM_OUT/stored.ndjson" "$FM_OUT/errors.txt" &
es=$!
trap 'kill $es 2>/dev/null || true; [ -n "${FMD_PID:-}" ] && kill $FMD_PID 2>/dev/null || true' EXIT
wait_for "[ -s $FM_OUT/es.port ]"
NF=$(port) HTTP=$(port)
cat > "$FM_OUT/flowmeterd.yaml" <<EOT
netflow_endpoint: 127.0.0.1:$NF
telemetry_endpoint: 127.0.0.1:$HTTP
state_file: ""
elasticsearch:
  url: http://127.0.0.1:$(cat "$FM_OUT/es.port")
  file: $FM_OUT/flows.ndjson
  batch: 1000
  flush_interval: 500ms
  retries: 3
EOT
fmd_start "$FM_OUT/flowmeterd.yaml"
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$NF -v 10 > "$FM_OUT/softflowd.log" 2>&1
e() { metric "flowmeterd_elasticsearch_$1{elasticsearch=\"elasticsearch\"${2:-}}"; }
wait_for "[ \$(e offered_records_total) -ge $want ] && [ \$(e queue_records) = 0 ]" 30
[ -s "$FM_OUT/errors.txt" ] && { cat "$FM_OUT/errors.txt"; fail "the fake refused our bulk requests"; }
assert_eq "$(e offered_records_total)" "$want" "records offered"
assert_eq "$(e dropped_records_total ',reason="delivery_failed"')" 1 "the document the fake refused"
assert_eq "$(e records_total)" "$((want - 1))" "documents taken"
assert_eq "$(wc -l < "$FM_OUT/stored.ndjson")" "$((want - 1))" "documents the fake stored"
assert_eq "$(wc -l < "$FM_OUT/flows.ndjson")" "$want" "documents in the NDJSON file"
python3 "$LIB/check_ecs.py" --truth "$FM_OUT/truth.txt" --docs "$FM_OUT/stored.ndjson" \
	--minus "$FM_OUT/stored.ndjson.refused"
python3 "$LIB/check_ecs.py" --truth "$FM_OUT/truth.txt" --docs "$FM_OUT/flows.ndjson"
fmd_stop
FMD_PID=
