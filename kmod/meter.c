// SPDX-License-Identifier: GPL-2.0
/*
 * The packet path, for the NETFLOW target and our own netfilter hooks
 * alike: skb -> flow key and wire size here, then fm_table_count(). It
 * never drops or changes a packet.
 *
 * Whatever the packet looks like, it is metered: a non-first fragment or a
 * header cut short gives a key without ports, and each such case is counted
 * in a counter of its own.
 */
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/dsfield.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>
#include "flow_table.h"
#include "meter.h"
#include "stats.h"

/* Bytes of a TCP header we need: ports (4), data offset (12), flags (13). */
#define TCP_NEED	14

/*
 * Ports (or ICMP type/code) and TCP flags of the transport header at @off.
 * Returns the length of the transport header (what each GSO segment
 * repeats), or 0 when there is none we know.
 */
static unsigned int parse_l4(const struct sk_buff *skb, unsigned int off,
			     struct fm_cpu_stats __percpu *st, struct fm_pkt *p)
{
	struct fm_flow_key *k = &p->key;
	u8 buf[TCP_NEED];
	const u8 *h;

	switch (k->proto) {
	case IPPROTO_TCP:
		h = skb_header_pointer(skb, off, TCP_NEED, buf);
		if (likely(h)) {
			memcpy(&k->sport, h, 2);
			memcpy(&k->dport, h + 2, 2);
			/* Byte 13: CWR ECE URG ACK PSH RST SYN FIN. */
			p->tcp_flags = h[13];
			return (h[12] >> 4) * 4;
		}
		/* 4 to 13 bytes: the ports are there, the flags are not. */
		h = skb_header_pointer(skb, off, 4, buf);
		if (!h)
			break;
		memcpy(&k->sport, h, 2);
		memcpy(&k->dport, h + 2, 2);
		fm_stat_inc(st, truncated);
		return 0;
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
		h = skb_header_pointer(skb, off, 4, buf);
		if (!h)
			break;
		memcpy(&k->sport, h, 2);
		memcpy(&k->dport, h + 2, 2);
		return k->proto == IPPROTO_UDP ? sizeof(struct udphdr) : 0;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		h = skb_header_pointer(skb, off, 2, buf);
		if (!h)
			break;
		k->dport = htons(h[0] << 8 | h[1]);
		return 0;
	default:
		fm_stat_inc(st, unknown_l4);
		return 0;
	}
	fm_stat_inc(st, truncated);
	return 0;
}

/*
 * What the wire carried. A GRO or GSO skb is many packets: each repeats
 * the network and transport headers (@hdr bytes, or the inner ones of a
 * tunnel), as the qdisc layer counts them in qdisc_pkt_len_init().
 */
static void wire_size(const struct sk_buff *skb, unsigned int hdr,
		      struct fm_pkt *p)
{
	const struct skb_shared_info *si = skb_shinfo(skb);
	unsigned int segs;

	p->packets = 1;
	p->bytes = skb->len;
	if (!skb_is_gso(skb))
		return;
	if (skb->encapsulation) {
		hdr = skb_inner_transport_offset(skb) - skb_network_offset(skb);
		if (si->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)) {
			u8 buf[TCP_NEED];
			const u8 *th = skb_header_pointer(skb, hdr, TCP_NEED, buf);

			hdr += th ? (th[12] >> 4) * 4 : sizeof(struct tcphdr);
		} else if (si->gso_type & SKB_GSO_UDP_L4) {
			hdr += sizeof(struct udphdr);
		}
	}
	segs = si->gso_segs;
	/* Untrusted sources (virtio, tap) may not say: count as the stack does. */
	if (unlikely((si->gso_type & SKB_GSO_DODGY) || !segs) && si->gso_size)
		segs = skb->len > hdr ? DIV_ROUND_UP(skb->len - hdr, si->gso_size) : 1;
	if (segs > 1) {
		p->packets = segs;
		p->bytes += (segs - 1) * hdr;
	}
}

static void parse_ipv4(const struct sk_buff *skb, const struct net_device *out,
		       struct fm_cpu_stats __percpu *st, struct fm_pkt *p)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct fm_flow_key *k = &p->key;
	unsigned int thoff = ip_hdrlen(skb);

	k->addr.v4.src = iph->saddr;
	k->addr.v4.dst = iph->daddr;
	k->proto = iph->protocol;
	k->tos = iph->tos;
	if (out) {
		const struct rtable *rt = skb_rtable(skb);

		if (rt && rt->rt_gw_family == AF_INET)
			p->nexthop.s6_addr32[0] = rt->rt_gw4;
	}
	if (iph->frag_off & htons(IP_OFFSET)) {
		fm_stat_inc(st, frags);
		wire_size(skb, thoff, p);
		return;
	}
	wire_size(skb, thoff + parse_l4(skb, thoff, st, p), p);
}

#if IS_ENABLED(CONFIG_IPV6)
/* Where an IPv6 header chain ends. */
#define V6_TRUNCATED	(-1)	/* runs past the packet */
#define V6_FRAGMENT	(-2)	/* non-first fragment: no transport header */
#define V6_MAX_EXTHDRS	8

/*
 * Walk the extension headers to the transport header; *proto is the last
 * header named. A non-first fragment ends the walk at its fragment header,
 * whose next header is the fragment's protocol: what follows it belongs to
 * the first fragment's chain and may be anything, so it is not read.
 * Returns the transport header's offset or V6_*.
 */
static int ipv6_l4(const struct sk_buff *skb, u8 *proto)
{
	unsigned int off = skb_network_offset(skb) + sizeof(struct ipv6hdr);
	u8 nh = ipv6_hdr(skb)->nexthdr;
	int i;

	for (i = 0; i < V6_MAX_EXTHDRS; i++) {
		struct frag_hdr buf;	/* the largest fixed part we read */
		const struct frag_hdr *fh;
		const struct ipv6_opt_hdr *h;

		*proto = nh;
		switch (nh) {
		case NEXTHDR_HOP:
		case NEXTHDR_ROUTING:
		case NEXTHDR_DEST:
		case NEXTHDR_AUTH:
			h = skb_header_pointer(skb, off, sizeof(*h), &buf);
			if (!h)
				return V6_TRUNCATED;
			off += nh == NEXTHDR_AUTH ? ipv6_authlen(h) : ipv6_optlen(h);
			nh = h->nexthdr;
			break;
		case NEXTHDR_FRAGMENT:
			fh = skb_header_pointer(skb, off, sizeof(*fh), &buf);
			if (!fh)
				return V6_TRUNCATED;
			if (fh->frag_off & htons(IP6_OFFSET)) {
				*proto = fh->nexthdr;
				return V6_FRAGMENT;
			}
			off += sizeof(*fh);
			nh = fh->nexthdr;
			break;
		default:
			return off;
		}
	}
	*proto = nh;
	return V6_TRUNCATED;
}

static void parse_ipv6(const struct sk_buff *skb, const struct net_device *out,
		       struct fm_cpu_stats __percpu *st, struct fm_pkt *p)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct fm_flow_key *k = &p->key;
	int thoff;

	k->addr.v6.src = ip6h->saddr;
	k->addr.v6.dst = ip6h->daddr;
	k->tos = ipv6_get_dsfield(ip6h);
	if (out) {
		const struct rt6_info *rt = (const struct rt6_info *)skb_dst(skb);

		if (rt && (rt->rt6i_flags & RTF_GATEWAY))
			p->nexthop = rt->rt6i_gateway;
	}
	thoff = ipv6_l4(skb, &k->proto);
	if (thoff >= 0) {
		wire_size(skb, thoff + parse_l4(skb, thoff, st, p), p);
		return;
	}
	if (thoff == V6_FRAGMENT)
		fm_stat_inc(st, frags);
	else
		fm_stat_inc(st, truncated);
	wire_size(skb, sizeof(*ip6h), p);
}
#endif

/* @p arrives zeroed. */
static void parse(const struct sk_buff *skb, u8 family, const struct net_device *in,
		  const struct net_device *out, struct fm_cpu_stats __percpu *st,
		  struct fm_pkt *p)
{
	p->key.family = family;
	p->key.iif = in ? in->ifindex : 0;
	p->oif = out ? out->ifindex : 0;
	if (family == NFPROTO_IPV4)
		parse_ipv4(skb, out, st, p);
#if IS_ENABLED(CONFIG_IPV6)
	else
		parse_ipv6(skb, out, st, p);
#endif
}

/*
 * The per-CPU statistics and the bucket locks need bottom halves off.
 * iptables-legacy calls targets with them off, and so does every softirq;
 * but through nft_compat (Debian's default iptables-nft), and at our own
 * OUTPUT hook, a locally generated packet reaches us in process context
 * with them on, and a softirq on this CPU could then find a bucket locked
 * by the very task it interrupted. Turn them off here whenever nobody has.
 */
void fm_meter(struct fm_table *t, const struct sk_buff *skb, u8 family,
	      const struct net_device *in, const struct net_device *out)
{
	struct fm_cpu_stats __percpu *st = fm_table_stats(t);
	struct fm_pkt p = {};

	if (likely(softirq_count())) {
		parse(skb, family, in, out, st, &p);
		fm_table_count(t, &p);
	} else {
		local_bh_disable();
		parse(skb, family, in, out, st, &p);
		fm_table_count(t, &p);
		local_bh_enable();
	}
}
