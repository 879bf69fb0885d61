// SPDX-License-Identifier: GPL-2.0
/*
 * NetFlow v9 (RFC 3954) and IPFIX (RFC 7011), the template-based protocols
 * (the tpl_ functions). They differ in header, set ids, time elements and
 * sequence meaning, each said by a variant descriptor; the rest is one
 * encoder: a template is a list of (element, length) and each record is
 * written by walking that same list, so template and data cannot disagree.
 */
#include <linux/cache.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/netfilter.h>
#include <linux/time64.h>
#include <flowmeter/wire.h>
#include "config.h"
#include "export.h"
#include "netns.h"

struct fm_ie {
	u16 id;
	u16 len;
};

struct fm_template {
	u16 id;
	u8 family;
	bool nat;		/* NAT event records, not flows */
	u8 nfields;
	u16 reclen;		/* sum of field lengths, set at init */
	const struct fm_ie *fields;
};

/* What tells v9 and IPFIX apart. */
struct fm_tpl_variant {
	unsigned int hdrlen;
	u16 template_set;
	struct fm_template *templates;	/* NTEMPLATES */
	void (*header)(struct fm_exporter *e);
};

#define TMPL_IPV4	256
#define TMPL_IPV6	257
#define TMPL_NAT4	258
#define TMPL_NAT6	259

/*
 * ICMP type/code is in the destination port (as v5 has it) and again in
 * icmpTypeCode*, where some collectors (nfdump's v9 reader) look for it.
 */
static const struct fm_ie v9_ipv4[] = {
	{ IE_sourceIPv4Address, 4 },
	{ IE_destinationIPv4Address, 4 },
	{ IE_ipNextHopIPv4Address, 4 },
	{ IE_sourceTransportPort, 2 },
	{ IE_destinationTransportPort, 2 },
	{ IE_protocolIdentifier, 1 },
	{ IE_ipClassOfService, 1 },
	{ IE_tcpControlBits, 1 },
	{ IE_ingressInterface, 4 },
	{ IE_egressInterface, 4 },
	{ IE_octetDeltaCount, 8 },
	{ IE_packetDeltaCount, 8 },
	{ IE_icmpTypeCodeIPv4, 2 },
	{ IE_flowStartSysUpTime, 4 },
	{ IE_flowEndSysUpTime, 4 },
};

static const struct fm_ie v9_ipv6[] = {
	{ IE_sourceIPv6Address, 16 },
	{ IE_destinationIPv6Address, 16 },
	{ IE_ipNextHopIPv6Address, 16 },
	{ IE_sourceTransportPort, 2 },
	{ IE_destinationTransportPort, 2 },
	{ IE_protocolIdentifier, 1 },
	{ IE_ipClassOfService, 1 },
	{ IE_tcpControlBits, 1 },
	{ IE_ingressInterface, 4 },
	{ IE_egressInterface, 4 },
	{ IE_octetDeltaCount, 8 },
	{ IE_packetDeltaCount, 8 },
	/* v9 (RFC 3954) has one ICMP_TYPE element for both families. */
	{ IE_icmpTypeCodeIPv4, 2 },
	{ IE_flowStartSysUpTime, 4 },
	{ IE_flowEndSysUpTime, 4 },
};

/* IPFIX: tcpControlBits is 16 bits since RFC 7125; absolute times. */
static const struct fm_ie ipfix_ipv4[] = {
	{ IE_sourceIPv4Address, 4 },
	{ IE_destinationIPv4Address, 4 },
	{ IE_ipNextHopIPv4Address, 4 },
	{ IE_sourceTransportPort, 2 },
	{ IE_destinationTransportPort, 2 },
	{ IE_protocolIdentifier, 1 },
	{ IE_ipClassOfService, 1 },
	{ IE_tcpControlBits, 2 },
	{ IE_ingressInterface, 4 },
	{ IE_egressInterface, 4 },
	{ IE_octetDeltaCount, 8 },
	{ IE_packetDeltaCount, 8 },
	{ IE_icmpTypeCodeIPv4, 2 },
	{ IE_flowStartMilliseconds, 8 },
	{ IE_flowEndMilliseconds, 8 },
	{ IE_flowEndReason, 1 },
};

static const struct fm_ie ipfix_ipv6[] = {
	{ IE_sourceIPv6Address, 16 },
	{ IE_destinationIPv6Address, 16 },
	{ IE_ipNextHopIPv6Address, 16 },
	{ IE_sourceTransportPort, 2 },
	{ IE_destinationTransportPort, 2 },
	{ IE_protocolIdentifier, 1 },
	{ IE_ipClassOfService, 1 },
	{ IE_tcpControlBits, 2 },
	{ IE_ingressInterface, 4 },
	{ IE_egressInterface, 4 },
	{ IE_octetDeltaCount, 8 },
	{ IE_packetDeltaCount, 8 },
	{ IE_icmpTypeCodeIPv6, 2 },
	{ IE_flowStartMilliseconds, 8 },
	{ IE_flowEndMilliseconds, 8 },
	{ IE_flowEndReason, 1 },
};

/*
 * NAT Event Logging (RFC 8158): addresses and ports before and after the
 * translation; v9 and IPFIX alike (v9 collectors that know NEL read the
 * IPFIX element ids).
 */
static const struct fm_ie nat_ipv4[] = {
	{ IE_observationTimeMilliseconds, 8 },
	{ IE_natEvent, 1 },
	{ IE_protocolIdentifier, 1 },
	{ IE_sourceIPv4Address, 4 },
	{ IE_destinationIPv4Address, 4 },
	{ IE_sourceTransportPort, 2 },
	{ IE_destinationTransportPort, 2 },
	{ IE_postNATSourceIPv4Address, 4 },
	{ IE_postNATDestinationIPv4Address, 4 },
	{ IE_postNAPTSourceTransportPort, 2 },
	{ IE_postNAPTDestinationTransportPort, 2 },
};

static const struct fm_ie nat_ipv6[] = {
	{ IE_observationTimeMilliseconds, 8 },
	{ IE_natEvent, 1 },
	{ IE_protocolIdentifier, 1 },
	{ IE_sourceIPv6Address, 16 },
	{ IE_destinationIPv6Address, 16 },
	{ IE_sourceTransportPort, 2 },
	{ IE_destinationTransportPort, 2 },
	{ IE_postNATSourceIPv6Address, 16 },
	{ IE_postNATDestinationIPv6Address, 16 },
	{ IE_postNAPTSourceTransportPort, 2 },
	{ IE_postNAPTDestinationTransportPort, 2 },
};

static u16 fields_len(const struct fm_ie *f, unsigned int n)
{
	u16 len = 0;

	while (n--)
		len += f[n].len;
	return len;
}

#define TEMPLATE(tid, fam, is_nat, arr) \
	{ .id = tid, .family = fam, .nat = is_nat, \
	  .nfields = ARRAY_SIZE(arr), .fields = arr }

/* Flow templates first: the NAT ones are sent only while natevents is on. */
#define NTEMPLATES	4
#define NTEMPLATES_FLOW	2
static struct fm_template v9_templates[NTEMPLATES] __ro_after_init = {
	TEMPLATE(TMPL_IPV4, NFPROTO_IPV4, false, v9_ipv4),
	TEMPLATE(TMPL_IPV6, NFPROTO_IPV6, false, v9_ipv6),
	TEMPLATE(TMPL_NAT4, NFPROTO_IPV4, true, nat_ipv4),
	TEMPLATE(TMPL_NAT6, NFPROTO_IPV6, true, nat_ipv6),
};

static struct fm_template ipfix_templates[NTEMPLATES] __ro_after_init = {
	TEMPLATE(TMPL_IPV4, NFPROTO_IPV4, false, ipfix_ipv4),
	TEMPLATE(TMPL_IPV6, NFPROTO_IPV6, false, ipfix_ipv6),
	TEMPLATE(TMPL_NAT4, NFPROTO_IPV4, true, nat_ipv4),
	TEMPLATE(TMPL_NAT6, NFPROTO_IPV6, true, nat_ipv6),
};

static void put_uint(u8 *p, unsigned int len, u64 v)
{
	while (len--) {
		p[len] = v & 0xff;
		v >>= 8;
	}
}

static void put_field(u8 *p, const struct fm_ie *ie,
		      const struct fm_pdu *pdu, const struct fm_flow *f)
{
	const struct fm_flow_key *k = &f->key;

	switch (ie->id) {
	case IE_sourceIPv4Address:
		memcpy(p, &k->addr.v4.src, 4);
		break;
	case IE_destinationIPv4Address:
		memcpy(p, &k->addr.v4.dst, 4);
		break;
	case IE_sourceIPv6Address:
		memcpy(p, &k->addr.v6.src, 16);
		break;
	case IE_destinationIPv6Address:
		memcpy(p, &k->addr.v6.dst, 16);
		break;
	case IE_ipNextHopIPv4Address:
	case IE_ipNextHopIPv6Address:
		memcpy(p, &f->nexthop, ie->len);
		break;
	case IE_sourceTransportPort:
		memcpy(p, &k->sport, 2);
		break;
	case IE_destinationTransportPort:
		memcpy(p, &k->dport, 2);
		break;
	case IE_icmpTypeCodeIPv4:
	case IE_icmpTypeCodeIPv6:
		if (k->proto == IPPROTO_ICMP || k->proto == IPPROTO_ICMPV6)
			memcpy(p, &k->dport, 2);
		else
			memset(p, 0, 2);
		break;
	case IE_protocolIdentifier:
		*p = k->proto;
		break;
	case IE_ipClassOfService:
		*p = k->tos;
		break;
	case IE_tcpControlBits:
		put_uint(p, ie->len, fm_flow_tcp_flags(f));
		break;
	case IE_ingressInterface:
		put_uint(p, ie->len, k->iif);
		break;
	case IE_egressInterface:
		put_uint(p, ie->len, f->oif);
		break;
	case IE_octetDeltaCount:
		put_uint(p, ie->len, fm_flow_bytes(f));
		break;
	case IE_packetDeltaCount:
		put_uint(p, ie->len, fm_flow_packets(f));
		break;
	case IE_flowStartSysUpTime:
		put_uint(p, ie->len, fm_uptime_ms(f->first));
		break;
	case IE_flowEndSysUpTime:
		put_uint(p, ie->len, fm_uptime_ms(f->last));
		break;
	case IE_flowStartMilliseconds:
		put_uint(p, ie->len, fm_real_ms(pdu, f->first));
		break;
	case IE_flowEndMilliseconds:
		put_uint(p, ie->len, fm_real_ms(pdu, f->last));
		break;
	case IE_flowEndReason:
		*p = fm_flow_end(f);
		break;
	default:
		memset(p, 0, ie->len);
	}
}

static void put_nat_field(u8 *p, const struct fm_ie *ie,
			  const struct fm_nat_event *ev)
{
	switch (ie->id) {
	case IE_observationTimeMilliseconds:
		put_uint(p, ie->len, ev->time_ms);
		break;
	case IE_natEvent:
		*p = ev->event;
		break;
	case IE_protocolIdentifier:
		*p = ev->proto;
		break;
	case IE_sourceIPv4Address:
	case IE_sourceIPv6Address:
		memcpy(p, &ev->src, ie->len);
		break;
	case IE_destinationIPv4Address:
	case IE_destinationIPv6Address:
		memcpy(p, &ev->dst, ie->len);
		break;
	case IE_postNATSourceIPv4Address:
	case IE_postNATSourceIPv6Address:
		memcpy(p, &ev->post_src, ie->len);
		break;
	case IE_postNATDestinationIPv4Address:
	case IE_postNATDestinationIPv6Address:
		memcpy(p, &ev->post_dst, ie->len);
		break;
	case IE_sourceTransportPort:
		memcpy(p, &ev->sport, 2);
		break;
	case IE_destinationTransportPort:
		memcpy(p, &ev->dport, 2);
		break;
	case IE_postNAPTSourceTransportPort:
		memcpy(p, &ev->post_sport, 2);
		break;
	case IE_postNAPTDestinationTransportPort:
		memcpy(p, &ev->post_dport, 2);
		break;
	default:
		memset(p, 0, ie->len);
	}
}

unsigned int fm_ipfix_templates_active(const struct fm_exporter *e)
{
	return READ_ONCE(e->fn->s.natevents) ? NTEMPLATES : NTEMPLATES_FLOW;
}

void fm_ipfix_init(void)
{
	unsigned int i;

	for (i = 0; i < NTEMPLATES; i++) {
		v9_templates[i].reclen = fields_len(v9_templates[i].fields,
						    v9_templates[i].nfields);
		ipfix_templates[i].reclen = fields_len(ipfix_templates[i].fields,
						       ipfix_templates[i].nfields);
	}
}

static void set_close(struct fm_exporter *e)
{
	struct fm_tpl_state *st = &e->st.tpl;
	struct fm_pdu *p = &e->pdu;
	struct flow_set_header *s;

	if (!st->set_off)
		return;
	/* Pad to 32 bits; shorter than any record, so never read as one. */
	while (p->len & 3)
		p->buf[p->len++] = 0;
	s = (struct flow_set_header *)(p->buf + st->set_off);
	s->id = htons(st->set_id);
	s->length = htons(p->len - st->set_off);
	st->set_off = 0;
}

static void set_open(struct fm_exporter *e, u16 id)
{
	e->st.tpl.set_off = e->pdu.len;
	e->st.tpl.set_id = id;
	fm_pdu_put(&e->pdu, sizeof(struct flow_set_header));
}

static bool templates_due(const struct fm_exporter *e)
{
	const struct fm_tpl_state *st = &e->st.tpl;
	unsigned int rate = READ_ONCE(e->fn->s.timeout_rate);

	if (e->want_templates || !st->sent_at ||
	    st->pdus_since >= READ_ONCE(e->fn->s.refresh_rate))
		return true;
	return rate && time_after_eq(jiffies, st->sent_at +
				     (unsigned long)rate * 60 * HZ);
}

static void write_templates(struct fm_exporter *e)
{
	const struct fm_tpl_variant *v = e->enc->tpl;
	unsigned int i, j, n = fm_ipfix_templates_active(e);
	const struct fm_template *t = v->templates;
	struct fm_pdu *p = &e->pdu;

	set_open(e, v->template_set);
	for (i = 0; i < n; i++) {
		u8 *at = fm_pdu_put(p, 4 + 4 * t[i].nfields);

		put_uint(at, 2, t[i].id);
		put_uint(at + 2, 2, t[i].nfields);
		for (j = 0; j < t[i].nfields; j++) {
			put_uint(at + 4 + 4 * j, 2, t[i].fields[j].id);
			put_uint(at + 6 + 4 * j, 2, t[i].fields[j].len);
		}
		p->count++;
	}
	set_close(e);
	p->templates = true;
	e->want_templates = false;
	e->st.tpl.sent_at = jiffies | 1;
	e->st.tpl.pdus_since = 0;
	e->stats.templates_sent++;
}

static void tpl_begin(struct fm_exporter *e)
{
	fm_pdu_begin(&e->pdu, e->enc->tpl->hdrlen);
	e->st.tpl.set_off = 0;
	if (templates_due(e))
		write_templates(e);
}

static const struct fm_template *find_template(const struct fm_exporter *e,
					       bool nat, u8 family)
{
	const struct fm_template *t = e->enc->tpl->templates;
	unsigned int i, n = fm_ipfix_templates_active(e);

	for (i = 0; i < n; i++)
		if (t[i].nat == nat && t[i].family == family)
			return &t[i];
	return NULL;
}

/* Room for one record of @t in the PDU, in a set of its own id; or NULL. */
static u8 *record_start(struct fm_exporter *e, const struct fm_template *t)
{
	struct fm_tpl_state *st = &e->st.tpl;
	struct fm_pdu *p = &e->pdu;
	unsigned int need;

	need = t->reclen + 3;	/* and padding at the set's end */
	if (!st->set_off || st->set_id != t->id)
		need += sizeof(struct flow_set_header);
	if (fm_pdu_room(p) < need)
		return NULL;
	if (st->set_off && st->set_id != t->id)
		set_close(e);
	if (!st->set_off)
		set_open(e, t->id);
	p->records++;
	p->count++;
	return fm_pdu_put(p, t->reclen);
}

static bool tpl_add_flow(struct fm_exporter *e, const struct fm_flow *f)
{
	const struct fm_template *t = find_template(e, false, f->key.family);
	unsigned int i;
	u8 *p;

	if (!t)
		return true;
	p = record_start(e, t);
	if (!p)
		return false;
	for (i = 0; i < t->nfields; i++) {
		put_field(p, &t->fields[i], &e->pdu, f);
		p += t->fields[i].len;
	}
	fm_pdu_flow(&e->pdu, fm_flow_packets(f), fm_flow_bytes(f));
	return true;
}

static bool tpl_add_nat(struct fm_exporter *e, const struct fm_nat_event *ev)
{
	const struct fm_template *t = find_template(e, true, ev->family);
	unsigned int i;
	u8 *p;

	if (!t)
		return true;
	p = record_start(e, t);
	if (!p)
		return false;
	for (i = 0; i < t->nfields; i++) {
		put_nat_field(p, &t->fields[i], ev);
		p += t->fields[i].len;
	}
	return true;
}

static void tpl_finish(struct fm_exporter *e)
{
	set_close(e);
	e->enc->tpl->header(e);
	e->st.tpl.pdus_since++;
}

static void ipfix_header(struct fm_exporter *e)
{
	struct ipfix_header *h = (struct ipfix_header *)e->pdu.buf;

	h->version = htons(IPFIX_VERSION);
	h->length = htons(e->pdu.len);
	h->export_time = htonl(div_u64(e->pdu.now_ms, MSEC_PER_SEC));
	h->sequence = htonl((u32)e->record_seq);
	h->domain_id = htonl(READ_ONCE(e->fn->s.engine_id));
}

static void v9_header(struct fm_exporter *e)
{
	struct nf9_header *h = (struct nf9_header *)e->pdu.buf;

	h->version = htons(NF9_VERSION);
	h->count = htons(e->pdu.count);
	h->sys_uptime = htonl(fm_uptime_ms(e->pdu.now));
	h->unix_secs = htonl(div_u64(e->pdu.now_ms, MSEC_PER_SEC));
	h->sequence = htonl(e->pdu_seq);
	h->source_id = htonl(READ_ONCE(e->fn->s.engine_id));
}

static const struct fm_tpl_variant v9_variant = {
	.hdrlen		= sizeof(struct nf9_header),
	.template_set	= NF9_TEMPLATE_SET,
	.templates	= v9_templates,
	.header		= v9_header,
};

static const struct fm_tpl_variant ipfix_variant = {
	.hdrlen		= sizeof(struct ipfix_header),
	.template_set	= IPFIX_TEMPLATE_SET,
	.templates	= ipfix_templates,
	.header		= ipfix_header,
};

const struct fm_encoder fm_encoder_v9 = {
	.protocol	= NF9_VERSION,
	.begin		= tpl_begin,
	.add_flow	= tpl_add_flow,
	.add_nat	= tpl_add_nat,
	.finish		= tpl_finish,
	.tpl		= &v9_variant,
};

const struct fm_encoder fm_encoder_ipfix = {
	.protocol	= IPFIX_VERSION,
	.begin		= tpl_begin,
	.add_flow	= tpl_add_flow,
	.add_nat	= tpl_add_nat,
	.finish		= tpl_finish,
	.tpl		= &ipfix_variant,
};
