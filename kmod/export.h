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
#include <linux/workqueue.h>
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

struct fm_net;

struct fm_exporter {
	struct fm_net *fn;		/* whose it is; settings are read there */
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
	struct delayed_work work;	/* the scan, once a second */
	unsigned long scan_at;		/* jiffies: when the next scan is due */
	bool exporting;
	u64 rate_last_bytes;		/* for stats.rate_out */
	unsigned long rate_last_j;
};

/* Readers of an exporter's statistics and sockets take its lock. */
void fm_export_lock(struct fm_exporter *e);
void fm_export_unlock(struct fm_exporter *e);

/* Export every flow of the namespace's table now (flush). */
void fm_export_flush(struct fm_exporter *e);
/* Switch protocol or destinations; pending data leaves the old way first. */
int fm_export_set_protocol(struct fm_exporter *e, int protocol);
int fm_export_set_destinations(struct fm_exporter *e, const struct fm_dest *d, int n);
void fm_export_set_sndbuf(struct fm_exporter *e, int bytes);

/* With the lock held: a NAT event into the PDU being filled. */
void fm_export_nat(struct fm_exporter *e, const struct fm_nat_event *ev);
/* With the lock held: send what the PDU being filled holds. */
void fm_export_send_pending(struct fm_exporter *e);
/*
 * With the lock held: the timeout scan, if it is due. A long holder of the
 * lock (the NAT drain) calls it between budgets, so idle flows leave on
 * time however the scheduler orders the waiters.
 */
void fm_export_scan_if_due(struct fm_exporter *e);
struct fm_table;
/*
 * @t becomes the meter's table; every flow of the one it replaces is
 * exported now and that one is freed. With the meter's lock held.
 */
void fm_export_replace_table(struct fm_exporter *e, struct fm_table *t);
/* With the lock held: the next PDU carries templates (the NAT ones now). */
void fm_export_resend_templates(struct fm_exporter *e);
/* Work that exports (NAT events) runs on the exporters' own workqueue. */
bool fm_export_queue_work(struct work_struct *w);

/* The workqueue and the encoders' tables, at load; freed at unload. */
int fm_export_init(void);
void fm_export_exit(void);
/* A namespace's exporter, with sockets to @d (opened in that namespace). */
int fm_export_net_init(struct fm_net *fn, const struct fm_dest *d, int n);
/* The namespace is going: export what its table holds while it still can. */
void fm_export_net_flush(struct fm_net *fn);
/* Stop, export what is left (lost if it cannot go), close, free. */
void fm_export_net_exit(struct fm_net *fn);

#endif
