// SPDX-License-Identifier: GPL-2.0
/*
 * netflow.io's API without HTTP: its bodies' parsers take what netflow.io
 * took and refuse the rest with a reason; buckets are the UTC spans they
 * name; the signature is RFC 4231's HMAC-SHA256 and nothing near it; the
 * sender registry adds prefixes as a set, deletes, survives in its file,
 * refuses a file it cannot read, and admits only registered senders once
 * it names any.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "addr.h"
#include "api_netflowio_json.h"
#include "api_netflowio_registry.h"
#include "api_netflowio_sign.h"

/* 2014-02-02 00:00:00 UTC */
#define T20140202 1391299200000ull

static int prefixes(const char *body, struct fm_nfio_prefix **p, size_t *n, char *err)
{
	return fm_nfio_parse_prefixes(body, strlen(body), p, n, err, 256);
}

static void test_prefixes(void **state)
{
	struct fm_nfio_prefix *p;
	char err[256], buf[64];
	size_t n;

	(void)state;
	assert_int_equal(prefixes("{\"prefixes\":[{\"prefix\":\"172.16.1.0\",\"prefixLen\":24},"
				  "{\"prefix\":\"2001:db8::\",\"prefixLen\":32}]}", &p, &n, err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(fm_nfio_prefix_str(&p[0], buf, sizeof(buf)), "172.16.1.0/24");
	assert_string_equal(fm_nfio_prefix_str(&p[1], buf, sizeof(buf)), "2001:db8::/32");
	free(p);
	/* No body: no prefixes (DELETE of a whole sender, PUT of a bare one). */
	assert_int_equal(fm_nfio_parse_prefixes("", 0, &p, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 0);
	free(p);
	assert_int_equal(prefixes("{\"prefixes\":[]}", &p, &n, err), 0);
	free(p);
}

static void test_prefixes_refused(void **state)
{
	static const struct { const char *body, *why; } bad[] = {
		{ "{\"prefixes\":[{\"prefix\":\"172.16.1.5\",\"prefixLen\":24}]}", "host bits" },
		{ "{\"prefixes\":[{\"prefix\":\"172.16.1.0\",\"prefixLen\":33}]}", "prefixLen" },
		{ "{\"prefixes\":[{\"prefix\":\"172.16.1.0\",\"prefixLen\":\"24\"}]}", "integer" },
		{ "{\"prefixes\":[{\"prefix\":\"172.16.1.0\",\"prefixLen\":24,\"x\":1}]}", "unknown field 'x'" },
		{ "{\"prefixes\":[],\"other\":1}", "unknown field 'other'" },
		{ "{\"prefixes\":[],\"prefixes\":[]}", "malformed JSON" },
		{ "{\"prefixes\":[{\"prefix\":\"no\",\"prefixLen\":8}]}", "not an address" },
		{ "{\"prefixes\":{}}", "array" },
		{ "{\"prefixes\":[{\"prefix\":\"10.0.0.0\"", "malformed JSON" },
		{ "[]", "object" },
		{ "{}", "needs \"prefixes\"" },
	};
	struct fm_nfio_prefix *p;
	char err[256];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		assert_int_equal(prefixes(bad[i].body, &p, &n, err), -1);
		assert_null(p);
		if (!strstr(err, bad[i].why))
			fail_msg("%s: '%s' does not say '%s'", bad[i].body, err, bad[i].why);
	}
}

static void test_stats(void **state)
{
	const char *body = "{\"2001:db8::/32\":{\"years\":[\"2014\"],\"months\":[\"2014-12\"],"
			   "\"days\":[\"2014-02-02\"],\"hours\":[\"2014-02-02 05\"],"
			   "\"minutes\":[{\"2014-02-02 05:01\":[\"all\",\"dstas:34868\",\"srcip:10.0.0.1\","
			   "\"proto:6\",\"dstport:443\"]}]}}";
	struct fm_nfio_stats s;
	const struct fm_nfio_bucket *b;
	char err[256];

	(void)state;
	assert_int_equal(fm_nfio_parse_stats(body, strlen(body), &s, err, sizeof(err)), 0);
	assert_int_equal(s.np, 1);
	assert_string_equal(s.p[0].key, "2001:db8::/32");
	assert_int_equal(s.p[0].p.len, 32);
	assert_int_equal(s.p[0].nb, 5);
	b = s.p[0].b;
	assert_int_equal(b[0].span, FM_NFIO_YEARS);
	assert_int_equal(b[0].from_ms, 1388534400000ull);	/* 2014-01-01 */
	assert_int_equal(b[0].to_ms, 1420070400000ull);		/* 2015-01-01 */
	assert_int_equal(b[1].from_ms, 1417392000000ull);	/* 2014-12-01 */
	assert_int_equal(b[1].to_ms, 1420070400000ull);		/* ... to 2015-01-01 */
	assert_int_equal(b[2].from_ms, T20140202);
	assert_int_equal(b[2].to_ms, T20140202 + 86400000);
	assert_int_equal(b[3].from_ms, T20140202 + 5 * 3600000);
	assert_int_equal(b[3].to_ms, T20140202 + 6 * 3600000);
	assert_int_equal(b[4].from_ms, T20140202 + 5 * 3600000 + 60000);
	assert_int_equal(b[4].to_ms, T20140202 + 5 * 3600000 + 120000);
	/* A bucket without fields is "all". */
	assert_int_equal(b[0].nf, 1);
	assert_int_equal(b[0].f[0].kind, FM_NFIO_ALL);
	assert_string_equal(b[0].f[0].key, "all");
	assert_int_equal(b[4].nf, 5);
	assert_int_equal(b[4].f[1].kind, FM_NFIO_DSTAS);
	assert_int_equal(b[4].f[1].value, 34868);
	assert_int_equal(b[4].f[2].kind, FM_NFIO_SRCIP);
	assert_int_equal(b[4].f[3].value, 6);
	assert_int_equal(b[4].f[4].kind, FM_NFIO_DSTPORT);
	assert_string_equal(b[4].f[4].key, "dstport:443");
	fm_nfio_stats_free(&s);
}

static void test_stats_refused(void **state)
{
	static const struct { const char *body, *why; } bad[] = {
		{ "{\"10.0.0.0/8\":{\"days\":[\"2014-02-30\"]}}", "not a bucket of days" },
		{ "{\"10.0.0.0/8\":{\"days\":[\"2014-2-2\"]}}", "not a bucket of days" },
		{ "{\"10.0.0.0/8\":{\"hours\":[\"2014-02-02 24\"]}}", "not a bucket of hours" },
		{ "{\"10.0.0.0/8\":{\"minutes\":[\"2014-02-02 05:00 \"]}}", "not a bucket of minutes" },
		{ "{\"10.0.0.0/8\":{\"years\":[\"1969\"]}}", "not a bucket of years" },
		{ "{\"10.0.0.0/8\":{\"months\":[\"2014-00\"]}}", "not a bucket of months" },
		{ "{\"10.0.0.0/8\":{\"weeks\":[\"2014-01\"]}}", "unknown field 'weeks'" },
		{ "{\"10.0.0.0/8\":{\"days\":[{\"2014-02-02\":[\"foo:1\"]}]}}", "unknown field 'foo:1'" },
		{ "{\"10.0.0.0/8\":{\"days\":[{\"2014-02-02\":[\"proto:256\"]}]}}", "not a number in range" },
		{ "{\"10.0.0.0/8\":{\"days\":[{\"2014-02-02\":[\"srcport:-1\"]}]}}", "not a number in range" },
		{ "{\"10.0.0.0/8\":{\"days\":[{\"2014-02-02\":[\"all\",\"all\"]}]}}", "twice" },
		{ "{\"10.0.0.0/8\":{\"days\":[{\"2014-02-02\":[]}]}}", "from 1 to 16" },
		{ "{\"10.0.0.0/8\":{\"days\":[{\"a\":[],\"b\":[]}]}}", "a string or an object" },
		{ "{\"10.0.0.1/8\":{\"days\":[\"2014-02-02\"]}}", "host bits" },
		{ "{\"10.0.0.0\":{\"days\":[\"2014-02-02\"]}}", "not a prefix" },
		{ "{\"10.0.0.0/8\":[]}", "object of bucket lists" },
		{ "{}", "the body must be an object" },
		{ "", "malformed JSON" },
	};
	struct fm_nfio_stats s;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		assert_int_equal(fm_nfio_parse_stats(bad[i].body, strlen(bad[i].body), &s, err,
						     sizeof(err)), -1);
		assert_null(s.p);
		if (!strstr(err, bad[i].why))
			fail_msg("%s: '%s' does not say '%s'", bad[i].body, err, bad[i].why);
	}
}

static void test_signed(void **state)
{
	/* RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?". */
	const char *mac = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
	const char *key = "what do ya want for nothing?", *sk = "Jefe";
	char line[128], bad[65];

	(void)state;
	assert_true(fm_nfio_signed(key, sk, key, mac, NULL, 0));
	/* openssl dgst's whole line, and upper case hex. */
	snprintf(line, sizeof(line), "HMAC-SHA2-256(stdin)= %s", mac);
	assert_true(fm_nfio_signed(key, sk, key, line, NULL, 0));
	assert_true(fm_nfio_signed(key, sk, key,
				   "5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843", NULL, 0));
	/* The body's HMAC, when there is a body. */
	assert_true(fm_nfio_signed("other-auth-key", sk, "other-auth-key", mac, key, strlen(key)));
	assert_false(fm_nfio_signed("other-auth-key", sk, "other-auth-key", mac, NULL, 0));
	/* Wrong: another auth key, a changed digit, short, none. */
	assert_false(fm_nfio_signed(key, sk, "what do ya want for nothing!", mac, NULL, 0));
	strcpy(bad, mac);
	bad[63] = '4';
	assert_false(fm_nfio_signed(key, sk, key, bad, NULL, 0));
	bad[63] = 0;
	assert_false(fm_nfio_signed(key, sk, key, bad, NULL, 0));
	assert_false(fm_nfio_signed(key, sk, key, NULL, NULL, 0));
	assert_false(fm_nfio_signed(key, sk, NULL, mac, NULL, 0));
	assert_false(fm_nfio_signed(key, "jefe", key, mac, NULL, 0));
}

static void test_registry(void **state)
{
	char path[] = "/tmp/test_api_registryXXXXXX", err[256];
	struct fm_nfio_prefix *p;
	struct fm_nfio_registry *r;
	struct fm_addr ip, other;
	size_t n;
	char *text;
	json_t *j;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	fm_addr_parse("172.16.1.1", &ip);
	fm_addr_parse("192.0.2.9", &other);
	r = fm_nfio_registry_open(path, err, sizeof(err));
	assert_non_null(r);
	/* Empty: every sender is stored. */
	assert_true(fm_nfio_admit(r, &other, 3));
	assert_int_equal(prefixes("{\"prefixes\":[{\"prefix\":\"172.16.1.0\",\"prefixLen\":24}]}",
				  &p, &n, err), 0);
	assert_int_equal(fm_nfio_registry_put(r, &ip, p, n, err, sizeof(err)), 0);
	assert_int_equal(fm_nfio_registry_put(r, &ip, p, n, err, sizeof(err)), 0);	/* a set */
	assert_true(fm_nfio_registry_has(r, &ip, &p[0]));
	assert_true(fm_nfio_admit(r, &ip, 5));
	assert_false(fm_nfio_admit(r, &other, 3));
	assert_int_equal(fm_nfio_refused(r), 3);
	fm_nfio_registry_free(r);

	/* Back from the file. */
	r = fm_nfio_registry_open(path, err, sizeof(err));
	assert_non_null(r);
	j = fm_nfio_registry_json(r, NULL);
	text = json_dumps(j, JSON_COMPACT);
	assert_string_equal(text, "[{\"ip\":\"172.16.1.1\",\"prefixes\":[{\"prefix\":\"172.16.1.0\",\"prefixLen\":24}]}]");
	free(text);
	json_decref(j);
	assert_null(fm_nfio_registry_json(r, &other));
	assert_int_equal(fm_nfio_registry_delete(r, &other, NULL, 0, err, sizeof(err)), 1);
	assert_int_equal(fm_nfio_registry_delete(r, &ip, p, n, err, sizeof(err)), 0);
	assert_false(fm_nfio_registry_has(r, &ip, &p[0]));
	assert_true(fm_nfio_registry_has(r, &ip, NULL));
	assert_int_equal(fm_nfio_registry_delete(r, &ip, NULL, 0, err, sizeof(err)), 0);
	assert_false(fm_nfio_registry_has(r, &ip, NULL));
	assert_true(fm_nfio_admit(r, &other, 1));	/* empty again */
	fm_nfio_registry_free(r);
	free(p);

	/* A file that is not a registry is refused, not taken as empty. */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(write(fd, "{\"senders\": 1}", 14) == 14);
	close(fd);
	assert_null(fm_nfio_registry_open(path, err, sizeof(err)));
	assert_non_null(strstr(err, path));
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_prefixes_refused),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_stats_refused),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_registry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
