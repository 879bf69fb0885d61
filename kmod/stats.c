// SPDX-License-Identifier: GPL-2.0
/*
 * Packet-path statistics: the per-CPU counters the target and the flow
 * table write, summed for readers, and the input rates derived from them.
 */
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include "stats.h"

DEFINE_PER_CPU(struct fm_cpu_stats, fm_stats);

static DEFINE_SPINLOCK(rates_lock);
static struct fm_rates rates;

#define ADD(f) (t->f += READ_ONCE(s->f))
static void stats_add(struct fm_cpu_stats *t, const struct fm_cpu_stats *s)
{
	ADD(pkts);
	ADD(bytes);
	ADD(searched);
	ADD(new_flows);
	ADD(drop_maxflows);
	ADD(drop_alloc);
	ADD(drop_bytes);
	ADD(frags);
	ADD(truncated);
	ADD(unknown_l4);
}
#undef ADD

void fm_stats_sum(struct fm_cpu_stats *t)
{
	int cpu;

	memset(t, 0, sizeof(*t));
	for_each_possible_cpu(cpu)
		stats_add(t, per_cpu_ptr(&fm_stats, cpu));
}

/* Everything that reached the target counts in the rate, metered or not. */
void fm_stats_update_rates(void)
{
	static u64 last_pkts, last_bytes;
	static unsigned long last_j;
	struct fm_cpu_stats t;
	unsigned long now = jiffies;
	unsigned int ms = jiffies_to_msecs(now - last_j);
	u64 pkts, bytes;

	fm_stats_sum(&t);
	pkts = t.pkts + t.drop_maxflows + t.drop_alloc;
	bytes = t.bytes + t.drop_bytes;
	if (last_j && ms) {
		spin_lock(&rates_lock);
		rates.pkts = div_u64((pkts - last_pkts) * 1000, ms);
		rates.bits = div_u64((bytes - last_bytes) * 8000, ms);
		spin_unlock(&rates_lock);
	}
	last_pkts = pkts;
	last_bytes = bytes;
	last_j = now;
}

void fm_stats_rates(struct fm_rates *r)
{
	spin_lock(&rates_lock);
	*r = rates;
	spin_unlock(&rates_lock);
}
