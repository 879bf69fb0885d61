// SPDX-License-Identifier: GPL-2.0
/*
 * skb -> flow key. Whatever the packet looks like, it is metered: a
 * non-first fragment or a header cut short gives a key without ports, and
 * each such case is counted in a counter of its own.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter/x_tables.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/dsfield.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>
#include "flow.h"
#include "netflow.h"

/* Ports (or ICMP type/code) and TCP flags of the transport header at @off. */
static void parse_l4(const struct sk_buff *skb, unsigned int off,
		     struct fm_pkt *p)
{
	struct fm_flow_key *k = &p->key;
	union {
		struct tcphdr tcp;
		__be16 ports[2];
		u8 icmp[2];
	} buf;
	const void *h;

	switch (k->proto) {
	case IPPROTO_TCP:
		h = skb_header_pointer(skb, off, sizeof(struct tcphdr), &buf);
		if (!h)
			break;
		k->sport = ((const struct tcphdr *)h)->source;
		k->dport = ((const struct tcphdr *)h)->dest;
		/* Byte 13 of the header: CWR ECE URG ACK PSH RST SYN FIN. */
		p->tcp_flags = ((const u8 *)h)[13];
		return;
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
		h = skb_header_pointer(skb, off, 4, &buf);
		if (!h)
			break;
		k->sport = ((const __be16 *)h)[0];
		k->dport = ((const __be16 *)h)[1];
		return;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		h = skb_header_pointer(skb, off, 2, &buf);
		if (!h)
			break;
		k->dport = htons(((const u8 *)h)[0] << 8 | ((const u8 *)h)[1]);
		return;
	default:
		fm_stat_inc(unknown_l4);
		return;
	}
	fm_stat_inc(truncated);
}

static void parse_ipv4(const struct sk_buff *skb,
		       const struct xt_action_param *par, struct fm_pkt *p)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct fm_flow_key *k = &p->key;

	k->addr.v4.src = iph->saddr;
	k->addr.v4.dst = iph->daddr;
	k->proto = iph->protocol;
	k->tos = iph->tos;
	if (xt_out(par)) {
		const struct rtable *rt = skb_rtable(skb);

		if (rt && rt->rt_gw_family == AF_INET)
			p->nexthop.s6_addr32[0] = rt->rt_gw4;
	}
	if (iph->frag_off & htons(IP_OFFSET)) {
		fm_stat_inc(frags);
		return;
	}
	parse_l4(skb, ip_hdrlen(skb), p);
}

static void parse_ipv6(const struct sk_buff *skb,
		       const struct xt_action_param *par, struct fm_pkt *p)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct fm_flow_key *k = &p->key;
	unsigned int thoff = 0;
	unsigned short fragoff = 0;
	int flags = 0, proto;

	k->addr.v6.src = ip6h->saddr;
	k->addr.v6.dst = ip6h->daddr;
	k->tos = ipv6_get_dsfield(ip6h);
	if (xt_out(par)) {
		const struct rt6_info *rt = (const struct rt6_info *)skb_dst(skb);

		if (rt && (rt->rt6i_flags & RTF_GATEWAY))
			p->nexthop = rt->rt6i_gateway;
	}
	proto = ipv6_find_hdr(skb, &thoff, -1, &fragoff, &flags);
	if (proto < 0) {
		/* Extension headers run past the packet. */
		k->proto = ip6h->nexthdr;
		fm_stat_inc(truncated);
		return;
	}
	k->proto = proto;
	if ((flags & IP6_FH_F_FRAG) && fragoff) {
		fm_stat_inc(frags);
		return;
	}
	parse_l4(skb, thoff, p);
}

void fm_parse(const struct sk_buff *skb, const struct xt_action_param *par,
	      struct fm_pkt *p)
{
	const struct net_device *in = xt_in(par), *out = xt_out(par);

	memset(p, 0, sizeof(*p));
	p->key.family = xt_family(par);
	p->key.iif = in ? in->ifindex : 0;
	p->oif = out ? out->ifindex : 0;
	if (p->key.family == NFPROTO_IPV4)
		parse_ipv4(skb, par, p);
	else
		parse_ipv6(skb, par, p);
}
