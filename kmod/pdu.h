/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PDU being filled: a buffer as large as the path MTU allows, and what
 * it carries (so a PDU no collector took can be counted as lost). The
 * encoders write into it; the exporter sends it.
 */
#ifndef FM_PDU_H
#define FM_PDU_H

#include <linux/types.h>

/* Largest PDU we build, whatever the path MTU (v5 caps itself lower). */
#define FM_PDU_MAX	8192

struct fm_pdu {
	u8 buf[FM_PDU_MAX];
	unsigned int len;		/* 0: no PDU begun */
	unsigned int cap;		/* bytes, from the smallest path MTU */
	unsigned int records;		/* data records */
	unsigned int count;		/* v9: every record, templates too */
	bool templates;			/* it carries templates */
	unsigned int flows;		/* flow records */
	unsigned int nat;		/* NAT event records */
	u64 packets, traffic;		/* what its flow records count */
	unsigned long now;		/* jiffies when it was begun */
	u64 now_ms;			/* wall clock then */
};

/* Empty it and reserve @hdrlen bytes of header; its records' times are now. */
void fm_pdu_begin(struct fm_pdu *p, unsigned int hdrlen);

static inline unsigned int fm_pdu_room(const struct fm_pdu *p)
{
	return p->cap - p->len;
}

static inline u8 *fm_pdu_put(struct fm_pdu *p, unsigned int n)
{
	u8 *at = p->buf + p->len;

	p->len += n;
	return at;
}

/* A flow record of @packets and @bytes went in. */
static inline void fm_pdu_flow(struct fm_pdu *p, u64 packets, u64 bytes)
{
	p->flows++;
	p->packets += packets;
	p->traffic += bytes;
}

/* Times as the protocols want them. */
u32 fm_uptime_ms(unsigned long j);			/* since boot */
u64 fm_real_ms(const struct fm_pdu *p, unsigned long j); /* wall clock */

#endif
