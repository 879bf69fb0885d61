// SPDX-License-Identifier: GPL-2.0
/*
 * iptables/ip6tables extension for the NETFLOW target. The target takes no
 * options: what it meters and where it exports is the module's business
 * (module parameters and net.netflow.* sysctls), so the same rule works
 * whatever the configuration. Installed as libipt_NETFLOW.so and
 * libip6t_NETFLOW.so, the names the reference package used.
 */
#include <stdio.h>
#include <xtables.h>

static void netflow_help(void)
{
	printf("NETFLOW target takes no options.\n"
	       "Flows are configured through the ipt_NETFLOW module parameters\n"
	       "and the net.netflow.* sysctls.\n");
}

static void netflow_print(const void *ip, const struct xt_entry_target *target,
			  int numeric)
{
	(void)ip;
	(void)target;
	(void)numeric;
	printf(" NETFLOW");
}

static void netflow_save(const void *ip, const struct xt_entry_target *target)
{
	(void)ip;
	(void)target;
}

static struct xtables_target netflow_tg_reg[] = {
	{
		.family		= NFPROTO_IPV4,
		.name		= "NETFLOW",
		.version	= XTABLES_VERSION,
		.revision	= 0,
		.size		= XT_ALIGN(0),
		.userspacesize	= XT_ALIGN(0),
		.help		= netflow_help,
		.print		= netflow_print,
		.save		= netflow_save,
	},
	{
		.family		= NFPROTO_IPV6,
		.name		= "NETFLOW",
		.version	= XTABLES_VERSION,
		.revision	= 0,
		.size		= XT_ALIGN(0),
		.userspacesize	= XT_ALIGN(0),
		.help		= netflow_help,
		.print		= netflow_print,
		.save		= netflow_save,
	},
};

static void __attribute__((constructor)) netflow_init(void)
{
	xtables_register_targets(netflow_tg_reg,
				 sizeof(netflow_tg_reg) / sizeof(netflow_tg_reg[0]));
}
