// SPDX-License-Identifier: GPL-2.0
/*
 * flowmeter nat ADDR:PORT [--at TIME]: who was behind an outside address
 * and port at a time, from the NAT events the exporter sent (ipt_NETFLOW
 * natevents=1): SNAT and MASQUERADE name it as the post-NAT source, DNAT
 * as the pre-NAT destination.
 */
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "cli.h"
#include "commands.h"
#include "when.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: flowmeter nat ADDR:PORT [--at TIME] [--json] [SOURCE]\n"
		"  ADDR:PORT        the outside address and port ([v6]:port for IPv6)\n"
		"  --at TIME        when (default now): 21:04, \"2026-12-01 21:04[:05]\", RFC 3339, epoch ms\n"
		"Exit status 0 with an answer, 1 without, 2 on errors.\n"
		FM_CLI_SOURCE_HELP);
}

static const char *when(uint64_t ms, char *buf, size_t len)
{
	char t[40];

	if (!ms)
		return "(not kept)";
	snprintf(buf, len, "%s.%03u", fm_time_local(ms, t, sizeof(t)), (unsigned int)(ms % 1000));
	return buf;
}

static void text(const struct fm_result *r)
{
	char a[INET6_ADDRSTRLEN + 8], b[INET6_ADDRSTRLEN + 8], c[INET6_ADDRSTRLEN + 8];
	char d[INET6_ADDRSTRLEN + 8], t[48], u[48];
	size_t i;

	fm_hostport_str(&r->q.addr, r->q.port, a, sizeof(a));
	if (!r->nmaps)
		printf("%s at %s: no translation found (events searched from %s to %s)\n", a,
		       when(r->q.at_ms, t, sizeof(t)), when(r->searched_from_ms, u, sizeof(u)),
		       when(r->searched_to_ms, c, sizeof(c)));
	for (i = 0; i < r->nmaps; i++) {
		const struct fm_nat_mapping *m = &r->maps[i];

		printf("%s at %s was %s (%s, proto %u, %s %s)\n", a, when(r->q.at_ms, t, sizeof(t)),
		       fm_hostport_str(&m->inside, m->inside_port, b, sizeof(b)),
		       m->kind == FM_NAT_SNAT ? "SNAT" : "DNAT", m->proto,
		       m->kind == FM_NAT_SNAT ? "to" : "from",
		       fm_hostport_str(&m->remote, m->remote_port, c, sizeof(c)));
		printf("  created %s, deleted %s\n", when(m->created_ms, t, sizeof(t)),
		       m->deleted_ms ? when(m->deleted_ms, u, sizeof(u)) : "(not yet)");
	}
	for (i = 0; i < r->nrecs; i++) {
		const struct fm_rec *e = &r->recs[i].rec;

		printf("  event %s %-6s %s -> %s  as %s -> %s\n",
		       when(fm_srec_time(&r->recs[i]), t, sizeof(t)),
		       e->nat_event == 1 || e->nat_event == 4 ? "create" :
		       e->nat_event == 2 || e->nat_event == 5 ? "delete" : "other",
		       fm_hostport_str(&e->src, e->sport, a, sizeof(a)),
		       fm_hostport_str(&e->dst, e->dport, b, sizeof(b)),
		       fm_hostport_str(&e->post_src, e->post_sport, c, sizeof(c)),
		       fm_hostport_str(&e->post_dst, e->post_dport, d, sizeof(d)));
	}
}

/* Exit status 1: nobody had that address and port then. */
static bool no_mapping(const struct fm_result *r)
{
	return !r->nmaps;
}

int fm_cmd_nat(int argc, char **argv)
{
	static const struct option opts[] = {
		FM_CLI_LONG_OPTS,
		{ "at", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct fm_cli c;
	int opt, ret;

	fm_cli_init(&c, "nat", FM_QUERY_NAT);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		ret = fm_cli_opt(&c, opt, optarg);
		if (ret < 0)
			return FM_EXIT_ERROR;
		if (ret)
			continue;
		if (opt == 'a') {
			if (fm_cli_param(&c, "at", optarg) < 0)
				return FM_EXIT_ERROR;
		} else if (opt == 'h') {
			usage(stdout);
			return FM_EXIT_OK;
		} else {
			usage(stderr);
			return FM_EXIT_ERROR;
		}
	}
	if (optind != argc - 1 ||
	    fm_hostport_parse_addr(argv[optind], &c.q.addr, &c.q.port) < 0) {
		fprintf(stderr, "flowmeter nat: %s\n", optind == argc - 1 ?
			"ADDR:PORT must be an address and a port (a.b.c.d:port or [v6]:port)" :
			"one ADDR:PORT is needed");
		usage(stderr);
		return FM_EXIT_ERROR;
	}
	return fm_cli_answer(&c, text, no_mapping);
}
