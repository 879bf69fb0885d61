// SPDX-License-Identifier: GPL-2.0
/*
 * Datagram parsing. Every length is checked against what is left before it
 * is used: a datagram is at most 64 KiB and nothing here allocates in
 * proportion to what a packet claims, only to templates (capped).
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "decode.h"
#include "templates.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Big-endian unsigned of 1..8 bytes (reduced-size encoding, RFC 7011 6.2). */
static uint64_t getn(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	/* The sizes templates use, without a loop. */
	switch (n) {
	case 1:
		return p[0];
	case 2:
		return get16(p);
	case 4:
		return get32(p);
	case 8:
		memcpy(&v, p, 8);
		return __builtin_bswap64(v);
	}
	if (n > 8) {
		p += n - 8;
		n = 8;
	}
	while (n--)
		v = v << 8 | *p++;
	return v;
}

static void count_err(struct fm_decoder *d, struct fm_sender *e, enum fm_err err)
{
	if (e)
		e->errors[err]++;
	else
		d->errors[err]++;
}

static struct fm_domain *domain_get(struct fm_sender *e, uint8_t version,
				    uint32_t id)
{
	struct fm_domain *dm;

	for (dm = e->domains; dm; dm = dm->next)
		if (dm->id == id && dm->version == version)
			return dm;
	dm = calloc(1, sizeof(*dm));
	if (!dm)
		return NULL;
	dm->id = id;
	dm->version = version;
	dm->next = e->domains;
	e->domains = dm;
	return dm;
}

/* A sequence number arrived; @advance is what the next one should add. */
static void sequence(struct fm_sender *e, struct fm_domain *dm, uint32_t seq,
		     uint32_t advance)
{
	if (!dm)
		return;
	if (dm->have_seq && seq != dm->next_seq) {
		uint32_t missing = seq - dm->next_seq;

		e->seq_gaps++;
		/* A restart or reordering looks like a huge jump: not a loss. */
		if (missing < 0x80000000u)
			e->seq_missing += missing;
	}
	dm->have_seq = true;
	dm->next_seq = seq + advance;
}

static uint32_t sampling_of(struct fm_decoder *d, struct fm_sender *e,
			    struct fm_domain *dm)
{
	if (e->sampling_override)
		return e->sampling_override;
	if (dm && dm->sampling)
		return dm->sampling;
	return d->o.default_sampling;
}

static void renormalise(struct fm_rec *r, uint32_t sampling)
{
	r->sampling = sampling;
	if (sampling > 1) {
		r->bytes *= sampling;
		r->packets *= sampling;
	}
}

/* ---- NetFlow v1, v5, v7: fixed records ---- */

/*
 * wire.h has v5, which the module sends. v1's header is v5's first 16
 * bytes and its record v5's up to the ports, then protocol, tos and flags
 * in other places and no AS; v7's header is v5's size and its record is
 * v5's with a router address after it.
 */
struct nf1_record {
	__u8 as_v5[offsetof(struct nf5_record, pad1)];	/* srcaddr .. dstport */
	__be16 pad1;
	__u8 protocol;
	__u8 tos;
	__u8 tcp_flags;
	__u8 pad2[7];
} __packed;

struct nf7_record {
	struct nf5_record v5;
	__be32 router_sc;
} __packed;

#define NF1_HEADER_LEN	offsetof(struct nf5_header, flow_sequence)

_Static_assert(sizeof(struct nf1_record) == 48, "NetFlow v1 record");
_Static_assert(sizeof(struct nf5_record) == 48, "NetFlow v5 record");
_Static_assert(sizeof(struct nf7_record) == 52, "NetFlow v7 record");

static void put_v4(struct fm_addr *a, __be32 v)
{
	a->family = AF_INET;
	memcpy(a->a, &v, 4);
}

/* One fixed record; @now_ms and @uptime from the header place its times. */
static void legacy_record(struct fm_rec *r, unsigned int version, const uint8_t *q,
			  uint64_t now_ms, uint32_t uptime)
{
	const struct nf5_record *v5 = (const void *)q;

	put_v4(&r->src, v5->srcaddr);
	put_v4(&r->dst, v5->dstaddr);
	put_v4(&r->nexthop, v5->nexthop);
	r->in_if = ntohs(v5->input);
	r->out_if = ntohs(v5->output);
	r->packets = ntohl(v5->packets);
	r->bytes = ntohl(v5->octets);
	r->start_ms = now_ms - (uint32_t)(uptime - ntohl(v5->first));
	r->end_ms = now_ms - (uint32_t)(uptime - ntohl(v5->last));
	r->sport = ntohs(v5->srcport);
	r->dport = ntohs(v5->dstport);
	if (version == 1) {
		const struct nf1_record *v1 = (const void *)q;

		r->proto = v1->protocol;
		r->tos = v1->tos;
		r->tcp_flags = v1->tcp_flags;
	} else {
		r->tcp_flags = v5->tcp_flags;
		r->proto = v5->protocol;
		r->tos = v5->tos;
		r->src_as = ntohs(v5->src_as);
		r->dst_as = ntohs(v5->dst_as);
		r->has |= FM_HAS_AS;
	}
	r->has |= FM_HAS_SRC | FM_HAS_DST | FM_HAS_PORTS | FM_HAS_PROTO |
		  FM_HAS_BYTES | FM_HAS_PACKETS | FM_HAS_IF |
		  FM_HAS_TIMES | FM_HAS_NEXTHOP;
}

static int decode_legacy(struct fm_decoder *d, struct fm_sender *e,
			 const uint8_t *p, size_t len, fm_rec_fn fn, void *ctx)
{
	const struct nf5_header *h = (const void *)p;
	unsigned int version = ntohs(h->version), count, i;
	size_t hlen, rlen;
	uint32_t uptime, sampling = 0;
	uint64_t now_ms;
	struct fm_domain *dm = NULL;
	struct fm_rec r;

	switch (version) {
	case 1:
		hlen = NF1_HEADER_LEN, rlen = sizeof(struct nf1_record);
		break;
	case NF5_VERSION:
		hlen = sizeof(struct nf5_header), rlen = sizeof(struct nf5_record);
		break;
	default:
		hlen = sizeof(struct nf5_header), rlen = sizeof(struct nf7_record);
	}
	if (len < hlen) {
		count_err(d, e, FM_ERR_SHORT_HEADER);
		return -1;
	}
	/* v5's limit, the largest of the three, for all of them. */
	count = ntohs(h->count);
	if (count == 0 || count > NF5_MAX_RECORDS || len < hlen + count * rlen) {
		count_err(d, e, FM_ERR_BAD_LENGTH);
		return -1;
	}
	uptime = ntohl(h->sys_uptime);
	now_ms = (uint64_t)ntohl(h->unix_secs) * 1000 + ntohl(h->unix_nsecs) / 1000000;
	if (version != 1) {
		uint32_t engine = version == NF5_VERSION ?
				  (uint32_t)h->engine_type << 8 | h->engine_id : 0;

		dm = domain_get(e, version, engine);
		sequence(e, dm, ntohl(h->flow_sequence), count);
		if (version == NF5_VERSION) {
			/* Low 14 bits: 1 packet in N; the mode bits say how. */
			sampling = ntohs(h->sampling) & 0x3fff;
			if (dm)
				dm->sampling = sampling > 1 ? sampling : 0;
		}
	}
	sampling = sampling_of(d, e, dm);
	for (i = 0; i < count; i++) {
		memset(&r, 0, sizeof(r));
		r.kind = FM_REC_FLOW;
		r.version = version;
		r.sender = e->addr;
		legacy_record(&r, version, p + hlen + i * rlen, now_ms, uptime);
		r.flows = 1;
		r.domain = dm ? dm->id : 0;
		renormalise(&r, sampling);
		e->records++;
		fn(&r, ctx);
	}
	return count;
}

/* ---- v9 and IPFIX ---- */

struct tf_ctx {
	struct fm_decoder *d;
	struct fm_sender *e;
	struct fm_domain *dm;
	uint8_t version;
	uint32_t domain;
	uint64_t now_ms;	/* from the header: export time */
	uint32_t uptime;	/* v9: sys_uptime in the header */
	uint64_t arrival_ms;
	unsigned int records;	/* data records, for the IPFIX sequence */
	fm_rec_fn fn;
	void *ctx;
};

static void put_addr(struct fm_addr *a, const uint8_t *v, unsigned int len)
{
	if (len == 4) {
		a->family = AF_INET;
		memcpy(a->a, v, 4);
	} else if (len == 16) {
		a->family = AF_INET6;
		memcpy(a->a, v, 16);
	}
}

/* NTP timestamp (RFC 7011 6.1.9/10) to Unix ms. */
static uint64_t ntp_ms(const uint8_t *v)
{
	uint64_t secs = get32(v), frac = get32(v + 4);

	return (secs - 2208988800u) * 1000 + (frac * 1000 >> 32);
}

/* Timestamps, in whichever of its clocks the exporter used; false: not one. */
static bool field_time(const struct tf_ctx *c, struct fm_rec *r, uint16_t id,
		       const uint8_t *v, unsigned int len)
{
	switch (id) {
	case IE_flowStartSysUpTime:
		r->start_ms = c->now_ms - (uint32_t)(c->uptime - getn(v, len));
		break;
	case IE_flowEndSysUpTime:
		r->end_ms = c->now_ms - (uint32_t)(c->uptime - getn(v, len));
		break;
	case IE_flowStartSeconds:
		r->start_ms = getn(v, len) * 1000;
		break;
	case IE_flowEndSeconds:
		r->end_ms = getn(v, len) * 1000;
		break;
	case IE_flowStartMilliseconds:
		r->start_ms = getn(v, len);
		break;
	case IE_flowEndMilliseconds:
	case IE_observationTimeMilliseconds:
		r->end_ms = getn(v, len);
		if (id == IE_observationTimeMilliseconds && !r->start_ms)
			r->start_ms = r->end_ms;
		break;
	case IE_flowStartMicroseconds:
	case IE_flowStartNanoseconds:
		if (len != 8)
			return true;
		r->start_ms = ntp_ms(v);
		break;
	case IE_flowEndMicroseconds:
	case IE_flowEndNanoseconds:
		if (len != 8)
			return true;
		r->end_ms = ntp_ms(v);
		break;
	default:
		return false;
	}
	r->has |= FM_HAS_TIMES;
	return true;
}

/* RFC 8158 NAT: translated addresses and ports, the event; false: not one. */
static bool field_nat(struct fm_rec *r, uint16_t id, const uint8_t *v,
		      unsigned int len)
{
	switch (id) {
	case IE_postNATSourceIPv4Address:
	case IE_postNATSourceIPv6Address:
		put_addr(&r->post_src, v, len);
		break;
	case IE_postNATDestinationIPv4Address:
	case IE_postNATDestinationIPv6Address:
		put_addr(&r->post_dst, v, len);
		break;
	case IE_postNAPTSourceTransportPort:
		r->post_sport = getn(v, len);
		break;
	case IE_postNAPTDestinationTransportPort:
		r->post_dport = getn(v, len);
		break;
	case IE_natEvent:
		r->nat_event = getn(v, len);
		r->has |= FM_HAS_NAT_EVENT;
		return true;
	default:
		return false;
	}
	r->has |= FM_HAS_POST_NAT;
	return true;
}

/* One field of a data record into @r; unknown elements are skipped. */
static void field(struct tf_ctx *c, struct fm_rec *r, const struct fm_field *f,
		  const uint8_t *v, unsigned int len)
{
	if (f->pen)
		return;		/* enterprise-specific: not ours to read */
	if (field_time(c, r, f->id, v, len) || field_nat(r, f->id, v, len))
		return;
	switch (f->id) {
	case IE_octetDeltaCount:
	case IE_octetTotalCount:
	case IE_postOctetDeltaCount:
		if (!(r->has & FM_HAS_BYTES) || f->id == IE_octetDeltaCount)
			r->bytes = getn(v, len);
		r->has |= FM_HAS_BYTES;
		break;
	case IE_packetDeltaCount:
	case IE_packetTotalCount:
	case IE_postPacketDeltaCount:
		if (!(r->has & FM_HAS_PACKETS) || f->id == IE_packetDeltaCount)
			r->packets = getn(v, len);
		r->has |= FM_HAS_PACKETS;
		break;
	case IE_protocolIdentifier:
		r->proto = getn(v, len);
		r->has |= FM_HAS_PROTO;
		break;
	case IE_ipClassOfService:
		r->tos = getn(v, len);
		break;
	case IE_tcpControlBits:
		r->tcp_flags = getn(v, len);
		break;
	case IE_sourceTransportPort:
		r->sport = getn(v, len);
		r->has |= FM_HAS_PORTS;
		break;
	case IE_destinationTransportPort:
		/* ICMP's type/code elements win over a zero port. */
		if (!r->dport)
			r->dport = getn(v, len);
		r->has |= FM_HAS_PORTS;
		break;
	case IE_icmpTypeCodeIPv4:
	case IE_icmpTypeCodeIPv6:
		if (getn(v, len))
			r->dport = getn(v, len);
		break;
	case IE_sourceIPv4Address:
	case IE_sourceIPv6Address:
		put_addr(&r->src, v, len);
		r->has |= FM_HAS_SRC;
		break;
	case IE_destinationIPv4Address:
	case IE_destinationIPv6Address:
		put_addr(&r->dst, v, len);
		r->has |= FM_HAS_DST;
		break;
	case IE_ipNextHopIPv4Address:
	case IE_ipNextHopIPv6Address:
		put_addr(&r->nexthop, v, len);
		r->has |= FM_HAS_NEXTHOP;
		break;
	case IE_ingressInterface:
		r->in_if = getn(v, len);
		r->has |= FM_HAS_IF;
		break;
	case IE_egressInterface:
		r->out_if = getn(v, len);
		r->has |= FM_HAS_IF;
		break;
	case IE_bgpSourceAsNumber:
		r->src_as = getn(v, len);
		r->has |= FM_HAS_AS;
		break;
	case IE_bgpDestinationAsNumber:
		r->dst_as = getn(v, len);
		r->has |= FM_HAS_AS;
		break;
	case IE_flowDirection:
		r->direction = getn(v, len);
		break;
	case IE_flowEndReason:
		r->end_reason = getn(v, len);
		break;
	}
}

/* Options data: what an exporter says about itself that we use. */
static void option_field(struct tf_ctx *c, const struct fm_field *f,
			 const uint8_t *v, unsigned int len, uint32_t *ifindex,
			 const uint8_t **ifname, unsigned int *ifname_len)
{
	if (f->pen)
		return;
	switch (f->id) {
	case IE_samplingInterval:
	case IE_samplerRandomInterval:
	case IE_samplingPacketInterval:
		if (c->dm && getn(v, len) > 1)
			c->dm->sampling = getn(v, len);
		break;
	case IE_ingressInterface:
	case IE_egressInterface:
		*ifindex = getn(v, len);
		break;
	case IE_ifName:
		*ifname = v;
		*ifname_len = len;
		break;
	}
}

static void learn_ifname(struct fm_sender *e, uint32_t index,
			 const uint8_t *name, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < e->nifnames && e->ifnames[i].index != index; i++)
		;
	if (i == FM_MAX_IFNAMES)
		return;
	if (len >= sizeof(e->ifnames[i].name))
		len = sizeof(e->ifnames[i].name) - 1;
	e->ifnames[i].index = index;
	memcpy(e->ifnames[i].name, name, len);
	e->ifnames[i].name[len] = 0;
	/* Exporters pad names with NULs or spaces. */
	while (len && (e->ifnames[i].name[len - 1] == ' ' || !e->ifnames[i].name[len - 1]))
		e->ifnames[i].name[--len] = 0;
	if (i == e->nifnames)
		e->nifnames++;
}

/* Walk the records of a data set described by @t. */
static void data_set(struct tf_ctx *c, const struct fm_rx_template *t,
		     const uint8_t *p, size_t len)
{
	size_t off = 0;
	unsigned int i;
	struct fm_rec r;

	/* Whatever is shorter than a record at the end is padding. */
	while (len - off >= t->minlen) {
		const uint8_t *q = p + off;
		size_t roff = 0;
		uint32_t ifindex = 0;
		const uint8_t *ifname = NULL;
		unsigned int ifname_len = 0;

		memset(&r, 0, sizeof(r));
		for (i = 0; i < t->nfields; i++) {
			unsigned int flen = t->fields[i].len;

			if (flen == IPFIX_VARLEN) {
				if (roff + 1 > len - off)
					goto bad;
				flen = q[roff++];
				if (flen == 255) {
					if (roff + 2 > len - off)
						goto bad;
					flen = get16(q + roff);
					roff += 2;
				}
			}
			if (roff + flen > len - off)
				goto bad;
			if (t->options)
				option_field(c, &t->fields[i], q + roff, flen,
					     &ifindex, &ifname, &ifname_len);
			else
				field(c, &r, &t->fields[i], q + roff, flen);
			roff += flen;
		}
		off += roff;
		c->records++;
		if (t->options) {
			c->e->option_records++;
			if (ifname && ifname_len)
				learn_ifname(c->e, ifindex, ifname, ifname_len);
			continue;
		}
		r.version = c->version;
		r.sender = c->e->addr;
		r.domain = c->domain;
		r.template_id = t->id;
		if (r.has & FM_HAS_NAT_EVENT) {
			r.kind = FM_REC_NAT;
			c->e->nat_records++;
		} else {
			const char *n;

			r.kind = FM_REC_FLOW;
			r.flows = 1;
			c->e->records++;
			if (c->e->nifnames) {
				if ((n = fm_sender_ifname(c->e, r.in_if)))
					snprintf(r.in_name, sizeof(r.in_name), "%s", n);
				if ((n = fm_sender_ifname(c->e, r.out_if)))
					snprintf(r.out_name, sizeof(r.out_name), "%s", n);
			}
		}
		renormalise(&r, sampling_of(c->d, c->e, c->dm));
		c->fn(&r, c->ctx);
	}
	return;
bad:
	count_err(c->d, c->e, FM_ERR_VARLEN);
}

/*
 * A template record's header (@left bytes at @p): template id, field count
 * and, for options, scope count. Its length, or 0 if it does not fit: what
 * is left of the set is padding.
 */
static unsigned int template_header(bool ipfix, bool options, const uint8_t *p,
				    size_t left, unsigned int *id, unsigned int *n,
				    unsigned int *nscope)
{
	*id = get16(p);
	*n = get16(p + 2);
	*nscope = 0;
	if (!options || (ipfix && !*n))
		return 4;	/* an IPFIX withdrawal has no scope count */
	if (left < 6)
		return 0;
	if (ipfix) {
		*nscope = get16(p + 4);
	} else {
		/* v9: scope and option lengths in bytes. */
		*nscope = get16(p + 2) / 4;
		*n = *nscope + get16(p + 4) / 4;
	}
	return 6;
}

/* @n field specifiers into @f; the bytes they took, or 0 (counted) if malformed. */
static size_t template_fields(struct tf_ctx *c, const uint8_t *p, size_t left,
			      struct fm_field *f, unsigned int n)
{
	bool ipfix = c->version == IPFIX_VERSION;
	size_t off = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (left - off < 4)
			goto bad;
		f[i].id = get16(p + off);
		f[i].len = get16(p + off + 2);
		f[i].pen = 0;
		off += 4;
		if (ipfix && (f[i].id & IPFIX_ENTERPRISE_BIT)) {
			if (left - off < 4)
				goto bad;
			f[i].id &= ~IPFIX_ENTERPRISE_BIT;
			f[i].pen = get32(p + off);
			off += 4;
		}
		/* v9 has no variable length: a field this long cannot fit. */
		if (!ipfix && f[i].len == IPFIX_VARLEN)
			goto bad;
	}
	return off;
bad:
	count_err(c->d, c->e, FM_ERR_TEMPLATE_BAD);
	return 0;
}

/* A (options) template set: define, refresh or (IPFIX) withdraw templates. */
static void template_set(struct tf_ctx *c, bool options, const uint8_t *p,
			 size_t len)
{
	bool ipfix = c->version == IPFIX_VERSION;
	struct fm_field fields[FM_MAX_TEMPLATE_FIELDS];
	size_t off = 0, flen;

	/* A template header is at least 4 bytes; less is padding. */
	while (len - off >= 4) {
		unsigned int id, n, nscope, hlen;
		int err;

		hlen = template_header(ipfix, options, p + off, len - off, &id, &n, &nscope);
		if (!hlen)
			break;
		if (id < FLOW_SET_MIN_DATA_ID &&
		    !(ipfix && n == 0 && id == (options ? IPFIX_OPTIONS_SET :
						IPFIX_TEMPLATE_SET))) {
			count_err(c->d, c->e, FM_ERR_TEMPLATE_BAD);
			return;
		}
		off += hlen;
		if (n == 0) {
			if (!ipfix) {
				count_err(c->d, c->e, FM_ERR_TEMPLATE_EMPTY);
				return;
			}
			/* IPFIX withdrawal: one template, or all of the set's kind. */
			fm_rx_template_withdraw(c->d, c->e, c->domain, id,
						id < FLOW_SET_MIN_DATA_ID, options);
			continue;
		}
		if (options && (nscope == 0 || nscope > n)) {
			count_err(c->d, c->e, FM_ERR_TEMPLATE_EMPTY);
			return;
		}
		if (n > FM_MAX_TEMPLATE_FIELDS) {
			count_err(c->d, c->e, FM_ERR_TEMPLATE_BAD);
			return;
		}
		flen = template_fields(c, p + off, len - off, fields, n);
		if (!flen)
			return;
		off += flen;
		err = fm_rx_template_add(c->d, c->e, c->version, c->domain, id,
					 options, nscope, fields, n, c->arrival_ms);
		if (err)
			count_err(c->d, c->e, err);
	}
}

static int decode_tf(struct fm_decoder *d, struct fm_sender *e,
		     const uint8_t *p, size_t len, uint64_t arrival_ms,
		     fm_rec_fn fn, void *ctx)
{
	bool ipfix = get16(p) == IPFIX_VERSION;
	size_t hlen = ipfix ? sizeof(struct ipfix_header) :
			      sizeof(struct nf9_header);
	struct tf_ctx c = {
		.d = d, .e = e, .version = get16(p), .arrival_ms = arrival_ms,
		.fn = fn, .ctx = ctx,
	};
	uint32_t seq;
	size_t off;

	if (len < hlen) {
		count_err(d, e, FM_ERR_SHORT_HEADER);
		return -1;
	}
	if (ipfix) {
		size_t mlen = get16(p + 2);

		if (mlen < hlen || mlen > len) {
			count_err(d, e, FM_ERR_BAD_LENGTH);
			return -1;
		}
		len = mlen;	/* anything after the message is not ours */
		c.now_ms = (uint64_t)get32(p + 4) * 1000;
		seq = get32(p + 8);
		c.domain = get32(p + 12);
	} else {
		c.uptime = get32(p + 4);
		c.now_ms = (uint64_t)get32(p + 8) * 1000;
		seq = get32(p + 12);
		c.domain = get32(p + 16);
	}
	c.dm = domain_get(e, c.version, c.domain);

	for (off = hlen; len - off >= sizeof(struct flow_set_header);) {
		unsigned int id = get16(p + off), slen = get16(p + off + 2);
		const struct fm_rx_template *t;

		if (slen < sizeof(struct flow_set_header)) {
			count_err(d, e, FM_ERR_SET_TOO_SHORT);
			break;
		}
		if (slen > len - off) {
			count_err(d, e, FM_ERR_SET_PAST_END);
			break;
		}
		if (id == (ipfix ? IPFIX_TEMPLATE_SET : NF9_TEMPLATE_SET))
			template_set(&c, false, p + off + 4, slen - 4);
		else if (id == (ipfix ? IPFIX_OPTIONS_SET : NF9_OPTIONS_SET))
			template_set(&c, true, p + off + 4, slen - 4);
		else if (id < FLOW_SET_MIN_DATA_ID)
			count_err(d, e, FM_ERR_BAD_SET_ID);
		else if ((t = fm_rx_template_find(d, e, c.version, c.domain, id)))
			data_set(&c, t, p + off + 4, slen - 4);
		else
			e->template_misses++;
		off += slen;
	}
	if (ipfix)
		sequence(e, c.dm, seq, c.records);
	else
		sequence(e, c.dm, seq, 1);
	return c.records;
}

int fm_decode(struct fm_decoder *d, const struct fm_addr *from,
	      const uint8_t *buf, size_t len, uint64_t now_ms,
	      fm_rec_fn fn, void *ctx)
{
	struct fm_sender *e = fm_sender_get(d, from, true);

	if (!e) {
		d->errors[FM_ERR_SENDER_CAP]++;
		return -1;
	}
	e->packets++;
	if (len < 4) {
		e->errors[FM_ERR_SHORT_HEADER]++;
		return -1;
	}
	switch (get16(buf)) {
	case 1:
	case 5:
	case 7:
		return decode_legacy(d, e, buf, len, fn, ctx);
	case NF9_VERSION:
	case IPFIX_VERSION:
		return decode_tf(d, e, buf, len, now_ms, fn, ctx);
	default:
		e->errors[FM_ERR_UNKNOWN_VERSION]++;
		return -1;
	}
}
