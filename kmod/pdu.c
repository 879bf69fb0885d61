// SPDX-License-Identifier: GPL-2.0
/* The PDU buffer the encoders fill, and the clocks their records use. */
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include "pdu.h"

void fm_pdu_begin(struct fm_pdu *p, unsigned int hdrlen)
{
	memset(p->buf, 0, hdrlen);
	p->len = hdrlen;
	p->records = 0;
	p->count = 0;
	p->templates = false;
	p->flows = 0;
	p->nat = 0;
	p->packets = 0;
	p->traffic = 0;
	p->now = jiffies;
	p->now_ms = ktime_to_ms(ktime_get_real());
}

u32 fm_uptime_ms(unsigned long j)
{
	return jiffies_to_msecs(j - INITIAL_JIFFIES);
}

/* Wall-clock ms of jiffies @j, given the PDU's own now. */
u64 fm_real_ms(const struct fm_pdu *p, unsigned long j)
{
	/* 64 bits: a flow may be older than jiffies_to_msecs() can say. */
	return p->now_ms - jiffies64_to_msecs(p->now - j);
}
