// SPDX-License-Identifier: GPL-2.0
/*
 * flowmeter set NAME VALUE...: change the module's settings in this network
 * namespace in one request; the names and checks are net.netflow.*'s.
 */
#include <stdio.h>
#include <string.h>
#include "uapi/linux/flowmeter.h"
#include "cli.h"
#include "commands.h"
#include "genl.h"
#include "ksettings.h"

static void usage(FILE *f)
{
	unsigned int i;

	fprintf(f, "usage: flowmeter set NAME VALUE [NAME VALUE]...\n  NAME:");
	for (i = 0; i < fm_nksettings; i++)
		if (fm_ksettings[i].writable)
			fprintf(f, " %s", fm_ksettings[i].name);
	fprintf(f, "\n  e.g. flowmeter set destination 127.0.0.1:2055 protocol 10\n"
		"       flowmeter set hooks forward,output hook_mark 0x100/0x100\n");
}

static const char *attr_name(int type)
{
	unsigned int i;

	for (i = 0; i < fm_nksettings; i++)
		if (fm_ksettings[i].attr == type)
			return fm_ksettings[i].name;
	return type == FLOWMETER_A_HOOK_MASK ? "hook_mark" : NULL;
}

int fm_cmd_set(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct fm_genl g;
	const char *why;
	int i, ret;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return FM_EXIT_OK;
	}
	if (argc < 3 || argc % 2 != 1) {
		usage(stderr);
		return FM_EXIT_ERROR;
	}
	/* Every name and value checked before the module sees any. */
	for (i = 1; i < argc; i += 2)
		if (!fm_ksetting_find(argv[i])) {
			fprintf(stderr, "flowmeter set: no setting '%s'\n", argv[i]);
			usage(stderr);
			return FM_EXIT_ERROR;
		}
	if (fm_genl_open(&g, "flowmeter set"))
		return FM_EXIT_ERROR;
	g.attr_name = attr_name;
	nlh = fm_genl_request(&g, FLOWMETER_CMD_SET, NLM_F_ACK);
	for (i = 1; i < argc; i += 2)
		if (fm_ksetting_put(nlh, fm_ksetting_find(argv[i]), argv[i + 1], &why)) {
			fprintf(stderr, "flowmeter set: %s '%s': %s\n", argv[i], argv[i + 1], why);
			fm_genl_close(&g);
			return FM_EXIT_ERROR;
		}
	ret = fm_genl_talk(&g, nlh, NULL, NULL, "flowmeter set");
	fm_genl_close(&g);
	return ret ? FM_EXIT_ERROR : FM_EXIT_OK;
}
