/* SPDX-License-Identifier: GPL-2.0 */
/* flowmeter's subcommands, a file each; main.c's table lists them. */
#ifndef FM_COMMANDS_H
#define FM_COMMANDS_H

int fm_cmd_top(int argc, char **argv);		/* top.c */
int fm_cmd_nat(int argc, char **argv);		/* nat.c */
int fm_cmd_flows(int argc, char **argv);	/* flows.c: stored records, or ... */
int fm_cmd_active(int argc, char **argv);	/* active.c: the module's active flows */
int fm_cmd_status(int argc, char **argv);	/* status.c */
int fm_cmd_set(int argc, char **argv);		/* set.c */
int fm_cmd_flush(int argc, char **argv);	/* flush.c */
int fm_cmd_nft(int argc, char **argv);		/* nft.c */

#endif
