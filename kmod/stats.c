// SPDX-License-Identifier: GPL-2.0
/*
 * Packet-path statistics: the per-CPU counters the target and the flow
 * table write, summed for readers, and the input rates derived from them.
 */
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/string.h>
#include "stats.h"

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

void fm_stats_sum(struct fm_cpu_stats __percpu *st, struct fm_cpu_stats *t)
{
	int cpu;

	memset(t, 0, sizeof(*t));
	for_each_possible_cpu(cpu)
		stats_add(t, per_cpu_ptr(st, cpu));
}

void fm_rates_init(struct fm_rate_state *r)
{
	memset(r, 0, sizeof(*r));
	spin_lock_init(&r->lock);
}

/* Everything that reached the meter counts in the rate, metered or not. */
void fm_stats_update_rates(struct fm_cpu_stats __percpu *st, struct fm_rate_state *r)
{
	struct fm_cpu_stats t;
	unsigned long now = jiffies;
	unsigned int ms = jiffies_to_msecs(now - r->last_j);
	u64 pkts, bytes;

	fm_stats_sum(st, &t);
	pkts = t.pkts + t.drop_maxflows + t.drop_alloc;
	bytes = t.bytes + t.drop_bytes;
	if (r->last_j && ms) {
		spin_lock(&r->lock);
		r->now.pkts = div_u64((pkts - r->last_pkts) * 1000, ms);
		r->now.bits = div_u64((bytes - r->last_bytes) * 8000, ms);
		spin_unlock(&r->lock);
	}
	r->last_pkts = pkts;
	r->last_bytes = bytes;
	r->last_j = now;
}

void fm_stats_rates(struct fm_rate_state *r, struct fm_rates *out)
{
	spin_lock(&r->lock);
	*out = r->now;
	spin_unlock(&r->lock);
}
