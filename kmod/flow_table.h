/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flow tables: the packet path's lookup and insert, the exporter's scan,
 * the control plane's snapshot. One table per namespace's meter.
 */
#ifndef FM_FLOW_TABLE_H
#define FM_FLOW_TABLE_H

#include <linux/types.h>
#include "flow.h"
#include "stats.h"

struct fm_table;

/* The flow slab and the pool of all namespaces; at load. */
int fm_tables_init(unsigned int maxflows_all);
void fm_tables_exit(void);
void fm_tables_set_maxflows_all(unsigned int maxflows);

struct fm_table *fm_table_new(unsigned int hashsize, unsigned int maxflows,
			      struct fm_cpu_stats __percpu *stats);
struct fm_net;
/* The meter's table, made if it has none yet (a rule, hooks). Sleeps. */
struct fm_table *fm_net_table(struct fm_net *fn);
/* After the exporter has taken every flow out. */
void fm_table_free(struct fm_table *t);
/*
 * @t takes over from @old, before it is published: its generation moves on
 * (a dump in progress says it was interrupted), it keeps the peak, and it
 * counts @old's flows as its own until they are out. Returns what _done
 * needs once they are all out (exported and freed).
 */
long fm_table_handover(struct fm_table *t, const struct fm_table *old);
void fm_table_handover_done(struct fm_table *t, const struct fm_table *old,
			    long freed);

/* Bottom halves off, under rcu_read_lock(). */
void fm_table_count(struct fm_table *t, const struct fm_pkt *p);

/* The per-CPU counters the table counts into (its namespace's). */
struct fm_cpu_stats __percpu *fm_table_stats(const struct fm_table *t);
unsigned int fm_table_active(const struct fm_table *t);
unsigned int fm_table_peak(const struct fm_table *t);
size_t fm_flow_size(void);
/* New maxflows (0 = no limit) takes effect for the next new flow. */
void fm_table_set_maxflows(struct fm_table *t, unsigned int maxflows);

/*
 * Walk 1/@slices of the table (the next part each call; all of it when
 * @all), unlink every flow that has ended by the timeouts (every flow when
 * @all), wait for an RCU grace period, and return them as a list through
 * fm_flow.next_dead, for the caller to read and fm_flow_free() one by one.
 * Process context; sleeps.
 */
struct fm_flow *fm_table_expire(struct fm_table *t, bool all, unsigned int slices,
				int inactive_timeout, int active_timeout);
void fm_flow_free(struct fm_flow *f);

/* What a dump may ask for; FM_FILTER_NONE: no address test. */
#define FM_FILTER_NONE	0xff
struct fm_flow_filter {
	u8 family;			/* 0: both */
	u8 proto;			/* 0: any */
	__be16 port;			/* source or destination; 0: any */
	u32 ifindex;			/* in or out; 0: any */
	struct in6_addr src, dst;	/* IPv4 in the first word */
	u8 src_len, dst_len;		/* prefix lengths */
};

/* A flow as a dump shows it: a copy, read under RCU. */
struct fm_flow_view {
	struct fm_flow_key key;
	u32 oif;
	u8 tcp_flags;
	u64 packets, bytes;
	unsigned long first, last;	/* jiffies */
	struct in6_addr nexthop;
};

struct fm_dump_cursor {
	unsigned int bucket;
	unsigned int skip;		/* flows of that bucket shown already */
};

/*
 * Copy up to @max flows matching @m, whole buckets at a time, from @c on
 * (which it moves); 0 when the table is done. A flow is shown once, and
 * every flow that lived through the whole dump is shown, unless the table
 * was flushed meanwhile: fm_table_generation() then differs.
 */
unsigned int fm_table_snapshot(struct fm_table *t, struct fm_dump_cursor *c,
			       const struct fm_flow_filter *m,
			       struct fm_flow_view *v, unsigned int max);
unsigned int fm_table_generation(const struct fm_table *t);

#endif
