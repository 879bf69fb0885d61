// SPDX-License-Identifier: GPL-2.0
/*
 * The control plane: the "flowmeter" generic netlink family (its commands
 * and attributes are in include/uapi/linux/flowmeter.h). Every command
 * works on the meter of the caller's namespace; changing anything, and
 * reading the flows (who talks to whom), takes CAP_NET_ADMIN there.
 * Settings go through the same setters as the sysctls.
 *
 * The flow dump copies whole hash buckets at a time into a buffer and
 * formats them (fm_table_snapshot()), so a flow is never shown twice; the
 * cursor is the next bucket, and the table's generation, bumped by a
 * flush, marks a dump it interrupted (NLM_F_DUMP_INTR).
 */
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <uapi/linux/flowmeter.h>
#include "compat.h"
#include "config.h"
#include "export.h"
#include "flow_table.h"
#include "genl.h"
#include "nat_events.h"
#include "netns.h"
#include "settings.h"
#include "stats.h"

static struct genl_family fm_genl_family;

/* Settings attributes and the setter each maps to. */
static const struct {
	u16 attr;
	enum fm_setting_id id;
} setting_attrs[] = {
	{ FLOWMETER_A_PROTOCOL, FM_S_PROTOCOL },
	{ FLOWMETER_A_ACTIVE_TIMEOUT, FM_S_ACTIVE_TIMEOUT },
	{ FLOWMETER_A_INACTIVE_TIMEOUT, FM_S_INACTIVE_TIMEOUT },
	{ FLOWMETER_A_MAXFLOWS, FM_S_MAXFLOWS },
	{ FLOWMETER_A_SNDBUF, FM_S_SNDBUF },
	{ FLOWMETER_A_REFRESH_RATE, FM_S_REFRESH_RATE },
	{ FLOWMETER_A_TIMEOUT_RATE, FM_S_TIMEOUT_RATE },
	{ FLOWMETER_A_ENGINE_ID, FM_S_ENGINE_ID },
	{ FLOWMETER_A_NATEVENTS, FM_S_NATEVENTS },
	{ FLOWMETER_A_NAT_QUEUE, FM_S_NAT_QUEUE },
	{ FLOWMETER_A_HOOK_PRIORITY, FM_S_HOOK_PRIORITY },
};

static const struct nla_policy set_policy[FLOWMETER_A_MAX + 1] = {
	/* Ranges are the setters' to check, with the sysctls' bounds. */
	[FLOWMETER_A_PROTOCOL]		= { .type = NLA_U32 },
	[FLOWMETER_A_ACTIVE_TIMEOUT]	= { .type = NLA_U32 },
	[FLOWMETER_A_INACTIVE_TIMEOUT]	= { .type = NLA_U32 },
	[FLOWMETER_A_MAXFLOWS]		= { .type = NLA_U32 },
	[FLOWMETER_A_SNDBUF]		= { .type = NLA_U32 },
	[FLOWMETER_A_REFRESH_RATE]	= { .type = NLA_U32 },
	[FLOWMETER_A_TIMEOUT_RATE]	= { .type = NLA_U32 },
	[FLOWMETER_A_ENGINE_ID]		= { .type = NLA_U32 },
	[FLOWMETER_A_NATEVENTS]		= { .type = NLA_U32 },
	[FLOWMETER_A_NAT_QUEUE]		= { .type = NLA_U32 },
	[FLOWMETER_A_HOOKS]		= NLA_POLICY_MAX(NLA_U32, FM_HOOK_ALL),
	[FLOWMETER_A_HOOK_PRIORITY]	= { .type = NLA_S32 },
	[FLOWMETER_A_HOOK_MARK]		= { .type = NLA_U32 },
	[FLOWMETER_A_HOOK_MASK]		= { .type = NLA_U32 },
	[FLOWMETER_A_DESTINATION]	= { .type = NLA_NUL_STRING, .len = sizeof_field(struct fm_net, dest_str) - 1 },
};

static const struct nla_policy filter_policy[FLOWMETER_FILTER_MAX + 1] = {
	[FLOWMETER_FILTER_FAMILY]	= { .type = NLA_U8 },
	[FLOWMETER_FILTER_SRC]		= { .type = NLA_BINARY, .len = 16 },
	[FLOWMETER_FILTER_SRC_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[FLOWMETER_FILTER_DST]		= { .type = NLA_BINARY, .len = 16 },
	[FLOWMETER_FILTER_DST_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[FLOWMETER_FILTER_PORT]		= { .type = NLA_U16 },
	[FLOWMETER_FILTER_PROTO]	= { .type = NLA_U8 },
	[FLOWMETER_FILTER_IFINDEX]	= { .type = NLA_U32 },
};

static const struct nla_policy flows_policy[FLOWMETER_A_MAX + 1] = {
	[FLOWMETER_A_FILTER]		= NLA_POLICY_NESTED(filter_policy),
};

static int put_u64(struct sk_buff *skb, int type, u64 v, int pad)
{
	return nla_put_u64_64bit(skb, type, v, pad);
}

static int put_settings(struct sk_buff *skb, struct fm_net *fn)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(setting_attrs) && !ret; i++)
		ret = nla_put_u32(skb, setting_attrs[i].attr,
				  fm_setting_get(fn, setting_attrs[i].id));
	if (ret)
		return ret;
	mutex_lock(&fn->lock);
	ret = nla_put_string(skb, FLOWMETER_A_DESTINATION, fn->dest_str);
	mutex_unlock(&fn->lock);
	return ret ?:
	       nla_put_u32(skb, FLOWMETER_A_HOOKS, READ_ONCE(fn->s.hooks)) ?:
	       nla_put_u32(skb, FLOWMETER_A_HOOK_MARK, READ_ONCE(fn->s.hook_mark)) ?:
	       nla_put_u32(skb, FLOWMETER_A_HOOK_MASK, READ_ONCE(fn->s.hook_mask)) ?:
	       nla_put_u32(skb, FLOWMETER_A_HASHSIZE, fn->hashsize);
}

struct figure {
	int type;
	u64 v;
};

/* With the exporter's lock held, as /proc reads them. */
static int put_stats(struct sk_buff *skb, struct fm_net *fn)
{
	const struct fm_exporter *e = fn->exp;
	const struct fm_export_stats *x = &e->stats;
	const struct fm_nat_stats *n = &fn->nat->stats;
	struct fm_table *tbl = READ_ONCE(fn->table);
	struct fm_cpu_stats t;
	struct fm_rates r;
	u64 send_errors = 0;
	struct nlattr *nest;
	unsigned int i;

	fm_stats_sum(fn->stats, &t);
	fm_stats_rates(&fn->rates, &r);
	for (i = 0; i < e->nsocks; i++)
		send_errors += e->socks[i].err_full + e->socks[i].err_unreach +
			       e->socks[i].err_other;
	{
		const struct figure figures[] = {
			{ FLOWMETER_STAT_IN_PACKETS, t.pkts + t.drop_maxflows + t.drop_alloc },
			{ FLOWMETER_STAT_IN_BYTES, t.bytes + t.drop_bytes },
			{ FLOWMETER_STAT_IN_FLOWS, t.new_flows },
			{ FLOWMETER_STAT_METER_PACKETS, t.pkts },
			{ FLOWMETER_STAT_METER_BYTES, t.bytes },
			{ FLOWMETER_STAT_DROP_MAXFLOWS, t.drop_maxflows },
			{ FLOWMETER_STAT_DROP_ALLOC, t.drop_alloc },
			{ FLOWMETER_STAT_DROP_BYTES, t.drop_bytes },
			{ FLOWMETER_STAT_FRAGS, t.frags },
			{ FLOWMETER_STAT_TRUNCATED, t.truncated },
			{ FLOWMETER_STAT_OTHER_L4, t.unknown_l4 },
			{ FLOWMETER_STAT_SEARCHED, t.searched },
			{ FLOWMETER_STAT_FLOWS_ACTIVE, tbl ? fm_table_active(tbl) : 0 },
			{ FLOWMETER_STAT_FLOWS_PEAK, tbl ? fm_table_peak(tbl) : 0 },
			{ FLOWMETER_STAT_RATE_BITS, r.bits },
			{ FLOWMETER_STAT_RATE_PACKETS, r.pkts },
			{ FLOWMETER_STAT_RATE_OUT, x->rate_out },
			{ FLOWMETER_STAT_OUT_PDUS, x->pdus },
			{ FLOWMETER_STAT_OUT_BYTES, x->pdu_bytes },
			{ FLOWMETER_STAT_OUT_FLOWS, x->flows },
			{ FLOWMETER_STAT_OUT_PACKETS, x->packets },
			{ FLOWMETER_STAT_OUT_TRAFFIC, x->traffic },
			{ FLOWMETER_STAT_LOST_PDUS, x->lost_pdus },
			{ FLOWMETER_STAT_LOST_FLOWS, x->lost_flows },
			{ FLOWMETER_STAT_LOST_PACKETS, x->lost_packets },
			{ FLOWMETER_STAT_LOST_BYTES, x->lost_traffic },
			{ FLOWMETER_STAT_TEMPLATES, x->templates_sent },
			{ FLOWMETER_STAT_V5_UNEXPORTABLE, x->flows_unexportable },
			{ FLOWMETER_STAT_ENDED_IDLE, x->flows_by_end[FLOW_END_IDLE] },
			{ FLOWMETER_STAT_ENDED_ACTIVE, x->flows_by_end[FLOW_END_ACTIVE] },
			{ FLOWMETER_STAT_ENDED_FIN, x->flows_by_end[FLOW_END_END_OF_FLOW] },
			{ FLOWMETER_STAT_ENDED_FORCED, x->flows_by_end[FLOW_END_FORCED] },
			{ FLOWMETER_STAT_NAT_CREATED, n->created },
			{ FLOWMETER_STAT_NAT_DELETED, n->deleted },
			{ FLOWMETER_STAT_NAT_EXPORTED, x->nat_exported },
			{ FLOWMETER_STAT_NAT_UNEXPORTABLE, x->nat_unexportable },
			{ FLOWMETER_STAT_NAT_LOST, fm_nat_lost(fn) },
			{ FLOWMETER_STAT_NAT_EXPORT_LOST, x->nat_export_lost },
			{ FLOWMETER_STAT_NAT_MALFORMED, n->malformed },
			{ FLOWMETER_STAT_NAT_RECV_ERRORS, n->recv_errors },
			{ FLOWMETER_STAT_NAT_YIELDS, n->yields },
			{ FLOWMETER_STAT_NAT_QUEUED, fm_nat_queued(fn) },
			{ FLOWMETER_STAT_SEND_ERRORS, send_errors },
		};

		nest = nla_nest_start(skb, FLOWMETER_A_STATS);
		if (!nest)
			return -EMSGSIZE;
		for (i = 0; i < ARRAY_SIZE(figures); i++)
			if (put_u64(skb, figures[i].type, figures[i].v, FLOWMETER_STAT_PAD))
				return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int put_sockets(struct sk_buff *skb, const struct fm_exporter *e)
{
	struct nlattr *all, *one;
	int i;

	all = nla_nest_start(skb, FLOWMETER_A_SOCKETS);
	if (!all)
		return -EMSGSIZE;
	for (i = 0; i < e->nsocks; i++) {
		const struct fm_socket *s = &e->socks[i];
		int alen = s->dest.addr.sa.sa_family == AF_INET ?
			   sizeof(s->dest.addr.in) : sizeof(s->dest.addr.in6);

		one = nla_nest_start(skb, FLOWMETER_A_SOCKET);
		if (!one ||
		    nla_put(skb, FLOWMETER_SOCK_ADDR, alen, &s->dest.addr) ||
		    nla_put_u8(skb, FLOWMETER_SOCK_CONNECTED, s->connected) ||
		    nla_put_u32(skb, FLOWMETER_SOCK_SNDBUF,
				s->sock ? READ_ONCE(s->sock->sk->sk_sndbuf) : 0) ||
		    put_u64(skb, FLOWMETER_SOCK_PDUS, s->pdus, FLOWMETER_SOCK_PAD) ||
		    put_u64(skb, FLOWMETER_SOCK_BYTES, s->bytes, FLOWMETER_SOCK_PAD) ||
		    put_u64(skb, FLOWMETER_SOCK_ERR_FULL, s->err_full, FLOWMETER_SOCK_PAD) ||
		    put_u64(skb, FLOWMETER_SOCK_ERR_UNREACH, s->err_unreach, FLOWMETER_SOCK_PAD) ||
		    put_u64(skb, FLOWMETER_SOCK_ERR_OTHER, s->err_other, FLOWMETER_SOCK_PAD) ||
		    nla_put_s32(skb, FLOWMETER_SOCK_LAST_ERR, s->last_err))
			return -EMSGSIZE;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, all);
	return 0;
}

static int status_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fm_net *fn = fm_net(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &fm_genl_family, 0,
				FLOWMETER_CMD_GET_STATUS);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	ret = put_settings(msg, fn);
	if (!ret) {
		fm_export_lock(fn->exp);
		ret = put_stats(msg, fn) ?: put_sockets(msg, fn->exp);
		fm_export_unlock(fn->exp);
	}
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* The setters' reasons are string literals, as extack keeps them. */
static void refuse(struct netlink_ext_ack *extack, const struct nlattr *attr,
		   const char *why)
{
	if (!extack)
		return;
	extack->_msg = why;
	extack->bad_attr = attr;
}

static int set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fm_net *fn = fm_net(genl_info_net(info));
	struct nlattr **a = info->attrs;
	const char *why = NULL;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(setting_attrs) && !ret; i++) {
		u16 attr = setting_attrs[i].attr;

		if (!a[attr])
			continue;
		ret = fm_setting_set(fn, setting_attrs[i].id,
				     attr == FLOWMETER_A_HOOK_PRIORITY ?
				     (s64)nla_get_s32(a[attr]) : (s64)nla_get_u32(a[attr]),
				     &why);
		if (ret)
			refuse(info->extack, a[attr], why);
	}
	if (!ret && a[FLOWMETER_A_DESTINATION]) {
		ret = fm_set_destinations(fn, nla_data(a[FLOWMETER_A_DESTINATION]), &why);
		if (ret)
			refuse(info->extack, a[FLOWMETER_A_DESTINATION], why);
	}
	if (!ret && (a[FLOWMETER_A_HOOK_MARK] || a[FLOWMETER_A_HOOK_MASK]))
		fm_set_hook_mark(fn,
				 a[FLOWMETER_A_HOOK_MARK] ? nla_get_u32(a[FLOWMETER_A_HOOK_MARK]) :
				 READ_ONCE(fn->s.hook_mark),
				 a[FLOWMETER_A_HOOK_MASK] ? nla_get_u32(a[FLOWMETER_A_HOOK_MASK]) :
				 U32_MAX);
	if (!ret && a[FLOWMETER_A_HOOKS]) {
		ret = fm_set_hook_bits(fn, nla_get_u32(a[FLOWMETER_A_HOOKS]), &why);
		if (ret)
			refuse(info->extack, a[FLOWMETER_A_HOOKS], why);
	}
	if (ret == -ERANGE)
		ret = -EINVAL;
	return ret;
}

static int flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	fm_flush(fm_net(genl_info_net(info)));
	return 0;
}

/* Flows formatted a dump call at a time. */
#define DUMP_BATCH	64
/* The largest flow message: IPv6, every attribute (checked at init). */
#define FLOW_MSG_MAX	256

struct dump_state {
	struct fm_flow_filter filter;
	bool has_filter;
	struct fm_flow_view v[DUMP_BATCH];
};

/* What a dump carries from call to call, in netlink_callback's ctx. */
struct dump_ctx {
	struct dump_state *st;
	struct fm_dump_cursor cursor;
	bool done;
};

static struct dump_ctx *dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct dump_ctx) > sizeof(cb->ctx));
	return (struct dump_ctx *)cb->ctx;
}

static int parse_filter(struct nlattr *nest, struct fm_flow_filter *f,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[FLOWMETER_FILTER_MAX + 1];
	int ret, i;

	ret = nla_parse_nested(tb, FLOWMETER_FILTER_MAX, nest, filter_policy, extack);
	if (ret)
		return ret;
	memset(f, 0, sizeof(*f));
	f->src_len = FM_FILTER_NONE;
	f->dst_len = FM_FILTER_NONE;
	if (tb[FLOWMETER_FILTER_FAMILY]) {
		u8 fam = nla_get_u8(tb[FLOWMETER_FILTER_FAMILY]);

		f->family = fam == AF_INET ? NFPROTO_IPV4 : fam == AF_INET6 ? NFPROTO_IPV6 : 0;
		if (!f->family) {
			NL_SET_ERR_MSG_ATTR(extack, tb[FLOWMETER_FILTER_FAMILY],
					    "family is AF_INET or AF_INET6");
			return -EINVAL;
		}
	}
	if (tb[FLOWMETER_FILTER_SRC]) {
		nla_memcpy(&f->src, tb[FLOWMETER_FILTER_SRC], sizeof(f->src));
		f->src_len = tb[FLOWMETER_FILTER_SRC_LEN] ?
			     nla_get_u8(tb[FLOWMETER_FILTER_SRC_LEN]) :
			     nla_len(tb[FLOWMETER_FILTER_SRC]) * 8;
	}
	if (tb[FLOWMETER_FILTER_DST]) {
		nla_memcpy(&f->dst, tb[FLOWMETER_FILTER_DST], sizeof(f->dst));
		f->dst_len = tb[FLOWMETER_FILTER_DST_LEN] ?
			     nla_get_u8(tb[FLOWMETER_FILTER_DST_LEN]) :
			     nla_len(tb[FLOWMETER_FILTER_DST]) * 8;
	}
	/* An address says its family; one that contradicts the filter's is refused. */
	for (i = FLOWMETER_FILTER_SRC; i <= FLOWMETER_FILTER_DST; i += 2) {
		u8 fam, len;

		if (!tb[i])
			continue;
		fam = nla_len(tb[i]) == 4 ? NFPROTO_IPV4 :
		      nla_len(tb[i]) == 16 ? NFPROTO_IPV6 : 0;
		len = i == FLOWMETER_FILTER_SRC ? f->src_len : f->dst_len;
		if (!fam || (f->family && f->family != fam) ||
		    len > (fam == NFPROTO_IPV4 ? 32 : 128)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[i],
					    "an address is 4 or 16 bytes, of the filter's family, with a prefix length that fits");
			return -EINVAL;
		}
		f->family = fam;
	}
	if (tb[FLOWMETER_FILTER_PORT])
		f->port = htons(nla_get_u16(tb[FLOWMETER_FILTER_PORT]));
	if (tb[FLOWMETER_FILTER_PROTO])
		f->proto = nla_get_u8(tb[FLOWMETER_FILTER_PROTO]);
	if (tb[FLOWMETER_FILTER_IFINDEX])
		f->ifindex = nla_get_u32(tb[FLOWMETER_FILTER_IFINDEX]);
	return 0;
}

static int flows_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = fm_dump_attrs(cb);
	struct dump_ctx *c = dump_ctx(cb);
	struct dump_state *st;
	int ret;

	memset(c, 0, sizeof(*c));
	st = kvzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	if (attrs && attrs[FLOWMETER_A_FILTER]) {
		ret = parse_filter(attrs[FLOWMETER_A_FILTER], &st->filter, cb->extack);
		if (ret) {
			kvfree(st);
			return ret;
		}
		st->has_filter = true;
	}
	c->st = st;
	return 0;
}

static int flows_done(struct netlink_callback *cb)
{
	kvfree(dump_ctx(cb)->st);
	return 0;
}

static int put_addr(struct sk_buff *skb, int type, u8 family, const void *a4,
		    const void *a6)
{
	return family == NFPROTO_IPV4 ? nla_put(skb, type, 4, a4) :
					nla_put(skb, type, 16, a6);
}

static int put_flow(struct sk_buff *skb, const struct fm_flow_view *v,
		    unsigned long now, u64 now_ms)
{
	const struct fm_flow_key *k = &v->key;
	bool v4 = k->family == NFPROTO_IPV4;
	struct nlattr *nest = nla_nest_start(skb, FLOWMETER_A_FLOW);

	if (!nest ||
	    nla_put_u8(skb, FLOWMETER_FLOW_FAMILY, v4 ? AF_INET : AF_INET6) ||
	    put_addr(skb, FLOWMETER_FLOW_SRC, k->family, &k->addr.v4.src, &k->addr.v6.src) ||
	    put_addr(skb, FLOWMETER_FLOW_DST, k->family, &k->addr.v4.dst, &k->addr.v6.dst) ||
	    nla_put_u16(skb, FLOWMETER_FLOW_SPORT, ntohs(k->sport)) ||
	    nla_put_u16(skb, FLOWMETER_FLOW_DPORT, ntohs(k->dport)) ||
	    nla_put_u8(skb, FLOWMETER_FLOW_PROTO, k->proto) ||
	    nla_put_u8(skb, FLOWMETER_FLOW_TOS, k->tos) ||
	    nla_put_u8(skb, FLOWMETER_FLOW_TCP_FLAGS, v->tcp_flags) ||
	    nla_put_u32(skb, FLOWMETER_FLOW_IIF, k->iif) ||
	    nla_put_u32(skb, FLOWMETER_FLOW_OIF, v->oif) ||
	    put_u64(skb, FLOWMETER_FLOW_PACKETS, v->packets, FLOWMETER_FLOW_PAD) ||
	    put_u64(skb, FLOWMETER_FLOW_BYTES, v->bytes, FLOWMETER_FLOW_PAD) ||
	    put_u64(skb, FLOWMETER_FLOW_FIRST_MS,
		    now_ms - jiffies64_to_msecs(now - v->first), FLOWMETER_FLOW_PAD) ||
	    put_u64(skb, FLOWMETER_FLOW_LAST_MS,
		    now_ms - jiffies64_to_msecs(now - v->last), FLOWMETER_FLOW_PAD))
		return -EMSGSIZE;
	if (!ipv6_addr_any(&v->nexthop) &&
	    put_addr(skb, FLOWMETER_FLOW_NEXTHOP, k->family, &v->nexthop, &v->nexthop))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int flows_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct fm_net *fn = fm_net(sock_net(skb->sk));
	struct fm_table *t;
	struct dump_ctx *c = dump_ctx(cb);
	struct dump_state *st = c->st;
	unsigned long now = jiffies;
	u64 now_ms = ktime_to_ms(ktime_get_real());
	unsigned int i, n, room;
	void *hdr;

	if (c->done)
		return 0;
	room = min_t(unsigned int, skb_tailroom(skb) / FLOW_MSG_MAX, DUMP_BATCH);
	if (!room)
		room = 1;
	/* Under RCU: a new hashsize replaces the table (and frees the old). */
	rcu_read_lock();
	t = rcu_dereference(fn->table);
	n = 0;
	if (t) {
		/* A flush or a new table since the first call: interrupted. */
		cb->seq = fm_table_generation(t) + 1;
		n = fm_table_snapshot(t, &c->cursor,
				      st->has_filter ? &st->filter : NULL, st->v, room);
	}
	rcu_read_unlock();
	if (!n) {
		c->done = true;
		return 0;
	}
	for (i = 0; i < n; i++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &fm_genl_family, NLM_F_MULTI, FLOWMETER_CMD_GET_FLOWS);
		if (!hdr)
			goto full;
		genl_dump_check_consistent(cb, hdr);
		if (put_flow(skb, &st->v[i], now, now_ms)) {
			genlmsg_cancel(skb, hdr);
			goto full;
		}
		genlmsg_end(skb, hdr);
	}
	return skb->len;
full:
	/* FLOW_MSG_MAX was wrong: it would lose flows, not just a message. */
	WARN_ONCE(1, "flowmeter: a flow message is larger than %d bytes\n", FLOW_MSG_MAX);
	return skb->len;
}

static const struct genl_ops fm_genl_ops[] = {
	{
		.cmd		= FLOWMETER_CMD_GET_STATUS,
		.doit		= status_doit,
	},
	{
		.cmd		= FLOWMETER_CMD_GET_FLOWS,
		.start		= flows_start,
		.dumpit		= flows_dumpit,
		.done		= flows_done,
		.policy		= flows_policy,
		.maxattr	= FLOWMETER_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOWMETER_CMD_SET,
		.doit		= set_doit,
		.policy		= set_policy,
		.maxattr	= FLOWMETER_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOWMETER_CMD_FLUSH,
		.doit		= flush_doit,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family fm_genl_family __ro_after_init = {
	.name		= FLOWMETER_GENL_NAME,
	.version	= FLOWMETER_GENL_VERSION,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= fm_genl_ops,
	.n_ops		= ARRAY_SIZE(fm_genl_ops),
	.resv_start_op	= FLOWMETER_CMD_FLUSH + 1,
};

int fm_genl_init(void)
{
	return genl_register_family(&fm_genl_family);
}

void fm_genl_exit(void)
{
	genl_unregister_family(&fm_genl_family);
}
