/* SPDX-License-Identifier: GPL-2.0 */
/* A metered flow: its key and its counters; the table is flow_table.h. */
#ifndef FM_FLOW_H
#define FM_FLOW_H

#include <linux/atomic.h>
#include <linux/in6.h>
#include <linux/stddef.h>
#include <linux/rculist.h>
#include <linux/types.h>

/*
 * The key is hashed and compared as whole u32 words, so it has no holes:
 * every byte is set before use. An IPv4 key is its first FM_KEY_WORDS_V4
 * words (the addresses packed right after the ports), so the packet path
 * hashes and compares 20 bytes for IPv4 and 44 only for IPv6.
 */
struct fm_flow_key {
	__be16 sport;		/* ICMP: 0 */
	__be16 dport;		/* ICMP: type << 8 | code */
	u32 iif;
	u8 family;		/* NFPROTO_IPV4 / NFPROTO_IPV6 */
	u8 proto;
	u8 tos;			/* IPv4 TOS / IPv6 traffic class */
	u8 pad;
	union {
		struct {
			__be32 src;
			__be32 dst;
		} v4;
		struct {
			struct in6_addr src;
			struct in6_addr dst;
		} v6;
	} addr;
} __aligned(4);

/* TCP flag bits as in byte 13 of the header and in tcpControlBits. */
#define FM_TCP_FIN	0x01
#define FM_TCP_RST	0x04

#define FM_KEY_WORDS	(sizeof(struct fm_flow_key) / sizeof(u32))
#define FM_KEY_WORDS_V4	(offsetof(struct fm_flow_key, addr) / sizeof(u32) + 2)

/* fm_flow.state: OR of TCP flags (bits 0-7), FIN/RST seen, end reason. */
#define FM_STATE_FIN		0x100
#define FM_STATE_END_SHIFT	16

/*
 * Packets count into a flow with atomics and no lock. Exactness comes from
 * the exporter: it unlinks an ended flow, waits for an RCU grace period so
 * no packet path can still be adding to it, and only then reads it.
 */
struct fm_flow {
	struct hlist_node node;		/* in the table, RCU */
	struct fm_flow_key key;
	atomic_t state;
	u32 oif;
	unsigned long first;		/* jiffies, set once */
	unsigned long last;		/* jiffies of the latest packet */
	atomic64_t packets;
	atomic64_t bytes;
	struct in6_addr nexthop;
	struct fm_flow *next_dead;	/* exporter's list, once unlinked */
};

/* For the exporter, after the grace period: plain reads. */
static inline u8 fm_flow_tcp_flags(const struct fm_flow *f)
{
	return atomic_read(&f->state) & 0xff;
}

static inline u8 fm_flow_end(const struct fm_flow *f)
{
	return atomic_read(&f->state) >> FM_STATE_END_SHIFT;
}

static inline u64 fm_flow_packets(const struct fm_flow *f)
{
	return atomic64_read(&f->packets);
}

static inline u64 fm_flow_bytes(const struct fm_flow *f)
{
	return atomic64_read(&f->bytes);
}

/* What the target learns from a packet besides its key. */
struct fm_pkt {
	struct fm_flow_key key;
	u32 oif;
	u8 tcp_flags;
	u32 packets;		/* on the wire: a GSO skb is many */
	u32 bytes;
	struct in6_addr nexthop;
};

#endif
