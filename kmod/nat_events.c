// SPDX-License-Identifier: GPL-2.0
/*
 * NAT events (natevents=1): one record when conntrack creates a connection
 * it translates (SNAT, MASQUERADE, DNAT, NAT66) and one when it destroys it.
 *
 * Why a netlink listener and not nf_conntrack_register_notifier(): on the
 * kernels we support the conntrack event callback is one slot per network
 * namespace, and ctnetlink (conntrack -E, conntrackd, nft ct helpers) takes
 * it when nf_conntrack_netlink loads. Replacing it and chaining to ctnetlink,
 * as ipt-netflow does, breaks whenever ctnetlink loads or unloads after us:
 * the kernel warns and one of the two silently loses its events. And since
 * 5.19 (nf_conntrack_events=2, the default) the kernel attaches event data to
 * a new connection only while a ctnetlink listener exists, which is why the
 * reference reports nothing on Debian 12 unless `conntrack -E` runs.
 *
 * ctnetlink already turns every event into a multicast message. A socket
 * opened inside the kernel and subscribed to its NEW and DESTROY groups is
 * one more listener: its subscription is what makes the kernel keep event
 * data, it coexists with any number of user-space listeners, and nothing of
 * ours runs on the conntrack path. The socket's receive queue is the bounded
 * queue between conntrack and the exporter; a message that does not fit is
 * dropped by netlink and counted in sk_drops, which /proc shows as lost.
 *
 * Each namespace's meter has its listener, in that namespace, and so hears
 * that namespace's conntrack only.
 */
#include <linux/kernel.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/netlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <flowmeter/wire.h>
#include "compat.h"
#include "config.h"
#include "export.h"
#include "nat_events.h"
#include "netns.h"

/* Largest ctnetlink event message: well under a page. */
#define NAT_BUFSIZE	8192
/*
 * Datagrams one run of the worker takes before it lets go of the export
 * lock and queues itself again: events can arrive faster than they are
 * exported, and flows must keep expiring, /proc must answer meanwhile.
 */
#define NAT_BUDGET	256


static int nl_setsockopt(struct socket *sock, int opt, int val)
{
	return sock->ops->setsockopt(sock, SOL_NETLINK, opt,
				     KERNEL_SOCKPTR(&val), sizeof(val));
}

/* Atomic context (netlink delivery): only wake the worker. */
static void nat_data_ready(struct sock *sk)
{
	struct fm_nat *nat = sk->sk_user_data;

	if (nat)
		fm_export_queue_work(&nat->work);
}

/*
 * What we read of a ctnetlink event, and what it must look like. The
 * messages come from this very kernel, so the parse is liberal about
 * attributes we do not name (the _deprecated parsers: newer kernels add
 * attributes; rejecting a message for one would lose its event), and
 * strict about the lengths of those we use.
 */
static const struct nla_policy ct_policy[CTA_MAX + 1] = {
	[CTA_TUPLE_ORIG]	= { .type = NLA_NESTED },
	[CTA_TUPLE_REPLY]	= { .type = NLA_NESTED },
	[CTA_STATUS]		= { .type = NLA_U32 },
	[CTA_TIMESTAMP]		= { .type = NLA_NESTED },
};

static const struct nla_policy tuple_policy[CTA_TUPLE_MAX + 1] = {
	[CTA_TUPLE_IP]		= { .type = NLA_NESTED },
	[CTA_TUPLE_PROTO]	= { .type = NLA_NESTED },
};

static const struct nla_policy ip_policy[CTA_IP_MAX + 1] = {
	[CTA_IP_V4_SRC]		= NLA_POLICY_EXACT_LEN(4),
	[CTA_IP_V4_DST]		= NLA_POLICY_EXACT_LEN(4),
	[CTA_IP_V6_SRC]		= NLA_POLICY_EXACT_LEN(16),
	[CTA_IP_V6_DST]		= NLA_POLICY_EXACT_LEN(16),
};

static const struct nla_policy proto_policy[CTA_PROTO_MAX + 1] = {
	[CTA_PROTO_NUM]		= { .type = NLA_U8 },
	[CTA_PROTO_SRC_PORT]	= { .type = NLA_U16 },
	[CTA_PROTO_DST_PORT]	= { .type = NLA_U16 },
	[CTA_PROTO_ICMP_ID]	= { .type = NLA_U16 },
	[CTA_PROTO_ICMPV6_ID]	= { .type = NLA_U16 },
};

static const struct nla_policy ts_policy[CTA_TIMESTAMP_MAX + 1] = {
	[CTA_TIMESTAMP_STOP]	= { .type = NLA_U64 },
};

struct nat_tuple {
	union nf_inet_addr src, dst;
	__be16 sport, dport;		/* ICMP: the echo id in sport */
	u8 proto;
};

static void get_addr(union nf_inet_addr *a, const struct nlattr *attr)
{
	memset(a, 0, sizeof(*a));
	memcpy(a, nla_data(attr), nla_len(attr));
}

/* CTA_TUPLE_* into addresses and ports; false if it is not all there. */
static bool parse_tuple(const struct nlattr *tuple, u8 family,
			struct nat_tuple *t)
{
	struct nlattr *tb[CTA_TUPLE_MAX + 1], *ip[CTA_IP_MAX + 1];
	struct nlattr *l4[CTA_PROTO_MAX + 1];
	bool v4 = family == NFPROTO_IPV4;
	int src = v4 ? CTA_IP_V4_SRC : CTA_IP_V6_SRC;
	int dst = v4 ? CTA_IP_V4_DST : CTA_IP_V6_DST;
	int icmp_id = v4 ? CTA_PROTO_ICMP_ID : CTA_PROTO_ICMPV6_ID;

	if (nla_parse_nested_deprecated(tb, CTA_TUPLE_MAX, tuple, tuple_policy, NULL) ||
	    !tb[CTA_TUPLE_IP] || !tb[CTA_TUPLE_PROTO] ||
	    nla_parse_nested_deprecated(ip, CTA_IP_MAX, tb[CTA_TUPLE_IP], ip_policy, NULL) ||
	    nla_parse_nested_deprecated(l4, CTA_PROTO_MAX, tb[CTA_TUPLE_PROTO],
					proto_policy, NULL) ||
	    !ip[src] || !ip[dst] || !l4[CTA_PROTO_NUM])
		return false;
	get_addr(&t->src, ip[src]);
	get_addr(&t->dst, ip[dst]);
	t->proto = nla_get_u8(l4[CTA_PROTO_NUM]);
	t->sport = 0;
	t->dport = 0;
	if (l4[CTA_PROTO_SRC_PORT] && l4[CTA_PROTO_DST_PORT]) {
		t->sport = nla_get_be16(l4[CTA_PROTO_SRC_PORT]);
		t->dport = nla_get_be16(l4[CTA_PROTO_DST_PORT]);
	} else if (l4[icmp_id]) {
		/* ICMP: the echo identifier is what NAT translates, as a port. */
		t->sport = nla_get_be16(l4[icmp_id]);
	}
	return true;
}

/* nf_conntrack_timestamp=1 gives a destroyed connection's exact end. */
static u64 stop_time_ms(const struct nlattr *ts, u64 now_ms)
{
	struct nlattr *tb[CTA_TIMESTAMP_MAX + 1];

	if (!ts || nla_parse_nested_deprecated(tb, CTA_TIMESTAMP_MAX, ts, ts_policy, NULL) ||
	    !tb[CTA_TIMESTAMP_STOP])
		return now_ms;
	return div_u64(be64_to_cpu(nla_get_be64(tb[CTA_TIMESTAMP_STOP])), NSEC_PER_MSEC);
}

/*
 * One ctnetlink message into one NAT event. Returns 1 for an event, 0 for
 * a message that is none of ours (no NAT, another type), -1 if malformed.
 */
static int parse_event(struct fm_nat *nat, const struct nlmsghdr *nlh,
		       u64 now_ms, struct fm_nat_event *ev)
{
	const struct nfgenmsg *nfg = nlmsg_data(nlh);
	int type = NFNL_MSG_TYPE(nlh->nlmsg_type);
	struct nlattr *tb[CTA_MAX + 1];
	struct nat_tuple orig, reply;

	if (NFNL_SUBSYS_ID(nlh->nlmsg_type) != NFNL_SUBSYS_CTNETLINK ||
	    (type != IPCTNL_MSG_CT_NEW && type != IPCTNL_MSG_CT_DELETE))
		return 0;
	if (nlmsg_len(nlh) < (int)sizeof(*nfg))
		return -1;
	if (nfg->nfgen_family != NFPROTO_IPV4 && nfg->nfgen_family != NFPROTO_IPV6)
		return 0;
	if (nlmsg_parse_deprecated(nlh, sizeof(*nfg), tb, CTA_MAX, ct_policy, NULL) ||
	    !tb[CTA_STATUS] || !tb[CTA_TUPLE_ORIG] || !tb[CTA_TUPLE_REPLY] ||
	    !parse_tuple(tb[CTA_TUPLE_ORIG], nfg->nfgen_family, &orig) ||
	    !parse_tuple(tb[CTA_TUPLE_REPLY], nfg->nfgen_family, &reply))
		return -1;
	if (!(ntohl(nla_get_be32(tb[CTA_STATUS])) & IPS_NAT_MASK))
		return 0;

	memset(ev, 0, sizeof(*ev));
	ev->family = nfg->nfgen_family;
	ev->proto = orig.proto;
	ev->src = orig.src;
	ev->dst = orig.dst;
	ev->sport = orig.sport;
	ev->dport = orig.dport;
	/* The reply tuple, reversed, is the original one after translation. */
	ev->post_src = reply.dst;
	ev->post_dst = reply.src;
	ev->post_sport = reply.dport;
	ev->post_dport = reply.sport;
	if (ev->proto == IPPROTO_ICMP || ev->proto == IPPROTO_ICMPV6) {
		/* The echo id, in the source port slot of both tuples. */
		ev->post_sport = reply.sport;
		ev->post_dport = 0;
	}
	if (type == IPCTNL_MSG_CT_NEW) {
		ev->event = NAT_EVENT_CREATE;
		ev->time_ms = now_ms;
		nat->stats.created++;
	} else {
		ev->event = NAT_EVENT_DELETE;
		ev->time_ms = stop_time_ms(tb[CTA_TIMESTAMP], now_ms);
		nat->stats.deleted++;
	}
	return 1;
}

static void parse_datagram(struct fm_nat *nat, int len, u64 now_ms)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)nat->buf;
	struct fm_nat_event ev;
	int ret;

	for (; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
		ret = parse_event(nat, nlh, now_ms, &ev);
		if (ret > 0)
			fm_export_nat(nat->fn->exp, &ev);
		else if (ret < 0)
			nat->stats.malformed++;
	}
	if (len > 0)
		nat->stats.malformed++;
}

/*
 * Take up to @budget queued datagrams and export their events; with
 * the export lock held. Returns true if the budget ran out before the queue
 * did. The queue empties faster than conntrack fills it, except in bursts,
 * so one PDU carries many events and leaves as soon as the queue is empty.
 */
static bool drain(struct fm_nat *nat, unsigned int budget)
{
	struct kvec iov = { .iov_base = nat->buf, .iov_len = NAT_BUFSIZE };
	struct msghdr msg;
	bool more = true;
	u64 now_ms;
	int len;

	while (budget--) {
		memset(&msg, 0, sizeof(msg));
		len = kernel_recvmsg(nat->sock, &msg, &iov, 1, NAT_BUFSIZE,
				     MSG_DONTWAIT);
		if (len == -EAGAIN) {
			more = false;
			break;
		}
		if (len < 0) {
			nat->stats.recv_errors++;
			more = false;
			break;
		}
		if (msg.msg_flags & MSG_TRUNC) {
			nat->stats.malformed++;
			continue;
		}
		now_ms = ktime_to_ms(ktime_get_real());
		parse_datagram(nat, len, now_ms);
		cond_resched();
	}
	fm_export_send_pending(nat->fn->exp);
	return more;
}

static void nat_work_fn(struct work_struct *w)
{
	struct fm_nat *nat = container_of(w, struct fm_nat, work);
	struct fm_exporter *e = nat->fn->exp;
	bool more = false;

	fm_export_lock(e);
	if (nat->sock)
		more = drain(nat, NAT_BUDGET);
	if (more)
		nat->stats.yields++;
	/* A flood keeps the lock busy: the flows' timeouts still hold. */
	fm_export_scan_if_due(e);
	fm_export_unlock(e);
	/* Behind whoever waits for the lock now: the exporter, a reader. */
	if (more)
		fm_export_queue_work(&nat->work);
}

static const int nat_groups[] = {
	NFNLGRP_CONNTRACK_NEW,
	NFNLGRP_CONNTRACK_DESTROY,
};

/*
 * Subscribe, then publish the socket to the worker. Events that arrive in
 * between wait in the queue, and the worker is woken once published. On
 * failure nothing is left behind.
 */
static int nat_open(struct fm_nat *nat, bool load)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct fm_exporter *e = nat->fn->exp;
	struct socket *sock;
	int i, ret;

	/* ctnetlink produces the events: load it before subscribing. */
	if (load)
		fm_nat_preload();
	ret = sock_create_kern(nat->fn->net, AF_NETLINK, SOCK_RAW,
			       NETLINK_NETFILTER, &sock);
	if (ret < 0)
		return ret;
	/* A port id of our own: port 0 is the kernel, skipped by broadcasts. */
	ret = fm_kernel_bind(sock, &addr, sizeof(addr));
	if (ret < 0)
		goto err;
	/* Losses are counted in sk_drops, never reported as an error. */
	ret = nl_setsockopt(sock, NETLINK_NO_ENOBUFS, 1);
	if (ret < 0)
		goto err;
	sock_set_rcvbuf(sock->sk, READ_ONCE(nat->fn->s.nat_queue) / 2);
	write_lock_bh(&sock->sk->sk_callback_lock);
	sock->sk->sk_user_data = nat;
	sock->sk->sk_data_ready = nat_data_ready;
	write_unlock_bh(&sock->sk->sk_callback_lock);
	nat->drops_base = atomic_read(&sock->sk->sk_drops);
	for (i = 0; i < ARRAY_SIZE(nat_groups); i++) {
		ret = nl_setsockopt(sock, NETLINK_ADD_MEMBERSHIP, nat_groups[i]);
		if (ret < 0) {
			pr_err("natevents: cannot subscribe to conntrack events: %d\n",
			       ret);
			goto err;
		}
	}

	if (READ_ONCE(nat->fn->s.protocol) == NF5_VERSION)
		pr_notice("natevents: NetFlow v5 has no NAT records; events are counted, not exported (use protocol=9 or 10)\n");
	fm_export_lock(e);
	nat->sock = sock;
	fm_export_resend_templates(e);	/* the collector needs the NAT ones */
	fm_export_unlock(e);
	fm_export_queue_work(&nat->work);
	return 0;
err:
	/* Releasing the socket drops its memberships. */
	sock_release(sock);
	cancel_work_sync(&nat->work);
	return ret;
}

/* Stop the events first, then export what was queued: nothing is lost. */
static void nat_close(struct fm_nat *nat)
{
	struct fm_exporter *e = nat->fn->exp;
	struct socket *sock = nat->sock;
	int i;

	if (!sock)
		return;
	for (i = 0; i < ARRAY_SIZE(nat_groups); i++)
		nl_setsockopt(sock, NETLINK_DROP_MEMBERSHIP, nat_groups[i]);
	cancel_work_sync(&nat->work);
	fm_export_lock(e);
	/* No new events arrive: the queue is finite. */
	while (drain(nat, NAT_BUDGET))
		;
	nat->lost_before = fm_nat_lost(nat->fn);
	nat->sock = NULL;
	fm_export_unlock(e);
	sock_release(sock);
}

/*
 * A module loaded here registers pernet operations of its own: never from
 * a namespace's init, which holds pernet_ops_rwsem (a hang until the load
 * times out). The module's init calls this before registering ours.
 */
void fm_nat_preload(void)
{
	request_module("nfnetlink-subsys-%d", NFNL_SUBSYS_CTNETLINK);
}

static int nat_set(struct fm_net *fn, int on, bool load)
{
	struct fm_nat *nat = fn->nat;
	int ret = 0;

	mutex_lock(&nat->lock);
	if (on && !nat->sock) {
		WRITE_ONCE(fn->s.natevents, 1);
		ret = nat_open(nat, load);
		if (ret < 0)
			WRITE_ONCE(fn->s.natevents, 0);
	} else if (!on && nat->sock) {
		nat_close(nat);
		WRITE_ONCE(fn->s.natevents, 0);
	}
	mutex_unlock(&nat->lock);
	return ret;
}

int fm_nat_set(struct fm_net *fn, int on)
{
	return nat_set(fn, on, true);
}

void fm_nat_set_queue(struct fm_net *fn, int bytes)
{
	struct fm_nat *nat = fn->nat;

	mutex_lock(&nat->lock);
	WRITE_ONCE(fn->s.nat_queue, bytes);
	if (nat->sock)
		sock_set_rcvbuf(nat->sock->sk, bytes / 2);
	mutex_unlock(&nat->lock);
}

int fm_nat_queued(const struct fm_net *fn)
{
	const struct fm_nat *nat = fn->nat;

	return nat->sock ? atomic_read(&nat->sock->sk->sk_rmem_alloc) : 0;
}

/* By closed sockets, and the open one. */
u64 fm_nat_lost(const struct fm_net *fn)
{
	const struct fm_nat *nat = fn->nat;

	if (!nat->sock)
		return nat->lost_before;
	return nat->lost_before +
	       (u32)(atomic_read(&nat->sock->sk->sk_drops) - nat->drops_base);
}

int fm_nat_net_init(struct fm_net *fn)
{
	struct fm_nat *nat = kzalloc(sizeof(*nat), GFP_KERNEL);
	int ret;

	if (!nat)
		return -ENOMEM;
	nat->buf = kmalloc(NAT_BUFSIZE, GFP_KERNEL);
	if (!nat->buf) {
		kfree(nat);
		return -ENOMEM;
	}
	nat->fn = fn;
	mutex_init(&nat->lock);
	INIT_WORK(&nat->work, nat_work_fn);
	fn->nat = nat;
	if (!fn->s.natevents)
		return 0;
	ret = nat_set(fn, 1, false);
	if (ret < 0) {
		pr_err("natevents=1 failed: %d\n", ret);
		fn->nat = NULL;
		kfree(nat->buf);
		kfree(nat);
		return ret;
	}
	return 0;
}

void fm_nat_net_exit(struct fm_net *fn)
{
	struct fm_nat *nat = fn->nat;

	if (!nat)
		return;
	fm_nat_set(fn, 0);
	fn->nat = NULL;
	kfree(nat->buf);
	kfree(nat);
}
