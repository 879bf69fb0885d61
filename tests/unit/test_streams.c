// SPDX-License-Identifier: GPL-2.0
/*
 * The streams' encodings without a broker or a cluster: a record through
 * pmacct's JSON and back is the same record (the fields pmacct has), the
 * forms pmacct writes (names or numbers, strings for tcp_flags, epoch or
 * text times) all read, and what is no record is refused with a reason;
 * an ECS document has ECS's types where a dashboard would break on another
 * (iana_number a string, ports numbers) and its index is its day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include "addr.h"
#include "attrs.h"
#include "ecs_json.h"
#include "pmacct_json.h"

/* 2026-12-01 10:20:30.250 UTC */
#define T 1796120430250ull

static struct fm_srec sample(void)
{
	struct fm_rec r = { 0 };
	struct fm_srec s;

	r.kind = FM_REC_FLOW;
	r.version = 10;
	r.proto = 6;
	r.tos = 8;
	r.tcp_flags = 0x1b;
	r.sport = 40000;
	r.dport = 443;
	r.in_if = 3;
	r.out_if = 7;
	r.src_as = 64500;
	r.dst_as = 15169;
	r.bytes = 123456789012ull;
	r.packets = 4242;
	r.flows = 1;
	r.sampling = 1;
	r.start_ms = T - 60000;
	r.end_ms = T;
	r.has = FM_HAS_SRC | FM_HAS_DST | FM_HAS_PORTS | FM_HAS_PROTO | FM_HAS_BYTES |
		FM_HAS_PACKETS | FM_HAS_IF | FM_HAS_TIMES | FM_HAS_AS;
	fm_addr_parse("2001:db8::1", &r.src);
	fm_addr_parse("8.8.8.8", &r.dst);
	fm_addr_parse("192.0.2.9", &r.sender);
	fm_srec_init(&s, &r, T + 1000);
	return s;
}

static void test_pmacct_roundtrip(void **state)
{
	struct fm_srec s = sample();
	char label[64], err[256], *j;
	struct fm_rec r;
	size_t len;

	(void)state;
	j = fm_pmacct_encode(&s, "edge1", "flowmeterd/1", &len);
	assert_non_null(j);
	assert_int_equal(strlen(j), len);
	assert_non_null(strstr(j, "\"ip_proto\":\"tcp\""));
	assert_non_null(strstr(j, "\"tcp_flags\":\"27\""));
	assert_non_null(strstr(j, "\"timestamp_end\":\"2026-12-01 10:20:30.250000\""));
	assert_non_null(strstr(j, "\"stamp_inserted\":\"2026-12-01 10:20:00\""));
	assert_int_equal(fm_pmacct_decode(j, len, &r, label, sizeof(label), err, sizeof(err)), 0);
	free(j);
	assert_string_equal(label, "edge1");
	assert_int_equal(r.kind, FM_REC_FLOW);
	assert_true(fm_addr_eq(&r.src, &s.rec.src));
	assert_true(fm_addr_eq(&r.dst, &s.rec.dst));
	assert_true(fm_addr_eq(&r.sender, &s.rec.sender));
	assert_int_equal(r.proto, 6);
	assert_int_equal(r.sport, 40000);
	assert_int_equal(r.dport, 443);
	assert_int_equal(r.tos, 8);
	assert_int_equal(r.tcp_flags, 0x1b);
	assert_int_equal(r.in_if, 3);
	assert_int_equal(r.out_if, 7);
	assert_int_equal(r.src_as, 64500);
	assert_int_equal(r.dst_as, 15169);
	assert_true(r.bytes == 123456789012ull);
	assert_int_equal(r.packets, 4242);
	assert_true(r.start_ms == T - 60000 && r.end_ms == T);
	assert_int_equal(r.has & s.rec.has, s.rec.has);
}

static void test_pmacct_forms(void **state)
{
	static const char *ok[] = {
		"{\"ip_src\":\"10.0.0.1\",\"ip_dst\":\"10.0.0.2\",\"ip_proto\":17,\"bytes\":10,\"packets\":1}",
		"{\"ip_src\":\"10.0.0.1\",\"ip_proto\":\"17\",\"bytes\":\"10\",\"tcp_flags\":\"0\"}",
		"{\"ip_src\":\"10.0.0.1\",\"ip_proto\":\"udp\",\"bytes\":10,\"timestamp_end\":1796120430.25}",
		"{\"ip_src\":\"10.0.0.1\",\"ip_proto\":\"udp\",\"bytes\":10,\"timestamp_end\":\"1796120430.250000\"}",
	};
	static const char *bad[] = {
		"not json", "[1,2]", "{\"ip_src\":\"10.0.0.300\"}", "{\"bytes\":-1}",
		"{\"port_src\":70000}", "{\"ip_proto\":\"no-such-protocol\"}",
		"{\"timestamp_end\":\"yesterday\"}", "{\"bytes\":1,\"bytes\":2}",
	};
	char label[8], err[256];
	struct fm_rec r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(fm_pmacct_decode(ok[i], strlen(ok[i]), &r, label, sizeof(label), err,
						  sizeof(err)), 0);
		assert_int_equal(r.proto, 17);
		assert_int_equal(r.bytes, 10);
		assert_int_equal(r.flows, 1);
		if (i >= 2)
			assert_true(r.end_ms == T);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		assert_int_equal(fm_pmacct_decode(bad[i], strlen(bad[i]), &r, label, sizeof(label), err,
						  sizeof(err)), -1);
		assert_true(err[0]);
	}
}

static void test_ecs(void **state)
{
	struct fm_srec s = sample();
	json_t *d, *v;
	char idx[64], *j;
	size_t len;

	(void)state;
	fm_srec_set_str(&s, ATTR_DESTINATION_ASN_ORG, "GOOGLE");
	fm_srec_set_str(&s, ATTR_DESTINATION_COUNTRY, "US");
	j = fm_ecs_encode(&s, &len);
	assert_non_null(j);
	assert_null(strchr(j, '\n'));
	d = json_loads(j, 0, NULL);
	free(j);
	assert_non_null(d);
	assert_string_equal(json_string_value(json_object_get(d, "@timestamp")), "2026-12-01T10:20:30.250Z");
	v = json_object_get(d, "network");
	assert_string_equal(json_string_value(json_object_get(v, "iana_number")), "6");
	assert_string_equal(json_string_value(json_object_get(v, "transport")), "tcp");
	assert_string_equal(json_string_value(json_object_get(v, "type")), "ipv6");
	v = json_object_get(d, "source");
	assert_string_equal(json_string_value(json_object_get(v, "ip")), "2001:db8::1");
	assert_int_equal(json_integer_value(json_object_get(v, "port")), 40000);
	assert_true(json_integer_value(json_object_get(v, "bytes")) == 123456789012ll);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(v, "as"), "number")), 64500);
	v = json_object_get(d, "destination");
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "geo"), "country_iso_code")), "US");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(v, "as"),
						"organization"), "name")), "GOOGLE");
	assert_null(json_object_get(v, "bytes"));	/* not a biflow */
	json_decref(d);
	fm_ecs_index(&s, "flowmeter", idx, sizeof(idx));
	assert_string_equal(idx, "flowmeter-2026.12.01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pmacct_roundtrip),
		cmocka_unit_test(test_pmacct_forms),
		cmocka_unit_test(test_ecs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
