/* SPDX-License-Identifier: GPL-2.0 */
/* One UDP socket per destination; every PDU goes to each. */
#ifndef FM_SOCKET_H
#define FM_SOCKET_H

#include <linux/limits.h>
#include <linux/types.h>
#include "destination.h"

/* sndbuf= and net.netflow.sndbuf: the kernel keeps twice this in an int. */
#define FM_SNDBUF_MAX	(INT_MAX / 2)

struct socket;

struct fm_socket {
	struct fm_dest dest;
	struct socket *sock;
	bool connected;
	bool stalled;			/* a wait for buffer space ran out */
	unsigned int mtu;		/* path MTU when last connected */
	u64 pdus;			/* sent */
	u64 bytes;
	u64 err_full;			/* socket buffer full: PDU lost here */
	u64 err_unreach;		/* ICMP unreachable, no route */
	u64 err_other;
	u64 connect_attempts;
	int last_err;
};

struct net;
/* A UDP socket in @net connected to @d; not being connected yet is no error. */
int fm_socket_open(struct net *net, struct fm_socket *s, const struct fm_dest *d,
		   int sndbuf);
void fm_socket_close(struct fm_socket *s);
bool fm_socket_poll_error(struct fm_socket *s);
int fm_socket_send(struct fm_socket *s, const void *buf, size_t len);
void fm_socket_set_sndbuf(struct fm_socket *s, int bytes);

#endif
