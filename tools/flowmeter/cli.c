// SPDX-License-Identifier: GPL-2.0
/*
 * The options and the asking every store question shares (cli.h). The
 * command line's values go through the HTTP API's own parameter parser
 * (fm_query_param): the CLI and the API take the same times and names.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "client.h"
#include "clock.h"
#include "config.h"
#include "json.h"
#include "sqlite.h"
#include "store.h"
#include "when.h"

#define DEFAULT_CONFIG "/etc/flowmeter/config.yaml"

void fm_cli_init(struct fm_cli *c, const char *cmd, enum fm_query_kind kind)
{
	memset(c, 0, sizeof(*c));
	c->cmd = cmd;
	c->now_ms = fm_now_ms();
	fm_query_init(&c->q, kind, c->now_ms);
}

int fm_cli_param(struct fm_cli *c, const char *key, const char *value)
{
	char err[512];

	if (fm_query_param(&c->q, key, value, c->now_ms, err, sizeof(err)) < 0) {
		fprintf(stderr, "flowmeter %s: --%s %s\n", c->cmd, key, err);
		return -1;
	}
	return 0;
}

int fm_cli_opt(struct fm_cli *c, int opt, const char *arg)
{
	switch (opt) {
	case 'D': c->db = arg; return 1;
	case 'S': c->store = arg; return 1;
	case 'H': c->server = arg; return 1;
	case 'c': c->config = arg; return 1;
	case 'j': c->json = true; return 1;
	case 's': return fm_cli_param(c, "since", arg) < 0 ? -1 : 1;
	case 'f': return fm_cli_param(c, "from", arg) < 0 ? -1 : 1;
	case 't': return fm_cli_param(c, "to", arg) < 0 ? -1 : 1;
	case 'e': return fm_cli_param(c, "exporter", arg) < 0 ? -1 : 1;
	}
	return 0;
}

/*
 * No source named: the store of flowmeterd's configuration (the first,
 * which is what flowmeterd writes first), else the default SQLite file.
 */
static struct fm_store_reader *default_reader(struct fm_cli *c, char *err, size_t errlen)
{
	const char *path = c->config ? c->config : DEFAULT_CONFIG;
	struct fm_store_reader *r;
	struct fm_config *cf;

	if (!c->config && access(path, R_OK) < 0)
		return fm_store_reader_open("sqlite://" FM_SQLITE_DEFAULT_PATH, err, errlen);
	cf = fm_config_load(path, err, errlen);
	if (!cf)
		return NULL;
	r = cf->nstores ? fm_store_reader_conf(&cf->stores[0], err, errlen) :
	    fm_store_reader_open("sqlite://" FM_SQLITE_DEFAULT_PATH, err, errlen);
	fm_config_free(cf);
	return r;
}

int fm_cli_ask(struct fm_cli *c, struct fm_result *res)
{
	struct fm_store_reader *r;
	char err[1024], *url = NULL;
	int ret;

	/* The caller frees the answer whatever happened. */
	memset(res, 0, sizeof(*res));
	if (c->server) {
		if (fm_client_query(c->server, &c->q, res, err, sizeof(err)) < 0) {
			fprintf(stderr, "flowmeter %s: %s\n", c->cmd, err);
			return FM_EXIT_ERROR;
		}
		return FM_EXIT_OK;
	}
	if (c->db && asprintf(&url, "sqlite://%s", c->db) < 0) {
		fprintf(stderr, "flowmeter %s: out of memory\n", c->cmd);
		return FM_EXIT_ERROR;
	}
	r = url || c->store ? fm_store_reader_open(url ? url : c->store, err, sizeof(err)) :
	    default_reader(c, err, sizeof(err));
	free(url);
	if (!r) {
		fprintf(stderr, "flowmeter %s: %s\n", c->cmd, err);
		return FM_EXIT_ERROR;
	}
	ret = fm_store_query(r, &c->q, res, err, sizeof(err));
	fm_store_reader_close(r);
	if (ret < 0) {
		fprintf(stderr, "flowmeter %s: %s\n", c->cmd, err);
		return FM_EXIT_ERROR;
	}
	return FM_EXIT_OK;
}

int fm_cli_print_json(const struct fm_result *res)
{
	json_t *j = fm_result_json(res);
	int ret;

	if (!j) {
		fprintf(stderr, "flowmeter: out of memory\n");
		return FM_EXIT_ERROR;
	}
	ret = json_dumpf(j, stdout, JSON_INDENT(2));
	json_decref(j);
	putchar('\n');
	return ret ? FM_EXIT_ERROR : FM_EXIT_OK;
}

void fm_cli_print_range(FILE *f, const struct fm_result *res)
{
	char a[40], b[40];
	int i;

	fprintf(f, "from %s to %s (local time); read:", fm_time_local(res->q.from_ms, a, sizeof(a)),
		fm_time_local(res->q.to_ms, b, sizeof(b)));
	for (i = 0; i < res->plan.n; i++)
		fprintf(f, " %s %s..%s", fm_tier_name(res->plan.seg[i].tier),
			fm_time_local(res->plan.seg[i].from_ms, a, sizeof(a)) + 11,
			fm_time_local(res->plan.seg[i].to_ms, b, sizeof(b)) + 11);
	if (!res->plan.n)
		fputs(" nothing (not retained)", f);
	fputc('\n', f);
	if (res->plan.approximate)
		fputs("approximate: part of the range is not kept at that detail; "
		      "rounded out to whole buckets or left out (see read:)\n", f);
}

int fm_cli_answer(struct fm_cli *c, void (*text)(const struct fm_result *),
		  bool (*none)(const struct fm_result *))
{
	struct fm_result res;
	int ret = fm_cli_ask(c, &res);

	if (ret == FM_EXIT_OK) {
		if (c->json)
			ret = fm_cli_print_json(&res);
		else
			text(&res);
		if (!ret && none && none(&res))
			ret = FM_EXIT_NONE;
	}
	fm_result_free(&res);
	return ret;
}
