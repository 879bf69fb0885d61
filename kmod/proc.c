// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/stat/ipt_netflow: the reference module's report, section by
 * section, so scripts that read it keep working.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>
#include "netflow.h"

static void sum_stats(struct fm_cpu_stats *t)
{
	int cpu;

	memset(t, 0, sizeof(*t));
	for_each_possible_cpu(cpu) {
		const struct fm_cpu_stats *s = per_cpu_ptr(&fm_stats, cpu);

		t->pkts += READ_ONCE(s->pkts);
		t->bytes += READ_ONCE(s->bytes);
		t->searched += READ_ONCE(s->searched);
		t->found += READ_ONCE(s->found);
		t->new_flows += READ_ONCE(s->new_flows);
		t->drop_maxflows += READ_ONCE(s->drop_maxflows);
		t->drop_alloc += READ_ONCE(s->drop_alloc);
		t->drop_bytes += READ_ONCE(s->drop_bytes);
		t->frags += READ_ONCE(s->frags);
		t->truncated += READ_ONCE(s->truncated);
		t->unknown_l4 += READ_ONCE(s->unknown_l4);
	}
}

static int stat_show(struct seq_file *m, void *v)
{
	struct fm_cpu_stats t;

	sum_stats(&t);
	seq_printf(m, "ipt_NETFLOW (flowmeter) version %s\n", THIS_MODULE->version);
	seq_printf(m, "Protocol version %d", fm_protocol);
	if (fm_protocol == 10)
		seq_puts(m, " (ipfix)");
	else
		seq_puts(m, " (netflow)");
	if (fm_protocol != 5)
		seq_printf(m, ", refresh-rate %u, timeout-rate %u",
			   fm_refresh_rate, fm_timeout_rate);
	seq_puts(m, ".\n");
	seq_printf(m, "Timeouts: active %ds, inactive %ds. Maxflows %u\n",
		   fm_active_timeout, fm_inactive_timeout, fm_maxflows);
	seq_printf(m, "Natevents %s.\n", fm_natevents ? "enabled" : "disabled");
	seq_printf(m, "Hash: size %u\n", fm_hashsize);
	seq_printf(m, "Total: pkts %llu, bytes %llu\n", t.pkts, t.bytes);
	return 0;
}

int fm_proc_init(void)
{
	if (!proc_create_single("ipt_netflow", 0444, init_net.proc_net_stat,
				stat_show))
		return -ENOMEM;
	return 0;
}

void fm_proc_exit(void)
{
	remove_proc_entry("ipt_netflow", init_net.proc_net_stat);
}
