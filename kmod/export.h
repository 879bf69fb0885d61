/* SPDX-License-Identifier: GPL-2.0 */
/* The exporter: expired flows -> PDUs -> sockets. Process context only. */
#ifndef FM_EXPORT_H
#define FM_EXPORT_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/netfilter.h>
#include "flow.h"
#include "socket.h"

/* Largest PDU we build, whatever the path MTU (v5 caps itself lower). */
#define FM_PDU_MAX	8192

struct fm_exporter;

/* One NAT translation created or deleted (natevents=1), as conntrack saw it. */
struct fm_nat_event {
	u64 time_ms;			/* wall clock */
	u8 family;			/* NFPROTO_IPV4 / NFPROTO_IPV6 */
	u8 proto;
	u8 event;			/* NAT_EVENT_* */
	__be16 sport, dport;		/* before translation */
	__be16 post_sport, post_dport;	/* after */
	union nf_inet_addr src, dst;
	union nf_inet_addr post_src, post_dst;
};

/*
 * One wire protocol. add_flow and add_nat return false when the PDU has
 * no room; add_nat is NULL where the protocol has no NAT records (v5).
 */
struct fm_encoder {
	int protocol;
	void (*begin)(struct fm_exporter *e);
	bool (*add_flow)(struct fm_exporter *e, const struct fm_flow *f);
	bool (*add_nat)(struct fm_exporter *e, const struct fm_nat_event *ev);
	void (*finish)(struct fm_exporter *e);
};

extern const struct fm_encoder fm_encoder_v5;
extern const struct fm_encoder fm_encoder_v9;
extern const struct fm_encoder fm_encoder_ipfix;

struct fm_exporter {
	struct mutex lock;		/* everything below */
	const struct fm_encoder *enc;
	struct fm_socket socks[FM_MAX_DESTINATIONS];
	int nsocks;
	unsigned int pdu_cap;		/* bytes, from the smallest path MTU */

	/* The PDU being filled. */
	u8 buf[FM_PDU_MAX];
	unsigned int len;		/* 0: no PDU begun */
	unsigned int records;		/* data records in it */
	unsigned int count;		/* v9: all records in it */
	unsigned int set_off;		/* open set's header, 0 if none */
	u16 set_id;
	bool pdu_templates;		/* it carries templates */
	/* What the PDU carries, counted as exported or as lost once sent. */
	unsigned int pdu_flows;		/* flow records */
	unsigned int pdu_nat;		/* NAT event records */
	u64 pdu_packets, pdu_traffic;

	/* Across PDUs. */
	u32 pdu_seq;			/* v9: PDUs sent */
	u64 record_seq;			/* v5 flows / IPFIX data records sent */
	unsigned int pdus_since_templates;
	unsigned long templates_at;	/* jiffies; 0 = never sent */
	unsigned long now;		/* jiffies when the PDU was begun */
	u64 now_ms;			/* wall clock then */
	const struct fm_flow *v5_flow;	/* v5: flow split over PDUs */
	u64 v5_packets, v5_bytes;	/* v5: what is left of it */

	/*
	 * Statistics. A PDU counts as exported when at least one destination
	 * took it and as lost when none did, as in the reference module.
	 */
	u64 pdus;
	u64 pdu_bytes;
	u64 flows;			/* flow records exported */
	u64 packets, traffic;		/* packets and bytes they carried */
	u64 lost_pdus;
	u64 lost_flows;			/* flow records in lost PDUs */
	u64 lost_packets, lost_traffic;
	u64 flows_unexportable;		/* IPv6 flows under v5 */
	u64 templates_sent;
	u64 flows_by_end[6];		/* by FLOW_END_* */
	u64 nat_exported;		/* NAT event records sent */
	u64 nat_export_lost;		/* NAT event records in lost PDUs */
	u64 nat_unexportable;		/* NAT events under v5 */
};

extern struct fm_exporter fm_exp;
/* Export work runs here: unbound, and ours alone, as it sleeps for long. */
extern struct workqueue_struct *fm_export_wq;

/* Export every flow now (sysctl flush). */
void fm_export_flush(void);
/* Switch protocol or destinations; pending data leaves the old way first. */
int fm_export_set_protocol(int protocol);
int fm_export_set_destinations(const struct fm_dest *d, int n);
void fm_export_set_sndbuf(int bytes);
/* With e->lock held: put one NAT event into the PDU being filled. */
void fm_export_nat(struct fm_exporter *e, const struct fm_nat_event *ev);

/* Used by the encoders. */
void fm_pdu_send(struct fm_exporter *e);
void fm_pdu_begin(struct fm_exporter *e, unsigned int hdrlen);
u32 fm_uptime_ms(unsigned long j);
u64 fm_real_ms(unsigned long j, unsigned long now, u64 now_ms);

static inline unsigned int fm_pdu_room(const struct fm_exporter *e)
{
	return e->pdu_cap - e->len;
}

/* A flow record of @packets and @bytes went into the PDU. */
static inline void fm_pdu_flow(struct fm_exporter *e, u64 packets, u64 bytes)
{
	e->pdu_flows++;
	e->pdu_packets += packets;
	e->pdu_traffic += bytes;
}

static inline u8 *fm_pdu_put(struct fm_exporter *e, unsigned int n)
{
	u8 *p = e->buf + e->len;

	e->len += n;
	return p;
}

#endif
