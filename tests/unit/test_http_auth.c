// SPDX-License-Identifier: GPL-2.0
/*
 * Who may ask flowmeterd's page and APIs (http_auth.h): loopback listeners
 * answer reads without credentials, but only to a loopback Host (DNS
 * rebinding); elsewhere, and for writes once credentials are configured,
 * only the configured Bearer token or Basic user:password, and nothing
 * near them (a prefix, a longer string, the other scheme, bad base64).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>
#include "http_auth.h"

#define TOKEN "0123456789abcdef-token"
/* base64("admin:correct horse battery") */
#define BASIC "Basic YWRtaW46Y29ycmVjdCBob3JzZSBiYXR0ZXJ5"

static const struct fm_http_creds both = { TOKEN, "admin", "correct horse battery" };
static const struct fm_http_creds none = { NULL, NULL, NULL };

static void test_loopback_addr(void **state)
{
	struct sockaddr_in s4 = { .sin_family = AF_INET };
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };
	static const char *const yes[] = { "127.0.0.1", "127.255.0.9" }, *const no[] = {
		"10.0.0.1", "0.0.0.0", "128.0.0.1" };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		inet_pton(AF_INET, yes[i], &s4.sin_addr);
		assert_true(fm_http_is_loopback((struct sockaddr *)&s4));
	}
	for (i = 0; i < 3; i++) {
		inet_pton(AF_INET, no[i], &s4.sin_addr);
		assert_false(fm_http_is_loopback((struct sockaddr *)&s4));
	}
	inet_pton(AF_INET6, "::1", &s6.sin6_addr);
	assert_true(fm_http_is_loopback((struct sockaddr *)&s6));
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &s6.sin6_addr);
	assert_true(fm_http_is_loopback((struct sockaddr *)&s6));
	inet_pton(AF_INET6, "::", &s6.sin6_addr);
	assert_false(fm_http_is_loopback((struct sockaddr *)&s6));
	inet_pton(AF_INET6, "2001:db8::1", &s6.sin6_addr);
	assert_false(fm_http_is_loopback((struct sockaddr *)&s6));
}

static void test_loopback_host(void **state)
{
	static const char *const yes[] = { "127.0.0.1", "127.0.0.1:8080", "127.1.2.3:1",
					   "localhost", "LocalHost:9", "[::1]", "[::1]:8080" };
	static const char *const no[] = { "", "evil.example", "evil.example:8080",
					  "127.0.0.1.evil.example", "localhost.evil.example",
					  "10.0.0.1:80", "[::2]:80", "[::1]x", "127.0.0.1:",
					  "localhostx", "128.0.0.1" };
	size_t i;

	(void)state;
	assert_false(fm_http_host_is_loopback(NULL));
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(fm_http_host_is_loopback(yes[i]));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		if (fm_http_host_is_loopback(no[i]))
			fail_msg("'%s' taken for loopback", no[i]);
	}
}

static void test_match(void **state)
{
	static const char *const wrong[] = {
		"Bearer 0123456789abcdef-toke", "Bearer 0123456789abcdef-tokenX",
		"Bearer ", "Bearer", TOKEN, "Token " TOKEN, "Basic " TOKEN,
		/* admin:correct horse batter, admin:correct horse batteryy, admin: */
		"Basic YWRtaW46Y29ycmVjdCBob3JzZSBiYXR0ZXI=", "Basic YWRtaW46Y29ycmVjdCBob3JzZSBiYXR0ZXJ5eQ==",
		"Basic YWRtaW46", "Basic ", "Basic !!!!", "Basic YWRtaW46Y29ycmVjdCBob3JzZSBiYXR0ZXJ",
		"Bearer YWRtaW46Y29ycmVjdCBob3JzZSBiYXR0ZXJ5",
	};
	struct fm_http_creds token_only = { TOKEN, NULL, NULL }, basic_only = { NULL, "admin",
		"correct horse battery" };
	size_t i;

	(void)state;
	assert_true(fm_http_creds_match(&both, "Bearer " TOKEN));
	assert_true(fm_http_creds_match(&both, "bearer " TOKEN));
	assert_true(fm_http_creds_match(&both, BASIC));
	assert_true(fm_http_creds_match(&both, "basic YWRtaW46Y29ycmVjdCBob3JzZSBiYXR0ZXJ5"));
	assert_false(fm_http_creds_match(&both, NULL));
	for (i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++)
		if (fm_http_creds_match(&both, wrong[i]))
			fail_msg("'%s' accepted", wrong[i]);
	/* Each scheme only when configured. */
	assert_true(fm_http_creds_match(&token_only, "Bearer " TOKEN));
	assert_false(fm_http_creds_match(&token_only, BASIC));
	assert_true(fm_http_creds_match(&basic_only, BASIC));
	assert_false(fm_http_creds_match(&basic_only, "Bearer " TOKEN));
	assert_false(fm_http_creds_match(&none, "Bearer " TOKEN));
	assert_false(fm_http_creds_match(&none, BASIC));
}

static void test_access(void **state)
{
	(void)state;
	/* Loopback, nothing configured: reads and writes, but only to a loopback Host. */
	assert_int_equal(fm_http_access(&none, true, "GET", "127.0.0.1:80", NULL), FM_ACCESS_OK);
	assert_int_equal(fm_http_access(&none, true, "PUT", "localhost", NULL), FM_ACCESS_OK);
	assert_int_equal(fm_http_access(&none, true, "GET", "evil.example", NULL), FM_ACCESS_BAD_HOST);
	assert_int_equal(fm_http_access(&none, true, "GET", NULL, NULL), FM_ACCESS_BAD_HOST);
	/* Loopback, configured: reads free, writes need them; right ones pass any Host. */
	assert_int_equal(fm_http_access(&both, true, "GET", "127.0.0.1", NULL), FM_ACCESS_OK);
	assert_int_equal(fm_http_access(&both, true, "HEAD", "127.0.0.1", "Bearer nope"), FM_ACCESS_OK);
	assert_int_equal(fm_http_access(&both, true, "DELETE", "127.0.0.1", NULL), FM_ACCESS_DENIED);
	assert_int_equal(fm_http_access(&both, true, "POST", "127.0.0.1", "Bearer nope"), FM_ACCESS_DENIED);
	assert_int_equal(fm_http_access(&both, true, "PUT", "127.0.0.1", BASIC), FM_ACCESS_OK);
	assert_int_equal(fm_http_access(&both, true, "GET", "evil.example", BASIC), FM_ACCESS_OK);
	/* Elsewhere: always them; none configured is its own refusal. */
	assert_int_equal(fm_http_access(&both, false, "GET", "10.0.0.1", NULL), FM_ACCESS_DENIED);
	assert_int_equal(fm_http_access(&both, false, "GET", "127.0.0.1", NULL), FM_ACCESS_DENIED);
	assert_int_equal(fm_http_access(&both, false, "GET", "10.0.0.1", "Bearer " TOKEN), FM_ACCESS_OK);
	assert_int_equal(fm_http_access(&both, false, "PUT", "10.0.0.1", BASIC), FM_ACCESS_OK);
	assert_int_equal(fm_http_access(&none, false, "GET", "10.0.0.1", NULL), FM_ACCESS_UNCONFIGURED);
	assert_int_equal(fm_http_access(&none, false, "GET", "10.0.0.1", BASIC), FM_ACCESS_UNCONFIGURED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loopback_addr),
		cmocka_unit_test(test_loopback_host),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_access),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
