// SPDX-License-Identifier: GPL-2.0
/* Address helpers of the decoder and the collector; see addr.h. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "kmod/destination.h"

/* IPv4 by hand: inet_ntop's sprintf per octet was a tenth of the store's write. */
static const char *v4_str(const uint8_t *a, char *buf, size_t len)
{
	char t[16], *p = t;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned int v = a[i];

		if (v >= 100)
			*p++ = '0' + v / 100;
		if (v >= 10)
			*p++ = '0' + v / 10 % 10;
		*p++ = '0' + v % 10;
		*p++ = i < 3 ? '.' : '\0';
	}
	if ((size_t)(p - t) > len)
		return NULL;
	memcpy(buf, t, p - t);
	return buf;
}

const char *fm_addr_str(const struct fm_addr *a, char *buf, size_t len)
{
	if (a->family == AF_INET && v4_str(a->a, buf, len))
		return buf;
	if (!a->family || !inet_ntop(a->family, a->a, buf, len))
		snprintf(buf, len, "-");
	return buf;
}

int fm_addr_parse(const char *s, struct fm_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->a) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a->a) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	return -1;
}

bool fm_addr_eq(const struct fm_addr *a, const struct fm_addr *b)
{
	return a->family == b->family &&
	       !memcmp(a->a, b->a, a->family == AF_INET ? 4 : 16);
}

void fm_addr_from_sockaddr(const struct sockaddr_storage *ss, struct fm_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		a->family = AF_INET;
		memcpy(a->a, &((const struct sockaddr_in *)ss)->sin_addr, 4);
	} else if (ss->ss_family == AF_INET6) {
		const struct in6_addr *a6 = &((const struct sockaddr_in6 *)ss)->sin6_addr;

		/* An IPv4 exporter on a dual-stack socket is an IPv4 exporter. */
		if (IN6_IS_ADDR_V4MAPPED(a6)) {
			a->family = AF_INET;
			memcpy(a->a, a6->s6_addr + 12, 4);
		} else {
			a->family = AF_INET6;
			memcpy(a->a, a6, 16);
		}
	}
}

int fm_cidr_parse(const char *s, struct fm_addr *net, int *prefix)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	long p;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash = 0;
	if (fm_addr_parse(buf, net) < 0)
		return -1;
	p = net->family == AF_INET ? 32 : 128;
	if (slash) {
		long max = p;

		p = strtol(slash + 1, &end, 10);
		if (!slash[1] || *end || p < 0 || p > max)
			return -1;
	}
	*prefix = (int)p;
	return 0;
}

bool fm_addr_in(const struct fm_addr *a, const struct fm_addr *net, int prefix)
{
	int full = prefix / 8, rest = prefix % 8;

	if (a->family != net->family)
		return false;
	if (memcmp(a->a, net->a, full))
		return false;
	return !rest || !((a->a[full] ^ net->a[full]) & (0xff << (8 - rest)));
}

/*
 * The module's destination= grammar (kmod/destination.c, compiled in
 * here, not copied), so that one string means one address to both: what
 * the module sends to, the collector can listen on. An endpoint is one
 * destination without @bind; ":port", no address, is the one thing a
 * listener has that a destination cannot, and stands for @any.
 */
/* "name:port", resolved: the one form the module's grammar has no use for. */
static int resolve_name(const char *ep, struct sockaddr_storage *ss, socklen_t *len,
			char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM,
				  .ai_flags = AI_NUMERICSERV | AI_PASSIVE };
	const char *colon = strrchr(ep, ':');
	struct addrinfo *ai;
	char host[256];
	int ret;

	if (!colon || colon == ep || (size_t)(colon - ep) >= sizeof(host) ||
	    strchr(ep, '[') || memchr(ep, ':', colon - ep)) {
		snprintf(err, errlen, "expected a.b.c.d:port, [v6addr]:port, :port or name:port");
		return -1;
	}
	memcpy(host, ep, colon - ep);
	host[colon - ep] = '\0';
	ret = getaddrinfo(host, colon + 1, &hints, &ai);
	if (ret) {
		snprintf(err, errlen, "%s: %s", host, gai_strerror(ret));
		return -1;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

int fm_endpoint_resolve(const char *ep, const char *any, struct sockaddr_storage *ss,
			socklen_t *len, char *err, size_t errlen)
{
	union fm_sockaddr a;
	char buf[128];

	if (strchr(ep, '@') || strchr(ep, ',')) {
		snprintf(err, errlen, "one address:port, without @bind");
		return -1;
	}
	if (ep[0] == ':' && ep[1] != ':') {
		if (snprintf(buf, sizeof(buf), strchr(any, ':') ? "[%s]%s" : "%s%s",
			     any, ep) >= (int)sizeof(buf)) {
			snprintf(err, errlen, "too long");
			return -1;
		}
		ep = buf;
	}
	if (!fm_hostport_parse(ep, strlen(ep), &a, 0)) {
		/* Not a numeric address with a port: a host name, or wrong. */
		if (strpbrk(ep, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
		    !strchr(ep, '['))
			return resolve_name(ep, ss, len, err, errlen);
		snprintf(err, errlen, "expected a.b.c.d:port, [v6addr]:port, :port or name:port");
		return -1;
	}
	memset(ss, 0, sizeof(*ss));
	*len = a.sa.sa_family == AF_INET ? sizeof(a.in) : sizeof(a.in6);
	memcpy(ss, &a, *len);
	return 0;
}
