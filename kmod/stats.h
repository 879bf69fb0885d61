/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet-path statistics: per-CPU counters (one set per namespace's meter),
 * their sum, and the input rates /proc shows.
 */
#ifndef FM_STATS_H
#define FM_STATS_H

#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/*
 * Only the CPU that owns a slot writes it, with bottom halves off (the
 * target and the hooks make sure of that), so no atomics.
 */
struct fm_cpu_stats {
	u64 pkts;		/* packets metered into a flow */
	u64 bytes;
	u64 searched;		/* hash chain steps */
	u64 new_flows;
	u64 drop_maxflows;	/* packets not metered: maxflows reached */
	u64 drop_alloc;		/* packets not metered: allocation failed */
	u64 drop_bytes;		/* bytes of both kinds above */
	u64 frags;		/* non-first fragments, metered without ports */
	u64 truncated;		/* headers cut short, metered from what's there */
	u64 unknown_l4;		/* protocols without ports we know */
};

#define fm_stat_add(st, field, n) __this_cpu_add((st)->field, (n))
#define fm_stat_inc(st, field) fm_stat_add(st, field, 1)

void fm_stats_sum(struct fm_cpu_stats __percpu *st, struct fm_cpu_stats *t);

/* Packets and bits per second seen, over the last interval. */
struct fm_rates {
	u64 pkts, bits;
};

struct fm_rate_state {
	spinlock_t lock;
	struct fm_rates now;
	u64 last_pkts, last_bytes;
	unsigned long last_j;
};

void fm_rates_init(struct fm_rate_state *r);
/* Once a second, from the exporter's worker. */
void fm_stats_update_rates(struct fm_cpu_stats __percpu *st, struct fm_rate_state *r);
void fm_stats_rates(struct fm_rate_state *r, struct fm_rates *out);

#endif
