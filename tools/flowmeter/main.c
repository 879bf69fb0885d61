// SPDX-License-Identifier: GPL-2.0
/*
 * flowmeter: one command, a subcommand per file. The table below is the
 * whole dispatch: a new subcommand (status, set, flush, nft, ...) is a
 * file with its fm_cmd_*, a declaration in commands.h and one line here.
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "commands.h"

static const struct fm_command commands[] = {
	{ "top", fm_cmd_top, "--by ATTR [--since 1h|--from T --to T] [-n N] [--json]",
	  "the values of an attribute with the most traffic" },
	{ "nat", fm_cmd_nat, "ADDR:PORT [--at TIME] [--json]",
	  "who was behind an outside address:port at a time" },
	{ "flows", fm_cmd_flows, "[--top N] [--sort bytes] [--proto P] ... [--json]",
	  "the module's active flows; with --since/--db/--server..., stored records" },
	{ "status", fm_cmd_status, "[--json]",
	  "the module's settings and figures in this network namespace" },
	{ "set", fm_cmd_set, "NAME VALUE [NAME VALUE]...",
	  "change the module's settings (net.netflow.* names)" },
	{ "flush", fm_cmd_flush, "",
	  "export every active flow now" },
	{ "nft", fm_cmd_nft, "add|delete|show [--hook H] [--iif IF] [--oif IF] [--mark M]",
	  "the nftables rules that mark what the module's hooks meter" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: flowmeter COMMAND [ARGS]   (flowmeter COMMAND --help for its options)\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-6s %s\n         %s\n", commands[i].name, commands[i].usage,
			commands[i].summary);
	fprintf(f, "  -V, --version\nSee flowmeter(8).\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return FM_EXIT_ERROR;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return FM_EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("flowmeter %s\n", FM_VERSION);
		return FM_EXIT_OK;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "flowmeter: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return FM_EXIT_ERROR;
}
