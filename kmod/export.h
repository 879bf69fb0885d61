/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exporter: ended flows and NAT events -> PDUs -> sockets, in process
 * context only. Its API for the rest of the module, and the interface an
 * encoder (export_v5.c, export_ipfix.c) implements.
 */
#ifndef FM_EXPORT_H
#define FM_EXPORT_H

#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/types.h>
#include "export_ipfix.h"
#include "export_v5.h"
#include "flow.h"
#include "pdu.h"
#include "socket.h"

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

struct fm_exporter;

/*
 * One wire protocol. add_flow and add_nat return false when the PDU has
 * no room; add_nat is NULL where the protocol has no NAT records (v5).
 * begin starts a PDU, finish writes its header.
 */
struct fm_encoder {
	int protocol;			/* NF5_VERSION, NF9_VERSION, IPFIX_VERSION */
	void (*begin)(struct fm_exporter *e);
	bool (*add_flow)(struct fm_exporter *e, const struct fm_flow *f);
	bool (*add_nat)(struct fm_exporter *e, const struct fm_nat_event *ev);
	void (*finish)(struct fm_exporter *e);
	const struct fm_tpl_variant *tpl;	/* template-based ones */
};

/*
 * A PDU counts as exported when at least one destination took it and as
 * lost when none did, as in the reference module.
 */
struct fm_export_stats {
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
	u64 rate_out;			/* bytes per second sent, last second */
};

struct fm_exporter {
	struct mutex lock;		/* everything below */
	const struct fm_encoder *enc;
	struct fm_socket socks[FM_MAX_DESTINATIONS];
	int nsocks;
	struct fm_pdu pdu;		/* the one being filled */
	/* What the encoder keeps across PDUs; its own, by protocol. */
	union {
		struct fm_v5_state v5;
		struct fm_tpl_state tpl;
	} st;
	bool want_templates;		/* a collector needs them next */
	u32 pdu_seq;			/* PDUs sent */
	u64 record_seq;			/* v5 flows / IPFIX data records sent */
	struct fm_export_stats stats;
};

/* The one exporter; readers of its statistics take its lock. */
extern struct fm_exporter fm_exp;

void fm_export_lock(void);
void fm_export_unlock(void);

/* Export every flow now (sysctl flush). */
void fm_export_flush(void);
/* Switch protocol or destinations; pending data leaves the old way first. */
int fm_export_set_protocol(int protocol);
int fm_export_set_destinations(const struct fm_dest *d, int n);
void fm_export_set_sndbuf(int bytes);

/* With the lock held: a NAT event into the PDU being filled. */
void fm_export_nat(const struct fm_nat_event *ev);
/* With the lock held: send what the PDU being filled holds. */
void fm_export_send_pending(void);
/* With the lock held: the next PDU carries templates (the NAT ones now). */
void fm_export_resend_templates(void);
/* Work that exports (NAT events) runs on the exporter's own workqueue. */
bool fm_export_queue_work(struct work_struct *w);

int fm_export_init(void);
/* After the target is gone: export everything still counted, then close. */
void fm_export_exit(void);

#endif
