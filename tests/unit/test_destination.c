// SPDX-License-Identifier: GPL-2.0
/* The module's destination= parser, compiled for userspace. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <string.h>
#include "destination.h"

static struct fm_dest d[FM_MAX_DESTINATIONS];
static const char *err;

static int parse(const char *s)
{
	err = NULL;
	return fm_dest_parse(s, d, FM_MAX_DESTINATIONS, &err);
}

static void v4_with_port(void **state)
{
	(void)state;
	assert_int_equal(parse("127.0.0.1:2055"), 1);
	assert_int_equal(d[0].addr.sa.sa_family, AF_INET);
	assert_int_equal(ntohs(d[0].addr.in.sin_port), 2055);
	assert_int_equal(d[0].addr.in.sin_addr.s_addr, htonl(0x7f000001));
	assert_false(d[0].has_bind);
}

static void v4_default_port(void **state)
{
	(void)state;
	assert_int_equal(parse("10.1.2.3"), 1);
	assert_int_equal(ntohs(d[0].addr.in.sin_port), FM_DEFAULT_PORT);
}

static void v6_bracketed(void **state)
{
	struct in6_addr want;

	(void)state;
	inet_pton(AF_INET6, "2001:db8::1", &want);
	assert_int_equal(parse("[2001:db8::1]:4739"), 1);
	assert_int_equal(d[0].addr.sa.sa_family, AF_INET6);
	assert_int_equal(ntohs(d[0].addr.in6.sin6_port), 4739);
	assert_memory_equal(&d[0].addr.in6.sin6_addr, &want, sizeof(want));
}

static void v6_bare_no_port(void **state)
{
	(void)state;
	assert_int_equal(parse("::1"), 1);
	assert_int_equal(d[0].addr.sa.sa_family, AF_INET6);
	assert_int_equal(ntohs(d[0].addr.in6.sin6_port), FM_DEFAULT_PORT);
}

static void list_with_bind(void **state)
{
	(void)state;
	assert_int_equal(parse("10.0.0.1:2055@10.0.0.2, [::1]:9995@[::1],192.0.2.9:1"), 3);
	assert_true(d[0].has_bind);
	assert_int_equal(d[0].bind.in.sin_addr.s_addr, htonl(0x0a000002));
	assert_int_equal(d[0].bind.in.sin_port, 0);
	assert_true(d[1].has_bind);
	assert_int_equal(d[1].bind.sa.sa_family, AF_INET6);
	assert_int_equal(ntohs(d[2].addr.in.sin_port), 1);
}

/* VyOS's form: a source address and a device (a VRF's too). */
static void bound_device(void **state)
{
	(void)state;
	assert_int_equal(parse("10.0.0.24:2055@10.0.0.64%mgmt,[fd00::1]:9995%eth0.10,192.0.2.1"), 3);
	assert_string_equal(d[0].dev, "mgmt");
	assert_true(d[0].has_bind);
	assert_int_equal(d[0].bind.in.sin_addr.s_addr, htonl(0x0a000040));
	assert_int_equal(ntohs(d[0].addr.in.sin_port), 2055);
	assert_string_equal(d[1].dev, "eth0.10");
	assert_false(d[1].has_bind);
	assert_int_equal(d[1].addr.sa.sa_family, AF_INET6);
	assert_int_equal(ntohs(d[1].addr.in6.sin6_port), 9995);
	assert_string_equal(d[2].dev, "");
}

static void rejects(void **state)
{
	static const char *const bad[] = {
		"", " , ", "not-an-address", "10.0.0.1:0", "10.0.0.1:65536",
		"10.0.0.1:", "10.0.0.1:20x", "[::1", "[::1]x", "[10.0.0.1]:5",
		"256.0.0.1:5", "10.0.0.1:5@", "10.0.0.1:5@::1",
		"10.0.0.1:5@10.0.0.2:7", "10.0.0.1:5%", "10.0.0.1:5%a234567890123456",
		"10.0.0.1:5%mgmt@10.0.0.2", "10.0.0.1:5%a:b",
		"[aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa]:1",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i]) != -1)
			fail_msg("accepted '%s'", bad[i]);
		assert_non_null(err);
	}
}

static void too_many(void **state)
{
	char buf[1024] = "";
	int i;

	(void)state;
	for (i = 0; i <= FM_MAX_DESTINATIONS; i++)
		strcat(buf, "10.0.0.1:1,");
	assert_int_equal(parse(buf), -1);
	assert_string_equal(err, "too many destinations");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(v4_with_port),
		cmocka_unit_test(v4_default_port),
		cmocka_unit_test(v6_bracketed),
		cmocka_unit_test(v6_bare_no_port),
		cmocka_unit_test(list_with_bind),
		cmocka_unit_test(bound_device),
		cmocka_unit_test(rejects),
		cmocka_unit_test(too_many),
	};
	return cmocka_run_group_tests_name("destination", tests, NULL, NULL);
}
