/* SPDX-License-Identifier: GPL-2.0 */
/* NAT events from conntrack (natevents=1). */
#ifndef FM_NAT_H
#define FM_NAT_H

#include <linux/types.h>

/* Written by the NAT worker under fm_exp.lock; read there for /proc. */
struct fm_nat_stats {
	u64 messages;		/* ctnetlink messages taken from the queue */
	u64 parsed;		/* of those, connection events we could read */
	u64 created;		/* NAT-ed connections created */
	u64 deleted;		/* NAT-ed connections destroyed */
	u64 malformed;		/* messages we could not read */
	u64 recv_errors;
	u64 lost;		/* dropped because the queue was full */
	u64 yields;		/* worker runs that ended on their budget */
};

extern struct fm_nat_stats fm_nat;
extern int fm_nat_queue;	/* bytes of queue between conntrack and us */

int fm_nat_init(void);
void fm_nat_exit(void);
/* Turn events on or off at run time; pending events are exported first. */
int fm_nat_set(int on);
void fm_nat_set_queue(int bytes);
/* With fm_exp.lock held: bytes waiting in the queue, events lost so far. */
int fm_nat_queued(void);
u64 fm_nat_lost(void);

#endif
