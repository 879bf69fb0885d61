// SPDX-License-Identifier: GPL-2.0
/*
 * NetFlow v5: IPv4 only, 32-bit counters, at most 30 records a PDU. A flow
 * whose 64-bit counters do not fit is sent as several records whose sums
 * are exact. IPv6 flows cannot be expressed and are counted instead
 * (ip6tables rules are refused while protocol is 5).
 */
#include <linux/netfilter.h>
#include <linux/timekeeping.h>
#include <flowmeter/wire.h>
#include "export.h"
#include "netflow.h"

static void v5_begin(struct fm_exporter *e)
{
	fm_pdu_begin(e, sizeof(struct nf5_header));
}

static bool v5_add_flow(struct fm_exporter *e, const struct fm_flow *f)
{
	const struct fm_flow_key *k = &f->key;

	if (k->family != NFPROTO_IPV4) {
		e->flows_unexportable++;
		return true;
	}
	if (e->v5_flow != f) {
		e->v5_flow = f;
		e->v5_packets = fm_flow_packets(f);
		e->v5_bytes = fm_flow_bytes(f);
	}
	while (e->v5_packets || e->v5_bytes) {
		struct nf5_record *r;
		u32 pkts, bytes;

		if (e->records == NF5_MAX_RECORDS ||
		    fm_pdu_room(e) < sizeof(*r))
			return false;
		pkts = min_t(u64, e->v5_packets, U32_MAX);
		bytes = min_t(u64, e->v5_bytes, U32_MAX);
		r = (struct nf5_record *)fm_pdu_put(e, sizeof(*r));
		memset(r, 0, sizeof(*r));
		r->srcaddr = k->addr.v4.src;
		r->dstaddr = k->addr.v4.dst;
		r->nexthop = f->nexthop.s6_addr32[0];
		r->input = htons(min_t(u32, k->iif, U16_MAX));
		r->output = htons(min_t(u32, f->oif, U16_MAX));
		r->packets = htonl(pkts);
		r->octets = htonl(bytes);
		r->first = htonl(fm_uptime_ms(f->first));
		r->last = htonl(fm_uptime_ms(f->last));
		r->srcport = k->sport;
		r->dstport = k->dport;
		r->tcp_flags = fm_flow_tcp_flags(f);
		r->protocol = k->proto;
		r->tos = k->tos;
		e->v5_packets -= pkts;
		e->v5_bytes -= bytes;
		e->records++;
		fm_pdu_flow(e, pkts, bytes);
	}
	e->v5_flow = NULL;
	return true;
}

static void v5_finish(struct fm_exporter *e)
{
	struct nf5_header *h = (struct nf5_header *)e->buf;
	u64 ms = e->now_ms;

	h->version = htons(NF5_VERSION);
	h->count = htons(e->records);
	h->sys_uptime = htonl(fm_uptime_ms(e->now));
	h->unix_secs = htonl(div_u64(ms, MSEC_PER_SEC));
	h->unix_nsecs = htonl(do_div(ms, MSEC_PER_SEC) * NSEC_PER_MSEC);
	h->flow_sequence = htonl((u32)e->record_seq);
	h->engine_type = 0;
	h->engine_id = fm_engine_id & 0xff;
	h->sampling = 0;
}

const struct fm_encoder fm_encoder_v5 = {
	.protocol	= 5,
	.begin		= v5_begin,
	.add_flow	= v5_add_flow,
	.finish		= v5_finish,
};
