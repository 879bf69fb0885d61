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
 * A local endpoint to bind, written as one of the module's destination=
 * (a.b.c.d[:port], [v6][:port] or a bare v6 address; port 2055 if none)
 * or as ":port" for @any, the caller's default address. 0, or -1 with the
 * reason in @err.
 */
int fm_endpoint_resolve(const char *ep, const char *any, struct sockaddr_storage *ss,
			socklen_t *len, char *err, size_t errlen);

#endif
