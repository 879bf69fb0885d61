// SPDX-License-Identifier: GPL-2.0
/* flowmeter top: the values of one attribute with the most traffic. */
#include <inttypes.h>
#include <stdlib.h>
#include "cli.h"
#include "commands.h"
#include "out.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: flowmeter top --by ATTR [--since 1h | --from T --to T] [--exporter ADDR]\n"
		"                     [-n 10] [--bytes|--packets|--flows] [--json] [SOURCE]\n"
		"  --by ATTR        an attribute (source_ip, destination_port, destination_country,\n"
		"                   protocol, ...) or all; rolled-up ones answer from rollups\n"
		"  -n N             the first N values (10)\n"
		"  --bytes, --packets, --flows   what orders them (bytes)\n"
		"  --since D        from D ago to now (15m, 1h, 24h, 7d; the default is 1h)\n"
		"  --from T, --to T 21:04, \"2026-12-01 21:04[:05]\", RFC 3339, or epoch ms\n"
		"  --exporter ADDR  only what this exporter sent\n"
		FM_CLI_SOURCE_HELP);
}

static void text(const struct fm_result *r)
{
	static const char *const heads[] = { "VALUE", ">BYTES", ">PACKETS", ">FLOWS" };
	struct fm_table t;
	size_t i;

	printf("top %s by %s, ", fm_dim_name(r->q.by), fm_order_name(r->q.order));
	fm_cli_print_range(stdout, r);
	fm_table_init(&t, 4, heads);
	for (i = 0; i < r->nrows; i++)
		fm_table_row(&t, "%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64,
			     *r->rows[i].value ? r->rows[i].value : "(none)", r->rows[i].c.bytes,
			     r->rows[i].c.packets, r->rows[i].c.flows);
	fm_table_row(&t, "(total)\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64,
		     r->total.bytes, r->total.packets, r->total.flows);
	fm_table_print(&t, stdout);
	fm_table_free(&t);
}

int fm_cmd_top(int argc, char **argv)
{
	static const struct option opts[] = {
		FM_CLI_LONG_OPTS,
		{ "by", required_argument, NULL, 'b' },
		{ "bytes", no_argument, NULL, 'B' },
		{ "packets", no_argument, NULL, 'P' },
		{ "flows", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct fm_cli c;
	bool by = false;
	int opt, ret;

	fm_cli_init(&c, "top", FM_QUERY_TOP);
	while ((opt = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
		ret = fm_cli_opt(&c, opt, optarg);
		if (ret < 0)
			return FM_EXIT_ERROR;
		if (ret)
			continue;
		switch (opt) {
		case 'b':
			if (fm_cli_param(&c, "by", optarg) < 0)
				return FM_EXIT_ERROR;
			by = true;
			break;
		case 'n':
			if (fm_cli_param(&c, "n", optarg) < 0)
				return FM_EXIT_ERROR;
			break;
		case 'B': c.q.order = FM_ORDER_BYTES; break;
		case 'P': c.q.order = FM_ORDER_PACKETS; break;
		case 'F': c.q.order = FM_ORDER_FLOWS; break;
		case 'h': usage(stdout); return FM_EXIT_OK;
		default: usage(stderr); return FM_EXIT_ERROR;
		}
	}
	if (!by || optind != argc) {
		fprintf(stderr, "flowmeter top: %s\n", by ? "no arguments besides options" :
			"--by ATTR is required");
		usage(stderr);
		return FM_EXIT_ERROR;
	}
	return fm_cli_answer(&c, text, NULL);
}
