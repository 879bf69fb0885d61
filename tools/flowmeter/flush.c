// SPDX-License-Identifier: GPL-2.0
/* flowmeter flush: export every active flow of this namespace's meter now. */
#include <stdio.h>
#include <string.h>
#include "uapi/linux/flowmeter.h"
#include "cli.h"
#include "commands.h"
#include "genl.h"

int fm_cmd_flush(int argc, char **argv)
{
	struct fm_genl g;
	int ret;

	if (argc != 1) {
		int help = argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"));

		fprintf(help ? stdout : stderr, "usage: flowmeter flush\n"
			"  export every active flow of this network namespace now\n");
		return help ? FM_EXIT_OK : FM_EXIT_ERROR;
	}
	if (fm_genl_open(&g, "flowmeter flush"))
		return FM_EXIT_ERROR;
	ret = fm_genl_talk(&g, fm_genl_request(&g, FLOWMETER_CMD_FLUSH, NLM_F_ACK), NULL, NULL,
			   "flowmeter flush");
	fm_genl_close(&g);
	return ret ? FM_EXIT_ERROR : FM_EXIT_OK;
}
