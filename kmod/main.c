// SPDX-License-Identifier: GPL-2.0
/*
 * ipt_NETFLOW: meters flows seen by the iptables/ip6tables NETFLOW target
 * (or by hooks of its own) and exports them as NetFlow v5, v9 or IPFIX, a
 * meter per network namespace. This file is only the init/exit chain; each
 * step lives in the file named for it.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <uapi/linux/flowmeter.h>
#include "config.h"
#include "export.h"
#include "flow_table.h"
#include "genl.h"
#include "netns.h"
#include "target.h"

static int __init netflow_init(void)
{
	int ret;

	ret = fm_config_init();
	if (ret < 0)
		return ret;
	ret = fm_tables_init(fm_param_maxflows_all);
	if (ret < 0)
		return ret;
	ret = fm_export_init();
	if (ret < 0)
		goto err_export;
	/* Every namespace's meter, before anything can use one. */
	ret = fm_netns_init();
	if (ret < 0)
		goto err_netns;
	ret = fm_genl_init();
	if (ret < 0)
		goto err_genl;
	ret = fm_target_init();
	if (ret < 0)
		goto err_target;
	pr_info("loaded, protocol %d, %d destination(s), hashsize %u, maxflows %u, natevents %d\n",
		fm_params.protocol, fm_net(&init_net)->exp->nsocks, fm_param_hashsize,
		fm_params.maxflows, fm_params.natevents);
	return 0;

err_target:
	fm_genl_exit();
err_genl:
	fm_netns_exit();
err_netns:
	fm_export_exit();
err_export:
	fm_tables_exit();
	return ret;
}

/* No rule uses the target any more: export everything, then free. */
static void __exit netflow_exit(void)
{
	fm_target_exit();
	fm_genl_exit();
	fm_netns_exit();
	fm_export_exit();
	fm_tables_exit();
	pr_info("unloaded\n");
}

module_init(netflow_init);
module_exit(netflow_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("NetFlow v5/v9/IPFIX exporter (flowmeter)");
MODULE_ALIAS("ip6t_NETFLOW");
MODULE_ALIAS("xt_NETFLOW");
MODULE_ALIAS_GENL_FAMILY(FLOWMETER_GENL_NAME);
MODULE_VERSION(FM_VERSION);
