/* SPDX-License-Identifier: GPL-2.0 */
/* NAT events from conntrack (natevents=1). */
#ifndef FM_NAT_EVENTS_H
#define FM_NAT_EVENTS_H

#include <linux/types.h>

/* Written by the NAT worker under the export lock; read there for /proc. */
struct fm_nat_stats {
	u64 created;		/* NAT-ed connections created */
	u64 deleted;		/* NAT-ed connections destroyed */
	u64 malformed;		/* messages we could not read */
	u64 recv_errors;	/* reads of the queue that failed */
	u64 yields;		/* worker runs that ended on their budget */
};

extern struct fm_nat_stats fm_nat;
extern int fm_nat_queue;	/* bytes of queue between conntrack and us */

int fm_nat_init(void);
void fm_nat_exit(void);
/* Turn events on or off at run time; pending events are exported first. */
int fm_nat_set(int on);
void fm_nat_set_queue(int bytes);
/* With the export lock held: bytes waiting in the queue, events lost so far. */
int fm_nat_queued(void);
u64 fm_nat_lost(void);

#endif
