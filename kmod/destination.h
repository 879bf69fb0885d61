/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing of the destination= list. Kept free of kernel-only calls beyond
 * address parsing so the same file is unit-tested in userspace.
 */
#ifndef FM_DESTINATION_H
#define FM_DESTINATION_H

#ifdef __KERNEL__
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/socket.h>
#include <linux/types.h>
#else
#include <linux/types.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>
#endif

#define FM_MAX_DESTINATIONS	16
#define FM_DEFAULT_PORT		2055

union fm_sockaddr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

#define FM_IFNAMSIZ		16	/* IFNAMSIZ, in both worlds */

struct fm_dest {
	union fm_sockaddr addr;		/* collector */
	union fm_sockaddr bind;		/* local source, if has_bind */
	bool has_bind;
	char dev[FM_IFNAMSIZ];		/* bound device or VRF, "" for none */
};

/*
 * Parse "a.b.c.d[:port][@bind][%dev],[v6][:port][@bind][%dev],..." into
 * @out; %dev (VyOS writes it) binds the socket to a device, a VRF's too.
 * Returns the number of destinations, or -1 with *@err naming the fault.
 */
int fm_dest_parse(const char *s, struct fm_dest *out, int max,
		  const char **err);

/*
 * One "a.b.c.d[:port]" or "[v6addr][:port]" of @len bytes, the grammar of a
 * destination without @bind; an absent port is @default_port, and 0 makes
 * the port required. The tools read their listening endpoints with it.
 */
bool fm_hostport_parse(const char *s, unsigned int len, union fm_sockaddr *a,
		       __u16 default_port);

#endif
