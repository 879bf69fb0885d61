// SPDX-License-Identifier: GPL-2.0
/*
 * The NETFLOW xtables target and the packet path. It never drops or changes
 * a packet: it meters and returns XT_CONTINUE, so it can sit anywhere in a
 * chain. The whole per-packet cost is fm_parse() + fm_table_count().
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/netfilter/x_tables.h>
#include <linux/skbuff.h>
#include "flow.h"
#include "netflow.h"

DEFINE_PER_CPU(struct fm_cpu_stats, fm_stats);

/* ip6tables rules using the target: protocol 5 cannot be chosen while > 0. */
atomic_t fm_ipv6_rules = ATOMIC_INIT(0);

static unsigned int netflow_tg(struct sk_buff *skb,
			       const struct xt_action_param *par)
{
	struct fm_pkt p;

	fm_parse(skb, par, &p);
	fm_table_count(skb, &p);
	return XT_CONTINUE;
}

static int netflow_tg_check(const struct xt_tgchk_param *par)
{
	/* The nat table sees only a connection's first packet. */
	if (strcmp(par->table, "nat") == 0) {
		pr_info_ratelimited(FM_NAME ": NETFLOW is not valid in the nat table\n");
		return -EINVAL;
	}
	if (par->family == NFPROTO_IPV6) {
		if (READ_ONCE(fm_protocol) == 5) {
			pr_info_ratelimited(FM_NAME ": ip6tables NETFLOW needs protocol 9 or 10; NetFlow v5 cannot carry IPv6\n");
			return -EINVAL;
		}
		atomic_inc(&fm_ipv6_rules);
	}
	return 0;
}

static void netflow_tg_destroy(const struct xt_tgdtor_param *par)
{
	if (par->family == NFPROTO_IPV6)
		atomic_dec(&fm_ipv6_rules);
}

static struct xt_target netflow_tg_reg[] __read_mostly = {
	{
		.name		= "NETFLOW",
		.revision	= 0,
		.family		= NFPROTO_IPV4,
		.target		= netflow_tg,
		.checkentry	= netflow_tg_check,
		.destroy	= netflow_tg_destroy,
		.me		= THIS_MODULE,
	},
	{
		.name		= "NETFLOW",
		.revision	= 0,
		.family		= NFPROTO_IPV6,
		.target		= netflow_tg,
		.checkentry	= netflow_tg_check,
		.destroy	= netflow_tg_destroy,
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
