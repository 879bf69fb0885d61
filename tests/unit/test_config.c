// SPDX-License-Identifier: GPL-2.0
/*
 * flowmeterd's configuration and pipeline: rkosegi's schema loads, every
 * mistake is reported with file:line:column, filters drop what they match,
 * labels render as Prometheus text, the series cap folds the excess,
 * endpoints read as the module reads a destination.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "pipeline.h"

static char path[] = "/tmp/fm-config-XXXXXX";

static const char *write_cfg(const char *text)
{
	FILE *f;
	int fd;

	strcpy(path, "/tmp/fm-config-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static struct fm_config *load(const char *text, char *err)
{
	struct fm_config *c = fm_config_load(write_cfg(text), err, 1024);

	unlink(path);
	return c;
}

/* As flowmeterd takes a file: it parses, and the enricher registry agrees. */
static struct fm_config *load_checked(const char *text, char *err)
{
	struct fm_config *c = load(text, err);

	if (c && fm_enrich_check(c, err, 1024) < 0) {
		fm_config_free(c);
		return NULL;
	}
	return c;
}

/* rkosegi/netflow-collector's documented example, minus the GeoIP enrichers
 * (their databases are the enrichment tests' business). */
static const char *RKOSEGI =
	"---\n"
	"netflow_endpoint: 0.0.0.0:30000\n"
	"telemetry_endpoint: 0.0.0.0:30001\n"
	"flush_interval: 120\n"
	"pipeline:\n"
	"  filter:\n"
	"    - local-to-local: true\n"
	"    - match: source_ip\n"
	"      is: 0.0.0.0\n"
	"    - match: destination_ip\n"
	"      is: 255.255.255.255\n"
	"    - match: destination_port\n"
	"      isUint32: 137\n"
	"  enrich:\n"
	"    - interface_mapper\n"
	"    - protocol_name\n"
	"  metrics:\n"
	"    prefix: netflow\n"
	"    items:\n"
	"      - name: traffic_detail\n"
	"        description: Traffic detail\n"
	"        labels:\n"
	"          - name: sampler\n"
	"            value: sampler\n"
	"            converter: ipv4\n"
	"          - name: protocol\n"
	"            value: proto_name\n"
	"            converter: str\n"
	"          - name: input_interface\n"
	"            value: input_interface\n"
	"            converter: uint32\n"
	"          - name: iface\n"
	"            value: input_interface_name\n"
	"            converter: str\n"
	"          - name: src\n"
	"            value: source_ip\n"
	"            converter: ipv4\n"
	"extensions:\n"
	"  interface_mapper:\n"
	"    \"0\": wan0\n"
	"    \"4\": lan1\n";

static void test_rkosegi_schema(void **s)
{
	char err[1024] = "";
	struct fm_config *c;

	(void)s;
	c = load(RKOSEGI, err);
	assert_non_null(c);
	assert_string_equal(c->netflow_endpoint, "0.0.0.0:30000");
	assert_int_equal(c->flush_interval, 120);
	assert_int_equal(c->nfilters, 4);
	assert_int_equal(c->nenrich, 2);
	assert_int_equal(c->nmetrics, 1);
	assert_int_equal(c->metrics[0].nlabels, 5);
	assert_int_equal(c->metrics[0].counters, FM_COUNT_BYTES | FM_COUNT_PACKETS | FM_COUNT_FLOWS);
	assert_string_equal(fm_ext_get(fm_config_ext(c, "interface_mapper"), "4"), "lan1");
	fm_config_free(c);
}

struct bad { const char *text, *want; };

static void test_errors(void **s)
{
	static const struct bad cases[] = {
		{ "netflow_endpoint: :2055\nflush_intervall: 3\n",
		  ":2:1: unknown key 'flush_intervall' in the configuration" },
		{ "netflow_endpoint: :2055\nflush_interval: soon\n",
		  ":2:17: flush_interval must be a whole number" },
		{ "netflow_endpoint: :2055\npipeline:\n  enrich:\n    - maxmind_contry\n",
		  ":4:7: unknown enricher 'maxmind_contry'" },
		{ "netflow_endpoint: :2055\npipeline:\n  metrics:\n    items:\n      - name: x\n        labels:\n          - name: a\n            value: sorce_ip\n            converter: ipv4\n",
		  ":8:20: unknown attribute 'sorce_ip'" },
		{ "netflow_endpoint: :2055\npipeline:\n  metrics:\n    items:\n      - name: x\n        labels:\n          - name: a\n            value: proto\n            converter: int\n",
		  ":9:24: unknown converter 'int'" },
		{ "netflow_endpoint: :2055\npipeline:\n  filter:\n    - match: source_ip\n      cidr: 10.0.0.0/33\n",
		  ":5:13: '10.0.0.0/33' is not an address/prefix" },
		{ "netflow_endpoint: :2055\npipeline:\n  enrich: protocol_name\n",
		  ":3:11: pipeline.enrich must be a list, not a scalar" },
		{ "telemetry_endpoint: :9\n", ":1:1: netflow_endpoint is required" },
		{ "netflow_endpoint: [\n", "did not find expected node content" },
		{ "netflow_endpoint: :2055\nextensions:\n  reverse_dnss: {}\n",
		  ":3:3: extensions: unknown enricher 'reverse_dnss'" },
		/* Found by fuzz_config: the second list was written past the first's end. */
		{ "netflow_endpoint: :2055\nallowed_exporters: [10.0.0.0/8]\n"
		  "allowed_exporters: [10.0.0.1, 10.0.0.2]\n",
		  ":3:1: 'allowed_exporters' is given twice (first at line 2)" },
		{ "netflow_endpoint: :2055\nextensions:\n  host_alias:\n    10.0.0.1: a\n    10.0.0.1: b\n",
		  ":5:5: '10.0.0.1' is given twice (first at line 4)" },
	};
	char err[1024];
	unsigned int i;

	(void)s;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = 0;
		assert_null(load_checked(cases[i].text, err));
		if (!strstr(err, cases[i].want))
			fail_msg("case %u: got \"%s\", want \"%s\"", i, err, cases[i].want);
		assert_true(!strncmp(err, "/tmp/fm-config-", 15));
	}
}

static void test_enricher_option(void **s)
{
	char err[1024] = "";
	struct fm_enrich_chain ch;
	struct fm_config *c;

	(void)s;
	c = load("netflow_endpoint: :2055\npipeline:\n  enrich: [protocol_name]\n"
		 "extensions:\n  protocol_name:\n    colour: blue\n", err);
	assert_non_null(c);
	assert_int_equal(fm_enrich_start(&ch, c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":6:5: protocol_name has no option 'colour'"));
	fm_config_free(c);
}

/* A v5 datagram of @n records from 10.1.0.<i> to 8.8.8.<i>:dport (not local). */
static size_t v5(uint8_t *b, int n, int dport, int first_host)
{
	size_t len = 24;
	int i;

	memset(b, 0, 24 + n * 48);
	b[1] = 5;
	b[3] = n;
	for (i = 0; i < n; i++) {
		uint8_t *q = b + 24 + i * 48;

		q[0] = 10, q[1] = 1, q[3] = first_host + i;
		q[4] = 8, q[5] = 8, q[6] = 8, q[7] = first_host + i;
		q[13] = 4;			/* input interface 4: lan1 */
		q[19] = 2;			/* packets */
		q[23] = 100;			/* bytes */
		q[34] = dport >> 8, q[35] = dport;
		q[38] = 17;
		len += 48;
	}
	return len;
}

static char *render(struct fm_metrics *m)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	fm_metrics_render(m, f);
	fclose(f);
	return buf;
}

static void test_pipeline(void **s)
{
	static struct fm_daemon d;
	struct fm_addr exp = { .family = AF_INET, .a = { 192, 0, 2, 9 } };
	struct fm_batch b = { 0 };
	char err[1024] = "", *out;
	uint8_t pkt[2048];
	struct fm_config *c;
	size_t len;

	(void)s;
	c = load(RKOSEGI, err);
	assert_non_null(c);
	pthread_rwlock_init(&d.pipe_lock, NULL);
	pthread_mutex_init(&d.dec_lock, NULL);
	fm_decoder_init(&d.dec, NULL);
	d.pipe = fm_pipeline_new(c, NULL, err, sizeof(err));
	assert_non_null(d.pipe);

	len = v5(pkt, 3, 53, 1);
	fm_pipeline_datagram(&d, &b, &exp, pkt, len, 1000);
	len = v5(pkt, 2, 137, 1);	/* filtered: isUint32 137 */
	fm_pipeline_datagram(&d, &b, &exp, pkt, len, 1000);
	assert_int_equal(atomic_load(&d.filtered), 2);
	assert_int_equal(d.samplers->total, 5);
	assert_int_equal(d.samplers->dropped, 2);

	out = render(d.pipe->metrics);
	assert_non_null(strstr(out, "# TYPE netflow_flow_traffic_detail counter\n"));
	assert_non_null(strstr(out,
		"netflow_flow_traffic_detail{sampler=\"192.0.2.9\",protocol=\"udp\",input_interface=\"4\",iface=\"lan1\",src=\"10.1.0.2\"} 100\n"));
	assert_non_null(strstr(out,
		"netflow_flow_traffic_detail_packets_total{sampler=\"192.0.2.9\",protocol=\"udp\",input_interface=\"4\",iface=\"lan1\",src=\"10.1.0.3\"} 2\n"));
	assert_non_null(strstr(out, "netflow_flow_traffic_detail_flows_total{"));
	assert_null(strstr(out, "overflow"));
	free(out);

	/* Idle for flush_interval (120 s): gone. */
	fm_metrics_flush(d.pipe->metrics, 1000 + 121000);
	out = render(d.pipe->metrics);
	assert_null(strstr(out, "traffic_detail{"));
	free(out);

	fm_pipeline_free(d.pipe);
	fm_decoder_free(&d.dec);
	free(b.r);
	while (d.samplers) {
		struct fm_sampler_stat *n = d.samplers->next;

		free(d.samplers);
		d.samplers = n;
	}
}

static void test_series_cap(void **s)
{
	char err[1024] = "", *out;
	struct fm_config *c;
	struct fm_metrics *m;
	struct fm_rec r = { .has = FM_HAS_SRC, .bytes = 10, .packets = 1, .flows = 1 };
	struct fm_enriched_rec f = { .rec = &r };
	int i;

	(void)s;
	c = load("netflow_endpoint: :1\npipeline:\n  metrics:\n    items:\n"
		 "      - name: by_src\n        max_series: 3\n        counters: [bytes]\n"
		 "        labels:\n          - {name: src, value: source_ip, converter: ipv4}\n"
		 "          - {name: site, value: \"home \\\"1\\\"\", converter: static}\n", err);
	assert_non_null(c);
	m = fm_metrics_new(c, NULL);
	r.src.family = AF_INET;
	for (i = 0; i < 10; i++) {
		r.src.a[3] = i;
		fm_metrics_apply(m, &f, 1, 1);
	}
	out = render(m);
	assert_non_null(strstr(out, "netflow_flow_by_src{src=\"0.0.0.0\",site=\"home \\\"1\\\"\"} 10\n"));
	assert_non_null(strstr(out, "netflow_flow_by_src{src=\"overflow\",site=\"overflow\"} 70\n"));
	assert_null(strstr(out, "_packets_total"));
	assert_int_equal(m->m[0].overflowed, 7);
	free(out);
	fm_metrics_free(m);
	fm_config_free(c);
}

/* Endpoints: the module's destination= grammar, one address, no @bind. */
static void test_endpoints(void **s)
{
	static const struct { const char *ep, *want; } cases[] = {
		{ "127.0.0.1:4321", "127.0.0.1 4321" },
		{ "[::]:4321", ":: 4321" },
		{ ":2055", "192.0.2.7 2055" },		/* no address: the caller's */
		{ "192.0.2.1", NULL },			/* a listener needs its port */
		{ "2001:db8::1:2055", NULL },		/* bare v6: no port to be had */
		{ "[2001:db8::1]:2055", "2001:db8::1 2055" },
		{ "1.2.3.4:0", NULL },
		{ "localhost:1", "loopback 1" },	/* names, as rkosegi's Go resolves them */
		{ "no-such-host.invalid:1", NULL },
		{ "1.2.3.4:1@5.6.7.8", NULL },
		{ "1.2.3.4:1,5.6.7.8:2", NULL },
		{ "", NULL },
	};
	struct sockaddr_storage ss;
	char err[128], got[80], a[INET6_ADDRSTRLEN];
	unsigned int i, port;
	socklen_t len;

	(void)s;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = fm_endpoint_resolve(cases[i].ep, "192.0.2.7", &ss, &len, err, sizeof(err));

		if (!cases[i].want) {
			if (ret != -1)
				fail_msg("case %u: '%s' accepted", i, cases[i].ep);
			continue;
		}
		if (ret)
			fail_msg("case %u: '%s': %s", i, cases[i].ep, err);
		if (ss.ss_family == AF_INET) {
			inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, a, sizeof(a));
			port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		} else {
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, a, sizeof(a));
			port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		}
		/* localhost is 127.0.0.1 or ::1, as /etc/hosts and gai.conf say. */
		if (!strcmp(a, "127.0.0.1") || !strcmp(a, "::1"))
			if (!strncmp(cases[i].want, "loopback", 8))
				strcpy(a, "loopback");
		snprintf(got, sizeof(got), "%s %u", a, port);
		assert_string_equal(got, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rkosegi_schema),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_enricher_option),
		cmocka_unit_test(test_pipeline),
		cmocka_unit_test(test_series_cap),
		cmocka_unit_test(test_endpoints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
