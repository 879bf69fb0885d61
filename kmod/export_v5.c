// SPDX-License-Identifier: GPL-2.0
/*
 * NetFlow v5: IPv4 only, 32-bit counters, at most 30 records a PDU. A flow
 * whose 64-bit counters do not fit is sent as several records whose sums
 * are exact. IPv6 flows cannot be expressed and are counted instead
 * (ip6tables rules are refused while protocol is 5).
 */
#include <linux/math64.h>
#include <linux/netfilter.h>
#include <linux/time64.h>
#include <flowmeter/wire.h>
#include "config.h"
#include "export.h"
#include "netns.h"

static void v5_begin(struct fm_exporter *e)
{
	fm_pdu_begin(&e->pdu, sizeof(struct nf5_header));
}

static bool v5_add_flow(struct fm_exporter *e, const struct fm_flow *f)
{
	const struct fm_flow_key *k = &f->key;
	struct fm_v5_state *st = &e->st.v5;
	struct fm_pdu *p = &e->pdu;

	if (k->family != NFPROTO_IPV4) {
		e->stats.flows_unexportable++;
		return true;
	}
	if (st->flow != f) {
		st->flow = f;
		st->packets = fm_flow_packets(f);
		st->bytes = fm_flow_bytes(f);
	}
	while (st->packets || st->bytes) {
		struct nf5_record *r;
		u32 pkts, bytes;

		if (p->records == NF5_MAX_RECORDS ||
		    fm_pdu_room(p) < sizeof(*r))
			return false;
		pkts = min_t(u64, st->packets, U32_MAX);
		bytes = min_t(u64, st->bytes, U32_MAX);
		r = (struct nf5_record *)fm_pdu_put(p, sizeof(*r));
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
		st->packets -= pkts;
		st->bytes -= bytes;
		p->records++;
		fm_pdu_flow(p, pkts, bytes);
	}
	st->flow = NULL;
	return true;
}

static void v5_finish(struct fm_exporter *e)
{
	struct nf5_header *h = (struct nf5_header *)e->pdu.buf;
	u64 ms = e->pdu.now_ms;

	h->version = htons(NF5_VERSION);
	h->count = htons(e->pdu.records);
	h->sys_uptime = htonl(fm_uptime_ms(e->pdu.now));
	h->unix_secs = htonl(div_u64(ms, MSEC_PER_SEC));
	h->unix_nsecs = htonl(do_div(ms, MSEC_PER_SEC) * NSEC_PER_MSEC);
	h->flow_sequence = htonl((u32)e->record_seq);
	h->engine_type = 0;
	h->engine_id = READ_ONCE(e->fn->s.engine_id) & 0xff;
	h->sampling = 0;
}

const struct fm_encoder fm_encoder_v5 = {
	.protocol	= NF5_VERSION,
	.begin		= v5_begin,
	.add_flow	= v5_add_flow,
	.finish		= v5_finish,
};
