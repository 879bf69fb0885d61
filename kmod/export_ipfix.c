// SPDX-License-Identifier: GPL-2.0
/*
 * NetFlow v9 (RFC 3954) and IPFIX (RFC 7011). Both are template-driven and
 * differ in header, set ids, time elements and sequence meaning, so one
 * encoder serves both: a template is a list of (element, length) and each
 * record is written by walking that same list, so template and data cannot
 * disagree.
 */
#include <linux/jiffies.h>
#include <linux/netfilter.h>
#include <flowmeter/wire.h>
#include "export.h"
#include "netflow.h"

struct fm_ie {
	u16 id;
	u16 len;
};

struct fm_template {
	u16 id;
	u8 family;
	bool nat;		/* NAT event records, not flows */
	u8 nfields;
	u16 reclen;		/* sum of field lengths */
	const struct fm_ie *fields;
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
static struct fm_template v9_templates[] = {
	TEMPLATE(TMPL_IPV4, NFPROTO_IPV4, false, v9_ipv4),
	TEMPLATE(TMPL_IPV6, NFPROTO_IPV6, false, v9_ipv6),
	TEMPLATE(TMPL_NAT4, NFPROTO_IPV4, true, nat_ipv4),
	TEMPLATE(TMPL_NAT6, NFPROTO_IPV6, true, nat_ipv6),
};

static struct fm_template ipfix_templates[] = {
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
		      const struct fm_exporter *e, const struct fm_flow *f)
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
		put_uint(p, ie->len, fm_real_ms(f->first, e->now, e->now_ms));
		break;
	case IE_flowEndMilliseconds:
		put_uint(p, ie->len, fm_real_ms(f->last, e->now, e->now_ms));
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

static bool is_ipfix(const struct fm_exporter *e)
{
	return e->enc->protocol == 10;
}

static struct fm_template *templates(const struct fm_exporter *e,
				     unsigned int *n)
{
	*n = READ_ONCE(fm_natevents) ? 4 : 2;
	return is_ipfix(e) ? ipfix_templates : v9_templates;
}

static void set_close(struct fm_exporter *e)
{
	struct flow_set_header *s;

	if (!e->set_off)
		return;
	/* Pad to 32 bits; shorter than any record, so never read as one. */
	while (e->len & 3)
		e->buf[e->len++] = 0;
	s = (struct flow_set_header *)(e->buf + e->set_off);
	s->id = htons(e->set_id);
	s->length = htons(e->len - e->set_off);
	e->set_off = 0;
}

static void set_open(struct fm_exporter *e, u16 id)
{
	e->set_off = e->len;
	e->set_id = id;
	fm_pdu_put(e, sizeof(struct flow_set_header));
}

static bool templates_due(const struct fm_exporter *e)
{
	if (!e->templates_at || e->pdus_since_templates >= fm_refresh_rate)
		return true;
	return fm_timeout_rate &&
	       time_after_eq(jiffies, e->templates_at +
			     (unsigned long)fm_timeout_rate * 60 * HZ);
}

static void write_templates(struct fm_exporter *e)
{
	unsigned int i, j, n;
	struct fm_template *t = templates(e, &n);

	set_open(e, is_ipfix(e) ? IPFIX_TEMPLATE_SET : NF9_TEMPLATE_SET);
	for (i = 0; i < n; i++) {
		u8 *p = fm_pdu_put(e, 4 + 4 * t[i].nfields);

		put_uint(p, 2, t[i].id);
		put_uint(p + 2, 2, t[i].nfields);
		for (j = 0; j < t[i].nfields; j++) {
			put_uint(p + 4 + 4 * j, 2, t[i].fields[j].id);
			put_uint(p + 6 + 4 * j, 2, t[i].fields[j].len);
		}
		e->count++;
	}
	set_close(e);
	e->pdu_templates = true;
	e->templates_at = jiffies | 1;
	e->pdus_since_templates = 0;
	e->templates_sent++;
}

static void tf_begin(struct fm_exporter *e)
{
	fm_pdu_begin(e, is_ipfix(e) ? sizeof(struct ipfix_header) :
				      sizeof(struct nf9_header));
	if (templates_due(e))
		write_templates(e);
}

static struct fm_template *find_template(struct fm_exporter *e, bool nat,
					 u8 family)
{
	unsigned int i, n;
	struct fm_template *t = templates(e, &n);

	for (i = 0; i < n; i++)
		if (t[i].nat == nat && t[i].family == family)
			return &t[i];
	return NULL;
}

/* Room for one record of @t in the PDU, in a set of its own id; or NULL. */
static u8 *record_start(struct fm_exporter *e, struct fm_template *t)
{
	unsigned int need;

	if (!t->reclen)
		t->reclen = fields_len(t->fields, t->nfields);
	need = t->reclen + 3;	/* and padding at the set's end */
	if (!e->set_off || e->set_id != t->id)
		need += sizeof(struct flow_set_header);
	if (fm_pdu_room(e) < need)
		return NULL;
	if (e->set_off && e->set_id != t->id)
		set_close(e);
	if (!e->set_off)
		set_open(e, t->id);
	e->records++;
	e->count++;
	return fm_pdu_put(e, t->reclen);
}

static bool tf_add_flow(struct fm_exporter *e, const struct fm_flow *f)
{
	struct fm_template *t = find_template(e, false, f->key.family);
	unsigned int i;
	u8 *p;

	if (!t)
		return true;
	p = record_start(e, t);
	if (!p)
		return false;
	for (i = 0; i < t->nfields; i++) {
		put_field(p, &t->fields[i], e, f);
		p += t->fields[i].len;
	}
	fm_pdu_flow(e, fm_flow_packets(f), fm_flow_bytes(f));
	return true;
}

static bool tf_add_nat(struct fm_exporter *e, const struct fm_nat_event *ev)
{
	struct fm_template *t = find_template(e, true, ev->family);
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

static void tf_finish(struct fm_exporter *e)
{
	set_close(e);
	if (is_ipfix(e)) {
		struct ipfix_header *h = (struct ipfix_header *)e->buf;

		h->version = htons(IPFIX_VERSION);
		h->length = htons(e->len);
		h->export_time = htonl(div_u64(e->now_ms, MSEC_PER_SEC));
		h->sequence = htonl((u32)e->record_seq);
		h->domain_id = htonl(fm_engine_id);
	} else {
		struct nf9_header *h = (struct nf9_header *)e->buf;

		h->version = htons(NF9_VERSION);
		h->count = htons(e->count);
		h->sys_uptime = htonl(fm_uptime_ms(e->now));
		h->unix_secs = htonl(div_u64(e->now_ms, MSEC_PER_SEC));
		h->sequence = htonl(e->pdu_seq);
		h->source_id = htonl(fm_engine_id);
	}
}

const struct fm_encoder fm_encoder_v9 = {
	.protocol	= 9,
	.begin		= tf_begin,
	.add_flow	= tf_add_flow,
	.add_nat	= tf_add_nat,
	.finish		= tf_finish,
};

const struct fm_encoder fm_encoder_ipfix = {
	.protocol	= 10,
	.begin		= tf_begin,
	.add_flow	= tf_add_flow,
	.add_nat	= tf_add_nat,
	.finish		= tf_finish,
};
