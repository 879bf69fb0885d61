/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One decoded record, whatever the exporter and protocol: the common
 * vocabulary of the decoder, the collector's pipeline and flowmeter-dump.
 */
#ifndef FM_RECORD_H
#define FM_RECORD_H

#include <stdint.h>
#include <netinet/in.h>

enum fm_rec_kind {
	FM_REC_FLOW = 0,
	FM_REC_NAT,		/* RFC 8158 NAT event (natEvent present), or an
				 * NSEL translation created or deleted */
};

/* An address as exported: IPv4 in the first 4 bytes, or IPv6. */
struct fm_addr {
	uint8_t family;		/* 0 (absent), AF_INET, AF_INET6 */
	uint8_t a[16];
};

/* Bits of fm_rec.has: which fields the record carried. */
enum {
	FM_HAS_SRC	= 1u << 0,
	FM_HAS_DST	= 1u << 1,
	FM_HAS_PORTS	= 1u << 2,
	FM_HAS_PROTO	= 1u << 3,
	FM_HAS_BYTES	= 1u << 4,
	FM_HAS_PACKETS	= 1u << 5,
	FM_HAS_IF	= 1u << 6,
	FM_HAS_TIMES	= 1u << 7,
	FM_HAS_POST_NAT	= 1u << 8,
	FM_HAS_AS	= 1u << 9,
	FM_HAS_NEXTHOP	= 1u << 10,
	FM_HAS_NAT_EVENT = 1u << 11,
	FM_HAS_FW_EVENT	= 1u << 12,	/* Cisco NSEL firewall event */
	FM_HAS_REVERSE	= 1u << 13,	/* a biflow: rev_bytes, rev_packets */
};

/* NSEL firewall events (IANA firewallEvent 233, Cisco's 40005). */
enum {
	FM_FW_CREATED = 1,
	FM_FW_DELETED = 2,
	FM_FW_DENIED = 3,
	FM_FW_ALERT = 4,
	FM_FW_UPDATE = 5,
};

struct fm_rec {
	uint8_t kind;		/* enum fm_rec_kind */
	uint8_t version;	/* 5, 9, 10 (1 and 7 read as 5's kin) */
	uint8_t proto;
	uint8_t tos;
	uint16_t tcp_flags;
	uint8_t nat_event;
	uint8_t fw_event;	/* FM_FW_* */
	uint8_t end_reason;
	uint8_t direction;
	uint16_t sport, dport;		/* ICMP: dport = type << 8 | code */
	uint16_t post_sport, post_dport;
	uint32_t has;			/* FM_HAS_* */
	uint32_t in_if, out_if;
	uint32_t src_as, dst_as;
	uint32_t domain;		/* v9 source id / IPFIX observation domain */
	uint16_t template_id;
	uint32_t sampling;		/* interval applied to bytes and packets */
	uint64_t bytes, packets;	/* renormalised by sampling */
	/*
	 * Of bytes and packets, the reverse direction's: a biflow (RFC 5103
	 * reverse elements, NSEL's responder counts) is one record for the
	 * traffic both ways, and bytes is what crossed the wire for it.
	 */
	uint64_t rev_bytes, rev_packets;
	uint64_t flows;			/* 1, unless the exporter aggregated */
	uint64_t start_ms, end_ms;	/* wall clock, 0 if unknown */
	struct fm_addr src, dst, nexthop;
	struct fm_addr post_src, post_dst;
	struct fm_addr sender;	/* who sent it ("sampler") */
	char in_name[16], out_name[16];	/* ifName the exporter announced, or "" */
};

#endif
