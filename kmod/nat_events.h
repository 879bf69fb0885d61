/* SPDX-License-Identifier: GPL-2.0 */
/* NAT events from a namespace's conntrack (natevents=1). */
#ifndef FM_NAT_EVENTS_H
#define FM_NAT_EVENTS_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>

/* Written by the NAT worker under the export lock; read there for /proc. */
struct fm_nat_stats {
	u64 created;		/* NAT-ed connections created */
	u64 deleted;		/* NAT-ed connections destroyed */
	u64 malformed;		/* messages we could not read */
	u64 recv_errors;	/* reads of the queue that failed */
	u64 yields;		/* worker runs that ended on their budget */
};

struct fm_net;
struct socket;

struct fm_nat {
	struct fm_net *fn;
	struct mutex lock;		/* on and off */
	struct socket *sock;		/* NULL while off; the export lock keeps it */
	u8 *buf;
	struct work_struct work;
	u32 drops_base;			/* sk_drops when the socket was opened */
	u64 lost_before;		/* by sockets closed before it */
	struct fm_nat_stats stats;
};

int fm_nat_net_init(struct fm_net *fn);
/* Off (what was queued is exported), then freed. */
void fm_nat_net_exit(struct fm_net *fn);
/* Turn events on or off at run time; pending events are exported first. */
/* Load ctnetlink now, outside any namespace's init (nat_events.c). */
void fm_nat_preload(void);
int fm_nat_set(struct fm_net *fn, int on);
void fm_nat_set_queue(struct fm_net *fn, int bytes);
/* With the export lock held: bytes waiting in the queue, events lost so far. */
int fm_nat_queued(const struct fm_net *fn);
u64 fm_nat_lost(const struct fm_net *fn);

#endif
