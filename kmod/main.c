// SPDX-License-Identifier: GPL-2.0
/*
 * ipt_NETFLOW: meters flows seen by the iptables/ip6tables NETFLOW target
 * and exports them as NetFlow v5, v9 or IPFIX. This file is only the
 * init/exit chain; each step lives in the file named for it.
 */
#include <linux/module.h>
#include "config.h"
#include "export.h"
#include "flow_table.h"
#include "nat_events.h"
#include "proc.h"
#include "sysctl.h"
#include "target.h"

static int __init netflow_init(void)
{
	int ret;

	ret = fm_config_init();
	if (ret < 0)
		return ret;
	ret = fm_table_init();
	if (ret < 0)
		return ret;
	ret = fm_export_init();
	if (ret < 0)
		goto err_export;
	ret = fm_nat_init();
	if (ret < 0)
		goto err_nat;
	ret = fm_proc_init();
	if (ret < 0)
		goto err_proc;
	ret = fm_sysctl_init();
	if (ret < 0)
		goto err_sysctl;
	ret = fm_target_init();
	if (ret < 0)
		goto err_target;
	pr_info("loaded, protocol %d, %d destination(s), hashsize %u, maxflows %u, natevents %d\n",
		fm_protocol, fm_exp.nsocks, fm_hashsize, fm_maxflows, fm_natevents);
	return 0;

err_target:
	fm_sysctl_exit();
err_sysctl:
	fm_proc_exit();
err_proc:
	fm_nat_exit();
err_nat:
	fm_export_exit();
err_export:
	fm_table_exit();
	return ret;
}

/* No rule uses the target any more: export everything, then free. */
static void __exit netflow_exit(void)
{
	fm_target_exit();
	fm_sysctl_exit();
	fm_proc_exit();
	fm_nat_exit();
	fm_export_exit();
	fm_table_exit();
	pr_info("unloaded\n");
}

module_init(netflow_init);
module_exit(netflow_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("NetFlow v5/v9/IPFIX exporter (flowmeter)");
MODULE_ALIAS("ip6t_NETFLOW");
MODULE_ALIAS("xt_NETFLOW");
MODULE_VERSION(FM_VERSION);
