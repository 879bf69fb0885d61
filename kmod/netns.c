// SPDX-License-Identifier: GPL-2.0
/*
 * A meter per network namespace, made when the namespace (or the module)
 * comes and ended when it goes. The initial namespace starts with the
 * module parameters; every other one with the same settings but no
 * destinations (it exports nothing until configured there), no NAT events
 * and no hooks, and a smaller table. When a namespace goes, pre_exit
 * exports what its meter holds while its devices still carry packets; exit
 * frees the rest.
 */
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include "config.h"
#include "export.h"
#include "flow_table.h"
#include "hooks.h"
#include "nat_events.h"
#include "netns.h"
#include "proc.h"
#include "ref_settings.h"
#include "stats.h"
#include "sysctl.h"

unsigned int fm_net_id __read_mostly;

/* A container's table: a sixteenth of the host's, at least 1024 buckets. */
static unsigned int child_hashsize(void)
{
	return max(1024U, fm_param_hashsize / 16);
}

static int fm_net_init(struct net *net)
{
	struct fm_net *fn = fm_net(net);
	bool host = net_eq(net, &init_net);
	const struct fm_dest *dests = NULL;
	int ndests = 0, ret;

	fn->net = net;
	fn->s = fm_params;
	mutex_init(&fn->lock);
	atomic_set(&fn->ipv6_rules, 0);
	fm_rates_init(&fn->rates);
	if (host) {
		ndests = fm_config_dests(&dests);
		strscpy(fn->dest_str, fm_config_dest_str(), sizeof(fn->dest_str));
		fn->hashsize = fm_param_hashsize;
	} else {
		fn->s.natevents = 0;
		fn->s.hooks = 0;
		fn->hashsize = child_hashsize();
	}
	fn->stats = alloc_percpu(struct fm_cpu_stats);
	if (!fn->stats)
		return -ENOMEM;
	fm_ref_init(fn, host);
	ret = fm_export_net_init(fn, dests, ndests);
	if (ret)
		goto err_export;
	ret = fm_nat_net_init(fn);
	if (ret)
		goto err_nat;
	ret = fm_proc_net_init(fn);
	if (ret)
		goto err_proc;
	ret = fm_sysctl_net_init(fn);
	if (ret)
		goto err_sysctl;
	if (fn->s.hooks) {
		ret = fm_hooks_set(fn, fn->s.hooks, fn->s.hook_priority);
		if (ret) {
			pr_err("cannot register hooks: %d\n", ret);
			goto err_hooks;
		}
	}
	return 0;

err_hooks:
	fm_sysctl_net_exit(fn);
err_sysctl:
	fm_proc_net_exit(fn);
err_proc:
	fm_nat_net_exit(fn);
err_nat:
	fm_export_net_exit(fn);
err_export:
	fm_table_free(fn->table);
	fn->table = NULL;
	free_percpu(fn->stats);
	return ret;
}

/* While the namespace's devices still carry packets: export. */
static void fm_net_pre_exit(struct net *net)
{
	struct fm_net *fn = fm_net(net);

	fm_hooks_net_exit(fn);
	fm_nat_net_exit(fn);
	fm_export_net_flush(fn);
}

static void fm_net_exit(struct net *net)
{
	struct fm_net *fn = fm_net(net);

	fm_sysctl_net_exit(fn);
	fm_proc_net_exit(fn);
	/* What came after pre_exit is counted as lost if it cannot leave. */
	fm_export_net_exit(fn);
	fm_table_free(fn->table);
	fn->table = NULL;
	free_percpu(fn->stats);
}

static struct pernet_operations fm_net_ops = {
	.init		= fm_net_init,
	.pre_exit	= fm_net_pre_exit,
	.exit		= fm_net_exit,
	.id		= &fm_net_id,
	.size		= sizeof(struct fm_net),
};

int fm_netns_init(void)
{
	/* The initial namespace's init below runs under pernet_ops_rwsem. */
	if (fm_params.natevents)
		fm_nat_preload();
	return register_pernet_subsys(&fm_net_ops);
}

void fm_netns_exit(void)
{
	unregister_pernet_subsys(&fm_net_ops);
}
