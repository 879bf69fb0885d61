// SPDX-License-Identifier: GPL-2.0
/*
 * The NETFLOW xtables target: meters through meter.c into its namespace's
 * table and returns XT_CONTINUE, so it can sit anywhere in a chain; it
 * never drops or changes a packet.
 */
#include <linux/module.h>
#include <linux/netfilter/x_tables.h>
#include <net/net_namespace.h>
#include "flow_table.h"
#include "meter.h"
#include "netns.h"
#include "target.h"

static unsigned int netflow_tg(struct sk_buff *skb,
			       const struct xt_action_param *par)
{
	/*
	 * checkentry made the table before the rule could be used; acquire
	 * pairs with fm_net_table()'s release.
	 */
	struct fm_table *t = smp_load_acquire(&fm_net(xt_net(par))->table);

	if (likely(t))
		fm_meter(t, skb, xt_family(par), xt_in(par), xt_out(par));
	return XT_CONTINUE;
}

static int netflow_tg_check(const struct xt_tgchk_param *par)
{
	struct fm_net *fn = fm_net(par->net);

	/* The nat table sees only a connection's first packet. */
	if (strcmp(par->table, "nat") == 0) {
		pr_info_ratelimited("NETFLOW is not valid in the nat table\n");
		return -EINVAL;
	}
	if (par->family == NFPROTO_IPV6) {
		if (READ_ONCE(fn->s.protocol) == NF5_VERSION) {
			pr_info_ratelimited("ip6tables NETFLOW needs protocol 9 or 10; NetFlow v5 cannot carry IPv6\n");
			return -EINVAL;
		}
	}
	/* Each namespace meters into a table of its own, made on first use. */
	if (!fm_net_table(fn))
		return -ENOMEM;
	if (par->family == NFPROTO_IPV6)
		atomic_inc(&fn->ipv6_rules);
	return 0;
}

static void netflow_tg_destroy(const struct xt_tgdtor_param *par)
{
	if (par->family == NFPROTO_IPV6)
		atomic_dec(&fm_net(par->net)->ipv6_rules);
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
#if IS_ENABLED(CONFIG_IPV6)
	/*
	 * CONFIG_IPV6, not CONFIG_IP6_NF_IPTABLES: ip6tables-nft reaches
	 * xtables targets through nft_compat on kernels without ip6_tables.
	 */
	{
		.name		= "NETFLOW",
		.revision	= 0,
		.family		= NFPROTO_IPV6,
		.target		= netflow_tg,
		.checkentry	= netflow_tg_check,
		.destroy	= netflow_tg_destroy,
		.me		= THIS_MODULE,
	},
#endif
};

int fm_target_init(void)
{
	return xt_register_targets(netflow_tg_reg, ARRAY_SIZE(netflow_tg_reg));
}

void fm_target_exit(void)
{
	xt_unregister_targets(netflow_tg_reg, ARRAY_SIZE(netflow_tg_reg));
}
