// SPDX-License-Identifier: GPL-2.0
/*
 * Export sockets. Each lives in the network namespace of the meter it
 * exports for, and is connected so that ICMP errors come back to us as
 * send errors.
 *
 * Sending runs in process context, so a full send buffer is waited for,
 * up to SEND_WAIT_MS a PDU: a flush of the whole table or an unload, which
 * make PDUs far faster than a link drains them, then loses nothing. A
 * socket whose wait ran out is written without waiting until a send goes
 * through again, so a path that does not drain at all costs one wait, not
 * one per PDU; what it cannot take is counted as lost by the exporter.
 */
#include <linux/errno.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/uio.h>
#include <net/dst.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include "compat.h"
#include "socket.h"

#define SEND_WAIT_MS	100

static int addr_len(const union fm_sockaddr *a)
{
	return a->sa.sa_family == AF_INET ? sizeof(a->in) : sizeof(a->in6);
}

/*
 * As setsockopt(SO_SNDBUF) would, doubled for bookkeeping like it; callers
 * keep @bytes at most FM_SNDBUF_MAX, so the double fits an int.
 */
static void set_sndbuf(struct sock *sk, int bytes)
{
	lock_sock(sk);
	sk->sk_userlocks |= SOCK_SNDBUF_LOCK;
	WRITE_ONCE(sk->sk_sndbuf, max_t(int, bytes * 2, SOCK_MIN_SNDBUF));
	sk->sk_write_space(sk);
	release_sock(sk);
}

static void socket_connect(struct fm_socket *s)
{
	struct dst_entry *dst;
	int ret;

	s->connect_attempts++;
	ret = fm_kernel_connect(s->sock, &s->dest.addr.sa, addr_len(&s->dest.addr), 0);
	if (ret < 0) {
		s->last_err = ret;
		return;
	}
	s->connected = true;
	dst = sk_dst_get(s->sock->sk);
	s->mtu = dst ? dst_mtu(dst) : 1500;
	dst_release(dst);
}

/* A device or VRF of the namespace; routes are then looked up through it. */
static int bind_dev(struct net *net, struct socket *sock, const char *name)
{
	struct net_device *dev = dev_get_by_name(net, name);
	int ret;

	if (!dev) {
		pr_err("export socket: no device %s in this namespace\n", name);
		return -ENODEV;
	}
	ret = sock_bindtoindex(sock->sk, dev->ifindex, true);
	dev_put(dev);
	if (ret < 0)
		pr_err("cannot bind export socket to device %s: %d\n", name, ret);
	return ret;
}

int fm_socket_open(struct net *net, struct fm_socket *s, const struct fm_dest *d,
		   int sndbuf)
{
	int ret;

	memset(s, 0, sizeof(*s));
	s->dest = *d;
	ret = sock_create_kern(net, d->addr.sa.sa_family, SOCK_DGRAM,
			       IPPROTO_UDP, &s->sock);
	if (ret < 0)
		return ret;
	if (sndbuf)
		set_sndbuf(s->sock->sk, sndbuf);
	s->sock->sk->sk_sndtimeo = msecs_to_jiffies(SEND_WAIT_MS);
	/* The device first: an address of a VRF is only known inside it. */
	if (d->dev[0]) {
		ret = bind_dev(net, s->sock, d->dev);
		if (ret < 0) {
			sock_release(s->sock);
			s->sock = NULL;
			return ret;
		}
	}
	if (d->has_bind) {
		ret = fm_kernel_bind(s->sock, &d->bind.sa, addr_len(&d->bind));
		if (ret < 0) {
			pr_err("cannot bind export socket to %pISc: %d\n",
			       &d->bind.sa, ret);
			sock_release(s->sock);
			s->sock = NULL;
			return ret;
		}
	}
	/* No route yet is not fatal: sending tries again. */
	socket_connect(s);
	return 0;
}

void fm_socket_close(struct fm_socket *s)
{
	if (s->sock)
		sock_release(s->sock);
	s->sock = NULL;
}

void fm_socket_set_sndbuf(struct fm_socket *s, int bytes)
{
	if (s->sock && bytes)
		set_sndbuf(s->sock->sk, bytes);
}

static void count_error(struct fm_socket *s, int err)
{
	s->last_err = err;
	if (err == -EAGAIN || err == -ENOBUFS)
		s->err_full++;
	else if (err == -ECONNREFUSED || err == -EHOSTUNREACH ||
		 err == -ENETUNREACH)
		s->err_unreach++;
	else
		s->err_other++;
}

/*
 * An ICMP error for an earlier PDU is kept on the socket and would fail
 * the next send. Take it before a PDU is built, so that PDU is sent and
 * carries templates for a collector that may have just come back.
 */
bool fm_socket_poll_error(struct fm_socket *s)
{
	int err;

	if (!s->sock)
		return false;
	err = sock_error(s->sock->sk);
	if (!err)
		return false;
	count_error(s, err);
	return true;
}

/*
 * Returns 0 when the PDU went out, else the error: -EAGAIN when the send
 * buffer stayed full, an unreachable error when the collector is not there
 * (then whatever it gets next must start with templates).
 */
int fm_socket_send(struct fm_socket *s, const void *buf, size_t len)
{
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	struct kvec vec = { .iov_base = (void *)buf, .iov_len = len };
	int ret;

	if (!s->connected) {
		socket_connect(s);
		if (!s->connected) {
			s->err_other++;
			return -ENOTCONN;
		}
	}
	if (s->stalled)
		msg.msg_flags |= MSG_DONTWAIT;
	ret = kernel_sendmsg(s->sock, &msg, &vec, 1, len);
	if (ret == len) {
		s->stalled = false;
		s->pdus++;
		s->bytes += len;
		return 0;
	}
	if (ret >= 0)
		ret = -EMSGSIZE;	/* datagrams go whole or not at all */
	/* A wait that ran out, or a signal (rmmod's own task): stop waiting. */
	if (ret == -EAGAIN || ret == -ERESTARTSYS || ret == -EINTR) {
		s->stalled = true;
		ret = -EAGAIN;
	}
	count_error(s, ret);
	return ret;
}
