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
		r->rev_bytes *= sampling;
		r->rev_packets *= sampling;
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

/*
 * Elements the module does not send (so wire.h does not have them) that
 * exporters in the field do.
 */
enum {
	IE_samplerId			= 48,	/* v9 FLOW_SAMPLER_ID */
	IE_icmpTypeIPv4			= 176,
	IE_icmpCodeIPv4			= 177,
	IE_icmpTypeIPv6			= 178,
	IE_icmpCodeIPv6			= 179,
	IE_initiatorOctets		= 231,
	IE_responderOctets		= 232,
	IE_firewallEvent		= 233,
	IE_initiatorPackets		= 298,
	IE_responderPackets		= 299,
	IE_selectorId			= 302,
	IE_observationTimeSeconds	= 322,
	IE_observationTimeMicroseconds	= 324,
	IE_observationTimeNanoseconds	= 325,
	IE_samplingPacketSpace		= 306,
	IE_samplingSize			= 309,
	IE_samplingPopulation		= 310,
	/* Cisco ASA's v9 NSEL ids, from before the IANA ones (nfdump's names). */
	NSEL_XLATE_SRC_ADDR_IPV4	= 40001,
	NSEL_XLATE_DST_ADDR_IPV4	= 40002,
	NSEL_XLATE_SRC_PORT		= 40003,
	NSEL_XLATE_DST_PORT		= 40004,
	NSEL_FW_EVENT			= 40005,
};

/* RFC 5103: reverse elements are the forward ids under this enterprise. */
#define PEN_REVERSE	29305

/* v9 options scope types (RFC 3954 6.1): not information elements. */
#define V9_SCOPE_INTERFACE	2

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

static void count_quirk(struct fm_sender *e, enum fm_quirk q)
{
	e->quirk[q]++;
	e->quirks++;
}

/*
 * A sampling rate wider than 8 bytes (FortiGate sends samplingInterval in
 * 9, nfdump issue 77) has no documented layout: reading part of it as the
 * rate multiplied that exporter's counts. It is not used, and the exporter
 * keeps the rate it had (1 if none).
 */
static bool rate_len_ok(struct fm_sender *e, unsigned int len)
{
	if (len >= 1 && len <= 8)
		return true;
	if (e)
		count_quirk(e, FM_QUIRK_SAMPLING_LENGTH);
	return false;
}

static bool all_zero(const uint8_t *v, size_t n)
{
	while (n--)
		if (*v++)
			return false;
	return true;
}

/* The addresses a record may carry in either family. */
enum { A_SRC, A_DST, A_NEXTHOP, A_POST_SRC, A_POST_DST, A__N };

/* What of struct rd a record filled. */
enum {
	RD_ICMP_TYPE	= 1u << 0,
	RD_ICMP_CODE	= 1u << 1,
	RD_FWD_BYTES	= 1u << 2,	/* initiatorOctets */
	RD_FWD_PKTS	= 1u << 3,
	RD_REV_BYTES	= 1u << 4,	/* responderOctets, RFC 5103 reverse */
	RD_REV_PKTS	= 1u << 5,
	RD_UP_START	= 1u << 6,	/* IPFIX sysUpTime times */
	RD_UP_END	= 1u << 7,
	RD_SYS_INIT	= 1u << 8,
	RD_SAMPLER	= 1u << 9,
	RD_SAMPLING	= 1u << 10,
};

/*
 * A data record being read: an fm_rec, and what can only be settled once
 * the whole record is read (which address family, counters in two
 * directions, times relative to a clock given elsewhere, sampling).
 */
struct rd {
	struct fm_rec r;
	uint32_t seen;		/* RD_* */
	uint8_t have4, have6;	/* 1 << A_* */
	uint8_t v4[A__N][4];
	uint8_t v6[A__N][16];
	uint8_t ip_version;
	uint8_t icmp_type, icmp_code;
	uint64_t fwd_bytes, fwd_pkts, rev_bytes, rev_pkts;
	uint32_t up_start, up_end;
	uint64_t sys_init_ms;
	uint64_t sampler_id;
	uint32_t sampling;
};

static void put_slot(struct rd *d, unsigned int slot, const uint8_t *v,
		     unsigned int len)
{
	if (len == 4) {
		memcpy(d->v4[slot], v, 4);
		d->have4 |= 1u << slot;
	} else if (len == 16) {
		memcpy(d->v6[slot], v, 16);
		d->have6 |= 1u << slot;
	}
}

/*
 * A dual-stack template carries IPv4 and IPv6 elements and zero-fills
 * the family a flow does not use. The family is what ipVersion says, else
 * the one whose source or destination is not zero; an address slot
 * then takes that family where both are present, except that a next hop
 * or a translation (NAT64) may be of the other family when only it is
 * non-zero.
 */
static void resolve_addrs(struct rd *d)
{
	static const uint32_t has[A__N] = {
		FM_HAS_SRC, FM_HAS_DST, FM_HAS_NEXTHOP, FM_HAS_POST_NAT, FM_HAS_POST_NAT,
	};
	struct fm_addr *out[A__N] = {
		&d->r.src, &d->r.dst, &d->r.nexthop, &d->r.post_src, &d->r.post_dst,
	};
	int pref = d->ip_version == 4 ? AF_INET : d->ip_version == 6 ? AF_INET6 : 0;
	unsigned int i;

	if (!pref) {
		bool nz4 = false, nz6 = false;

		for (i = A_SRC; i <= A_DST; i++) {
			nz4 |= (d->have4 >> i & 1) && !all_zero(d->v4[i], 4);
			nz6 |= (d->have6 >> i & 1) && !all_zero(d->v6[i], 16);
		}
		if (nz4 != nz6)
			pref = nz4 ? AF_INET : AF_INET6;
	}
	for (i = 0; i < A__N; i++) {
		bool h4 = d->have4 >> i & 1, h6 = d->have6 >> i & 1;
		int fam;

		if (!h4 && !h6)
			continue;
		if (h4 != h6) {
			fam = h4 ? AF_INET : AF_INET6;
		} else {
			bool z4 = all_zero(d->v4[i], 4), z6 = all_zero(d->v6[i], 16);

			if (i <= A_DST && pref)
				fam = pref;
			else if (z4 != z6)
				fam = z4 ? AF_INET6 : AF_INET;
			else
				fam = pref ? pref : AF_INET;
		}
		memset(out[i], 0, sizeof(*out[i]));
		out[i]->family = fam;
		memcpy(out[i]->a, fam == AF_INET ? d->v4[i] : d->v6[i],
		       fam == AF_INET ? 4 : 16);
		d->r.has |= has[i];
	}
}

/* NTP timestamp (RFC 7011 6.1.9/10) to Unix ms. */
static uint64_t ntp_ms(const uint8_t *v)
{
	uint64_t secs = get32(v), frac = get32(v + 4);

	return (secs - 2208988800u) * 1000 + (frac * 1000 >> 32);
}

/* Timestamps, in whichever of its clocks the exporter used; false: not one. */
static bool field_time(const struct tf_ctx *c, struct rd *d, uint16_t id,
		       const uint8_t *v, unsigned int len)
{
	struct fm_rec *r = &d->r;

	switch (id) {
	case IE_flowStartSysUpTime:
	case IE_flowEndSysUpTime:
		/*
		 * v9: against the header's uptime. IPFIX has none: the
		 * times count from systemInitTimeMilliseconds, which
		 * the record or an options record gives (Cisco IOS XE,
		 * Junos); settled when the record is read.
		 */
		if (c->version == IPFIX_VERSION) {
			if (id == IE_flowStartSysUpTime)
				d->up_start = getn(v, len), d->seen |= RD_UP_START;
			else
				d->up_end = getn(v, len), d->seen |= RD_UP_END;
			return true;
		}
		if (id == IE_flowStartSysUpTime)
			r->start_ms = c->now_ms - (uint32_t)(c->uptime - getn(v, len));
		else
			r->end_ms = c->now_ms - (uint32_t)(c->uptime - getn(v, len));
		break;
	case IE_systemInitTimeMilliseconds:
		d->sys_init_ms = getn(v, len);
		d->seen |= RD_SYS_INIT;
		return true;
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
		r->end_ms = getn(v, len);
		break;
	/* An event's time (NSEL, NAT logging): the flow's start and end, or its range if repeated. */
	case IE_observationTimeSeconds:
	case IE_observationTimeMilliseconds:
	case IE_observationTimeMicroseconds:
	case IE_observationTimeNanoseconds:
		if (id == IE_observationTimeSeconds)
			r->end_ms = getn(v, len) * 1000;
		else if (id == IE_observationTimeMilliseconds)
			r->end_ms = getn(v, len);
		else if (len == 8)
			r->end_ms = ntp_ms(v);
		else
			return true;
		if (!r->start_ms)
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

/*
 * Translations and events: RFC 8158 NAT and Cisco's NSEL (IANA ids and
 * the ASA's older 4000x ones, as nfdump maps them); false: not one.
 */
static bool field_nat(struct rd *d, uint16_t id, const uint8_t *v,
		      unsigned int len)
{
	struct fm_rec *r = &d->r;

	switch (id) {
	case IE_postNATSourceIPv4Address:
	case IE_postNATSourceIPv6Address:
	case NSEL_XLATE_SRC_ADDR_IPV4:
		put_slot(d, A_POST_SRC, v, len);
		break;
	case IE_postNATDestinationIPv4Address:
	case IE_postNATDestinationIPv6Address:
	case NSEL_XLATE_DST_ADDR_IPV4:
		put_slot(d, A_POST_DST, v, len);
		break;
	case IE_postNAPTSourceTransportPort:
	case NSEL_XLATE_SRC_PORT:
		r->post_sport = getn(v, len);
		break;
	case IE_postNAPTDestinationTransportPort:
	case NSEL_XLATE_DST_PORT:
		r->post_dport = getn(v, len);
		break;
	case IE_natEvent:
		r->nat_event = getn(v, len);
		r->has |= FM_HAS_NAT_EVENT;
		return true;
	case IE_firewallEvent:
	case NSEL_FW_EVENT:
		r->fw_event = getn(v, len);
		r->has |= FM_HAS_FW_EVENT;
		return true;
	default:
		return false;
	}
	r->has |= FM_HAS_POST_NAT;
	return true;
}

/* Counters of the traffic both ways (NSEL, RFC 5103); false: not one. */
static bool field_biflow(struct rd *d, const struct fm_field *f,
			 const uint8_t *v, unsigned int len)
{
	if (f->pen == PEN_REVERSE) {
		switch (f->id) {
		case IE_octetDeltaCount:
		case IE_octetTotalCount:
			if (!(d->seen & RD_REV_BYTES) || f->id == IE_octetDeltaCount)
				d->rev_bytes = getn(v, len);
			d->seen |= RD_REV_BYTES;
			return true;
		case IE_packetDeltaCount:
		case IE_packetTotalCount:
			if (!(d->seen & RD_REV_PKTS) || f->id == IE_packetDeltaCount)
				d->rev_pkts = getn(v, len);
			d->seen |= RD_REV_PKTS;
			return true;
		}
		return false;
	}
	if (f->pen)
		return false;
	switch (f->id) {
	case IE_initiatorOctets:
		d->fwd_bytes = getn(v, len);
		d->seen |= RD_FWD_BYTES;
		return true;
	case IE_responderOctets:
		d->rev_bytes = getn(v, len);
		d->seen |= RD_REV_BYTES;
		return true;
	case IE_initiatorPackets:
		d->fwd_pkts = getn(v, len);
		d->seen |= RD_FWD_PKTS;
		return true;
	case IE_responderPackets:
		d->rev_pkts = getn(v, len);
		d->seen |= RD_REV_PKTS;
		return true;
	}
	return false;
}

/* One field of a data record into @d; unknown elements are skipped. */
static void field(struct tf_ctx *c, struct rd *d, const struct fm_field *f,
		  const uint8_t *v, unsigned int len)
{
	struct fm_rec *r = &d->r;

	if (field_biflow(d, f, v, len) || f->pen)
		return;		/* other enterprises' elements: not ours to read */
	if (field_time(c, d, f->id, v, len) || field_nat(d, f->id, v, len))
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
	case IE_icmpTypeIPv4:
	case IE_icmpTypeIPv6:
		d->icmp_type = getn(v, len);
		d->seen |= RD_ICMP_TYPE;
		break;
	case IE_icmpCodeIPv4:
	case IE_icmpCodeIPv6:
		d->icmp_code = getn(v, len);
		d->seen |= RD_ICMP_CODE;
		break;
	case IE_sourceIPv4Address:
	case IE_sourceIPv6Address:
		put_slot(d, A_SRC, v, len);
		break;
	case IE_destinationIPv4Address:
	case IE_destinationIPv6Address:
		put_slot(d, A_DST, v, len);
		break;
	case IE_ipNextHopIPv4Address:
	case IE_ipNextHopIPv6Address:
		put_slot(d, A_NEXTHOP, v, len);
		break;
	case IE_ipVersion:
		d->ip_version = getn(v, len);
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
	/* Sampling named in the data record itself (Huawei, H3C, Cisco). */
	case IE_samplingInterval:
	case IE_samplerRandomInterval:
		if (!rate_len_ok(c->e, len))
			break;
		d->sampling = getn(v, len);
		d->seen |= RD_SAMPLING;
		break;
	case IE_samplerId:
	case IE_selectorId:
		d->sampler_id = getn(v, len);
		d->seen |= RD_SAMPLER;
		break;
	}
}

/* The rate a record was sampled at: configuration, itself, its sampler, its domain. */
static uint32_t rec_sampling(const struct tf_ctx *c, const struct rd *d)
{
	unsigned int i;

	if (c->e->sampling_override)
		return c->e->sampling_override;
	if ((d->seen & RD_SAMPLING) && d->sampling)
		return d->sampling;
	if ((d->seen & RD_SAMPLER) && c->dm)
		for (i = 0; i < c->dm->nsamplers; i++)
			if (c->dm->samplers[i].id == d->sampler_id)
				return c->dm->samplers[i].rate;
	return sampling_of(c->d, c->e, c->dm);
}

/* Whether NSEL's translated addresses differ from the real ones. */
static bool translated(const struct fm_rec *r)
{
	bool s = r->post_src.family && !all_zero(r->post_src.a, 16) &&
		 (!fm_addr_eq(&r->post_src, &r->src) ||
		  (r->post_sport && r->post_sport != r->sport));
	bool t = r->post_dst.family && !all_zero(r->post_dst.a, 16) &&
		 (!fm_addr_eq(&r->post_dst, &r->dst) ||
		  (r->post_dport && r->post_dport != r->dport));

	return s || t;
}

/* The rest of a data record, once all its fields are read; then hand it on. */
static void finish_record(struct tf_ctx *c, const struct fm_rx_template *t,
			  struct rd *d)
{
	struct fm_rec *r = &d->r;

	resolve_addrs(d);
	if ((d->seen & (RD_ICMP_TYPE | RD_ICMP_CODE)) &&
	    (r->proto == 1 || r->proto == 58 || !r->dport))
		r->dport = d->icmp_type << 8 | d->icmp_code;
	if (d->seen & (RD_UP_START | RD_UP_END)) {
		uint64_t init = d->seen & RD_SYS_INIT ? d->sys_init_ms :
				c->dm ? c->dm->sys_init_ms : 0;

		if (init) {
			if (d->seen & RD_UP_START)
				r->start_ms = init + d->up_start;
			if (d->seen & RD_UP_END)
				r->end_ms = init + d->up_end;
			r->has |= FM_HAS_TIMES;
		} else {
			count_quirk(c->e, FM_QUIRK_UPTIME_NO_INIT);
		}
	}
	/*
	 * NSEL counts a connection's two directions as initiator and
	 * responder, RFC 5103 as forward and reverse: bytes are both.
	 */
	if (d->seen & (RD_FWD_BYTES | RD_REV_BYTES)) {
		if (!(r->has & FM_HAS_BYTES))
			r->bytes = d->fwd_bytes;
		r->rev_bytes = d->rev_bytes;
		r->bytes += r->rev_bytes;
		r->has |= FM_HAS_BYTES;
	}
	if (d->seen & (RD_FWD_PKTS | RD_REV_PKTS)) {
		if (!(r->has & FM_HAS_PACKETS))
			r->packets = d->fwd_pkts;
		r->rev_packets = d->rev_pkts;
		r->packets += r->rev_packets;
		r->has |= FM_HAS_PACKETS;
	}
	if (d->seen & (RD_REV_BYTES | RD_REV_PKTS))
		r->has |= FM_HAS_REVERSE;

	r->version = c->version;
	r->sender = c->e->addr;
	r->domain = c->domain;
	r->template_id = t->id;
	if (r->has & FM_HAS_NAT_EVENT) {
		r->kind = FM_REC_NAT;
		c->e->nat_records++;
	} else {
		const char *n;

		r->kind = FM_REC_FLOW;
		/*
		 * An ASA reports a connection when it is created, updated
		 * and torn down (or denied): it is one flow, counted when
		 * it ends; the others carry what it sent meanwhile.
		 */
		r->flows = !(r->has & FM_HAS_FW_EVENT) || !r->fw_event ||
			   r->fw_event == FM_FW_DELETED || r->fw_event == FM_FW_DENIED;
		c->e->records++;
		if (c->e->nifnames) {
			if ((n = fm_sender_ifname(c->e, r->in_if)))
				snprintf(r->in_name, sizeof(r->in_name), "%s", n);
			if ((n = fm_sender_ifname(c->e, r->out_if)))
				snprintf(r->out_name, sizeof(r->out_name), "%s", n);
		}
	}
	renormalise(r, rec_sampling(c, d));
	c->fn(r, c->ctx);
	/*
	 * An ASA's translation comes inside its connection events: one NAT
	 * event more, as ipt_NETFLOW's natevents give, for the store's NAT
	 * lookups and the nat records counter.
	 */
	if (r->kind == FM_REC_FLOW && (r->has & FM_HAS_FW_EVENT) &&
	    (r->fw_event == FM_FW_CREATED || r->fw_event == FM_FW_DELETED) &&
	    translated(r)) {
		struct fm_rec n = *r;

		n.kind = FM_REC_NAT;
		n.nat_event = r->fw_event == FM_FW_CREATED ? NAT_EVENT_CREATE :
							     NAT_EVENT_DELETE;
		n.has = (n.has | FM_HAS_NAT_EVENT) &
			~(FM_HAS_BYTES | FM_HAS_PACKETS | FM_HAS_REVERSE);
		n.bytes = n.packets = n.rev_bytes = n.rev_packets = n.flows = 0;
		c->e->nat_records++;
		c->fn(&n, c->ctx);
	}
}

/* Bits of struct od.seen. */
enum {
	OD_IF		= 1u << 0,
	OD_SAMPLER	= 1u << 1,
	OD_INTERVAL	= 1u << 2,	/* 1 in N: samplingInterval, samplerRandomInterval */
	OD_PKT_INTERVAL	= 1u << 3,	/* RFC 5477: packets taken... */
	OD_PKT_SPACE	= 1u << 4,	/* ...and packets skipped */
	OD_SIZE		= 1u << 5,	/* RFC 5477: n out of... */
	OD_POPULATION	= 1u << 6,	/* ...N */
	OD_SYS_INIT	= 1u << 7,
};

/* An options record being read. */
struct od {
	uint32_t seen;
	uint32_t ifindex;
	const uint8_t *ifname;
	unsigned int ifname_len;
	uint64_t sampler_id;
	uint64_t interval, pkt_interval, pkt_space, size, population;
	uint64_t sys_init_ms;
};

/* One field of an options record: what an exporter says about itself that we use. */
static void option_field(const struct tf_ctx *c, const struct fm_rx_template *t,
			 unsigned int i, const uint8_t *v, unsigned int len,
			 struct od *o)
{
	const struct fm_field *f = &t->fields[i];

	if (f->pen)
		return;
	if (c->version == NF9_VERSION && i < t->nscope) {
		/* A scope type, not an element: only Interface says an index. */
		if (f->id == V9_SCOPE_INTERFACE)
			o->ifindex = getn(v, len), o->seen |= OD_IF;
		return;
	}
	switch (f->id) {
	case IE_samplingInterval:
	case IE_samplerRandomInterval:
	case IE_samplingPacketInterval:
	case IE_samplingPacketSpace:
	case IE_samplingSize:
	case IE_samplingPopulation:
		if (!rate_len_ok(c->e, len))
			return;
		break;
	}
	switch (f->id) {
	case IE_samplingInterval:
	case IE_samplerRandomInterval:
		o->interval = getn(v, len), o->seen |= OD_INTERVAL;
		break;
	case IE_samplingPacketInterval:
		o->pkt_interval = getn(v, len), o->seen |= OD_PKT_INTERVAL;
		break;
	case IE_samplingPacketSpace:
		o->pkt_space = getn(v, len), o->seen |= OD_PKT_SPACE;
		break;
	case IE_samplingSize:
		o->size = getn(v, len), o->seen |= OD_SIZE;
		break;
	case IE_samplingPopulation:
		o->population = getn(v, len), o->seen |= OD_POPULATION;
		break;
	case IE_samplerId:
	case IE_selectorId:
		o->sampler_id = getn(v, len), o->seen |= OD_SAMPLER;
		break;
	case IE_ingressInterface:
	case IE_egressInterface:
		o->ifindex = getn(v, len), o->seen |= OD_IF;
		break;
	case IE_ifName:
		o->ifname = v;
		o->ifname_len = len;
		break;
	case IE_systemInitTimeMilliseconds:
		o->sys_init_ms = getn(v, len), o->seen |= OD_SYS_INIT;
		break;
	}
}

/* @a / @b to the nearest integer, within a uint32; 0 if @b is 0. */
static uint32_t ratio(uint64_t a, uint64_t b)
{
	uint64_t q;

	if (!b || a > UINT64_MAX / 2)
		return 0;
	q = (a + b / 2) / b;
	return q > UINT32_MAX ? UINT32_MAX : q;
}

/*
 * The rate an options record states. RFC 5477's systematic sampler takes
 * samplingPacketInterval packets and skips samplingPacketSpace: 1 and 99
 * is 1 in 100. Alone, the interval is read as 1 in N, as the exporters
 * that send it alone mean it.
 */
static uint32_t option_rate(const struct od *o)
{
	if ((o->seen & OD_PKT_INTERVAL) && (o->seen & OD_PKT_SPACE))
		return ratio(o->pkt_interval + o->pkt_space, o->pkt_interval);
	if ((o->seen & OD_SIZE) && (o->seen & OD_POPULATION))
		return ratio(o->population, o->size);
	if (o->seen & OD_INTERVAL)
		return o->interval > UINT32_MAX ? UINT32_MAX : o->interval;
	if (o->seen & OD_PKT_INTERVAL)
		return o->pkt_interval > UINT32_MAX ? UINT32_MAX : o->pkt_interval;
	return 0;
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

/*
 * What an options record said, kept: a sampler's rate (for records that
 * name it, and, the last one stated, for those that name none), interface
 * names, the exporter's boot time.
 */
static void option_apply(struct tf_ctx *c, const struct od *o, uint32_t rate)
{
	struct fm_domain *dm = c->dm;
	unsigned int i;

	if (rate && dm) {
		if (o->seen & OD_SAMPLER) {
			for (i = 0; i < dm->nsamplers && dm->samplers[i].id != o->sampler_id; i++)
				;
			if (i < FM_MAX_SAMPLERS) {
				dm->samplers[i].id = o->sampler_id;
				dm->samplers[i].rate = rate;
				if (i == dm->nsamplers)
					dm->nsamplers++;
			}
		}
		dm->sampling = rate;
	}
	if ((o->seen & OD_SYS_INIT) && dm)
		dm->sys_init_ms = o->sys_init_ms;
	if (o->ifname && o->ifname_len)
		learn_ifname(c->e, o->ifindex, o->ifname, o->ifname_len);
}

/*
 * Whether field @i of a template naming an element more than once is
 * read. The first non-zero occurrence is what the record says (a zero
 * first, then the value: Cisco; the value, then a zero: Junos), as
 * Logstash's codec, fixed for Open vSwitch's repeated interfaceName,
 * keeps the first; nfdump takes the last, zero or not. A repeated
 * observation time is read too: the first is the start, the last the
 * end (Junos' port block allocations). @said: per first occurrence,
 * whether a non-zero value came.
 */
static bool repeat_counts(const struct fm_rx_template *t, unsigned int i,
			  const uint8_t *v, unsigned int len, bool *said)
{
	unsigned int first = t->rep[i] ? t->rep[i] - 1u : i;
	bool zero = all_zero(v, len);

	if (!t->rep[i]) {
		said[i] = !zero;
		return true;
	}
	if (zero)
		return false;
	if (t->fields[i].pen == 0 &&
	    t->fields[i].id >= IE_observationTimeSeconds &&
	    t->fields[i].id <= IE_observationTimeNanoseconds)
		return true;
	if (said[first])
		return false;
	said[first] = true;
	return true;
}

/* Walk the records of a data set described by @t. */
static void data_set(struct tf_ctx *c, const struct fm_rx_template *t,
		     const uint8_t *p, size_t len)
{
	struct fm_opt_field of[FM_MAX_TEMPLATE_FIELDS];
	bool said[FM_MAX_TEMPLATE_FIELDS];
	bool show = t->options && c->d->opt_fn;
	size_t off = 0;
	unsigned int i;
	struct rd d;
	struct od o;

	/* Whatever is shorter than a record at the end is padding. */
	while (len - off >= t->minlen) {
		const uint8_t *q = p + off;
		size_t roff = 0;

		memset(&d, 0, sizeof(d));
		memset(&o, 0, sizeof(o));
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
			if (show)
				of[i] = (struct fm_opt_field){
					.id = t->fields[i].id, .len = flen,
					.pen = t->fields[i].pen,
					.scope = i < t->nscope, .v = q + roff,
				};
			if (t->repeats && !t->options &&
			    !repeat_counts(t, i, q + roff, flen, said))
				;
			else if (t->options)
				option_field(c, t, i, q + roff, flen, &o);
			else
				field(c, &d, &t->fields[i], q + roff, flen);
			roff += flen;
		}
		off += roff;
		c->records++;
		if (t->options) {
			uint32_t rate = option_rate(&o);

			c->e->option_records++;
			option_apply(c, &o, rate);
			if (show) {
				struct fm_opt_rec orec = {
					.sender = c->e->addr, .version = c->version,
					.domain = c->domain, .template_id = t->id,
					.nfields = t->nfields, .f = of, .sampling = rate,
					.has_sampler = o.seen & OD_SAMPLER,
					.sampler_id = o.sampler_id,
					.has_ifindex = o.seen & OD_IF, .ifindex = o.ifindex,
					.sys_init_ms = o.sys_init_ms,
				};

				if (o.ifname && o.ifname_len)
					orec.ifname = fm_sender_ifname(c->e, o.ifindex);
				c->d->opt_fn(&orec, c->ctx);
			}
			continue;
		}
		finish_record(c, t, &d);
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
static unsigned int template_header(struct tf_ctx *c, bool options, const uint8_t *p,
				    size_t left, unsigned int *id, unsigned int *n,
				    unsigned int *nscope)
{
	bool ipfix = c->version == IPFIX_VERSION;

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
		/*
		 * v9: scope and option lengths in bytes, of 4-byte field
		 * specifiers. pmacct's nfprobe (in EdgeOS) says 9 for two
		 * fields: the whole fields are the template, as tshark
		 * and pmacct's own collector read it.
		 */
		*nscope = get16(p + 2) / 4;
		*n = *nscope + get16(p + 4) / 4;
		if ((get16(p + 2) | get16(p + 4)) & 3)
			count_quirk(c->e, FM_QUIRK_V9_OPTION_LENGTH);
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
		/*
		 * v9 has no variable length, and RFC 3954 no field that
		 * long; H3C's VRF name (236) says 65535 all the same and
		 * sends IPFIX's length-prefixed text, which tshark, nfdump
		 * and Logstash read: so do we.
		 */
		if (!ipfix && f[i].len == IPFIX_VARLEN)
			count_quirk(c->e, FM_QUIRK_V9_VARLEN);
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
		const struct fm_rx_template *t;
		unsigned int id, n, nscope, hlen;
		int err;

		hlen = template_header(c, options, p + off, len - off, &id, &n, &nscope);
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
		else if ((t = fm_rx_template_find(c->d, c->e, c->version, c->domain, id)) &&
			 t->repeats)
			count_quirk(c->e, FM_QUIRK_REPEATED_FIELD);
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
			/*
			 * Zeros to the end: padding, which RFC 7011 3.3.1
			 * allows and Cisco ACI and PAN-OS send after the
			 * last set. Anything else is a broken set.
			 */
			if (all_zero(p + off, len - off))
				count_quirk(e, FM_QUIRK_PADDING);
			else
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
