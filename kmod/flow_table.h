/* SPDX-License-Identifier: GPL-2.0 */
/* The flow table: the packet path's lookup and insert, the exporter's scan. */
#ifndef FM_FLOW_TABLE_H
#define FM_FLOW_TABLE_H

#include <linux/types.h>
#include "flow.h"

/* Bottom halves off, under rcu_read_lock(). */
void fm_table_count(const struct fm_pkt *p);
unsigned int fm_table_active(void);
unsigned int fm_table_peak(void);
size_t fm_flow_size(void);
/* New maxflows (0 = no limit) takes effect for the next new flow. */
void fm_table_set_maxflows(unsigned int maxflows);

/*
 * Walk 1/@slices of the table (the next part each call; all of it when
 * @all), unlink every flow that has ended by the timeouts (every flow when
 * @all), wait for an RCU grace period, and return them as a list through
 * fm_flow.next_dead, for the caller to read and fm_flow_free() one by one.
 * Process context; sleeps.
 */
struct fm_flow *fm_table_expire(bool all, unsigned int slices);
void fm_flow_free(struct fm_flow *f);

int fm_table_init(void);
/* After the exporter has taken every flow out. */
void fm_table_exit(void);

#endif
