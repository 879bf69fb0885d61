/* SPDX-License-Identifier: GPL-2.0 */
/* Shared state of ipt_NETFLOW: configuration, counters, init/exit steps. */
#ifndef FM_NETFLOW_H
#define FM_NETFLOW_H

#include <linux/limits.h>
#include <linux/percpu.h>
#include <linux/types.h>
#include "destination.h"

#define FM_NAME "ipt_NETFLOW"

/* Configuration: module parameters, later changed through sysctl. */
extern int fm_protocol;
extern int fm_active_timeout;		/* seconds */
extern int fm_inactive_timeout;		/* seconds */
extern unsigned int fm_hashsize;	/* buckets, power of two */
extern unsigned int fm_maxflows;	/* 0 = unlimited */
extern int fm_sndbuf;			/* 0 = socket default */
extern unsigned int fm_refresh_rate;	/* PDUs between templates */
extern unsigned int fm_timeout_rate;	/* minutes between templates */
extern unsigned int fm_engine_id;
extern int fm_natevents;
extern struct fm_dest fm_dests[FM_MAX_DESTINATIONS];
extern int fm_ndests;

/*
 * Timeouts are kept in jiffies and reported in milliseconds: at most what
 * an int of milliseconds holds (24 days), which any HZ on any word size
 * turns into jiffies without overflow.
 */
#define FM_TIMEOUT_MAX		(INT_MAX / 1000)
#define FM_TIMEOUT_RATE_MAX	(FM_TIMEOUT_MAX / 60)	/* minutes */

int fm_config_init(void);
void fm_config_exit(void);

/*
 * Per-CPU packet counters. Only the CPU that owns a slot writes it, with
 * bottom halves off (ip(6)t_do_table disables them), so no atomics.
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

DECLARE_PER_CPU(struct fm_cpu_stats, fm_stats);

#define fm_stat_add(field, n) __this_cpu_add(fm_stats.field, (n))
#define fm_stat_inc(field) fm_stat_add(field, 1)

void fm_stats_sum(struct fm_cpu_stats *t);
/* Updated once a second by the exporter. */
extern u64 fm_rate_pkts, fm_rate_bits, fm_rate_out;

int fm_target_init(void);
void fm_target_exit(void);
int fm_proc_init(void);
void fm_proc_exit(void);
int fm_sysctl_init(void);
void fm_sysctl_exit(void);
void fm_sysctl_set_dest_str(const char *s);
int fm_table_init(void);
void fm_table_exit(void);
int fm_export_init(void);
void fm_export_exit(void);

#endif
