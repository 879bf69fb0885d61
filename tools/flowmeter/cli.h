/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What flowmeter's subcommands share: the dispatch table's entry, and the
 * options of every question asked of a store (cli.c): where the data is
 * (--db, --store, --server, --config), the range (--since, --from, --to),
 * --exporter, --json.
 */
#ifndef FM_CLI_H
#define FM_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include "query.h"

/* A subcommand: main.c's table lists them; each lives in a file of its own. */
struct fm_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;		/* its arguments, one line */
	const char *summary;
};

/* Exit statuses, grep's: 0 answered, 1 nothing to answer (nat), 2 error or usage. */
enum { FM_EXIT_OK = 0, FM_EXIT_NONE = 1, FM_EXIT_ERROR = 2 };

struct fm_cli {
	const char *cmd;		/* for messages */
	const char *db, *store, *server, *config;
	bool json;
	uint64_t now_ms;
	struct fm_query q;
};

/* The options every query takes, for a subcommand's getopt_long table. */
#define FM_CLI_LONG_OPTS \
	{ "db", required_argument, NULL, 'D' }, \
	{ "store", required_argument, NULL, 'S' }, \
	{ "server", required_argument, NULL, 'H' }, \
	{ "config", required_argument, NULL, 'c' }, \
	{ "json", no_argument, NULL, 'j' }, \
	{ "since", required_argument, NULL, 's' }, \
	{ "from", required_argument, NULL, 'f' }, \
	{ "to", required_argument, NULL, 't' }, \
	{ "exporter", required_argument, NULL, 'e' }, \
	{ "help", no_argument, NULL, 'h' }

#define FM_CLI_SOURCE_HELP \
	"  --db FILE        a SQLite store, read directly\n" \
	"  --store URL      a store by URL (sqlite:///path)\n" \
	"  --server URL     a running flowmeterd's HTTP API (http://127.0.0.1:30001)\n" \
	"  --config FILE    the store of this flowmeterd configuration\n" \
	"                   (default: /etc/flowmeter/config.yaml, else " \
	"/var/lib/flowmeter/flows.db)\n" \
	"  --json           the answer as JSON (the HTTP API's)\n"

void fm_cli_init(struct fm_cli *c, const char *cmd, enum fm_query_kind kind);
/*
 * One of FM_CLI_LONG_OPTS: 1 taken, 0 not one of them, -1 a bad value
 * (said on stderr). Times as the HTTP API takes them (when.h).
 */
int fm_cli_opt(struct fm_cli *c, int opt, const char *arg);
/* A query parameter from the command line; -1 said on stderr. */
int fm_cli_param(struct fm_cli *c, const char *key, const char *value);
/* Ask wherever the data is; FM_EXIT_* (errors said on stderr). */
int fm_cli_ask(struct fm_cli *c, struct fm_result *res);
/* The answer as JSON on stdout. */
int fm_cli_print_json(const struct fm_result *res);
/*
 * Ask, print the answer (--json, else @text) and free it: the exit status.
 * @none, when given, says an answer is empty (FM_EXIT_NONE).
 */
int fm_cli_answer(struct fm_cli *c, void (*text)(const struct fm_result *),
		  bool (*none)(const struct fm_result *));
/* "the last hour (20:00:00 to 21:00:00)" and what was read, for text output. */
void fm_cli_print_range(FILE *f, const struct fm_result *res);

#endif
