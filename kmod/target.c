// SPDX-License-Identifier: GPL-2.0
/*
 * The NETFLOW xtables target. It never drops or changes a packet: it meters
 * and returns XT_CONTINUE, so it can sit anywhere in a chain.
 */
#include <linux/module.h>
#include <linux/netfilter/x_tables.h>
#include <linux/skbuff.h>
#include "netflow.h"

DEFINE_PER_CPU(struct fm_cpu_stats, fm_stats);

static unsigned int netflow_tg(struct sk_buff *skb,
			       const struct xt_action_param *par)
{
	fm_stat_inc(pkts);
	fm_stat_add(bytes, skb->len);
	return XT_CONTINUE;
}

static int netflow_tg_check(const struct xt_tgchk_param *par)
{
	/* The nat table sees only a connection's first packet. */
	if (strcmp(par->table, "nat") == 0) {
		pr_info_ratelimited(FM_NAME ": NETFLOW is not valid in the nat table\n");
		return -EINVAL;
	}
	if (par->family == NFPROTO_IPV6 && fm_protocol == 5) {
		pr_info_ratelimited(FM_NAME ": ip6tables NETFLOW needs protocol 9 or 10; NetFlow v5 cannot carry IPv6\n");
		return -EINVAL;
	}
	return 0;
}

static struct xt_target netflow_tg_reg[] __read_mostly = {
	{
		.name		= "NETFLOW",
		.revision	= 0,
		.family		= NFPROTO_IPV4,
		.target		= netflow_tg,
		.checkentry	= netflow_tg_check,
		.me		= THIS_MODULE,
	},
	{
		.name		= "NETFLOW",
		.revision	= 0,
		.family		= NFPROTO_IPV6,
		.target		= netflow_tg,
		.checkentry	= netflow_tg_check,
		.me		= THIS_MODULE,
	},
};

int fm_target_init(void)
{
	return xt_register_targets(netflow_tg_reg, ARRAY_SIZE(netflow_tg_reg));
}

void fm_target_exit(void)
{
	xt_unregister_targets(netflow_tg_reg, ARRAY_SIZE(netflow_tg_reg));
}
