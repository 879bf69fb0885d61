/* SPDX-License-Identifier: GPL-2.0 */
/* flowmeter's subcommands, a file each; main.c's table lists them. */
#ifndef FM_COMMANDS_H
#define FM_COMMANDS_H

int fm_cmd_top(int argc, char **argv);		/* top.c */
int fm_cmd_nat(int argc, char **argv);		/* nat.c */
int fm_cmd_flows(int argc, char **argv);	/* flows.c */

#endif
