// SPDX-License-Identifier: GPL-2.0
/*
 * Metering without iptables: netfilter hooks of our own, per namespace,
 * for hosts that use nftables alone (no ip_tables, no nft_compat). Which
 * hooks (prerouting, input, forward, output, postrouting; IPv4 and IPv6
 * both), at what priority, and optionally only packets whose mark matches:
 * the user selects traffic with stock nft rules ("meta mark set meta mark
 * or 0x100") and no expression of ours is needed. `nft list hooks` shows
 * them. Packets a flowtable offloads skip the forward hook and are not
 * metered.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include "config.h"
#include "flow_table.h"
#include "hooks.h"
#include "meter.h"
#include "netns.h"

static const unsigned int hooknum[] = {
	NF_INET_PRE_ROUTING, NF_INET_LOCAL_IN, NF_INET_FORWARD,
	NF_INET_LOCAL_OUT, NF_INET_POST_ROUTING,
};

static unsigned int fm_hook(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	struct fm_net *fn = priv;
	/* Pairs with fm_net_table()'s release: the table is whole. */
	struct fm_table *t = smp_load_acquire(&fn->table);
	u32 mask = READ_ONCE(fn->s.hook_mask);

	if (mask && (skb->mark & mask) != READ_ONCE(fn->s.hook_mark))
		return NF_ACCEPT;
	if (likely(t))
		fm_meter(t, skb, state->pf, state->in, state->out);
	return NF_ACCEPT;
}

static void hooks_off(struct fm_net *fn)
{
	if (!fn->hook_ops)
		return;
	nf_unregister_net_hooks(fn->net, fn->hook_ops, fn->nhook_ops);
	kfree(fn->hook_ops);
	fn->hook_ops = NULL;
	fn->nhook_ops = 0;
}

int fm_hooks_set(struct fm_net *fn, unsigned int hooks, int priority)
{
	struct nf_hook_ops *ops;
	unsigned int i, n = 0;
	int ret;

	if (hooks && !fm_net_table(fn))
		return -ENOMEM;
	ops = hooks ? kcalloc(2 * ARRAY_SIZE(hooknum), sizeof(*ops), GFP_KERNEL) : NULL;
	if (hooks && !ops)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(hooknum); i++) {
		if (!(hooks & (1U << i)))
			continue;
		ops[n++] = (struct nf_hook_ops){ .hook = fm_hook, .priv = fn,
			.pf = NFPROTO_IPV4, .hooknum = hooknum[i], .priority = priority };
#if IS_ENABLED(CONFIG_IPV6)
		ops[n++] = (struct nf_hook_ops){ .hook = fm_hook, .priv = fn,
			.pf = NFPROTO_IPV6, .hooknum = hooknum[i], .priority = priority };
#endif
	}
	/* The old set goes first: a packet is never metered twice. */
	hooks_off(fn);
	if (n) {
		ret = nf_register_net_hooks(fn->net, ops, n);
		if (ret < 0) {
			kfree(ops);
			return ret;
		}
		fn->hook_ops = ops;
		fn->nhook_ops = n;
	} else {
		kfree(ops);
	}
	WRITE_ONCE(fn->s.hooks, hooks);
	WRITE_ONCE(fn->s.hook_priority, priority);
	return 0;
}

void fm_hooks_net_exit(struct fm_net *fn)
{
	hooks_off(fn);
}
