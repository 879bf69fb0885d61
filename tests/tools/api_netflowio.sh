#!/bin/bash
# netflow.io's API (its README's REST API section): every example there -
# PUT a sender's IPv4 and IPv6 prefixes, GET /senders and /senders/<ip>,
# POST /stats with and without fields, DELETE with and without prefixes -
# with a correct signature (HMAC-SHA256 of the auth key, by openssl as the
# README does it, its output taken whole too; or of the body, by Python's
# hmac), a wrong one and none: 200 and the effect, or 401 and nothing
# changed. Then the registry at work: flows from a sender it does not name
# are counted (flowmeterd_api_unregistered_records_total) and not stored;
# once 127.0.0.1 is registered, softflowd's flows (v5, a pcap made here,
# also sent to nfcapd) are stored, and after a restart (the registry read
# back from its file) POST /stats/127.0.0.1 answers per prefix, bucket and
# field what nfdump's records say (nfio_truth.py).
. "$(dirname "$0")/lib/common.sh"
. "$LIB/store.sh"
. "$LIB/api.sh"
need softflowd nfcapd nfdump curl python3 openssl

AUTH=7f3b2c1d-auth-key-for-the-test
SIGN=e9a8d7c6-sign-key-for-the-test
now=$(date +%s)
H=$(( (now / 3600 - 3) * 3600 ))
python3 "$LIB/mkpcap.py" "$FM_OUT/flows.pcap" 5 100 $((H + 50)) > "$FM_OUT/truth.txt"
want=$(wc -l < "$FM_OUT/truth.txt")
PORT=$(free_port)
HTTP=$(free_port)
U=http://127.0.0.1:$HTTP
api_conf "$FM_OUT" "$AUTH" "$SIGN"

# The README's recipe: echo -n KEY | openssl dgst -sha256 -hmac SIGN (its whole output).
SIGNED_KEY=$(echo -n "$AUTH" | openssl dgst -sha256 -hmac "$SIGN")
KEY_HEX=${SIGNED_KEY##* }
WRONG_HEX=$(echo -n "$AUTH" | openssl dgst -sha256 -hmac "not-$SIGN" | awk '{ print $NF }')
[ ${#KEY_HEX} = 64 ] || fail "openssl's HMAC: '$SIGNED_KEY'"

# call HOW METHOD PATH [BODY]: the status; the answer in $FM_OUT/r.json. HOW: key (the
# signed auth key, openssl's whole line), hex (just its hex), body (the body's HMAC,
# Python's), wrong (keyed with another sign key), auth (another auth key), none.
call() {
	local how=$1 m=$2 p=$3 body=${4-} h=()
	case $how in
	key) h=(-H "X-Io-Auth: $AUTH" -H "X-Io-Sign: $SIGNED_KEY") ;;
	hex) h=(-H "X-Io-Auth: $AUTH" -H "X-Io-Sign: $KEY_HEX") ;;
	body) h=(-H "X-Io-Auth: $AUTH" -H "X-Io-Sign: $(python3 -c 'import hmac, hashlib, sys; print(hmac.new(sys.argv[1].encode(), sys.argv[2].encode(), hashlib.sha256).hexdigest())' "$SIGN" "$body")") ;;
	wrong) h=(-H "X-Io-Auth: $AUTH" -H "X-Io-Sign: $WRONG_HEX") ;;
	auth) h=(-H "X-Io-Auth: x$AUTH" -H "X-Io-Sign: $KEY_HEX") ;;
	none) h=() ;;
	esac
	if [ -n "$body" ]; then
		curl -s -o "$FM_OUT/r.json" -w '%{http_code}' -X "$m" -d "$body" "${h[@]}" "$U$p"
	else
		curl -s -o "$FM_OUT/r.json" -w '%{http_code}' -X "$m" "${h[@]}" "$U$p"
	fi
}

# registry: GET /senders, compact and sorted.
registry() {
	[ "$(call hex GET /senders)" = 200 ] || fail "GET /senders: $(cat "$FM_OUT/r.json")"
	python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1])), sort_keys=True, separators=(",", ":")))' "$FM_OUT/r.json"
}

# example NAME METHOD PATH BODY WANT_AFTER: refused unsigned, with a wrong signature and a
# wrong auth key (registry untouched); then signed with the auth key and with the body.
example() {
	local name=$1 m=$2 p=$3 body=$4 before how
	before=$(registry)
	for how in none wrong auth; do
		assert_eq "$(call $how "$m" "$p" "$body")" 401 "$name, signature $how"
		grep -q '"error"' "$FM_OUT/r.json" || fail "$name: a 401 without a JSON error"
		assert_eq "$(registry)" "$before" "$name, signature $how: registry unchanged"
	done
	for how in ${5:-key}; do
		assert_eq "$(call $how "$m" "$p" "$body")" 200 "$name, signed ($how)"
	done
}

fmd_start "$FM_OUT/flows.yaml"
assert_eq "$(registry)" '[]' "no senders at first"

P4='{"prefixes":[{"prefix":"172.16.1.0","prefixLen":24}]}'
P6='{"prefixes":[{"prefix":"2001:db8::","prefixLen":32}]}'
example "PUT 172.16.1.1 172.16.1.0/24" PUT /senders/172.16.1.1 "$P4" "key body"
assert_eq "$(registry)" '[{"ip":"172.16.1.1","prefixes":[{"prefix":"172.16.1.0","prefixLen":24}]}]' "PUT: registered"
example "PUT 172.16.1.1 2001:db8::/32" PUT /senders/172.16.1.1 "$P6" "hex body"
assert_eq "$(registry)" '[{"ip":"172.16.1.1","prefixes":[{"prefix":"172.16.1.0","prefixLen":24},{"prefix":"2001:db8::","prefixLen":32}]}]' "PUT: IPv6 added, once"
example "GET /senders" GET /senders "" "key hex"
example "GET /senders/172.16.1.1" GET /senders/172.16.1.1 "" "key"
assert_eq "$(python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(j["ip"], len(j["prefixes"]))' "$FM_OUT/r.json")" "172.16.1.1 2" "GET one sender"
assert_eq "$(call key GET /senders/172.16.1.2)" 404 "GET an unknown sender"

S1='{
  "2001:db8::/32":{
    "years":["2013", "2014"],
    "months":["2013-01", "2013-02"],
    "days":["2014-02-02"],
    "hours":["2014-02-02 05"],
    "minutes":[
      "2014-02-02 05:00",
      "2014-02-02 05:01",
      "2014-02-02 05:02",
      "2014-02-02 05:03",
      "2014-02-02 05:04"
    ]
  }}'
S2='{
  "2001:db8::/32":{
    "years":["2013", "2014"],
    "months":["2013-01", "2013-02"],
    "days":["2014-02-02"],
    "hours":["2014-02-02 05"],
    "minutes":[
      {"2014-02-02 05:00": ["all", "dstas:34868", "srcas:34868"]},
      {"2014-02-02 05:01": ["all", "dstas:34868", "srcas:34868"]},
      {"2014-02-02 05:02": ["all", "dstas:34868", "srcas:34868"]},
      {"2014-02-02 05:03": ["all", "dstas:34868", "srcas:34868"]},
      {"2014-02-02 05:04": ["all", "dstas:34868", "srcas:34868"]}
    ]
  }}'
for s in S1 S2; do
	example "POST /stats/172.16.1.1 ($s)" POST /stats/172.16.1.1 "${!s}" "key body"
	echo "${!s}" > "$FM_OUT/req.json"
	: > "$FM_OUT/empty.csv"
	python3 "$LIB/nfio_truth.py" "$FM_OUT/empty.csv" "$FM_OUT/req.json" > "$FM_OUT/want.json"
	# 2013 and 2014 are before the store: the counts are 0 (whether "approximate" is the plan's).
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
for p in j.values():
    for s in p.values():
        for b in s.values():
            for f in b.values():
                f.pop("approximate", None)
print(json.dumps(j, sort_keys=True, indent=1))' "$FM_OUT/r.json" > "$FM_OUT/got.json"
	cmp "$FM_OUT/want.json" "$FM_OUT/got.json" || { diff "$FM_OUT/want.json" "$FM_OUT/got.json" | head; fail "stats $s: not every bucket and field, zero"; }
	echo "ok: stats $s: $(grep -c '"in"' "$FM_OUT/got.json") buckets and fields, each zero"
done
assert_eq "$(call key POST /stats/172.16.1.9 "$S1")" 404 "stats of an unknown sender"
assert_eq "$(call key POST /stats/172.16.1.1 '{"10.0.0.0/8":{"days":["2014-02-02"]}}')" 404 "stats of a prefix not registered"

example "DELETE 2001:db8::/32" DELETE /senders/172.16.1.1 "$P6" "key"
assert_eq "$(registry)" '[{"ip":"172.16.1.1","prefixes":[{"prefix":"172.16.1.0","prefixLen":24}]}]' "DELETE a prefix"
example "DELETE 172.16.1.1" DELETE /senders/172.16.1.1 "" "key"
assert_eq "$(registry)" '[]' "DELETE the sender"
assert_eq "$(call key DELETE /senders/172.16.1.1)" 404 "DELETE it again"

# The registry in use: 127.0.0.1 (softflowd) is not in it.
assert_eq "$(call key PUT /senders/172.16.1.1 "$P4")" 200 "PUT 172.16.1.1 again"
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$PORT -v 5 > "$FM_OUT/softflowd1.log" 2>&1
wait_for "[ \$(metric 'flowmeterd_exporter_records_total{exporter=\"127.0.0.1\",kind=\"flow\"}') -ge $want ]" 20
wait_for "[ \$(metric flowmeterd_api_unregistered_records_total) -ge $want ]" 10
assert_eq "$(metric flowmeterd_api_unregistered_records_total)" "$want" "unregistered records counted"
assert_eq "$(store_metric offered_records_total)" 0 "and not offered to the store"

# Registered: 127.0.0.1 watching the pcap's sources and some destinations.
R='{"prefixes":[{"prefix":"10.1.0.0","prefixLen":24},{"prefix":"93.0.0.0","prefixLen":8},{"prefix":"2001:db8::","prefixLen":32}]}'
assert_eq "$(call body PUT /senders/127.0.0.1 "$R")" 200 "PUT 127.0.0.1"
capture_start "$FM_OUT"
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$TEE_PORT -v 5 > "$FM_OUT/softflowd2.log" 2>&1
wait_for "[ \$(store_metric records_total) -ge $want ]" 20
assert_eq "$(store_metric records_total)" "$want" "registered: records stored"
assert_eq "$(metric flowmeterd_api_unregistered_records_total)" "$want" "registered: no more refused"
capture_stop "$FM_OUT"
before=$(registry)
fmd_stop

# Restarted: the registry comes back from its file; the rollups are all written.
fmd_start "$FM_OUT/flows.yaml"
assert_eq "$(registry)" "$before" "the registry after a restart"
TZ=UTC nfdump -R "$FM_OUT/nfcapd" -o csv > "$FM_OUT/nfdump.csv" 2>/dev/null
python3 - "$FM_OUT/nfdump.csv" "$H" "$TOP/tests/lib" > "$FM_OUT/req.json" <<'PY'
import json, sys, time
sys.path.insert(0, sys.argv[3])
import nfdump
recs = list(nfdump.records(sys.argv[1]))
h = int(sys.argv[2])
fmt = lambda t, f: time.strftime(f, time.gmtime(t))
fields = ["all", "proto:6", "proto:17", "srcport:30000", "dstport:443", "srcas:0",
          "dstas:34868", "srcip:" + recs[0]["sa"], "dstip:" + recs[0]["da"]]
minutes = sorted({r["te"][:16] for r in recs} | {fmt(h + 60 * i, "%Y-%m-%d %H:%M") for i in range(3)})
req = {p: {"years": [fmt(h, "%Y")], "months": [fmt(h, "%Y-%m")],
           "days": sorted({fmt(h + 3600 * i, "%Y-%m-%d") for i in range(-1, 3)}),
           "hours": [fmt(h + 3600 * i, "%Y-%m-%d %H") for i in range(-1, 3)],
           "minutes": [{m: fields} for m in minutes]}
       for p in ("10.1.0.0/24", "93.0.0.0/8", "2001:db8::/32")}
req["10.1.0.0/24"]["hours"] = [{x: fields} for x in req["10.1.0.0/24"]["hours"]]
json.dump(req, sys.stdout)
PY
assert_eq "$(call body POST /stats/127.0.0.1 "$(cat "$FM_OUT/req.json")")" 200 "stats of 127.0.0.1"
python3 "$LIB/nfio_truth.py" "$FM_OUT/nfdump.csv" "$FM_OUT/req.json" > "$FM_OUT/want.json"
python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1])), sort_keys=True, indent=1))' "$FM_OUT/r.json" > "$FM_OUT/got.json"
cmp "$FM_OUT/want.json" "$FM_OUT/got.json" || { diff "$FM_OUT/want.json" "$FM_OUT/got.json" | head -40; fail "stats of 127.0.0.1 differ from nfdump's records"; }
nz=$(python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
print(sum(1 for p in j.values() for s in p.values() for b in s.values() for f in b.values() for d in f.values() if d["flows"]))' "$FM_OUT/got.json")
[ "$nz" -ge 20 ] || fail "only $nz non-zero answers: the test asks too little"
echo "ok: stats of 127.0.0.1 = nfdump's records ($(grep -c '"in"' "$FM_OUT/got.json") answers, $nz of them non-zero)"
fmd_stop
