/* SPDX-License-Identifier: GPL-2.0 */
/* Addresses as records carry them, and the endpoints the tools listen on. */
#ifndef FM_ADDR_H
#define FM_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include "record.h"

/* "192.0.2.1" / "2001:db8::1" into @buf (INET6_ADDRSTRLEN bytes); "-" if none. */
const char *fm_addr_str(const struct fm_addr *a, char *buf, size_t len);
int fm_addr_parse(const char *s, struct fm_addr *a);
bool fm_addr_eq(const struct fm_addr *a, const struct fm_addr *b);
/* A datagram's source; an IPv4-mapped IPv6 address is IPv4. */
void fm_addr_from_sockaddr(const struct sockaddr_storage *ss, struct fm_addr *a);
struct fm_cidr {
	struct fm_addr net;
	int prefix;
};

/* "net/len" (or a bare address: a host); 0 or -1. */
int fm_cidr_parse(const char *s, struct fm_addr *net, int *prefix);
bool fm_addr_in(const struct fm_addr *a, const struct fm_addr *net, int prefix);

/*
 * A local endpoint to bind: "a.b.c.d:port" or "[v6]:port", read by the
 * module's own destination grammar (kmod/destination.c), so the two accept
 * the same addresses; ":port" for @any, the caller's default address; and,
 * as Go's net package takes them in rkosegi's configurations,
 * "hostname:port", which only userspace can resolve. The port is required.
 * 0, or -1 with the reason in @err.
 */
int fm_endpoint_resolve(const char *ep, const char *any, struct sockaddr_storage *ss,
			socklen_t *len, char *err, size_t errlen);

#endif
