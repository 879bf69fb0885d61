// SPDX-License-Identifier: GPL-2.0
/*
 * The NETFLOW xtables target and the packet path: skb -> flow key here,
 * then fm_table_count() in flow_table.c. It never drops or changes a packet:
 * it meters and returns XT_CONTINUE, so it can sit anywhere in a chain.
 *
 * Whatever the packet looks like, it is metered: a non-first fragment or a
 * header cut short gives a key without ports, and each such case is counted
 * in a counter of its own.
 */
#include <linux/atomic.h>
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
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

DEFINE_PER_CPU(struct fm_cpu_stats, fm_stats);

/* ip6tables rules using the target: protocol 5 cannot be chosen while > 0. */
atomic_t fm_ipv6_rules = ATOMIC_INIT(0);

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

/* @p arrives zeroed. */
static void parse(const struct sk_buff *skb, const struct xt_action_param *par,
		  struct fm_pkt *p)
{
	const struct net_device *in = xt_in(par), *out = xt_out(par);

	p->key.family = xt_family(par);
	p->key.iif = in ? in->ifindex : 0;
	p->oif = out ? out->ifindex : 0;
	if (p->key.family == NFPROTO_IPV4)
		parse_ipv4(skb, par, p);
	else
		parse_ipv6(skb, par, p);
}

static unsigned int netflow_tg(struct sk_buff *skb,
			       const struct xt_action_param *par)
{
	struct fm_pkt p = {};

	parse(skb, par, &p);
	fm_table_count(skb, &p);
	return XT_CONTINUE;
}

static int netflow_tg_check(const struct xt_tgchk_param *par)
{
	/* The nat table sees only a connection's first packet. */
	if (strcmp(par->table, "nat") == 0) {
		pr_info_ratelimited(FM_NAME ": NETFLOW is not valid in the nat table\n");
		return -EINVAL;
	}
	if (par->family == NFPROTO_IPV6) {
		if (READ_ONCE(fm_protocol) == 5) {
			pr_info_ratelimited(FM_NAME ": ip6tables NETFLOW needs protocol 9 or 10; NetFlow v5 cannot carry IPv6\n");
			return -EINVAL;
		}
		atomic_inc(&fm_ipv6_rules);
	}
	return 0;
}

static void netflow_tg_destroy(const struct xt_tgdtor_param *par)
{
	if (par->family == NFPROTO_IPV6)
		atomic_dec(&fm_ipv6_rules);
}

static struct xt_target netflow_tg_reg[] __read_mostly = {
	{
		.name		= "NETFLOW",
		.revision	= 0,
		.family		= NFPROTO_IPV4,
		.target		= netflow_tg,
		.checkentry	= netflow_tg_check,
		.destroy	= netflow_tg_destroy,
		.me		= THIS_MODULE,
	},
	{
		.name		= "NETFLOW",
		.revision	= 0,
		.family		= NFPROTO_IPV6,
		.target		= netflow_tg,
		.checkentry	= netflow_tg_check,
		.destroy	= netflow_tg_destroy,
		.me		= THIS_MODULE,
	},
};

int fm_target_init(void)
{
	return xt_register_targets(netflow_tg_reg, ARRAY_SIZE(netflow_tg_reg));
}

void fm_target_exit(void)
{
	xt_unregister_targets(netflow_tg_reg, ARRAY_SIZE(netflow_tg_reg));
}
