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
 * The listener lives in the initial network namespace, like the export
 * sockets: NAT in other namespaces is not reported.
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
#include "export.h"
#include "netflow.h"
#include "nat.h"

/* Largest ctnetlink event message: well under a page. */
#define NAT_BUFSIZE	8192
/*
 * Datagrams one run of the worker takes before it lets go of the export
 * lock and queues itself again: events can arrive faster than they are
 * exported, and flows must keep expiring, /proc must answer meanwhile.
 */
#define NAT_BUDGET	256

static DEFINE_MUTEX(nat_lock);		/* enable/disable */
static struct socket *nat_sock;
static u8 *nat_buf;
static struct work_struct nat_work;
static u32 drops_base;			/* sk_drops when the socket was opened */
static u64 lost_before;			/* by sockets closed before it */

struct fm_nat_stats fm_nat;
int fm_nat_queue = 4 << 20;

static int nl_setsockopt(struct socket *sock, int opt, int val)
{
	return sock->ops->setsockopt(sock, SOL_NETLINK, opt,
				     KERNEL_SOCKPTR(&val), sizeof(val));
}

/* Atomic context (netlink delivery): only wake the worker. */
static void nat_data_ready(struct sock *sk)
{
	queue_work(fm_export_wq, &nat_work);
}

static const struct nlattr *nested(const struct nlattr *a, int type)
{
	if (!a)
		return NULL;
	return nla_find(nla_data(a), nla_len(a), type);
}

/* CTA_TUPLE_* into addresses and ports; false if it is not all there. */
static bool parse_tuple(const struct nlattr *tuple, u8 family,
			union nf_inet_addr *src, union nf_inet_addr *dst,
			__be16 *sport, __be16 *dport, u8 *proto)
{
	const struct nlattr *ip = nested(tuple, CTA_TUPLE_IP);
	const struct nlattr *l4 = nested(tuple, CTA_TUPLE_PROTO);
	int alen = family == NFPROTO_IPV4 ? 4 : 16;
	const struct nlattr *a, *b;

	a = nested(ip, family == NFPROTO_IPV4 ? CTA_IP_V4_SRC : CTA_IP_V6_SRC);
	b = nested(ip, family == NFPROTO_IPV4 ? CTA_IP_V4_DST : CTA_IP_V6_DST);
	if (!a || !b || nla_len(a) != alen || nla_len(b) != alen)
		return false;
	memset(src, 0, sizeof(*src));
	memset(dst, 0, sizeof(*dst));
	memcpy(src, nla_data(a), alen);
	memcpy(dst, nla_data(b), alen);

	a = nested(l4, CTA_PROTO_NUM);
	if (!a || nla_len(a) < 1)
		return false;
	*proto = nla_get_u8(a);
	*sport = 0;
	*dport = 0;
	a = nested(l4, CTA_PROTO_SRC_PORT);
	b = nested(l4, CTA_PROTO_DST_PORT);
	if (a && b && nla_len(a) == 2 && nla_len(b) == 2) {
		*sport = nla_get_be16(a);
		*dport = nla_get_be16(b);
		return true;
	}
	/* ICMP: the echo identifier is what NAT translates, as a port. */
	a = nested(l4, family == NFPROTO_IPV4 ? CTA_PROTO_ICMP_ID :
						CTA_PROTO_ICMPV6_ID);
	if (a && nla_len(a) == 2)
		*sport = nla_get_be16(a);
	return true;
}

/* One ctnetlink message into one NAT event; false if it is not one. */
static bool parse_event(const struct nlmsghdr *nlh, u64 now_ms,
			struct fm_nat_event *ev)
{
	const struct nfgenmsg *nfg = nlmsg_data(nlh);
	const struct nlattr *attrs, *status, *orig, *reply, *ts;
	union nf_inet_addr rsrc, rdst;
	__be16 rsport, rdport;
	int type = NFNL_MSG_TYPE(nlh->nlmsg_type), len;
	u8 rproto;

	if (NFNL_SUBSYS_ID(nlh->nlmsg_type) != NFNL_SUBSYS_CTNETLINK ||
	    nlmsg_len(nlh) < (int)sizeof(*nfg))
		return false;
	if (type != IPCTNL_MSG_CT_NEW && type != IPCTNL_MSG_CT_DELETE)
		return false;
	if (nfg->nfgen_family != NFPROTO_IPV4 && nfg->nfgen_family != NFPROTO_IPV6)
		return false;
	attrs = nlmsg_attrdata(nlh, sizeof(*nfg));
	len = nlmsg_attrlen(nlh, sizeof(*nfg));

	status = nla_find(attrs, len, CTA_STATUS);
	orig = nla_find(attrs, len, CTA_TUPLE_ORIG);
	reply = nla_find(attrs, len, CTA_TUPLE_REPLY);
	if (!status || nla_len(status) != 4 || !orig || !reply)
		return false;

	memset(ev, 0, sizeof(*ev));
	ev->family = nfg->nfgen_family;
	if (!parse_tuple(orig, ev->family, &ev->src, &ev->dst,
			 &ev->sport, &ev->dport, &ev->proto) ||
	    !parse_tuple(reply, ev->family, &rsrc, &rdst, &rsport, &rdport,
			 &rproto))
		return false;
	fm_nat.parsed++;
	if (!(ntohl(nla_get_be32(status)) & IPS_NAT_MASK))
		return false;

	/* The reply tuple, reversed, is the original one after translation. */
	ev->post_src = rdst;
	ev->post_dst = rsrc;
	ev->post_sport = rdport;
	ev->post_dport = rsport;
	if (ev->proto == IPPROTO_ICMP || ev->proto == IPPROTO_ICMPV6) {
		/* The echo id, in the source port slot of both tuples. */
		ev->post_sport = rsport;
		ev->post_dport = 0;
	}

	if (type == IPCTNL_MSG_CT_NEW) {
		ev->event = NAT_EVENT_CREATE;
		fm_nat.created++;
	} else {
		ev->event = NAT_EVENT_DELETE;
		fm_nat.deleted++;
	}
	/* nf_conntrack_timestamp=1 gives the exact end time; else now. */
	ev->time_ms = now_ms;
	ts = nested(nla_find(attrs, len, CTA_TIMESTAMP), CTA_TIMESTAMP_STOP);
	if (type == IPCTNL_MSG_CT_DELETE && ts && nla_len(ts) == 8)
		ev->time_ms = div_u64(be64_to_cpu(nla_get_be64(ts)), NSEC_PER_MSEC);
	return true;
}

static void parse_datagram(const u8 *buf, int len, u64 now_ms)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	struct fm_nat_event ev;

	for (; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
		fm_nat.messages++;
		if (parse_event(nlh, now_ms, &ev))
			fm_export_nat(&fm_exp, &ev);
	}
	if (len > 0)
		fm_nat.malformed++;
}

/*
 * Take up to @budget queued datagrams and export their events; with
 * fm_exp.lock held. Returns true if the budget ran out before the queue
 * did. The queue empties faster than conntrack fills it, except in bursts,
 * so one PDU carries many events and leaves as soon as the queue is empty.
 */
static bool drain(struct socket *sock, unsigned int budget)
{
	struct kvec iov = { .iov_base = nat_buf, .iov_len = NAT_BUFSIZE };
	struct msghdr msg;
	bool more = true;
	u64 now_ms;
	int len;

	while (budget--) {
		memset(&msg, 0, sizeof(msg));
		len = kernel_recvmsg(sock, &msg, &iov, 1, NAT_BUFSIZE,
				     MSG_DONTWAIT);
		if (len == -EAGAIN) {
			more = false;
			break;
		}
		if (len < 0) {
			fm_nat.recv_errors++;
			more = false;
			break;
		}
		if (msg.msg_flags & MSG_TRUNC) {
			fm_nat.malformed++;
			continue;
		}
		now_ms = ktime_to_ms(ktime_get_real());
		parse_datagram(nat_buf, len, now_ms);
		cond_resched();
	}
	fm_pdu_send(&fm_exp);
	return more;
}

static void nat_work_fn(struct work_struct *w)
{
	bool more = false;

	mutex_lock(&fm_exp.lock);
	if (nat_sock)
		more = drain(nat_sock, NAT_BUDGET);
	if (more)
		fm_nat.yields++;
	mutex_unlock(&fm_exp.lock);
	/* Behind whoever waits for the lock now: the exporter, a reader. */
	if (more)
		queue_work(fm_export_wq, &nat_work);
}

static const int nat_groups[] = {
	NFNLGRP_CONNTRACK_NEW,
	NFNLGRP_CONNTRACK_DESTROY,
};

static int nat_open(void)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct socket *sock;
	int i, ret;

	/* ctnetlink produces the events: load it before subscribing. */
	request_module("nfnetlink-subsys-%d", NFNL_SUBSYS_CTNETLINK);
	ret = sock_create_kern(&init_net, AF_NETLINK, SOCK_RAW,
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
	sock_set_rcvbuf(sock->sk, READ_ONCE(fm_nat_queue) / 2);
	drops_base = atomic_read(&sock->sk->sk_drops);
	write_lock_bh(&sock->sk->sk_callback_lock);
	sock->sk->sk_data_ready = nat_data_ready;
	write_unlock_bh(&sock->sk->sk_callback_lock);

	if (READ_ONCE(fm_protocol) == 5)
		pr_notice(FM_NAME ": natevents: NetFlow v5 has no NAT records; events are counted, not exported (use protocol=9 or 10)\n");
	mutex_lock(&fm_exp.lock);
	nat_sock = sock;
	fm_exp.templates_at = 0;	/* the collector needs the NAT ones */
	mutex_unlock(&fm_exp.lock);

	for (i = 0; i < ARRAY_SIZE(nat_groups); i++) {
		ret = nl_setsockopt(sock, NETLINK_ADD_MEMBERSHIP, nat_groups[i]);
		if (ret < 0) {
			pr_err(FM_NAME ": natevents: cannot subscribe to conntrack events: %d\n",
			       ret);
			return ret;	/* the caller closes */
		}
	}
	return 0;
err:
	sock_release(sock);
	return ret;
}

/* Stop the events first, then export what was queued: nothing is lost. */
static void nat_close(void)
{
	struct socket *sock = nat_sock;
	int i;

	if (!sock)
		return;
	for (i = 0; i < ARRAY_SIZE(nat_groups); i++)
		nl_setsockopt(sock, NETLINK_DROP_MEMBERSHIP, nat_groups[i]);
	cancel_work_sync(&nat_work);
	mutex_lock(&fm_exp.lock);
	/* No new events arrive: the queue is finite. */
	while (drain(sock, NAT_BUDGET))
		;
	lost_before = fm_nat_lost();
	nat_sock = NULL;
	mutex_unlock(&fm_exp.lock);
	sock_release(sock);
}

int fm_nat_set(int on)
{
	int ret = 0;

	mutex_lock(&nat_lock);
	if (on && !nat_sock) {
		WRITE_ONCE(fm_natevents, 1);
		ret = nat_open();
		if (ret < 0) {
			nat_close();
			WRITE_ONCE(fm_natevents, 0);
		}
	} else if (!on && nat_sock) {
		nat_close();
		WRITE_ONCE(fm_natevents, 0);
	}
	mutex_unlock(&nat_lock);
	return ret;
}

void fm_nat_set_queue(int bytes)
{
	mutex_lock(&nat_lock);
	WRITE_ONCE(fm_nat_queue, bytes);
	if (nat_sock)
		sock_set_rcvbuf(nat_sock->sk, bytes / 2);
	mutex_unlock(&nat_lock);
}

/* With fm_exp.lock held, which keeps nat_sock. */
int fm_nat_queued(void)
{
	return nat_sock ? atomic_read(&nat_sock->sk->sk_rmem_alloc) : 0;
}

u64 fm_nat_lost(void)
{
	if (nat_sock)
		fm_nat.lost = lost_before + (u32)(atomic_read(&nat_sock->sk->sk_drops) -
						  drops_base);
	return fm_nat.lost;
}

int fm_nat_init(void)
{
	int ret;

	nat_buf = kmalloc(NAT_BUFSIZE, GFP_KERNEL);
	if (!nat_buf)
		return -ENOMEM;
	INIT_WORK(&nat_work, nat_work_fn);
	if (!fm_natevents)
		return 0;
	ret = fm_nat_set(1);
	if (ret < 0) {
		pr_err(FM_NAME ": natevents=1 failed: %d\n", ret);
		kfree(nat_buf);
		return ret;
	}
	return 0;
}

void fm_nat_exit(void)
{
	fm_nat_set(0);
	kfree(nat_buf);
}
