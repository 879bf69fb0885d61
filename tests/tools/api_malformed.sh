#!/bin/bash
# Malformed API input: api_malformed.py makes some hundreds of bad
# requests (truncated JSON at every byte, huge numbers, wrong types,
# unknown and repeated fields, SQL metacharacters in every string field
# and path, overlong strings, bad UTF-8, deep nesting, too many items, an
# oversized body, bad /api/v1 parameters) and sends them signed, to a
# flowmeterd whose SQLite store holds softflowd's flows and whose registry
# names 127.0.0.1: each must be a 4xx with a JSON error; a value with SQL
# in it stays a value. The database (sqlite3 .dump) and the registry file
# are the same afterwards, and flowmeterd (ASan/UBSan) still answers and
# exits cleanly. Last, bad api: sections: each refused at its FILE:LINE:COL.
. "$(dirname "$0")/lib/common.sh"
. "$LIB/store.sh"
. "$LIB/api.sh"
need softflowd curl python3 sqlite3

AUTH=malformed-test-auth-key-0001
SIGN=malformed-test-sign-key-0002
now=$(date +%s)
H=$(( (now / 3600 - 3) * 3600 ))
python3 "$LIB/mkpcap.py" "$FM_OUT/flows.pcap" 3 100 $((H + 50)) > "$FM_OUT/truth.txt"
want=$(wc -l < "$FM_OUT/truth.txt")
PORT=$(free_port)
HTTP=$(free_port)
api_conf "$FM_OUT" "$AUTH" "$SIGN"

fmd_start "$FM_OUT/flows.yaml"
body='{"prefixes":[{"prefix":"10.1.0.0","prefixLen":24}]}'
sig=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$SIGN" | awk '{ print $NF }')
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -X PUT -d "$body" -H "X-Io-Auth: $AUTH" \
	-H "X-Io-Sign: $sig" "http://$FMD_HTTP/senders/127.0.0.1")" 200 "127.0.0.1 registered"
softflowd -r "$FM_OUT/flows.pcap" -n 127.0.0.1:$PORT -v 5 > "$FM_OUT/softflowd.log" 2>&1
wait_for "[ \$(store_metric records_total) -ge $want ]" 20
assert_eq "$(store_metric records_total)" "$want" "records stored"
fmd_stop
# Restarted: every rollup written, nothing pending that could change the file.
fmd_start "$FM_OUT/flows.yaml"
sqlite3 "$FM_OUT/flows.db" .dump > "$FM_OUT/before.sql"
cp "$FM_OUT/senders.json" "$FM_OUT/senders.before"
rows=$(grep -c '^INSERT INTO "\?flows_' "$FM_OUT/before.sql" || true)
assert_eq "$rows" "$want" "raw rows in the dump"

python3 "$LIB/api_malformed.py" "$FMD_HTTP" "$AUTH" "$SIGN" 127.0.0.1 | tee "$FM_OUT/malformed.txt"
n=$(awk '/requests, / { print $1 }' "$FM_OUT/malformed.txt")
[ "${n:-0}" -ge 300 ] || fail "only ${n:-0} requests"

curl -sf "http://$FMD_HTTP/health" > /dev/null || fail "flowmeterd no longer answers"
sqlite3 "$FM_OUT/flows.db" .dump > "$FM_OUT/after.sql"
cmp "$FM_OUT/before.sql" "$FM_OUT/after.sql" || { diff "$FM_OUT/before.sql" "$FM_OUT/after.sql" | head; fail "the store changed"; }
echo "ok: the store is unchanged ($(wc -l < "$FM_OUT/after.sql") lines of .dump)"
cmp "$FM_OUT/senders.before" "$FM_OUT/senders.json" || fail "the registry changed"
echo "ok: the registry is unchanged"
fmd_stop

# A bad api: section is an error at its place in the file, never a default.
check_conf() {
	printf 'netflow_endpoint: 127.0.0.1:%s\ntelemetry_endpoint: 127.0.0.1:%s\nstate_file: ""\n%s\n' \
		"$PORT" "$HTTP" "$1" > "$FM_OUT/bad.yaml"
	if timeout 20 "$BIN/flowmeterd" $3 -c "$FM_OUT/bad.yaml" > "$FM_OUT/bad.log" 2>&1; then
		fail "'$1' accepted"
	fi
	grep -qF "$FM_OUT/bad.yaml:$2" "$FM_OUT/bad.log" || { cat "$FM_OUT/bad.log"; fail "'$1': not said at $2"; }
	echo "ok: '$1' refused: $(cat "$FM_OUT/bad.log")"
}
check_conf "api: {max_body: 1TB}" "4:17: api.max_body" --check-config
check_conf "api: {max_body: 0}" "4:17: api.max_body" --check-config
check_conf "api: {nope: 1}" "4:7: unknown key 'nope' in api" --check-config
check_conf "api: {auth_key: short}" "4:17: api.auth_key must be 16" --check-config
check_conf "api: {sign_key: \"with spaces in it, long\"}" "4:17: api.sign_key" --check-config
check_conf "api: [listen]" "4:6: api must be a mapping" --check-config
check_conf "api: {registry: [a]}" "4:17: api.registry must be a scalar" --check-config
check_conf "api: {store: nosuch, registry: \"\"}" "4:14: api.store 'nosuch': no store" ""
