// SPDX-License-Identifier: GPL-2.0
/* flowmeter flows: the raw records, newest first. */
#include <inttypes.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "cli.h"
#include "commands.h"
#include "out.h"
#include "when.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: flowmeter flows --stored|--since 1h ... (without them: the module's active\n"
		"       flows, flowmeter flows --active --help)\n"
		"usage: flowmeter flows [--stored] [--since 1h | --from T --to T] [--src ADDR] [--dst ADDR]\n"
		"                       [--port P] [--proto P] [--exporter ADDR] [-n 100] [--json] [SOURCE]\n"
		"  --src, --dst     the source or destination address\n"
		"  --port P         source or destination port\n"
		"  --proto P        a protocol number or name (tcp, udp, icmp, ...)\n"
		"  -n N             the newest N records (100)\n"
		"  --since, --from, --to, --exporter   as for top\n"
		FM_CLI_SOURCE_HELP);
}

static const char *proto_name(int p, char *buf, size_t len)
{
	struct protoent pe, *r = NULL;
	char tmp[1024];

	if (!getprotobynumber_r(p, &pe, tmp, sizeof(tmp), &r) && r)
		snprintf(buf, len, "%s", r->p_name);
	else
		snprintf(buf, len, "%d", p);
	return buf;
}

static void text(const struct fm_result *r)
{
	static const char *const heads[] = {
		"END", "PROTO", "SOURCE", "DESTINATION", ">PACKETS", ">BYTES", ">FLOWS", "EXPORTER",
	};
	char t[40], p[32], s[INET6_ADDRSTRLEN + 8], d[INET6_ADDRSTRLEN + 8], e[INET6_ADDRSTRLEN];
	struct fm_table tb;
	size_t i;

	printf("flows, newest first, ");
	fm_cli_print_range(stdout, r);
	fm_table_init(&tb, 8, heads);
	for (i = 0; i < r->nrecs; i++) {
		const struct fm_rec *x = &r->recs[i].rec;
		uint64_t at = fm_srec_time(&r->recs[i]);

		fm_table_row(&tb, "%s.%03u\t%s\t%s\t%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%s",
			     fm_time_local(at, t, sizeof(t)), (unsigned int)(at % 1000),
			     proto_name(x->proto, p, sizeof(p)),
			     fm_hostport_str(&x->src, x->sport, s, sizeof(s)),
			     fm_hostport_str(&x->dst, x->dport, d, sizeof(d)),
			     x->packets, x->bytes, x->flows, fm_addr_str(&x->sender, e, sizeof(e)));
	}
	fm_table_print(&tb, stdout);
	fm_table_free(&tb);
	if (r->truncated)
		printf("(more: the newest %u shown; -n for more)\n", r->q.limit);
}

/*
 * A question of the store has a source or a range; without either, and
 * with --active, it is the module's table that is asked (active.c).
 */
static bool wants_store(int argc, char **argv)
{
	static const char *const store_opts[] = {
		"--db", "--store", "--server", "--config", "--since", "--from", "--to",
		"--exporter", "--stored",
	};
	size_t k;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--active"))
			return false;
		for (k = 0; k < sizeof(store_opts) / sizeof(store_opts[0]); k++)
			if (!strncmp(argv[i], store_opts[k], strlen(store_opts[k])) &&
			    (argv[i][strlen(store_opts[k])] == '\0' ||
			     argv[i][strlen(store_opts[k])] == '='))
				return true;
	}
	return false;
}

int fm_cmd_flows(int argc, char **argv)
{
	static const struct option opts[] = {
		FM_CLI_LONG_OPTS,
		{ "src", required_argument, NULL, 'A' },
		{ "dst", required_argument, NULL, 'B' },
		{ "port", required_argument, NULL, 'p' },
		{ "proto", required_argument, NULL, 'P' },
		{ "stored", no_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const keys[128] = {
		['A'] = "src", ['B'] = "dst", ['p'] = "port", ['P'] = "proto", ['n'] = "n",
	};
	struct fm_cli c;
	int opt, ret;

	if (!wants_store(argc, argv))
		return fm_cmd_active(argc, argv);
	fm_cli_init(&c, "flows", FM_QUERY_FLOWS);
	while ((opt = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
		ret = fm_cli_opt(&c, opt, optarg);
		if (ret < 0)
			return FM_EXIT_ERROR;
		if (ret)
			continue;
		if (opt == 'T')
			continue;
		if (opt == 'h') {
			usage(stdout);
			return FM_EXIT_OK;
		}
		if (opt < 0 || opt >= 128 || !keys[opt]) {
			usage(stderr);
			return FM_EXIT_ERROR;
		}
		if (fm_cli_param(&c, keys[opt], optarg) < 0)
			return FM_EXIT_ERROR;
	}
	if (optind != argc) {
		fprintf(stderr, "flowmeter flows: no arguments besides options\n");
		usage(stderr);
		return FM_EXIT_ERROR;
	}
	return fm_cli_answer(&c, text, NULL);
}
